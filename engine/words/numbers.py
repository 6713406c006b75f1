"""Numbers (and the few other values) as people read them: every number format, in one place.

- ``in_unit``: a value in its display unit, for explanations (shares as %, tonnes with
  separators, multiples as ×), in English or Chinese;
- ``plain``: a value without a unit (thousands separators, 4 significant digits);
- ``raw``: a value for machines (CSV cells): as Python writes it;
- ``exact``: every digit, for tables a person checks value by value (the USGS change table);
- ``magnitude``: a short form of a possibly huge number, for error messages.
"""

from __future__ import annotations

from typing import Any

from critmin.words.countries import country_name
from critmin.words.labels import label, tier_label
from critmin.words.phrases import say


def in_unit(value: Any, unit: str = "number", lang: str = "en") -> str:
    """Format a value for its unit: shares as %, tonnes with separators, multiples as ×."""
    if value is None:
        return say("value.unknown", lang)
    if isinstance(value, bool):  # a flag fact ("future demand uncertain"), said in words
        return say("value.yes" if value else "value.no", lang)
    if isinstance(value, (list, tuple)):
        return say("separator.list", lang).join(str(v) for v in value) or "-"
    if isinstance(value, str):
        if unit in ("alignment", "risk", "rating"):
            return label(unit, value, lang)
        if unit == "tier":
            return tier_label(value, lang)
        if unit == "country":
            return country_name(value, lang)
        return value
    if unit == "share":
        return f"{_trim(f'{value * 100:.2f}')}%"
    if unit == "t":
        tonnes = f"{value:,.0f}" if abs(value) >= 1 or value == 0 else f"{value:g}"
        return f"{tonnes} t" if lang == "en" else f"{tonnes}吨"
    if unit == "multiple":
        return f"×{_trim(f'{value:.2f}')}"
    if unit == "count":
        return f"{value:.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return _trim(f"{value:.4f}")


ORDINALS = {1: "ordinal.en_1", 2: "ordinal.en_2", 3: "ordinal.en_3"}


def ordinal(n: int, lang: str = "en") -> str:
    """1st, 2nd, 3rd, 4th … / 第1, 第2 …"""
    key = ORDINALS.get(n % 10, "ordinal.other") if n % 100 not in (11, 12, 13) else "ordinal.other"
    return say(key, lang, n=n)


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def plain(value: Any) -> str:
    """A value without a unit, for people: thousands separators, 4 significant digits,
    lists comma-separated, '-' for nothing."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "-"
    return str(value)


def raw(value: Any) -> str:
    """A value for machines: plain numbers, lists comma-separated, '' for nothing."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value))
    return str(value)


def exact(value: Any, unit: str = "t") -> str:
    """Every digit of a number (a share as a percentage to 0.01%), '-' for nothing, anything
    else as it is: for a table that puts a file's value beside a new one."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return "-" if value is None else str(value)
    return f"{value:.2%}" if unit == "share" else f"{value:,}"


def magnitude(value: int | float) -> str:
    """A short form of a possibly huge number (an integer too big for a float has no ``:g``)."""
    try:
        return f"{value:g}"
    except OverflowError:
        return f"a {len(str(abs(value))):,}-digit number"
