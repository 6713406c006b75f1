"""Why a condition holds or fails, literal by literal, with the gap for each failing test.

Used by every explanation (why, why-not, rule tests): the condition is put in negation
normal form and then in disjunctive normal form, so each alternative is a list of simple
tests ("top1_share >= params.concentrated_top1_min", "not easily_sourced"), each evaluated
against the mineral's values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from critmin.language.evaluation import Env, evaluate
from critmin.language.normal_forms import dnf, nnf
from critmin.language.source_text import to_text
from critmin.language.syntax import Compare, Const, Member, Node, Not, Ref, references
from critmin.words.labels import SYMBOLS
from critmin.words.numbers import plain


@dataclass(frozen=True)
class Test:
    """One literal of a condition, evaluated."""

    text: str
    holds: bool
    values: dict[str, Any] = field(default_factory=dict)
    gap: str | None = None  # e.g. "top1_share 0.32, needs ≥ 0.6"
    signal: str | None = None  # the signal tested, for literals on signals
    negated: bool = False
    node: Node | None = field(default=None, compare=False, repr=False)  # the literal itself

    def to_dict(self) -> dict[str, Any]:
        return {"test": self.text, "holds": self.holds, "values": self.values, "gap": self.gap,
                "signal": self.signal, "negated": self.negated}


@dataclass(frozen=True)
class Alternative:
    """One conjunction of a condition's DNF."""

    tests: tuple[Test, ...]

    @property
    def holds(self) -> bool:
        return all(t.holds for t in self.tests)

    @property
    def failing(self) -> list[Test]:
        return [t for t in self.tests if not t.holds]

    def to_dict(self) -> dict[str, Any]:
        return {"holds": self.holds, "tests": [t.to_dict() for t in self.tests]}


def alternatives(condition: Node, env: Env) -> list[Alternative]:
    """Evaluate every alternative (DNF conjunction) of ``condition``; failing ones keep gaps."""
    return [Alternative(tuple(evaluate_test(lit, env) for lit in conj))
            for conj in dnf(nnf(condition))]


def closest(condition: Node, env: Env) -> Alternative:
    """The alternative with the fewest failing tests (the first on ties)."""
    return min(alternatives(condition, env), key=lambda a: len(a.failing))


def evaluate_test(literal: Node, env: Env) -> Test:
    values = {_label(r): (env.tier if r.kind == "tier" else env.value(r)) for r in references(literal)}
    holds = bool(evaluate(literal, env))
    if isinstance(literal, Ref) and literal.kind == "signal":
        why = (f"signal {literal.name} is undecided: its inputs are unknown" if literal.name in env.undecided
               else f"signal {literal.name} not concluded")
        return Test(literal.name, holds, values, None if holds else why,
                    signal=literal.name, node=literal)
    if isinstance(literal, Not):
        name = literal.operand.name
        why = (f"signal {name} is undecided: its inputs are unknown" if name in env.undecided
               else f"signal {name} was concluded")
        return Test(f"not {name}", holds, values, None if holds else why,
                    signal=name, negated=True, node=literal)
    gap = None if holds else _gap(literal, env)
    return Test(to_text(literal), holds, values, gap, node=literal)


def _label(ref: Ref) -> str:
    return f"params.{ref.name}" if ref.kind == "param" else ref.name


def _gap(literal: Node, env: Env) -> str:
    if isinstance(literal, Const):
        return "always false"
    if isinstance(literal, Member):
        value = evaluate(literal.left, env)
        word = "not one of" if literal.negated else "one of"
        return f"{to_text(literal.left)} is {_fmt(value)}, needs to be {word} {list(literal.items)}"
    if isinstance(literal, Compare):
        left, right = evaluate(literal.left, env), evaluate(literal.right, env)
        if left is None or right is None:
            unknown = to_text(literal.left) if left is None else to_text(literal.right)
            return f"{unknown} is unknown (no fact), so the test cannot hold"
        if isinstance(literal.left, Ref) and literal.left.kind == "tier":
            left = env.tier  # the tier's name, not its rank
        return f"{to_text(literal.left)} {_fmt(left)}, needs {SYMBOLS[literal.op]} {_fmt(right)}"
    return "does not hold"


def _fmt(value: Any) -> str:
    return repr(value) if isinstance(value, str) else plain(value)


def env_for(assessment: Any, params: dict[str, Any]) -> Env:
    """The evaluation environment of a scored mineral (its indicators, signals and tier)."""
    return Env({n: i.value for n, i in assessment.indicators.items()}, set(assessment.signals),
               params, assessment.tier, set(assessment.undecided))
