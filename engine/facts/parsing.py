"""Parsing fact files: one fact, a mineral file, countries.yaml and sources.yaml.

Every problem is collected (with file, key path, line and column) rather than raised at the
first one, so a user sees them all at once. The model and the value checks live in
:mod:`critmin.facts.model`; :func:`critmin.facts.model.load_facts` ties the files together.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from critmin.concepts import ALIGNMENTS, KINDS, RATING_TIERS, RISK_LEVELS
from critmin.errors import DataError, Problem, suggest
from critmin.facts.model import (
    CHECK_KEYS,
    COUNTRY_KEYS,
    DISTRIBUTIONS,
    FACT_KEYS,
    FACT_UNITS,
    FREE_TEXT,
    MINERAL_KEYS,
    NON_NUMERIC,
    RESTRICTION_KEYS,
    SECTIONS,
    SOURCE_KEYS,
    TOP_LEVEL_FACTS,
    Country,
    Fact,
    Mineral,
    check_value,
    unit_for,
)
from critmin.facts.names import check_country_names
from critmin.io.yaml_reader import Document, KeyPath, load_yaml, parse_yaml

DATE = re.compile(r"^(before )?\d{4}(-\d{2}(-\d{2})?)?$")  # 2023, 2023-08, 2023-08-01, before 2026-06


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


def parse_fact(data: Any, key: KeyPath, unit: str, col: _Collector,
               allowed: tuple[str, ...] = FACT_KEYS) -> Fact | None:
    """Build a Fact from its YAML mapping, recording every problem found."""
    name = ".".join(str(k) for k in key)
    if not isinstance(data, dict):
        col.add(key, f"expected a fact mapping {{value, unit, source, ref, kind}}, got {data!r}")
        return None
    col.unknown_keys(data, allowed, key)
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
    for text_key in ("source", "ref", "note", "measure", "date"):
        if text_key in data and not isinstance(data[text_key], str):
            col.add(key + (text_key,), f"expected text, got {data[text_key]!r}")
    if "value_zh" in data:
        why = _value_zh_problem(data["value_zh"], value, unit)
        if why:
            col.add(key + ("value_zh",), why)
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
            check = _parse_check(check, key, unit, col)
    line = col.doc.marks.get(key, (None,))[0]
    return Fact(value=value, unit=data.get("unit", unit if not numeric else None),
                source=data["source"], ref=data["ref"], kind=data["kind"], range=rng,
                note=data.get("note"), check=check, key=name, file=col.doc.path, line=line,
                distribution=distribution, measure=data.get("measure"), date=data.get("date"),
                value_zh=data.get("value_zh"))


def _value_zh_problem(value_zh: Any, value: Any, unit: str) -> str | None:
    """Why a fact's Chinese text cannot be used, or None: only a value written in words has
    one, and it says the same items as the value, one for one."""
    if unit not in FREE_TEXT:
        return f"only a fact written in words ({', '.join(FREE_TEXT)}) has a Chinese text"
    if not isinstance(value_zh, list) or not all(isinstance(v, str) for v in value_zh):
        return f"expected a list of texts in Chinese, got {value_zh!r}"
    if isinstance(value, list) and len(value_zh) != len(value):
        return f"expected {len(value)} texts, one for each item of the value, got {len(value_zh)}"
    return None


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


def _parse_check(check: dict, key: KeyPath, unit: str, col: _Collector) -> dict | None:
    """A fact's cross-check, or None (problems recorded) when it cannot be used. Its value is
    checked as the fact's own value is: a 248.65% share is no more possible in a check."""
    before = len(col.problems)
    col.unknown_keys(check, CHECK_KEYS, key + ("check",))
    for required in ("value", "source", "ref"):
        if required not in check:
            col.add(key + ("check",), f"missing '{required}'")
    why = check_value(check["value"], unit) if "value" in check else None
    if why:
        col.add(key + ("check", "value"), why)
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
    for top in TOP_LEVEL_FACTS:
        if top in data:
            fact = parse_fact(data[top], (top,), FACT_UNITS[top], col)
            if fact:
                facts[top] = fact
    for section in SECTIONS:
        _parse_section(data.get(section), section, col, facts)
    identity = [p for p in col.problems if p.key in ("id", "name", "name_zh", "symbol", None)]
    if identity:
        return None, col.problems
    fields = [(f, (f,)) for f in ("id", "name", "name_zh", "symbol")]
    fields += [(f"aliases[{i}]", ("aliases", i)) for i in range(len(aliases))]
    lines = {f: doc.marks[k] for f, k in fields if k in doc.marks}
    mineral = Mineral(id=data["id"], name=data["name"], name_zh=data["name_zh"],
                      symbol=data["symbol"], aliases=tuple(aliases), facts=facts,
                      note=data.get("note"), file=doc.path, lines=lines)
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
        if fact and section == "assessments" and fact.value not in RATING_TIERS[name]:
            col.add((section, name, "value"), f"expected one of {', '.join(RATING_TIERS[name])} "
                    f"(the ratings of {name}), got {fact.value!r}")
        elif fact:
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
        if not isinstance(name, str) or not name.strip():
            col.add(key, f"a country is named by text (not empty), got {name!r}")
            continue
        if not isinstance(entry, dict):
            col.add(key, "expected a mapping with alignment and nationalism_risk")
            continue
        col.unknown_keys(entry, COUNTRY_KEYS, key)
        for text_key in ("name_zh", "note"):
            if text_key in entry and not isinstance(entry[text_key], str):
                col.add(key + (text_key,), f"expected text, got {entry[text_key]!r}")
        alignment = _parse_choice(entry, key, "alignment", ALIGNMENTS, col)
        risk = _parse_choice(entry, key, "nationalism_risk", RISK_LEVELS, col)
        restrictions = []
        listed = entry.get("export_restrictions") or []
        if not isinstance(listed, list):
            col.add(key + ("export_restrictions",), f"expected a list of facts whose value is a "
                    f"mineral id, got {listed!r}")
            listed = []
        for i, item in enumerate(listed):
            at = key + ("export_restrictions", i)
            fact = parse_fact(item, at, "text", col, RESTRICTION_KEYS)
            if fact and not fact.measure:
                col.add(at, "missing 'measure' (what the country restricts, e.g. "
                        "\"export licences for gallium metal\")")
            elif fact and fact.date is not None and not DATE.match(fact.date):
                col.add(at + ("date",), f"expected a date like 2023-08-01, 2023-08, 2023 or "
                        f"'before 2026-06', got {fact.date!r}")
            elif fact:
                restrictions.append(fact)
        if alignment and risk:
            countries[name] = Country(name, entry.get("name_zh"), alignment, risk,
                                      tuple(restrictions), entry.get("note"))
    lines = {name: doc.marks.get((name,), (None,))[0] for name in countries}
    col.problems += check_country_names(countries, doc.path, lines)
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
        sections = entry.get("sections")
        if sections is not None and (not isinstance(sections, list) or not sections
                                     or not all(isinstance(s, str) and s for s in sections)):
            col.add((sid, "sections"), "expected a list of the source's tables and sections "
                    "(e.g. [\"Table 5\", \"section 3.2\"])")
            sections = None
        sources[sid] = {k: str(v) for k, v in entry.items() if k != "sections"}
        if sections:
            sources[sid]["sections"] = list(sections)
    return sources, col.problems


def parse_file(path: Path, parser, problems: list[Problem], text: str | None = None):
    """Run one file's parser (on ``text`` instead of the file, if given), adding its problems
    to ``problems``; None when unusable."""
    if text is None and not path.exists():
        problems.append(Problem(f"missing {path.name}", file=str(path)))
        return None
    try:
        parsed, found = parser(load_yaml(path) if text is None else parse_yaml(text, str(path)))
    except DataError as exc:
        problems += exc.problems
        return None
    problems += found
    return parsed
