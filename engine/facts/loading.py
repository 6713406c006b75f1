"""Loading a facts directory: every file parsed and checked, every problem reported at once."""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path

from critmin.errors import DataError, Problem, UnknownMineralError, suggest
from critmin.facts.model import FactBase, Mineral
from critmin.facts.names import check_mineral_names, folding_hint
from critmin.facts.parsing import parse_countries, parse_file, parse_mineral, parse_sources
from critmin.facts.validation import check_balance, check_share_sums, validate_factbase
from critmin.io.recent import Recent
from critmin.io.shipped import shipped_dir
from critmin.io.yaml_reader import checked_path, read_text
from critmin.words.countries import use_country_names


def load_facts(directory: str | os.PathLike | None = None,
               replaced: Mapping[str, str] | None = None) -> FactBase:
    """Load and validate a facts directory (the shipped one by default).

    ``replaced`` maps file names to texts read instead of those files (or as new files): how a
    planned change is validated with every check, before anything is written.

    The files are read each time; a directory whose texts are those of a recent load gives that
    load's FactBase again (it is never changed: overrides make new ones), so every command, chat
    ``/set`` and service request does not parse and validate the same files again."""
    folder = checked_path(directory) if directory is not None else shipped_dir("facts")
    texts = None if replaced else _texts(folder)
    if texts is None:  # a planned change, or files that cannot be read (reported there)
        return _with_country_names(_load_facts(directory, replaced))
    key = (str(folder), tuple(sorted(texts.items())))
    return _with_country_names(_LOADED.get(key, lambda: _load_facts(folder, texts)))


def _with_country_names(base: FactBase) -> FactBase:
    use_country_names({name: country.name_zh for name, country in base.countries.items() if country.name_zh})
    return base


_LOADED: Recent[FactBase] = Recent(16)  # facts directories (or states of one)


def _texts(folder: Path) -> dict[str, str] | None:
    """The text of every fact file, or None when the folder or a file cannot be read as one."""
    if not folder.is_dir():
        return None
    try:
        return {path.name: read_text(path) for path in sorted(folder.glob("*.yaml"))}
    except DataError:
        return None


def _load_facts(directory: str | os.PathLike | None, replaced: Mapping[str, str] | None) -> FactBase:
    replaced = dict(replaced or {})
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
    paths = {p.name: p for p in directory.glob("*.yaml")} | {n: directory / n for n in replaced}
    for name in sorted(paths):
        if name not in special:
            mineral = parse_file(paths[name], parse_mineral, problems, replaced.get(name))
            if mineral:
                minerals[mineral.id] = mineral
    problems += check_mineral_names(minerals.values())
    before = len(problems)
    countries = parse_file(directory / "countries.yaml", parse_countries, problems,
                           replaced.get("countries.yaml")) or {}
    sources = parse_file(directory / "sources.yaml", parse_sources, problems,
                         replaced.get("sources.yaml")) or {}
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

    wanted = name.strip().lower()
    for mineral in base.minerals.values():
        if wanted in (n.lower() for n in mineral.names):
            return mineral
    hint = folding_hint(name, [n for m in base.minerals.values() for n in m.names]) \
        or suggest(name, closest_minerals(base, name))
    raise UnknownMineralError(f"unknown mineral '{name}'{hint}; known: {', '.join(sorted(base.minerals))}")


def closest_minerals(base: FactBase, name: str, limit: int = 3) -> list[str]:
    """Ids of the minerals one of whose names is close to ``name``, best first, each once
    (``nikel`` → nickel, not 'nickel' or 'Nickel')."""
    by_name = {n.lower(): m.id for m in base.minerals.values() for n in m.names}
    close = difflib.get_close_matches(name.strip().lower(), list(by_name), n=12, cutoff=0.6)
    return list(dict.fromkeys(by_name[n] for n in close))[:limit]
