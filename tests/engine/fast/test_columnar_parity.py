"""The column-wise evaluator against the traced durable_rules path: identical results."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import yaml

import critmin
from critmin.assumptions.overrides import apply_overrides
from critmin.assumptions.scenarios import list_scenarios
from critmin.errors import EngineError, OverrideError, UsageError
from critmin.fast.columnar import evaluate_scenarios, evaluate_table
from critmin.fast.scenario_table import table_from_scenarios
from critmin.fast.sweep import draw, draw_overrides, scenario_table, varied_inputs
from critmin.inference.traced import score
from critmin.ruleset.loading import load_rules

RANDOM_SCENARIOS = 2_000  # column-wise in one call, each replayed on the traced path
PARAM_GROUP = 20  # parameters are redrawn every PARAM_GROUP scenarios
TIER_RANKS = 5  # unrated, low, medium, high, very_high


def traced(facts, rules, overrides, minerals: list[str] | None = None) -> dict[str, tuple]:
    """mineral → (tier, score, signals, levers) on the durable_rules path."""
    scenario_facts, scenario_rules = apply_overrides(facts, rules, overrides)
    return {a.mineral: (a.tier, a.score, a.signals, tuple(a.lever_ids))
            for a in score(scenario_facts, scenario_rules, minerals).values()}


def columns(frame, scenario: int) -> dict[str, tuple]:
    rows = frame[frame.scenario == scenario]
    return {r.mineral: (r.tier, r.score, r.signals, r.levers) for r in rows.itertuples()}


def test_baseline_matches_the_traced_path(facts, rules, results):
    frame = evaluate_scenarios(facts, rules, [[]])
    assert list(frame.columns) == ["scenario", "mineral", "tier", "score", "signals", "levers"]
    expected = {a.mineral: (a.tier, a.score, a.signals, tuple(a.lever_ids)) for a in results.values()}
    assert columns(frame, 0) == expected


@pytest.mark.slow
def test_thousands_of_random_scenarios_match(facts, rules):
    fact_inputs = varied_inputs(facts, rules, "facts")
    param_inputs = varied_inputs(facts, rules, "params")
    rng = np.random.default_rng(20260623)
    fact_draws = draw(fact_inputs, rng, RANDOM_SCENARIOS)
    groups = draw(param_inputs, rng, RANDOM_SCENARIOS // PARAM_GROUP)
    param_draws = {k: np.repeat(v, PARAM_GROUP) for k, v in groups.items()}
    inputs, draws = fact_inputs + param_inputs, {**fact_draws, **param_draws}
    evaluation = evaluate_table(scenario_table(facts, rules, inputs, draws, RANDOM_SCENARIOS), rules)
    frame = evaluation.to_frame()
    got = {(r.scenario, r.mineral): (r.tier, r.score, r.signals, r.levers) for r in frame.itertuples()}
    replay = replayed_minerals(evaluation)  # one mineral each: every mineral about 90 times
    assert sorted(replay) == list(range(RANDOM_SCENARIOS))  # every scenario is replayed
    tiers_seen, checked, mismatches = set(), set(), []
    for i, minerals in sorted(replay.items()):  # in order: a parameter group compiles once
        own = [o for item, o in zip(inputs, draw_overrides(inputs, draws, i), strict=True)
               if item.mineral is None or item.mineral in minerals]  # a mineral reads only its own facts
        expected = traced(facts, rules, own, sorted(minerals))
        tiers_seen |= {v[0] for v in expected.values()}
        checked |= set(expected)
        mismatches += [(i, m, got[i, m], v) for m, v in expected.items() if got[i, m] != v]
    assert not mismatches[:5]
    assert checked == set(facts.minerals)
    assert tiers_seen >= {"very_high", "high", "medium", "low"}  # every tier exercised


def outcomes(evaluation, m: int) -> np.ndarray:
    """(outcome, scenario) → shown by mineral ``m``: each rule fired, each rule not fired, each tier."""
    fired = np.array([evaluation.fired[rule][m] for rule in sorted(evaluation.fired)], dtype=bool)
    tiers = np.array([evaluation.rank[m] == rank for rank in range(TIER_RANKS)], dtype=bool)
    return np.concatenate([fired, ~fired, tiers])


def replayed_minerals(evaluation, per_scenario: int = 1) -> dict[int, set[str]]:
    """Which minerals of each scenario the traced path replays.

    Every scenario, with ``per_scenario`` minerals in rotation; then, per mineral, as few
    further scenarios as show every outcome the column-wise run gave that mineral in any of
    the scenarios: each rule firing and not firing, and each tier. So every rule outcome of
    every mineral seen in the column-wise run is confirmed by the traced path.
    """
    names = evaluation.minerals
    replay = {i: {names[(i * per_scenario + j) % len(names)] for j in range(per_scenario)}
              for i in range(evaluation.size)}
    for m, mineral in enumerate(names):
        shown = outcomes(evaluation, m)
        chosen = np.array([mineral in replay[i] for i in range(evaluation.size)])
        missing = shown.any(axis=1) & ~shown[:, chosen].any(axis=1)
        while missing.any():
            best = int(np.argmax(shown[missing].sum(axis=0)))
            replay[best].add(mineral)
            chosen[best] = True
            missing &= ~shown[:, best]
        assert (shown[:, chosen].any(axis=1) == shown.any(axis=1)).all(), mineral
    return replay


def test_every_shipped_scenario_matches(facts, rules):
    scenarios = list_scenarios(facts)
    if not scenarios:
        pytest.skip("no facts/scenarios/*.yaml shipped")
    overrides = [list(s.overrides) for s in scenarios] + [[o for s in scenarios for o in s.overrides]]
    frame = evaluate_scenarios(facts, rules, overrides)
    for i, changes in enumerate(overrides):
        name = scenarios[i].name if i < len(scenarios) else "all scenarios at once"
        assert columns(frame, i) == traced(facts, rules, changes), name


EXOTIC_PARAMETERS = """
cut: {value: 0.5, range: [0.2, 0.8], doc: "a threshold"}
scale: {value: 2, range: [1, 3], doc: "a multiplier"}
country: {value: "China", doc: "a producer"}
"""
EXOTIC_RULES = [  # (id, when, then): every kind of expression the language has
    ("big_gap", "shortfall_2035 * params.scale >= params.cut + 0.25", {"signal": "big_gap"}),
    ("named_top", "top1_country == params.country or top1_country in ['Chile', 'Indonesia']",
     {"signal": "named_top"}),
    ("odd", "not (demand_growth / (self_sufficiency - 0.5) > 3 or hhi - ally_share * 0.1 < 0.2)",
     {"signal": "odd"}),
    ("allied", "ally_share >= 0.25 and adversary_share != 0", {"signal": "allied"}),
    ("restricted", "export_restrictions in [1, 2] or net_import_reliance not in [0.5, 1]",
     {"signal": "restricted"}),
    ("chained", "0.1 < top1_share <= params.cut and not named_top", {"signal": "chained"}),
    ("deep", "chained and not (allied or odd)", {"signal": "deep"}),
    ("t_very_high", "big_gap and named_top", {"tier": "very_high"}),
    ("t_high", "odd or allied", {"tier": "high"}),
    ("t_medium", "chained or deep", {"tier": "medium"}),
    ("t_low", "restricted and not big_gap", {"tier": "low"}),
    ("p_spread", "tier >= 'medium'", {"points": "10 * hhi + 100 / (1 + demand_growth)"}),
    ("p_unrated", "tier == 'unrated'", {"points": 5}),
    ("p_allies", "allied", {"points": "-3 * ally_share + 0.0005"}),
    ("p_unknown", "tier >= 'low'", {"points": "0.001 / (top1_share - 0.6667)"}),  # nickel: 1/0
    ("l_stock", "tier >= 'high' or restricted", {"lever": "stockpile"}),
    ("l_tariff", "named_top and tier != 'low'", {"lever": "tariff", "partners": "allies"}),
    ("l_stock_again", "deep", {"lever": "stockpile"}),
]


def rules_text(rules: list[tuple[str, str, dict]]) -> str:
    return yaml.safe_dump({"rules": [{"id": i, "when": w, "then": t, "because": "Gap {shortfall_2035:.0%}.",
                                      "source": "test"} for i, w, t in rules]})


def write_rules(folder: Path, rules_text: str, params_text: str = EXOTIC_PARAMETERS) -> Path:
    folder.mkdir()
    (folder / "parameters.yaml").write_text(params_text, encoding="utf-8")
    (folder / "rules.yaml").write_text(rules_text, encoding="utf-8")
    return folder


def random_overrides(facts, rng: random.Random) -> list[str]:
    """Facts within their ranges, parameters, alignments and producer shares, at random."""
    out = []
    for mineral in rng.sample(sorted(facts.minerals), 4):
        for key, fact in facts.minerals[mineral].facts.items():
            if fact.range and rng.random() < 0.7:
                out.append(f"{mineral}.{key}={rng.uniform(*fact.range)!r}")
    out += [f"params.cut={rng.uniform(0.2, 0.8)!r}", f"params.scale={rng.choice([1, 2, 2.5, 3])}"]
    if rng.random() < 0.5:
        out.append(f"params.country={rng.choice(['China', 'Chile', 'Australia'])}")
    for country in rng.sample(["China", "Australia", "Chile", "Indonesia", "DR Congo"], 2):
        out.append(f"countries.{country}.alignment={rng.choice(['ally', 'partner', 'neutral', 'adversary'])}")
        out.append(f"countries.{country}.nationalism_risk={rng.choice(['low', 'high', 'extreme'])}")
    share = round(rng.uniform(0.01, 0.25), 4)
    out += [f"copper.producers.Chile={share}", f"copper.producers.Zimbabwe={round(share / 2, 4)}"]
    return out


@pytest.mark.slow
def test_every_kind_of_expression_matches(tmp_path, facts):
    rules = load_rules(write_rules(tmp_path / "rules", rules_text(EXOTIC_RULES)))
    rng = random.Random(7)
    scenarios = [[]] + [random_overrides(facts, rng) for _ in range(150)]
    frame = evaluate_scenarios(facts, rules, scenarios)
    changed = [apply_overrides(facts, rules, overrides) for overrides in scenarios]
    replay = replayed_minerals(evaluate_table(table_from_scenarios(changed), rules), per_scenario=6)
    signals_seen = set()
    for i, minerals in sorted(replay.items()):
        expected = traced(facts, rules, scenarios[i], sorted(minerals))
        assert {m: v for m, v in columns(frame, i).items() if m in minerals} == expected, (i, scenarios[i])
        signals_seen |= {s for v in expected.values() for s in v[2]}
    assert signals_seen == {"big_gap", "named_top", "odd", "allied", "restricted", "chained", "deep"}


def test_a_number_too_large_for_the_engine_fails_on_both_paths(tmp_path, facts):
    text = rules_text([("huge", "demand_2035_t * 1000000000 > 1", {"tier": "low"})])
    rules = load_rules(write_rules(tmp_path / "rules", text))
    with pytest.raises(EngineError, match="too large"):
        score(facts, rules)
    with pytest.raises(EngineError, match="too large"):
        evaluate_scenarios(facts, rules, [[]])


def test_a_membership_test_on_parameters_alone(tmp_path, facts):
    text = rules_text([("mode", "params.country in ['China'] and shortfall_2035 >= 0", {"tier": "high"})])
    rules = load_rules(write_rules(tmp_path / "rules", text))
    for country, tier in (("China", "high"), ("Chile", "unrated")):
        overrides = [f"params.country={country}"]
        assert {v[0] for v in traced(facts, rules, overrides).values()} == {tier}
        assert set(evaluate_scenarios(facts, rules, [overrides]).tier) == {tier}


def test_bad_scenarios_are_refused_like_overrides(facts, rules):
    with pytest.raises(OverrideError, match="share"):
        evaluate_scenarios(facts, rules, [[], ["nickel.producers.Indonesia=1.5"]])
    with pytest.raises(UsageError, match="at least one scenario"):
        evaluate_scenarios(facts, rules, [])


def test_minerals_can_be_limited(facts, rules):
    frame = critmin.evaluate_scenarios(facts, rules, [[], ["params.severe_shortfall_min=0.999"]], ["nickel"])
    assert list(frame.mineral) == ["nickel", "nickel"]
    assert list(frame.tier) == ["very_high", "high"]


def test_points_from_parameters_alone_round_like_the_traced_path(tmp_path, facts):
    text = rules_text([("any", "shortfall_2035 >= 0", {"tier": "low"}),
                       ("tie", "tier == 'low'", {"points": "params.scale * 0.0005 + params.cut"})])
    rules = load_rules(write_rules(tmp_path / "rules", text))
    overrides = ["params.scale=1", "params.cut=0.2"]  # 0.2005 points: a tie at three decimals
    expected = {v[1] for v in traced(facts, rules, overrides).values()}
    assert set(evaluate_scenarios(facts, rules, [overrides]).score) == expected
