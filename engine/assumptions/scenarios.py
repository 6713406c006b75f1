"""Scenarios: named, documented sets of overrides, one YAML file each (``facts/scenarios/``).

Format::

    name: guinea_bauxite_controls      # must match the file name
    description: "One line: what the scenario supposes."
    source: "Report section 1.3"       # the report section or analyst behind it
    note: "How each number was chosen." # optional
    set:
      countries.Guinea.nationalism_risk: extreme
      aluminum.producers.Guinea: 0.0

Every key under ``set`` is an override key as for ``--set``; values are numbers, text or
lists of names. A scenario is checked in two steps: its shape when loaded (unknown keys
with a did-you-mean, types), and its override keys and values when applied to a fact
base (every problem names the file and line). Writing is atomic (a temporary file in the
same directory, then ``os.replace``) and never into the shipped facts or rules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from critmin.assumptions.overrides import DIRECTORY_KEYS, Override, apply_overrides
from critmin.assumptions.values import Percent, parse_value
from critmin.concepts import IDENTIFIER
from critmin.errors import DataError, FileWriteError, Problem, suggest
from critmin.facts.model import FactBase
from critmin.io.atomic import atomic_write_text
from critmin.io.shipped import shipped_dir
from critmin.io.yaml_reader import Document, checked_path, load_yaml, parse_yaml
from critmin.ruleset.model import RuleBase

SCENARIO_KEYS = ("name", "description", "source", "note", "set")
REQUIRED = ("name", "description", "source", "set")


class ScenarioError(DataError):
    """A scenario file is malformed, or a scenario name matches nothing."""


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    source: str
    overrides: tuple[Override, ...]
    note: str | None = None
    file: str | None = None

    @property
    def summary(self) -> str:
        """The description's first line."""
        return self.description.strip().splitlines()[0] if self.description.strip() else ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "description": self.description, "source": self.source}
        if self.note:
            out["note"] = self.note
        out["set"] = {o.key: str(o.value) if isinstance(o.value, Percent) else o.value
                      for o in self.overrides}
        return out


def load_scenario(path: str | os.PathLike) -> Scenario:
    """Load one scenario file and check its shape (not yet its override keys)."""
    return parse_scenario(load_yaml(path, ScenarioError))


def parse_scenario(doc: Document) -> Scenario:
    data = doc.data
    if not isinstance(data, dict):
        raise ScenarioError(doc.problem((), "expected a mapping with name, description, source and set"))
    problems = [doc.problem((key,), f"unknown key '{key}'{suggest(key, SCENARIO_KEYS)}; "
                            f"expected {', '.join(SCENARIO_KEYS)}") for key in data if key not in SCENARIO_KEYS]
    problems += [doc.problem((), f"missing '{key}'") for key in REQUIRED if key not in data]
    for key in ("name", "description", "source", "note"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            problems.append(doc.problem((key,), f"expected text, got {data[key]!r}"))
    name = data.get("name")
    stem = Path(doc.path).stem
    if isinstance(name, str) and (not IDENTIFIER.match(name) or name != stem):
        problems.append(doc.problem(("name",), f"the name '{name}' must be lower_case_with_underscores "
                                    f"and match the file name '{stem}'"))
    origin = f"scenario {name if isinstance(name, str) else stem}"
    overrides = overrides_from_yaml(doc, ("set",), data.get("set"), origin, problems)
    if problems:
        raise ScenarioError(problems)
    assert isinstance(name, str)  # a missing or non-text name is a problem above
    return Scenario(name, data["description"].strip(), data["source"].strip(), tuple(overrides),
                    data.get("note", "").strip() or None, doc.path)


def overrides_from_yaml(doc: Document, at: tuple, entries: Any, origin: str,
                        problems: list[Problem]) -> list[Override]:
    """Overrides from a YAML mapping ``KEY: VALUE`` at key path ``at``, located by line."""
    if entries is None:
        return []
    if not isinstance(entries, dict) or not entries:
        problems.append(doc.problem(at, "expected a mapping of override KEY: VALUE "
                                    "(e.g. params.severe_shortfall_min: 0.8)"))
        return []
    out = []
    for key, value in entries.items():
        where = at + (key,)
        if key in DIRECTORY_KEYS:
            problems.append(doc.problem(where, f"the {key} directory cannot be swapped here; "
                                        f"use --{key} DIR"))
            continue
        if isinstance(value, str):
            value = parse_value(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = list(value)
        elif not isinstance(value, (bool, int, float)):
            problems.append(doc.problem(where, f"expected a number, text or a list of names (or "
                                        f"true/false for a yes/no fact), got {value!r}"))
            continue
        line = doc.marks.get(where, (None,))[0]
        out.append(Override(key, value, origin, doc.path, line))
    return out


# ---------------------------------------------------------------- finding scenarios

def scenario_dirs(facts: FactBase | None = None) -> list[Path]:
    """Where scenarios are looked up: the facts directory's scenarios/, then the shipped one."""
    dirs = []
    if facts is not None and facts.scenarios_dir:
        dirs.append(Path(facts.scenarios_dir))
    shipped = shipped_dir("facts") / "scenarios"
    if shipped.is_dir() and all(d.resolve() != shipped.resolve() for d in dirs):
        dirs.append(shipped)
    return dirs


def list_scenarios(facts: FactBase | None = None) -> list[Scenario]:
    """Every scenario (the first of each name wins), sorted by name; all shape problems at once."""
    found: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for directory in scenario_dirs(facts):
        for path in sorted(directory.glob("*.yaml")):
            try:
                scenario = load_scenario(path)
            except ScenarioError as exc:
                problems += exc.problems
                continue
            found.setdefault(scenario.name, scenario)
    if problems:
        raise ScenarioError(problems)
    return [found[name] for name in sorted(found)]


def find_scenario(name_or_file: str, facts: FactBase | None = None) -> Scenario:
    """A scenario by name (from :func:`scenario_dirs`) or by the path of its file."""
    path = checked_path(name_or_file, ScenarioError)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            raise ScenarioError(Problem("no such scenario file", file=str(path)))
        return load_scenario(path)
    for directory in scenario_dirs(facts):
        candidate = directory / f"{name_or_file}.yaml"
        if candidate.is_file():
            return load_scenario(candidate)
    names = sorted({p.stem for d in scenario_dirs(facts) for p in d.glob("*.yaml")})
    raise ScenarioError(f"unknown scenario '{name_or_file}'{suggest(name_or_file, names)}; "
                        f"known: {', '.join(names) or 'none'} (or give a scenario file path)")


def scenario_overrides(names: list[str] | tuple[str, ...], facts: FactBase | None = None) -> list[Override]:
    """The overrides of several scenarios, in order (a later one wins on the same key)."""
    return [o for name in names for o in find_scenario(name, facts).overrides]


def check_scenario(scenario: Scenario, facts: FactBase, rules: RuleBase) -> tuple[FactBase, RuleBase]:
    """Apply a scenario's overrides; problems name the scenario file and line."""
    return apply_overrides(facts, rules, scenario.overrides)


# ---------------------------------------------------------------- writing

def scenario_text(scenario: Scenario) -> str:
    """The YAML text of a scenario, checked by parsing it back."""

    text = yaml.safe_dump(scenario.to_dict(), sort_keys=False, allow_unicode=True, width=100)
    parse_scenario(parse_yaml(text, f"{scenario.name}.yaml", ScenarioError))
    return text


def write_scenario(path: str | os.PathLike, scenario: Scenario, overwrite: bool = False) -> Path:
    """Write atomically (:func:`critmin.io.atomic.atomic_write_text`); never into the shipped data."""
    path = Path(path)
    target = path.resolve()
    for shipped in (shipped_dir("facts"), shipped_dir("rules")):
        if target.is_relative_to(shipped.resolve()):
            raise ScenarioError(Problem(f"refusing to write inside the shipped {shipped.name} "
                                        "directory; save the scenario somewhere else", file=str(path)))
    text = scenario_text(scenario)
    try:
        return atomic_write_text(path, text, overwrite=overwrite)
    except FileWriteError as exc:
        raise ScenarioError(exc.problems) from None
