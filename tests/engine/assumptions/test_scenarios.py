"""Scenario files: the shipped ones, strict checking, lookup and atomic writing."""

from __future__ import annotations

import os

import pytest

from critmin import load, whatif
from critmin.assumptions.overrides import Override
from critmin.assumptions.scenarios import (
    Scenario,
    ScenarioError,
    check_scenario,
    find_scenario,
    list_scenarios,
    load_scenario,
    scenario_text,
    write_scenario,
)
from critmin.errors import OverrideError
from critmin.io.shipped import shipped_dir

SHIPPED = ("battery_chemistry_shift", "environmental_review_delays", "guinea_bauxite_controls",
           "indonesia_ally", "producer_escalation", "slow_transition")


def write(tmp_path, name, text):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return path


def test_the_shipped_scenarios_are_listed(facts, rules):
    found = list_scenarios(facts)
    assert [s.name for s in found] == list(SHIPPED)
    for scenario in found:
        assert scenario.description and scenario.source and scenario.note and scenario.overrides
        assert scenario.file.startswith(str(shipped_dir("facts") / "scenarios"))


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_runs(facts, rules, results, name):
    scenario = find_scenario(name, facts)
    check_scenario(scenario, facts, rules)
    d = whatif(facts, rules, scenario.overrides, baseline=results)
    assert d.overrides == (f"scenario {name}",)
    assert d.inputs, "a scenario must change at least one input"


def test_scenario_overrides_know_their_file_and_line(facts, rules):
    scenario = find_scenario("indonesia_ally", facts)
    (override,) = scenario.overrides
    assert override == Override("countries.Indonesia.alignment", "ally")
    lines = open(scenario.file, encoding="utf-8").read().splitlines()
    line = 1 + next(i for i, text in enumerate(lines) if text.strip().startswith("countries.Indonesia"))
    assert override.origin == "scenario indonesia_ally" and override.line == line
    facts, _ = check_scenario(scenario, facts, rules)
    assert facts.countries["Indonesia"].alignment.ref.endswith(f"({scenario.file}:{line})")


def test_the_report_reasoning_of_three_scenarios(facts, rules, results):
    guinea = whatif(facts, rules, find_scenario("guinea_bauxite_controls").overrides, baseline=results)
    assert guinea.tier_changes == {} and guinea["aluminum"].tier_after == "low"
    escalation = whatif(facts, rules, find_scenario("producer_escalation").overrides, baseline=results)
    copper = escalation["copper"]
    assert [o.name for o in copper.levers_added] == ["stockpile"]
    assert [o.name for o in copper.signals_added] == ["export_restricted"]
    slow = whatif(facts, rules, find_scenario("slow_transition").overrides, baseline=results)
    assert slow["nickel"].tier_after == "very_high"
    # silver stays high: the report's reason is that US reserves cover only about four years,
    # which a slower solar build-out does not change; only the fast-growth signal goes
    assert slow["silver"].tier_before == "high" and slow["silver"].tier_after == "high"
    assert "surging_demand" in [o.name for o in slow["silver"].signals_removed]


def test_unknown_keys_get_a_did_you_mean_with_a_line(tmp_path):
    path = write(tmp_path, "x", "name: x\ndescription: d\nsource: s\nnotes: n\nset: {params.a: 1}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value) == (f"{path}:4:1: notes: unknown key 'notes' (did you mean 'note'?); "
                                 "expected name, description, source, note, set\n    notes: n\n    ^")


def test_shape_problems_are_all_reported(tmp_path):
    path = write(tmp_path, "y", "name: other\ndescription: 3\nset:\n  params.a: [1, 2]\n  rules: /tmp\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = str(caught.value)
    for expected in ("missing 'source'", "description: expected text", "must be lower_case_with_underscores "
                     "and match the file name 'y'", "set.params.a: expected a number, text or a list",
                     "set.rules: the rules directory cannot be swapped here"):
        assert expected in text


def test_bad_override_keys_fail_with_file_and_line(facts, rules, tmp_path):
    path = write(tmp_path, "bad", "name: bad\ndescription: d\nsource: s\nset:\n  params.a: 1\n"
                 "  nickel.us.suply_2035_t: 5\n")
    with pytest.raises(OverrideError) as caught:
        check_scenario(load_scenario(path), facts, rules)
    first, second = (str(p) for p in caught.value.problems)
    assert first.startswith(f"{path}:5: params.a: unknown parameter 'params.a'")
    assert second.startswith(f"{path}:6: nickel.us.suply_2035_t: unknown fact")
    assert "did you mean 'us.supply_2035_t'" in second


def test_find_by_name_or_file_with_a_did_you_mean(facts, rules, tmp_path):
    with pytest.raises(ScenarioError, match="unknown scenario 'indonesia_aly' \\(did you mean 'indonesia_ally'"):
        find_scenario("indonesia_aly", facts)
    with pytest.raises(ScenarioError, match="no such scenario file"):
        find_scenario(str(tmp_path / "none.yaml"))
    path = write(tmp_path, "mine", "name: mine\ndescription: d\nsource: s\nset: {params.severe_shortfall_min: 95%}\n")
    assert find_scenario(str(path)).overrides[0].value == pytest.approx(0.95)


def test_writing_is_atomic_and_round_trips(tmp_path):
    scenario = Scenario("case_one", "A test case.", "analyst", (Override("params.severe_shortfall_min", 0.95),
                        Override("countries.Chile.export_restrictions", ["copper", "lithium"])), "why")
    path = write_scenario(tmp_path / "case_one.yaml", scenario)
    loaded = load_scenario(path)
    assert loaded.to_dict() == scenario.to_dict()
    assert os.listdir(tmp_path) == ["case_one.yaml"]
    with pytest.raises(ScenarioError, match="the file exists"):
        write_scenario(path, scenario)
    write_scenario(path, scenario, overwrite=True)
    assert os.listdir(tmp_path) == ["case_one.yaml"]


def test_writing_refuses_the_shipped_directories_and_bad_places(tmp_path):
    scenario = Scenario("x", "d", "s", (Override("params.severe_shortfall_min", 0.95),))
    with pytest.raises(ScenarioError, match="refusing to write inside the shipped facts directory"):
        write_scenario(shipped_dir("facts") / "scenarios" / "x.yaml", scenario)
    with pytest.raises(ScenarioError, match="no such directory"):
        write_scenario(tmp_path / "missing" / "x.yaml", scenario)
    with pytest.raises(ScenarioError):
        scenario_text(Scenario("Bad Name", "d", "s", ()))


def test_fact_loading_ignores_the_scenarios_folder(facts_copy):
    facts = facts_copy
    (facts / "scenarios" / "junk.yaml").write_text("id: junk\n")
    loaded, _ = load(facts_dir=facts)
    assert "junk" not in loaded.minerals and loaded.scenarios_dir == str(facts / "scenarios")
