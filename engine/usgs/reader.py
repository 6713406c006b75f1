"""Reading the USGS Mineral Commodity Summaries 2025 data release into sourced values.

The files and their traps (handled here, tested in tests/test_usgs.py):

- ``MCS2025_World_Data.csv``: a UTF-8 byte-order mark; trailing spaces in commodity and
  country names and in one header (``PROD_EST_ 2024`` keeps an inner space); "Gemanium";
  "World total (rounded)" rows, one with a footnote number appended; "Other countries"
  rows, which are not producers; bounds (">130000000", ">17,000,000"), "W" (withheld),
  "NA", blanks; a unit per commodity (kilograms, metric tons, thousand metric tons), with
  vanadium's reserves in thousand metric tons as its world row's RESERVE_NOTES say; several
  TYPE rows per commodity — rows are always selected by commodity *and* TYPE.
- ``mcs2025-<code>_salient.csv``: one per commodity, own columns, unit in the column suffix,
  trailing empty rows; cells such as ">50", "E" (net exporter), "W", "NA", "1,900".
- ``MCS2025_T5_Critical_Minerals_Salient.csv``: one row per critical mineral, metric tons.

Every value carries its reference as ``"<file>, <commodity>, <country or year>, <column>"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from critmin.errors import DataError, Problem
from critmin.usgs.files import LINE, PROD, RESERVES, Release, read_release
from critmin.usgs.specs import COUNTRY_NAMES, MineralSpec, Row, SalientSpec, T5Spec

__all__ = ["Cell", "Extract", "Release", "UsgsValue", "extract", "parse_cell", "read_release", "share_round"]
YEAR = "2024"
UNITS = {"metric tons": (1.0, "t"), "thousand metric tons": (1000.0, "kt"),
         "thousand metric dry tons": (1000.0, "kt"), "million metric tons": (1e6, "Mt"),
         "kilograms": (0.001, "kg")}
SUFFIX_FACTORS = {"t": 1.0, "kt": 1000.0, "kg": 0.001}
CODES = {"": "blank", "W": "withheld (W)", "NA": "not available (NA)", "E": "net exporter (E)"}
NUMBER_RE = re.compile(r"^([<>])?\s*((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)$")  # "1,2,3" is not 123


@dataclass(frozen=True)
class Cell:
    """One CSV cell: its number (if any), a bound sign, and its raw text."""

    raw: str
    number: float | None
    bound: str = ""

    @property
    def why_missing(self) -> str:
        return CODES.get(self.raw, f"not a number ({self.raw!r})")


def parse_cell(text: Any) -> Cell:
    raw = "" if text is None else str(text).strip()
    match = NUMBER_RE.match(raw)
    if not match:
        return Cell(raw, None)
    return Cell(raw, float(match.group(2).replace(",", "")), match.group(1) or "")


@dataclass(frozen=True)
class UsgsValue:
    """A value for one fact key, or why there is none (``value`` None, ``missing`` set)."""

    key: str
    value: float | None
    unit: str
    ref: str
    kind: str = "reported"
    note: str | None = None
    range: tuple[float, float] | None = None
    missing: str | None = None
    column: str = ""


@dataclass
class Extract:
    """Everything the release says about one mineral."""

    mineral: str
    scalars: list[UsgsValue] = field(default_factory=list)
    top: dict[str, list[UsgsValue]] = field(default_factory=dict)  # producers/reserves: top three
    shares: dict[str, dict[str, UsgsValue]] = field(default_factory=dict)  # every country
    missing: dict[str, str] = field(default_factory=dict)  # section → why no shares


# ---------------------------------------------------------------- extracting

def extract(release: Release, spec: MineralSpec) -> Extract:
    """Every value the release gives for one mineral (and why others are missing)."""
    out = Extract(spec.id)
    if release.world is not None:
        _world(release, spec, out)
    if isinstance(spec.us, SalientSpec):
        _salient(release, spec.us, out)
    elif isinstance(spec.us, T5Spec):
        _t5(release, spec.us, out)
    return out


def _rows(release: Release, row: Row):
    """The rows of one commodity and TYPE; a second World total row, or a country listed twice,
    is an error: which figure is meant cannot be told (a second total halved the shares).
    Found and checked once per release (every value's reference asks again)."""
    if row not in release.checked:
        release.checked[row] = _checked_rows(release, row)
    return release.checked[row]


def _checked_rows(release: Release, row: Row):
    world = release.world
    rows = world[(world["commodity"] == row.commodity) & (world["TYPE"] == row.type)]
    total, countries = _split(rows, every_total=True)
    what = f"{row.commodity} ({row.type})"
    if len(total) > 1:
        raise DataError(release.problem(release.world_file, f"{what}: {len(total)} 'World total' rows; "
                                        "which total the shares are of cannot be told", total))
    units = rows[rows["UNIT_MEAS"].str.strip().str.lower() != rows["UNIT_MEAS"].iloc[0].strip().lower()] \
        if len(rows) else rows
    if len(units):  # shares of a total in another unit would be off by a factor of 1,000
        raise DataError(release.problem(release.world_file, f"{what}: rows in {rows['UNIT_MEAS'].iloc[0]!r} and "
                                        f"in {units['UNIT_MEAS'].iloc[0]!r}; one commodity is given in one "
                                        "unit", rows[rows[LINE].isin([rows[LINE].iloc[0], units[LINE].iloc[0]])]))
    names = countries["COUNTRY"].map(lambda c: COUNTRY_NAMES.get(c, c))
    twice = countries[names.duplicated(keep=False)]
    if len(twice):
        raise DataError(release.problem(release.world_file, f"{what}: {twice['COUNTRY'].iloc[0]} is listed "
                                        "more than once; which figure holds cannot be told", twice))
    return rows


def _split(rows, every_total: bool = False):
    """(world total row or None, producing-country rows); every World total row if asked."""
    country = rows["COUNTRY"]
    is_total = country.str.startswith("World total")
    others = country.str.lower().str.startswith("other countries")
    total = rows[is_total]
    countries = rows[~is_total & ~others & (country != "")]
    if every_total:
        return total, countries
    return (total.iloc[0] if len(total) else None), countries


def _unit(name: str) -> tuple[float, str] | None:
    return UNITS.get(name.strip().lower())


def _ref(release: Release, row: Row, country: str, column: str) -> str:
    commodity = release.world.loc[_rows(release, row).index[0], "COMMODITY"]
    return f"{release.world_file}, {commodity} ({row.type}), {country}, {column}"


def _world(release: Release, spec: MineralSpec, out: Extract) -> None:
    if spec.production_row is not None:
        out.scalars.append(_world_total(release, spec.production_row, PROD, "world.production_t"))
    if spec.shares is not None:
        _world_shares(release, spec.shares, PROD, "producers", out)
    reserves = spec.reserves_row
    if reserves is None:
        out.missing["reserves"] = "no reserve rows for this mineral"
        return
    if spec.reserves_total:
        out.scalars.append(_world_total(release, reserves, RESERVES, "world.reserves_t"))
    _world_shares(release, reserves, RESERVES, "reserves", out)


def _world_total(release: Release, row: Row, column: str, key: str) -> UsgsValue:
    rows = _rows(release, row)
    total, _ = _split(rows) if len(rows) else (None, None)
    if total is None:
        return UsgsValue(key, None, "t", f"{release.world_file}, {row.commodity} ({row.type})",
                         missing="no World total row", column=column)
    ref = _ref(release, row, total["COUNTRY"], column)
    factor = _factor(total, column)
    cell = parse_cell(total[column])
    if factor is None or cell.number is None:
        why = f"unknown unit {total['UNIT_MEAS']!r}" if factor is None else cell.why_missing
        return UsgsValue(key, None, "t", ref, missing=why, column=column)
    notes = []
    if cell.bound:
        notes.append(f"Printed as {cell.raw}; the {'lower' if cell.bound == '>' else 'upper'} "
                     "bound is recorded.")
    usgs_note = total["PROD_NOTES" if column == PROD else "RESERVE_NOTES"]
    if usgs_note:
        notes.append(f"USGS note: {usgs_note.strip(' ().')}.")
    return UsgsValue(key, _tidy(cell.number * factor[0]), "t", ref,
                     note=" ".join(notes) or None, column=column)


def _factor(total, column: str) -> tuple[float, str] | None:
    """The unit of ``column`` in this commodity: UNIT_MEAS, unless the world row's reserve
    notes say otherwise ("Reserve data is thousand metric tons")."""
    if column == RESERVES:
        said = re.search(r"reserve data is ([a-z ]+?)\W*$", total["RESERVE_NOTES"], re.IGNORECASE)
        if said and _unit(said.group(1)):
            return _unit(said.group(1))
    return _unit(total["UNIT_MEAS"])


def _world_shares(release: Release, row: Row, column: str, section: str, out: Extract) -> None:
    rows = _rows(release, row)
    total, countries = _split(rows) if len(rows) else (None, None)
    total_cell = parse_cell(total[column]) if total is not None else Cell("", None)
    if total is None or not total_cell.number:
        why = ("no World total row" if total is None else "world total is 0" if total_cell.number == 0
               else f"world total {total_cell.why_missing}")
        out.missing[section] = f"{why} in {release.world_file}, {row.commodity} ({row.type}), {column}"
        return
    unit = (_factor(total, column) or (1.0, "?"))[1]
    denominator, why = _denominator(rows[rows.index != total.name], total_cell, column, unit)
    shares: dict[str, UsgsValue] = {}
    for _, country_row in countries.iterrows():
        cell = parse_cell(country_row[column])
        if cell.number is None:
            continue
        if cell.number > denominator:
            raise DataError(release.problem(release.world_file, (
                f"{row.commodity} ({row.type}), {country_row['COUNTRY']}: {column} {cell.raw} is above the "
                f"world total {total_cell.raw}; a country's share of the world cannot exceed 100%"),
                rows[rows[LINE].isin([country_row[LINE], total[LINE]])]))
        name = COUNTRY_NAMES.get(country_row["COUNTRY"], country_row["COUNTRY"])
        note = f"{_num(cell.number)} / {_num(denominator)} {unit}{why}"
        shares[name] = UsgsValue(
            f"{section}.{name}", share_round(cell.number / denominator), "share",
            _ref(release, row, f"{country_row['COUNTRY']} / {total['COUNTRY']}", column),
            kind="derived", note=note, column=column)
    ranked = sorted(shares.values(), key=lambda v: (-v.value, v.key))
    out.shares[section] = shares
    out.top[section] = [v for v in ranked if v.value > 0][:3]


def _denominator(rows, total: Cell, column: str, unit: str) -> tuple[float, str]:
    """The world total to divide by, and a note when it is not the printed figure.

    A total printed as a lower bound (">17,000,000") can be smaller than the rows it sums:
    the world is then at least the sum of the listed rows, which is used instead so that
    shares stay shares (niobium reserves: Brazil, Canada and the US list 17.81 Mt)."""
    if total.bound != ">":
        return total.number, ""
    listed = sum(c.number for c in map(parse_cell, rows[column]) if c.number is not None)
    if listed > total.number:
        return listed, f" (world printed as {total.raw}; the listed rows sum to {_num(listed)}, used instead)"
    return total.number, f" (world printed as {total.raw})"


def _salient(release: Release, spec: SalientSpec, out: Extract) -> None:
    if spec.code not in release.salient:
        return
    file, frame = release.salient[spec.code]
    rows = frame[frame["Year"] == YEAR]
    if not len(rows):
        raise DataError(release.problem(file, f"no row for Year {YEAR}"))
    if len(rows) > 1:
        raise DataError(release.problem(file, f"{len(rows)} rows for Year {YEAR}; which one holds the "
                                        "figures cannot be told", rows))
    row = rows.iloc[0]
    commodity = row.get("Commodity", spec.code)
    targets = (("us.production_t", spec.production), ("us.secondary_production_t", spec.secondary),
               ("us.consumption_t", spec.consumption), ("us.net_import_reliance", spec.nir))
    for key, column in targets:
        if column is None:
            continue
        ref = f"{file}, {commodity}, Year {YEAR}, {column}"
        if column not in row.index:
            raise DataError(Problem(f"missing column {column}", file=file))
        if key == "us.net_import_reliance":
            out.scalars.append(_nir(row[column], ref, column, release.problem(file, "", rows)))
        else:
            factor = SUFFIX_FACTORS.get(column.rsplit("_", 1)[-1])
            if factor is None:
                raise DataError(Problem(f"no unit suffix (_t, _kt, _kg) on column {column}", file=file))
            out.scalars.append(_amount(key, row[column], factor, ref, column))


def _t5(release: Release, spec: T5Spec, out: Extract) -> None:
    if release.t5 is None:
        return
    rows = release.t5[release.t5["Critical_mineral"] == spec.name]
    if not len(rows):
        raise DataError(release.problem(release.t5_file, f"no row for critical mineral {spec.name!r}"))
    if len(rows) > 1:
        raise DataError(release.problem(release.t5_file, f"{len(rows)} rows for critical mineral "
                                        f"{spec.name!r}; which one holds the figures cannot be told", rows))
    row = rows.iloc[0]
    name = row["Critical_mineral"]
    targets = (("us.production_t", "Primary_prod", "Prod_notes"),
               ("us.secondary_production_t", "Secondary_prod", None),
               ("us.consumption_t", "Apparent_Consumption", "Consumption_Notes"))
    for key, column, note_column in targets:
        value = _amount(key, row[column], 1.0, f"{release.t5_file}, {name}, {row['Year']}, {column}", column)
        if note_column and row[note_column] and value.value is not None:
            value = replace(value, note=f"USGS note: {row[note_column]}")
        out.scalars.append(value)
    out.scalars.append(_nir(row["Net_Import_Reliance"],
                            f"{release.t5_file}, {name}, {row['Year']}, Net_Import_Reliance",
                            "Net_Import_Reliance", release.problem(release.t5_file, "", rows)))


def _amount(key: str, text: str, factor: float, ref: str, column: str) -> UsgsValue:
    cell = parse_cell(text)
    if cell.number is None or cell.bound:
        why = cell.why_missing if cell.number is None else f"printed as a bound ({cell.raw})"
        return UsgsValue(key, None, "t", ref, missing=why, column=column)
    return UsgsValue(key, _tidy(cell.number * factor), "t", ref, column=column)


def _nir(text: str, ref: str, column: str, where: Problem) -> UsgsValue:
    """Net import reliance as a share: ">50" → 0.5 in [0.5, 1]; "E" (net exporter) → 0.
    Above 100% is impossible (imports beyond what is used): an error at ``where``."""
    key, cell = "us.net_import_reliance", parse_cell(text)
    if cell.raw == "E":
        return UsgsValue(key, 0, "share", ref, column=column, note=(
            'USGS prints "E": the US is a net exporter. Recorded as 0.'))
    if cell.number is not None and cell.number > 100:
        raise DataError(Problem(f"{column} {cell.raw} is above 100%; net import reliance is a share "
                                "of what is used", file=where.file, line=where.line))
    if cell.number is None:
        return UsgsValue(key, None, "share", ref, missing=cell.why_missing, column=column)
    share = _tidy(cell.number / 100)
    if cell.bound == ">":
        return UsgsValue(key, share, "share", ref, range=(share, 1.0), column=column, note=(
            f'USGS prints "{cell.raw}"; the lower bound is recorded, the range covers the rest.'))
    if cell.bound == "<":
        return UsgsValue(key, share, "share", ref, range=(0, share), column=column, note=(
            f'USGS prints "{cell.raw}"; the upper bound is recorded, the range covers the rest.'))
    return UsgsValue(key, share, "share", ref, column=column)


def share_round(value: float) -> float:
    """A share to four decimals, halves rounded up as printed tables do (0.79375 → 0.7938)."""

    return float(Decimal(repr(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def _tidy(value: float) -> float | int:
    """Whole numbers as int (YAML shows 8000, not 8000.0); others rounded."""
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
