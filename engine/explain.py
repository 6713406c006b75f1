"""Explanations built from the trace and the rules: why not a tier.

Everything here is derived from a scoring run (Results) and the rule conditions; nothing
is written per mineral.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .assessment import Results
from .conditions import Alternative, closest, env_for
from .errors import UsageError
from .expressions import TIER_RANK
from .facts import TIERS
from .inference import render_because


@dataclass(frozen=True)
class RuleGap:
    """A rule that would conclude the wanted tier, and what stops it."""

    rule: str
    because: str
    source: str
    alternative: Alternative
    signal_gaps: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "because": self.because, "source": self.source,
                "holds": self.alternative.holds,
                "failing": [t.to_dict() for t in self.alternative.failing],
                "tests": [t.to_dict() for t in self.alternative.tests],
                "signal_gaps": self.signal_gaps}


@dataclass(frozen=True)
class WhyNot:
    mineral: str
    tier: str
    current: str
    rules: tuple[RuleGap, ...]
    outranked_by: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"mineral": self.mineral, "tier": self.tier, "current": self.current,
                "rules": [r.to_dict() for r in self.rules], "outranked_by": list(self.outranked_by)}

    def render(self) -> str:
        if self.current == self.tier:
            return f"{self.mineral} is {self.tier}."
        lines = [f"{self.mineral} is {self.current}, not {self.tier}."]
        if self.outranked_by:
            lines.append(f"  A higher tier wins: {', '.join(self.outranked_by)} fired.")
        if not self.rules:
            lines.append(f"  No rule concludes {self.tier}.")
        for gap in self.rules:
            state = "fired" if gap.alternative.holds else "does not hold"
            lines.append(f"  rule {gap.rule} ({state}): {gap.because}")
            for test in gap.alternative.failing:
                lines.append(f"    ✗ {test.text}: {test.gap}")
                for sub in gap.signal_gaps.get(test.signal or "", []):
                    lines.append(f"        ({sub['rule']}) {sub['test']}: {sub['gap']}")
        return "\n".join(lines)


def why_not(results: Results, mineral_id: str, tier: str) -> WhyNot:
    """Why ``mineral_id`` is not ``tier``: each rule concluding it and its failing tests."""
    if tier not in TIERS:
        raise UsageError(f"unknown tier '{tier}'; expected one of {', '.join(TIERS)}")
    assessment = results[mineral_id]
    params = results.rules.param_values
    env = env_for(assessment, params)
    gaps = []
    for rule in results.rules.rules:
        if rule.kind == "tier" and rule.conclusion == tier:
            alternative = closest(rule.when, env)
            gaps.append(RuleGap(rule.id, render_because(rule.because, env), rule.source, alternative,
                                _signal_gaps(alternative, results, env)))
    higher = ()
    if TIER_RANK[tier] < assessment.tier_rank:
        higher = tuple(t.rule for t in assessment.firings("tier")
                       if TIER_RANK[t.conclusion] > TIER_RANK[tier])
    return WhyNot(mineral_id, tier, assessment.tier, tuple(gaps), higher)


def _signal_gaps(alternative: Alternative, results: Results, env) -> dict[str, list[dict[str, Any]]]:
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
