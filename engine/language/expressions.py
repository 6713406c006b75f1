"""The rule expression language: evaluation, normal forms and text.

Expressions are parsed by :mod:`critmin.language.parser` into the syntax tree of :mod:`critmin.language.syntax`
(both re-exported here). The tree is engine-independent: it is compiled to durable_rules
(:mod:`critmin.inference.compiler`), evaluated here for points and explanations, and evaluated
column-wise over many scenarios (:mod:`critmin.fast.columnar`).

Semantics of unknown values: an indicator may be unknown (None) for a mineral. Arithmetic
on an unknown is unknown; every comparison with an unknown is false, and ``not`` is pushed
into comparisons (``not (x > 1)`` becomes ``x <= 1``), so it is false too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from critmin.concepts import RESOLUTION, TIER_RANK
from critmin.language.parser import MAX_DEPTH, MAX_LENGTH, parse
from critmin.language.syntax import (
    FLIPPED,
    MAX_CONJUNCTS,
    NEGATED,
    And,
    Arith,
    Compare,
    Const,
    ExpressionError,
    Member,
    Names,
    Neg,
    Node,
    Not,
    Or,
    Ref,
)

__all__ = ["FLIPPED", "MAX_CONJUNCTS", "MAX_DEPTH", "MAX_LENGTH", "NEGATED", "TIER_RANK", "And",
           "Arith", "Compare", "Const", "Env", "ExpressionError", "Member", "Names", "Neg", "Node",
           "Not", "Or", "Ref", "arith", "children", "compare", "dnf", "evaluate", "nnf", "parse",
           "quantise", "references", "to_text", "RESOLUTION"]


# ---------------------------------------------------------------- evaluation

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


# ---------------------------------------------------------------- normal forms

def nnf(node: Node, negate: bool = False) -> Node:
    """Negation normal form: ``not`` only directly on signal references."""
    if isinstance(node, Not):
        return nnf(node.operand, not negate)
    if isinstance(node, (And, Or)):
        items = tuple(nnf(item, negate) for item in node.items)
        swap = isinstance(node, And) == negate
        return (Or if swap else And)(node.pos, items)
    if isinstance(node, Compare):
        return Compare(node.pos, NEGATED[node.op], node.left, node.right) if negate else node
    if isinstance(node, Member):
        return Member(node.pos, node.left, node.items, node.negated != negate)
    if isinstance(node, Const):
        return Const(node.pos, (not node.value) if negate else node.value)
    return Not(node.pos, node) if negate else node


def dnf(node: Node) -> list[list[Node]]:
    """Disjunctive normal form of an NNF condition: a list of conjunctions of literals."""
    if isinstance(node, Or):
        out = [conj for item in node.items for conj in dnf(item)]
    elif isinstance(node, And):
        out = [[]]
        for item in node.items:
            out = [a + b for a in out for b in dnf(item)]
            if len(out) > MAX_CONJUNCTS:
                break
    else:
        out = [[node]]
    if len(out) > MAX_CONJUNCTS:
        raise ExpressionError(
            f"condition expands to more than {MAX_CONJUNCTS} alternatives; split the rule")
    return out


def references(node: Node) -> list[Ref]:
    """Every Ref in the expression, in reading order."""
    if isinstance(node, Ref):
        return [node]
    refs: list[Ref] = []
    for child in children(node):
        refs += references(child)
    return refs


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, (And, Or)):
        return node.items
    if isinstance(node, (Not, Neg)):
        return (node.operand,)
    if isinstance(node, (Arith, Compare)):
        return (node.left, node.right)
    if isinstance(node, Member):
        return (node.left,)
    return ()


_PRECEDENCE = {Or: 1, And: 2, Not: 3, Compare: 4, Member: 4}


def to_text(node: Node) -> str:
    """Readable source text for a node (used in explanations)."""
    if isinstance(node, Const):
        return repr(node.value) if isinstance(node.value, str) else (
            str(node.value).lower() if isinstance(node.value, bool) else f"{node.value:g}")
    if isinstance(node, Ref):
        return f"params.{node.name}" if node.kind == "param" else node.name
    if isinstance(node, Neg):
        return f"-{_wrap(node.operand, 7)}"
    if isinstance(node, Arith):
        level = _arith_level(node)
        return f"{_wrap(node.left, level)} {node.op} {_wrap(node.right, level + 1)}"
    if isinstance(node, Compare):
        return f"{to_text(node.left)} {node.op} {to_text(node.right)}"
    if isinstance(node, Member):
        word = "not in" if node.negated else "in"
        return f"{to_text(node.left)} {word} {list(node.items)!r}"
    if isinstance(node, Not):
        return f"not {_wrap(node.operand, 3)}"
    word = " and " if isinstance(node, And) else " or "
    level = _PRECEDENCE[type(node)]
    return word.join(_wrap(item, level + 1) for item in node.items)


def _arith_level(node: Arith) -> int:
    return 5 if node.op in "+-" else 6


def _wrap(node: Node, level: int) -> str:
    own = _PRECEDENCE.get(type(node), _arith_level(node) if isinstance(node, Arith) else 7)
    text = to_text(node)
    return f"({text})" if own < level else text
