"""Answer first on the command line and in the chat: ask --detail, explain, score --lang, and the
chat on the real prompt-toolkit application (follow-ups, "more", /why)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import critmin
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.repl import build_session
from critmin.cli.app import cli
from tests.helpers.answer_checks import display_rows, english_in_chinese, opening, wrong_marks


def run(*args: str, **options):
    return CliRunner().invoke(cli, list(args), **options)


def test_ask_answers_first_and_detail_adds_the_derivation():
    short = run("ask", "why is nickel top priority?")
    assert short.exit_code == 0 and short.output.startswith("Nickel is very high")
    assert display_rows(opening(short.output)) <= 8 and "✓" not in short.output
    full = run("ask", "why is nickel top priority?", "--detail")
    assert full.output.startswith(short.output.splitlines()[0]) and "✓ signal severe_shortfall" in full.output
    assert "Sources:" in full.output and 'Say "show the reasoning"' not in full.output


def test_explain_leads_with_the_answer_then_the_derivation():
    out = run("explain", "nickel").output
    lines = out.splitlines()
    rule = next(t.rule for t in critmin.assess()["nickel"].firings("tier"))
    assert lines[0].startswith("Nickel is very high") and f"Why: rule {rule} concluded very high" in out
    assert out.index("Why (rule") < out.index("✓ signal") < out.index("Sources:")


def test_explain_why_not_leads_with_the_why_not():
    out = run("explain", "graphite", "--why-not", "very high").output
    assert out.splitlines()[0] == "Graphite is high, not very high."
    assert out.index("would need") < out.index("Why Graphite is high, not very high:") < out.index("Why: rule")


def test_explain_json_keeps_its_keys_and_adds_the_structured_comparisons():
    data = json.loads(run("explain", "graphite", "--why-not", "very high", "--take", "medium", "--format",
                          "json").output)
    assert {"mineral", "tier", "why", "why_not", "what_would_it_take"} <= set(data)
    rule = data["why_not"]["rules"][0]
    assert rule["because"] == "" and rule["unmet"] and {"subject", "value", "op", "threshold", "holds"} <= set(
        rule["unmet"][0])
    assert data["why"]["standing"]["rank"] >= 1


def test_score_in_chinese_and_json_the_same_in_every_language():
    zh = run("score", "--lang", "zh")
    assert zh.exit_code == 0 and zh.output.splitlines()[0].split()[:3] == ["矿产", "优先级", "得分"]
    assert english_in_chinese(zh.output) == []
    assert "镍" in zh.output and "很高" in zh.output
    assert run("score", "--format", "json", "--lang", "zh").output == run("score", "--format", "json").output
    assert run("score").output.splitlines()[0].startswith("mineral")


def test_ask_in_json_gives_the_lever_explanation():
    data = json.loads(run("ask", "why no tariff for nickel?", "--format", "json").output)
    assert data["intent"] == "why_lever" and data["explanation"]["lever"]["gets"] is False
    assert "graphite" in data["explanation"]["lever"]["others"]
    assert data["explanation"]["lever"]["missing"][0]["because"] == ""


def test_piped_chat_with_a_forced_language_and_detail():
    lines = "why is nickel top priority?\nwhat if Indonesia became an ally?\nand the Philippines?\n"
    result = run("chat", "--lang", "zh", input=lines)
    assert result.exit_code == 0 and english_in_chinese(result.output) == []
    assert "镍的优先级为很高" in result.output and "菲律宾的阵营" in result.output
    detailed = run("chat", "--detail", input="why is zinc low?\nwhat would it take for zinc to be very high?\n").output
    assert "✓" in detailed and wrong_marks(detailed) == []  # no tick beside a false comparison


def chat_with(*chunks: str):
    with create_pipe_input() as pipe:
        for chunk in chunks:
            pipe.send_text(chunk)
        session = build_session(Knowledge(), input=pipe, output=DummyOutput(), history=False)
        session.run()
    return [(user, shown) for user, shown in session.transcript if user]


def test_the_chat_application_answers_first_and_expands_on_request():
    shown = chat_with("why is nickel top priority?\n", "more\n", "/why\n", "/why cobalt\n",
                      "为什么镍没有关税？\n", "那钴呢？\n", "\x04")
    replies = dict(shown)
    assert replies["why is nickel top priority?"].startswith("Nickel is very high")
    assert "✓ signal severe_shortfall" in replies["more"] and "✓ signal severe_shortfall" in replies["/why"]
    assert replies["/why cobalt"].startswith("Cobalt is very high") and "✓ signal" in replies["/why cobalt"]
    assert replies["为什么镍没有关税？"].startswith("镍不适用关税")
    assert "钴不适用关税" in replies["那钴呢？"] and english_in_chinese(replies["那钴呢？"]) == []


def test_the_chat_follows_a_what_if_with_another_country():
    shown = dict(chat_with("what if Indonesia became an ally?\n", "and the Philippines?\n", "/quit\n"))
    reply = shown["and the Philippines?"]
    assert reply.startswith("(Following on: what if Philippines became an ally?)")
    assert "countries.Philippines.alignment: partner → ally" in reply
    tiers = critmin.assess(overrides=["countries.Philippines.alignment=ally"])
    assert all(f"{a.name}: tier" not in reply or a.tier for a in tiers.values())
