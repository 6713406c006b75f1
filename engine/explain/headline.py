"""Who an answer is about: a mineral's names, tier, score and the report's own tier.

Every mineral explanation starts with this line, so an answer always states the mineral and
its tier: ``Nickel (Ni, 镍): tier very high (very_high), score 85.0/100 — the report also says
very high.``
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from critmin.inference.results import Results
from critmin.words.labels import say, tier_label, tier_with_id


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

    def called(self, lang: str = "en") -> str:
        """The mineral's name in ``lang``."""
        return self.name_zh if lang == "zh" else self.name

    def render(self, lang: str = "en") -> str:
        if self.report_tier is None:
            report = say("report_none", lang)
        elif self.report_tier == self.tier:
            report = say("report_same", lang, tier=tier_label(self.report_tier, lang))
        else:
            report = say("report_differs", lang, tier=tier_label(self.report_tier, lang))
        return say("headline", lang, name=self.name, name_zh=self.name_zh, symbol=self.symbol,
                   tier=tier_with_id(self.tier, lang), score=self.score, report=report)


def head_of(results: Results, mineral_id: str) -> Head:
    a = results[mineral_id]
    return Head(a.mineral, a.name, a.name_zh, results.facts.mineral(mineral_id).symbol, a.tier, a.score,
                a.report_tier)
