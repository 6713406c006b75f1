"""What-if diffs, ranking, levers, partners, rules and compare on the shipped data."""

from __future__ import annotations

import json

import pytest

import critmin
from critmin import render
from critmin.assumptions.diff import whatif
from critmin.explain.compare import compare
from critmin.explain.queries import by_lever, levers_of, partners_of, ranking, rule_info, rules_list
from critmin.facts.provenance import override_note


def test_override_notes_cite_the_value_they_replace(results):
    note = override_note(results.facts, results.rules.params, "镍.us.supply_2035_t", 100000)
    assert (note.key, note.previous, note.value) == ("nickel.us.supply_2035_t", 8000, 100000)
    assert note.fact.ref == "Table 5, nickel, total 2035 supply"
    assert render.text(note) == ("nickel.us.supply_2035_t: 8,000 t → 100,000 t "
                                 "[report: Table 5, nickel, total 2035 supply]")
    param = override_note(results.facts, results.rules.params, "params.severe_shortfall_min", 0.99)
    assert param.previous == 0.9 and "parameters.yaml" in render.text(param)
    country = override_note(results.facts, results.rules.params, "countries.Indonesia.alignment", "ally")
    assert "伙伴 → 盟友" in render.text(country, "zh")
    assert override_note(results.facts, results.rules.params, "rules", "/tmp") is None


def test_what_if_wording_follows_the_engine_diff(results):
    diff = whatif(results.facts, results.rules, ["nickel.us.supply_2035_t=100000"], baseline=results)
    expected = critmin.assess(overrides=["nickel.us.supply_2035_t=100000"])
    assert {m.mineral: m.tier_after for m in diff.minerals} == {a.mineral: a.tier for a in expected.values()}
    note = override_note(results.facts, results.rules.params, "nickel.us.supply_2035_t", 100000)
    text = render.text(diff, form="answer", notes=[note], facts=results.facts)
    assert "Nickel: tier very high → high (very_high → high)" in text and "first_task" in text
    assert "镍：优先级 很高 → 高" in render.text(diff, "zh", form="answer", notes=[note], facts=results.facts)
    same = whatif(results.facts, results.rules, ["params.surging_demand_min=2.0"], baseline=results)
    assert "Nothing changes" in render.text(same, form="answer", facts=results.facts)


def test_ranking_follows_the_results(results):
    rank = ranking(results)
    assert [r["mineral"] for r in rank.rows] == list(results)
    very_high = [r["mineral"] for r in ranking(results, "very_high").rows]
    assert very_high == [a.mineral for a in results.values() if a.tier == "very_high"] and "nickel" in very_high
    assert rank.to_dict()["ranking"][0]["rank"] == 1


@pytest.mark.parametrize("lever", ["price_floor", "tariff", "stockpile", "recycling"])
def test_by_lever_matches_the_assessments(results, lever):
    use = by_lever(results, lever)
    assert [m["mineral"] for m in use.minerals] == [a.mineral for a in results.values() if lever in a.lever_ids]
    for row in use.minerals:
        assert row["why"] and all(w["rule"] in {t.rule for t in results[row["mineral"]].trace} for w in row["why"])


def test_levers_of_cite_the_facts_behind_the_rules(results):
    lev = levers_of(results, "graphite")
    assert [lv["id"] for lv in lev.levers] == results["graphite"].lever_ids
    text = render.text(lev)
    assert "Table 2, graphite" in text
    json.dumps(lev.to_dict(), ensure_ascii=False)


def test_partners_are_table_6(results):
    partners = partners_of(results, "lithium")
    assert partners.allies.value == ["Australia", "Canada"] and partners.emerging.value == ["Chile", "Argentina"]
    assert {c.key for c in partners.countries} == {f"countries.{c}.alignment"
                                                   for c in ("Australia", "Canada", "Chile", "Argentina")}
    assert "Table 6, lithium" in render.text(partners)


def test_rule_info_and_list(results):
    info = rule_info(results, "first_task")
    assert {r["mineral"] for r in info.fires_for} == {a.mineral for a in results.values()
                                                      if "first_task" in {t.rule for t in a.trace}}
    assert {r["mineral"] for r in info.fires_for} == {"nickel"}  # cobalt has its own reasons
    assert {r["mineral"] for r in rule_info(results, "first_task_cobalt").fires_for} == {"cobalt"}
    assert len(rules_list(results.rules).rules) == len(results.rules.rules)
    assert len(rules_list(results.rules, "tiers").rules) == sum(r.layer == "tiers" for r in results.rules.rules)


def test_compare(results):
    cmp = compare(results, "nickel", "zinc")
    assert (cmp.a.head.tier, cmp.b.head.tier) == ("very_high", "low")
    row = next(r for r in cmp.indicators if r[0] == "shortfall_2035")
    assert row[1] == results["nickel"].indicators["shortfall_2035"].value
    assert "ranks above" in render.text(cmp) and "高于" in render.text(cmp, "zh")
    json.dumps(cmp.to_dict(), ensure_ascii=False)
