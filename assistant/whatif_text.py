"""What-if answers in English or Chinese, from an critmin.assumptions.diff Diff.

The diff (tiers, scores, levers, rules started and stopped, indicators) is computed by
:mod:`critmin.assumptions.diff`; this module only words it, after the assumptions with the values
they replace and those values' sources.
"""

from __future__ import annotations

from typing import Any

from critmin.facts.model import FactBase
from critmin.facts.provenance import OverrideNote
from critmin.words.labels import fmt, indicator_label, indicator_unit, lever_label, tier_label


def render_whatif(diff: Any, notes: list[OverrideNote], facts: FactBase, lang: str = "en") -> str:
    zh = lang == "zh"
    lines = [("假设：" if zh else "Assuming: ") + "; ".join(n.render(lang) for n in notes) if notes else
             ("假设：" if zh else "Assuming: ") + "; ".join(diff.overrides)]
    moved = [m for m in diff.changed if m.tier_changed]
    if moved:
        lines.append(f"{len(moved)} 种矿产的优先级改变：" if zh else f"Tier changes ({len(moved)}):")
        lines += [line for m in moved for line in _mineral(m, facts, lang)]
    else:
        lines.append("没有矿产的优先级改变。" if zh else "No tier changes.")
    others = [m for m in diff.changed if not m.tier_changed]
    if others:
        lines.append("优先级不变，但以下有变化：" if zh else "Same tier, but these change:")
        lines += [line for m in others for line in _mineral(m, facts, lang)]
    if not diff.changed:
        lines.append("所有矿产的优先级、得分、工具和指标都不变。" if zh else
                     "Nothing changes for any mineral: tiers, scores, levers and indicators stay the same.")
    lines += [f"warning: {w}" for w in diff.warnings]
    return "\n".join(lines)


def _mineral(m: Any, facts: FactBase, lang: str) -> list[str]:
    zh = lang == "zh"
    mineral = facts.minerals.get(m.mineral)
    name = (mineral.name_zh if zh else mineral.name) if mineral else m.mineral
    if m.tier_changed:
        tiers = (f"{tier_label(m.tier_before or 'unrated', lang)} → {tier_label(m.tier_after or 'unrated', lang)}"
                 f" ({m.tier_before} → {m.tier_after})")
    else:
        tiers = tier_label(m.tier_after or "unrated", lang) + ("（不变）" if zh else " (unchanged)")
    score = f"{m.score_before:.1f} → {m.score_after:.1f}" if m.score_before is not None else ""
    lines = [f"  {name}：优先级 {tiers}，得分 {score}" if zh else f"  {name}: tier {tiers}, score {score}"]
    sep = "、" if zh else ", "
    for title_en, title_zh, outcomes in (("levers added", "新增工具", m.levers_added),
                                         ("levers removed", "移除工具", m.levers_removed)):
        if outcomes:
            names = sep.join(lever_label(o.name, lang) for o in outcomes)
            lines.append(f"      {title_zh if zh else title_en}: {names}")
    for title_en, title_zh, firings in (("tier rules that stopped", "不再触发的优先级规则", m.tier_stopped),
                                        ("tier rules that started", "新触发的优先级规则", m.tier_started)):
        for firing in firings:
            fails = f" — {'; '.join(firing.now_failing)}" if firing.now_failing else ""
            lines.append(f"      {title_zh if zh else title_en}: {firing.rule} → "
                         f"{tier_label(str(firing.conclusion), lang)}{fails}")
    if m.indicators:
        lines.append("      " + ("；" if zh else "; ").join(
            f"{indicator_label(d.name, lang)} {fmt(d.before, indicator_unit(d.name), lang)} → "
            f"{fmt(d.after, indicator_unit(d.name), lang)}" for d in m.indicators))
    return lines
