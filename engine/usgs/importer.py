"""Import the USGS release into fact files: plan the changes, validate the result, write atomically.

Policy, per fact:

- absent from the file → added (``source: usgs_mcs2025``);
- present and *owned* by the importer (source ``usgs_mcs2025``, kind reported or derived) →
  updated when the value differs;
- present from another source (the report, an analyst estimate) → kept as the primary
  value; the USGS value is recorded as its ``check: {value, source, ref, note}``.

Producer and reserve shares follow the same rule as a set: report shares stay and get checks
(the USGS top three are mentioned when they differ); USGS-owned or absent sets are replaced by
the USGS top three. A total that the file derives itself (``supply_2035_t`` = production +
projected addition, kind derived) is recomputed when its part changes, and any other fact
whose ref or note cites a column that changed is listed for review.

The merge itself is :mod:`critmin.usgs.merge` (ruamel.yaml round-trip editing, so comments,
key order, quoting and flow style survive). Nothing is written unless asked, and nothing that fails
validation is ever written: the changed files are validated in a copy of the facts directory
first, then each file is replaced atomically (temporary file + ``os.replace``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from critmin.errors import DataError, Problem, UsageError, suggest
from critmin.facts.loading import load_facts
from critmin.io.shipped import shipped_dir
from critmin.io.yaml_edit import write_atomic
from critmin.usgs.merge import FactUpdate, merge_file
from critmin.usgs.reader import Extract, extract, read_release
from critmin.usgs.specs import SPECS, MineralSpec


@dataclass
class ImportPlan:
    facts_dir: Path
    changes: list[FactUpdate] = field(default_factory=list)
    texts: dict[Path, str] = field(default_factory=dict)  # only files that change
    problems: list[Problem] = field(default_factory=list)  # validation of the result
    ignored: list[str] = field(default_factory=list)

    @property
    def created(self) -> list[Path]:
        return [p for p in self.texts if not p.exists()]


def plan_import(paths: list[str], facts_dir: str | os.PathLike | None = None,
                minerals: list[str] | None = None) -> ImportPlan:
    """Read the release, merge it into a copy of each fact file in memory, validate."""

    release = read_release(paths)
    directory = Path(facts_dir) if facts_dir is not None else shipped_dir("facts")
    if not directory.is_dir():
        raise DataError(Problem("not a directory of fact files", file=str(directory)))
    plan = ImportPlan(directory, ignored=release.ignored)
    for spec in _chosen(minerals):
        found = extract(release, spec)
        path = directory / f"{spec.id}.yaml"
        if not path.exists() and not _has_values(found):
            continue
        changes, text = merge_file(path, spec, found)
        plan.changes += changes
        if text is not None:
            plan.texts[path] = text
    if plan.texts:
        plan.problems = validate_texts(directory, plan.texts)
    return plan


def _chosen(minerals: list[str] | None) -> list[MineralSpec]:
    if not minerals:
        return list(SPECS)
    known = {s.id: s for s in SPECS}
    missing = [m for m in minerals if m not in known]
    if missing:
        raise UsageError(f"no USGS mapping for '{missing[0]}'{suggest(missing[0], known)}; "
                         f"known: {', '.join(known)}")
    return [known[m] for m in minerals]


def _has_values(found: Extract) -> bool:
    return any(v.value is not None for v in found.scalars) or any(found.top.values())


def write_plan(plan: ImportPlan) -> list[Path]:
    """Write every changed file atomically; refuses if the result would not validate."""
    if plan.problems:
        raise DataError([Problem("not written: the result would not validate")] + plan.problems)
    for path, text in plan.texts.items():
        write_atomic(path, text)
    return list(plan.texts)


def validate_texts(facts_dir: Path, texts: dict[Path, str]) -> list[Problem]:
    """Problems of the facts directory with ``texts`` in place (checked in a copy)."""
    with tempfile.TemporaryDirectory(prefix="critmin-import-") as tmp:
        copy = Path(tmp) / "facts"
        shutil.copytree(facts_dir, copy)
        for path, text in texts.items():
            (copy / path.name).write_text(text, encoding="utf-8")
        try:
            load_facts(copy)
        except DataError as exc:
            return [replace(p, file=p.file.replace(str(copy), str(facts_dir))) if p.file else p
                    for p in exc.problems]
    return []
