"""The operations a plan (:mod:`critmin.fast.plan`) runs on a chunk, and what it binds per table.

Each operation writes into ``out`` (a register's chunk, minerals × scenarios). They use the
definitions the traced path uses: :mod:`critmin.language.evaluation` for arithmetic and
comparisons on the grid, :mod:`critmin.inference.semantics` for tiers, points and the score,
and :mod:`critmin.fast.grid` for comparisons turned into thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from critmin.concepts import RESOLUTION
from critmin.fast.grid import exact, thresholds
from critmin.indicators.numeric import quantise_array
from critmin.inference import semantics
from critmin.inference.compiler import MAX_ENGINE_INT, scaled
from critmin.language.evaluation import arith as arith_values
from critmin.language.syntax import Arith, Const, Neg, Node, Ref

UFUNCS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
          "==": np.equal, "!=": np.not_equal}
UNKNOWN_CODE = -1  # text values are integer codes; -1 is unknown


@dataclass
class Context:
    """What a plan's bound values are computed from: the table's parameters and text codes."""

    params: dict[str, Any]
    codes: dict[str, int]

    def code(self, value: Any) -> Any:
        """Text as its integer code (an array of texts as an array of codes)."""
        if isinstance(value, np.ndarray):
            return np.array([self.code(v) for v in value], dtype=np.int64)
        return self.codes.setdefault(value, len(self.codes))


# ---------------------------------------------------------------- bound per table

def fixed_value(node: Node, ctx: Context, check: bool) -> Any:
    """A value read from constants and parameters only (a number or one per scenario)."""
    value = _fixed(node, ctx.params)
    if check:
        check_engine_range(quantise_array(value))
    return value


def _fixed(node: Node, params: dict[str, Any]) -> Any:
    if isinstance(node, Const):
        return float(node.value)
    if isinstance(node, Ref):
        value = params[node.name]
        return value.astype(float) if isinstance(value, np.ndarray) else float(value)
    if isinstance(node, Neg):
        return -_fixed(node.operand, params)
    if isinstance(node, Arith):
        return arith_values(node.op, _fixed(node.left, params), _fixed(node.right, params))
    raise TypeError(f"not a value fixed per scenario: {node!r}")


def threshold(op: str, value: Any, index: int) -> Any:
    """The ``index``-th threshold of ``q(x) op value`` (see :func:`grid_compare`)."""
    q = quantise_array(value)
    if not exact(q):
        return "quantised", q
    return thresholds(op, q)[index][1]


def quantise(value: Any) -> Any:
    return quantise_array(value)


def check_engine_range(*values: Any) -> None:
    """The traced path refuses numbers durable_rules cannot hold; so does this one."""
    for value in values:
        largest = np.fmax.reduce(np.abs(np.ravel(value)), initial=0.0)  # NaN (unknown) ignored
        if largest > MAX_ENGINE_INT:
            scaled(float(largest) / RESOLUTION)  # raises EngineError


# ---------------------------------------------------------------- run per chunk

def fill(value: Any, out: np.ndarray) -> None:
    out[...] = value


def copy(value: Any, out: np.ndarray) -> None:
    np.copyto(out, value)


def grid_compare(op: str, column: np.ndarray, threshold: Any, out: np.ndarray) -> None:
    """``q(column) op Q`` as ``column op' t`` (:mod:`critmin.fast.grid`), or quantised when
    the threshold was beyond the exact range."""
    if isinstance(threshold, tuple):
        UFUNCS[op](quantise_array(column), threshold[1], out=out)
    else:
        UFUNCS[op](column, threshold, out=out)


def quantised_compare(op: str, left: Any, right: Any, out: np.ndarray) -> None:
    """Both sides on the grid; any comparison with an unknown value is false."""
    UFUNCS[op](left, right, out=out)
    if op == "!=":
        np.logical_and(out, ~np.isnan(left), out=out)
        np.logical_and(out, ~np.isnan(right), out=out)


def quantise_checked(check: bool, value: Any, out: np.ndarray) -> None:
    """``value`` on the grid (:func:`critmin.indicators.numeric.quantise_array`), in place."""
    np.multiply(value, RESOLUTION, out=out)
    np.rint(out, out=out)
    if check:
        check_engine_range(out)


def arith(op: str, left: Any, right: Any, out: np.ndarray) -> None:
    np.copyto(out, arith_values(op, np.asarray(left, dtype=float), np.asarray(right, dtype=float)))


BOUNDED = {"+": np.add, "-": np.subtract, "*": np.multiply}


def bounded_arith(op: str, left: Any, right: Any, out: np.ndarray) -> None:
    """``arith`` where the operands are known to be too small to overflow: the same IEEE
    operation, with nothing non-finite to turn unknown (NaN stays NaN)."""
    BOUNDED[op](left, right, out=out)


def known_number(value: Any, out: np.ndarray) -> None:
    np.isnan(value, out=out)
    np.logical_not(out, out=out)


def known_text(value: Any, out: np.ndarray) -> None:
    np.not_equal(value, UNKNOWN_CODE, out=out)


def text_compare(op: str, left: Any, right: Any, out: np.ndarray) -> None:
    known = np.not_equal(left, UNKNOWN_CODE) & np.not_equal(right, UNKNOWN_CODE)
    np.logical_and(known, UFUNCS[op](left, right), out=out)


def text_member(negated: bool, data: Any, items: np.ndarray, out: np.ndarray) -> None:
    found = np.isin(data, items)
    np.logical_and(np.not_equal(data, UNKNOWN_CODE), found != negated, out=out)


def number_member(negated: bool, items: tuple[float, ...], data: Any, out: np.ndarray) -> None:
    found = np.isin(data, items) if items else np.zeros(np.shape(data), dtype=bool)
    np.logical_and(~np.isnan(data), found != negated, out=out)


def tier_rank(tiers: tuple[str, ...], *fired: Any, out: np.ndarray) -> None:
    out[...] = semantics.tier_rank(zip(tiers, fired))


def points(value: Any, out: np.ndarray) -> None:
    np.copyto(out, semantics.points(value))


def score(*values_and_fired: Any, out: np.ndarray) -> None:
    half = len(values_and_fired) // 2
    np.copyto(out, semantics.score(zip(values_and_fired[:half], values_and_fired[half:])))
