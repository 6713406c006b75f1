"""compare(a, b): two minerals side by side — tiers, deciding rules, signals, indicators, facts.

The indicators compared are those the signal and tier rules read; the facts listed are the
ones behind each mineral's deciding rule, with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from critmin.concepts import TIER_RANK
from critmin.explain.headline import Head
from critmin.explain.why import why
from critmin.facts.provenance import SourcedFact, render_sources, sources_for
from critmin.inference.results import Results
from critmin.language.syntax import references
from critmin.render.tables import text_table
from critmin.words.labels import fmt, indicator_label, indicator_unit, lever_label, tier_label


@dataclass(frozen=True)
class Side:
    head: Head
    rules: tuple[str, ...]
    because: tuple[str, ...]
    signals: tuple[str, ...]
    levers: tuple[str, ...]
    facts: tuple[SourcedFact, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.head.to_dict(), "rules": list(self.rules),
                "because": list(self.because), "signals": list(self.signals),
                "levers": list(self.levers), "facts": [f.to_dict() for f in self.facts]}


@dataclass(frozen=True)
class Comparison:
    a: Side
    b: Side
    indicators: tuple[tuple[str, Any, Any], ...]
    sources: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(),
                "indicators": [{"name": n, self.a.head.mineral: va, self.b.head.mineral: vb}
                               for n, va, vb in self.indicators],
                "sources": self.sources}

    def render(self, lang: str = "en") -> str:
        zh = lang == "zh"
        a, b = self.a.head, self.b.head
        lines = [a.render(lang), b.render(lang)]
        if a.tier == b.tier:
            lines.append(f"两者优先级相同（{tier_label(a.tier, lang)}）；得分 {a.score:.1f} 对 {b.score:.1f}。" if zh
                         else f"Both are {tier_label(a.tier, lang)}; scores {a.score:.1f} vs {b.score:.1f}.")
        else:
            hi, lo = (a, b) if TIER_RANK[a.tier] > TIER_RANK[b.tier] else (b, a)
            lines.append(f"{hi.name_zh}（{tier_label(hi.tier, lang)}）高于{lo.name_zh}（{tier_label(lo.tier, lang)}）。"
                         if zh else f"{hi.name} ({tier_label(hi.tier, lang)}) ranks above {lo.name} "
                                    f"({tier_label(lo.tier, lang)}).")
        for side in (self.a, self.b):
            name = side.head.called(lang)
            rules = ", ".join(side.rules) or "-"
            lines.append(f"  {name}：决定规则 {rules}；信号：{', '.join(side.signals) or '-'}" if zh else
                         f"  {name}: decided by {rules}; signals: {', '.join(side.signals) or '-'}")
            if not zh:
                lines += [f"      {text}" for text in side.because]
            levers = ", ".join(lever_label(lv, lang) for lv in side.levers) or "-"
            lines.append(f"      政策工具：{levers}" if zh else f"      levers: {levers}")
        header = ("指标", a.name_zh, b.name_zh) if zh else ("indicator", a.name, b.name)
        body = [(f"{indicator_label(n, lang)} ({n})", fmt(va, indicator_unit(n), lang),
                 fmt(vb, indicator_unit(n), lang)) for n, va, vb in self.indicators]
        lines.append(text_table(header, body))
        for side in (self.a, self.b):
            if side.facts:
                name = side.head.called(lang)
                lines.append(f"{name}的依据：" if zh else f"Facts behind {name}'s tier:")
                lines += ["  " + f.line(lang) for f in side.facts]
        lines += render_sources(self.sources, lang)
        return "\n".join(lines)


def compare(results: Results, a: str, b: str) -> Comparison:
    """Two minerals side by side."""
    sides = [_side(results, m) for m in (a, b)]
    names: list[str] = []
    for rule in results.rules.rules:
        if rule.kind in ("signal", "tier"):
            names += [r.name for r in references(rule.when) if r.kind == "indicator" and r.name not in names]
    first, second = results[a], results[b]
    rows = tuple((n, first.indicators[n].value, second.indicators[n].value) for n in names
                 if n in first.indicators and n in second.indicators)
    return Comparison(sides[0], sides[1], rows, sources_for(results.facts, [*sides[0].facts, *sides[1].facts]))


def _side(results: Results, mineral_id: str) -> Side:
    derivation = why(results, mineral_id)
    seen, facts = set(), []
    for fact in derivation.facts():
        if fact.key not in seen:
            seen.add(fact.key)
            facts.append(fact)
    a = results[mineral_id]
    return Side(derivation.head, tuple(n.rule for n in derivation.concluded_by),
                tuple(n.because for n in derivation.concluded_by), a.signals, tuple(a.lever_ids), tuple(facts))
