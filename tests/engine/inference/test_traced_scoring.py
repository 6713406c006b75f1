"""Scoring the shipped data: the report's ten tiers, levers, partners and traces."""

from __future__ import annotations

import dataclasses
import json
import threading

import pytest

import critmin
from critmin.inference.durable import adapter
from critmin.inference.traced import score
from tests.helpers.report import REPORT_TIERS


@pytest.mark.parametrize("mineral, tier", sorted(REPORT_TIERS.items()))
def test_the_report_tiers(results, mineral, tier):
    assert results[mineral].tier == tier
    assert results[mineral].report_tier == tier


def test_rare_earths_are_rated_by_the_rules(results):
    assert results["rare_earths"].tier == "high"
    assert results["rare_earths"].report_tier is None


def test_scores_order_tiers(results):
    ranks = [(a.tier_rank, a.score) for a in results.values()]
    assert ranks == sorted(ranks, reverse=True)
    for a in results.values():
        assert 0 <= a.score <= 100


def test_levers_follow_the_report(results):
    assert "ally_sourcing" in results["nickel"].lever_ids
    assert "stockpile" in results["cobalt"].lever_ids
    assert "tariff" in results["graphite"].lever_ids  # adversary-dominated supply
    assert "price_floor" in results["nickel"].lever_ids
    assert "domestic_production" in results["zinc"].lever_ids  # refined zinc is imported
    assert results["molybdenum"].lever_ids == []
    assert "ally_sourcing" not in results["aluminum"].lever_ids


def test_partners_come_from_table_6(results):
    ally = next(lever for lever in results["silver"].levers if lever.id == "ally_sourcing")
    assert ally.partners == ("Australia", "Canada", "Poland", "Brazil", "Argentina", "Bolivia",
                             "Mexico", "Peru")
    floor = next(lever for lever in results["nickel"].levers if lever.id == "price_floor")
    assert floor.partners == ("Australia", "Canada")


def test_trace_records_values_and_sources(results):
    nickel = results["nickel"]
    tier_rules = [t for t in nickel.trace if t.kind == "tier"]
    assert [t.rule for t in tier_rules if t.conclusion == "very_high"] == ["first_task"]
    record = next(t for t in nickel.trace if t.rule == "severe_shortfall")
    assert record.values["shortfall_2035"] == pytest.approx(741_987 / 749_987, abs=1e-6)
    assert record.values["params.severe_shortfall_min"] == 0.9
    assert "98.9%" in record.because
    assert all(t.mineral == "nickel" for t in nickel.trace)


def test_indicators_match_data_md(results):
    expected = {"nickel": 0.989, "manganese": 1.0, "copper": 0.383, "zinc": 0.021, "molybdenum": 0.0}
    for mineral, shortfall in expected.items():
        assert results[mineral].indicators["shortfall_2035"].value == pytest.approx(shortfall, abs=5e-4)
    assert results["nickel"].indicators["top1_share"].value == pytest.approx(0.6667)
    assert results["nickel"].indicators["top1_country"].value == "Indonesia"
    assert results["graphite"].indicators["adversary_share"].value == pytest.approx(0.7778)
    assert results["nickel"].indicators["shortfall_2035"].inputs == ("us.demand_2035_t", "us.supply_2035_t")


def test_unrated_when_no_tier_rule_fires(facts, rules):
    without_tiers = dataclasses.replace(rules, rules=tuple(r for r in rules.rules if r.kind != "tier"))
    results = score(facts, without_tiers, ["molybdenum"])
    assert results["molybdenum"].tier == "unrated"
    assert any("unrated" in w for w in results.warnings)


def test_every_mineral_with_a_known_shortfall_gets_a_tier(facts, rules):
    # the tier rules cover every shortfall: not import-dependent → low; import-dependent →
    # low (easily sourced) or at least medium
    for shortfall in (0.0, 0.05, 0.1, 0.2, 0.29, 0.3, 0.5, 0.9, 1.0):
        demand = facts.minerals["zinc"].get("us.demand_2035_t")
        supply = demand * (1 - shortfall)
        zinc_facts, _ = critmin.load(overrides=[f"zinc.us.supply_2035_t={supply}"])
        assert score(zinc_facts, rules, ["zinc"])["zinc"].tier != "unrated", shortfall


def test_allied_supply_lowers_risk_but_not_the_tier(facts, rules):
    # the report ranks nickel first because of the US supply gap, which an alliance does not
    # close; an allied producer lowers the supply-risk part of the score
    allied, _ = critmin.load(overrides=["countries.Indonesia.alignment=ally"])
    before, after = score(facts, rules)["nickel"], score(allied, rules)["nickel"]
    assert after.tier == before.tier == "very_high"
    assert after.score < before.score


def test_results_are_deterministic(facts, rules):
    first = score(facts, rules).to_json()
    second = score(facts, rules).to_json()
    assert first == second


def test_results_convert_to_json_and_frames(results):
    data = json.loads(results.to_json())
    assert {d["mineral"] for d in data} >= set(REPORT_TIERS)
    frame = results.to_frame()
    assert frame.loc["nickel", "tier"] == "very_high"
    assert frame.loc["copper", "shortfall_2035"] == pytest.approx(0.3827, abs=1e-4)


def test_assess_with_overrides():
    results = critmin.assess(overrides=["nickel.us.projected_addition_2035_t=700000"])
    assert results["nickel"].tier == "low"
    fact = results.facts.minerals["nickel"].facts["us.supply_2035_t"]
    assert fact.value == 708_000 and fact.kind == "derived"


def test_threads_stay_constant_and_rulesets_bounded(facts, rules):
    before = threading.active_count()
    for i in range(60):
        score(facts, rules.with_params({"severe_shortfall_min": 0.5 + i / 200}), ["nickel"])
    assert threading.active_count() == before
    assert adapter().registered <= 64


def test_concurrent_callers_get_serial_results(facts, rules):
    variants = [rules.with_params({"severe_shortfall_min": v}) for v in (0.5, 0.9, 0.95, 0.99)]
    serial = [score(facts, r).to_json() for r in variants]
    out: dict[int, str] = {}

    def run(i: int) -> None:
        out[i] = score(facts, variants[i % 4]).to_json()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(out[i] == serial[i % 4] for i in range(8))


def test_an_indicator_no_rule_reads_never_reaches_the_engine():
    # self_sufficiency = 8,000 t / 1e-9 t is far beyond the engine's integers, but no rule reads it
    results = critmin.assess(overrides=["nickel.us.demand_2035_t=0.000000001"], minerals=["nickel"])
    assert results["nickel"].tier == "low"
    assert results["nickel"].indicators["self_sufficiency"].value > 1e12
