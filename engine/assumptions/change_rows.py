"""A diff as flat rows, one per change: mineral, change, item, before, after, rules.

The rows behind ``Diff.rows()`` and ``Diff.to_frame()``, and the CSV and Markdown tables.
"""

from __future__ import annotations

from typing import Any

from critmin.words.numbers import plain

ROW_COLUMNS = ("mineral", "change", "item", "before", "after", "rules")


def rule_list(started=(), stopped=()) -> str:
    """``rule_a (started), rule_b (stopped)``."""
    return ", ".join([f"{f.rule} (started)" for f in started] + [f"{f.rule} (stopped)" for f in stopped])


def change_rows(diff) -> list[dict[str, Any]]:
    """Flat rows: inputs first (mineral ''), then each mineral's changes."""
    rows = [_row("", "input", d.name, d.before, d.after, d.how) for d in diff.inputs]
    for m in diff.changed:
        rows += _mineral_rows(m)
    return rows


def _row(mineral: str, change: str, item: str, before: Any, after: Any, rules: str = "") -> dict[str, Any]:
    return {"mineral": mineral, "change": change, "item": item, "before": before, "after": after,
            "rules": rules}


def _mineral_rows(m) -> list[dict[str, Any]]:
    if m.status in ("added", "removed"):
        return [_row(m.mineral, "mineral", m.status, m.tier_before, m.tier_after)]
    rows = []
    if m.tier_changed or m.tier_started or m.tier_stopped:
        rows.append(_row(m.mineral, "tier", "tier", m.tier_before, m.tier_after,
                         rule_list(m.tier_started, m.tier_stopped)))
    if m.points:
        rows.append(_row(m.mineral, "score", "score", m.score_before, m.score_after,
                         ", ".join(p.name for p in m.points)))
    for change, outcomes, before in (("lever_added", m.levers_added, False),
                                     ("lever_removed", m.levers_removed, True),
                                     ("signal_added", m.signals_added, False),
                                     ("signal_removed", m.signals_removed, True)):
        for o in outcomes:
            rows.append(_row(m.mineral, change, o.name, before, not before, rule_list(o.started, o.stopped)))
    for o in m.levers_changed:
        rows.append(_row(m.mineral, "lever_changed", o.name, plain(o.partners_before), plain(o.partners),
                         rule_list(o.started, o.stopped)))
    rows += [_row(m.mineral, "indicator", d.name, d.before, d.after) for d in m.indicators]
    return rows
