"""What-if diffs, ranking, levers, partners, rules and compare on the shipped data."""

from __future__ import annotations

import json

import pytest

import engine
from engine.changes import diff_results, what_if
from engine.compare import compare
from engine.queries import by_lever, levers_of, partners_of, ranking, rule_info, rules_list


def test_what_if_matches_scoring_with_the_override(results):
    diff = what_if(results.facts, results.rules, ["nickel.us.supply_2035_t=100000"], results)
    expected = engine.assess(overrides=["nickel.us.supply_2035_t=100000"])
    assert diff.tiers_after == {a.mineral: a.tier for a in expected}
    (change,) = diff.tier_changes
    assert (change.mineral, change.tier_before, change.tier_after) == ("nickel", "very_high", "high")
    assert "first_task" in change.rules_stopped and "recycling" in change.levers_removed
    (note,) = diff.overrides
    assert (note.previous, note.value, note.fact.ref) == (8000, 100000, "Table 5, nickel, total 2035 supply")
    json.dumps(diff.to_dict(), ensure_ascii=False)


def test_what_if_ally_changes_indicators_not_tiers(results):
    diff = what_if(results.facts, results.rules, ["countries.Indonesia.alignment=ally"], results)
    assert diff.tier_changes == []
    nickel = next(c for c in diff.changes if c.mineral == "nickel")
    assert ("ally_share", 0.0, 0.6667) in nickel.indicators
    assert "partner → ally" in diff.render() and "伙伴 → 盟友" in diff.render("zh")


def test_diff_of_identical_runs_is_empty(results):
    diff = diff_results(results, results)
    assert diff.changes == () and len(diff.unchanged) == len(results)
    assert "Nothing changes" in diff.render()


def test_ranking_follows_the_results(results):
    rank = ranking(results)
    assert [r["mineral"] for r in rank.rows] == [a.mineral for a in results]
    assert [r["mineral"] for r in ranking(results, "very_high").rows] == ["cobalt", "nickel"]
    assert rank.to_dict()["ranking"][0]["rank"] == 1


@pytest.mark.parametrize("lever", ["price_floor", "tariff", "stockpile", "recycling"])
def test_by_lever_matches_the_assessments(results, lever):
    use = by_lever(results, lever)
    assert [m["mineral"] for m in use.minerals] == [a.mineral for a in results if lever in a.lever_ids]
    for row in use.minerals:
        assert row["why"] and all(w["rule"] in {t.rule for t in results[row["mineral"]].trace} for w in row["why"])


def test_levers_of_cite_the_facts_behind_the_rules(results):
    lev = levers_of(results, "graphite")
    assert [lv["id"] for lv in lev.levers] == results["graphite"].lever_ids
    text = lev.render()
    assert "Table 2, graphite" in text
    json.dumps(lev.to_dict(), ensure_ascii=False)


def test_partners_are_table_6(results):
    partners = partners_of(results, "lithium")
    assert partners.allies.value == ["Australia", "Canada"] and partners.emerging.value == ["Chile", "Argentina"]
    assert {c.key for c in partners.countries} == {f"countries.{c}.alignment"
                                                   for c in ("Australia", "Canada", "Chile", "Argentina")}
    assert "Table 6, lithium" in partners.render()


def test_rule_info_and_list(results):
    info = rule_info(results, "first_task")
    assert {r["mineral"] for r in info.fires_for} == {"nickel", "cobalt"}
    assert len(rules_list(results.rules).rules) == len(results.rules.rules)
    assert len(rules_list(results.rules, "tiers").rules) == sum(r.layer == "tiers" for r in results.rules.rules)


def test_compare(results):
    cmp = compare(results, "nickel", "zinc")
    assert (cmp.a.tier, cmp.b.tier) == ("very_high", "low")
    row = next(r for r in cmp.indicators if r[0] == "shortfall_2035")
    assert row[1] == results["nickel"].indicators["shortfall_2035"].value
    assert "ranks above" in cmp.render() and "高于" in cmp.render("zh")
    json.dumps(cmp.to_dict(), ensure_ascii=False)
