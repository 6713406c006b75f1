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
from critmin.words.labels import label, lever_short, tier_label
from critmin.words.phrases import say

FORMATS = ("table", "json", "csv", "markdown")
COLUMNS = ("mineral", "tier", "score", "report", "basis", "levers", "partners")
HEADINGS = ("column.mineral", "column.tier", "column.score", "column.report", "column.basis", "column.levers",
            "column.partners")  # the columns' names in another language
STABILITY_TABLE = {"stable": "column.stable"}  # the columns --stability adds, and their names
STABILITY_CSV = {"stability": "column.stability", "stability_samples": "column.stability_samples",
                 "stability_seed": "column.stability_seed"}


def rows(results: Results, lang: str = "en") -> list[dict[str, Any]]:
    """One row per mineral: ids in English (as the JSON has them), words in another language."""
    if lang == "en":
        return [{"mineral": a.mineral, "tier": a.tier, "score": f"{a.score:.1f}",
                 "report": a.report_tier or "-", "basis": a.basis, "levers": ", ".join(a.lever_ids) or "-",
                 "partners": ", ".join(a.partners) or "-"} for a in results]
    names = {key: c.name_zh or key for key, c in results.facts.countries.items()}
    sep = say("separator.list", lang)
    return [{"mineral": a.name_zh, "tier": tier_label(a.tier, lang), "score": f"{a.score:.1f}",
             "report": tier_label(a.report_tier, lang) if a.report_tier else "-",
             "basis": label("basis", a.basis, lang),
             "levers": sep.join(lever_short(lv, lang) for lv in a.lever_ids) or "-",
             "partners": sep.join(names.get(p, p) for p in a.partners) or "-"} for a in results]


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


def render_results(results: Results, fmt: str = "table", trace: bool = False, stability=None,
                   lang: str = "en") -> str:
    """The score command's output (JSON is the same in every language: ids, not words);
    ``stability`` (a StabilityReport) adds each tier's stability."""
    if fmt == "json":
        data = results.to_dicts(trace=trace)
        for item in data if stability is not None else ():
            item["stability"] = stability[item["mineral"]].summary()
        return json.dumps(data, ensure_ascii=False, indent=2)
    data = rows(results, lang)
    columns, headings = COLUMNS, HEADINGS
    if stability is not None:
        added = STABILITY_CSV if fmt == "csv" else STABILITY_TABLE
        columns, headings = columns + tuple(added), headings + tuple(added.values())
        for row, assessment in zip(data, results):
            share = stability[assessment.mineral].share
            row.update(stable=f"{share:.1%}", stability=f"{share:.4f}", stability_samples=stability.samples,
                       stability_seed=stability.seed)
    body = [[row[c] for c in columns] for row in data]
    header = columns if lang == "en" else tuple(say(key, lang) for key in headings)
    text = render_table(header, body, fmt)
    if stability is not None and fmt != "csv":
        text = say("check.stability_header", lang, samples=stability.samples, seed=stability.seed,
                   vary=label("vary", stability.vary, lang), fragile=STABLE_SHARE) + "\n\n" + text
    if fmt == "table" and results.warnings:
        text += "\n\n" + "\n".join(f"warning: {w}" for w in results.warnings)
    return text
