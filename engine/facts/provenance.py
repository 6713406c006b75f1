"""Where a number comes from: a fact with its source (publisher, title, date) and reference.

Fact keys are the ones indicators record (``Indicator.inputs``): a mineral's fact path
(``us.supply_2035_t``, ``producers.Indonesia``) or a country's (``countries.Indonesia.alignment``,
``countries.DR Congo.export_restrictions[0]``). Every explanation shows numbers through
these records, so none appears without its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from critmin.errors import UnknownMineralError
from critmin.facts.loading import find_mineral
from critmin.facts.model import FREE_TEXT, Fact, FactBase

_RESTRICTION = re.compile(r"^export_restrictions\[(\d+)\]$")


@dataclass(frozen=True)
class SourcedFact:
    """One fact as an explanation shows it."""

    key: str
    mineral: str | None
    value: Any
    unit: str | None
    kind: str
    source: str
    ref: str
    note: str | None = None
    range: tuple[float, float] | None = None
    country_zh: str | None = None  # the Chinese name of the country in the key, if any
    source_zh: str | None = None  # the source's short Chinese name (sources.yaml short_zh), if any
    check: dict[str, Any] | None = None  # a cross-check value from another source, if any
    value_zh: Any = None  # the value in Chinese: countries by their Chinese names, a text's translation

    def to_dict(self) -> dict[str, Any]:
        out = {"key": self.key, "mineral": self.mineral, "value": self.value, "unit": self.unit,
               "kind": self.kind, "source": self.source, "ref": self.ref}
        if self.note:
            out["note"] = self.note
        if self.range:
            out["range"] = list(self.range)
        if self.check:
            out["check"] = self.check
        return out


def _sourced(fact: Fact, key: str, mineral: str | None, facts: FactBase | None = None) -> SourcedFact:
    def short(source: Any) -> str | None:
        return (facts.sources.get(source) or {}).get("short_zh") if facts is not None else None
    check = {**fact.check, "source_zh": short(fact.check.get("source"))} if fact.check else None
    value_zh = fact.value_zh
    if value_zh is None and fact.unit not in FREE_TEXT and facts is not None and isinstance(fact.value, list):
        value_zh = [(facts.countries[v].name_zh or v) if v in facts.countries else v for v in fact.value]
    return SourcedFact(key, mineral, fact.value, fact.unit, fact.kind, fact.source, fact.ref,
                       fact.note, fact.range, _country_zh(facts, key), short(fact.source), check, value_zh)


def _country_zh(facts: FactBase | None, key: str) -> str | None:
    head, _, rest = key.partition(".")
    if facts is None or head not in ("producers", "reserves", "countries"):
        return None
    name = rest.rpartition(".")[0] if head == "countries" else rest
    country = facts.countries.get(name)
    return country.name_zh if country else None


def lookup(facts: FactBase, mineral_id: str | None, key: str) -> SourcedFact | None:
    """The fact behind ``key`` (a mineral fact path or ``countries.NAME.FIELD``), or None."""
    if key.startswith("countries."):
        return _country_fact(facts, key)
    mineral = facts.minerals.get(mineral_id or "")
    if mineral is None or key not in mineral.facts:
        return None
    return _sourced(mineral.facts[key], key, mineral.id, facts)


def _country_fact(facts: FactBase, key: str) -> SourcedFact | None:
    rest = key[len("countries."):]
    name, _, field = rest.rpartition(".")
    country = facts.countries.get(name)
    if country is None:
        return None
    match = _RESTRICTION.match(field)
    if match:
        index = int(match.group(1))
        if index >= len(country.export_restrictions):
            return None
        return _sourced(country.export_restrictions[index], key, None, facts)
    fact = getattr(country, field, None)
    return _sourced(fact, key, None, facts) if isinstance(fact, Fact) else None


def source_info(facts: FactBase, source_id: str) -> dict[str, Any]:
    """The entry of ``sources.yaml`` (publisher, title, date, doi, url) for an id."""
    return dict(facts.sources.get(source_id) or {})


def sources_for(facts: FactBase, items: list[SourcedFact]) -> dict[str, dict[str, Any]]:
    """The sources cited by ``items``, in order of first use."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        if item.source not in out:
            out[item.source] = source_info(facts, item.source)
    return out


@dataclass(frozen=True)
class MineralFacts:
    """Every fact of a mineral with its source: ``facts/sources of X``."""

    mineral: str
    name: str
    name_zh: str
    symbol: str
    file: str | None
    facts: tuple[SourcedFact, ...]
    sources: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"mineral": self.mineral, "name": self.name, "name_zh": self.name_zh,
                "symbol": self.symbol, "file": self.file,
                "facts": [f.to_dict() for f in self.facts], "sources": self.sources}


def facts_of(facts: FactBase, mineral_id: str) -> MineralFacts:
    """All facts of one mineral, and the sources they cite."""
    mineral = facts.mineral(mineral_id)
    items = tuple(_sourced(f, k, mineral.id, facts) for k, f in mineral.facts.items())
    return MineralFacts(mineral.id, mineral.name, mineral.name_zh, mineral.symbol, mineral.file,
                        items, sources_for(facts, list(items)))


@dataclass(frozen=True)
class OverrideNote:
    """An assumption (``KEY=VALUE``) and the value it replaces, with that value's source."""

    key: str
    value: Any
    previous: Any
    fact: SourcedFact | None = None
    param_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "previous": self.previous,
                "source": self.fact.to_dict() if self.fact else None, "param_source": self.param_source}


def override_note(facts: FactBase, params: dict[str, Any], key: str, value: Any) -> OverrideNote | None:
    """What ``key`` is before the override, and where that value comes from (None for
    directory overrides and keys that name nothing)."""
    head, _, rest = key.partition(".")
    if head == "params":
        param = params.get(rest)
        return OverrideNote(key, value, getattr(param, "value", None), None, getattr(param, "source", None))
    if head == "countries":
        name, _, field = rest.rpartition(".")
        country = facts.countries.get(name)
        if field == "export_restrictions" and country is not None:
            first = lookup(facts, None, f"{key}[0]")
            return OverrideNote(key, value, [str(f.value) for f in country.export_restrictions], first)
        fact = lookup(facts, None, key)
        return OverrideNote(key, value, fact.value if fact else None, fact)
    try:
        mineral = find_mineral(facts, head)
    except UnknownMineralError:
        return None
    fact = lookup(facts, mineral.id, rest)
    return OverrideNote(f"{mineral.id}.{rest}", value, fact.value if fact else None, fact)


@dataclass(frozen=True)
class SourceList:
    """Every source in sources.yaml and how many facts cite it."""

    sources: dict[str, dict[str, Any]]
    cited: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"sources": self.sources, "cited": self.cited}


def source_list(facts: FactBase) -> SourceList:
    cited: dict[str, int] = {}
    every = [f for m in facts.minerals.values() for f in m.facts.values()]
    every += [f for c in facts.countries.values() for f in (c.alignment, c.nationalism_risk, *c.export_restrictions)]
    for fact in every:
        cited[fact.source] = cited.get(fact.source, 0) + 1
    return SourceList(dict(facts.sources), cited)
