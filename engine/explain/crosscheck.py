"""critmin's tier beside independent assessments of the same mineral, and where they disagree.

An assessment's rating (fact ``assessments.<id>``, e.g. USGS 2025 "highest_impact") is
compatible with some tiers (:data:`critmin.concepts.RATING_TIERS`); a tier outside them is a
disagreement. So is a tier that differs from the report's own, for the ten minerals it grades
(after a what-if, say). Where no rating is recorded, the assessment's entry in sources.yaml
says why (for example: not available to this project).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from critmin.concepts import ASSESSMENTS, RATING_TIERS, TIERS_HIGH_FIRST, UNRATED
from critmin.inference.results import Results

REPORT = "report"  # the report's own tier, compared like an assessment


@dataclass(frozen=True)
class Rating:
    """One assessment's view of one mineral."""

    assessment: str  # usgs_2025, doe_2023, eu_2023, or "report"
    title: str  # the assessment's title and date, from sources.yaml
    rating: str | None  # None: no rating recorded
    tiers: tuple[str, ...]  # the critmin tiers the rating is compatible with (empty: none recorded)
    agrees: bool | None  # None when nothing is recorded to compare, or the mineral is unrated
    source: str | None = None  # where the rating is read (a source id) ...
    ref: str | None = None  # ... and where in it
    note: str | None = None  # the rating's note, or why none is recorded

    def to_dict(self) -> dict[str, Any]:
        return {"assessment": self.assessment, "title": self.title, "rating": self.rating,
                "compatible_tiers": list(self.tiers), "agrees": self.agrees, "source": self.source,
                "ref": self.ref, "note": self.note}


@dataclass(frozen=True)
class CrossCheck:
    """critmin's tier for one mineral, the independent ratings, and why critmin concluded it."""

    mineral: str
    name: str
    tier: str
    basis: str  # "report" or "model", as in the assessment
    concluded_by: tuple[str, ...]  # the tier rules that concluded the tier, leading one first
    because: tuple[str, ...]  # their reasons, as rendered
    ratings: tuple[Rating, ...]

    @property
    def disagreements(self) -> tuple[Rating, ...]:
        return tuple(r for r in self.ratings if r.agrees is False)

    def to_dict(self) -> dict[str, Any]:
        return {"mineral": self.mineral, "name": self.name, "tier": self.tier, "basis": self.basis,
                "concluded_by": list(self.concluded_by), "because": list(self.because),
                "ratings": [r.to_dict() for r in self.ratings],
                "disagrees_with": [r.assessment for r in self.disagreements]}


def crosscheck_of(results: Results, mineral: str) -> CrossCheck:
    """The cross-check of one scored mineral."""
    a = results[mineral]
    found = results.facts.mineral(a.mineral)
    sources = results.facts.sources
    ratings = []
    if a.report_tier is not None:
        info = sources.get(REPORT, {})
        fact = found.facts["report_tier"]
        ratings.append(Rating(REPORT, _title(info), a.report_tier, (a.report_tier,),
                              _agrees(a.tier, (a.report_tier,)), fact.source, fact.ref, fact.note))
    for assessment in ASSESSMENTS:
        info = sources.get(assessment, {})
        rated = found.facts.get(f"assessments.{assessment}")
        if rated is None:
            ratings.append(Rating(assessment, _title(info), None, (), None, None, None, info.get("note")))
            continue
        tiers = RATING_TIERS[assessment][rated.value]
        ordered = tuple(t for t in reversed(TIERS_HIGH_FIRST) if t in tiers)
        ratings.append(Rating(assessment, _title(info), rated.value, ordered, _agrees(a.tier, tiers),
                              rated.source, rated.ref, rated.note))
    concluding = [t for t in a.firings("tier") if t.conclusion == a.tier]
    return CrossCheck(a.mineral, a.name, a.tier, a.basis, tuple(t.rule for t in concluding),
                      tuple(t.because for t in concluding), tuple(ratings))


def _agrees(tier: str, allowed) -> bool | None:
    """Whether the tier is one the rating allows; None for an unrated mineral, which makes no
    claim to compare (its unknown inputs are named where it is scored)."""
    return None if tier == UNRATED else tier in allowed


def crosscheck(results: Results) -> list[CrossCheck]:
    """Every scored mineral's cross-check, in the results' order."""
    return [crosscheck_of(results, mineral) for mineral in results]


def disagreements(results: Results) -> list[CrossCheck]:
    """The minerals whose tier some recorded rating (or the report's tier) does not allow."""
    return [c for c in crosscheck(results) if c.disagreements]


def _title(info: dict[str, Any]) -> str:
    parts = [info.get("publisher"), info.get("title"), info.get("date")]
    return ", ".join(p for p in parts if p)
