"""A table with one row per candidate change of one mineral's inputs (for searches).

Each candidate is a tuple of overrides ``(key, value)``, as ``critmin score --set`` takes them:
a fact of the mineral (``copper.us.demand_2035_t``), a country's alignment or risk
(``countries.Chile.nationalism_risk``) or a parameter (``params.NAME``). Row i of the table is
the baseline with candidate i applied, as :func:`critmin.assumptions.overrides.apply_overrides`
would apply it: a Table 5 total whose part changed, and which was not itself set, is
recomputed as the sum of its parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from critmin.facts.model import FactBase
from critmin.facts.table5 import TOTALS
from critmin.fast.scenario_table import ScenarioTable, baseline_table
from critmin.ruleset.model import RuleBase


def candidate_table(facts: FactBase, rules: RuleBase, mineral_id: str,
                    candidates: Sequence[tuple[tuple[str, Any], ...]]) -> ScenarioTable:
    size = len(candidates)
    table = baseline_table(facts, rules, size, [mineral_id])
    columns = table.minerals[mineral_id].facts
    prefix = mineral_id + "."
    touched: dict[str, list[int]] = {}
    for row, candidate in enumerate(candidates):
        for key, value in candidate:
            if key.startswith("params."):
                _column(table.params, key[len("params."):], size, float)[row] = value
            elif key.startswith("countries."):
                country, _, field = key[len("countries."):].rpartition(".")
                _column(table.countries[field], country, size, object)[row] = value
            else:
                path = key[len(prefix):]
                columns[path][row] = value  # baseline_table made this column for this table
                touched.setdefault(path, []).append(row)
    present = facts.mineral(mineral_id).facts
    for total, parts in TOTALS.items():
        if not all(p in present for p in parts):
            continue
        rows = sorted({r for p in parts for r in touched.get(p, ())} - set(touched.get(total, ())))
        if rows:
            first, second = parts
            columns[total][rows] = columns[first][rows] + columns[second][rows]  # sum() order, as --set does
    return table


def _column(values: dict[str, Any], name: str, size: int, dtype: Any) -> np.ndarray:
    """The per-row column of a parameter or country field, made from its baseline value."""
    current = values.get(name)
    if not isinstance(current, np.ndarray):
        current = np.full(size, current, dtype=dtype)
        values[name] = current
    return current
