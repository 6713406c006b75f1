"""A diff in words: one renderer, three forms of text, and the tables.

``diff_text(diff, lang, fmt, form)``:
- ``fmt``: ``table`` (text), ``markdown`` and ``csv`` (the flat change rows), ``json``;
- the text comes in three forms, for three readers:
  - ``full`` (``critmin whatif`` / ``diff``, the chat's ``/diff``) reads top-down: what was
    assumed (the inputs that differ), then for each mineral that moved, the tier change with the
    tier rules that started and stopped firing (and what fails now), the levers and signals that
    appeared or disappeared with their rules, the score points that moved, and the indicators;
  - ``summary`` (the chat's ``/set``, ``/unset``, ``/scenario``, ``/reset``): one line per
    mineral that moved — tier change with its rules, score, levers;
  - ``answer`` (the assistant's what-if answers, in ``lang``): the assumptions with the values
    they replace and their sources (``notes``), then the minerals whose tier moved and those that
    changed otherwise, by name (``facts``) and with labels.
The full and summary forms name everything by id, as rule files do, and are English.
"""

from __future__ import annotations

from collections.abc import Sequence

from critmin.assumptions.change_rows import ROW_COLUMNS, change_rows, rule_list
from critmin.assumptions.diff import Diff, Firing, MineralDiff, Outcome
from critmin.facts.model import FactBase
from critmin.facts.provenance import OverrideNote
from critmin.render.facts import override_note
from critmin.render.tables import render_table
from critmin.words.labels import indicator_label, indicator_unit, lever_label, localized, tier_label
from critmin.words.numbers import in_unit, plain, raw
from critmin.words.phrases import say

FORMS = ("full", "summary", "answer")
NOTHING_CHANGED = "No tier, score, lever, signal or indicator changed."


def diff_text(diff: Diff, lang: str = "en", fmt: str = "table", form: str = "full",
              notes: Sequence[OverrideNote] = (), facts: FactBase | None = None) -> str:
    """The diff as text in one of the ``FORMS`` (``fmt="table"``), or as a table or JSON."""
    if form not in FORMS:
        raise ValueError(f"unknown form '{form}'; expected one of {', '.join(FORMS)}")
    if fmt == "json":
        return diff.to_json()
    if fmt in ("csv", "markdown"):
        return _table(diff, fmt)
    if form == "summary":
        return _summary(diff)
    if form == "answer":
        return _answer(diff, lang, notes, facts)
    return _full(diff)


def _table(diff: Diff, fmt: str) -> str:
    cell = plain if fmt == "markdown" else raw
    body = [[cell(row[c]) if c in ("before", "after") else row[c] for c in ROW_COLUMNS]
            for row in change_rows(diff)]
    table = render_table(ROW_COLUMNS, body, fmt)
    if fmt == "markdown":
        return f"**{diff.a} → {diff.b}**\n\n{table}\n\n{_unchanged(diff)}"
    return table


def _unchanged(diff: Diff) -> str:
    names = diff.unchanged
    return f"Unchanged: {', '.join(names) if names else 'none'}."


def _warnings(diff: Diff) -> list[str]:
    return [f"warning: {w}" for w in diff.warnings]


def _levers_moved(m: MineralDiff) -> list[tuple[str, tuple[Outcome, ...]]]:
    """(phrase key, levers) for the levers added and those removed, when there are any."""
    moved = (("whatif.levers_added", m.levers_added), ("whatif.levers_removed", m.levers_removed))
    return [(key, outcomes) for key, outcomes in moved if outcomes]


# ---------------------------------------------------------------- full

def _full(diff: Diff) -> str:
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
        lines += [""] + _full_mineral(m)
    if not diff.changed:
        lines += ["", NOTHING_CHANGED]
    lines += ["", _unchanged(diff)]
    return "\n".join(lines + _warnings(diff))


def _full_mineral(m: MineralDiff) -> list[str]:
    if m.status in ("added", "removed"):
        tier = m.tier_after if m.status == "added" else m.tier_before
        return [f"{m.mineral}: only in {'the second' if m.status == 'added' else 'the first'} run (tier {tier})"]
    if m.tier_changed:
        head = f"{m.mineral}: tier {m.tier_before} → {m.tier_after}"
    else:
        head = f"{m.mineral}: tier " + say("whatif.unchanged", "en", tier=m.tier_after)
    lines = [f"{head}; score {m.score_before:.1f} → {m.score_after:.1f} ({m.score_delta or 0.0:+.1f})"]
    lines += [line for f in m.tier_stopped for line in _firing_lines("-", f, "tier rule stopped")]
    lines += [line for f in m.tier_started for line in _firing_lines("+", f, "tier rule started")]
    if m.tier_changed and m.deciding:
        lines.append(f"  {m.tier_after} is now concluded by: {', '.join(m.deciding)}")
    for title, outcomes, sign in (("lever removed", m.levers_removed, "-"), ("lever added", m.levers_added, "+"),
                                  ("signal removed", m.signals_removed, "-"), ("signal added", m.signals_added, "+")):
        for outcome in outcomes:
            partners = f" (partners: {plain(outcome.partners)})" if outcome.partners else ""
            lines.append(f"  {sign} {title}: {outcome.name}{partners}")
            lines += _outcome_lines(outcome)
    for outcome in m.levers_changed:
        lines.append(f"  ~ lever changed: {outcome.name} ({_lever_change(outcome)})")
        lines += _outcome_lines(outcome)
    if m.points:
        lines.append("  score points: " + "; ".join(f"{p.name} {plain(p.before)} → {plain(p.after)}" for p in m.points))
    if m.indicators:
        lines.append("  indicators: " + "; ".join(f"{d.name} {plain(d.before)} → {plain(d.after)}"
                                                   for d in m.indicators))
    return lines


def _lever_change(outcome: Outcome) -> str:
    """What changed about a lever kept: its partners, the rules concluding it, or both."""
    parts = []
    if outcome.partners != outcome.partners_before:
        parts.append(f"partners {plain(outcome.partners_before)} → {plain(outcome.partners)}")
    if outcome.rules:
        parts.append(f"concluding rules: {rule_list(outcome.started, outcome.stopped)}")
    return "; ".join(parts) or "concluding rules changed"


def _firing_lines(sign: str, firing: Firing, title: str) -> list[str]:
    lines = [f"  {sign} {title} {firing.rule} ({firing.conclusion}): {firing.because}"]
    return lines + [f"      now fails: {text}" for text in firing.now_failing]


def _outcome_lines(outcome: Outcome) -> list[str]:
    lines = [f"      by rule {firing.rule}: {firing.because}" for firing in outcome.started]
    for firing in outcome.stopped:
        lines.append(f"      rule {firing.rule} stopped: {firing.because}")
        lines += [f"        now fails: {text}" for text in firing.now_failing]
    return lines


# ---------------------------------------------------------------- summary

def _summary(diff: Diff) -> str:
    lines = []
    for m in diff.changed:
        parts = []
        if m.tier_changed:
            rules = rule_list(m.tier_started, m.tier_stopped)
            parts.append(f"tier {m.tier_before} → {m.tier_after}" + (f" ({rules})" if rules else ""))
        if m.score_delta:
            parts.append(f"score {m.score_delta:+.1f}")
        for key, outcomes in _levers_moved(m):
            parts.append(say(key, "en", names=", ".join(o.name for o in outcomes)))
        if not parts:
            parts.append(_quiet_change(m))
        lines.append(f"  {m.mineral}: " + "; ".join(parts))
    return "\n".join(lines) if lines else f"  {NOTHING_CHANGED}"


def _quiet_change(m: MineralDiff) -> str:
    """A mineral whose tier, score and levers held: what moved underneath them."""
    parts = [f"tier {m.tier_after} now concluded by other rules ({rule_list(m.tier_started, m.tier_stopped)})"
             if m.tier_started or m.tier_stopped else ""]
    parts += [f"lever {o.name}: {_lever_change(o)}" for o in m.levers_changed]
    moved = [o.name for o in m.signals_added + m.signals_removed] + [d.name for d in m.indicators]
    parts.append(f"{', '.join(moved)} moved" if moved else "")
    parts.append("score points: " + ", ".join(p.name for p in m.points) if m.points else "")
    return "; ".join(p for p in parts if p) or "only the rules' reasons changed"


# ---------------------------------------------------------------- answer

def _answer(diff: Diff, lang: str, notes: Sequence[OverrideNote], facts: FactBase | None) -> str:
    names = {m.id: m.name_zh for m in facts.minerals.values()} if facts is not None else None
    assumed = [override_note(n, lang, _mineral_zh(n, facts), names) for n in notes] if notes else list(diff.overrides)
    lines = [say("whatif.assuming", lang, assumptions="; ".join(assumed))]
    moved = [m for m in diff.changed if m.tier_changed]
    if moved:
        lines.append(say("whatif.tier_changes", lang, count=len(moved)))
        lines += [line for m in moved for line in _answer_mineral(m, facts, lang)]
    else:
        lines.append(say("whatif.no_tier_changes", lang))
    others = [m for m in diff.changed if not m.tier_changed]
    if others:
        lines.append(say("whatif.same_tier", lang))
        lines += [line for m in others for line in _answer_mineral(m, facts, lang)]
    if not diff.changed:
        lines.append(say("whatif.nothing", lang))
    return "\n".join(lines + _warnings(diff))


def _mineral_zh(note: OverrideNote, facts: FactBase | None) -> str | None:
    mineral = facts.minerals.get(note.fact.mineral or "") if facts is not None and note.fact is not None else None
    return mineral.name_zh if mineral else None


def _answer_mineral(m: MineralDiff, facts: FactBase | None, lang: str) -> list[str]:
    mineral = facts.minerals.get(m.mineral) if facts is not None else None
    name = localized(mineral.name, mineral.name_zh, lang) if mineral else m.mineral
    if m.tier_changed:
        tiers = (f"{tier_label(m.tier_before or 'unrated', lang)} → {tier_label(m.tier_after or 'unrated', lang)}"
                 f" ({m.tier_before} → {m.tier_after})")
    else:
        tiers = say("whatif.unchanged", lang, tier=tier_label(m.tier_after or "unrated", lang))
    score = f"{m.score_before:.1f} → {m.score_after:.1f}" if m.score_before is not None else ""
    lines = ["  " + say("whatif.mineral", lang, name=name, tiers=tiers, score=score)]
    for key, outcomes in _levers_moved(m):
        names = say("separator.list", lang).join(lever_label(o.name, lang) for o in outcomes)
        lines.append("      " + say(key, lang, names=names))
    for key, firings in (("whatif.tier_rule_stopped", m.tier_stopped), ("whatif.tier_rule_started", m.tier_started)):
        for firing in firings:
            fails = f" — {'; '.join(firing.now_failing)}" if firing.now_failing and lang == "en" else ""
            lines.append("      " + say(key, lang, rule=firing.rule, tier=tier_label(str(firing.conclusion), lang),
                                        fails=fails))
    if m.indicators:
        lines.append("      " + say("separator.clause", lang).join(
            f"{indicator_label(d.name, lang)} {in_unit(d.before, indicator_unit(d.name), lang)} → "
            f"{in_unit(d.after, indicator_unit(d.name), lang)}" for d in m.indicators))
    return lines
