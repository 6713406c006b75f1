"""Labels for the fixed catalogues (tiers, levers, alignments, risk classes, indicators, fact
keys), read from the phrase catalogue, and the few rules on what an answer in each language shows.

Anything not in the catalogue (a new indicator, a signal) is shown by its name, so new rules
still render.
"""

from __future__ import annotations

from typing import Any

from critmin.concepts import TIERS
from critmin.errors import UsageError
from critmin.words.phrases import LANGUAGES, has, say

# The display unit of each indicator (how its value is formatted: see critmin.words.numbers).
INDICATOR_UNITS: dict[str, str] = {
    "shortfall_2035": "share", "self_sufficiency": "share", "domestic_pipeline": "share",
    "demand_growth": "multiple", "top1_share": "share", "top1_country": "country", "top3_share": "share",
    "hhi": "index", "ally_share": "share", "adversary_share": "share", "nationalism_exposure": "share",
    "export_restrictions": "count", "china_processing_share": "share", "net_import_reliance": "share",
    "iea_growth_2040": "multiple", "supply_2035_t": "t", "demand_2035_t": "t", "consumption_t": "t",
    "production_t": "t", "china_processing_2035": "share", "low_risk_cover": "multiple",
    "reserve_years": "number", "current_shortfall": "share", "demand_uncertainty": "number",
}
SHARE_GROUPS = {"producers": "fact_of.producers", "reserves": "fact_of.reserves"}  # fact key → phrase
SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}

# Rule files are written in English: their reasons (``because``) and formulas are quoted in
# English answers; an answer in another language leaves them out or words the rule's tests.
RULES_LANGUAGE = "en"


def in_rules_language(lang: str) -> bool:
    return lang == RULES_LANGUAGE


def english_only(text: str, lang: str, lead: str = ": ") -> str:
    """``lead`` + ``text`` in an English answer, nothing in another: a rule's reason (see
    RULES_LANGUAGE), or an identifier list only the English sentence names."""
    return f"{lead}{text}" if in_rules_language(lang) else ""


def in_sentence(name: str, lang: str = "en") -> str:
    """A mineral's name inside an English sentence (``nickel``, ``rare earths``); as it is in
    another language."""
    if lang == "en" and name[:1].isupper() and name[1:2].islower():
        return name[0].lower() + name[1:]
    return name


def localized(name: str, name_zh: str, lang: str) -> str:
    """A name (a mineral's, a country's) in the answer's language."""
    return name_zh if lang == "zh" else name


def with_english(name: str, name_zh: str, lang: str) -> str:
    """The name in the answer's language, followed by the English one in a translation."""
    return name if lang == "en" else f"{localized(name, name_zh, lang)} {name}"


def label(group: str, name: str, lang: str = "en", default: str | None = None) -> str:
    """The catalogue's label ``group.name``, or ``default`` (the name itself) if it has none."""
    key = f"{group}.{name}"
    return say(key, lang) if has(key) else (name if default is None else default)


def tier_label(tier: str, lang: str = "en") -> str:
    return label("tier", tier, lang)


def tier_with_id(tier: str, lang: str = "en") -> str:
    """``very high (very_high)`` / ``很高（very_high）``: readable, and greppable by id."""
    return say("tier_with_id", lang, label=tier_label(tier, lang), tier=tier)


def parse_tier(text: str) -> str:
    """A tier from what a person types: very_high, 'very high', very-high, 很高 / 高 / 中 / 低."""
    key = "_".join(text.strip().lower().replace("-", " ").split())
    reverse = {tier_label(tier, lang): tier for lang in LANGUAGES for tier in (*TIERS, "unrated")}
    key = reverse.get(text.strip(), reverse.get(key.replace("_", " "), key))
    if key not in TIERS:
        raise UsageError(f"'{text}' is not a tier; expected one of {', '.join(TIERS)}")
    return key


def lever_label(lever: str, lang: str = "en") -> str:
    return label("lever", lever, lang, lever.replace("_", " "))


def lever_short(lever: str, lang: str = "en") -> str:
    """A lever's short name, for a list inside a sentence (``ally sourcing``, ``stockpile``)."""
    return label("lever_short", lever, lang, lever.replace("_", " "))


def formula_label(name: str, lang: str = "en", default: str = "") -> str:
    """An indicator's formula in words: the catalogue's text in English, the phrase in another
    language ('' when there is none)."""
    if in_rules_language(lang):
        return default
    return label("formula", name, lang, "")


def country_name(country: str, names_zh: dict[str, str] | None, lang: str = "en") -> str:
    """A country by its key, in the answer's language (``names_zh`` from countries.yaml)."""
    return (names_zh or {}).get(country, country) if lang == "zh" else country


def indicator_unit(name: str) -> str:
    return INDICATOR_UNITS.get(name, "number")


def indicator_label(name: str, lang: str = "en") -> str:
    return label("indicator", name, lang, name.replace("_", " "))


def fact_label(key: str, lang: str = "en") -> str:
    """A readable name for a fact key (``producers.Indonesia`` → Indonesia's share of output)."""
    if has(f"fact.{key}"):
        return say(f"fact.{key}", lang)
    head, _, rest = key.partition(".")
    if head in SHARE_GROUPS:
        return say(SHARE_GROUPS[head], lang, country=rest)
    if head == "countries":
        country, _, field = rest.rpartition(".")
        if field.startswith("export_restrictions"):
            return say("fact_of.export_restriction", lang, country=country)
        return say("fact_of.country", lang, country=country, field=label("country_field", field, lang))
    return key


def unit_of_fact(unit: str | None) -> str:
    shown = ("t", "share", "multiple", "ratio", "rating")  # the units a fact's value is shown in
    return unit if unit in shown else "text"


def source_line(source_id: str, info: dict[str, Any] | None, lang: str = "en") -> str:
    """``report — publisher, title, date`` for the Sources section (in Chinese: the Chinese
    publisher and title where sources.yaml gives them, named by the short Chinese name)."""
    if not info:
        return f"{source_id}"
    if lang == "zh" and info.get("title_zh"):
        name = info.get("short_zh") or source_id
        parts = [info.get("publisher_zh") or info.get("publisher"), info.get("title_zh"), info.get("date"),
                 ("doi:" + info["doi"]) if info.get("doi") else None]
        return f"{name} — " + "，".join(p for p in parts if p)
    parts = [info.get("publisher"), info.get("title"), info.get("date"),
             ("doi:" + info["doi"]) if info.get("doi") else None]
    return f"{source_id} — " + ", ".join(p for p in parts if p)
