"""Rule tests: the shipped cases pass; an edited rule breaks the right case; bad files are refused."""

from __future__ import annotations

import pytest

from critmin import render, run_rule_tests
from critmin.ruletests.files import RuleTestError
from tests.helpers.edits import edit

MINIMAL = "cases:\n  - name: one\n    expect:\n      nickel: {tier: very_high}\n"


def test_the_shipped_rules_pass_the_shipped_tests():
    report = run_rule_tests()
    assert report.ok, render.text(report)
    names = {r.case.name for r in report.results}
    assert {f"tier_{m}" for m in ("nickel", "cobalt", "graphite", "lithium", "manganese", "silver", "copper",
                                   "molybdenum", "zinc", "aluminum")} <= names
    assert "ally_sourcing_table6_partners" in names and "nickel_us_supply_lowers_priority" in names
    assert render.text(report).endswith(f"{len(report.results)} passed, 0 failed ({len(report.results)} cases, "
                                    f"{sum(r.checks for r in report.results)} checks)")


def test_the_shipped_tests_state_every_report_tier(facts):
    report = run_rule_tests()
    tiers = {e.mineral: e.value for r in report.results for e in r.case.expectations
             if e.key == "tier" and not r.case.overrides and not r.case.scenarios}
    assert tiers == {m.id: m.report_tier for m in facts.minerals.values() if m.report_tier}


def test_breaking_a_tier_rule_names_the_broken_conclusion(rules_copy):
    when = "when: severe_shortfall and limited_pipeline and reserves_short and fast_global_growth"
    edit(rules_copy / "tiers.yaml", when, when + " and processing_concentrated")
    report = run_rule_tests(rules_dir=rules_copy)
    assert not report.ok
    failed = {r.case.name for r in report.failed}
    assert "tier_nickel" in failed and "tier_cobalt" not in failed
    tier_nickel = next(r for r in report.failed if r.case.name == "tier_nickel")
    failure, concluding = tier_nickel.failures
    assert (failure.mineral, failure.expected, failure.got) == ("nickel", "tier very_high", "high")
    assert failure.explanation.startswith("nickel is high, not very_high.")
    assert "rule first_task (does not hold)" in failure.explanation
    # nickel has no processing figure, so the signal is neither concluded nor decided false
    assert "processing_concentrated: signal processing_concentrated is undecided: its inputs are unknown" \
        in failure.explanation
    assert (concluding.expected, concluding.got) == ("tier concluded by first_task", "reserves_cover_few_years")
    assert "rule first_task does not hold" in concluding.explanation
    text = render.text(report)
    assert "  FAIL  tier_nickel  (Report section 3.2: nickel is very high" in text


def test_breaking_a_lever_rule_explains_what_fails(rules_copy):
    edit(rules_copy / "levers.yaml", "when: self_sufficient and refined_import_dependent",
         "when: self_sufficient and refined_import_dependent and surging_demand")
    report = run_rule_tests(rules_dir=rules_copy)
    (case,) = report.failed
    assert case.case.name == "zinc_smelting_onshoring"
    (failure,) = case.failures
    assert (failure.expected, failure.got) == ("lever domestic_production", "absent")
    assert "rule onshore_refining does not hold" in failure.explanation
    assert "✗ surging_demand: signal surging_demand not concluded" in failure.explanation


def test_an_unwanted_lever_names_the_rule_that_concluded_it(rules_copy):
    edit(rules_copy / "levers.yaml", "when: adversary_dominated and import_dependent",
         "when: import_dependent")
    report = run_rule_tests(rules_dir=rules_copy)
    failure = next(f for r in report.failed for f in r.failures if f.expected == "no lever tariff")
    assert failure.mineral == "copper" and failure.got == "present"
    assert failure.explanation.startswith("rule tariff_on_adversary_supply concluded it:")


def test_a_parameter_edit_breaks_a_reasoning_case(rules_copy):
    edit(rules_copy / "parameters.yaml", "  value: 0.05\n  unit: share\n  range: [0.02, 0.10]",
         "  value: 0.99\n  unit: share\n  range: [0.02, 0.10]")
    report = run_rule_tests(rules_dir=rules_copy)
    assert "nickel_us_supply_lowers_priority" in {r.case.name for r in report.failed}


def test_missing_partners_are_named(rules_copy, tmp_path):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "t.yaml").write_text("cases:\n  - name: p\n    expect:\n      nickel:\n"
                                  "        lever_partners: {ally_sourcing: [Japan, Canada]}\n"
                                  "        signals_include: [self_suficient]\n")
    report = run_rule_tests(tests_dir=tests)
    first, second = report.failed[0].failures
    assert first.expected == "ally_sourcing partners to include Japan" and "Canada" in first.got
    assert second.expected == "signal self_suficient"
    assert "rule self_sufficient does not hold" not in second.explanation
    assert second.explanation == "no rule concludes signal 'self_suficient' (did you mean 'self_sufficient'?)"


def test_tier_bounds(tmp_path):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "t.yaml").write_text("cases:\n  - name: bounds\n    expect:\n"
                                  "      copper: {tier_at_least: high}\n      nickel: {tier_at_most: high}\n"
                                  "      zinc: {tier_at_least: low, tier_at_most: low}\n")
    (case,) = run_rule_tests(tests_dir=tests).failed
    low, high = case.failures
    assert (low.mineral, low.expected, low.got) == ("copper", "tier high or higher", "medium")
    assert low.explanation.startswith("copper is medium, not high.")
    assert (high.mineral, high.expected, high.got) == ("nickel", "tier high or lower", "very_high")
    assert high.explanation.startswith("rule first_task concluded very_high:")


@pytest.mark.parametrize("text, expected", [
    ("cases:\n  - name: one\n    expect:\n      nickel: {tier: very_hgh}\n",
     ":4:16: cases[0].expect.nickel.tier: expected one of low, medium, high, very_high, unrated, got 'very_hgh' "
     "(did you mean 'very_high'?)"),
    ("cases:\n  - name: one\n    expct: {}\n",
     ":3:5: cases[0].expct: unknown key 'expct' (did you mean 'expect'?)"),
    ("cases:\n  - name: one\n    expect:\n      nickel: {levers_include: [stockpil]}\n",
     "unknown lever 'stockpil' (did you mean 'stockpile'?)"),
    ("cases:\n  - name: one\n    expect:\n      nickel: {tiers: high}\n",
     "unknown key 'tiers' (did you mean 'tier'?"),
    (MINIMAL + MINIMAL[7:], "duplicate case name 'one' (first at line 2)"),
    ("cases: []\n", "expected a mapping with 'cases:' holding a list of test cases"),
    ("cases:\n  - name: one\n    expect:\n      nikel: {tier: high}\n",
     ":4: expect.nikel: unknown mineral 'nikel' (did you mean 'nickel'"),
    ("cases:\n  - name: one\n    set: {params.nope: 1}\n    expect:\n      nickel: {tier: high}\n",
     ":3: params.nope: unknown parameter 'params.nope'"),
    ("cases:\n  - name: one\n    scenario: indonesia_aly\n    expect:\n      nickel: {tier: high}\n",
     "unknown scenario 'indonesia_aly' (did you mean 'indonesia_ally'?)"),
])
def test_invalid_test_files_are_refused_with_file_and_line(tmp_path, text, expected):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "t.yaml").write_text(text)
    with pytest.raises(RuleTestError) as caught:
        run_rule_tests(tests_dir=tests)
    assert expected in str(caught.value)
    assert str(tests / "t.yaml") in str(caught.value)


def test_no_test_files(tmp_path):
    with pytest.raises(RuleTestError, match="no rule test files"):
        run_rule_tests(tests_dir=tmp_path)


def test_overrides_and_scenarios_in_cases(tmp_path):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "t.yaml").write_text(
        "cases:\n  - name: more_supply\n    set: {nickel.us.projected_addition_2035_t: 700000}\n"
        "    expect:\n      nickel: {tier: low, levers_exclude: [stockpile]}\n"
        "  - name: ally\n    scenario: [indonesia_ally]\n    set: {countries.Indonesia.alignment: neutral}\n"
        "    expect:\n      Ni: {tier: very_high, signals_include: [concentrated_supply]}\n")
    report = run_rule_tests(tests_dir=tests)
    assert report.ok and [r.checks for r in report.results] == [2, 2]
    assert report.to_frame()["passed"].tolist() == [True, True]
    assert report.to_dict()["passed"] == 2
