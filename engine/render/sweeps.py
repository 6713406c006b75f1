"""A sweep's result as tables (text, Markdown, CSV) or JSON."""

from __future__ import annotations

import json
from typing import Any

from critmin.concepts import TIERS_HIGH_FIRST
from critmin.render.tables import render_table
from critmin.words.labels import label


def render_sweep(data: dict[str, Any], fmt: str = "table", top: int = 3) -> str:
    """The sweep command's output (JSON: the whole result; others: tables)."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    header = ("mineral", "baseline", *TIERS_HIGH_FIRST, "stable", "score p5-p95")
    body = [(m["mineral"], m["baseline_tier"], *(_pct(m["probabilities"][t]) for t in TIERS_HIGH_FIRST),
             _pct(m["stability"]), f"{m['score']['p5']:.1f}-{m['score']['p95']:.1f}")
            for m in data["minerals"]]
    if fmt == "csv":
        header += ("decisive",)
        body = [row + ("; ".join(f"{d['input']}={d['share']:.4f}" for d in m["decisive"][:top]),)
                for row, m in zip(body, data["minerals"])]
        return render_table(header, body, fmt)
    decisive = [(m["mineral"], d["input"], _pct(d["share"]))
                for m in data["minerals"] for d in m["decisive"][:top]]
    intro = (f"{data['samples']:,} scenarios, seed {data['seed']}, varying "
             f"{label('vary', data['vary'])} ({len(data['inputs'])} inputs)")
    explain = ("Decisive inputs: the share of scenarios in which putting the input back at its "
               "baseline value, all else as drawn, changes the tier.")
    parts = [intro, render_table(header, body, fmt), explain,
             render_table(("mineral", "input", "decisive"), decisive, fmt) if decisive
             else "(no input changes any tier on its own)"]
    if fmt == "markdown":
        parts[0], parts[2] = f"**Sweep:** {intro}", f"**{explain}**"
    return "\n\n".join(parts)


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%"
