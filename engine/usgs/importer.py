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
key order, quoting and flow style survive). Every fact file is read through the same bounded
reader as ``validate`` (a regular file, at most 1 MB of UTF-8, nesting and size within the safe
reader's limits) before ruamel sees it. Nothing is written unless asked, and nothing that fails
validation is ever written: the planned texts are validated in place of the files they would
replace (:func:`critmin.facts.loading.load_facts` with ``replaced``; no copy, no temporary
folder), then written together by :func:`critmin.io.file_set.write_files`, which refuses if a
file changed since it was read and writes all of the files or none.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from critmin.errors import DataError, Problem, UsageError, suggest
from critmin.facts.loading import load_facts
from critmin.io.file_set import JOURNAL, Change, Recovered, recover, write_files
from critmin.io.shipped import shipped_dir
from critmin.io.yaml_reader import checked_path, read_text
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
    originals: dict[Path, str | None] = field(default_factory=dict)  # as read; None: absent

    @property
    def created(self) -> list[Path]:
        return [p for p in self.texts if self.originals.get(p) is None]


def plan_import(paths: list[str], facts_dir: str | os.PathLike | None = None,
                minerals: list[str] | None = None) -> ImportPlan:
    """Read the release, merge it into a copy of each fact file in memory, validate."""

    release = read_release(paths)
    directory = facts_directory(facts_dir)
    plan = ImportPlan(directory, ignored=release.ignored)
    for spec in _chosen(minerals):
        found = extract(release, spec)
        path = directory / f"{spec.id}.yaml"
        original = read_text(path) if os.path.lexists(path) else None
        if original is None and not _has_values(found):
            continue
        changes, text = merge_file(path, spec, found, original)
        plan.changes += changes
        plan.originals[path] = original
        if text is not None:
            plan.texts[path] = text
    if plan.texts:
        plan.problems = validate_texts(directory, plan.texts)
    return plan


def facts_directory(facts_dir: str | os.PathLike | None) -> Path:
    """The facts directory to import into (the shipped one by default), checked."""
    directory = checked_path(facts_dir) if facts_dir is not None else shipped_dir("facts")
    if not directory.is_dir():
        raise DataError(Problem("not a directory of fact files", file=str(directory)))
    return directory


def recover_interrupted(facts_dir: str | os.PathLike | None) -> Recovered | None:
    """Undo a write into the facts directory that was interrupted (see
    :mod:`critmin.io.file_set`); None when there was none. Run before planning a new import."""
    return recover(facts_directory(facts_dir))


def interrupted(facts_dir: str | os.PathLike | None) -> bool:
    """Whether an interrupted write left its journal in the facts directory."""
    return (facts_directory(facts_dir) / JOURNAL).exists()


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


def write_plan(plan: ImportPlan) -> tuple[list[Path], Recovered | None]:
    """Write every changed file, all or none; refuses if the result would not validate or a
    file changed since the plan read it. Also returns what an interrupted earlier write into
    the directory had done (None when there was none)."""
    if plan.problems:
        raise DataError([Problem("not written: the result would not validate")] + plan.problems)
    return write_files(plan.facts_dir, {p: Change(plan.originals.get(p), t) for p, t in plan.texts.items()})


def validate_texts(facts_dir: Path, texts: dict[Path, str]) -> list[Problem]:
    """Problems of the facts directory with ``texts`` read in place of their files."""
    try:
        load_facts(facts_dir, replaced={path.name: text for path, text in texts.items()})
    except DataError as exc:
        return exc.problems
    return []
