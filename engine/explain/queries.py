"""Short questions over a scoring run: ranking, minerals by lever, partners, rules.

Each function returns a small structured object (``to_dict`` for JSON; in words with
``critmin.render.text(obj, lang)``) built from the assessments and their traces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from critmin.concepts import LEVERS
from critmin.errors import UsageError
from critmin.explain.criteria import Criterion, criteria
from critmin.explain.headline import Head, head_of
from critmin.explain.why import TreeBuilder, country_names
from critmin.facts.provenance import SourcedFact, lookup, sources_for
from critmin.inference.results import Results
from critmin.language.describe import describe
from critmin.ruleset.model import RuleBase


@dataclass(frozen=True)
class Ranking:
    """Minerals by score, highest first; ``rank`` is the place by score among all minerals
    (so "which minerals are high?" still says where each stands overall)."""

    rows: tuple[dict[str, Any], ...]
    tier: str | None = None
    of: int = 0  # how many minerals were ranked in all

    def to_dict(self) -> dict[str, Any]:
        return {"ranking": [{"rank": row.get("rank", i), **row} for i, row in enumerate(self.rows, 1)],
                "tier": self.tier, "of": self.of}


def ranking(results: Results, tier: str | None = None) -> Ranking:
    """Minerals from highest to lowest priority (optionally only one tier)."""
    rows = []
    order = sorted(results.values(), key=lambda a: (-a.tier_rank, -a.score, a.mineral))
    for rank, a in enumerate(order, 1):
        if tier is not None and a.tier != tier:
            continue
        rules = [t.rule for t in a.firings("tier") if t.conclusion == a.tier]
        rows.append({"mineral": a.mineral, "name": a.name, "name_zh": a.name_zh, "tier": a.tier,
                     "score": a.score, "report_tier": a.report_tier, "rules": rules,
                     "levers": a.lever_ids, "rank": rank})
    return Ranking(tuple(rows), tier, len(order))


@dataclass(frozen=True)
class LeverUse:
    """The minerals that get a lever. Each row's ``why`` lists the lever rules that fired, with
    their reasons and the comparisons that held (``criteria``): why each mineral gets it."""

    lever: str
    minerals: tuple[dict[str, Any], ...]
    held: tuple[tuple[tuple[str, str, tuple[Criterion, ...]], ...], ...] = ()  # per row: (rule, source, criteria)
    countries_zh: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"lever": self.lever, "minerals": list(self.minerals)}


def by_lever(results: Results, lever: str) -> LeverUse:
    """Every mineral whose levers include ``lever``, with the rules that concluded it."""
    if lever not in LEVERS:
        raise UsageError(f"unknown lever '{lever}'; expected one of {', '.join(LEVERS)}")
    rows, held = [], []
    order = sorted(results.values(), key=lambda a: (-a.tier_rank, -a.score, a.mineral))
    for rank, a in enumerate(order, 1):
        found = next((lv for lv in a.levers if lv.id == lever), None)
        if found is None:
            continue
        builder = TreeBuilder(results, a)
        why, reasons = [], []
        for record in a.trace:
            if record.kind == "lever" and record.conclusion == lever:
                node = builder.fired(record)
                tests = "; ".join(describe(t.test.node, t.test.values, "zh", t.test.text) for t in node.tests)
                found_criteria = tuple(criteria(node))
                why.append({"rule": record.rule, "because": record.because, "because_zh": node.because_zh,
                            "tests": tests, "source": record.source,
                            "criteria": [c.to_dict() for c in found_criteria]})
                reasons.append((record.rule, record.source, found_criteria))
        rows.append({"mineral": a.mineral, "name": a.name, "name_zh": a.name_zh, "tier": a.tier,
                     "score": a.score, "rank": rank, "partners": list(found.partners), "why": why})
        held.append(tuple(reasons))
    return LeverUse(lever, tuple(rows), tuple(held), country_names(results.facts))


@dataclass(frozen=True)
class MineralLevers:
    """The levers of one mineral, each with the rules that concluded it and the facts behind them."""

    head: Head
    levers: tuple[dict[str, Any], ...]
    sources: dict[str, dict[str, Any]]
    countries_zh: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        levers = [{**lever, "why": [{**why, "facts": [f.to_dict() for f in why["facts"]]} for why in lever["why"]]}
                  for lever in self.levers]
        return {**self.head.to_dict(), "levers": levers, "sources": self.sources}


def levers_of(results: Results, mineral_id: str) -> MineralLevers:
    """A mineral's levers, from the lever rules that fired in its trace."""
    a = results[mineral_id]
    builder = TreeBuilder(results, a)
    rows, cited = [], []
    for lever in a.levers:
        why = []
        for record in a.trace:
            if record.kind == "lever" and record.conclusion == lever.id:
                node = builder.fired(record)
                facts = node.facts()
                cited += facts
                tests = "; ".join(describe(t.test.node, t.test.values, "zh", t.test.text) for t in node.tests)
                why.append({"rule": record.rule, "because": record.because, "because_zh": node.because_zh,
                            "tests": tests, "source": record.source, "facts": facts})
        rows.append({"id": lever.id, "partners": list(lever.partners), "why": why})
    return MineralLevers(head_of(results, mineral_id), tuple(rows), sources_for(results.facts, cited),
                         country_names(results.facts))


@dataclass(frozen=True)
class Partners:
    head: Head
    allies: SourcedFact | None
    emerging: SourcedFact | None
    countries: tuple[SourcedFact, ...]  # each partner's alignment, with its source
    levers: tuple[dict[str, Any], ...]  # levers that name partners
    sources: dict[str, dict[str, Any]]
    producers: tuple[tuple[SourcedFact, SourcedFact | None], ...] = ()  # share and alignment
    countries_zh: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**self.head.to_dict(),
                "allies": self.allies.to_dict() if self.allies else None,
                "emerging": self.emerging.to_dict() if self.emerging else None,
                "alignments": [c.to_dict() for c in self.countries], "levers": list(self.levers),
                "producers": [{"share": s.to_dict(), "alignment": a.to_dict() if a else None}
                              for s, a in self.producers],
                "sources": self.sources}


def partners_of(results: Results, mineral_id: str) -> Partners:
    a = results[mineral_id]
    facts = results.facts
    mineral = facts.mineral(mineral_id)
    allies = lookup(facts, mineral_id, "partners.allies")
    emerging = lookup(facts, mineral_id, "partners.emerging")
    names = [c for f in (allies, emerging) if f for c in f.value]
    countries = tuple(f for f in (lookup(facts, None, f"countries.{c}.alignment") for c in names) if f)
    levers = tuple(lv.to_dict() for lv in a.levers if lv.partners)
    shares = sorted(mineral.group("producers").items(), key=lambda cf: -cf[1].value)
    producers = tuple((lookup(facts, mineral_id, f"producers.{c}"), lookup(facts, None, f"countries.{c}.alignment"))
                      for c, _ in shares)
    cited = [f for f in (allies, emerging) if f] + list(countries) + [f for pair in producers for f in pair if f]
    return Partners(head_of(results, mineral_id), allies, emerging, countries, levers, sources_for(facts, cited),
                    producers, country_names(facts))


@dataclass(frozen=True)
class RuleInfo:
    id: str
    layer: str
    then: str
    when: str
    because: str
    source: str
    location: str
    fires_for: tuple[dict[str, Any], ...]
    because_zh: str | None = None  # the reason's template in Chinese, if the rule gives one

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "layer": self.layer, "then": self.then, "when": self.when,
                "because": self.because, "because_zh": self.because_zh, "source": self.source,
                "file": self.location, "fires_for": list(self.fires_for)}


def rule_info(results: Results, rule_id: str) -> RuleInfo:
    """A rule's text and the minerals it fires for (with the reason as rendered for each)."""
    rule = results.rules.rule(rule_id)
    fired = []
    for a in results.values():
        for record in a.trace:
            if record.rule == rule.id:
                fired.append({"mineral": a.mineral, "name": a.name, "name_zh": a.name_zh, "tier": a.tier,
                              "conclusion": record.conclusion, "values": record.values,
                              "because": record.because, "because_zh": TreeBuilder(results, a).because_zh(rule)})
    return RuleInfo(rule.id, rule.layer, rule.then_text(partners=False), rule.when_text, rule.because, rule.source,
                    f"{rule.file}:{rule.line}", tuple(fired), rule.because_zh)


@dataclass(frozen=True)
class RuleList:
    rules: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"rules": list(self.rules)}


def rules_list(rules: RuleBase, layer: str | None = None) -> RuleList:
    return RuleList(tuple({"id": r.id, "layer": r.layer, "then": r.then_text(partners=False), "when": r.when_text,
                           "source": r.source} for r in rules.rules if layer in (None, r.layer)))
