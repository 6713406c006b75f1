"""Overrides: ``KEY=VALUE`` changes to facts, countries and parameters, applied to copies.

Keys:
- ``params.NAME=VALUE`` — a rule parameter;
- ``MINERAL.FACT.PATH=VALUE`` — a mineral fact, e.g. ``nickel.us.supply_2035_t=100000`` or
  ``cobalt.producers.DR Congo=0.5``;
- ``countries.COUNTRY.alignment=ally`` / ``countries.COUNTRY.nationalism_risk=low``.

The shipped files are never touched: overrides produce new FactBase / RuleBase objects.
An overridden fact becomes kind ``assumption`` with source ``override``. When a component
of a Table 5 total is overridden (production, projected addition, consumption, the grid +
manufacturing addition) and the total is not, the total is recomputed from its parts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from .errors import OverrideError
from .facts import (
    ALIGNMENTS,
    MAX_MAGNITUDE,
    RISK_LEVELS,
    Country,
    Fact,
    FactBase,
    Mineral,
    check_value,
    known_fact_keys,
    suggest,
    unit_for,
)
from .rules import RuleBase
from .validation import validate_factbase

OVERRIDE_SOURCE = "override"
TOTALS = {"us.supply_2035_t": ("us.production_t", "us.projected_addition_2035_t"),
          "us.demand_2035_t": ("us.consumption_t", "us.grid_mfg_addition_2035_t")}
NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d[\d_]*)?(\.\d+)?([eE][+-]?\d+)?%?$")
MAX_OVERRIDE_CHARS = 1000  # one KEY=VALUE; longer is a paste gone wrong


@dataclass(frozen=True)
class Override:
    key: str
    value: Any

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


def parse_value(text: str) -> Any:
    """``"100,000"`` → 100000, ``"35%"`` → 0.35, ``"0.5"`` → 0.5; anything else stays text."""
    stripped = text.strip()
    if stripped and NUMBER.match(stripped) and any(c.isdigit() for c in stripped):
        number = stripped.replace(",", "").replace("_", "")
        if number.lstrip("+-").isdigit():
            return int(number)
        percent = number.endswith("%")
        value = float(number.rstrip("%"))
        if math.isinf(value):
            raise OverrideError(f"'{stripped}' is beyond the largest supported magnitude "
                                f"({MAX_MAGNITUDE:g})")
        return value / 100 if percent else value
    return stripped


def parse_override(text: str) -> Override:
    """Parse ``KEY=VALUE`` (the value may contain ``=``)."""
    if len(text) > MAX_OVERRIDE_CHARS:
        raise OverrideError(f"override is {len(text):,} characters; the limit is {MAX_OVERRIDE_CHARS:,}")
    if "=" not in text:
        raise OverrideError(f"'{text}': expected KEY=VALUE, e.g. params.severe_shortfall_min=0.8 "
                            "or nickel.us.supply_2035_t=100000")
    key, value = text.split("=", 1)
    key = key.strip()
    if not key:
        raise OverrideError(f"'{text}': the key before '=' is empty")
    return Override(key, parse_value(value))


def parse_overrides(items: Iterable[str | Override]) -> list[Override]:
    return [item if isinstance(item, Override) else parse_override(item) for item in items]


def apply_overrides(facts: FactBase, rules: RuleBase,
                    overrides: Iterable[str | Override]) -> tuple[FactBase, RuleBase]:
    """New (facts, rules) with every override applied and checked."""
    params: dict[str, Any] = {}
    minerals = dict(facts.minerals)
    countries = dict(facts.countries)
    for override in parse_overrides(overrides):
        head, _, rest = override.key.partition(".")
        if not rest:
            raise OverrideError(f"'{override.key}': expected params.NAME, MINERAL.FACT.PATH or "
                                "countries.COUNTRY.FIELD before '=', e.g. nickel.us.supply_2035_t")
        if head == "params":
            params[rest] = override.value
        elif head == "countries":
            name, field = _country_key(rest, countries)
            countries[name] = _override_country(countries[name], field, override.value)
        else:
            mineral = _mineral(head, minerals)
            minerals[mineral.id] = _override_fact(mineral, rest, override)
    if params:
        try:
            rules = rules.with_params(params)
        except Exception as exc:
            raise OverrideError(str(exc)) from None
    sources = dict(facts.sources)
    sources.setdefault(OVERRIDE_SOURCE, {"publisher": "user", "title": "command-line or session override"})
    changed = replace(facts, minerals=minerals, countries=countries, sources=sources)
    problems = validate_factbase(changed)
    if problems:
        raise OverrideError(problems)
    return changed, rules


def _mineral(name: str, minerals: dict[str, Mineral]) -> Mineral:
    lowered = name.lower()
    for mineral in minerals.values():
        if lowered in (n.lower() for n in mineral.names):
            return mineral
    choices = list(minerals) + ["params", "countries"]
    raise OverrideError(f"unknown mineral '{name}'{suggest(name, choices)}; keys look like "
                        "MINERAL.us.supply_2035_t, params.NAME or countries.NAME.alignment")


def _country_key(rest: str, countries: dict[str, Country]) -> tuple[str, str]:
    name, _, field = rest.rpartition(".")
    if not name:
        raise OverrideError(f"countries.{rest}: expected countries.COUNTRY.alignment or "
                            "countries.COUNTRY.nationalism_risk")
    if name not in countries:
        raise OverrideError(f"unknown country '{name or rest}'{suggest(name or rest, countries)}")
    if field not in ("alignment", "nationalism_risk"):
        raise OverrideError(f"countries.{name}.{field}: expected alignment or nationalism_risk"
                            f"{suggest(field, ['alignment', 'nationalism_risk'])}")
    return name, field


def _override_country(country: Country, field: str, value: Any) -> Country:
    choices = ALIGNMENTS if field == "alignment" else RISK_LEVELS
    if value not in choices:
        raise OverrideError(f"countries.{country.name}.{field}: expected one of "
                            f"{', '.join(choices)}, got {value!r}{suggest(value, choices)}")
    old = getattr(country, field)
    return replace(country, **{field: _as_override(old, value, f"countries.{country.name}.{field}")})


def _as_override(old: Fact | None, value: Any, key: str, unit: str | None = None) -> Fact:
    was = f" (was {old.value!r}, {old.source}: {old.ref})" if old else ""
    return Fact(value=value, unit=old.unit if old else unit, source=OVERRIDE_SOURCE,
                ref=f"--set {key}", kind="assumption", note=f"overridden{was}", key=key,
                file=None, line=None)


def _override_fact(mineral: Mineral, path: str, override: Override) -> Mineral:
    unit = unit_for(path)
    if unit is None or unit in ("countries",):
        raise OverrideError(f"{mineral.id}.{path}: unknown fact"
                            f"{suggest(path, known_fact_keys(mineral))}")
    value = override.value
    if unit == "tier":
        raise OverrideError(f"{mineral.id}.{path}: the report's tier is a reference, not an input")
    problem = check_value(value, unit)
    if problem:
        raise OverrideError(f"{mineral.id}.{path}: {problem}")
    facts = dict(mineral.facts)
    facts[path] = _as_override(facts.get(path), value, path, unit)
    for total, parts in TOTALS.items():
        if path in parts and not _is_override(facts.get(total)):
            values = [facts[p].value for p in parts if p in facts]
            if len(values) == len(parts):
                facts[total] = replace(_as_override(facts.get(total), sum(values), total, "t"),
                                       kind="derived",
                                       note=f"recomputed as {' + '.join(parts)} after an override")
    return replace(mineral, facts=facts)


def _is_override(fact: Fact | None) -> bool:
    return fact is not None and fact.source == OVERRIDE_SOURCE
