"""Countries' names in another language, as the facts in use give them (``countries.yaml``
``name_zh``): a value that is a country's name (the largest producer) is said in the answer's
language wherever it is shown, in a comparison as in a figure."""

from __future__ import annotations

from collections.abc import Mapping

_NAMES_ZH: dict[str, str] = {}


def use_country_names(names_zh: Mapping[str, str]) -> None:
    """Learn the Chinese names of the countries in the facts just loaded."""
    _NAMES_ZH.update({name: zh for name, zh in names_zh.items() if zh})


def country_name(name: str, lang: str = "en") -> str:
    """``name`` in ``lang`` (itself when no other name is known)."""
    return _NAMES_ZH.get(name, name) if lang == "zh" else name
