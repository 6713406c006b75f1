"""Who an answer is about: a mineral's names, tier, score and the report's own tier.

Every mineral explanation starts with these (worded by :mod:`critmin.render.headline`), so an
answer always states the mineral and its tier.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from critmin.inference.results import Results


@dataclass(frozen=True)
class Head:
    mineral: str
    name: str
    name_zh: str
    symbol: str
    tier: str
    score: float
    report_tier: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def head_of(results: Results, mineral_id: str) -> Head:
    a = results[mineral_id]
    return Head(a.mineral, a.name, a.name_zh, results.facts.mineral(mineral_id).symbol, a.tier, a.score,
                a.report_tier)
