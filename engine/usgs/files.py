"""The files of a USGS MCS 2025 data release, read into tables of text cells.

Each file is read by the bounded reader first (a regular file of at most 20 MB of UTF-8): a
FIFO or ``/dev/zero`` given as a CSV file is refused, not waited on. A header naming a column
twice, or two files for the same table, is refused: which one holds the values cannot be told.
Every row keeps the line it was read from, so messages can name it.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from critmin.errors import DataError, Problem
from critmin.io.yaml_reader import read_text
from critmin.usgs.specs import COMMODITY_NAMES

LINE = "__line__"  # the CSV line of each row (a column added when reading)
WORLD_FILE = "MCS2025_World_Data.csv"
T5_FILE = "MCS2025_T5_Critical_Minerals_Salient.csv"
SALIENT_RE = re.compile(r"^mcs2025-([a-z]+)_salient\.csv$", re.IGNORECASE)
PROD, RESERVES = "PROD_EST_ 2024", "RESERVES_2024"
WORLD_COLUMNS = ("COMMODITY", "COUNTRY", "TYPE", "UNIT_MEAS", PROD, "PROD_NOTES", RESERVES,
                 "RESERVE_NOTES")
T5_COLUMNS = ("Year", "Critical_mineral", "Primary_prod", "Secondary_prod", "Prod_notes",
              "Apparent_Consumption", "Consumption_Notes", "Net_Import_Reliance")
MAX_CSV_BYTES = 20_000_000  # the whole world table is 135 kB


@dataclass
class Release:
    """The files of one data release that were given, read into DataFrames."""

    world: Any = None
    world_file: str = WORLD_FILE
    t5: Any = None
    t5_file: str = T5_FILE
    salient: dict[str, tuple[str, Any]] = field(default_factory=dict)  # code → (file name, frame)
    ignored: list[str] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)  # file name → the path it was read from
    checked: dict[Any, Any] = field(default_factory=dict, repr=False)  # world rows, found and checked once

    def problem(self, name: str, message: str, rows: Any = None) -> Problem:
        """A problem in file ``name``, at the line of the first of ``rows`` (naming them all)."""
        lines = [] if rows is None else [int(n) for n in rows[LINE]]
        shown = f" (lines {', '.join(map(str, lines))})" if len(lines) > 1 else ""
        return Problem(message + shown, file=self.paths.get(name, name), line=lines[0] if lines else None)


# ---------------------------------------------------------------- reading

def read_release(paths: Iterable[str | os.PathLike]) -> Release:
    """Read every recognised file among ``paths`` (files, or directories of CSV files)."""
    release = Release()
    files: list[Path] = []
    for path in map(Path, paths):
        files += sorted(path.glob("*.csv")) if path.is_dir() else [path]
    seen: dict[str, Path] = {}  # which file each table came from
    for path in dict.fromkeys(files):  # the same path twice is one file
        name = path.name
        kind = name.lower() if name.lower() in (WORLD_FILE.lower(), T5_FILE.lower()) else (
            f"salient {SALIENT_RE.match(name).group(1).lower()}" if SALIENT_RE.match(name) else None)
        if kind is None:
            release.ignored.append(str(path))
            continue
        if kind in seen and seen[kind].resolve() != path.resolve():
            raise DataError(Problem(f"two files for the same table: {seen[kind]} and this one; give one",
                                    file=str(path)))
        if kind in seen:
            continue
        seen[kind] = path
        release.paths[name] = str(path)
        if name.lower() == WORLD_FILE.lower():
            release.world, release.world_file = _read_world(path), name
        elif name.lower() == T5_FILE.lower():
            release.t5, release.t5_file = _read_table(path, T5_COLUMNS), name
        else:
            code = SALIENT_RE.match(name).group(1).lower()
            release.salient[code] = (name, _read_table(path, ("Year",)))
    if release.world is None and release.t5 is None and not release.salient:
        raise DataError(Problem(
            f"no USGS MCS 2025 files among the paths given; expected {WORLD_FILE}, {T5_FILE} "
            "or mcs2025-<code>_salient.csv", file=", ".join(str(p) for p in files) or None))
    return release


def _read_table(path: Path, required: tuple[str, ...]):
    """A CSV file as text cells, each row keeping its line number (``LINE``) for messages.

    The file is read by the bounded reader first (a regular file of at most 20 MB of UTF-8):
    a FIFO or ``/dev/zero`` given as a CSV file is refused, not waited on."""
    import pandas as pd  # pandas: only when a release is read

    try:
        text = read_text(path, DataError, MAX_CSV_BYTES, "CSV")
    except DataError as exc:
        raise DataError(Problem(f"cannot read CSV: {exc.problems[0].message}", file=str(path))) from None
    records = csv.reader(io.StringIO(text))
    header = next(records, [])
    lines, end = [], records.line_num
    for _ in records:  # where each record starts (a quoted cell may span lines)
        lines.append(end + 1)
        end = records.line_num
    stripped = [c.strip() for c in header]
    twice = sorted({c for c in stripped if stripped.count(c) > 1})
    if twice:
        raise DataError(Problem(f"column {twice[0]!r} appears twice in the header; which one holds the "
                                "values cannot be told", file=str(path), line=1))
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(Problem(f"cannot read CSV: {exc}", file=str(path))) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(Problem(f"missing column(s) {', '.join(missing)}; found "
                                f"{', '.join(frame.columns)}", file=str(path)))
    frame = frame.apply(lambda col: col.str.strip())
    frame[LINE] = [str(n) for n in lines] if len(lines) == len(frame) else [str(i + 2) for i in range(len(frame))]
    return frame[(frame.drop(columns=[LINE]) != "").any(axis=1)].reset_index(drop=True)


def _read_world(path: Path):
    frame = _read_table(path, WORLD_COLUMNS)
    frame["commodity"] = frame["COMMODITY"].map(lambda c: COMMODITY_NAMES.get(c, c))
    return frame
