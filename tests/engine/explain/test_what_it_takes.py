"""what_would_it_take: every answer flips the tier when applied; a value just short does not."""

from __future__ import annotations

import json

import pytest

import critmin
from critmin import render
from critmin.assumptions.overrides import apply_overrides
from critmin.errors import UsageError
from critmin.explain.search_space import SearchInput
from critmin.explain.what_it_takes import what_would_it_take
from critmin.inference.traced import score

pytestmark = pytest.mark.slow  # searches take seconds


@pytest.fixture(scope="module")
def searched(results):
    """Each search once per module (they take a second or two)."""
    cache = {}

    def take(mineral: str, target: str):
        if (mineral, target) not in cache:
            cache[(mineral, target)] = what_would_it_take(results, mineral, target)
        return cache[(mineral, target)]
    return take


def tier_with(results, override: str, mineral: str) -> str:
    """Re-score independently of the search: apply the override to the loaded facts and score."""
    facts, rules = apply_overrides(results.facts, results.rules, [override])
    return score(facts, rules, [mineral])[mineral].tier


def value(v) -> str:
    return repr(v) if isinstance(v, float) else str(v)


@pytest.mark.parametrize("mineral, target", [("cobalt", "high"), ("manganese", "medium"), ("copper", "low")])
def test_each_change_is_verified_by_rescoring(results, searched, mineral, target):
    takes = searched(mineral, target)
    assert takes.current == results[mineral].tier and takes.changes
    for change in takes.changes:
        assert tier_with(results, f"{change.key}={value(change.needed)}", mineral) == target, change.key
        assert change.tier_after == target
        if change.just_short is not None:
            assert tier_with(results, f"{change.key}={value(change.just_short)}", mineral) != target, change.key
            assert abs(change.just_short - change.current) < abs(change.needed - change.current)
        if change.kind == "fact":
            assert change.fact is not None and change.fact.source in results.facts.sources
    relative = [c.relative for c in takes.changes]
    assert relative == sorted(relative)
    json.dumps(takes.to_dict(), ensure_ascii=False)


def test_cobalt_answers_include_the_table_2_share_and_its_source(results, searched):
    takes = searched("cobalt", "high")
    share = next(c for c in takes.changes if c.key == "cobalt.producers.DR Congo")
    assert share.current == pytest.approx(0.7419)
    assert share.needed < results.rules.params["concentrated_top1_min"].value <= share.just_short
    assert share.fact.ref == "Table 2, cobalt, production share"
    assert "DR Congo" in render.text(takes) and "刚果（金）" in render.text(takes, "zh")


def test_country_alignment_and_risk_are_searched(results, searched):
    takes = searched("copper", "low")
    risk = next(c for c in takes.changes if c.key == "countries.Chile.nationalism_risk")
    assert (risk.current, risk.needed) == ("high", "medium")
    assert tier_with(results, "countries.Chile.nationalism_risk=medium", "copper") == "low"
    assert critmin.assess(overrides=["countries.Chile.nationalism_risk=medium"])["copper"].tier == "low"


def test_no_single_change_is_said_so(results):
    takes = what_would_it_take(results, "molybdenum", "very_high")
    assert takes.changes == () and not takes.single_change_suffices
    assert takes.examined and "No single change" in render.text(takes)
    assert "没有任何单项改变" in render.text(takes, "zh")


def test_already_at_the_tier_and_bad_tier(results):
    takes = what_would_it_take(results, "nickel", "very_high")
    assert takes.changes == () and "already" in render.text(takes)
    with pytest.raises(UsageError):
        what_would_it_take(results, "nickel", "urgent")


def test_input_snaps_to_bounds_and_resolution():
    share = SearchInput("x", "fact", 0.5, "share", 0.0, 0.8, 0.0001)
    assert share.snap(0.123456) == 0.1235 and share.snap(1.5) == 0.8 and share.snap(-1) == 0.0
    tonnes = SearchInput("y", "fact", 100, "t", 0, 1000, 10)
    assert tonnes.snap(123.4) == 120 and isinstance(tonnes.snap(123.4), int)
