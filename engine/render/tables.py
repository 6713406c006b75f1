"""Render assessments as a table, CSV, Markdown or JSON (the CLI's --format)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from critmin.concepts import STABLE_SHARE
from critmin.inference.results import Results
from critmin.words.labels import label
from critmin.words.phrases import say

FORMATS = ("table", "json", "csv", "markdown")
COLUMNS = ("mineral", "tier", "score", "report", "basis", "levers", "partners")


def rows(results: Results) -> list[dict[str, Any]]:
    return [{"mineral": a.mineral, "tier": a.tier, "score": f"{a.score:.1f}",
             "report": a.report_tier or "-", "basis": a.basis, "levers": ", ".join(a.lever_ids) or "-",
             "partners": ", ".join(a.partners) or "-"} for a in results.values()]


def text_table(header: Sequence[str], body: list[Sequence[Any]]) -> str:
    """A plain aligned table (wide CJK characters count double)."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in body]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(pad(c, w) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(header: Sequence[str], body: list[Sequence[Any]]) -> str:
    def esc(value: Any) -> str:
        return str(value).replace("|", "\\|")
    lines = ["| " + " | ".join(esc(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def csv_table(header: Sequence[str], body: list[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    return out.getvalue().rstrip("\n")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_table(header: Sequence[str], body: list[Sequence[Any]], fmt: str) -> str:
    if fmt == "markdown":
        return markdown_table(header, body)
    if fmt == "csv":
        return csv_table(header, body)
    return text_table(header, body)


def render_results(results: Results, fmt: str = "table", trace: bool = False, stability=None) -> str:
    """The score command's output; ``stability`` (a StabilityReport) adds each tier's stability."""
    if fmt == "json":
        data = results.to_dicts(trace=trace)
        for item in data if stability is not None else ():
            item["stability"] = stability[item["mineral"]].summary()
        return json.dumps(data, ensure_ascii=False, indent=2)
    data = rows(results)
    columns = COLUMNS
    if stability is not None:
        columns = COLUMNS + (("stability", "stability_samples", "stability_seed") if fmt == "csv" else ("stable",))
        for row in data:
            share = stability[row["mineral"]].share
            row.update(stable=f"{share:.1%}", stability=f"{share:.4f}", stability_samples=stability.samples,
                       stability_seed=stability.seed)
    body = [[row[c] for c in columns] for row in data]
    text = render_table(columns, body, fmt)
    if stability is not None and fmt != "csv":
        text = say("check.stability_header", samples=stability.samples, seed=stability.seed,
                   vary=label("vary", stability.vary), fragile=STABLE_SHARE) + "\n\n" + text
    if fmt == "table" and results.warnings:
        text += "\n\n" + "\n".join(f"warning: {w}" for w in results.warnings)
    return text
