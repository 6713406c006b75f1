"""The compiled column-wise plan: grid thresholds, output modes, reused columns, sensitivity."""

from __future__ import annotations

import operator

import numpy as np
import pytest

from critmin.fast.columnar import changed_columns, evaluate_table, plan_for, run_on
from critmin.fast.grid import thresholds
from critmin.fast.sweep import _reset, draw, run_sweep, scenario_table, varied_inputs
from critmin.indicators.numeric import round_like_python, sum_where

OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
       "==": operator.eq, "!=": operator.ne}


def grid_truth(op: str, x: np.ndarray, q) -> np.ndarray:
    """The comparison as the rule language defines it: both sides quantised, unknown false."""
    qx = np.rint(x * 1e6)
    return OPS[op](qx, q) & ~np.isnan(qx) & ~np.isnan(np.asarray(q, dtype=float))


def through_thresholds(op: str, x: np.ndarray, q) -> np.ndarray:
    result = None
    for part, t in thresholds(op, q):
        flags = OPS[part](x, t)
        result = flags if result is None else (result | flags if op == "!=" else result & flags)
    return result


def near(values: np.ndarray, steps: int = 3) -> np.ndarray:
    """Values and their float neighbours, a few steps either way."""
    out = [values]
    for _ in range(steps):
        out += [np.nextafter(out[-1], np.inf), np.nextafter(out[-2] if len(out) > 1 else values, -np.inf)]
    return np.concatenate(out)


@pytest.mark.parametrize("op", sorted(OPS))
def test_thresholds_decide_exactly_as_the_grid(op):
    rng = np.random.default_rng(11)
    for q in [0.0, 1.0, -1.0, 2.0, 3.0, 600000.0, 600001.0, -7.0, 4.5e15 - 1, *np.rint(rng.uniform(-1e9, 1e9, 40))]:
        halfway = np.array([(q + d) / 1e6 for d in (-1.5, -1, -0.5, 0, 0.5, 1, 1.5)])
        x = np.concatenate([near(halfway), rng.uniform(-2e3, 2e3, 50), [np.nan, 0.0, -0.0]])
        assert np.array_equal(through_thresholds(op, x, q), grid_truth(op, x, q)), (op, q)


@pytest.mark.parametrize("op", sorted(OPS))
def test_thresholds_of_a_parameter_per_scenario(op):
    rng = np.random.default_rng(5)
    q = np.rint(rng.uniform(-1e6, 1e6, 5000))
    q[::7], q[::11], q[::13] = np.nan, 0.0, 1.0
    x = np.nextafter((q + rng.choice([-1.5, -0.5, 0.0, 0.5, 1.0], q.size)) / 1e6,
                     rng.choice([np.inf, -np.inf], q.size))
    assert np.array_equal(through_thresholds(op, x, q), grid_truth(op, x, q))


def test_rounding_near_ties_is_pythons():
    rng = np.random.default_rng(3)
    for digits in (1, 3, 9):
        ties = (rng.integers(-10**6, 10**6, 3000) + 0.5) / 10 ** digits
        values = np.concatenate([near(ties, 2), rng.uniform(-1e3, 1e3, 1000), [1e17, -3e16, np.nan]])
        expected = [round(float(v), digits) if v == v else v for v in values]
        got = round_like_python(values, digits)
        assert np.array_equal(got, np.array(expected), equal_nan=True), digits


def test_sum_where_agrees_on_numbers_and_arrays():
    pairs = [(1.5, True), (None, True), (2.25, False), (-0.75, True)]
    assert sum_where(pairs) == 0.75
    values = np.array([1.5, np.nan, 2.25, -0.75])
    flags = np.array([True, True, False, True])
    as_arrays = sum_where([(values, flags), (3.0, flags)])
    as_numbers = [sum_where([(None if v != v else v, f), (3.0, f)]) for v, f in zip(values, flags)]
    assert list(as_arrays) == as_numbers


@pytest.fixture(scope="module")
def drawn(facts, rules):
    inputs = varied_inputs(facts, rules, "both")
    draws = draw(inputs, np.random.default_rng(9), 3000)
    return inputs, draws, scenario_table(facts, rules, inputs, draws, 3000)


def test_fewer_outputs_give_the_same_tiers_and_scores(rules, drawn):
    table = drawn[2]
    full = evaluate_table(table, rules, outputs="full")
    score = evaluate_table(table, rules, outputs="score")
    tier = evaluate_table(table, rules, outputs="tier")
    assert np.array_equal(full.rank, score.rank) and np.array_equal(full.rank, tier.rank)
    assert np.array_equal(full.score, score.score) and tier.score is None
    assert full.signals and full.fired and not score.signals and not tier.fired


def test_a_fact_put_back_reuses_the_columns_it_does_not_change(facts, rules, drawn):
    inputs, draws, table = drawn
    base = evaluate_table(table, rules, outputs="tier")
    plan = plan_for(rules, "tier", frozenset(n for n, v in table.params.items() if isinstance(v, np.ndarray)))
    for item in [i for i in inputs if i.mineral in ("copper", "cobalt")]:
        columns, changed = _reset(facts, inputs, table, item)
        reset = {**draws, item.key: np.full(3000, item.value)}
        again = evaluate_table(scenario_table(facts, rules, inputs, reset, 3000, [item.mineral]), rules, outputs="tier")
        derived = run_on(plan, changed_columns(base.inputs, item.mineral, columns, changed), table.params)
        assert np.array_equal(derived.rank, again.rank), item.key
    assert base.rank.shape == (len(facts.minerals), 3000)


def test_sensitivity_counts_what_putting_an_input_back_changes(facts, rules):
    result = run_sweep(facts, rules, 1500, seed=4)
    inputs = varied_inputs(facts, rules, "both")
    draws = draw(inputs, np.random.default_rng(4), 1500)
    drawn = evaluate_table(scenario_table(facts, rules, inputs, draws, 1500), rules, outputs="tier")
    index = {m: i for i, m in enumerate(drawn.minerals)}
    for item in inputs[::7]:
        reset = {**draws, item.key: np.full(1500, item.value)}
        again = evaluate_table(scenario_table(facts, rules, inputs, reset, 1500), rules, outputs="tier")
        flips = (again.rank != drawn.rank).sum(axis=1)
        expected = flips if item.mineral is None else np.where(np.arange(len(flips)) == index[item.mineral], flips, 0)
        assert list(result.decisive[item.key]) == list(expected), item.key
