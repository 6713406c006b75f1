"""critmin ask / explain / chat through click's CliRunner, with exact exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import critmin
from critmin.cli.app import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("question, mineral", [("why is nickel top priority?", "nickel"),
                                               ("为什么镍是最高优先级？", "nickel"),
                                               ("alumnium", "aluminum"), ("那钴呢？", "cobalt")])
def test_ask_json(question, mineral):
    result = run("ask", question, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["mineral"] == mineral and data["tier"] == critmin.assess()[mineral].tier
    assert data["tiers"] == {mineral: data["tier"]} and data["answer"] and data["explanation"]


def test_ask_text_and_unquoted_words():
    result = run("ask", "why", "isn't", "graphite", "very", "high?")
    assert result.exit_code == 0
    assert result.output.startswith("Graphite is high, not very high.")


@pytest.mark.parametrize("question", ["", "asdf qwer zxcv uiop", "why is unobtainium very high?", "/rules",
                                      "what if it rained?", "\x00\x01", "x" * 5000])
def test_ask_always_answers_and_exits_0(question):
    result = run("ask", question)
    assert result.exit_code == 0, result.output
    assert result.output.strip() and "Traceback" not in result.output


def test_ask_with_overrides_and_language():
    result = run("ask", "why is nickel very high?", "--set", "nickel.us.supply_2035_t=100000",
                 "--format", "json", "--lang", "zh")
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["tier"] == "high" and data["language"] == "zh"
    assert "镍" in data["answer"] and "假设值" in data["answer"]  # the assumed value, cited as such


@pytest.mark.parametrize("args, code, fragment", [
    (["ask", "rank", "--facts", "/nonexistent/dir"], 2, "not a directory"),
    (["ask", "rank", "--set", "params.nope=1"], 2, "unknown parameter"),
    (["ask", "rank", "--format", "xml"], 1, "Invalid value"),
    (["explain", "kryptonite"], 2, "unknown mineral"),
    (["explain", "nickel", "--why-not", "extreme"], 1, "is not a tier"),
    (["chat", "--facts", "/nonexistent/dir"], 2, "not a directory"),
])
def test_errors(args, code, fragment):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert fragment in result.output and "Traceback" not in result.output


def test_explain_text_and_json():
    result = run("explain", "Ni")
    assert result.exit_code == 0 and "Table 5, nickel" in result.output
    result = run("explain", "graphite", "--why-not", "very high", "--format", "json")
    data = json.loads(result.output)
    assert data["tier"] == "high" and data["why_not"]["tier"] == "very_high"
    assert data["why"]["concluded_by"][0]["rule"] in {t.rule for t in critmin.assess()["graphite"].trace}


def test_explain_chinese_tier_and_what_it_takes():
    result = run("explain", "钴", "--take", "高", "--lang", "zh")
    assert result.exit_code == 0
    assert "钴（Co）：优先级很高" in result.output and "从很高变为高" in result.output


def test_chat_answers_piped_questions_with_context():
    lines = "why is nickel top priority?\nand cobalt?\n那锂呢？\n/quit\nrank\n"
    result = CliRunner().invoke(cli, ["chat"], input=lines)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Nickel is very high" in out and "Following on from the previous question." in out
    assert "Cobalt is very high" in out and "锂的优先级是高，不是很高" in out  # "why is lithium top priority?"
    assert "Score = " not in out  # nothing is answered after /quit
