"""Fact files: one YAML file per mineral, plus countries.yaml and sources.yaml.

Every value is a *fact* — ``{value, unit, source, ref, kind, range?, note?, check?}`` — so
that no number ever reaches an explanation without its provenance. Loading validates the
shape strictly (unknown keys, types, units, ranges) and reports every problem at once;
cross-fact consistency lives in :mod:`engine.validation`.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, replace
from typing import Any

from .errors import DataError, Problem
from .yamlio import checked_path

TIERS = ("low", "medium", "high", "very_high")
KINDS = ("reported", "derived", "estimate", "assumption")
ALIGNMENTS = ("ally", "partner", "neutral", "adversary")
RISK_LEVELS = ("low", "medium", "high", "extreme")
FACT_KEYS = ("value", "unit", "source", "ref", "kind", "range", "distribution", "note", "check")
DISTRIBUTIONS = ("uniform", "triangular")  # how a sweep draws within the range
CHECK_KEYS = ("value", "source", "ref", "note")

# key path pattern → expected unit ("tier", "countries" for non-numeric facts).
# "*" stands for any country name.
FACT_UNITS: dict[str, str] = {
    "report_tier": "tier",
    "us.production_t": "t",
    "us.projected_addition_2035_t": "t",
    "us.supply_2035_t": "t",
    "us.consumption_t": "t",
    "us.grid_mfg_addition_2035_t": "t",
    "us.demand_2035_t": "t",
    "us.report_import_ratio": "ratio",
    "us.net_import_reliance": "share",
    "us.secondary_production_t": "t",
    "world.production_t": "t",
    "world.reserves_t": "t",
    "producers.*": "share",
    "reserves.*": "share",
    "processing.china_share": "share",
    "demand_growth_2040": "multiple",
    "partners.allies": "countries",
    "partners.emerging": "countries",
}
NON_NUMERIC = ("tier", "countries", "text")
MAX_MAGNITUDE = 1e12  # tonnes and ratios stay far below; the engine counts in millionths
SECTIONS = ("us", "world", "producers", "reserves", "processing", "partners")
MINERAL_KEYS = ("id", "name", "name_zh", "symbol", "aliases", "note", "report_tier",
                "demand_growth_2040") + SECTIONS
COUNTRY_KEYS = ("name_zh", "alignment", "nationalism_risk", "export_restrictions", "note")
SOURCE_KEYS = ("publisher", "title", "date", "url", "doi", "note")


@dataclass(frozen=True)
class Fact:
    """One sourced value."""

    value: Any
    unit: str | None
    source: str
    ref: str
    kind: str
    range: tuple[float, float] | None = None
    note: str | None = None
    check: dict[str, Any] | None = None
    key: str = ""
    file: str | None = None
    line: int | None = None
    distribution: str | None = None  # uniform (default) or triangular, for sweeps

    def to_dict(self) -> dict[str, Any]:
        out = {"value": self.value, "unit": self.unit, "source": self.source, "ref": self.ref,
               "kind": self.kind}
        for name in ("range", "distribution", "note", "check"):
            if getattr(self, name) is not None:
                out[name] = list(self.range) if name == "range" else getattr(self, name)
        return out


@dataclass(frozen=True)
class Mineral:
    """A mineral's names and its facts, keyed by dotted path (``us.supply_2035_t``)."""

    id: str
    name: str
    name_zh: str
    symbol: str
    aliases: tuple[str, ...]
    facts: dict[str, Fact]
    note: str | None = None
    file: str | None = None

    def get(self, key: str) -> Any:
        """The value at ``key``, or None when the fact is absent."""
        fact = self.facts.get(key)
        return None if fact is None else fact.value

    def group(self, section: str) -> dict[str, Fact]:
        """Facts under one section, keyed by the last path part (``producers`` → countries)."""
        prefix = section + "."
        return {k[len(prefix):]: f for k, f in self.facts.items() if k.startswith(prefix)}

    @property
    def report_tier(self) -> str | None:
        return self.get("report_tier")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.id, self.name, self.name_zh, self.symbol, *self.aliases)


@dataclass(frozen=True)
class Country:
    name: str
    name_zh: str | None
    alignment: Fact
    nationalism_risk: Fact
    export_restrictions: tuple[Fact, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class FactBase:
    """Everything loaded from one facts directory."""

    minerals: dict[str, Mineral]
    countries: dict[str, Country]
    sources: dict[str, dict[str, Any]]
    directory: str = ""
    scenarios_dir: str | None = None

    def mineral(self, mineral_id: str) -> Mineral:
        from .errors import UnknownMineralError
        try:
            return self.minerals[mineral_id]
        except KeyError:
            raise UnknownMineralError(
                f"unknown mineral '{mineral_id}'{suggest(mineral_id, self.minerals)}") from None

    def replace_minerals(self, minerals: dict[str, Mineral]) -> FactBase:
        return replace(self, minerals=minerals)


def suggest(word: str, choices: Any) -> str:
    """`` (did you mean 'x'?)`` or an empty string."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"


def unit_for(key: str) -> str | None:
    """The unit a fact at ``key`` must have, or None if the key is not a known fact."""
    if key in FACT_UNITS:
        return FACT_UNITS[key]
    section = key.split(".", 1)[0]
    return FACT_UNITS.get(section + ".*") if "." in key else None


def known_fact_keys(mineral: Mineral | None = None) -> list[str]:
    keys = [k for k in FACT_UNITS if not k.endswith("*")]
    if mineral is not None:
        keys += [k for k in mineral.facts if k not in keys]
    return keys


def check_value(value: Any, unit: str) -> str | None:
    """Why ``value`` is wrong for ``unit``, or None if it is fine."""
    if unit == "countries":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"expected a list of country names, got {value!r}"
        return None
    if unit == "text":
        return None if isinstance(value, str) else f"expected text, got {value!r}"
    if unit == "tier":
        return None if value in TIERS else f"expected one of {', '.join(TIERS)}, got {value!r}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"expected a number ({unit}), got {value!r}"
    if value != value or value in (float("inf"), float("-inf")):
        return f"expected a finite number, got {value!r}"
    if abs(value) > MAX_MAGNITUDE:
        return f"{magnitude(value)} is beyond the largest supported magnitude ({MAX_MAGNITUDE:g})"
    if unit == "share" and not 0 <= value <= 1:
        return f"a share must be between 0 and 1, got {value!r}"
    if unit == "t" and value < 0:
        return f"tonnes cannot be negative, got {value!r}"
    if unit == "multiple" and value <= 0:
        return f"a growth multiple must be positive, got {value!r}"
    return None


def magnitude(value: int | float) -> str:
    """A short form of a possibly huge number (an integer too big for a float has no ``:g``)."""
    try:
        return f"{value:g}"
    except OverflowError:
        return f"a {len(str(abs(value))):,}-digit number"


def load_facts(directory: str | os.PathLike | None = None) -> FactBase:
    """Load and validate a facts directory (the shipped one by default)."""
    from .fact_files import parse_countries, parse_file, parse_mineral, parse_sources
    from .shipped import shipped_dir
    from .validation import check_balance, check_share_sums, validate_factbase

    directory = checked_path(directory) if directory is not None else shipped_dir("facts")
    if not directory.is_dir():
        raise DataError(Problem("not a directory of fact files", file=str(directory)))
    if not (directory / "countries.yaml").exists() and not (directory / "sources.yaml").exists():
        found = "" if any(directory.glob("*.yaml")) else " (no *.yaml files at all)"
        raise DataError(Problem(f"not a facts directory: no countries.yaml or sources.yaml{found}; "
                                "expected one file per mineral, countries.yaml and sources.yaml",
                                file=str(directory)))
    problems: list[Problem] = []
    special = {"countries.yaml", "sources.yaml"}
    minerals: dict[str, Mineral] = {}
    for path in sorted(directory.glob("*.yaml")):
        mineral = None if path.name in special else parse_file(path, parse_mineral, problems)
        if mineral:
            minerals[mineral.id] = mineral
    before = len(problems)
    countries = parse_file(directory / "countries.yaml", parse_countries, problems) or {}
    sources = parse_file(directory / "sources.yaml", parse_sources, problems) or {}
    references_ok = len(problems) == before
    if not minerals and not problems:
        problems.append(Problem("no mineral fact files (*.yaml) found", file=str(directory)))
    scenarios = directory / "scenarios"
    base = FactBase(minerals, countries, sources, str(directory),
                    str(scenarios) if scenarios.is_dir() else None)
    if references_ok:
        problems += validate_factbase(base)
    else:  # every unknown source or country would only echo the broken file's own problem
        problems += [p for m in minerals.values() for p in check_share_sums(m) + check_balance(m)]
    if problems:
        raise DataError(problems)
    return base


def find_mineral(base: FactBase, name: str) -> Mineral:
    """A mineral by id, name, Chinese name, symbol or alias (case-insensitive, exact)."""
    from .errors import UnknownMineralError

    wanted = name.strip().lower()
    for mineral in base.minerals.values():
        if wanted in (n.lower() for n in mineral.names):
            return mineral
    names = [n for m in base.minerals.values() for n in (m.id, m.name, m.name_zh)]
    raise UnknownMineralError(f"unknown mineral '{name}'{suggest(name, names)}; "
                              f"known: {', '.join(sorted(base.minerals))}")
