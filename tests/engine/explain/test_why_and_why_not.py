"""why / why_not on the shipped data, checked against the trace and the fact files."""

from __future__ import annotations

import json

import pytest

from critmin import render
from critmin.concepts import TIER_RANK
from critmin.explain.why import why
from critmin.explain.why_not import why_not
from critmin.facts.provenance import facts_of, lookup
from critmin.ruletests.reasons import compact_why_not


def walk(node):
    """Every rule node under a derivation node (depth first)."""
    yield node
    for test in node.tests:
        for child in test.derived_by:
            yield from walk(child)


def test_nickel_tree_reaches_table_5_the_iea_figure_and_usgs_reserves(results):
    tree = why(results, "nickel")
    refs = [f.ref for f in tree.facts()]
    assert any(r.startswith("Table 5, nickel") for r in refs)
    assert any(r.startswith("section 1.2 (citing IEA), nickel") for r in refs)
    keys = {f.key for f in tree.facts()}
    assert {"us.supply_2035_t", "us.demand_2035_t", "us.projected_addition_2035_t", "us.reserves_t",
            "demand_growth_2040"} <= keys
    assert "producers.Indonesia" not in keys  # the report never argues nickel's concentration
    assert "report" in tree.sources and tree.sources["report"]["date"] == "2026-06-23"


@pytest.mark.parametrize("mineral", ["nickel", "cobalt", "graphite", "copper", "aluminum", "zinc", "rare_earths"])
def test_tree_agrees_with_the_trace(results, mineral):
    a = results[mineral]
    tree = why(results, mineral)
    assert tree.tier == a.tier
    tier_firings = {t.rule: t for t in a.firings("tier")}
    assert {n.rule for n in tree.concluded_by} == {r for r, t in tier_firings.items() if t.conclusion == a.tier}
    assert {n.rule for n in tree.outranked} == {r for r, t in tier_firings.items() if t.conclusion != a.tier}
    for node in tree.outranked:
        assert TIER_RANK[node.conclusion] < TIER_RANK[a.tier]
    signal_firings = {t.rule for t in a.firings("signal")}
    for top in tree.concluded_by:
        assert top.fired and top.because == tier_firings[top.rule].because
        for node in walk(top):
            if node.kind == "signal" and node.fired:
                assert node.rule in signal_firings
                assert node.conclusion in a.signals
            if node.kind == "signal" and not node.fired:
                assert node.conclusion not in a.signals
            for test in node.tests:
                for indicator in test.indicators:
                    assert indicator.value == a.indicators[indicator.name].value
                    assert {f.key for f in indicator.facts} <= set(a.indicators[indicator.name].inputs)
    for fact in tree.facts():
        original = lookup(results.facts, mineral, fact.key)
        assert (original.value, original.source, original.ref) == (fact.value, fact.source, fact.ref)
        assert fact.source in results.facts.sources
    json.dumps(tree.to_dict(), ensure_ascii=False)


def test_negated_signal_is_explained_by_the_rule_that_did_not_fire(results):
    tree = why(results, "copper")  # growing_mining_still_short ← not limited_pipeline, not easily_sourced
    nodes = [n for top in tree.concluded_by for n in walk(top)]
    unfired = {n.rule for n in nodes if not n.fired}
    assert {"limited_pipeline", "easily_sourced"} <= unfired


@pytest.mark.parametrize("lang, words", [("en", ["Nickel", "very high", "Sources:"]),
                                         ("zh", ["镍", "很高", "来源："])])
def test_render_in_both_languages(results, lang, words):
    text = render.text(why(results, "nickel"), lang)
    for word in words:
        assert word in text
    tonnes = " t" if lang == "en" else "吨"
    assert f"749,987{tonnes}" in text and f"310,000{tonnes}" in text


def test_unrated_mineral_says_so(facts, rules_copy):
    from critmin.inference.traced import score
    from critmin.ruleset.loading import load_rules
    tiers = rules_copy / "tiers.yaml"
    text = tiers.read_text().replace("when: not import_dependent\n", "when: not import_dependent and major_shortfall\n")
    tiers.write_text(text)
    results = score(facts, load_rules(rules_copy), ["zinc"])
    assert results["zinc"].tier == "unrated"
    tree = why(results, "zinc")
    assert tree.concluded_by == () and "unrated" in render.text(tree)


def test_why_not_gaps(results):
    gap = why_not(results, "graphite", "very_high")
    assert gap.current == "high"
    assert [r.rule for r in gap.rules] == ["first_task", "first_task_cobalt"]
    first = gap.rules[0]
    failing = {t.signal for t in first.alternative.failing}
    assert failing == {"severe_shortfall", "limited_pipeline", "reserves_short"}
    assert first.signal_gaps["severe_shortfall"][0]["gap"] == "shortfall_2035 0.6591, needs ≥ 0.9"
    text = render.text(gap, "en")
    assert compact_why_not(gap).startswith("graphite is high, not very_high.")  # the compact form
    assert "65.91% ≥ 90%" in text and "Table 5, graphite" in text
    assert "很高" in render.text(gap, "zh")


def test_why_not_lower_tier_is_outranked(results):
    gap = why_not(results, "cobalt", "high")
    assert gap.outranked_by == ("first_task_cobalt",)
    assert any(r.alternative.holds for r in gap.rules)


def test_why_not_same_tier_and_bad_tier(results):
    assert "already" in render.text(why_not(results, "nickel", "very_high"), "en")
    from critmin.errors import UsageError
    with pytest.raises(UsageError):
        why_not(results, "nickel", "extreme")


def test_facts_of_lists_every_fact_with_its_source(results):
    listing = facts_of(results.facts, "silver")
    mineral = results.facts.minerals["silver"]
    assert {f.key for f in listing.facts} == set(mineral.facts)
    assert set(listing.sources) == {f.source for f in mineral.facts.values()}
    assert "Table 5, silver" in render.text(listing)
