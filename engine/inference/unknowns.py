"""Unknown inputs on the traced path: which signals are undecided, and what leaves a mineral unrated.

A signal no rule concluded is *decided* false only when every rule concluding it fails on
known values (:func:`critmin.inference.semantics.decide`); otherwise it is undecided and
``not SIGNAL`` does not hold. A mineral that is unrated because its tier rules are undecided
is reported with the missing inputs named: the unknown indicators those rules (and the
undecided signals under them) read, and the facts behind each that are missing or zero (a
share of a zero demand is undefined, not zero).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from critmin.facts.model import FactBase, Mineral
from critmin.indicators.catalogue import INDICATORS, Indicator, MineralArgs, is_fact_arg
from critmin.inference import semantics
from critmin.language.evaluation import Env, evaluate
from critmin.language.normal_forms import nnf
from critmin.language.syntax import Compare, Member, Node, Ref, references
from critmin.ruleset.model import Rule


@dataclass(frozen=True)
class MissingInput:
    """An unknown indicator that a rule needed, and the facts behind it that are missing or zero."""

    indicator: str
    missing: tuple[str, ...] = ()  # fact keys with no value
    zero: tuple[str, ...] = ()  # fact keys that are 0 (a divisor)

    def to_dict(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "missing": list(self.missing), "zero": list(self.zero)}


@lru_cache(maxsize=4096)
def condition(rule: Rule) -> Node:
    """A rule's condition in negation normal form (rules are immutable and hashable)."""
    return nnf(rule.when)


def literal_in(env: Env):
    """(holds, fails) of a comparison or ``in [...]`` test for one mineral."""
    def literal(node: Node) -> tuple[bool, bool]:
        holds = bool(evaluate(node, env))
        sides: tuple[Node, ...] = ()
        if isinstance(node, Compare):
            sides = (node.left, node.right)
        elif isinstance(node, Member):
            sides = (node.left,)
        known = all(_known(side, env) for side in sides)
        return holds, known and not holds
    return literal


def _known(node: Node, env: Env) -> bool:
    if isinstance(node, Ref) and node.kind == "tier":
        return True
    return evaluate(node, env) is not None


def signal_in(env: Env):
    """(concluded, decided false) of a signal for one mineral."""
    def signal(name: str) -> tuple[bool, bool]:
        concluded = name in env.signals
        return concluded, not concluded and name not in env.undecided
    return signal


def decide(rule: Rule, env: Env) -> tuple[bool, bool]:
    """(holds, fails) of a rule's condition for one mineral, in three values."""
    return semantics.decide(condition(rule), literal_in(env), signal_in(env))


def undecided_signals(rules: Iterable[Rule], env: Env) -> set[str]:
    """The signals of ``rules`` (one stratum) that no rule concluded and not all rules fail."""
    fails: dict[str, list[bool]] = {}
    for rule in rules:
        if rule.kind == "signal" and rule.conclusion not in env.signals:
            fails.setdefault(rule.conclusion, []).append(decide(rule, env)[1])
    return {name for name, each in fails.items() if not semantics.signal_decided_false(each)}


def missing_inputs(rules: Iterable[Rule], env: Env, mineral: Mineral, base: FactBase,
                   indicators: dict[str, Indicator]) -> tuple[MissingInput, ...]:
    """What the undecided tier rules of an unrated mineral lack, down through undecided signals."""
    all_rules = list(rules)
    names: list[str] = []
    pending = [r for r in all_rules if r.kind == "tier" and not any(decide(r, env))]
    seen: set[str] = set()
    while pending:
        rule = pending.pop(0)
        if rule.id in seen:
            continue
        seen.add(rule.id)
        for ref in references(rule.when):
            if ref.kind == "indicator" and env.indicators.get(ref.name) is None and ref.name not in names:
                names.append(ref.name)
            if ref.kind == "signal" and ref.name in env.undecided:
                pending += [r for r in all_rules if r.kind == "signal" and r.conclusion == ref.name
                            and not any(decide(r, env))]
    return tuple(_behind(name, mineral, base, indicators.get(name)) for name in names)


def _behind(name: str, mineral: Mineral, base: FactBase, indicator: Indicator | None) -> MissingInput:
    """The facts behind an unknown indicator: those missing, and those whose 0 makes it undefined
    (with that fact at 1 instead, the formula would give a value: a zero divisor)."""
    keys = [k for k in (indicator.inputs if indicator else ()) if not k.startswith("countries.")]
    missing = tuple(k for k in keys if mineral.get(k) is None)
    spec, args = INDICATORS.get(name), MineralArgs(mineral, base)
    zero: list[str] = []
    if spec is not None and not missing:
        values = [args.get(arg) for arg in spec.args]
        for i, arg in enumerate(spec.args):
            if is_fact_arg(arg) and values[i] == 0 and spec.kernel(*values[:i], 1.0, *values[i + 1:]) is not None:
                zero.append(arg)
    return MissingInput(name, missing, tuple(zero))
