"""Scenario tables: the inputs of many scenarios at once, column-wise, and their indicators.

A :class:`ScenarioTable` holds, for ``size`` scenarios, every fact an indicator reads (one
float array per mineral and fact key, NaN where the fact is absent), the alignment and
nationalism risk of producer countries, and the rule parameters. Indicators are computed
from it with the very kernels the traced path uses (:mod:`critmin.indicators.catalogue`), so the
column-wise evaluator (:mod:`critmin.fast.columnar`) sees the same numbers, to the last bit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from critmin.concepts import INDICATOR_DIGITS
from critmin.facts.model import FactBase
from critmin.facts.table5 import TOTALS
from critmin.indicators.catalogue import (
    FACT_ARGS,
    PRODUCERS,
    RESTRICTIONS,
    SPECS,
    IndicatorSpec,
    producer_view,
    restriction_keys,
)
from critmin.indicators.numeric import round_like_python
from critmin.ruleset.model import RuleBase

COUNTRY_FIELDS = ("alignment", "nationalism_risk")
UNKNOWN_CODE = -1  # text values are integer codes (TextCodes); -1 is unknown


@dataclass
class MineralColumns:
    """One mineral's inputs across scenarios."""

    id: str
    facts: dict[str, np.ndarray]  # fact key → (size,) float64; NaN = absent
    producers: tuple[str, ...]  # producer countries, by name
    restrictions: np.ndarray  # (size,) number of countries restricting exports


@dataclass
class ScenarioTable:
    """The inputs of ``size`` scenarios, column-wise."""

    size: int
    minerals: dict[str, MineralColumns]  # in evaluation order
    countries: dict[str, dict[str, Any]]  # field → country → text, or (size,) object array
    params: dict[str, Any]  # name → number / text for every scenario, or a (size,) array


@dataclass
class TextCodes:
    """Integer codes for text values, so text compares as fast as numbers."""

    codes: dict[str, int] = field(default_factory=dict)

    def code(self, text: str) -> int:
        return self.codes.setdefault(text, len(self.codes))


def read_keys(facts: FactBase, mineral: str) -> list[str]:
    """The fact keys of a mineral that some indicator reads, directly or through a total."""
    found = facts.minerals[mineral]
    parts = [p for ps in TOTALS.values() for p in ps]  # a drawn part changes its total
    return list(dict.fromkeys(list(FACT_ARGS) + parts)) + sorted(
        k for k in found.facts if k.startswith("producers."))


# ---------------------------------------------------------------- building

def baseline_table(facts: FactBase, rules: RuleBase, size: int = 1,
                   minerals: Sequence[str] | None = None) -> ScenarioTable:
    """``size`` identical scenarios: the facts and parameters as they are."""
    chosen = list(minerals) if minerals else list(facts.minerals)
    columns = {}
    for mid in chosen:
        mineral = facts.minerals[mid]
        values = {key: np.full(size, _number(mineral.get(key))) for key in read_keys(facts, mid)}
        producers = tuple(sorted(k[len("producers."):] for k in values if k.startswith("producers.")))
        count = np.full(size, float(len(restriction_keys(mineral, facts))))
        columns[mid] = MineralColumns(mid, values, producers, count)
    countries = {f: {c: getattr(entry, f).value for c, entry in facts.countries.items()}
                 for f in COUNTRY_FIELDS}
    return ScenarioTable(size, columns, countries, dict(rules.param_values))


def table_from_scenarios(scenarios: Sequence[tuple[FactBase, RuleBase]],
                         minerals: Sequence[str] | None = None) -> ScenarioTable:
    """One row per (facts, rules) pair, e.g. the result of applying each scenario's overrides.

    Overrides leave untouched minerals and countries as the very same objects, so each
    distinct object is read once.
    """
    if not scenarios:
        raise ValueError("no scenarios")
    chosen = list(minerals) if minerals else list(scenarios[0][0].minerals)
    size = len(scenarios)
    read: dict[int, dict[str, float]] = {}
    columns = {}
    for mid in chosen:
        rows = []
        for fb, _ in scenarios:
            found = fb.minerals[mid]
            if id(found) not in read:
                read[id(found)] = {key: _number(found.get(key)) for key in read_keys(fb, mid)}
            rows.append(read[id(found)])
        keys = list(dict.fromkeys(k for row in rows for k in row))
        values = {key: np.array([row.get(key, np.nan) for row in rows]) for key in keys}
        producers = tuple(sorted(k[len("producers."):] for k in keys if k.startswith("producers.")))
        columns[mid] = MineralColumns(mid, values, producers, _restriction_counts(scenarios, mid))
    names = sorted({c for fb, _ in scenarios for c in fb.countries})
    countries = {f: {c: _same_or_array([_country_value(fb, c, f) for fb, _ in scenarios])
                     for c in names} for f in COUNTRY_FIELDS}
    param_names = list(dict.fromkeys(n for _, rb in scenarios for n in rb.param_values))
    params = {n: _same_or_array([rb.param_values.get(n) for _, rb in scenarios]) for n in param_names}
    return ScenarioTable(size, columns, countries, params)


def _restriction_counts(scenarios: Sequence[tuple[FactBase, RuleBase]], mid: str) -> np.ndarray:
    counts: dict[tuple[int, ...], float] = {}
    out = []
    for fb, _ in scenarios:
        key = tuple(map(id, fb.countries.values()))
        if key not in counts:
            counts[key] = float(len(restriction_keys(fb.minerals[mid], fb)))
        out.append(counts[key])
    return np.array(out)


def _number(value: Any) -> float:
    return np.nan if value is None else float(value)


def _country_value(facts: FactBase, country: str, field_name: str) -> str | None:
    entry = facts.countries.get(country)
    return None if entry is None else getattr(entry, field_name).value


def _same_or_array(values: list[Any]) -> Any:
    first = values[0]
    if all(v == first and type(v) is type(first) for v in values):
        return first
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return np.array(values, dtype=float)
    return np.array(values, dtype=object)


# ---------------------------------------------------------------- indicators

def indicator_columns(table: ScenarioTable, text_codes: TextCodes,
                      names: Collection[str] | None = None) -> dict[str, dict[str, np.ndarray]]:
    """mineral → indicator → (size,) array: floats (NaN unknown) or text codes (-1 unknown).

    ``names`` limits the work to the indicators some rule reads (all by default).
    """
    specs = [s for s in SPECS if names is None or s.name in names]
    return {mid: _mineral_indicators(table, column, text_codes, specs)
            for mid, column in table.minerals.items()}


def _mineral_indicators(table: ScenarioTable, column: MineralColumns, text_codes: TextCodes,
                        specs: list[IndicatorSpec]) -> dict[str, np.ndarray]:
    view = _ProducerView(table, column, text_codes)
    out = {}
    with np.errstate(all="ignore"):
        for spec in specs:
            out[spec.name] = _indicator(spec, table, column, view)
    return out


def _indicator(spec: IndicatorSpec, table: ScenarioTable, column: MineralColumns,
               view: _ProducerView) -> np.ndarray:
    args = [_array_arg(arg, table, column, view) for arg in spec.args]
    value = spec.kernel(*args)
    reads_producers = any(a.startswith(PRODUCERS) for a in spec.args)
    if spec.type == "str":
        codes = np.full(table.size, UNKNOWN_CODE, dtype=np.int64) if value is None else value
        return np.where(view.any_present, codes, UNKNOWN_CODE) if reads_producers else codes
    if value is None:
        return np.full(table.size, np.nan)
    value = round_like_python(np.broadcast_to(value, (table.size,)), INDICATOR_DIGITS)
    return np.where(view.any_present, value, np.nan) if reads_producers else value


def _array_arg(arg: str, table: ScenarioTable, column: MineralColumns, view: _ProducerView) -> Any:
    if arg == RESTRICTIONS:
        return column.restrictions
    if not arg.startswith(PRODUCERS):
        found = column.facts.get(arg)
        return np.full(table.size, np.nan) if found is None else found
    field_name, accept = producer_view(arg)
    if field_name == "shares":
        return view.shares
    if field_name == "names":
        return view.names
    return view.flags(field_name, accept)


class _ProducerView:
    """A mineral's producers in each scenario, largest share first (ties by name).

    Absent producers (a share missing in some scenario) sort last with share 0 and flag
    false, which adds nothing to any sum; a scenario with no producer at all makes every
    producer indicator unknown, as on the traced path.
    """

    def __init__(self, table: ScenarioTable, column: MineralColumns, text_codes: TextCodes):
        self.table, self.column, self.text_codes = table, column, text_codes
        size, names = table.size, column.producers
        matrix = np.column_stack([column.facts[f"producers.{c}"] for c in names]) if names \
            else np.empty((size, 0))
        present = ~np.isnan(matrix)
        self.any_present = present.any(axis=1)
        self.order = np.argsort(np.where(present, -matrix, np.inf), axis=1, kind="stable")
        ordered = np.take_along_axis(np.where(present, matrix, 0.0), self.order, axis=1)
        self.shares = [ordered[:, k] for k in range(len(names))]
        self._present = present

    @property
    def names(self) -> list[np.ndarray]:
        codes = np.array([self.text_codes.code(c) for c in self.column.producers], dtype=np.int64)
        ordered = codes[self.order] if len(codes) else self.order
        return [ordered[:, k] for k in range(len(self.column.producers))]

    def flags(self, field_name: str, accept: tuple[str, ...]) -> list[np.ndarray]:
        size = self.table.size
        values = self.table.countries.get(field_name, {})
        columns = []
        for country in self.column.producers:
            value = values.get(country)
            if isinstance(value, np.ndarray):
                columns.append(np.isin(value, accept))
            else:
                columns.append(np.full(size, value is not None and value in accept))
        if not columns:
            return []
        matrix = np.column_stack(columns) & self._present
        ordered = np.take_along_axis(matrix, self.order, axis=1)
        return [ordered[:, k] for k in range(len(self.column.producers))]

