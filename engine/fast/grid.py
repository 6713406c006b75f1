"""Comparisons on the grid of one millionth, turned into comparisons of the raw values.

Rules compare numbers on the grid of :func:`critmin.indicators.numeric.quantise`:
``x >= p`` means ``rint(x·10⁶) >= rint(p·10⁶)``. Column-wise, quantising every value costs two
passes over each column. For a fixed right side the same answer comes from one comparison of
the raw value with a threshold found once: ``q(x) >= Q`` holds exactly when ``x >= t`` for the
smallest float ``t`` that quantises to ``Q`` or more. This module finds those thresholds, for
a number or for an array of them (a parameter drawn per scenario), so that for every float
``x`` — NaN included, which fails every comparison — the result is the grid comparison's:

- ``q(x) >= Q`` ⟺ ``h >= Q - ½`` if Q is even, else ``h > Q - ½`` (rint rounds half to even),
  with ``h = fl(x·10⁶)``; ``q(x) > Q`` is ``q(x) >= Q + 1``; ``<=`` and ``<`` likewise;
- ``h >= c`` ⟺ ``x >= lo(c)`` and ``h > c`` ⟺ ``x > hi(c)``, where ``lo(c)`` is the smallest
  and ``hi(c)`` the largest float whose product with 10⁶ is at least / at most ``c``
  (a product with a positive constant never decreases as x grows).

Quantised values of 2⁵² or more (beyond 4.5·10⁹ at the grid's resolution) are left to the
quantising comparison, where ``Q ± ½`` would not be exact.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from critmin.concepts import RESOLUTION

EXACT_LIMIT = 2.0 ** 52  # quantised values below this: Q ± ½ is exact
_UP, _DOWN = np.inf, -np.inf


def exact(quantised: Any) -> bool:
    """Whether thresholds can stand for comparisons with ``quantised`` (NaN allowed)."""
    largest = np.fmax.reduce(np.abs(np.ravel(quantised)), initial=0.0)
    return bool(largest < EXACT_LIMIT)


def thresholds(op: str, quantised: Any) -> list[tuple[str, Any]]:
    """[(op, t), ...] whose conjunction (``==``) or disjunction (``!=``) on raw x equals
    ``q(x) op quantised``; ``quantised`` is a number or an array of quantised values."""
    q = np.asarray(quantised, dtype=float)
    if op == ">=":
        return [_at_least(q)]
    if op == ">":
        return [_at_least(q + 1.0)]
    if op == "<=":
        return [_at_most(q)]
    if op == "<":
        return [_at_most(q - 1.0)]
    if op == "==":
        return [_at_least(q), _at_most(q)]
    if op == "!=":  # known and different: below the lowest or above the highest that equals
        (_, low), (_, high) = _at_least(q), _at_most(q)
        return [("<", low), (">", high)]
    raise ValueError(f"not a comparison: {op}")


def _at_least(q: np.ndarray) -> tuple[str, Any]:
    """q(x) >= q ⟺ x >= t: h >= q - ½ where q is even, h > q - ½ where it is odd."""
    return ">=", _plain(_smallest(q - 0.5, strict=_odd(q)))


def _at_most(q: np.ndarray) -> tuple[str, Any]:
    """q(x) <= q ⟺ x <= t: h <= q + ½ where q is even, h < q + ½ where it is odd; that is,
    x is below the smallest float whose product is above (or, odd, at least) q + ½."""
    first_above = _smallest(q + 0.5, strict=~_odd(q))
    return "<=", _plain(_step(first_above, _DOWN))


def _smallest(c: np.ndarray, strict: np.ndarray) -> np.ndarray:
    """The smallest float x with fl(x·10⁶) > c (where ``strict``) or >= c (elsewhere).

    c / 10⁶ is within an ulp or two of it: step up while x falls short, down while the float
    below still satisfies (NaN stays NaN: it satisfies nothing)."""
    t = np.asarray(c / RESOLUTION, dtype=float)
    for _ in range(64):
        known = ~np.isnan(t)
        up = ~_satisfies(t, c, strict) & known
        below = _step(t, _DOWN)
        down = ~up & known & _satisfies(below, c, strict)
        if not (up.any() or down.any()):
            return t
        t = np.where(down, below, np.where(up, _step(t, _UP), t))
    raise ArithmeticError("no grid threshold found")  # pragma: no cover - IEEE guarantees one


def _satisfies(x: np.ndarray, c: np.ndarray, strict: np.ndarray) -> np.ndarray:
    product = x * RESOLUTION
    return (product > c) | (~strict & (product == c))


def _odd(q: np.ndarray) -> np.ndarray:
    """Whether each quantised value (a whole number below 2⁵²) is odd."""
    return np.nan_to_num(q).astype(np.int64) % 2 != 0


def _step(t: np.ndarray, direction: float) -> np.ndarray:
    """The neighbouring float of each finite ``t`` towards ``direction`` (``np.nextafter``,
    computed on the bits: the float's integer image moves by one away from or towards zero)."""
    t = np.asarray(t, dtype=float)
    bits = t.view(np.int64)
    away = (t > 0) if direction > 0 else (t < 0)  # the magnitude grows
    moved = np.where(away, bits + 1, bits - 1).view(np.float64)
    tiny = 5e-324 if direction > 0 else -5e-324
    return np.where(t == 0, tiny, np.where(np.isnan(t), t, moved))


def _plain(t: np.ndarray) -> Any:
    return float(t) if np.ndim(t) == 0 else t
