"""compare(a, b): two minerals side by side — tiers, deciding rules, signals, indicators, facts.

The indicators compared are those the signal and tier rules read; the facts listed are the
ones behind each mineral's deciding rule, with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from critmin.explain.headline import Head
from critmin.explain.why import RuleNode, Standing, why
from critmin.facts.provenance import SourcedFact, sources_for
from critmin.inference.results import Results
from critmin.language.syntax import references


@dataclass(frozen=True)
class Side:
    head: Head
    rules: tuple[str, ...]
    because: tuple[str, ...]
    signals: tuple[str, ...]
    levers: tuple[str, ...]
    facts: tuple[SourcedFact, ...]
    concluded_by: tuple[RuleNode, ...] = ()  # the deciding rules (their reasons, in each language)
    standing: Standing | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.head.to_dict(), "rules": list(self.rules),
                "because": list(self.because), "because_zh": [n.because_zh for n in self.concluded_by],
                "signals": list(self.signals), "levers": list(self.levers),
                "facts": [f.to_dict() for f in self.facts],
                "standing": self.standing.to_dict() if self.standing else None}


@dataclass(frozen=True)
class Comparison:
    """Two minerals side by side (``a``, ``b``): their heads, deciding rules, signals and levers,
    the indicators the rules read (name, value for a, value for b), and the sources cited."""

    a: Side
    b: Side
    indicators: tuple[tuple[str, Any, Any], ...]
    sources: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(),
                "indicators": [{"name": n, self.a.head.mineral: va, self.b.head.mineral: vb}
                               for n, va, vb in self.indicators],
                "sources": self.sources}


def compare(results: Results, a: str, b: str) -> Comparison:
    """Two minerals side by side."""
    sides = [_side(results, m) for m in (a, b)]
    names: list[str] = []
    for rule in results.rules.rules:
        if rule.kind in ("signal", "tier"):
            names += [r.name for r in references(rule.when) if r.kind == "indicator" and r.name not in names]
    first, second = results[a], results[b]
    rows = tuple((n, first.indicators[n].value, second.indicators[n].value) for n in names
                 if n in first.indicators and n in second.indicators)
    return Comparison(sides[0], sides[1], rows, sources_for(results.facts, [*sides[0].facts, *sides[1].facts]))


def _side(results: Results, mineral_id: str) -> Side:
    derivation = why(results, mineral_id)
    seen, facts = set(), []
    for fact in derivation.facts():
        if fact.key not in seen:
            seen.add(fact.key)
            facts.append(fact)
    a = results[mineral_id]
    return Side(derivation.head, tuple(n.rule for n in derivation.concluded_by),
                tuple(n.because for n in derivation.concluded_by), a.signals, tuple(a.lever_ids), tuple(facts),
                derivation.concluded_by, derivation.standing)
