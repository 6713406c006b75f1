"""Three-valued signals in a plan: a signal is concluded, decided false, or undecided.

A signal is decided false where every rule concluding it fails on known values (as
:func:`critmin.inference.semantics.decide` says, and the traced path does); where its inputs
are unknown it is undecided, and ``not SIGNAL`` holds only where it is decided false. The
plan builder (:mod:`critmin.fast.plan`) computes these flags only for the signals some
``not SIGNAL`` needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from critmin.fast import analysis, kernels
from critmin.language.normal_forms import nnf
from critmin.language.syntax import And, Compare, Const, Node, Not, Or, Ref, children, references
from critmin.ruleset.model import Rule, RuleBase


class ThreeValued:
    """The plan builder's part that decides signals false (mixed into its ``_Builder``)."""

    plan: Any
    decided_false: dict[str, int | bool]
    shared: dict[tuple, int]
    truth: Any
    logical: Any
    known: Any
    kind: Any
    indicator: Any
    number: Any
    op: Any

    def decide_false(self, rule: Rule) -> None:
        """A signal is decided false where every rule concluding it fails on known values
        (:func:`critmin.inference.semantics.decide`); elsewhere, unless concluded, it is
        undecided and ``not SIGNAL`` does not hold."""
        fails = self.fails(nnf(rule.when))
        before = self.decided_false.get(rule.conclusion)
        self.decided_false[rule.conclusion] = fails if before is None else \
            self.logical(np.logical_and, [before, fails], fresh=True)

    def fails(self, node: Node) -> int | bool:
        """Where a condition in negation normal form fails on known values."""
        if isinstance(node, Const):
            return not node.value
        if isinstance(node, Ref):  # a signal
            return self.decided_false.get(node.name, node.name not in self.plan.signals)
        if isinstance(node, Not):
            return self.plan.signals.get(node.operand.name, False)
        if isinstance(node, (And, Or)):
            items = [self.fails(item) for item in node.items]
            return self.logical(np.logical_or if isinstance(node, And) else np.logical_and, items)
        holds = self.truth(node)
        sides = (node.left, node.right) if isinstance(node, Compare) else (node.left,)
        return self.logical(np.logical_and, [self.negation(holds), *(self.known_side(s) for s in sides)])

    def negation(self, flags: int | bool) -> int | bool:
        if isinstance(flags, bool):
            return not flags
        out = self.plan.register(bool)
        self.op(np.logical_not, (("r", flags),), out)
        return out

    def known_side(self, node: Node) -> int | bool:
        """Where a side of a comparison has a value (constants, parameters and the tier always do)."""
        if not analysis.varies(node) or (isinstance(node, Ref) and node.kind == "tier"):
            return True
        if isinstance(node, Ref) and self.kind(node) == "str":
            key = ("known text", node.name)
            if key not in self.shared:
                self.shared[key] = out = self.plan.register(bool)
                self.op(kernels.known_text, (("r", self.indicator(node.name)),), out)
            return self.shared[key]
        if isinstance(node, Ref):
            return self.known(node.name)
        out = self.plan.register(bool)
        self.op(kernels.known_number, (self.number(node),), out)
        return out


def signals_read_negated(rules: RuleBase) -> set[str]:
    """The signals whose decided-false flags some ``not SIGNAL`` needs: those read negated,
    and the signals their rules read (a signal's failing depends on theirs)."""
    conditions = [(rule, nnf(rule.when)) for rule in rules.rules if rule.when is not None]
    needed = {node.operand.name for _, when in conditions for node in _walk(when) if isinstance(node, Not)}
    while True:
        more = {ref.name for rule, when in conditions if rule.kind == "signal" and rule.conclusion in needed
                for ref in references(when) if ref.kind == "signal"} - needed
        if not more:
            return needed
        needed |= more


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in children(node):
        yield from _walk(child)
