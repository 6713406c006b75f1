"""Indicators: the numbers rules reason about, computed from facts.

Each indicator is documented by its formula and records the fact keys it used, so an
explanation can walk from a rule down to the sourced facts. A missing input makes the
indicator unknown (None); any condition on an unknown value is false.

Every formula is written once, as a *kernel* over the values it reads (``args``), with the
helpers of :mod:`critmin.indicators.numeric`: it runs per mineral on Python numbers here, and
column-wise on numpy arrays over many scenarios in :mod:`critmin.fast.columnar`. Arguments are
fact keys (``us.demand_2035_t``) or producer views, largest producer first:
``producers:shares``, ``producers:names``, ``producers:FIELD=V1|V2`` (whether each
producer's country has that alignment or risk), and ``restrictions`` (how many countries
restrict exports of the mineral).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from critmin.concepts import HIGH_RISK, INDICATOR_DIGITS, RISK_LEVELS
from critmin.facts.model import FactBase, Mineral
from critmin.indicators.numeric import (
    as_number,
    at_least_zero,
    difference,
    first_known,
    pick,
    ratio,
    total,
)

PRODUCERS = "producers:"
RESTRICTIONS = "restrictions"


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
    kernel: Callable[..., Any]  # the formula, on Python numbers or numpy arrays
    args: tuple[str, ...]  # what the kernel reads (see the module docstring)
    uses: Callable[[MineralArgs], tuple[str, ...]] | None = None  # default: args (all facts)

    def compute(self, m: Mineral, base: FactBase) -> tuple[Any, tuple[str, ...]]:
        """(value, fact keys used) for one mineral."""
        return self.evaluate(MineralArgs(m, base))

    def evaluate(self, args: MineralArgs) -> tuple[Any, tuple[str, ...]]:
        value = self.kernel(*[args.get(arg) for arg in self.args])
        return value, (self.uses(args) if self.uses else self.args)


# ---------------------------------------------------------------- kernels

def shortfall(demand: Any, supply: Any) -> Any:
    return ratio(at_least_zero(difference(demand, supply)), demand)


def top1(shares: Sequence[Any]) -> Any:
    return shares[0] if len(shares) else None


def top3(shares: Sequence[Any]) -> Any:
    return total(shares[:3]) if len(shares) else None


def squares(shares: Sequence[Any]) -> Any:
    return total(s * s for s in shares) if len(shares) else None


def share_where(shares: Sequence[Any], flags: Sequence[Any]) -> Any:
    """Σ share over the producers whose flag holds."""
    if not len(shares):
        return None
    return total(pick(f, s, 0.0) for s, f in zip(shares, flags))


def same(value: Any) -> Any:
    return value


def exposure(reported: Any, shares: Sequence[Any], flags: Sequence[Any]) -> Any:
    """The share a source reports for the mineral as a whole, else Σ share of high-risk producers."""
    if not len(shares):
        return None
    return first_known(reported, share_where(shares, flags))


def low_risk_cover(shares: Sequence[Any], friendly: Sequence[Any], safe: Sequence[Any],
                   world: Any, demand: Any, supply: Any) -> Any:
    """How many times the output of low-risk producers (allies and partners without a high
    resource-nationalism risk) covers the US import need in 2035; unknown without a need."""
    if not len(shares):
        return None
    low_risk = total(pick(f, pick(s, share, 0.0), 0.0) for share, f, s in zip(shares, friendly, safe))
    need = at_least_zero(difference(demand, supply))
    product = None if world is None else low_risk * world
    return ratio(product, need)


# ---------------------------------------------------------------- arguments, per mineral

def producers(m: Mineral) -> list[tuple[str, float]]:
    """Known producers, largest share first (ties by name, for determinism)."""
    shares = [(c, f.value) for c, f in m.group("producers").items()]
    return sorted(shares, key=lambda cs: (-cs[1], cs[0]))


def restriction_keys(m: Mineral, base: FactBase) -> tuple[str, ...]:
    """The export restrictions naming the mineral, as ``countries.X.export_restrictions[i]``."""
    used = []
    for country in sorted(base.countries):
        for i, fact in enumerate(base.countries[country].export_restrictions):
            if fact.value == m.id:
                used.append(f"countries.{country}.export_restrictions[{i}]")
    return tuple(used)


def is_fact_arg(arg: str) -> bool:
    return arg != RESTRICTIONS and not arg.startswith(PRODUCERS)


def producer_view(arg: str) -> tuple[str, tuple[str, ...]]:
    """``producers:alignment=ally|partner`` → ("alignment", ("ally", "partner"))."""
    field, _, values = arg[len(PRODUCERS):].partition("=")
    return field, tuple(values.split("|")) if values else ()


class MineralArgs:
    """The kernels' arguments for one mineral (producers sorted once)."""

    def __init__(self, m: Mineral, base: FactBase):
        self.m, self.base = m, base
        self.producers = producers(m)
        self._restrictions: tuple[str, ...] | None = None
        self._values: dict[str, Any] = {}

    @property
    def restrictions(self) -> tuple[str, ...]:
        if self._restrictions is None:
            self._restrictions = restriction_keys(self.m, self.base)
        return self._restrictions

    def get(self, arg: str) -> Any:
        if arg not in self._values:
            self._values[arg] = self._get(arg)
        return self._values[arg]

    def _get(self, arg: str) -> Any:
        if arg == RESTRICTIONS:
            return float(len(self.restrictions))
        if not arg.startswith(PRODUCERS):
            return self.m.get(arg)
        field, accept = producer_view(arg)
        if field == "shares":
            return [s for _, s in self.producers]
        if field == "names":
            return [c for c, _ in self.producers]
        countries = self.base.countries
        return [c in countries and getattr(countries[c], field).value in accept
                for c, _ in self.producers]

    def producer_keys(self, limit: int | None = None) -> tuple[str, ...]:
        return tuple(f"producers.{c}" for c, _ in self.producers)[:limit]


def _country_keys(field: str):
    def uses(args: MineralArgs) -> tuple[str, ...]:
        keys = args.producer_keys()
        if not keys:
            return ()
        return keys + tuple(f"countries.{c}.{field}" for c, _ in args.producers
                            if c in args.base.countries)
    return uses


def _first(limit: int | None):
    return lambda args: args.producer_keys(limit)


def _exposure_uses(args: MineralArgs) -> tuple[str, ...]:
    if args.producers and args.get(REPORTED_EXPOSURE) is not None:
        return (REPORTED_EXPOSURE,)
    return _country_keys("nationalism_risk")(args)


def _cover_uses(args: MineralArgs) -> tuple[str, ...]:
    keys = args.producer_keys()
    if not keys:
        return ()
    countries = tuple(f"countries.{c}.{field}" for c, _ in args.producers if c in args.base.countries
                      for field in ("alignment", "nationalism_risk"))
    return keys + countries + ("world.production_t", "us.demand_2035_t", "us.supply_2035_t")


def _fact(name: str, key: str, formula: str) -> IndicatorSpec:
    return IndicatorSpec(name, "num", formula, same, (key,))


SHARES = PRODUCERS + "shares"
REPORTED_EXPOSURE = "world.nationalism_exposure"
HIGH_RISK_FLAGS = PRODUCERS + "nationalism_risk=" + "|".join(HIGH_RISK)
SPECS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("shortfall_2035", "num", "max(0, demand_2035 − supply_2035) / demand_2035",
                  shortfall, ("us.demand_2035_t", "us.supply_2035_t")),
    IndicatorSpec("self_sufficiency", "num", "supply_2035 / demand_2035", ratio,
                  ("us.supply_2035_t", "us.demand_2035_t")),
    IndicatorSpec("domestic_pipeline", "num", "projected US addition by 2035 / demand_2035", ratio,
                  ("us.projected_addition_2035_t", "us.demand_2035_t")),
    IndicatorSpec("demand_growth", "num", "demand_2035 / current US consumption", ratio,
                  ("us.demand_2035_t", "us.consumption_t")),
    IndicatorSpec("top1_share", "num", "largest producer's share of world mine output", top1,
                  (SHARES,), _first(1)),
    IndicatorSpec("top1_country", "str", "the largest producer", top1, (PRODUCERS + "names",),
                  _first(1)),
    IndicatorSpec("top3_share", "num", "sum of the three largest producers' shares", top3,
                  (SHARES,), _first(3)),
    IndicatorSpec("hhi", "num", "Σ share² over the known producers (0–1)", squares, (SHARES,),
                  _first(None)),
    IndicatorSpec("ally_share", "num", "Σ share of producers aligned 'ally'", share_where,
                  (SHARES, PRODUCERS + "alignment=ally"), _country_keys("alignment")),
    IndicatorSpec("adversary_share", "num", "Σ share of producers aligned 'adversary'",
                  share_where, (SHARES, PRODUCERS + "alignment=adversary"),
                  _country_keys("alignment")),
    IndicatorSpec("nationalism_exposure", "num",
                  "share of world output from high/extreme resource-nationalism countries: the "
                  "figure the facts report for the mineral (world.nationalism_exposure), else "
                  "Σ share of the producers whose risk is high or extreme",
                  exposure, (REPORTED_EXPOSURE, SHARES, HIGH_RISK_FLAGS), _exposure_uses),
    IndicatorSpec("low_risk_cover", "num",
                  "Σ share of producers that are allies or partners without a high resource-"
                  "nationalism risk × world production ÷ (demand_2035 − supply_2035)",
                  low_risk_cover, (SHARES, PRODUCERS + "alignment=ally|partner",
                                   PRODUCERS + "nationalism_risk=" + "|".join(
                                       r for r in RISK_LEVELS if r not in HIGH_RISK),
                                   "world.production_t", "us.demand_2035_t", "us.supply_2035_t"),
                  _cover_uses),
    IndicatorSpec("export_restrictions", "num",
                  "number of countries restricting exports of the mineral", same, (RESTRICTIONS,),
                  lambda args: args.restrictions),
    _fact("china_processing_share", "processing.china_share", "fact processing.china_share"),
    _fact("china_processing_2035", "processing.china_share_2035",
          "fact processing.china_share_2035 (a projection for 2035)"),
    IndicatorSpec("current_shortfall", "num", "max(0, consumption − production) / consumption (today)",
                  shortfall, ("us.consumption_t", "us.production_t")),
    IndicatorSpec("reserve_years", "num", "US reserves / current US consumption (years)", ratio,
                  ("us.reserves_t", "us.consumption_t")),
    IndicatorSpec("demand_uncertainty", "num", "1 where a source calls future demand uncertain "
                  "(fact demand_uncertain), 0 where it says it is not", as_number, ("demand_uncertain",)),
    _fact("net_import_reliance", "us.net_import_reliance", "fact us.net_import_reliance (USGS)"),
    _fact("iea_growth_2040", "demand_growth_2040", "fact demand_growth_2040 (IEA, 2024→2040)"),
    _fact("supply_2035_t", "us.supply_2035_t", "fact us.supply_2035_t"),
    _fact("demand_2035_t", "us.demand_2035_t", "fact us.demand_2035_t"),
    _fact("consumption_t", "us.consumption_t", "fact us.consumption_t"),
    _fact("production_t", "us.production_t", "fact us.production_t"),
)
INDICATORS: dict[str, IndicatorSpec] = {spec.name: spec for spec in SPECS}
FACT_ARGS: tuple[str, ...] = tuple(dict.fromkeys(a for spec in SPECS for a in spec.args if is_fact_arg(a)))


def compute_indicators(mineral: Mineral, base: FactBase) -> dict[str, Indicator]:
    """All indicators of one mineral, in catalogue order."""
    out = {}
    args = MineralArgs(mineral, base)
    for spec in SPECS:
        value, inputs = spec.evaluate(args)
        if isinstance(value, float):
            value = round(value, INDICATOR_DIGITS)
        out[spec.name] = Indicator(spec.name, value, inputs)
    return out
