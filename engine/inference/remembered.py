"""Indicators remembered between scoring runs, for minerals whose inputs are the same objects.

Facts are immutable once loaded, and an override makes new objects only for what it changes
(:func:`critmin.assumptions.overrides.apply_overrides` keeps every untouched mineral and
country). A mineral's indicators depend on its own facts and on the countries (alignment,
risk, export restrictions), so re-scoring after a parameter change, or every mineral but the
one a what-if changed, can reuse them. The key is the identity of the mineral and of every
country; each entry holds those objects, so an identity cannot be reused while it is kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from critmin.facts.model import FactBase, Mineral
from critmin.indicators.catalogue import Indicator, compute_indicators

MAX_REMEMBERED = 2048  # minerals (about 3 KB of indicators each)

Remembered = tuple[dict[str, Indicator], dict[str, Any]]  # indicators, and their values by name
_CACHE: OrderedDict[tuple, tuple[Mineral, tuple, Remembered]] = OrderedDict()
_LOCK = threading.Lock()


def indicators_of(minerals: list[Mineral], facts: FactBase) -> dict[str, Remembered]:
    """mineral id → (its indicators, their values by name), computed once per inputs
    (:func:`critmin.indicators.catalogue.compute_indicators`); each call gets its own dicts."""
    countries = tuple(facts.countries.values())
    countries_key = tuple(map(id, countries))
    out, missing = {}, []
    with _LOCK:
        for mineral in minerals:
            entry = _CACHE.get((id(mineral), countries_key))
            if entry is None:
                missing.append(mineral)
            else:
                _CACHE.move_to_end((id(mineral), countries_key))
                out[mineral.id] = entry[2]
    for mineral in missing:
        indicators = compute_indicators(mineral, facts)
        out[mineral.id] = (indicators, {n: i.value for n, i in indicators.items()})
    with _LOCK:
        for mineral in missing:
            _CACHE[(id(mineral), countries_key)] = (mineral, countries, out[mineral.id])
        while len(_CACHE) > MAX_REMEMBERED:
            _CACHE.popitem(last=False)
    return {m.id: (dict(out[m.id][0]), dict(out[m.id][1])) for m in minerals}


def forget() -> None:
    """Drop every remembered indicator (the benchmark measures scoring without them)."""
    with _LOCK:
        _CACHE.clear()
