"""What-if answers in English or Chinese, from an critmin.assumptions.diff Diff.

The diff (tiers, scores, levers, rules started and stopped, indicators) is computed by
:mod:`critmin.assumptions.diff`; this module only words it, after the assumptions with the values
they replace and those values' sources.
"""

from __future__ import annotations

from typing import Any

from critmin.facts.model import FactBase
from critmin.facts.provenance import OverrideNote
from critmin.render.facts import override_note
from critmin.words.labels import indicator_label, indicator_unit, lever_label, localized, tier_label
from critmin.words.numbers import in_unit
from critmin.words.phrases import say


def render_whatif(diff: Any, notes: list[OverrideNote], facts: FactBase, lang: str = "en") -> str:
    assumed = [override_note(n, lang) for n in notes] if notes else list(diff.overrides)
    lines = [say("whatif.assuming", lang, assumptions="; ".join(assumed))]
    moved = [m for m in diff.changed if m.tier_changed]
    if moved:
        lines.append(say("whatif.tier_changes", lang, count=len(moved)))
        lines += [line for m in moved for line in _mineral(m, facts, lang)]
    else:
        lines.append(say("whatif.no_tier_changes", lang))
    others = [m for m in diff.changed if not m.tier_changed]
    if others:
        lines.append(say("whatif.same_tier", lang))
        lines += [line for m in others for line in _mineral(m, facts, lang)]
    if not diff.changed:
        lines.append(say("whatif.nothing", lang))
    lines += [f"warning: {w}" for w in diff.warnings]
    return "\n".join(lines)


def _mineral(m: Any, facts: FactBase, lang: str) -> list[str]:
    mineral = facts.minerals.get(m.mineral)
    name = localized(mineral.name, mineral.name_zh, lang) if mineral else m.mineral
    if m.tier_changed:
        tiers = (f"{tier_label(m.tier_before or 'unrated', lang)} → {tier_label(m.tier_after or 'unrated', lang)}"
                 f" ({m.tier_before} → {m.tier_after})")
    else:
        tiers = say("whatif.unchanged", lang, tier=tier_label(m.tier_after or "unrated", lang))
    score = f"{m.score_before:.1f} → {m.score_after:.1f}" if m.score_before is not None else ""
    lines = ["  " + say("whatif.mineral", lang, name=name, tiers=tiers, score=score)]
    for key, outcomes in (("whatif.levers_added", m.levers_added), ("whatif.levers_removed", m.levers_removed)):
        if outcomes:
            names = say("separator.list", lang).join(lever_label(o.name, lang) for o in outcomes)
            lines.append("      " + say(key, lang, names=names))
    for key, firings in (("whatif.tier_rule_stopped", m.tier_stopped), ("whatif.tier_rule_started", m.tier_started)):
        for firing in firings:
            fails = f" — {'; '.join(firing.now_failing)}" if firing.now_failing else ""
            lines.append("      " + say(key, lang, rule=firing.rule, tier=tier_label(str(firing.conclusion), lang),
                                        fails=fails))
    if m.indicators:
        lines.append("      " + say("separator.clause", lang).join(
            f"{indicator_label(d.name, lang)} {in_unit(d.before, indicator_unit(d.name), lang)} → "
            f"{in_unit(d.after, indicator_unit(d.name), lang)}" for d in m.indicators))
    return lines
