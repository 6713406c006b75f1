"""Every mistake in a slash command gets its message and the command's usage; names are read as
the chat reads them; diffs say exactly what changed."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from prompt_toolkit.input import DummyInput
from prompt_toolkit.output import DummyOutput

from critmin.assistant.knowledge import Knowledge
from critmin.assistant.repl import build_session
from critmin.cli.app import cli
from critmin.io.shipped import shipped_dir


@pytest.fixture(scope="module")
def chat():
    return build_session(Knowledge(), input=DummyInput(), output=DummyOutput(), history=False)


@pytest.mark.parametrize("line, fragments", [
    ("/rules first", ["unknown rule 'first' (did you mean 'first_task'?)", "usage: /rules [RULE_ID]"]),
    ("/facts unobtainium", ["unknown mineral 'unobtainium' (did you mean 'niobium'", "usage: /facts MINERAL"]),
    ("/facts", ["usage: /facts MINERAL"]),
    ("/why nickel cobalt", ["/why takes one mineral", "usage: /why MINERAL"]),
    ("/rank now", ["/rank takes no argument", "usage: /rank"]),
    ("/set params.severe_shortfall_min=2", ["a share must be between 0 and 1", "usage: /set KEY=VALUE"]),
    ("/set nickel.us.suply_2035_t=1", ["did you mean 'us.supply_2035_t'", "usage: /set KEY=VALUE"]),
    ("/set rules=/nonexistent-rules", ["not a directory of rule files", "usage: /set KEY=VALUE"]),
    ("/scenario nosuch", ["unknown scenario 'nosuch'", "usage: /scenario NAME|FILE"]),
    ("/save /nonexistent-dir/case.yaml", ["error:", "usage: /save FILE"]),
    ("/unset nothing_set", ["'nothing_set' is not set", "usage: /unset KEY"]),
    ("/diff unobtainium", ["no overrides set"]),
    ("/lang fr", ["usage: /lang en|zh|auto"]),
])
def test_a_mistake_gets_a_message_and_the_usage(chat, line, fragments):
    reply = chat.handle(line)
    assert "internal error" not in reply
    for fragment in fragments:
        assert fragment in reply, reply


def test_a_misspelt_mineral_is_read_with_a_note(chat):
    reply = chat.handle("/facts nikel")
    assert reply.startswith("(Reading 'nikel' as Nickel.)") and "Table 5, nickel" in reply


def test_a_note_when_a_parameter_leaves_its_documented_range():
    chat = build_session(Knowledge(), input=DummyInput(), output=DummyOutput(), history=False)
    reply = chat.handle("/set params.severe_shortfall_min=0.8")
    assert "note: params.severe_shortfall_min=0.8 is outside the documented range" in reply


def test_explain_reads_a_misspelling_as_the_chat_does():
    result = CliRunner().invoke(cli, ["explain", "nikel"])
    assert result.exit_code == 0 and "(Reading 'nikel' as Nickel.)" in result.output
    assert "Nickel is very high: score" in result.output  # the answer first, about nickel
    unknown = CliRunner().invoke(cli, ["explain", "unobtainium"])
    assert unknown.exit_code == 2 and "did you mean 'niobium' or 'titanium'" in unknown.output


def test_did_you_mean_names_each_mineral_once():
    result = CliRunner().invoke(cli, ["facts", "Nikcel"])
    hint = re.search(r"\(did you mean (.*?)\?\)", result.output).group(1)
    assert hint == "'nickel'"


@pytest.fixture(scope="module")
def renamed_rules(tmp_path_factory):
    target = tmp_path_factory.mktemp("renamed") / "rules"
    shutil.copytree(shipped_dir("rules"), target)
    levers = target / "levers.yaml"
    levers.write_text(levers.read_text().replace("id: tariff_on_adversary_supply", "id: tariff_against_adversaries"))
    return target


def test_a_diff_says_the_concluding_rules_of_a_lever_changed(renamed_rules):
    result = CliRunner().invoke(cli, ["diff", "--rules-b", str(renamed_rules), "--mineral", "graphite"])
    assert ("~ lever changed: tariff (concluding rules: tariff_against_adversaries (started), "
            "tariff_on_adversary_supply (stopped))") in result.output
    assert "partners - → -" not in result.output


def test_the_chat_summary_names_what_moved_underneath(renamed_rules):
    chat = build_session(Knowledge(), input=DummyInput(), output=DummyOutput(), history=False)
    reply = chat.handle(f"/set rules={renamed_rules}")
    assert "graphite: lever tariff: concluding rules: tariff_against_adversaries (started)" in reply
    assert "only  moved" not in reply
