"""The cross-check against independent assessments as a table, CSV, Markdown or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from critmin.concepts import ASSESSMENTS
from critmin.explain.crosscheck import REPORT, CrossCheck
from critmin.render.tables import render_table
from critmin.words.labels import label
from critmin.words.phrases import say

COLUMNS = ("mineral", "tier", "report", *ASSESSMENTS, "disagrees_with", "concluded_by")


def _row(check: CrossCheck) -> dict[str, Any]:
    ratings = {r.assessment: r for r in check.ratings}
    row = {"mineral": check.mineral, "tier": check.tier,
           "report": ratings[REPORT].rating if REPORT in ratings else "-",
           "disagrees_with": ", ".join(label("assessment", r.assessment) for r in check.disagreements) or "-",
           "concluded_by": check.concluded_by[0] if check.concluded_by else "-"}
    row.update({a: label("rating", ratings[a].rating or "not_recorded") for a in ASSESSMENTS})
    return row


def assessments_summary(checks: Sequence[CrossCheck]) -> dict[str, dict[str, Any]]:
    """Per assessment: its title, how many of these minerals have a rating, and its note."""
    out = {}
    for assessment in ASSESSMENTS:
        ratings = [r for c in checks for r in c.ratings if r.assessment == assessment]
        recorded = [r for r in ratings if r.rating is not None]
        unrecorded_note = next((r.note for r in ratings if r.rating is None), None)
        out[assessment] = {"title": ratings[0].title if ratings else "", "recorded": len(recorded),
                           "note": None if len(recorded) == len(ratings) else unrecorded_note}
    return out


def render_crosscheck(checks: Sequence[CrossCheck], fmt: str = "table", show_all: bool = False) -> str:
    """``checks``: every mineral's cross-check; only disagreements are listed unless ``show_all``."""
    disagreeing = [c for c in checks if c.disagreements]
    shown = list(checks) if show_all else disagreeing
    summary = assessments_summary(checks)
    if fmt == "json":
        return json.dumps({"disagreements": len(disagreeing), "assessments": summary,
                           "minerals": [c.to_dict() for c in shown]}, ensure_ascii=False, indent=2)
    body = [[_row(c)[col] for col in COLUMNS] for c in shown]
    if fmt == "csv":
        return render_table(COLUMNS, body, fmt)
    lines = [say("check.disagreements", count=len(disagreeing)) if disagreeing
             else say("check.no_disagreement")]
    if body:
        lines += ["", render_table(COLUMNS, body, fmt)]
    notes = [say("check.unrecorded_assessment", label=label("assessment", a), note=info["note"] or "")
             for a, info in summary.items() if info["recorded"] == 0]
    return "\n".join(lines + ([""] + notes if notes else []))
