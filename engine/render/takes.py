"""What-would-it-take answers in words (English or Chinese)."""

from __future__ import annotations

from typing import Any

from critmin.words.labels import fact_label, fmt, lever_label, tier_label


def _unit(change: Any) -> str:
    if change.kind == "country":
        return "alignment" if change.key.endswith(".alignment") else "risk"
    return {"t": "t", "share": "share", "multiple": "multiple"}.get(change.unit or "", "number")


def _label(change: Any, lang: str) -> str:
    if change.kind == "param":
        return change.key
    if change.fact is not None:
        return f"{change.fact.label(lang)} ({change.fact.key})"
    return fact_label(change.key.split(".", 1)[1], lang)


def _source(change: Any, lang: str) -> str:
    if change.fact is not None:
        return change.fact.cite(lang)
    return f"[rules/parameters.yaml: {change.param_source}]"


def render_takes(takes: Any, lang: str = "en") -> str:
    zh = lang == "zh"
    want, have = tier_label(takes.target, lang), tier_label(takes.current, lang)
    lines = [takes.head.render(lang)]
    name = takes.head.called(lang)
    if takes.current == takes.target:
        lines.append(f"{name}已经是{want}。" if zh else f"{name} is already {want}.")
        return "\n".join(lines)
    if not takes.changes:
        lines.append(f"没有任何单项改变能让{name}从{have}变为{want}"
                     f"（检查了 {len(takes.examined)} 项输入，{takes.evaluations} 次重新评分）。" if zh else
                     f"No single change moves {name} from {have} to {want} "
                     f"({len(takes.examined)} inputs searched, {takes.evaluations} re-scorings); "
                     "it would take several changes together.")
        return "\n".join(lines)
    lines.append(f"让{name}从{have}变为{want}的最小单项改变（均已重新评分验证）：" if zh else
                 f"Smallest single changes that move {name} from {have} to {want} "
                 "(each verified by re-scoring):")
    for change in takes.changes:
        unit = _unit(change)
        now, need = fmt(change.current, unit, lang), fmt(change.needed, unit, lang)
        line = f"  • {_label(change, lang)}: {now} → {need}"
        if change.just_short is not None:
            short = fmt(change.just_short, unit, lang)
            line += f"（{short} 不够）" if zh else f" ({short} is not enough)"
        line += f" {_source(change, lang)}"
        if change.in_range is False and change.range:
            lo, hi = (fmt(v, unit, lang) for v in change.range)
            line += f"；超出文档范围 [{lo}, {hi}]" if zh else f"; outside its documented range [{lo}, {hi}]"
        lines.append(line)
        levers = ", ".join(lever_label(lv, lang) for lv in change.levers_after) or ("无" if zh else "none")
        lines.append(f"      → 优先级{tier_label(change.tier_after, lang)}，得分 {change.score_after:.1f}，"
                     f"政策工具：{levers}" if zh else
                     f"      → tier {tier_label(change.tier_after, lang)}, score {change.score_after:.1f}, "
                     f"levers: {levers}")
    return "\n".join(lines)
