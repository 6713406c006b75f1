"""Evaluating an expression for one mineral: its indicators, signals, parameters and tier.

Semantics of unknown values: an indicator may be unknown (None) for a mineral. Arithmetic
on an unknown is unknown, and so is a division by zero or a result too large for a float;
every comparison with an unknown is false. Numbers compare on a grid of one millionth
(``0.1 + 0.2 == 0.3``). Conditions are put in negation normal form
(:func:`critmin.language.normal_forms.nnf`) before they are evaluated, so ``not (x > 1)``
with x unknown is false too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from critmin.concepts import RESOLUTION, TIER_RANK
from critmin.language.syntax import And, Arith, Compare, Const, Member, Neg, Node, Not, Or, Ref


@dataclass
class Env:
    """Values an expression is evaluated against."""

    indicators: Mapping[str, Any]
    signals: frozenset[str] | set[str] = frozenset()
    params: Mapping[str, Any] = None  # type: ignore[assignment]
    tier: str | None = None

    def value(self, ref: Ref) -> Any:
        if ref.kind == "indicator":
            return self.indicators.get(ref.name)
        if ref.kind == "param":
            return (self.params or {}).get(ref.name)
        if ref.kind == "tier":
            return TIER_RANK.get(self.tier or "unrated", 0)
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
        return (value in node.items) != node.negated
    if isinstance(node, And):
        return all(evaluate(item, env) for item in node.items)
    if isinstance(node, Or):
        return any(evaluate(item, env) for item in node.items)
    if isinstance(node, Not):
        return not evaluate(node.operand, env)
    raise TypeError(f"unknown node {node!r}")


def _side(node: Node, env: Env) -> Any:
    if isinstance(node, Const) and isinstance(node.value, str) and node.value in TIER_RANK:
        return TIER_RANK[node.value]
    return evaluate(node, env)


def arith(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if op == "/" and b == 0:
        return None
    try:
        result = {"+": a + b, "-": a - b, "*": a * b}[op] if op != "/" else a / b
        return result if math.isfinite(result) else None  # overflow is unknown, not infinite
    except OverflowError:  # integers beyond any float (a product of many tonnages)
        return None


def quantise(value: float) -> int:
    return int(round(value * RESOLUTION))


def compare(op: str, a: Any, b: Any) -> bool:
    """Compare two values at a resolution of one millionth; unknown compares false."""
    if a is None or b is None:
        return False
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        a, b = quantise(a), quantise(b)
    elif op not in ("==", "!="):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op]
