"""Fact files: one YAML file per mineral, plus countries.yaml and sources.yaml.

Every value is a *fact* — ``{value, unit, source, ref, kind, range?, note?, check?}`` — so
that no number ever reaches an explanation without its provenance. Loading validates the
shape strictly (unknown keys, types, units, ranges) and reports every problem at once;
cross-fact consistency lives in :mod:`critmin.facts.validation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from critmin.concepts import ASSESSMENTS, MAX_MAGNITUDE, RATINGS, TIERS
from critmin.errors import UnknownMineralError, suggest
from critmin.words.numbers import magnitude

FACT_KEYS = ("value", "unit", "source", "ref", "kind", "range", "distribution", "note", "check", "value_zh")
DISTRIBUTIONS = ("uniform", "triangular")  # how a sweep draws within the range
CHECK_KEYS = ("value", "source", "ref", "note")
RESTRICTION_KEYS = FACT_KEYS + ("measure", "date")  # an export restriction also says what and when

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
    "us.reserves_t": "t",
    "us.named_projects": "names",
    "world.production_t": "t",
    "world.reserves_t": "t",
    "world.nationalism_exposure": "share",
    "producers.*": "share",
    "reserves.*": "share",
    "processing.china_share": "share",
    "processing.china_share_2035": "share",
    "demand_growth_2040": "multiple",
    "demand_uncertain": "flag",
    "partners.allies": "countries",
    "partners.emerging": "countries",
    **{f"assessments.{a}": "rating" for a in ASSESSMENTS},
}
NON_NUMERIC = ("tier", "countries", "text", "flag", "names", "rating")
FREE_TEXT = ("names",)  # values written in words (project descriptions): ``value_zh`` gives them in Chinese
SECTIONS = ("us", "world", "producers", "reserves", "processing", "partners", "assessments")
TOP_LEVEL_FACTS = ("report_tier", "demand_growth_2040", "demand_uncertain")
MINERAL_KEYS = ("id", "name", "name_zh", "symbol", "aliases", "note") + TOP_LEVEL_FACTS + SECTIONS
COUNTRY_KEYS = ("name_zh", "alignment", "nationalism_risk", "export_restrictions", "note")
SOURCE_KEYS = ("publisher", "title", "date", "url", "doi", "note", "sections", "publisher_zh", "title_zh",
               "short_zh")


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
    measure: str | None = None  # an export restriction: what the country does
    date: str | None = None  # an export restriction: since when (YYYY, YYYY-MM, YYYY-MM-DD)
    value_zh: Any = None  # a free-text value in Chinese, item for item (FREE_TEXT units)

    def to_dict(self) -> dict[str, Any]:
        out = {"value": self.value, "unit": self.unit, "source": self.source, "ref": self.ref,
               "kind": self.kind}
        for name in ("range", "distribution", "note", "check", "measure", "date", "value_zh"):
            if getattr(self, name) is not None:
                out[name] = list(self.range or ()) if name == "range" else getattr(self, name)
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
    lines: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)  # name → (line, column)

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
        try:
            return self.minerals[mineral_id]
        except KeyError:
            raise UnknownMineralError(
                f"unknown mineral '{mineral_id}'{suggest(mineral_id, self.minerals)}") from None

    def replace_minerals(self, minerals: dict[str, Mineral]) -> FactBase:
        return replace(self, minerals=minerals)


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
    if unit in ("countries", "names"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            what = "country names" if unit == "countries" else "names"
            return f"expected a list of {what}, got {value!r}"
        return None
    if unit == "flag":
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    if unit == "rating":
        return None if value in RATINGS else f"expected one of {', '.join(RATINGS)}, got {value!r}"
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


