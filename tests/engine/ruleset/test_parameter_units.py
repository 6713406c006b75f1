"""Parameters declare a unit: an override it cannot take is refused; outside the documented range, noted."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from critmin.assumptions.inputs import load
from critmin.assumptions.overrides import range_notes
from critmin.cli.app import cli
from critmin.errors import OverrideError, RuleError
from critmin.ruleset.loading import load_rules


def test_every_shipped_parameter_declares_a_unit(rules):
    assert all(p.unit for p in rules.params.values())
    assert rules.params["severe_shortfall_min"].unit == "share"
    assert rules.params["reserves_short_years"].unit == "years"


@pytest.mark.parametrize("setting, fragment", [
    ("params.severe_shortfall_min=2", "a share must be between 0 and 1, got 2"),
    ("params.severe_shortfall_min=-1", "a share must be between 0 and 1, got -1"),
    ("params.severe_shortfall_min=150%", "a share must be between 0 and 1, got 1.5"),
    ("params.reserves_short_years=-1", "a number of years cannot be negative"),
    ("params.fast_growth_min=0", "a growth multiple must be positive"),
    ("params.fast_growth_min=fast", "expected a number, got 'fast'"),
])
def test_an_override_outside_the_unit_is_refused(setting, fragment):
    with pytest.raises(OverrideError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        load(overrides=[setting])
    result = CliRunner().invoke(cli, ["score", "--set", setting])
    assert result.exit_code == 2 and fragment in result.output and "Traceback" not in result.output


def test_an_override_outside_the_documented_range_is_accepted_with_a_note(rules):
    assert range_notes(["params.severe_shortfall_min=0.8", "params.major_shortfall_min=0.6"], rules) == [
        "params.severe_shortfall_min=0.8 is outside the documented range of params.severe_shortfall_min: [0.85, 0.95]"]
    result = CliRunner().invoke(cli, ["score", "--set", "params.severe_shortfall_min=80%", "--mineral", "nickel"])
    assert result.exit_code == 0 and "note: params.severe_shortfall_min=0.8 is outside" in result.output


def test_a_scenario_setting_a_share_to_two_is_refused(tmp_path):
    scenario = tmp_path / "too_much.yaml"
    scenario.write_text("name: too_much\ndescription: x\nsource: analyst\nset:\n  params.severe_shortfall_min: 2\n")
    result = CliRunner().invoke(cli, ["whatif", "--scenario", str(scenario)])
    assert result.exit_code == 2 and "a share must be between 0 and 1" in result.output


def test_a_parameter_file_checks_units(rules_copy):
    path = rules_copy / "parameters.yaml"
    text = path.read_text()
    path.write_text(text.replace("  value: 0.90\n  unit: share", "  value: 9\n  unit: share", 1))
    with pytest.raises(RuleError, match="a share must be between 0 and 1, got 9"):
        load_rules(rules_copy)
    path.write_text(text.replace("  unit: share\n", "  unit: shares\n", 1))
    with pytest.raises(RuleError, match="unknown unit 'shares' \\(did you mean 'share'\\?\\)"):
        load_rules(rules_copy)


def test_a_parameter_without_a_unit_still_loads(rules_copy):
    path = rules_copy / "parameters.yaml"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if not line.startswith("  unit:")))
    assert load_rules(rules_copy).params["severe_shortfall_min"].unit is None
