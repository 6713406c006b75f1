"""Formulas give the same numbers on Python scalars and numpy arrays."""

from __future__ import annotations

import numpy as np
import pytest

from critmin.indicators.catalogue import INDICATORS, compute_indicators, shortfall
from critmin.indicators.numeric import (
    at_least_zero,
    clamp,
    pick,
    quantise,
    quantise_array,
    ratio,
    round_like_python,
    rounded,
    total,
    zero_if_unknown,
)


def awkward_values() -> list[float]:
    """Random values of every magnitude the engine sees, plus exact and near ties."""
    rng = np.random.default_rng(11)
    values = list(rng.uniform(0, 1, 20_000)) + list(rng.uniform(0, 2e7, 20_000))
    values += list(np.round(rng.uniform(0, 100, 20_000), 4) + 0.00005)  # near ties at 4 digits
    values += list(np.round(rng.uniform(0, 1e6, 20_000), 9) + 5e-10)  # near ties at 9 digits
    values += [k / 8 for k in range(-800, 800)] + [k / 2 / 10**d for k in range(-500, 500) for d in (1, 3, 9)]
    values += [2.675, 1.005, 30.85, 30.65, -0.0, 1e-300, 5e-324, 1e300, float("inf"), -float("inf")]
    return [float(v) for v in values]  # Python floats: numpy's own round differs near ties


@pytest.mark.parametrize("digits", [1, 3, 9])
def test_rounding_is_exactly_pythons(digits):
    values = awkward_values()
    got = round_like_python(np.array(values), digits)
    expected = np.array([round(v, digits) for v in values])
    assert np.array_equal(got, expected)
    assert np.isnan(round_like_python(np.array([np.nan]), digits)[0])
    ties = [v for v in values if v * 10**digits % 1 == 0.5][:50]  # a constant is a 0-d array
    assert ties and [float(round_like_python(np.asarray(v), digits)) for v in ties] == [round(v, digits) for v in ties]


def test_quantising_is_exactly_the_engines():
    values = awkward_values()[:-3]  # quantise() overflows on ±inf and 1e300, as it should
    got = quantise_array(np.array(values))
    assert [int(v) for v in got] == [quantise(v) for v in values]


def test_helpers_agree_on_scalars_and_arrays():
    a = [3.0, 0.0, None, 5.5, 1e-9]
    b = [2.0, 0.0, 1.0, None, 3.0]
    arr = lambda xs: np.array([np.nan if x is None else x for x in xs])  # noqa: E731
    for fn in (ratio, shortfall):
        scalars = [fn(x, y) for x, y in zip(a, b)]
        assert np.array_equal(fn(arr(a), arr(b)), arr(scalars), equal_nan=True)
    assert np.array_equal(at_least_zero(arr([-1.0, 2.0, None])), arr([at_least_zero(-1.0), 2.0, None]),
                          equal_nan=True)
    assert pick(True, 1.0, 0.0) == 1.0 and list(pick(np.array([True, False]), 1.0, 0.0)) == [1.0, 0.0]
    assert total([0.1, 0.2, 0.3]) == (0.1 + 0.2) + 0.3
    assert list(total([np.array([0.1]), np.array([0.2])])) == [0.1 + 0.2]
    values = [-0.0, -3.5, 0.0, 2.675, 99.95, 100.0, 100.04, 250.0]
    assert list(clamp(np.array(values), 0.0, 100.0)) == [clamp(v, 0.0, 100.0) for v in values]
    assert [clamp(v, 0.0, 100.0) for v in values] == [min(100.0, max(0.0, v)) for v in values]
    assert np.array_equal(rounded(arr([2.675, None, 1.005]), 2), arr([rounded(2.675, 2), None, rounded(1.005, 2)]),
                          equal_nan=True)
    assert list(zero_if_unknown(arr([None, 1.5]))) == [zero_if_unknown(None), zero_if_unknown(1.5)] == [0.0, 1.5]
    assert quantise(0.1 + 0.2) == quantise(0.3) == 300_000
    assert list(quantise_array(np.array([0.1 + 0.2]))) == [300_000.0]


def test_indicators_keep_their_values_and_inputs(facts):
    nickel = compute_indicators(facts.minerals["nickel"], facts)
    assert nickel["shortfall_2035"].value == round(741_987 / 749_987, 9)
    assert nickel["top3_share"].value == round(0.6667 + 0.0692 + 0.0513, 9)
    assert nickel["top3_share"].inputs == ("producers.Indonesia", "producers.Philippines", "producers.Russia")
    assert nickel["adversary_share"].inputs[-1] == "countries.Russia.alignment"
    cobalt = compute_indicators(facts.minerals["cobalt"], facts)
    assert cobalt["export_restrictions"].value == 1.0
    assert cobalt["export_restrictions"].inputs == ("countries.DR Congo.export_restrictions[0]",)
    assert set(INDICATORS) == set(nickel)
