"""The comparisons a conclusion rests on, each stated so that it is true.

A rule node (:mod:`critmin.explain.why`) holds tests, and a test on a signal is explained by
the rules that derived the signal (or would have). ``criteria(node)`` flattens that tree into
its leaf comparisons — an indicator (or the tier) against a threshold — with their values,
the parameter behind the threshold and the sourced facts behind the indicator:

- for a rule that fired, the comparisons that hold;
- for a rule that did not fire (why-not nodes carry only their failing tests), the
  comparisons it would need, which fail.

A negated signal (``not import_dependent``) turns its rule's comparison round, so what is
stated is always the true comparison: zinc is "2035 shortfall 2.06% < 30%", never a tick
beside "2.06% ≥ 30%". Turning round a rule that fired on several tests gives alternatives —
undoing any one of them would do — so those criteria share an ``any_of`` group. A comparison
on a value with no figure holds neither way round; it is marked ``unknown`` and worded as such
("no figure for China's share of processing").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from critmin.explain.why import ParamNode, RuleNode, TestNode
from critmin.facts.provenance import SourcedFact
from critmin.language.syntax import FLIPPED, NEGATED, Compare, Const, Ref


@dataclass(frozen=True)
class Criterion:
    """One comparison: ``subject value op threshold``, true exactly when ``holds``."""

    rule: str  # the rule whose condition holds the comparison
    text: str  # the literal as the rule writes it
    subject: str | None  # the indicator compared, "tier", or None (not a simple comparison)
    value: Any  # the subject's value (None: no figure)
    op: str | None  # the comparison as stated (turned round under a negated signal)
    threshold: Any
    holds: bool  # whether the stated comparison is true (never, for an unknown value)
    param: ParamNode | None = None  # the parameter the threshold comes from
    facts: tuple[SourcedFact, ...] = ()
    signal: str | None = None  # the signal the comparison's rule concludes, if any
    negated: bool = False  # stated as the negation of the rule's literal
    any_of: str | None = None  # criteria sharing a group are alternatives (any one would do)

    @property
    def unknown(self) -> bool:
        return self.subject is not None and self.value is None

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "test": self.text, "subject": self.subject, "value": self.value,
                "op": self.op, "threshold": self.threshold, "holds": self.holds, "unknown": self.unknown,
                "param": self.param.name if self.param else None, "signal": self.signal,
                "negated": self.negated, "any_of": self.any_of, "facts": [f.to_dict() for f in self.facts]}


def criteria(node: RuleNode, flip: bool = False, signal: str | None = None,
             group: str | None = None) -> list[Criterion]:
    """The leaf comparisons under ``node``, turned round when ``flip`` (a negated signal)."""
    out: list[Criterion] = []
    own_signal = signal if signal is not None else (node.conclusion if node.kind == "signal" else None)
    if flip and node.fired and group is None and len(node.tests) > 1:
        group = str(node.conclusion)
    for test in node.tests:
        if test.test.signal:
            for child in test.derived_by:
                out += criteria(child, flip != test.test.negated, child.conclusion, group)
            continue
        found = _criterion(node.rule, test, flip, own_signal, group)
        if found is not None:
            out.append(found)
    out = _unique(out)
    if group is not None and sum(c.any_of == group for c in out) < 2:
        out = [replace(c, any_of=None) if c.any_of == group else c for c in out]
    return out


def _criterion(rule: str, test: TestNode, flip: bool, signal: str | None, group: str | None) -> Criterion | None:
    literal, values = test.test.node, test.test.values
    if not isinstance(literal, Compare):
        if isinstance(literal, Const):
            return None
        return Criterion(rule, test.test.text, None, None, None, None, test.test.holds != flip,
                         signal=signal, negated=flip, any_of=group)
    subject, other, op = literal.left, literal.right, literal.op
    if not _is_subject(subject) and _is_subject(other):
        subject, other, op = other, subject, FLIPPED[op]
    if not _is_subject(subject):
        return Criterion(rule, test.test.text, None, None, None, None, test.test.holds != flip,
                         signal=signal, negated=flip, any_of=group)
    name = "tier" if subject.kind == "tier" else subject.name
    value = values.get(name)
    threshold = _value_of(other, values)
    op = NEGATED[op] if flip else op
    unknown = value is None or threshold is None
    param = test.params[0] if test.params else None
    facts = tuple(f for indicator in test.indicators for f in indicator.facts)
    return Criterion(rule, test.test.text, name, value, op, threshold, (test.test.holds != flip) and not unknown,
                     param, facts, signal, flip, group)


def _is_subject(node: Any) -> bool:
    return isinstance(node, Ref) and node.kind in ("indicator", "tier")


def _value_of(node: Any, values: dict[str, Any]) -> Any:
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Ref):
        return values.get(f"params.{node.name}" if node.kind == "param" else node.name)
    return None


def _unique(items: list[Criterion]) -> list[Criterion]:
    """Each comparison once (two rules may read the same test)."""
    seen, out = set(), []
    for item in items:
        key = (item.subject, item.op, item.threshold, item.text if item.subject is None else None)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
