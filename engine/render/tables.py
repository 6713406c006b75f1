"""Render assessments as a table, CSV, Markdown or JSON (the CLI's --format)."""

from __future__ import annotations

import csv
import io
import json
import textwrap
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from critmin.concepts import STABLE_SHARE, UNRATED
from critmin.inference.results import Results
from critmin.words.labels import indicator_label, label, lever_short, tier_label
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
                 "partners": ", ".join(a.partners) or "-"} for a in results.values()]
    names = {key: c.name_zh or key for key, c in results.facts.countries.items()}
    sep = say("separator.list", lang)
    return [{"mineral": a.name_zh, "tier": tier_label(a.tier, lang), "score": f"{a.score:.1f}",
             "report": tier_label(a.report_tier, lang) if a.report_tier else "-",
             "basis": label("basis", a.basis, lang),
             "levers": sep.join(lever_short(lv, lang) for lv in a.lever_ids) or "-",
             "partners": sep.join(names.get(p, p) for p in a.partners) or "-"} for a in results.values()]


def text_table(header: Sequence[str], body: list[Sequence[Any]], width: int | None = None) -> str:
    """A plain aligned table (wide CJK characters count double).

    Within ``width`` columns (default: :func:`fitting`'s, else unlimited), the widest columns
    give way first and their cells wrap, at ", " between list items where they can, else
    between words; a word longer than its column is cut with "…".
    """
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in body]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]
    limit = width if width is not None else _WIDTH.get()
    if limit:
        widths = fitted_widths(widths, limit, [display_width(str(h)) for h in header])
    lines = []
    for n, row in enumerate(cells):
        wrapped = [wrap_cell(c, w) for c, w in zip(row, widths)]
        for i in range(max(len(w) for w in wrapped)):
            parts = [w[i] if i < len(w) else "" for w in wrapped]
            lines.append("  ".join(pad(c, w) for c, w in zip(parts, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


_WIDTH: ContextVar[int | None] = ContextVar("table_width", default=None)
MIN_COLUMN = 8  # a column never narrower than this (or its header, or its own width if less)
SEPARATOR = 2


@contextmanager
def fitting(width: int | None) -> Iterator[None]:
    """Text tables made inside fit ``width`` columns (None: no limit), e.g. the terminal's."""
    token = _WIDTH.set(width if width and width > 0 else None)
    try:
        yield
    finally:
        _WIDTH.reset(token)


def fitted_widths(widths: list[int], limit: int, headers: list[int]) -> list[int]:
    """Column widths whose table fits ``limit``: the widest column gives up one character at a
    time, none below its floor (its header, at most 12, or MIN_COLUMN; its own width if less)."""
    floors = [min(w, max(MIN_COLUMN, min(h, 12))) for w, h in zip(widths, headers)]
    widths = list(widths)
    excess = sum(widths) + SEPARATOR * (len(widths) - 1) - limit
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def wrap_cell(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` display columns."""
    if display_width(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for piece in _pieces(text, width):
        candidate = line + piece
        if display_width(candidate.rstrip()) <= width:
            line = candidate
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = piece.lstrip()
        while display_width(line.rstrip()) > width:
            lines.append(_cut(line, width - 1) + "…")
            line = ""
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _pieces(text: str, width: int) -> list[str]:
    """Where a line may break: after ", " between list items, else after each space, else
    (in an identifier too long for the column, such as domestic_production) after a "_"."""
    parts = text.split(", ")
    pieces = [p + ", " for p in parts[:-1]] + [parts[-1]]
    out = []
    for piece in pieces:
        words = piece.split(" ")
        for word in [w + " " for w in words[:-1]] + ([words[-1]] if words[-1] else []):
            if display_width(word.rstrip()) <= width or "_" not in word:
                out.append(word)
                continue
            bits = word.split("_")
            out += [b + "_" for b in bits[:-1]] + [bits[-1]]
    return out


def _cut(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if display_width(out + ch) > width:
            break
        out += ch
    return out


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
        for row, assessment in zip(data, results.values()):
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
        text += "\n\n" + "\n".join(fitted_line(w) for w in _warnings(results, lang))
    return text


def _warnings(results: Results, lang: str) -> list[str]:
    """The run's warnings; in Chinese, an unrated mineral's is worded from its unknown inputs."""
    if lang == "en":
        return [f"warning: {w}" for w in results.warnings]
    unrated = {f"{a.mineral}: no tier rule fired": a for a in results.values() if a.tier == UNRATED}
    out = []
    for warning in results.warnings:
        a = next((a for prefix, a in unrated.items() if warning.startswith(prefix)), None)
        if a is None:
            out.append(f"warning: {warning}")
            continue
        inputs = say("separator.list", lang).join(indicator_label(m.indicator, lang) for m in a.missing)
        out.append(say("check.unrated_warning", lang, name=a.name_zh or a.mineral,
                       inputs=inputs or say("value.none", lang)))
    return out


def fitted_line(text: str) -> str:
    """A line of prose under a table, wrapped to :func:`fitting`'s width (indented after the first)."""
    limit = _WIDTH.get()
    if not limit or display_width(text) <= limit:
        return text
    return textwrap.fill(text, width=limit, subsequent_indent="  ", break_on_hyphens=False, break_long_words=True)
