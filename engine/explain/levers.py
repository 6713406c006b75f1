"""Why (or why not) a mineral gets a lever: the lever rules, with the same machinery as tiers.

``lever_reason(results, mineral, lever)``: if a lever rule fired for the mineral, the rules
that gave it the lever (each with its reason and the comparisons that held); if none did, each
rule that would give it, with the comparisons it would need and the values the mineral has —
never the reason of a rule that did not fire. The minerals that do get the lever come along,
so an answer can say who does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from critmin.concepts import LEVERS
from critmin.errors import UsageError
from critmin.explain.headline import Head, head_of
from critmin.explain.why import Derivation, RuleNode, TreeBuilder, country_names, why
from critmin.explain.why_not import RuleGap, signal_gaps
from critmin.facts.provenance import sources_for
from critmin.inference.results import Results
from critmin.language.conditions import closest
from critmin.language.syntax import references


@dataclass(frozen=True)
class LeverReason:
    head: Head
    lever: str
    gets: bool
    given_by: tuple[RuleNode, ...]  # the lever rules that fired (with their reasons)
    missing: tuple[RuleGap, ...]  # when it does not get the lever: each rule that would give it
    partners: tuple[str, ...] = ()
    others: tuple[Head, ...] = ()  # every mineral that gets the lever
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    countries_zh: dict[str, str] = field(default_factory=dict)
    tier_why: Derivation | None = None  # when the lever rules read the tier: why the mineral has its tier

    def to_dict(self) -> dict[str, Any]:
        return {**self.head.to_dict(), "lever": self.lever, "gets": self.gets,
                "given_by": [n.to_dict() for n in self.given_by],
                "missing": [g.to_dict() for g in self.missing], "partners": list(self.partners),
                "partners_zh": [self.countries_zh.get(p, p) for p in self.partners],
                "others": [h.mineral for h in self.others], "sources": self.sources}


def lever_reason(results: Results, mineral_id: str, lever: str) -> LeverReason:
    """Why ``mineral_id`` gets ``lever``, or what the rules that give it would need."""
    if lever not in LEVERS:
        raise UsageError(f"unknown lever '{lever}'; expected one of {', '.join(LEVERS)}")
    a = results[mineral_id]
    builder = TreeBuilder(results, a)
    given = tuple(builder.fired(r) for r in a.trace if r.kind == "lever" and r.conclusion == lever)
    missing: tuple[RuleGap, ...] = ()
    if not given:
        missing = tuple(RuleGap(rule.id, "", rule.source, alt, signal_gaps(alt, results, builder.env),
                                builder.unfired(rule))
                        for rule in results.rules.rules if rule.kind == "lever" and rule.conclusion == lever
                        for alt in [closest(rule.when, builder.env)])
    found = next((lv for lv in a.levers if lv.id == lever), None)
    others = tuple(head_of(results, other.mineral) for other in results.values() if lever in other.lever_ids)
    facts = [f for node in given for f in node.facts()]
    facts += [f for gap in missing if gap.node for f in gap.node.facts()]
    rules = [r for r in results.rules.rules if r.kind == "lever" and r.conclusion == lever]
    reads_tier = any(ref.kind == "tier" for r in rules for ref in references(r.when))
    return LeverReason(head_of(results, mineral_id), lever, bool(given), given, missing,
                       found.partners if found else (), others, sources_for(results.facts, facts),
                       country_names(results.facts), why(results, mineral_id) if reads_tier else None)
