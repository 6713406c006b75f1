"""Short forms of results for a developer's console and a notebook.

``repr`` is one line, whatever the size of the run (a full assessment with its trace and
indicators is kilobytes: ``to_dict()`` and ``to_json()`` give it all); ``_repr_html_`` is a
compact table that Jupyter shows for the last value of a cell. Every text in the HTML is
escaped: names, ids and partner countries come from editable fact files.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from critmin.concepts import OVERRIDE_SOURCE, SCORE_DIGITS
from critmin.facts.model import FactBase
from critmin.io.shipped import shipped_dir
from critmin.ruleset.model import RuleBase

if TYPE_CHECKING:
    from critmin.inference.results import Assessment

SHOWN = 3  # assessments named in a results' repr
HTML_COLUMNS = ("#", "mineral", "name", "tier", "score", "basis", "levers", "partners")


def score_text(score: float) -> str:
    return f"{score:.{SCORE_DIGITS}f}"


def assessment_repr(a: Assessment) -> str:
    """``<Assessment nickel very_high 86.9>``."""
    return f"<Assessment {a.mineral} {a.tier} {score_text(a.score)}>"


def results_repr(assessments: Sequence[Assessment], facts: FactBase, rules: RuleBase) -> str:
    """``<Results 22 minerals: cobalt very_high 88.1, nickel very_high 86.9, … (rules: shipped)>``."""
    count = f"{len(assessments)} mineral{'' if len(assessments) == 1 else 's'}"
    named = ", ".join(f"{a.mineral} {a.tier} {score_text(a.score)}" for a in assessments[:SHOWN])
    more = ", …" if len(assessments) > SHOWN else ""
    listed = f": {named}{more}" if assessments else ""
    return f"<Results {count}{listed} ({origin(facts, rules)})>"


def origin(facts: FactBase, rules: RuleBase) -> str:
    """Where the inputs came from: ``rules: shipped``, plus the facts when not shipped, and
    ``with overrides`` when any were applied."""
    parts = [f"rules: {_where(rules.directory, 'rules')}"]
    if _where(facts.directory, "facts") != "shipped":
        parts.append(f"facts: {_where(facts.directory, 'facts')}")
    if OVERRIDE_SOURCE in facts.sources:
        parts.append("with overrides")
    return ", ".join(parts)


def _where(directory: str, kind: str) -> str:
    if not directory:
        return "unknown"
    try:
        if Path(directory).resolve() == shipped_dir(kind).resolve():
            return "shipped"
    except OSError:
        pass
    return directory


def assessment_html(a: Assessment) -> str:
    """One assessment as a one-row table, with its signals and warnings below."""
    rows = _row(None, a)
    extra = "".join(f"<tr><th>{_e(label)}</th><td colspan='7'>{_e(text)}</td></tr>"
                    for label, text in (("signals", ", ".join(a.signals)), ("warnings", "; ".join(a.warnings)))
                    if text)
    return _table(f"Assessment of {a.name} ({a.mineral})", rows + extra)


def results_html(assessments: Sequence[Assessment], facts: FactBase, rules: RuleBase) -> str:
    """The ranking as a compact table: rank, mineral, name, tier, score, basis, levers, partners."""
    rows = "".join(_row(rank, a) for rank, a in enumerate(assessments, 1))
    count = f"{len(assessments)} mineral{'' if len(assessments) == 1 else 's'}"
    return _table(f"Results: {count} ({origin(facts, rules)})", rows)


def _table(caption: str, rows: str) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in HTML_COLUMNS)
    return (f"<table class='critmin'><caption>{_e(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def _row(rank: int | None, a: Assessment) -> str:
    cells = ("" if rank is None else str(rank), a.mineral, a.name, a.tier, score_text(a.score), a.basis,
             ", ".join(a.lever_ids), ", ".join(a.partners))
    return "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>"


def _e(text: str) -> str:
    return html.escape(text, quote=True)
