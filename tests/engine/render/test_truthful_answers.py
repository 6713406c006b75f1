"""Explanations that are true, in one language: every comparison stated holds exactly when it
says so, every tick and cross matches its test, a reason is quoted only for a rule that fired,
an unknown input is said in words, and an answer in Chinese has no English sentence (nor an
answer in English any Chinese)."""

from __future__ import annotations

import operator

import pytest

from critmin import render
from critmin.concepts import LEVERS, TIER_RANK, TIERS
from critmin.errors import RuleError
from critmin.explain.compare import compare
from critmin.explain.criteria import criteria
from critmin.explain.fact_query import TOPICS, fact_answer
from critmin.explain.levers import lever_reason
from critmin.explain.queries import by_lever, levers_of, partners_of
from critmin.explain.why import RuleNode, why
from critmin.explain.why_not import why_not
from critmin.inference.traced import score
from critmin.language.syntax import Compare
from critmin.ruleset.loading import load_rules
from critmin.words.phrases import say
from tests.helpers.answer_checks import (
    chinese_in_english,
    english_in_chinese,
    false_reasons,
    marked_comparisons,
    wrong_marks,
)

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq,
       "!=": operator.ne}


def nodes(node: RuleNode):
    yield node
    for test in node.tests:
        for child in test.derived_by:
            yield from nodes(child)


def every_tree(results, mineral):
    """The rule trees of every explanation of one mineral: why, why not each tier, each lever."""
    tree = why(results, mineral)
    yield from tree.concluded_by
    yield from tree.outranked
    for tier in TIERS:
        yield from (gap.node for gap in why_not(results, mineral, tier).rules if gap.node)
    for lever in LEVERS:
        found = lever_reason(results, mineral, lever)
        yield from found.given_by
        yield from (gap.node for gap in found.missing if gap.node)


def test_every_comparison_stated_holds_exactly_when_it_says(results):
    checked = 0
    for a in results.values():
        for top in every_tree(results, a.mineral):
            for c in criteria(top):
                if c.subject in (None, "tier") or c.unknown:
                    continue
                assert OPS[c.op](c.value, c.threshold) == c.holds, (a.mineral, c)
                checked += 1
    assert checked > 300


def test_every_tick_and_cross_matches_its_test(results):
    """A test is marked ✓ only when its comparison holds with the values shown beside it."""
    for a in results.values():
        for top in every_tree(results, a.mineral):
            for node in nodes(top):
                for test in node.tests:
                    literal, values = test.test.node, test.test.values
                    if not isinstance(literal, Compare) or literal.left.__class__.__name__ != "Ref":
                        continue
                    left = values.get(getattr(literal.left, "name", ""))
                    right = values.get("params." + getattr(literal.right, "name", ""))
                    if left is None or right is None or isinstance(left, str):
                        continue
                    assert OPS[literal.op](left, right) == test.test.holds, (a.mineral, node.rule, test.test.text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_printed_tick_and_cross_agrees_with_its_comparison(results, lang):
    """Issue: a tick beside "2.06% ≥ 30%". Every ✓ or ✗ printed matches the comparison beside it."""
    printed = 0
    for a in results.values():
        texts = [render.text(why(results, a.mineral), lang)]
        texts += [render.text(why_not(results, a.mineral, tier), lang) for tier in TIERS if tier != a.tier]
        texts += [render.text(lever_reason(results, a.mineral, lever), lang, form="full") for lever in LEVERS]
        for text in texts:
            assert wrong_marks(text) == [], a.mineral
            printed += marked_comparisons(text)
    assert printed > 300


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_reason_only_for_a_rule_that_fired(results, lang):
    for a in results.values():
        texts = [render.text(why_not(results, a.mineral, t), lang, form=form) for t in TIERS
                 for form in ("brief", "full") if t != a.tier]
        texts += [render.text(lever_reason(results, a.mineral, lever), lang, form=form) for lever in LEVERS
                  for form in ("brief", "full")]
        texts.append(render.text(why(results, a.mineral), lang))
        for text in texts:
            assert false_reasons(text, results, [a.mineral]) == []


def test_why_not_quotes_no_reason_for_the_rule_that_would_conclude_it(results):
    gap = why_not(results, "lithium", "very_high")
    assert all(rule.because == "" for rule in gap.rules if not rule.alternative.holds)
    text = render.text(gap, "en", form="brief")
    rule = results.rules.rule(gap.rules[0].rule)
    assert rule.because.split("{")[0].strip() not in text  # "Imports must fill nearly all demand …"
    assert "(it is 73.82% [report: Table 5])" in text  # the value, with its source


def test_an_unknown_input_is_said_in_words(results):
    """Issue: "China holds unknown of processing". A value with no figure is said in words."""
    without = [a.mineral for a in results.values() if a.indicators["china_processing_share"].value is None]
    assert "nickel" in without
    for mineral in without:
        for tier in TIERS:
            for form in ("brief", "full"):
                for lang, words in (("en", "no figure for China's share of processing"),
                                    ("zh", "没有中国加工份额的数据")):
                    gap = why_not(results, mineral, tier)
                    text = render.text(gap, lang, form=form)
                    # an unrated mineral names its unknown inputs in one sentence; no value is "unknown"
                    intro = say("why.missing", lang, inputs="|").split("|")[0]
                    said = "\n".join(line for line in text.splitlines() if intro not in line)
                    assert "unknown" not in said and "未知" not in said
                    if any(c.subject == "china_processing_share" for rule in gap.rules for c in rule.unmet) \
                            and TIER_RANK[tier] > results[mineral].tier_rank and form == "full":
                        assert words in text, (mineral, tier, lang, form)
    assert "no figure for China's share of processing of nickel" in render.text(fact_answer(results, "nickel",
                                                                                             "processing"))


def explanations(results, mineral):
    yield why(results, mineral)
    yield why_not(results, mineral, "very_high" if results[mineral].tier != "very_high" else "low")
    yield levers_of(results, mineral)
    yield partners_of(results, mineral)
    yield lever_reason(results, mineral, "tariff")
    yield lever_reason(results, mineral, "stockpile")
    for topic in TOPICS:
        yield fact_answer(results, mineral, topic)


def test_chinese_answers_are_wholly_chinese_and_english_ones_wholly_english(results):
    for a in results.values():
        for obj in explanations(results, a.mineral):
            for form in ("brief", "full"):
                options = {} if obj.__class__.__name__ == "FactAnswer" else {"form": form}
                assert english_in_chinese(render.text(obj, "zh", **options)) == [], (a.mineral, type(obj), form)
                assert chinese_in_english(render.text(obj, "en", **options)) == [], (a.mineral, type(obj), form)
    for lever in LEVERS:
        assert english_in_chinese(render.text(by_lever(results, lever), "zh", form="full")) == []
    assert english_in_chinese(render.text(compare(results, "nickel", "copper"), "zh", form="full")) == []


def test_a_rule_without_a_chinese_reason_is_explained_by_its_conditions(facts, rules_copy):
    for path in rules_copy.glob("*.yaml"):
        path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                                  if "because_zh:" not in line), encoding="utf-8")
    results = score(facts, load_rules(rules_copy))
    for mineral in ("nickel", "zinc", "copper"):
        text = render.text(why(results, mineral), "zh", form="brief")
        assert english_in_chinese(text) == [] and "原因" in text
    assert "≥" in render.text(lever_reason(results, "graphite", "tariff"), "zh")


def test_because_zh_is_checked_like_because(rules_copy):
    tiers = rules_copy / "tiers.yaml"
    text = tiers.read_text(encoding="utf-8")
    tiers.write_text(text.replace("because_zh: \"", "because_zh: \"{shortfal_2035:.1%} ", 1), encoding="utf-8")
    with pytest.raises(RuleError, match="unknown name 'shortfal_2035'"):
        load_rules(rules_copy)


def test_the_tier_rule_ranking_is_kept(results):
    """A why-not for a lower tier says the higher tier wins, with the rule and its reason."""
    gap = why_not(results, "nickel", "high")
    assert TIER_RANK[gap.current] > TIER_RANK[gap.tier]
    text = render.text(gap, "en", form="brief")
    rule = gap.concluded_by[0]
    assert text.startswith("Nickel is very high, not high: the highest tier any rule concludes wins.")
    assert f"(rule {rule.rule}," in text and rule.because in text
