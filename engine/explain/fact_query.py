"""Questions about the facts themselves: how much the US consumes, who mines the most, China's
share of processing — answered from the sourced facts, or with "no figure" when there is none.

A *topic* names the facts that answer one kind of question, the asked one first, then the ones
that put it in context (current consumption, then 2035 demand). Topics with a share per
country (``producers``, ``reserves``) list the countries, largest first. An indicator joins
where the question is about a computed number (the shortfall, demand growth).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from critmin.errors import UsageError
from critmin.explain.headline import Head, head_of
from critmin.explain.why import IndicatorNode, TreeBuilder, country_names
from critmin.facts.provenance import SourcedFact, lookup, sources_for
from critmin.inference.results import Results

TOPICS: dict[str, tuple[str, ...]] = {
    "consumption": ("us.consumption_t", "us.demand_2035_t"),
    "production": ("us.production_t", "us.secondary_production_t"),
    "demand": ("us.demand_2035_t", "us.consumption_t", "us.grid_mfg_addition_2035_t"),
    "supply": ("us.supply_2035_t", "us.production_t", "us.projected_addition_2035_t"),
    "pipeline": ("us.projected_addition_2035_t", "us.supply_2035_t"),
    "import_reliance": ("us.net_import_reliance",),
    "shortfall": ("us.demand_2035_t", "us.supply_2035_t"),
    "processing": ("processing.china_share", "processing.china_share_2035"),
    "world_production": ("world.production_t",),
    "world_reserves": ("world.reserves_t",),
    "growth": ("demand_growth_2040",),
    "recycling": ("us.secondary_production_t",),
    "producers": (),
    "reserves": ("world.reserves_t",),
}
INDICATOR_OF = {"shortfall": "shortfall_2035", "import_reliance": "shortfall_2035", "growth": "demand_growth"}
SHARES_OF = {"producers": "producers", "reserves": "reserves"}
EITHER = ("processing",)  # topics any of whose facts answers the question (today's share or 2035's)


@dataclass(frozen=True)
class FactAnswer:
    head: Head
    topic: str
    facts: tuple[SourcedFact, ...]  # the topic's facts the mineral has, the asked one first
    missing: tuple[str, ...]  # the topic's asked fact keys the mineral has no figure for
    indicator: IndicatorNode | None = None
    shares: tuple[tuple[SourcedFact, SourcedFact | None], ...] = ()  # (share, country alignment), largest first
    available: tuple[str, ...] = ()  # every fact key the mineral has (what can be asked instead)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    countries_zh: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**self.head.to_dict(), "topic": self.topic, "facts": [f.to_dict() for f in self.facts],
                "missing": list(self.missing),
                "indicator": self.indicator.to_dict() if self.indicator else None,
                "shares": [{"share": s.to_dict(), "alignment": a.to_dict() if a else None} for s, a in self.shares],
                "sources": self.sources}


def fact_answer(results: Results, mineral_id: str, topic: str) -> FactAnswer:
    """The facts on ``topic`` for one mineral, with their sources."""
    if topic not in TOPICS:
        raise UsageError(f"unknown fact topic '{topic}'; expected one of {', '.join(TOPICS)}")
    facts_base = results.facts
    mineral = facts_base.mineral(mineral_id)
    keys = TOPICS[topic]
    found = tuple(f for f in (lookup(facts_base, mineral_id, k) for k in keys) if f is not None)
    asked = keys[:1] if topic not in SHARES_OF and not (topic in EITHER and found) else ()
    missing = tuple(k for k in asked if k not in mineral.facts)
    shares: tuple[tuple[SourcedFact, SourcedFact | None], ...] = ()
    if topic in SHARES_OF:
        group = sorted(mineral.group(SHARES_OF[topic]).items(), key=lambda cf: (-cf[1].value, cf[0]))
        shares = tuple((lookup(facts_base, mineral_id, f"{SHARES_OF[topic]}.{c}"),
                        lookup(facts_base, None, f"countries.{c}.alignment")) for c, _ in group)
        if not shares:
            missing = (f"{SHARES_OF[topic]}.*",)
    indicator = None
    if topic in INDICATOR_OF:
        indicator = TreeBuilder(results, results[mineral_id]).indicator(INDICATOR_OF[topic])
    cited = [*found, *(s for pair in shares for s in pair if s), *(indicator.facts if indicator else ())]
    return FactAnswer(head_of(results, mineral_id), topic, found, missing, indicator, shares,
                      tuple(mineral.facts), sources_for(facts_base, cited), country_names(facts_base))
