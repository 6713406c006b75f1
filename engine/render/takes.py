"""What-would-it-take answers in words (English or Chinese)."""

from __future__ import annotations

from critmin.explain.what_it_takes import NeededChange, Takes
from critmin.render.facts import cite, fact_name, param_cite
from critmin.render.headline import called, headline
from critmin.words.labels import fact_label, lever_label, tier_label
from critmin.words.numbers import in_unit
from critmin.words.phrases import say

BRIEF_CHANGES = 3  # the short answer lists this many changes; "more" lists them all


def _unit(change: NeededChange) -> str:
    if change.kind == "country":
        return "alignment" if change.key.endswith(".alignment") else "risk"
    return {"t": "t", "share": "share", "multiple": "multiple"}.get(change.unit or "", "number")


def _label(change: NeededChange, lang: str) -> str:
    if change.kind == "param":
        return change.key
    if change.fact is not None:
        return f"{fact_name(change.fact, lang)} ({change.fact.key})"
    return fact_label(change.key.split(".", 1)[1], lang)


def _source(change: NeededChange, lang: str) -> str:
    if change.fact is not None:
        return cite(change.fact, lang)
    return param_cite(change.param_source, lang)


def takes_text(takes: Takes, lang: str = "en", form: str = "full") -> str:
    """The changes found (``form="brief"``: without the headline line, the answer first)."""
    want, have = tier_label(takes.target, lang), tier_label(takes.current, lang)
    lines = [headline(takes.head, lang)] if form == "full" else []
    name = called(takes.head, lang)
    if takes.current == takes.target:
        lines.append(say("already", lang, name=name, tier=want))
        return "\n".join(lines)
    if not takes.changes:
        lines.append(say("takes.none", lang, name=name, have=have, want=want, inputs=len(takes.examined),
                         evaluations=takes.evaluations))
        return "\n".join(lines)
    lines.append(say("takes.head", lang, name=name, have=have, want=want))
    changes = list(takes.changes)
    if form == "brief":  # the changes within their documented ranges first, and only the first few
        changes.sort(key=lambda c: (c.in_range is not True, c.relative))
        rest, changes = changes[BRIEF_CHANGES:], changes[:BRIEF_CHANGES]
    for change in changes:
        lines += _change_lines(change, lang)
    if form == "brief" and rest:
        lines.append(say("takes.more", lang, count=len(rest)))
    return "\n".join(lines)


def _change_lines(change: NeededChange, lang: str) -> list[str]:
    unit = _unit(change)
    now, need = in_unit(change.current, unit, lang), in_unit(change.needed, unit, lang)
    line = f"  • {_label(change, lang)}: {now} → {need}"
    if change.just_short is not None:
        line += say("takes.not_enough", lang, value=in_unit(change.just_short, unit, lang))
    line += f" {_source(change, lang)}"
    if change.in_range is False and change.range:
        low, high = (in_unit(v, unit, lang) for v in change.range)
        line += say("takes.out_of_range", lang, low=low, high=high)
    levers = ", ".join(lever_label(lv, lang) for lv in change.levers_after) or say("value.none", lang)
    after = say("takes.after", lang, tier=tier_label(change.tier_after, lang), score=change.score_after,
                levers=levers)
    return [line, f"      {after}"]
