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
from pathlib import Path
from typing import Any

from .errors import DataError, Problem
from .yamlio import Document, KeyPath, checked_path, load_yaml

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


# ---------------------------------------------------------------- parsing one fact

class _Collector:
    """Gathers problems for one document so that all are reported together."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, key: KeyPath, message: str) -> None:
        self.problems.append(self.doc.problem(key, message))

    def unknown_keys(self, data: dict, allowed: tuple[str, ...], key: KeyPath) -> None:
        for name in data:
            if name not in allowed:
                self.add(key + (name,), f"unknown key '{name}'{suggest(name, allowed)}; "
                         f"expected one of: {', '.join(allowed)}")


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


def parse_fact(data: Any, key: KeyPath, unit: str, col: _Collector) -> Fact | None:
    """Build a Fact from its YAML mapping, recording every problem found."""
    name = ".".join(str(k) for k in key)
    if not isinstance(data, dict):
        col.add(key, f"expected a fact mapping {{value, unit, source, ref, kind}}, got {data!r}")
        return None
    col.unknown_keys(data, FACT_KEYS, key)
    before = len(col.problems)
    for required in ("value", "source", "ref", "kind"):
        if required not in data:
            col.add(key, f"missing '{required}'")
    value = data.get("value")
    if "value" in data:
        why = check_value(value, unit)
        if why:
            col.add(key + ("value",), why)
    numeric = unit not in NON_NUMERIC
    if numeric and "unit" not in data:
        col.add(key, f"missing 'unit' (expected '{unit}')")
    elif numeric and data.get("unit") != unit:
        col.add(key + ("unit",), f"expected unit '{unit}', got {data.get('unit')!r}")
    if "kind" in data and data["kind"] not in KINDS:
        col.add(key + ("kind",), f"expected one of {', '.join(KINDS)}, got {data['kind']!r}"
                f"{suggest(data['kind'], KINDS)}")
    for text_key in ("source", "ref", "note"):
        if text_key in data and not isinstance(data[text_key], str):
            col.add(key + (text_key,), f"expected text, got {data[text_key]!r}")
    if len(col.problems) > before:
        return None
    # Problems below (range, cross-check) are reported but keep the fact, so that the
    # cross-fact checks still run on it and the user sees every problem at once.
    rng = _parse_range(data.get("range"), key, unit, value, col)
    distribution = _parse_distribution(data, key, col)
    check = data.get("check")
    if check is not None:
        if not isinstance(check, dict):
            col.add(key + ("check",), "expected a mapping {value, source, ref, note}")
            check = None
        else:
            check = _parse_check(check, key, col)
    line = col.doc.marks.get(key, (None,))[0]
    return Fact(value=value, unit=data.get("unit", unit if not numeric else None),
                source=data["source"], ref=data["ref"], kind=data["kind"], range=rng,
                note=data.get("note"), check=check, key=name, file=col.doc.path, line=line,
                distribution=distribution)


def _parse_distribution(data: dict, key: KeyPath, col: _Collector) -> str | None:
    """``distribution`` (optional, needs a range): uniform, or triangular peaking at the value."""
    if "distribution" not in data:
        return None
    found = data["distribution"]
    if found not in DISTRIBUTIONS:
        col.add(key + ("distribution",), f"expected one of {', '.join(DISTRIBUTIONS)}, got "
                f"{found!r}{suggest(found, DISTRIBUTIONS)}")
        return None
    if "range" not in data:
        col.add(key + ("distribution",), "a distribution needs a range: [low, high]")
        return None
    return found


def _parse_check(check: dict, key: KeyPath, col: _Collector) -> dict | None:
    """A fact's cross-check, or None (problems recorded) when it cannot be used."""
    before = len(col.problems)
    col.unknown_keys(check, CHECK_KEYS, key + ("check",))
    for required in ("value", "source", "ref"):
        if required not in check:
            col.add(key + ("check",), f"missing '{required}'")
    for text_key in ("source", "ref", "note"):
        if text_key in check and not isinstance(check[text_key], str):
            col.add(key + ("check", text_key), f"expected text, got {check[text_key]!r}")
    return check if len(col.problems) == before else None


def _parse_range(rng: Any, key: KeyPath, unit: str, value: Any, col: _Collector):
    if rng is None:
        return None
    ok = (isinstance(rng, list) and len(rng) == 2
          and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in rng))
    if not ok or unit in NON_NUMERIC:
        col.add(key + ("range",), f"expected [low, high] numbers, got {rng!r}")
        return None
    low, high = rng
    problems = [check_value(v, unit) for v in rng]
    if any(problems):
        col.add(key + ("range",), next(p for p in problems if p))
    elif low > high:
        col.add(key + ("range",), f"low {low} is above high {high}")
    elif isinstance(value, (int, float)) and not low <= value <= high:
        col.add(key + ("range",), f"value {value} lies outside its range [{low}, {high}]")
    return (float(low), float(high))


# ---------------------------------------------------------------- files

def parse_mineral(doc: Document) -> tuple[Mineral | None, list[Problem]]:
    col = _Collector(doc)
    data = doc.data
    if not isinstance(data, dict):
        col.add((), "expected a mapping with id, name, name_zh, symbol and facts"
                if data is not None else "the file is empty")
        return None, col.problems
    col.unknown_keys(data, MINERAL_KEYS, ())
    stem = Path(doc.path).stem
    for required in ("id", "name", "name_zh", "symbol"):
        if not isinstance(data.get(required), str) or not data.get(required):
            col.add((required,), f"missing or not text: '{required}'")
    if isinstance(data.get("id"), str) and data["id"] != stem:
        col.add(("id",), f"id '{data['id']}' must match the file name '{stem}'")
    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        col.add(("aliases",), "expected a list of names")
        aliases = []
    facts: dict[str, Fact] = {}
    for top in ("report_tier", "demand_growth_2040"):
        if top in data:
            fact = parse_fact(data[top], (top,), FACT_UNITS[top], col)
            if fact:
                facts[top] = fact
    for section in SECTIONS:
        _parse_section(data.get(section), section, col, facts)
    identity = [p for p in col.problems if p.key in ("id", "name", "name_zh", "symbol", None)]
    if identity:
        return None, col.problems
    mineral = Mineral(id=data["id"], name=data["name"], name_zh=data["name_zh"],
                      symbol=data["symbol"], aliases=tuple(aliases), facts=facts,
                      note=data.get("note"), file=doc.path)
    return mineral, col.problems


def _parse_section(section_data: Any, section: str, col: _Collector,
                   facts: dict[str, Fact]) -> None:
    if section_data is None:
        return
    if not isinstance(section_data, dict):
        col.add((section,), f"expected a mapping, got {section_data!r}")
        return
    allowed = tuple(k.split(".", 1)[1] for k in FACT_UNITS if k.startswith(section + "."))
    for name, value in section_data.items():
        if allowed != ("*",) and name not in allowed:
            col.add((section, name), f"unknown key '{name}'{suggest(name, allowed)}; "
                    f"expected one of: {', '.join(allowed)}")
            continue
        fact = parse_fact(value, (section, name), unit_for(f"{section}.{name}"), col)
        if fact:
            facts[f"{section}.{name}"] = fact


def parse_countries(doc: Document) -> tuple[dict[str, Country], list[Problem]]:
    col = _Collector(doc)
    if not isinstance(doc.data, dict):
        col.add((), ("the file is empty; " if doc.data is None else "")
                + "expected a mapping of country name → entry")
        return {}, col.problems
    countries = {}
    for name, entry in doc.data.items():
        key = (name,)
        if not isinstance(entry, dict):
            col.add(key, "expected a mapping with alignment and nationalism_risk")
            continue
        col.unknown_keys(entry, COUNTRY_KEYS, key)
        alignment = _parse_choice(entry, key, "alignment", ALIGNMENTS, col)
        risk = _parse_choice(entry, key, "nationalism_risk", RISK_LEVELS, col)
        restrictions = []
        listed = entry.get("export_restrictions") or []
        if not isinstance(listed, list):
            col.add(key + ("export_restrictions",), f"expected a list of facts whose value is a "
                    f"mineral id, got {listed!r}")
            listed = []
        for i, item in enumerate(listed):
            fact = parse_fact(item, key + ("export_restrictions", i), "text", col)
            if fact:
                restrictions.append(fact)
        if alignment and risk:
            countries[name] = Country(name, entry.get("name_zh"), alignment, risk,
                                      tuple(restrictions), entry.get("note"))
    return countries, col.problems


def _parse_choice(entry: dict, key: KeyPath, name: str, choices: tuple[str, ...],
                  col: _Collector) -> Fact | None:
    if name not in entry:
        col.add(key, f"missing '{name}' (one of {', '.join(choices)})")
        return None
    fact = parse_fact(entry[name], key + (name,), "text", col)
    if fact and fact.value not in choices:
        col.add(key + (name, "value"), f"expected one of {', '.join(choices)}, got "
                f"{fact.value!r}{suggest(fact.value, choices)}")
        return None
    return fact


def parse_sources(doc: Document) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    col = _Collector(doc)
    if not isinstance(doc.data, dict):
        col.add((), ("the file is empty; " if doc.data is None else "")
                + "expected a mapping of source id → {publisher, title, date}")
        return {}, col.problems
    sources = {}
    for sid, entry in doc.data.items():
        if not isinstance(entry, dict):
            col.add((sid,), "expected a mapping with publisher, title and date")
            continue
        col.unknown_keys(entry, SOURCE_KEYS, (sid,))
        for required in ("publisher", "title"):
            if not entry.get(required):
                col.add((sid,), f"missing '{required}'")
        sources[sid] = {k: str(v) for k, v in entry.items()}
    return sources, col.problems


def _parse_file(path: Path, parser, problems: list[Problem]):
    """Run one file's parser, adding its problems to ``problems``; None when unusable."""
    if not path.exists():
        problems.append(Problem(f"missing {path.name}", file=str(path)))
        return None
    try:
        parsed, found = parser(load_yaml(path))
    except DataError as exc:
        problems += exc.problems
        return None
    problems += found
    return parsed


def load_facts(directory: str | os.PathLike | None = None) -> FactBase:
    """Load and validate a facts directory (the shipped one by default)."""
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
        mineral = None if path.name in special else _parse_file(path, parse_mineral, problems)
        if mineral:
            minerals[mineral.id] = mineral
    before = len(problems)
    countries = _parse_file(directory / "countries.yaml", parse_countries, problems) or {}
    sources = _parse_file(directory / "sources.yaml", parse_sources, problems) or {}
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
