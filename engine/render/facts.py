"""Sourced facts in words: one fact with its source, a mineral's facts, assumptions, the sources.

Every number an explanation shows goes through ``fact_line`` (or ``cite``), so none appears
without its source.
"""

from __future__ import annotations

from typing import Any

from critmin.facts.provenance import MineralFacts, OverrideNote, SourcedFact, SourceList
from critmin.words.labels import fact_label, localized, source_line, unit_of_fact
from critmin.words.numbers import in_unit
from critmin.words.phrases import say


def display_unit(fact: SourcedFact) -> str:
    """The unit a fact is shown in (a country's alignment and risk class are words)."""
    if fact.key.endswith(".alignment"):
        return "alignment"
    if fact.key.endswith(".nationalism_risk"):
        return "risk"
    return unit_of_fact(fact.unit)


def shown(fact: SourcedFact, lang: str = "en") -> str:
    return in_unit(fact.value, display_unit(fact), lang)


def cite(fact: SourcedFact, lang: str = "en") -> str:
    return say("source.cite", lang, source=fact.source, ref=fact.ref)


def param_cite(source: str | None) -> str:
    """Where a parameter's value comes from."""
    return f"[rules/parameters.yaml: {source}]"


def fact_name(fact: SourcedFact, lang: str = "en") -> str:
    """The fact's label, with the country's Chinese name in a Chinese answer."""
    text = fact_label(fact.key, lang)
    country = fact.key.split(".")[1] if fact.key.count(".") >= 1 else ""
    if fact.country_zh and country:
        text = text.replace(country, localized(country, fact.country_zh, lang), 1)
    return text


def fact_line(fact: SourcedFact, lang: str = "en") -> str:
    """``US supply in 2035 (us.supply_2035_t) = 8,000 t [report: Table 5, …]``"""
    return f"{fact_name(fact, lang)} ({fact.key}) = {shown(fact, lang)} {cite(fact, lang)}"


def sources_lines(sources: dict[str, dict[str, Any]], lang: str = "en") -> list[str]:
    """The Sources section of an answer (nothing when nothing is cited)."""
    if not sources:
        return []
    return [say("source.heading", lang)] + [f"  {source_line(sid, info)}" for sid, info in sources.items()]


def mineral_facts(listing: MineralFacts, lang: str = "en") -> str:
    lines = [f"  {fact_line(f, lang)}" for f in listing.facts if f.key != "report_tier"]
    return "\n".join(lines + sources_lines(listing.sources, lang))


def override_note(note: OverrideNote, lang: str = "en") -> str:
    """``KEY: before → after [where the value replaced comes from]``."""
    unit = "text" if note.key.endswith(".export_restrictions") else (
        display_unit(note.fact) if note.fact else "number")
    if note.fact is not None:
        source = cite(note.fact, lang)
    elif note.key.startswith("params."):
        source = param_cite(note.param_source or "")
    else:
        source = "[facts/countries.yaml]"
    return f"{note.key}: {_value(note.previous, unit, lang)} → {_value(note.value, unit, lang)} {source}"


def _value(value: Any, unit: str, lang: str) -> str:
    if value in ("", None) or isinstance(value, (list, tuple)) and not value:
        return say("value.none", lang)
    return in_unit(value, unit, lang)


def source_list(listing: SourceList, lang: str = "en") -> str:
    lines = [say("source.listing", lang, count=len(listing.sources))]
    for sid, info in listing.sources.items():
        count = say("source.cited", lang, count=listing.cited.get(sid, 0))
        lines.append(f"  {source_line(sid, info)} — {count}")
    return "\n".join(lines)
