"""Pictures for a brief: the criticality matrix and a sweep's tier probabilities.

matplotlib is an optional extra (``pip install 'critmin[plot]'``); without it every function
here raises :class:`PlotDependencyError` with that advice. Figures are drawn on matplotlib's
object API (no pyplot state) and saved at an exact pixel size: ``size`` is (width, height)
in pixels at 100 dots per inch, so an SVG is (width × 0.72) × (height × 0.72) points.

Sweep input contract (:func:`sweep_figure`): a pandas DataFrame with one row per mineral
(the index is the mineral id) and the columns ``low, medium, high, very_high, unrated`` holding
probabilities in [0, 1] that sum to 1 per row. :func:`sweep_frame_from_json` builds it from
the JSON of ``critmin sweep --format json`` (shapes in its docstring).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from critmin.concepts import TIERS, TIERS_HIGH_FIRST, UNRATED
from critmin.errors import CritminError, DataError, Problem, UsageError, shorten
from critmin.io.atomic import atomic_write_bytes
from critmin.io.terminal import clean
from critmin.io.yaml_reader import read_text
from critmin.words.labels import tier_label

SWEEP_COLUMNS = (*TIERS, UNRATED)  # a sweep frame's columns, lowest tier first
MAX_TITLE = 200  # characters of a chart title
MAX_MINERALS = 1000  # bars in one sweep chart
MAX_NAME = 100  # characters of a mineral's label
MAX_SWEEP_JSON_BYTES = 20_000_000
COLOURS = {"very_high": "#b2182b", "high": "#ef8a62", "medium": "#f4c542", "low": "#4d9221",
           "unrated": "#9e9e9e"}
FORMATS = (".png", ".svg")
DPI = 100
DEFAULT_SIZE = (1000, 700)


class PlotDependencyError(CritminError):
    """matplotlib is not installed (CLI exit code 1: the command cannot run as installed)."""

    exit_code = 1


def _figure(size: tuple[int, int]):
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # matplotlib: the optional plot extra
        from matplotlib.figure import Figure  # as above
    except ImportError:
        raise PlotDependencyError("plotting needs matplotlib; install it with: "
                                  "pip install 'critmin[plot]'") from None
    width, height = size
    if not (100 <= width <= 10000 and 100 <= height <= 10000):
        raise UsageError(f"image size {width}x{height} px: each side must be 100 to 10000 pixels")
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def read_sweep_json(source: str | Path) -> Any:
    """The JSON of ``critmin sweep --format json``, read by the bounded reader (a regular file of
    at most 20 MB: a FIFO or /dev/zero is refused, not waited on)."""
    text = read_text(source, DataError, MAX_SWEEP_JSON_BYTES, "JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(Problem(f"cannot read JSON: {exc}", file=str(source))) from None
    except RecursionError:
        raise DataError(Problem("cannot read JSON: nested too deeply", file=str(source))) from None


def title_text(title: str | None, default: str) -> str:
    """The title to draw: control characters removed, at most :data:`MAX_TITLE` characters, and
    only characters the chart's font has (others would be drawn as empty boxes)."""
    text = clean(title) if title else default
    if len(text) > MAX_TITLE:
        raise UsageError(f"the title is {len(text):,} characters; the limit is {MAX_TITLE}")
    missing = _missing_glyphs(text)
    if missing:
        raise UsageError(f"the chart's font has no glyph for {', '.join(map(repr, missing[:5]))} in the "
                         "title; write the title in characters it can draw (Latin, Greek, Cyrillic)")
    return text


def _missing_glyphs(text: str) -> list[str]:
    from matplotlib.font_manager import FontProperties, findfont  # matplotlib: the optional plot extra
    from matplotlib.ft2font import FT2Font  # as above

    charmap = FT2Font(findfont(FontProperties())).get_charmap()
    return sorted({c for c in text if not c.isspace() and ord(c) not in charmap})


def save(figure: Any, path: str | Path, overwrite: bool = False) -> Path:
    """Save as PNG or SVG (by suffix) at the figure's exact size, atomically; an existing file
    is replaced only with ``overwrite``."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise UsageError(f"cannot write '{path.name}': the file name must end in .png or .svg")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write '{path}': directory '{path.parent}' does not exist")
    image = io.BytesIO()
    figure.savefig(image, dpi=DPI, format=path.suffix.lower()[1:])
    return atomic_write_bytes(path, image.getvalue(), overwrite=overwrite)


# ---------------------------------------------------------------- criticality matrix

def matrix_figure(frame: Any, size: tuple[int, int] = DEFAULT_SIZE, title: str | None = None):
    """Supply risk (y) against the 2035 US shortfall (x), coloured by tier, labelled.

    ``frame`` is :func:`critmin.explain.matrix.matrix_frame`. Filled circles are the report's
    own tiers, hollow diamonds model results. Minerals with no known shortfall are listed
    under the chart instead of being placed."""
    figure = _figure(size)
    axes = figure.add_subplot()
    placed = frame[frame["shortfall_2035"].notna()]
    for tier in TIERS_HIGH_FIRST:
        for basis, marker in (("report", "o"), ("model", "D")):
            rows = placed[(placed["tier"] == tier) & (placed["basis"] == basis)]
            if rows.empty:
                continue
            filled = basis == "report"
            axes.scatter(rows["shortfall_2035"] * 100, rows["supply_risk"], s=90, marker=marker,
                         color=COLOURS[tier] if filled else "white", edgecolors=COLOURS[tier],
                         linewidths=2, zorder=3,
                         label=f"{tier_label(tier)} ({'report' if filled else 'model result'})")
    axes.set_xlabel("US 2035 shortfall: share of demand imports must fill (%)")
    axes.set_ylabel("World supply risk (score points from supply rules)")
    axes.set_xlim(-5, 118)
    top = float(placed["supply_risk"].max()) if len(placed) else 1.0
    axes.set_ylim(min(0.0, float(placed["supply_risk"].min()) if len(placed) else 0.0) - 0.5,
                  top * 1.08 + 0.5)
    _label_points(axes, placed)
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper left", fontsize=8, framealpha=0.9)
    axes.set_title(title_text(title, "Criticality matrix: supply risk against the 2035 US shortfall"),
                   parse_math=False)
    missing = frame[frame["shortfall_2035"].isna()]
    if len(missing):
        figure.text(0.01, 0.005, "Not placed (no 2035 shortfall): " + ", ".join(map(_label, missing["name"])),
                    fontsize=8, parse_math=False)
    return figure


def _label(name: Any) -> str:
    """A name as drawn: plain text (a '$' is no formula), no control characters, not too long."""
    text = clean(str(name))
    return text if len(text) <= MAX_NAME else text[:MAX_NAME - 1] + "…"


def _label_points(axes: Any, placed: Any) -> None:
    """Name each point, moving a label below or left of its point when it would overlap."""
    taken: list[tuple[float, float]] = []
    offsets = ((6, 3), (6, -11), (-6, 3), (-6, -11), (6, 13), (6, -21))
    for _, row in placed.sort_values(["supply_risk", "shortfall_2035"], ascending=False).iterrows():
        text = _label(row["name"]) + ("" if row.get("supply_known", True) else " (no producer data)")
        x, y = axes.transData.transform((row["shortfall_2035"] * 100, row["supply_risk"]))
        for dx, dy in offsets:
            if all(abs(x + dx - tx) > 70 or abs(y + dy - ty) > 11 for tx, ty in taken):
                break
        taken.append((x + dx, y + dy))
        axes.annotate(text, (row["shortfall_2035"] * 100, row["supply_risk"]), xytext=(dx, dy),
                      textcoords="offset points", fontsize=9, ha="left" if dx > 0 else "right",
                      parse_math=False)


# ---------------------------------------------------------------- sweep

def check_sweep_frame(frame: Any):
    """The frame with tier columns in a fixed order, or a DataError saying what is wrong."""
    missing = [c for c in SWEEP_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(f"sweep table: missing column(s) {', '.join(missing)}; expected one row "
                        f"per mineral with columns {', '.join(SWEEP_COLUMNS)}")
    table = frame[list(SWEEP_COLUMNS)].astype(float)
    if len(table) == 0:
        raise DataError("sweep table: no minerals")
    if len(table) > MAX_MINERALS:
        raise DataError(f"sweep table: {len(table):,} minerals; one chart shows at most {MAX_MINERALS:,}")
    bad = table[~((table >= -1e-9) & (table <= 1 + 1e-9)).all(axis=1)]  # NaN fails too
    if len(bad):
        raise DataError(f"sweep table: probabilities must lie in [0, 1]; see '{bad.index[0]}'")
    sums = table.sum(axis=1)
    off = sums[(sums - 1).abs() > 0.01]
    if len(off):
        raise DataError(f"sweep table: the tier probabilities of '{off.index[0]}' sum to "
                        f"{off.iloc[0]:.3f}; expected 1")
    return table


def sweep_figure(frame: Any, size: tuple[int, int] = DEFAULT_SIZE, title: str | None = None):
    """Stacked horizontal bars: each mineral's probability of each tier."""
    table = check_sweep_frame(frame)
    order = (table["very_high"] * 4 + table["high"] * 3 + table["medium"] * 2 + table["low"])
    table = table.loc[order.sort_values(kind="stable").index]
    figure = _figure(size)
    axes = figure.add_subplot()
    left = [0.0] * len(table)
    labels = list(range(len(table)))  # positions; the names are set as plain text below
    for tier in TIERS_HIGH_FIRST:
        values = (table[tier] * 100).tolist()
        bars = axes.barh(labels, values, left=left, color=COLOURS[tier], label=tier_label(tier),
                         edgecolor="white", linewidth=0.5)
        axes.bar_label(bars, labels=[f"{v:.0f}%" if v >= 8 else "" for v in values],
                       label_type="center", fontsize=8, color="white" if tier != "medium" else "black")
        left = [a + b for a, b in zip(left, values)]
    axes.set_yticks(labels, [_label(i) for i in table.index], parse_math=False)
    axes.set_xlim(0, 100)
    axes.set_xlabel("Probability of each tier over the sweep's scenarios (%)")
    figure.legend(loc="outside lower center", fontsize=8, ncols=len(TIERS_HIGH_FIRST))
    axes.set_title(title_text(title, "Tier probabilities under fact and parameter uncertainty"),
                   parse_math=False)
    return figure


def sweep_frame_from_json(data: Any, source: str = "sweep JSON"):
    """A sweep table from ``critmin sweep --format json`` output. Accepted shapes:

    - a list of ``{"mineral": "nickel", "probabilities": {"very_high": 0.9, "high": 0.1}}``;
    - a list of ``{"mineral": "nickel", "very_high": 0.9, "high": 0.1, ...}``;
    - either list under a top-level ``"minerals"`` or ``"results"`` key;
    - a mapping ``{"nickel": {"very_high": 0.9, ...}, ...}``.

    Tiers not given are 0. Probabilities may also be given as ``tier_probabilities``."""
    import pandas as pd  # pandas: only when a chart is drawn

    if isinstance(data, dict):
        for key in ("minerals", "results"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [{"mineral": k, "probabilities": v} for k, v in data.items()]
    if not isinstance(data, list) or not data:
        raise DataError(Problem("expected a non-empty list of minerals with tier probabilities",
                                file=source))
    if len(data) > MAX_MINERALS:
        raise DataError(Problem(f"{len(data):,} minerals; one chart shows at most {MAX_MINERALS:,}",
                                file=source))
    rows = {}
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("mineral"), str):
            raise DataError(Problem("expected an object with a 'mineral' id", file=source, key=f"[{i}]"))
        probs = item.get("probabilities", item.get("tier_probabilities", item))
        if not isinstance(probs, dict):
            raise DataError(Problem("expected tier probabilities as an object", file=source,
                                    key=f"[{i}].probabilities"))
        if item["mineral"] in rows:
            raise DataError(Problem(f"'{shorten(item['mineral'], 80)}' appears twice; which probabilities "
                                    "hold cannot be told", file=source, key=f"[{i}]"))
        try:
            rows[item["mineral"]] = {t: float(probs.get(t) or 0.0) for t in SWEEP_COLUMNS}
        except (TypeError, ValueError):
            raise DataError(Problem("tier probabilities must be numbers", file=source,
                                    key=f"[{i}] ({item['mineral']})")) from None
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(SWEEP_COLUMNS))
    frame.index.name = "mineral"
    check_sweep_frame(frame)
    return frame
