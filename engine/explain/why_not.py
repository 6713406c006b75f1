"""Explanations built from the trace and the rules: why not a tier.

Everything here is derived from a scoring run (Results) and the rule conditions; nothing
is written per mineral. For the derivation of the tier a mineral has, see
:mod:`critmin.explain.why` (``why``); for the smallest change that would move it, see
:mod:`critmin.explain.what_it_takes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from critmin.concepts import TIER_RANK, TIERS
from critmin.errors import UsageError
from critmin.explain.criteria import Criterion, criteria
from critmin.explain.headline import Head, head_of
from critmin.explain.why import RuleNode, Standing, TreeBuilder, standing
from critmin.facts.provenance import sources_for
from critmin.inference.results import Results
from critmin.inference.unknowns import MissingInput
from critmin.language.conditions import Alternative, closest, env_for
from critmin.ruleset.because import render_because


@dataclass(frozen=True)
class RuleGap:
    """A rule that would conclude the wanted tier, and what stops it. ``because`` is the rule's
    reason only if its condition holds (it fired); otherwise it is empty — a reason is never
    given for a rule that did not fire — and ``unmet`` lists what the rule would need."""

    rule: str
    because: str
    source: str
    alternative: Alternative
    signal_gaps: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    node: RuleNode | None = None  # the failing tests as a tree down to sourced facts

    @property
    def unmet(self) -> list[Criterion]:
        """The comparisons the rule would need, each with the value it has (they fail)."""
        return criteria(self.node) if self.node is not None else []

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "because": self.because, "source": self.source,
                "holds": self.alternative.holds,
                "failing": [t.to_dict() for t in self.alternative.failing],
                "tests": [t.to_dict() for t in self.alternative.tests],
                "signal_gaps": self.signal_gaps,
                "unmet": [c.to_dict() for c in self.unmet],
                "tree": self.node.to_dict() if self.node else None}


@dataclass(frozen=True)
class WhyNot:
    """Why a mineral is not ``tier`` (it is ``current``): each tier rule that would conclude it,
    with its failing tests and their gaps, and the rules of higher tiers that outrank it."""

    mineral: str
    tier: str
    current: str
    rules: tuple[RuleGap, ...]
    outranked_by: tuple[str, ...] = ()
    head: Head | None = None
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    concluded_by: tuple[RuleNode, ...] = ()  # the rules that concluded the mineral's own tier
    standing: Standing | None = None
    missing: tuple[MissingInput, ...] = ()  # why an unrated mineral could not be rated

    def to_dict(self) -> dict[str, Any]:
        return {"mineral": self.mineral, "tier": self.tier, "current": self.current,
                "rules": [r.to_dict() for r in self.rules], "outranked_by": list(self.outranked_by),
                "sources": self.sources, "concluded_by": [n.to_dict() for n in self.concluded_by],
                "standing": self.standing.to_dict() if self.standing else None,
                "missing": [m.to_dict() for m in self.missing]}


def why_not(results: Results, mineral_id: str, tier: str) -> WhyNot:
    """Why ``mineral_id`` is not ``tier``: each rule concluding it and its failing tests."""
    if tier not in TIERS:
        raise UsageError(f"unknown tier '{tier}'; expected one of {', '.join(TIERS)}")
    assessment = results[mineral_id]
    params = results.rules.param_values
    env = env_for(assessment, params)
    builder = TreeBuilder(results, assessment)
    gaps = []
    for rule in results.rules.rules:
        if rule.kind == "tier" and rule.conclusion == tier:
            alternative = closest(rule.when, env)
            because = render_because(rule.because, env) if alternative.holds else ""
            gaps.append(RuleGap(rule.id, because, rule.source, alternative,
                                signal_gaps(alternative, results, env), builder.unfired(rule)))
    higher: tuple[str, ...] = ()
    if TIER_RANK[tier] < assessment.tier_rank:
        higher = tuple(t.rule for t in assessment.firings("tier")
                       if TIER_RANK[t.conclusion] > TIER_RANK[tier])
    concluded = tuple(builder.fired(r) for r in assessment.firings("tier") if r.conclusion == assessment.tier)
    facts = [f for gap in gaps for f in (gap.node.facts() if gap.node else [])]
    facts += [f for node in concluded for f in node.facts()]
    return WhyNot(mineral_id, tier, assessment.tier, tuple(gaps), higher, head_of(results, mineral_id),
                  sources_for(results.facts, facts), concluded, standing(results, mineral_id), assessment.missing)


def signal_gaps(alternative: Alternative, results: Results, env) -> dict[str, list[dict[str, Any]]]:
    """For each missing signal, the failing tests of the rules that would conclude it."""
    out: dict[str, list[dict[str, Any]]] = {}
    for test in alternative.failing:
        if test.signal is None or test.negated:
            continue
        rows = []
        for rule in results.rules.rules:
            if rule.kind == "signal" and rule.conclusion == test.signal:
                best = closest(rule.when, env)
                rows += [{"rule": rule.id, "test": t.text, "gap": t.gap, "values": t.values}
                         for t in best.failing]
        out[test.signal] = rows
    return out
