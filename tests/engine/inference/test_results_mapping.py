"""Results as a read-only mapping: lookup by any name, rank-order iteration, reprs, notebook HTML, frames."""

from __future__ import annotations

import dataclasses
import pickle
import re
from collections.abc import Mapping

import pandas as pd
import pytest

import critmin
from critmin.concepts import TIER_RANK, TIERS_HIGH_FIRST
from critmin.inference.results import Results as ScoredResults


@pytest.fixture(scope="module")
def results():
    return critmin.assess()


def test_results_are_a_mapping_of_ids_to_assessments(results):
    assert isinstance(results, Mapping) and isinstance(results, ScoredResults)
    assert len(results) == len(results.assessments) == 22
    assert list(results) == list(results.keys()) == [a.mineral for a in results.assessments]
    assert list(results.values()) == list(results.assessments)
    assert dict(results.items()) == {a.mineral: a for a in results.assessments}
    assert results == dict(results) and dict(results) == results


def test_iteration_is_in_rank_order(results):
    ranks = [(-results[m].tier_rank, -results[m].score, m) for m in results]
    assert ranks == sorted(ranks)
    assert next(iter(results)) == results.assessments[0].mineral


@pytest.mark.parametrize("name", ["nickel", "NICKEL", "Nickel", "Ni", "ni", "镍", "nickle", " nickel ore ", "镍矿"])
def test_a_mineral_is_found_by_id_name_symbol_chinese_name_or_alias(results, name):
    assert name in results
    assert results[name] is results["nickel"]
    assert results.get(name) is results["nickel"]
    assert results.id_of(name) == "nickel"


def test_rare_earths_by_their_aliases(results):
    assert results["REE"] is results["rare earth"] is results["稀土"] is results["rare_earths"]


def test_an_unknown_name_is_a_clear_error_with_did_you_mean(results):
    with pytest.raises(critmin.UnknownMineralError, match=r"unknown mineral 'nikel' \(did you mean 'nickel'"):
        results["nikel"]
    with pytest.raises(KeyError):  # a mapping's failed lookup is a KeyError
        results["nikel"]
    assert "nikel" not in results and results.get("nikel") is None and results.get("nikel", 1) == 1
    assert str(critmin.UnknownMineralError("unknown mineral 'x'")) == "unknown mineral 'x'"  # not quoted


def test_a_key_that_is_not_text_is_not_in_the_results(results):
    assert 5 not in results and None not in results and results["nickel"] not in results
    with pytest.raises(critmin.UnknownMineralError, match="expected a mineral's name or id"):
        results[5]  # type: ignore[index]


def test_a_mineral_of_the_facts_not_scored_here_says_so(facts, rules):
    two = critmin.score(facts, rules, ["nickel", "cobalt"])
    assert list(two) == ["cobalt", "nickel"]
    assert "copper" not in two
    with pytest.raises(critmin.UnknownMineralError, match=r"'Cu' \(copper\) is not among the minerals scored here: "
                                                          r"cobalt, nickel"):
        two["Cu"]


def test_results_are_read_only(results):
    with pytest.raises(TypeError):
        results["nickel"] = results["cobalt"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        results.assessments = ()  # type: ignore[misc]
    assert isinstance(results.assessments, tuple) and isinstance(results.warnings, tuple)


def test_equality_and_pickling(results, facts, rules):
    again = critmin.score(facts, rules)
    assert again == results and again is not results
    plain = ScoredResults(list(results.values()), results.facts, results.rules, list(results.warnings))
    assert plain == results and results == plain  # the questioning kind equals the plain kind
    assert pickle.loads(pickle.dumps(results)) == results
    assert critmin.score(facts, rules, ["nickel"]) != results
    with pytest.raises(TypeError):
        hash(results)


def test_reprs_are_one_short_line(results):
    text = repr(results)
    assert text.startswith("<Results 22 minerals: cobalt very_high 88.1, nickel very_high 86.9, ")
    assert text.endswith(", … (rules: shipped)>") and "\n" not in text and len(text) < 200
    assert repr(results["nickel"]) == "<Assessment nickel very_high 86.9>"
    pair = "[<Assessment cobalt very_high 88.1>, <Assessment nickel very_high 86.9>]"
    assert repr(list(results.values())[:2]) == pair


def test_repr_says_where_the_inputs_came_from(facts_copy, rules_copy):
    assert repr(critmin.assess(overrides={"params.severe_shortfall_min": 0.95})).endswith(
        "(rules: shipped, with overrides)>")
    mine = repr(critmin.assess(facts_copy, rules_copy, minerals=["nickel"]))
    assert mine == f"<Results 1 mineral: nickel very_high 86.9 (rules: {rules_copy}, facts: {facts_copy})>"
    facts, rules = critmin.load()
    assert repr(critmin.Results([], facts, rules)) == "<Results 0 minerals (rules: shipped)>"


def test_html_is_a_compact_escaped_table(results):
    page = results._repr_html_()
    assert page.startswith("<table class='critmin'><caption>Results: 22 minerals (rules: shipped)</caption>")
    assert page.count("<tr>") == 23 and len(page) < 10_000
    assert "<td>1</td><td>cobalt</td><td>Cobalt</td><td>very_high</td><td>88.1</td>" in page
    one = results["nickel"]._repr_html_()
    assert "<caption>Assessment of Nickel (nickel)</caption>" in one and "<th>signals</th>" in one


def test_html_escapes_every_text(results):
    nickel = results["nickel"]
    hostile = dataclasses.replace(nickel, name="<script>alert('x')</script>", partners=("A&B", '"C"'),
                                  warnings=("<b>",))
    page = ScoredResults([hostile], results.facts, results.rules)._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "A&amp;B, &quot;C&quot;" in page
    assert "&lt;b&gt;" in hostile._repr_html_() and "<b>" not in hostile._repr_html_()
    assert re.fullmatch(r"(<[a-z/][^<>]*>|[^<>]*)*", page)  # every tag is one of ours


def test_frame_tier_is_an_ordered_categorical(results):
    frame = results.to_frame()
    assert list(frame.index) == list(results)
    assert isinstance(frame["tier"].dtype, pd.CategoricalDtype) and frame["tier"].dtype.ordered
    assert list(frame["tier"].dtype.categories) == sorted(TIER_RANK, key=TIER_RANK.get)  # unrated first
    ranked = frame.sort_values(["tier", "score"], ascending=False)
    assert list(ranked.index) == list(results)
    assert set(frame[frame["tier"] >= "high"].index) == {m for m, a in results.items() if a.tier_rank >= 3}
    assert frame["report_tier"].dtype == frame["tier"].dtype
    assert frame["report_tier"].isna().sum() == sum(a.report_tier is None for a in results.values())
    order = [t for t in TIERS_HIGH_FIRST if t in set(frame["tier"])]
    assert list(frame.groupby("tier", observed=True).size().sort_index(ascending=False).index) == order


def test_frame_list_columns_are_tuples(results):
    frame = results.to_frame()
    nickel = results["nickel"]
    assert frame.loc["nickel", "levers"] == tuple(nickel.lever_ids)
    assert frame.loc["nickel", "partners"] == nickel.partners
    assert frame.loc["nickel", "signals"] == nickel.signals
    for column in ("levers", "partners", "signals"):
        assert all(isinstance(v, tuple) for v in frame[column])
    counts = frame["levers"].explode().value_counts()
    assert counts["stockpile"] == sum("stockpile" in a.lever_ids for a in results.values())
    assert frame["levers"].value_counts().sum() == 22  # hashable: tuples count and group


def test_frame_matches_the_column_wise_results(results, facts, rules):
    fast = critmin.evaluate_scenarios(facts, rules, [{}]).set_index("mineral")
    frame = results.to_frame()
    assert fast["tier"].dtype == frame["tier"].dtype
    for column in ("tier", "score", "levers", "signals"):
        assert fast.loc[frame.index, column].tolist() == frame[column].tolist(), column


def test_an_empty_run_has_the_columns(facts, rules):
    frame = critmin.Results([], facts, rules).to_frame()
    assert frame.empty and {"tier", "score", "levers", "partners", "signals"} <= set(frame.columns)
