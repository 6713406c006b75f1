"""Diffs as text, Markdown, CSV or JSON, and as flat rows (one per change).

The text form reads top-down: what was assumed (the inputs that differ), then for each
mineral that moved, the tier change with the tier rules that started and stopped firing
(and what fails now), the levers and signals that appeared or disappeared with their
rules, the score points that moved, and the indicators behind it all.
"""

from __future__ import annotations

from typing import Any

from critmin.render.tables import render_table
from critmin.words.numbers import plain

ROW_COLUMNS = ("mineral", "change", "item", "before", "after", "rules")


def _raw(value: Any) -> str:
    """A value for machines: plain numbers, lists comma-separated, '' for nothing."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value))
    return str(value)


def _rule_list(started=(), stopped=()) -> str:
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
                         _rule_list(m.tier_started, m.tier_stopped)))
    if m.points:
        rows.append(_row(m.mineral, "score", "score", m.score_before, m.score_after,
                         ", ".join(p.name for p in m.points)))
    for change, outcomes, before in (("lever_added", m.levers_added, False),
                                     ("lever_removed", m.levers_removed, True),
                                     ("signal_added", m.signals_added, False),
                                     ("signal_removed", m.signals_removed, True)):
        for o in outcomes:
            rows.append(_row(m.mineral, change, o.name, before, not before, _rule_list(o.started, o.stopped)))
    for o in m.levers_changed:
        rows.append(_row(m.mineral, "lever_changed", o.name, plain(o.partners_before), plain(o.partners),
                         _rule_list(o.started, o.stopped)))
    rows += [_row(m.mineral, "indicator", d.name, d.before, d.after) for d in m.indicators]
    return rows


def render_diff(diff, fmt: str = "table") -> str:
    if fmt == "json":
        return diff.to_json()
    if fmt in ("csv", "markdown"):
        cell = plain if fmt == "markdown" else _raw
        body = [[cell(row[c]) if c in ("before", "after") else row[c] for c in ROW_COLUMNS]
                for row in change_rows(diff)]
        table = render_table(ROW_COLUMNS, body, fmt)
        if fmt == "markdown":
            return f"**{diff.a} → {diff.b}**\n\n{table}\n\n{_unchanged(diff)}"
        return table
    return render_text(diff)


def _unchanged(diff) -> str:
    names = diff.unchanged
    return f"Unchanged: {', '.join(names) if names else 'none'}."


def render_text(diff) -> str:
    lines = [f"{diff.b} against {diff.a}" + (f": {'; '.join(diff.overrides)}" if diff.overrides else "")]
    if diff.inputs:
        lines += ["", "Inputs that differ:"]
        width = max(len(d.name) for d in diff.inputs)
        for d in diff.inputs:
            how = f"  ({d.how})" if d.how else ""
            before, after = plain(d.before), plain(d.after)
            if len(before) + len(after) <= 60:
                lines.append(f"  {d.name:<{width}}  {before} → {after}{how}")
            else:  # long values, such as rule definitions: one line each, in full
                lines += [f"  {d.name}{how}", f"      was: {before}", f"      now: {after}"]
    for m in diff.changed:
        lines += [""] + _mineral_lines(m)
    if not diff.changed:
        lines += ["", "No tier, score, lever, signal or indicator changed."]
    lines += ["", _unchanged(diff)]
    lines += [f"warning: {w}" for w in diff.warnings]
    return "\n".join(lines)


def _mineral_lines(m) -> list[str]:
    if m.status in ("added", "removed"):
        tier = m.tier_after if m.status == "added" else m.tier_before
        return [f"{m.mineral}: only in {'the second' if m.status == 'added' else 'the first'} run (tier {tier})"]
    if m.tier_changed:
        head = f"{m.mineral}: tier {m.tier_before} → {m.tier_after}"
    else:
        head = f"{m.mineral}: tier {m.tier_after} (unchanged)"
    delta = m.score_delta or 0.0
    lines = [f"{head}; score {m.score_before:.1f} → {m.score_after:.1f} ({delta:+.1f})"]
    for f in m.tier_stopped:
        lines += _firing_lines("-", f, "tier rule stopped")
    for f in m.tier_started:
        lines += _firing_lines("+", f, "tier rule started")
    if m.tier_changed and m.deciding:
        lines.append(f"  {m.tier_after} is now concluded by: {', '.join(m.deciding)}")
    for title, outcomes, sign in (("lever removed", m.levers_removed, "-"), ("lever added", m.levers_added, "+"),
                                  ("signal removed", m.signals_removed, "-"), ("signal added", m.signals_added, "+")):
        for outcome in outcomes:
            partners = f" (partners: {plain(outcome.partners)})" if outcome.partners else ""
            lines.append(f"  {sign} {title}: {outcome.name}{partners}")
            lines += _outcome_lines(outcome)
    for outcome in m.levers_changed:
        lines.append(f"  ~ lever changed: {outcome.name} (partners {plain(outcome.partners_before)} → "
                     f"{plain(outcome.partners)})")
        lines += _outcome_lines(outcome)
    if m.points:
        moved = "; ".join(f"{p.name} {plain(p.before)} → {plain(p.after)}" for p in m.points)
        lines.append(f"  score points: {moved}")
    if m.indicators:
        moved = "; ".join(f"{d.name} {plain(d.before)} → {plain(d.after)}" for d in m.indicators)
        lines.append(f"  indicators: {moved}")
    return lines


def _firing_lines(sign: str, firing, title: str) -> list[str]:
    lines = [f"  {sign} {title} {firing.rule} ({firing.conclusion}): {firing.because}"]
    return lines + [f"      now fails: {text}" for text in firing.now_failing]


def _outcome_lines(outcome) -> list[str]:
    lines = []
    for firing in outcome.started:
        lines.append(f"      by rule {firing.rule}: {firing.because}")
    for firing in outcome.stopped:
        lines.append(f"      rule {firing.rule} stopped: {firing.because}")
        lines += [f"        now fails: {text}" for text in firing.now_failing]
    return lines


def summarise(diff) -> str:
    """A few lines: per changed mineral, the tier change (with its rules), score, levers."""
    lines = []
    for m in diff.changed:
        parts = []
        if m.tier_changed:
            rules = _rule_list(m.tier_started, m.tier_stopped)
            parts.append(f"tier {m.tier_before} → {m.tier_after}" + (f" ({rules})" if rules else ""))
        if m.score_delta:
            parts.append(f"score {m.score_delta:+.1f}")
        if m.levers_added:
            parts.append("levers added: " + ", ".join(o.name for o in m.levers_added))
        if m.levers_removed:
            parts.append("levers removed: " + ", ".join(o.name for o in m.levers_removed))
        if not parts:
            moved = [o.name for o in m.signals_added + m.signals_removed] + [d.name for d in m.indicators]
            parts.append("only " + ", ".join(moved) + " moved")
        lines.append(f"  {m.mineral}: " + "; ".join(parts))
    return "\n".join(lines) if lines else "  No tier, score, lever, signal or indicator changed."
