"""Evaluating an expression: for one mineral here, and the pieces every evaluator shares.

:func:`evaluate` takes Python values (an unknown number is None). The column-wise evaluator
(:mod:`critmin.fast.columnar`) walks the same trees over numpy arrays (unknown is NaN); the
semantics both depend on are written once below and take either: :func:`arith`,
:data:`COMPARISONS` on the grid of :func:`critmin.indicators.numeric.quantise`, and
:func:`tier_name_rank`.

Semantics of unknown values: an indicator may be unknown for a mineral. Arithmetic on an
unknown is unknown, and so is a division by zero or a result too large for a float; every
comparison with an unknown is false, and ``not SIGNAL`` holds only when the signal is
decided false, not when it is undecided because its inputs are unknown (``Env.undecided``).
Numbers compare on a grid of one millionth
(``0.1 + 0.2 == 0.3``). Conditions are put in negation normal form
(:func:`critmin.language.normal_forms.nnf`) before they are evaluated, so ``not (x > 1)``
with x unknown is false too.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from critmin.concepts import TIER_RANK, UNRATED
from critmin.indicators.numeric import is_array, quantise
from critmin.language.syntax import And, Arith, Compare, Const, Member, Neg, Node, Not, Or, Ref

COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
               "==": operator.eq, "!=": operator.ne}  # element-wise on arrays
_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul}  # "/" guards zero first


@dataclass
class Env:
    """Values an expression is evaluated against."""

    indicators: Mapping[str, Any]
    signals: frozenset[str] | set[str] = frozenset()
    params: Mapping[str, Any] = None  # type: ignore[assignment]
    tier: str | None = None
    undecided: frozenset[str] | set[str] = frozenset()  # signals neither concluded nor decided false

    def value(self, ref: Ref) -> Any:
        if ref.kind == "indicator":
            return self.indicators.get(ref.name)
        if ref.kind == "param":
            return (self.params or {}).get(ref.name)
        if ref.kind == "tier":
            return TIER_RANK.get(self.tier or UNRATED, TIER_RANK[UNRATED])
        return ref.name in self.signals


def evaluate(node: Node, env: Env) -> Any:
    """Evaluate a node: numbers, text, True/False; None for an unknown number."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Ref):
        return env.value(node)
    if isinstance(node, Neg):
        value = evaluate(node.operand, env)
        return None if value is None else -value
    if isinstance(node, Arith):
        a, b = evaluate(node.left, env), evaluate(node.right, env)
        return arith(node.op, a, b)
    if isinstance(node, Compare):
        return compare(node.op, _side(node.left, env), _side(node.right, env))
    if isinstance(node, Member):
        value = evaluate(node.left, env)
        if value is None:
            return False
        return any(compare("==", value, item) for item in node.items) != node.negated
    if isinstance(node, And):
        return all(evaluate(item, env) for item in node.items)
    if isinstance(node, Or):
        return any(evaluate(item, env) for item in node.items)
    if isinstance(node, Not):
        if isinstance(node.operand, Ref) and node.operand.kind == "signal":  # decided false only
            return node.operand.name not in env.signals and node.operand.name not in env.undecided
        return not evaluate(node.operand, env)
    raise TypeError(f"unknown node {node!r}")


def _side(node: Node, env: Env) -> Any:
    rank = tier_name_rank(node)
    return evaluate(node, env) if rank is None else rank


def tier_name_rank(node: Node) -> int | None:
    """The rank a tier name stands for where it is compared (``tier >= 'high'``); else None."""
    if isinstance(node, Const) and isinstance(node.value, str) and node.value in TIER_RANK:
        return TIER_RANK[node.value]
    return None


def arith(op: str, a: Any, b: Any) -> Any:
    """a op b for + - * /: unknown when either is, when dividing by zero, and on overflow."""
    if is_array(a, b):
        return _arith_arrays(op, a, b)
    if a is None or b is None:
        return None
    if op == "/" and b == 0:
        return None
    try:
        result = a / b if op == "/" else _OPERATORS[op](a, b)
        return result if math.isfinite(result) else None  # overflow is unknown, not infinite
    except OverflowError:  # integers beyond any float (a product of many tonnages)
        return None


def _arith_arrays(op: str, a: Any, b: Any) -> Any:
    import numpy as np  # only for arrays: the traced path never loads numpy

    if op == "/":
        zero = np.equal(b, 0)
        result = np.where(zero, np.nan, np.divide(a, np.where(zero, 1.0, b)))
    else:
        result = _OPERATORS[op](a, b)
    return np.where(np.isfinite(result), result, np.nan)


def compare(op: str, a: Any, b: Any) -> bool:
    """Compare two values, numbers on the grid of one millionth; unknown compares false."""
    if a is None or b is None:
        return False
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        a, b = quantise(a), quantise(b)
    elif op not in ("==", "!="):
        return False
    return COMPARISONS[op](a, b)
