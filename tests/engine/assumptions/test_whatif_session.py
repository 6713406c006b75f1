"""The what-if session and its chat commands (/set, /unset, /scenario, /reset, /diff, /save)."""

from __future__ import annotations

import os

import pytest

from critmin.assistant.whatif_commands import COMMANDS, completions
from critmin.assumptions.scenarios import load_scenario
from critmin.assumptions.session import WhatIfSession
from critmin.io.shipped import shipped_dir

NICKEL = "nickel.us.projected_addition_2035_t=700000"
CMD = {c.name: c.run for c in COMMANDS}


def never(question: str) -> bool:
    raise AssertionError(f"unexpected question: {question}")


@pytest.fixture()
def session():
    return WhatIfSession()


def test_set_reports_what_moved_and_why(session):
    text = CMD["set"](session, NICKEL, never)
    assert text.startswith(f"set {NICKEL}\n  nickel: tier very_high → low (limited_import_need (started), "
                           "first_task (stopped)")
    assert session.results()["nickel"].tier == "low"
    assert [str(o) for o in session.overrides] == [NICKEL]


def test_a_bad_set_leaves_the_session_unchanged(session):
    CMD["set"](session, NICKEL, never)
    text = CMD["set"](session, "countries.Indonesia.alignment=alley", never)
    assert text == ("error: countries.Indonesia.alignment: expected one of ally, partner, neutral, adversary, "
                    "got 'alley' (did you mean 'ally'?)\nusage: /set KEY=VALUE [KEY=VALUE ...]")
    assert [str(o) for o in session.overrides] == [NICKEL]
    assert CMD["set"](session, "rules=/nonexistent", never).startswith("error: /nonexistent: not a directory")


def test_set_several_and_list_them(session):
    CMD["set"](session, "params.severe_shortfall_min=0.95 'countries.DR Congo.nationalism_risk=high'", never)
    listing = CMD["set"](session, "", never)
    assert listing == ("  params.severe_shortfall_min=0.95  (--set)\n"
                       "  countries.DR Congo.nationalism_risk=high  (--set)")
    assert CMD["set"](WhatIfSession(), "", never) == "no overrides set: the session is at the baseline"


def test_a_later_setting_of_a_key_replaces_the_earlier(session):
    session.set("params.severe_shortfall_min=0.99", NICKEL)
    session.set("Params.severe_shortfall_min=0.9")
    assert [str(o) for o in session.overrides] == [NICKEL, "Params.severe_shortfall_min=0.9"]


def test_unset_and_reset(session):
    CMD["set"](session, NICKEL, never)
    assert "did you mean 'nickel.us.projected_addition_2035_t'" in CMD["unset"](
        session, "nickel.us.projected_addition_2035", never)
    text = CMD["unset"](session, "NICKEL.us.projected_addition_2035_t", never)
    assert text.startswith(f"unset {NICKEL}\n  nickel: tier low → very_high")
    assert session.overrides == []
    assert CMD["unset"](session, "", never).startswith("error: usage: /unset KEY")
    CMD["scenario"](session, "producer_escalation", never)
    text = CMD["reset"](session, "", never)
    assert text.startswith("reset: 8 override(s) dropped\n") and "\n  nickel: score -2.0\n" in text
    assert session.results() is session.baseline()


def test_scenario_lists_and_applies(session):
    listing = CMD["scenario"](session, "", never).splitlines()
    assert len(listing) == 6 and listing[3].split()[0] == "indonesia_ally"
    text = CMD["scenario"](session, "indonesia_ally", never)
    assert text.startswith("scenario indonesia_ally: Indonesia becomes a US ally")
    assert "nickel: score -1.3" in text  # alignment moves the risk score, not the tier
    assert session.scenarios == ["indonesia_ally"]
    assert "did you mean 'indonesia_ally'" in CMD["scenario"](session, "indonesia_aly", never)


def test_diff_shows_the_session_against_the_baseline(session):
    assert CMD["diff"](session, "", never) == "no overrides set: the session is at the baseline"
    CMD["set"](session, NICKEL, never)
    CMD["scenario"](session, "guinea_bauxite_controls", never)
    text = CMD["diff"](session, "", never)
    assert text.startswith(f"session against baseline: {NICKEL}; scenario guinea_bauxite_controls")
    assert "- tier rule stopped first_task (very_high)" in text and "aluminum: tier low (unchanged)" in text
    only = CMD["diff"](session, "Ni", never)
    assert "aluminum" not in only and "nickel: tier very_high → low" in only


def test_whatif_questions_do_not_change_the_session(session):
    session.set(NICKEL)
    d = session.whatif(["params.import_dependent_min=0.01"])
    assert d.a == "session" and d.tier_changes["nickel"] == ("low", "high")
    assert [str(o) for o in session.overrides] == [NICKEL]


def test_save_writes_a_scenario_atomically_and_asks_before_overwriting(session, tmp_path):
    assert CMD["save"](session, str(tmp_path / "case.yaml"), never).startswith("error: nothing to save")
    CMD["scenario"](session, "indonesia_ally", never)
    CMD["set"](session, NICKEL, never)
    target = tmp_path / "case.yaml"
    assert CMD["save"](session, str(target), never) == f"saved 2 override(s) to {target}"
    saved = load_scenario(target)
    assert [str(o) for o in saved.overrides] == ["countries.Indonesia.alignment=ally", NICKEL]
    assert saved.note == "Built on the scenarios indonesia_ally."
    questions = []
    session.set("params.severe_shortfall_min=0.95")
    assert CMD["save"](session, str(target), lambda q: questions.append(q) or False) == "not saved"
    assert questions == [f"{target} exists. Overwrite it?"]
    assert len(load_scenario(target).overrides) == 2
    assert CMD["save"](session, str(target), lambda q: True) == f"saved 3 override(s) to {target}"
    assert len(load_scenario(target).overrides) == 3
    assert os.listdir(tmp_path) == ["case.yaml"]


def test_save_refuses_bad_names_and_shipped_places(session, tmp_path):
    session.set(NICKEL)
    assert "lower_case_with_underscores.yaml" in CMD["save"](session, str(tmp_path / "MyCase.yaml"), never)
    assert CMD["save"](session, "", never) == "error: usage: /save FILE (e.g. /save my_case.yaml)"
    text = CMD["save"](session, str(shipped_dir("facts") / "scenarios" / "mine.yaml"), never)
    assert "refusing to write inside the shipped facts directory" in text
    assert CMD["save"](session, str(tmp_path / "plain"), never) == f"saved 1 override(s) to {tmp_path / 'plain.yaml'}"


def test_directory_overrides_in_a_session(session, rules_copy):
    rules = rules_copy
    generic = "when: import_dependent and not easily_sourced\n    then: {tier: medium}"
    (rules / "tiers.yaml").write_text((rules / "tiers.yaml").read_text().replace(
        generic, generic.replace("medium", "high")))
    text = CMD["set"](session, f"rules={rules}", never)
    assert ("copper: tier medium → high (import_gap_hard_to_source (started), "
            "import_gap_hard_to_source (stopped))") in text
    assert session.diff().inputs[0].name == "rule.import_gap_hard_to_source"


def test_commands_are_documented_and_complete(session):
    assert [c.name for c in COMMANDS] == ["set", "unset", "scenario", "reset", "diff", "save"]
    for command in COMMANDS:
        assert command.usage.startswith(f"/{command.name}") and command.summary
    words = completions(session)
    assert "nickel.us.projected_addition_2035_t" in words and "guinea_bauxite_controls" in words


def test_adopt_applies_overrides_without_scoring_the_baseline():
    fresh = WhatIfSession()
    fresh.adopt("nickel.us.projected_addition_2035_t=700000")
    assert fresh.results()["nickel"].tier == "low"
    assert fresh._baseline is None  # no diff was asked for, so no baseline run
    assert "nickel" not in fresh.set("params.severe_shortfall_min=0.95").tier_changes
