"""why(mineral): the derivation tree from the tier down to sourced facts.

tier ← the tier rule(s) that concluded it ← the signals they used ← the rules that derived
those signals ← indicator values ← the facts each indicator read (``Indicator.inputs``) ←
their sources. A negated signal (``not easily_sourced``) is explained by the rules that
would have concluded it and the tests they failed. Tier rules that also fired for a lower
tier are listed as outranked (the tier is the highest concluded).

Built from one scoring run (the trace and the rule conditions); nothing is per mineral. The
tree is data; :mod:`critmin.render.trees` words it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from critmin.concepts import TIER_RANK, TIERS
from critmin.explain.headline import Head, head_of
from critmin.facts.model import FactBase
from critmin.facts.provenance import SourcedFact, lookup, sources_for
from critmin.indicators.catalogue import INDICATORS
from critmin.inference.results import Assessment, Results, TraceRecord
from critmin.inference.unknowns import MissingInput
from critmin.language.conditions import Alternative, Test, alternatives, closest, env_for
from critmin.language.syntax import references
from critmin.ruleset.because import render_because, stated_values
from critmin.ruleset.model import Rule
from critmin.words.labels import tier_label
from critmin.words.phrases import say

MAX_DEPTH = 8


@dataclass(frozen=True)
class IndicatorNode:
    name: str
    value: Any
    formula: str
    facts: tuple[SourcedFact, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "formula": self.formula,
                "facts": [f.to_dict() for f in self.facts]}


@dataclass(frozen=True)
class ParamNode:
    name: str
    value: Any
    doc: str
    source: str | None
    source_zh: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "doc": self.doc, "source": self.source,
                "source_zh": self.source_zh}


@dataclass(frozen=True)
class TestNode:
    test: Test
    indicators: tuple[IndicatorNode, ...] = ()
    params: tuple[ParamNode, ...] = ()
    derived_by: tuple[RuleNode, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = self.test.to_dict()
        out.update({"indicators": [i.to_dict() for i in self.indicators],
                    "params": [p.to_dict() for p in self.params],
                    "derived_by": [r.to_dict() for r in self.derived_by]})
        return out


@dataclass(frozen=True)
class RuleNode:
    """A rule in an explanation. ``because`` (and ``because_zh``) is the rule's reason with the
    mineral's values, given only when the rule fired; for a rule that did not fire it is empty,
    and its failing tests say what it would need."""

    rule: str
    kind: str
    conclusion: Any
    fired: bool
    when: str
    because: str
    source: str
    tests: tuple[TestNode, ...]
    because_zh: str | None = None
    stated: tuple[tuple[str, str], ...] = ()  # (indicator, as the reason shows it), a rule that fired

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "kind": self.kind, "conclusion": self.conclusion,
                "fired": self.fired, "when": self.when, "because": self.because,
                "because_zh": self.because_zh, "source": self.source,
                "tests": [t.to_dict() for t in self.tests]}

    def facts(self) -> list[SourcedFact]:
        out: list[SourcedFact] = []
        for test in self.tests:
            for indicator in test.indicators:
                out += indicator.facts
            for child in test.derived_by:
                out += child.facts()
        return out


class TreeBuilder:
    """Builds rule nodes for one scored mineral; shared by why and why-not."""

    def __init__(self, results: Results, assessment: Assessment):
        self.results, self.assessment = results, assessment
        self.rules = results.rules
        self.env = env_for(assessment, self.rules.param_values)
        self.words_zh = {**country_names(results.facts), **{t: tier_label(t, "zh") for t in TIERS}}
        self.firings: dict[str, list[TraceRecord]] = {}
        for record in assessment.trace:
            if record.kind == "signal":
                self.firings.setdefault(record.conclusion, []).append(record)

    def fired(self, record: TraceRecord, depth: int = 0) -> RuleNode:
        rule = self.rules.rule(record.rule)
        alts = alternatives(rule.when, self.env)
        alt = next((a for a in alts if a.holds), alts[0])
        return self._node(rule, True, record.because, alt, depth)

    def unfired(self, rule: Rule, depth: int = 0) -> RuleNode:
        """A rule that did not fire: its closest alternative's failing tests, and no reason."""
        alt = closest(rule.when, self.env)
        because = render_because(rule.because, self.env) if alt.holds else ""
        return self._node(rule, alt.holds, because, alt, depth, failing_only=True)

    def because_zh(self, rule: Rule) -> str | None:
        """The rule's Chinese reason with this mineral's values (countries by their Chinese names)."""
        if not rule.because_zh:
            return None
        return render_because(rule.because_zh, self.env, self.words_zh, say("value.unknown", "zh"))

    def _node(self, rule: Rule, fired: bool, because: str, alt: Alternative, depth: int,
              failing_only: bool = False) -> RuleNode:
        tests = [t for t in alt.tests if not (failing_only and t.holds)]
        return RuleNode(rule.id, rule.kind, rule.conclusion, fired, rule.when_text, because,
                        rule.source, tuple(self.test(t, depth + 1) for t in tests),
                        self.because_zh(rule) if fired else None,
                        tuple(stated_values(rule.because, self.env).items()) if fired else ())

    def test(self, test: Test, depth: int) -> TestNode:
        derived: tuple[RuleNode, ...] = ()
        if test.signal and depth < MAX_DEPTH:
            concluded = (test.holds != test.negated)
            if concluded:
                derived = tuple(self.fired(r, depth) for r in self.firings.get(test.signal, []))
            else:
                derived = tuple(self.unfired(r, depth) for r in self.rules.rules
                                if r.kind == "signal" and r.conclusion == test.signal)
        refs = references(test.node) if test.node is not None else []
        indicators = tuple(self.indicator(r.name) for r in refs if r.kind == "indicator")
        params = tuple(self.param(r.name) for r in refs if r.kind == "param")
        return TestNode(test, indicators, params, derived)

    def indicator(self, name: str) -> IndicatorNode:
        found = self.assessment.indicators.get(name)
        spec = INDICATORS.get(name)
        facts = []
        for key in (found.inputs if found else ()):
            fact = lookup(self.results.facts, self.assessment.mineral, key)
            if fact is not None:
                facts.append(fact)
        return IndicatorNode(name, found.value if found else None, spec.formula if spec else "",
                             tuple(facts))

    def param(self, name: str) -> ParamNode:
        p = self.rules.params[name]
        return ParamNode(name, p.value, p.doc, p.source, p.source_zh)


@dataclass(frozen=True)
class Standing:
    """Where a mineral ranks by score among all the minerals scored (1 = the highest score)."""

    rank: int
    of: int
    above: tuple[Head, ...]  # the minerals ranked above it, when there are at most two

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "of": self.of, "above": [h.mineral for h in self.above]}


def standing(results: Results, mineral_id: str) -> Standing:
    order = sorted(results.values(), key=lambda a: (-a.tier_rank, -a.score, a.mineral))
    rank = next(i for i, a in enumerate(order, 1) if a.mineral == mineral_id)
    above = tuple(head_of(results, a.mineral) for a in order[:rank - 1]) if rank <= 3 else ()
    return Standing(rank, len(order), above)


@dataclass(frozen=True)
class Remark:
    """One more sentence an explanation carries (a phrase key and its values), worded by the
    renderer from the phrase catalogue: how a later explanation adds a line to an answer."""

    key: str
    values: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "values": self.values}


@dataclass(frozen=True)
class Derivation:
    """Why a mineral has its tier: the tier rules that concluded it (``concluded_by``, each a tree
    of signals, tests, indicators and sourced facts), the rules that fired for a lower tier
    (``outranked``), the levers, the ``sources`` cited and any warnings."""

    head: Head
    concluded_by: tuple[RuleNode, ...]
    outranked: tuple[RuleNode, ...]
    levers: tuple[dict[str, Any], ...]  # id, partners, partners_zh, rules
    sources: dict[str, dict[str, Any]]
    warnings: tuple[str, ...] = ()
    standing: Standing | None = None
    remarks: tuple[Remark, ...] = ()
    missing: tuple[MissingInput, ...] = ()  # why an unrated mineral could not be rated

    @property
    def tier(self) -> str:
        return self.head.tier

    def facts(self) -> list[SourcedFact]:
        return [f for node in self.concluded_by for f in node.facts()]

    def to_dict(self) -> dict[str, Any]:
        return {**self.head.to_dict(),
                "concluded_by": [n.to_dict() for n in self.concluded_by],
                "outranked": [n.to_dict() for n in self.outranked],
                "levers": list(self.levers), "sources": self.sources, "warnings": list(self.warnings),
                "standing": self.standing.to_dict() if self.standing else None,
                "remarks": [r.to_dict() for r in self.remarks],
                "missing": [m.to_dict() for m in self.missing]}


def country_names(facts: FactBase) -> dict[str, str]:
    """Each country's Chinese name, by its key (for answers in Chinese)."""
    return {key: c.name_zh for key, c in facts.countries.items() if c.name_zh}


def lever_dicts(results: Results, assessment: Assessment) -> tuple[dict[str, Any], ...]:
    """The mineral's levers as data, partners also by their Chinese names."""
    names = country_names(results.facts)
    return tuple({**lever.to_dict(), "partners_zh": [names.get(p, p) for p in lever.partners]}
                 for lever in assessment.levers)


def why(results: Results, mineral_id: str) -> Derivation:
    """The derivation tree of ``mineral_id``'s tier in ``results``."""
    assessment = results[mineral_id]
    builder = TreeBuilder(results, assessment)
    tier_firings = assessment.firings("tier")
    concluded = tuple(builder.fired(r) for r in tier_firings if r.conclusion == assessment.tier)
    outranked = tuple(builder.fired(r) for r in tier_firings
                      if TIER_RANK[r.conclusion] < TIER_RANK[assessment.tier])
    facts = [f for node in concluded for f in node.facts()]
    return Derivation(head_of(results, mineral_id), concluded, outranked, lever_dicts(results, assessment),
                      sources_for(results.facts, facts), assessment.warnings, standing(results, mineral_id),
                      missing=assessment.missing)
