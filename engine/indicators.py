"""Indicators: the numbers rules reason about, computed from facts.

Each indicator is documented by its formula and records the fact keys it used, so an
explanation can walk from a rule down to the sourced facts. A missing input makes the
indicator unknown (None); any condition on an unknown value is false.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .facts import FactBase, Mineral

HIGH_RISK = ("high", "extreme")


@dataclass(frozen=True)
class Indicator:
    """A computed value and the facts it came from."""

    name: str
    value: Any
    inputs: tuple[str, ...]  # fact keys (``us.supply_2035_t``) or ``countries.X.alignment``


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    type: str  # "num" or "str"
    formula: str
    compute: Callable[[Mineral, FactBase], tuple[Any, tuple[str, ...]]]


def _ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den == 0:
        return None
    result = num / den
    return result if math.isfinite(result) else None  # a denominator like 5e-324 t: unknown


def _us(m: Mineral, key: str) -> float | None:
    return m.get("us." + key)


def shortfall_2035(m: Mineral, base: FactBase):
    demand, supply = _us(m, "demand_2035_t"), _us(m, "supply_2035_t")
    gap = None if demand is None or supply is None else max(0.0, demand - supply)
    return _ratio(gap, demand), ("us.demand_2035_t", "us.supply_2035_t")


def self_sufficiency(m: Mineral, base: FactBase):
    return (_ratio(_us(m, "supply_2035_t"), _us(m, "demand_2035_t")),
            ("us.supply_2035_t", "us.demand_2035_t"))


def domestic_pipeline(m: Mineral, base: FactBase):
    return (_ratio(_us(m, "projected_addition_2035_t"), _us(m, "demand_2035_t")),
            ("us.projected_addition_2035_t", "us.demand_2035_t"))


def demand_growth(m: Mineral, base: FactBase):
    return (_ratio(_us(m, "demand_2035_t"), _us(m, "consumption_t")),
            ("us.demand_2035_t", "us.consumption_t"))


def _producers(m: Mineral) -> list[tuple[str, float]]:
    """Known producers, largest share first (ties by name, for determinism)."""
    shares = [(c, f.value) for c, f in m.group("producers").items()]
    return sorted(shares, key=lambda cs: (-cs[1], cs[0]))


def _producer_keys(m: Mineral) -> tuple[str, ...]:
    return tuple(f"producers.{c}" for c, _ in _producers(m))


def top1_share(m: Mineral, base: FactBase):
    p = _producers(m)
    return (p[0][1] if p else None), _producer_keys(m)[:1]


def top1_country(m: Mineral, base: FactBase):
    p = _producers(m)
    return (p[0][0] if p else None), _producer_keys(m)[:1]


def top3_share(m: Mineral, base: FactBase):
    p = _producers(m)
    return (sum(s for _, s in p[:3]) if p else None), _producer_keys(m)[:3]


def hhi(m: Mineral, base: FactBase):
    p = _producers(m)
    return (sum(s * s for _, s in p) if p else None), _producer_keys(m)


def _share_where(m: Mineral, base: FactBase, attribute: str, accept: tuple[str, ...]):
    p = _producers(m)
    if not p:
        return None, ()
    used = list(_producer_keys(m))
    total = 0.0
    for country, share in p:
        entry = base.countries.get(country)
        if entry is None:
            continue
        used.append(f"countries.{country}.{attribute}")
        if getattr(entry, attribute).value in accept:
            total += share
    return total, tuple(used)


def ally_share(m: Mineral, base: FactBase):
    return _share_where(m, base, "alignment", ("ally",))


def adversary_share(m: Mineral, base: FactBase):
    return _share_where(m, base, "alignment", ("adversary",))


def nationalism_exposure(m: Mineral, base: FactBase):
    return _share_where(m, base, "nationalism_risk", HIGH_RISK)


def export_restrictions(m: Mineral, base: FactBase):
    used, count = [], 0
    for country in sorted(base.countries):
        for i, fact in enumerate(base.countries[country].export_restrictions):
            if fact.value == m.id:
                count += 1
                used.append(f"countries.{country}.export_restrictions[{i}]")
    return float(count), tuple(used)


def _passthrough(key: str):
    def compute(m: Mineral, base: FactBase):
        return m.get(key), (key,)
    return compute


SPECS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("shortfall_2035", "num",
                  "max(0, demand_2035 − supply_2035) / demand_2035", shortfall_2035),
    IndicatorSpec("self_sufficiency", "num", "supply_2035 / demand_2035", self_sufficiency),
    IndicatorSpec("domestic_pipeline", "num",
                  "projected US addition by 2035 / demand_2035", domestic_pipeline),
    IndicatorSpec("demand_growth", "num", "demand_2035 / current US consumption", demand_growth),
    IndicatorSpec("top1_share", "num", "largest producer's share of world mine output", top1_share),
    IndicatorSpec("top1_country", "str", "the largest producer", top1_country),
    IndicatorSpec("top3_share", "num", "sum of the three largest producers' shares", top3_share),
    IndicatorSpec("hhi", "num", "Σ share² over the known producers (0–1)", hhi),
    IndicatorSpec("ally_share", "num", "Σ share of producers aligned 'ally'", ally_share),
    IndicatorSpec("adversary_share", "num", "Σ share of producers aligned 'adversary'",
                  adversary_share),
    IndicatorSpec("nationalism_exposure", "num",
                  "Σ share of producers whose resource-nationalism risk is high or extreme",
                  nationalism_exposure),
    IndicatorSpec("export_restrictions", "num",
                  "number of countries restricting exports of the mineral", export_restrictions),
    IndicatorSpec("china_processing_share", "num", "fact processing.china_share",
                  _passthrough("processing.china_share")),
    IndicatorSpec("net_import_reliance", "num", "fact us.net_import_reliance (USGS)",
                  _passthrough("us.net_import_reliance")),
    IndicatorSpec("iea_growth_2040", "num", "fact demand_growth_2040 (IEA, 2024→2040)",
                  _passthrough("demand_growth_2040")),
    IndicatorSpec("supply_2035_t", "num", "fact us.supply_2035_t", _passthrough("us.supply_2035_t")),
    IndicatorSpec("demand_2035_t", "num", "fact us.demand_2035_t", _passthrough("us.demand_2035_t")),
    IndicatorSpec("consumption_t", "num", "fact us.consumption_t", _passthrough("us.consumption_t")),
    IndicatorSpec("production_t", "num", "fact us.production_t", _passthrough("us.production_t")),
)
INDICATORS: dict[str, IndicatorSpec] = {spec.name: spec for spec in SPECS}


def compute_indicators(mineral: Mineral, base: FactBase) -> dict[str, Indicator]:
    """All indicators of one mineral, in catalogue order."""
    out = {}
    for spec in SPECS:
        value, inputs = spec.compute(mineral, base)
        if isinstance(value, float):
            value = round(value, 9)
        out[spec.name] = Indicator(spec.name, value, inputs)
    return out
