"""Inputs that used to be read as something else without a word: each is now read correctly
or refused with a message saying why."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli
from critmin.ruletests.runner import run_rule_tests


def write_case(tmp_path, expect: str):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "t.yaml").write_text(f"cases:\n  - name: typo\n    expect:\n      nickel:\n{expect}")
    return tests


def test_excluding_a_signal_no_rule_concludes_fails(tmp_path):
    tests = write_case(tmp_path, "        signals_exclude: [severe_shortfal, easily_sourced]\n")
    (case,) = run_rule_tests(tests_dir=tests).failed
    (failure,) = case.failures
    assert (failure.expected, failure.got) == ("no signal severe_shortfal", "no rule concludes it")
    assert "did you mean 'severe_shortfall'" in failure.explanation
    assert failure.explanation.endswith("this expectation could never fail")
    result = CliRunner().invoke(cli, ["test", "--tests", str(tests)])
    assert result.exit_code == 1 and "FAIL  typo" in result.output
    assert "expected no signal severe_shortfal, got no rule concludes it" in result.output


def test_excluding_a_lever_no_rule_concludes_fails(tmp_path, rules_copy):
    levers = rules_copy / "levers.yaml"
    text = levers.read_text()
    start = text.index("  - id: recycle_where_no_mines")
    end = text.find("\n  - id: ", start + 1)
    levers.write_text(text[:start] + (text[end + 1:] if end > 0 else ""))
    tests = write_case(tmp_path, "        levers_exclude: [recycling, tariff]\n")
    (case,) = run_rule_tests(rules_dir=rules_copy, tests_dir=tests).failed
    (failure,) = case.failures
    assert (failure.expected, failure.got) == ("no lever recycling", "no rule concludes it")


def test_a_percentage_stays_a_share_and_is_saved_as_written(tmp_path):
    from critmin.assumptions.overrides import Percent, parse_value
    from critmin.assumptions.scenarios import load_scenario
    from critmin.assumptions.session import WhatIfSession

    value = parse_value("45%")
    assert isinstance(value, Percent) and value == 0.45 and str(value) == "45%"
    session = WhatIfSession()
    session.set("nickel.producers.Indonesia=45%")
    path = session.save(tmp_path / "shares.yaml", lambda _q: False)
    assert "nickel.producers.Indonesia: 45%" in path.read_text()
    (override,) = load_scenario(path).overrides
    assert override.value == 0.45


def test_a_percentage_for_tonnes_is_refused_in_every_interface(tmp_path):
    from critmin.assumptions.session import WhatIfSession
    from critmin.errors import OverrideError

    result = CliRunner().invoke(cli, ["whatif", "--set", "nickel.us.supply_2035_t=50%"])
    assert result.exit_code == 2 and "'50%' is a percentage" in result.output
    with pytest.raises(OverrideError):
        WhatIfSession().set("nickel.us.projected_addition_2035_t=50%")
