"""The whatif, diff, scenarios and test commands through click, with exact exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_whatif_names_the_rules():
    result = run("whatif", "--set", "nickel.us.projected_addition_2035_t=700000")
    assert result.exit_code == 0, result.output
    assert "nickel: tier very_high → low; score 86.9 → 11.9 (-75.0)" in result.stdout
    assert "- tier rule stopped first_task (very_high)" in result.stdout
    assert "+ tier rule started limited_import_need (low)" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table"])
def test_whatif_formats(fmt):
    result = run("whatif", "--scenario", "guinea_bauxite_controls", "--format", fmt, "--mineral", "Al")
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["overrides"] == ["scenario guinea_bauxite_controls"]
        assert [m["mineral"] for m in data["minerals"]] == ["aluminum"]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows[0]["change"] == "input" and rows[0]["item"] == "aluminum.producers.Guinea"
        assert (rows[0]["before"], rows[0]["after"]) == ("0.2889", "0")
    elif fmt == "markdown":
        assert "| mineral | change | item | before | after | rules |" in result.stdout
    else:
        assert "aluminum: tier low (unchanged)" in result.stdout


def test_whatif_scenario_file_and_set_together(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\ndescription: d\nsource: s\nset: {params.severe_shortfall_min: 0.99}\n")
    result = run("whatif", "--scenario", str(path), "--set", "params.severe_shortfall_min=0.9",
                 "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["minerals"] == []  # the later --set restores the baseline


@pytest.mark.parametrize("args, code, message", [
    ((), 1, "give at least one --set KEY=VALUE or --scenario NAME"),
    (("--set", "nickel.us.suply_2035_t=1"), 2, "did you mean 'us.supply_2035_t'"),
    (("--set", "nickel"), 2, "expected KEY=VALUE"),
    (("--scenario", "indonesia_aly"), 2, "did you mean 'indonesia_ally'"),
    (("--set", "params.a=1", "--format", "xml"), 1, "Invalid value for '--format'"),
    (("--set", "params.severe_shortfall_min=0.5", "--mineral", "unobtainium"), 2, "unknown mineral"),
])
def test_whatif_errors(args, code, message):
    result = run("whatif", *args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_diff_two_rule_sets(rules_copy):
    tiers = rules_copy / "tiers.yaml"
    tiers.write_text(tiers.read_text().replace("then: {tier: medium}", "then: {tier: high}"))
    result = run("diff", "--rules-b", str(rules_copy))
    assert result.exit_code == 0, result.output
    assert "rule.import_gap_hard_to_source" in result.stdout
    assert "copper: tier medium → high" in result.stdout
    assert result.stdout.startswith(f"B (facts: shipped, rules: {rules_copy}) against A (facts: shipped, "
                                    "rules: shipped)")


def test_diff_two_fact_sets_and_b_only_overrides(facts_copy):
    facts_b = facts_copy
    nickel = facts_b / "nickel.yaml"
    nickel.write_text(nickel.read_text().replace("    value: 0\n", "    value: 700000\n", 1)
                      .replace("range: [0, 20000]", "range: [0, 800000]")
                      .replace("    value: 8000\n    unit: t\n    source: report\n    ref: \"Table 5, nickel, total",
                               "    value: 708000\n    unit: t\n    source: report\n    ref: \"Table 5, nickel, total")
                      .replace("range: [8000, 28000]", "range: [8000, 808000]")
                      .replace("value: -92.75", "value: -0.0593"))
    result = run("diff", "--facts-b", str(facts_b), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["minerals"][0]["tier"]["before"] == "very_high" and data["minerals"][0]["tier"]["after"] == "low"
    result = run("diff", "--set-b", "params.severe_shortfall_min=0.99", "--set", "countries.Indonesia.alignment=ally")
    assert result.exit_code == 0
    assert "(B) params.severe_shortfall_min=0.99" in result.stdout
    assert "nickel: tier very_high → high" in result.stdout


@pytest.mark.parametrize("args, code, message", [
    ((), 1, "give what run B changes"),
    (("--rules-b", "/nonexistent/rules"), 2, "not a directory of rule files"),
    (("--scenario-b", "nope"), 2, "unknown scenario 'nope'"),
    (("--set", "rules=/tmp", "--set-b", "params.severe_shortfall_min=0.5"), 1, "--set applies to both runs"),
])
def test_diff_errors(args, code, message):
    result = run("diff", *args)
    assert result.exit_code == code and message in result.output


def test_scenarios_lists_one_line_each():
    result = run("scenarios")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["scenario", "overrides", "description"]
    names = [line.split()[0] for line in lines[2:]]
    assert names == ["battery_chemistry_shift", "environmental_review_delays", "guinea_bauxite_controls",
                     "indonesia_ally", "producer_escalation", "slow_transition"]
    data = json.loads(run("scenarios", "--format", "json").stdout)
    assert data[3]["set"] == {"countries.Indonesia.alignment": "ally"}


def test_scenarios_shows_one():
    result = run("scenarios", "indonesia_ally")
    assert result.exit_code == 0
    assert "source: Report Table 6" in result.stdout and "countries.Indonesia.alignment  ally" in result.stdout


def test_scenarios_refuses_an_invalid_scenario(facts_copy):
    facts = facts_copy
    (facts / "scenarios" / "broken.yaml").write_text(
        "name: broken\ndescription: d\nsource: s\nset:\n  countries.Indonesia.alignment: alley\n")
    result = run("scenarios", "--facts", str(facts))
    assert result.exit_code == 2
    assert f"{facts / 'scenarios' / 'broken.yaml'}:5: countries.Indonesia.alignment: expected one of" in result.output
    (facts / "scenarios" / "broken.yaml").write_text("name: broken\ndescripton: d\n")
    result = run("scenarios", "--facts", str(facts))
    assert result.exit_code == 2 and "did you mean 'description'" in result.output


def test_test_command_passes_on_the_shipped_rules():
    result = run("test")
    assert result.exit_code == 0, result.output
    assert "  PASS  tier_nickel" in result.stdout and ", 0 failed (" in result.stdout


def test_test_command_fails_on_a_broken_tier_rule(rules_copy):
    tiers = rules_copy / "tiers.yaml"
    rule = "when: not import_dependent\n"
    broken = tiers.read_text().replace(rule, rule.replace("\n", " and surging_demand\n"))
    tiers.write_text(broken)
    result = run("test", "--rules", str(rules_copy))
    assert result.exit_code == 1
    # molybdenum has its own rule (ample capacity), so only zinc loses its tier
    assert "  FAIL  tier_zinc" in result.stdout and "  PASS  tier_molybdenum" in result.stdout
    assert "zinc: expected tier low, got unrated" in result.stdout
    assert "zinc is unrated, not low." in result.stdout
    data = json.loads(run("test", "--rules", str(rules_copy), "--format", "json").stdout)
    assert data["failed"] >= 1


def test_test_command_on_an_invalid_test_file(rules_copy):
    (rules_copy / "tests" / "bad.yaml").write_text("cases:\n  - name: x\n    expect: {nickel: {tier: top}}\n")
    result = run("test", "--rules", str(rules_copy))
    assert result.exit_code == 2
    assert f"{rules_copy / 'tests' / 'bad.yaml'}:3:" in result.output and "got 'top'" in result.output


def test_test_command_csv():
    result = run("test", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "file,case,passed,checks,failures"


def test_rule_tests_directory_is_not_read_as_rules(rules_copy):
    (rules_copy / "tests" / "junk.yaml").write_text("rules: not a list\n")
    result = run("rules", "--rules", str(rules_copy), "--format", "json")
    assert result.exit_code == 0
