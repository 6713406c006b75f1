"""Rule test files (``rules/tests/*.yaml``): their format, loading and strict checking.

Format::

    description: "What these cases pin down."
    cases:
      - name: nickel_first_task              # unique in the file
        source: "Report section 3.2"        # the statement the case encodes (optional)
        scenario: guinea_bauxite_controls    # optional: a scenario name or file, or a list
        set: {nickel.us.projected_addition_2035_t: 700000}   # optional overrides
        expect:
          nickel:                            # any mineral name, symbol or alias
            tier: very_high                  # or tier_at_least / tier_at_most
            levers_include: [ally_sourcing, stockpile]
            levers_exclude: [tariff]
            lever_partners: {ally_sourcing: [Australia, Canada]}
            signals_include: [severe_shortfall]
            signals_exclude: [easily_sourced]
            concluded_by: first_task             # the rule that leads the tier's explanation

Shape problems (unknown keys, with a did-you-mean; unknown tiers or levers; wrong types)
make the whole run invalid: every problem is reported with its file and line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from critmin.assumptions.overrides import Override
from critmin.assumptions.scenarios import overrides_from_yaml
from critmin.concepts import IDENTIFIER, LEVERS, TIERS, UNRATED
from critmin.errors import CritminError, Problem, suggest
from critmin.io.yaml_reader import Document, checked_path, load_yaml

FILE_KEYS = ("description", "cases")
CASE_KEYS = ("name", "source", "note", "scenario", "set", "expect")
TIER_KEYS = ("tier", "tier_at_least", "tier_at_most")
LIST_KEYS = ("levers_include", "levers_exclude", "signals_include", "signals_exclude")
EXPECT_KEYS = TIER_KEYS + LIST_KEYS + ("lever_partners", "concluded_by")
TIER_NAMES = (*TIERS, UNRATED)


class RuleTestError(CritminError):
    """A rule test file is malformed (CLI exit code 2)."""


@dataclass(frozen=True)
class Expectation:
    """One expected property of one mineral, e.g. ``nickel tier very_high``."""

    mineral: str
    key: str
    value: Any
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.mineral} {self.key}: {self.value}"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    line: int | None
    expectations: tuple[Expectation, ...]
    source: str | None = None
    scenarios: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def load_test_dir(directory: str | os.PathLike) -> list[Case]:
    """Every case of every ``*.yaml`` file in ``directory``; all problems at once."""
    directory = checked_path(directory, RuleTestError)
    paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not paths:
        raise RuleTestError(Problem("no rule test files (*.yaml) found", file=str(directory)))
    cases: list[Case] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            doc = load_yaml(path, RuleTestError)
        except RuleTestError as exc:
            problems += exc.problems
            continue
        cases += parse_test_file(doc, problems)
    if problems:
        raise RuleTestError(problems)
    return cases


def parse_test_file(doc: Document, problems: list[Problem]) -> list[Case]:
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list) or not data["cases"]:
        problems.append(doc.problem((), "expected a mapping with 'cases:' holding a list of test cases"))
        return []
    problems += _unknown(doc, data, FILE_KEYS, ())
    cases, seen = [], {}
    for index, item in enumerate(data["cases"]):
        case = _parse_case(doc, index, item, problems)
        if case is None:
            continue
        if case.name in seen:
            problems.append(doc.problem(("cases", index, "name"),
                                        f"duplicate case name '{case.name}' (first at line {seen[case.name]})"))
            continue
        seen[case.name] = case.line
        cases.append(case)
    return cases


def _unknown(doc: Document, data: dict, allowed: tuple[str, ...], at: tuple) -> list[Problem]:
    return [doc.problem(at + (key,), f"unknown key '{key}'{suggest(key, allowed)}; expected one of "
                        f"{', '.join(allowed)}") for key in data if key not in allowed]


def _parse_case(doc: Document, index: int, item: Any, problems: list[Problem]) -> Case | None:
    at = ("cases", index)
    if not isinstance(item, dict):
        problems.append(doc.problem(at, "expected a case mapping {name, expect, ...}"))
        return None
    before = len(problems)
    problems += _unknown(doc, item, CASE_KEYS, at)
    name = item.get("name")
    if not isinstance(name, str) or not IDENTIFIER.match(name):
        problems.append(doc.problem(at + ("name",) if "name" in item else at,
                                    "each case needs a name in lower_case_with_underscores"))
    for key in ("source", "note"):
        if key in item and not isinstance(item[key], str):
            problems.append(doc.problem(at + (key,), f"expected text, got {item[key]!r}"))
    scenarios = item.get("scenario", [])
    scenarios = [scenarios] if isinstance(scenarios, str) else scenarios
    if not isinstance(scenarios, list) or not all(isinstance(s, str) for s in scenarios):
        problems.append(doc.problem(at + ("scenario",), "expected a scenario name or a list of names"))
        scenarios = []
    overrides = overrides_from_yaml(doc, at + ("set",), item.get("set"), f"test case {name}", problems)
    expectations = _expectations(doc, at, item.get("expect"), problems)
    if len(problems) > before:
        return None
    return Case(name, doc.path, doc.marks.get(at, (None,))[0], tuple(expectations),
                item.get("source"), tuple(scenarios), tuple(overrides))


def _expectations(doc: Document, at: tuple, expect: Any, problems: list[Problem]) -> list[Expectation]:
    if not isinstance(expect, dict) or not expect:
        problems.append(doc.problem(at + ("expect",) if expect is not None else at,
                                    "expected 'expect:' mapping each mineral to its expectations"))
        return []
    out = []
    for mineral, checks in expect.items():
        where = at + ("expect", mineral)
        if not isinstance(checks, dict) or not checks:
            problems.append(doc.problem(where, f"expected a mapping of {', '.join(EXPECT_KEYS)}"))
            continue
        problems += _unknown(doc, checks, EXPECT_KEYS, where)
        for key, value in checks.items():
            if key in EXPECT_KEYS:
                problem = _check_value(key, value)
                if problem:
                    problems.append(doc.problem(where + (key,), problem))
                else:
                    out.append(Expectation(str(mineral), key, value, doc.marks.get(where + (key,), (None,))[0]))
    return out


def _check_value(key: str, value: Any) -> str | None:
    if key == "concluded_by":
        ok = isinstance(value, str) and IDENTIFIER.match(value)
        return None if ok else f"expected the id of a tier rule, got {value!r}"
    if key in TIER_KEYS:
        return None if value in TIER_NAMES else (
            f"expected one of {', '.join(TIER_NAMES)}, got {value!r}{suggest(value, TIER_NAMES)}")
    if key == "lever_partners":
        if not isinstance(value, dict) or not value:
            return "expected a mapping of lever → list of countries"
        for lever, countries in value.items():
            if lever not in LEVERS:
                return f"unknown lever '{lever}'{suggest(lever, LEVERS)}; expected one of {', '.join(LEVERS)}"
            if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
                return f"{lever}: expected a list of country names"
        return None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        return "expected a list of names"
    if key.startswith("levers"):
        for lever in value:
            if lever not in LEVERS:
                return f"unknown lever '{lever}'{suggest(lever, LEVERS)}; expected one of {', '.join(LEVERS)}"
    else:
        for signal in value:
            if not IDENTIFIER.match(signal):
                return f"'{signal}' is not a signal name (lower_case_with_underscores)"
    return None
