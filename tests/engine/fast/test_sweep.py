"""Sweeps: what is drawn, how totals follow their parts, reproducibility, sensitivity."""

from __future__ import annotations

import numpy as np
import pytest

import critmin
from critmin.errors import DataError, UsageError
from critmin.facts.loading import load_facts
from critmin.fast.sweep import draw, run_sweep, scenario_table, varied_inputs


def test_inputs_are_ranged_facts_and_parameters(facts, rules):
    keys = {i.key for i in varied_inputs(facts, rules, "both")}
    assert "nickel.us.grid_mfg_addition_2035_t" in keys
    assert "cobalt.processing.china_share" in keys
    assert "params.severe_shortfall_min" in keys
    assert "nickel.us.demand_2035_t" not in keys  # follows its parts
    assert "aluminum.us.demand_2035_t" in keys  # its addition is not in the facts: drawn itself
    assert not any(k.startswith("params.") for k in {i.key for i in varied_inputs(facts, rules, "facts")})
    assert all(k.startswith("params.") for k in {i.key for i in varied_inputs(facts, rules, "params")})
    with pytest.raises(UsageError, match="--vary"):
        varied_inputs(facts, rules, "everything")


def test_values_stay_in_range_and_totals_follow_their_parts(facts, rules):
    inputs = varied_inputs(facts, rules, "both")
    draws = draw(inputs, np.random.default_rng(3), 5_000)
    for item in inputs:
        assert item.low <= draws[item.key].min() and draws[item.key].max() <= item.high
    table = scenario_table(facts, rules, inputs, draws, 5_000)
    us = {k[3:]: v for k, v in table.minerals["nickel"].facts.items() if k.startswith("us.")}
    assert np.array_equal(us["supply_2035_t"], us["production_t"] + us["projected_addition_2035_t"])
    assert np.array_equal(us["demand_2035_t"], us["consumption_t"] + us["grid_mfg_addition_2035_t"])
    assert np.array_equal(table.params["severe_shortfall_min"], draws["params.severe_shortfall_min"])


def test_overriding_both_parts_of_a_total_recomputes_it_from_both():
    facts, _ = critmin.load(overrides=["rare_earths.us.production_t=1000",
                                      "rare_earths.us.projected_addition_2035_t=0"])
    assert facts.minerals["rare_earths"].get("us.supply_2035_t") == 1000
    facts, _ = critmin.load(overrides=["rare_earths.us.supply_2035_t=5",
                                      "rare_earths.us.projected_addition_2035_t=0"])
    assert facts.minerals["rare_earths"].get("us.supply_2035_t") == 5  # a total set by hand stays


def test_inputs_fixed_by_set_do_not_vary(facts, rules):
    fixed_facts, fixed_rules = critmin.load(overrides=["nickel.us.projected_addition_2035_t=100",
                                                      "params.severe_shortfall_min=0.9"])
    keys = {i.key for i in varied_inputs(fixed_facts, fixed_rules, "both", ["params.severe_shortfall_min"])}
    assert "nickel.us.projected_addition_2035_t" not in keys
    assert "params.severe_shortfall_min" not in keys
    assert "nickel.us.grid_mfg_addition_2035_t" in keys


def test_the_same_seed_gives_the_same_result(facts, rules):
    first = run_sweep(facts, rules, 3_000, seed=5).to_dict()
    assert first == run_sweep(facts, rules, 3_000, seed=5).to_dict()
    assert first != run_sweep(facts, rules, 3_000, seed=6).to_dict()


def test_probabilities_and_the_baseline(facts, rules, results):
    data = run_sweep(facts, rules, 2_000, seed=1).to_dict()
    assert [m["mineral"] for m in data["minerals"]] == list(results)
    for m in data["minerals"]:
        assert sum(m["probabilities"].values()) == pytest.approx(1.0)
        assert m["baseline_tier"] == results[m["mineral"]].tier
        assert m["stability"] == m["probabilities"][m["baseline_tier"]]
        assert m["score"]["p5"] <= m["score"]["p50"] <= m["score"]["p95"]
        assert all(d["input"].startswith((m["mineral"] + ".", "params.")) for d in m["decisive"])
    nickel = next(m for m in data["minerals"] if m["mineral"] == "nickel")
    assert nickel["probabilities"]["very_high"] > 0.5


def test_one_varied_input_is_decisive_exactly_when_the_tier_moves(facts, rules):
    others = [f"params.{n}" for n in rules.params if n != "import_dependent_min"]
    result = run_sweep(facts, rules, 4_000, seed=2, vary="params", fixed=others)
    assert [i.key for i in result.inputs] == ["params.import_dependent_min"]
    for m in result.to_dict()["minerals"]:
        moved = 1 - m["stability"]
        shares = {d["input"]: d["share"] for d in m["decisive"]}
        assert shares.get("params.import_dependent_min", 0.0) == pytest.approx(moved)
    assert any(m["stability"] < 1 for m in result.to_dict()["minerals"])


def test_a_triangular_fact_peaks_at_its_value(facts_copy, rules):
    path = facts_copy / "nickel.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    range: [0, 20000]\n") == 1
    path.write_text(text.replace("    range: [0, 20000]\n", "    range: [0, 20000]\n    distribution: triangular\n"),
                    encoding="utf-8")
    base = load_facts(facts_copy)
    assert base.minerals["nickel"].facts["us.projected_addition_2035_t"].to_dict()["distribution"] == "triangular"
    item = next(i for i in varied_inputs(base, rules, "facts") if i.key == "nickel.us.projected_addition_2035_t")
    assert item.distribution == "triangular" and item.value == 0
    values = draw([item], np.random.default_rng(0), 50_000)[item.key]
    assert values.min() >= 0 and values.max() <= 20_000
    assert np.mean(values) == pytest.approx(20_000 / 3, rel=0.02)  # uniform would give 10,000
    assert np.mean(values < 5_000) == pytest.approx(1 - 0.75 ** 2, abs=0.01)


@pytest.mark.parametrize("line, message", [
    ("    distribution: normal\n", "expected one of uniform, triangular"),
])
def test_a_bad_distribution_is_reported(facts_copy, line, message):
    path = facts_copy / "nickel.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    range: [275000, 825000]\n", "    range: [275000, 825000]\n" + line),
                    encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_facts(facts_copy)
    problem = caught.value.problems[0]
    assert message in problem.message and problem.key == "us.grid_mfg_addition_2035_t.distribution"
    assert problem.line is not None


def test_a_distribution_needs_a_range(facts_copy):
    path = facts_copy / "nickel.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    ref: \"Table 5, nickel, current consumption\"\n",
                                 "    ref: \"Table 5, nickel, current consumption\"\n    distribution: uniform\n"),
                    encoding="utf-8")
    with pytest.raises(DataError, match="needs a range"):
        load_facts(facts_copy)


def test_share_ranges_that_could_exceed_one_are_refused(facts_copy, rules):
    path = facts_copy / "nickel.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    value: 0.6667\n", "    value: 0.6667\n    range: [0.5, 0.95]\n"),
                    encoding="utf-8")
    with pytest.raises(DataError, match="shares"):
        varied_inputs(load_facts(facts_copy), rules, "facts")
