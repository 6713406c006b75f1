"""Explanations reachable from the results: the same structures the CLI renders, by any mineral name."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import critmin
from critmin.cli.app import cli
from critmin.explain.compare import compare
from critmin.explain.why import why
from critmin.explain.why_not import why_not
from critmin.inference.results import Results as ScoredResults
from critmin.render import text


@pytest.fixture(scope="module")
def results():
    return critmin.assess()


def test_assess_and_score_return_results_you_can_question(results):
    facts, rules = critmin.load()
    for run in (results, critmin.score(facts, rules)):
        assert isinstance(run, critmin.Results) and isinstance(run, ScoredResults)
    assert critmin.score(facts, rules) == results


def test_why_is_the_cli_derivation(results):
    tree = results.why("Ni")
    assert isinstance(tree, critmin.Derivation)
    assert tree == why(results, "nickel")
    assert tree.head.mineral == "nickel" and tree.tier == "very_high"
    cli_json = json.loads(CliRunner().invoke(cli, ["explain", "镍", "--format", "json"]).output)
    assert cli_json["why"] == json.loads(json.dumps(tree.to_dict(), default=str))
    answer_then_derivation = text(tree, form="brief", hint=False) + "\n\n" + text(tree, with_headline=False)
    assert answer_then_derivation == CliRunner().invoke(cli, ["explain", "nickel"]).output.rstrip("\n")
    assert text(results.why("镍"), "zh") == text(tree, "zh")


@pytest.mark.parametrize("tier", ["high", "HIGH", "very high", "高"])
def test_why_not_takes_tiers_as_the_cli_does(results, tier):
    gap = results.why_not("cobalt", tier)
    assert isinstance(gap, critmin.WhyNot)
    assert gap == why_not(results, "cobalt", gap.tier) and gap.mineral == "cobalt"


def test_why_not_is_the_cli_why_not(results):
    gap = results.why_not("graphite", "very_high")
    output = CliRunner().invoke(cli, ["explain", "graphite", "--why-not", "very_high"]).output
    assert text(gap) in output


def test_a_bad_tier_or_name_is_a_clear_error(results):
    with pytest.raises(critmin.UsageError, match="'urgent' is not a tier; expected one of low, medium, high"):
        results.why_not("nickel", "urgent")
    with pytest.raises(critmin.UnknownMineralError, match="did you mean 'nickel'"):
        results.why("nikel")
    with pytest.raises(critmin.UnknownMineralError):
        results.compare("nickel", "unobtainium")


def test_compare_is_the_cli_comparison(results):
    side_by_side = results.compare("Ni", "钴")
    assert isinstance(side_by_side, critmin.Comparison)
    assert side_by_side == compare(results, "nickel", "cobalt")
    assert (side_by_side.a.head.mineral, side_by_side.b.head.mineral) == ("nickel", "cobalt")


def test_what_would_it_take_matches_the_cli():
    results = critmin.assess(minerals=["cobalt"])
    takes = results.what_would_it_take("Co", "high")
    assert isinstance(takes, critmin.Takes)
    assert takes.mineral == "cobalt" and takes.target == "high" and takes.changes
    cli_json = json.loads(CliRunner().invoke(cli, ["explain", "cobalt", "--take", "high", "--format", "json"]).output)
    assert [c["key"] for c in cli_json["what_would_it_take"]["changes"]] == [c.key for c in takes.changes]


def test_any_run_becomes_results_you_can_question():
    session = critmin.WhatIfSession()
    session.set({"params.severe_shortfall_min": 0.99})
    plain = session.results()
    asked = critmin.Results.of(plain)
    assert asked == plain and critmin.Results.of(asked) is asked
    assert asked.why("nickel").tier == "high"
