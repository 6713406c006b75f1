"""Sourced facts in words: one fact with its source, a mineral's facts, assumptions, the sources.

Every number an explanation shows goes through ``fact_line`` (or ``cite``), so none appears
without its source.
"""

from __future__ import annotations

from typing import Any

from critmin.explain.fact_query import FactAnswer
from critmin.facts.model import FREE_TEXT
from critmin.facts.provenance import MineralFacts, OverrideNote, SourcedFact, SourceList
from critmin.words.citations import short_cite
from critmin.words.labels import (
    fact_label,
    formula_label,
    in_sentence,
    indicator_label,
    indicator_unit,
    localized,
    source_line,
    unit_of_fact,
)
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
    """The value as an answer shows it; in Chinese, a text with no Chinese version is said to be
    in English only (never shown in English inside a Chinese answer)."""
    if lang == "zh" and fact.value_zh is None and fact.unit in FREE_TEXT:
        return say("value.english_only", lang, count=len(fact.value) if isinstance(fact.value, list) else 1)
    value = fact.value_zh if lang == "zh" and fact.value_zh is not None else fact.value
    return in_unit(value, display_unit(fact), lang)


def cite(fact: SourcedFact, lang: str = "en") -> str:
    """``[report: Table 5, nickel, total 2035 demand]``; in Chinese the source's Chinese name and
    the reference's locator (``［报告：表5］``), so the citation is Chinese too."""
    if lang == "en":
        return say("source.cite", lang, source=fact.source, ref=fact.ref)
    return brief_cite(fact, lang)


def brief_cite(fact: SourcedFact, lang: str = "en", short: bool = False) -> str:
    """``[report: Table 5]``: the source and where in it, for short answers (``short``: only the
    first locator, for the figures of a one-paragraph answer)."""
    return short_cite(fact.source, fact.source_zh, fact.ref, lang, short)


def param_cite(source: str | None, lang: str = "en", source_zh: str | None = None) -> str:
    """Where a parameter's value comes from (in Chinese: its ``source_zh``, if it has one)."""
    if lang == "en":
        return f"[rules/parameters.yaml: {source}]"
    return f"［rules/parameters.yaml：{source_zh}］" if source_zh else "［rules/parameters.yaml］"


def fact_name(fact: SourcedFact, lang: str = "en") -> str:
    """The fact's label, with the country's Chinese name in a Chinese answer."""
    text = fact_label(fact.key, lang)
    country = fact.key.split(".")[1] if fact.key.count(".") >= 1 else ""
    if fact.country_zh and country:
        text = text.replace(country, localized(country, fact.country_zh, lang), 1)
    return text


def fact_line(fact: SourcedFact, lang: str = "en") -> str:
    """``US supply in 2035 (us.supply_2035_t) = 8,000 t [report: Table 5, …]``"""
    if is_restriction(fact):  # the value is the mineral the answer is about: the label says it all
        return f"{fact_name(fact, lang)} ({fact.key}) {cite(fact, lang)}"
    return f"{fact_name(fact, lang)} ({fact.key}) = {shown(fact, lang)} {cite(fact, lang)}"


def is_restriction(fact: SourcedFact) -> bool:
    return ".export_restrictions" in fact.key


def named_value(fact: SourcedFact, lang: str = "en") -> str:
    """``Indonesia's share of world output 66.67%`` (an export restriction by its label alone)."""
    return fact_name(fact, lang) if is_restriction(fact) else f"{fact_name(fact, lang)} {shown(fact, lang)}"


def sources_lines(sources: dict[str, dict[str, Any]], lang: str = "en") -> list[str]:
    """The Sources section of an answer (nothing when nothing is cited)."""
    if not sources:
        return []
    return [say("source.heading", lang)] + [f"  {source_line(sid, info, lang)}" for sid, info in sources.items()]


def mineral_facts(listing: MineralFacts, lang: str = "en") -> str:
    lines = [f"  {fact_line(f, lang)}" for f in listing.facts if f.key != "report_tier"]
    return "\n".join(lines + sources_lines(listing.sources, lang))


def override_note(note: OverrideNote, lang: str = "en", mineral_zh: str | None = None,
                  minerals_zh: dict[str, str] | None = None) -> str:
    """``KEY: before → after [where the value replaced comes from]`` (in Chinese the fact by its
    Chinese name, after ``mineral_zh`` for a mineral's fact, and the minerals a country
    restricts by their Chinese names, from ``minerals_zh``)."""
    unit = "text" if note.key.endswith(".export_restrictions") else (
        display_unit(note.fact) if note.fact else "number")
    if note.fact is not None:
        source = cite(note.fact, lang)
    elif note.key.startswith("params."):
        source = param_cite(note.param_source or "", lang)
    else:
        source = "[facts/countries.yaml]"
    name = note.key
    if lang != "en" and note.fact is not None and not note.key.endswith(".export_restrictions"):
        name = (mineral_zh or "") + fact_name(note.fact, lang)
    words = minerals_zh if lang == "zh" and note.key.endswith(".export_restrictions") else None
    return f"{name}: {_value(note.previous, unit, lang, words)} → {_value(note.value, unit, lang, words)} {source}"


def _value(value: Any, unit: str, lang: str, words: dict[str, str] | None = None) -> str:
    """A value as an assumption line shows it; ``words``: the names its items are said by
    (a list of mineral ids, or one written ``a,b,c`` on the command line)."""
    if value in ("", None) or isinstance(value, (list, tuple)) and not value:
        return say("value.none", lang)
    if words:
        items = value.split(",") if isinstance(value, str) else value
        return say("separator.list", lang).join(words.get(str(i).strip(), str(i).strip()) for i in items)
    return in_unit(value, unit, lang)


def source_list(listing: SourceList, lang: str = "en") -> str:
    lines = [say("source.listing", lang, count=len(listing.sources))]
    for sid, info in listing.sources.items():
        count = say("source.cited", lang, count=listing.cited.get(sid, 0))
        lines.append(f"  {source_line(sid, info, lang)} — {count}")
    return "\n".join(lines)


def fact_answer(found: FactAnswer, lang: str = "en") -> str:
    """A question about the facts, answered from them: the asked figure with its source, then
    the figures around it; or that there is no figure, and what there is."""
    name = localized(found.head.name, found.head.name_zh, lang)
    end = say("separator.end", lang)
    lines = []
    if found.shares:
        lines.append(_shares(found, name, lang) + end)
    parts = []
    for i, fact in enumerate(found.facts):
        part = say("fact_answer.value" if i == 0 else "fact_answer.more", lang, name=name, label=fact_name(fact, lang),
                   value=shown(fact, lang), cite=brief_cite(fact, lang))
        check = fact.check or {}
        if "value" in check:
            other = say("fact_answer.check", lang, value=in_unit(check["value"], display_unit(fact), lang),
                        cite=short_cite(check.get("source", ""), check.get("source_zh"), check.get("ref", ""), lang))
            part += (" " if lang == "en" else "") + _bracketed(other, lang)
        parts.append(part)
    if parts:
        lines.append(say("separator.clause", lang).join(parts) + end)
    if found.indicator is not None and found.indicator.value is not None:
        ind = found.indicator
        formula = formula_label(ind.name, lang, ind.formula)
        lines.append(say("fact_answer.indicator", lang, label=indicator_label(ind.name, lang),
                         value=in_unit(ind.value, indicator_unit(ind.name), lang), formula=formula or ind.name) + end)
    for key in found.missing:
        lines.append(say("fact_answer.missing", lang, label=_missing_label(key, lang), name=in_sentence(name, lang)))
        labels = [fact_label(k, lang) for k in found.available if k in FACT_LABELLED]
        lines.append(say("fact_answer.has", lang, name=name, labels=say("separator.list", lang).join(labels)))
    return "\n".join(lines)


FACT_LABELLED = ("us.production_t", "us.consumption_t", "us.demand_2035_t", "us.supply_2035_t",
                 "us.projected_addition_2035_t", "us.net_import_reliance", "processing.china_share",
                 "world.production_t", "world.reserves_t", "demand_growth_2040")


def _missing_label(key: str, lang: str) -> str:
    if key.endswith(".*"):
        return say("fact_of.shares", lang)
    return fact_label(key, lang)


def _bracketed(text: str, lang: str) -> str:
    return f"({text})" if lang == "en" else f"（{text}）"


def _shares(found: FactAnswer, name: str, lang: str) -> str:
    first, _ = found.shares[0]
    key = "fact_answer.producers" if first.key.startswith("producers.") else "fact_answer.reserves"

    def country(fact: SourcedFact) -> str:
        return fact.country_zh if lang == "zh" and fact.country_zh else fact.key.split(".", 1)[1]
    text = say(key, lang, country=country(first), name=in_sentence(name, lang),
               share=shown(first, lang), cite=brief_cite(first, lang))
    rest = [f"{country(share)} {shown(share, lang)}" for share, _ in found.shares[1:]]
    if rest:
        text += say("fact_answer.then", lang, others=say("separator.list", lang).join(rest))
    return text
