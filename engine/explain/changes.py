"""The changes a what-would-it-take answer gives, each confirmed by re-scoring the mineral on
the traced path with the change applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from critmin.explain.probes import TracedProbe
from critmin.explain.search_space import SearchInput
from critmin.facts.provenance import SourcedFact


@dataclass(frozen=True)
class NeededChange:
    """One change that moves the mineral to the wanted tier (verified by re-scoring)."""

    key: str  # the override key, e.g. nickel.us.supply_2035_t, params.x, countries.C.alignment
    kind: str  # fact | param | country
    current: Any
    needed: Any
    just_short: Any  # one resolution step nearer the current value: verified not to reach the tier
    unit: str | None
    tier_after: str
    levers_after: tuple[str, ...]
    score_after: float
    fact: SourcedFact | None = None  # the current value's provenance (facts and countries)
    param_source: str | None = None
    in_range: bool | None = None  # needed value within the fact's or parameter's documented range
    range: tuple[float, float] | None = None

    @property
    def relative(self) -> float:
        """Size of the change, relative to the current value (categorical changes count 1)."""
        if not isinstance(self.current, (int, float)) or not isinstance(self.needed, (int, float)):
            return 1.0
        scale = abs(self.current) or 1.0
        return abs(self.needed - self.current) / scale

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "current": self.current, "needed": self.needed,
                "just_short": self.just_short, "unit": self.unit, "tier_after": self.tier_after,
                "levers_after": list(self.levers_after), "score_after": self.score_after,
                "source": self.fact.to_dict() if self.fact else None,
                "param_source": self.param_source, "in_range": self.in_range,
                "range": list(self.range) if self.range else None, "verified": True}


def confirm(item: SearchInput, result: tuple[Any, Any] | None, target: str,
            traced: TracedProbe) -> NeededChange | None:
    """The change re-scored on the traced path: it must reach the tier, one step short not."""
    if result is None:
        return None
    needed, short = result
    after = traced.assess(((item.key, needed),))
    if after is None or after.tier != target:
        return None
    if short is not None:
        before = traced.assess(((item.key, short),))
        if before is not None and before.tier == target:
            return None
    return change_of(item, needed, short, after)


def change_of(item: SearchInput, needed: Any, short: Any, after) -> NeededChange:
    in_range = None
    if item.range and isinstance(needed, (int, float)):
        in_range = item.range[0] <= needed <= item.range[1]
    return NeededChange(item.key, item.kind, item.current, needed, short, item.unit, after.tier,
                        tuple(after.lever_ids), after.score, item.fact, item.param_source, in_range, item.range)
