"""What changes between two scoring runs: tiers, scores, levers and the rules that fire.

``what_if(facts, rules, overrides)`` scores the baseline and the changed inputs and returns
the difference, with each overridden value's previous value and its source, so an answer
can say "Indonesia: partner → ally [report: Table 6 …]" and which tiers and levers move.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .assessment import Assessment, Results
from .facts import FactBase, find_mineral
from .inference import score
from .overrides import Override, apply_overrides, parse_overrides
from .provenance import SourcedFact, lookup
from .rules import RuleBase
from .wording import fmt, indicator_label, indicator_unit, lever_label, tier_label


@dataclass(frozen=True)
class OverrideNote:
    """One change the user asked for, and what it replaced."""

    key: str
    value: Any
    previous: Any
    source: str  # where the previous value came from: a fact citation or parameters.yaml
    fact: SourcedFact | None = None
    mineral: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "previous": self.previous, "source": self.source,
                "fact": self.fact.to_dict() if self.fact else None, "mineral": self.mineral}

    def render(self, lang: str = "en") -> str:
        unit = self.fact.display_unit if self.fact else "number"
        before, after = fmt(self.previous, unit, lang), fmt(self.value, unit, lang)
        source = self.fact.cite(lang) if self.fact else self.source
        return f"{self.key}: {before} → {after} {source}"


@dataclass(frozen=True)
class MineralChange:
    mineral: str
    name: str
    name_zh: str
    tier_before: str
    tier_after: str
    score_before: float
    score_after: float
    levers_added: tuple[str, ...]
    levers_removed: tuple[str, ...]
    rules_started: tuple[str, ...]
    rules_stopped: tuple[str, ...]
    indicators: tuple[tuple[str, Any, Any], ...] = ()  # (name, before, after) of changed indicators

    @property
    def tier_changed(self) -> bool:
        return self.tier_before != self.tier_after

    @property
    def outcome_changed(self) -> bool:
        """Tier, levers or score (at the displayed 0.1 resolution) changed."""
        return (self.tier_changed or bool(self.levers_added or self.levers_removed)
                or round(self.score_before, 1) != round(self.score_after, 1))

    def to_dict(self) -> dict[str, Any]:
        return {"mineral": self.mineral, "name": self.name, "name_zh": self.name_zh,
                "tier_before": self.tier_before, "tier_after": self.tier_after,
                "tier_changed": self.tier_changed, "score_before": self.score_before,
                "score_after": self.score_after, "levers_added": list(self.levers_added),
                "levers_removed": list(self.levers_removed), "rules_started": list(self.rules_started),
                "rules_stopped": list(self.rules_stopped),
                "indicators": [{"name": n, "before": b, "after": a} for n, b, a in self.indicators]}

    def render(self, lang: str = "en") -> str:
        zh = lang == "zh"
        name = self.name_zh if zh else self.name
        tiers = f"{tier_label(self.tier_before, lang)} → {tier_label(self.tier_after, lang)}" if self.tier_changed \
            else tier_label(self.tier_after, lang) + ("（不变）" if zh else " (unchanged)")
        text = (f"{name}：优先级 {tiers}，得分 {self.score_before:.1f} → {self.score_after:.1f}" if zh else
                f"{name}: tier {tiers}, score {self.score_before:.1f} → {self.score_after:.1f}")
        sep = "、" if zh else ", "
        if self.levers_added:
            text += ("；新增工具：" if zh else "; levers added: ") + sep.join(
                lever_label(lv, lang) for lv in self.levers_added)
        if self.levers_removed:
            text += ("；移除工具：" if zh else "; levers removed: ") + sep.join(
                lever_label(lv, lang) for lv in self.levers_removed)
        rules = []
        if self.rules_started:
            rules.append(("新触发规则：" if zh else "now fires: ") + ", ".join(self.rules_started))
        if self.rules_stopped:
            rules.append(("不再触发：" if zh else "no longer fires: ") + ", ".join(self.rules_stopped))
        if rules:
            text += "\n      " + ("；" if zh else "; ").join(rules)
        if self.indicators:
            text += "\n      " + ("；" if zh else "; ").join(
                f"{indicator_label(n, lang)} {fmt(b, indicator_unit(n), lang)} → {fmt(a, indicator_unit(n), lang)}"
                for n, b, a in self.indicators)
        return text


@dataclass(frozen=True)
class Diff:
    overrides: tuple[OverrideNote, ...]
    changes: tuple[MineralChange, ...]  # every mineral whose tier, score or levers changed
    unchanged: tuple[str, ...]
    tiers_before: dict[str, str]
    tiers_after: dict[str, str]

    @property
    def tier_changes(self) -> list[MineralChange]:
        return [c for c in self.changes if c.tier_changed]

    def to_dict(self) -> dict[str, Any]:
        return {"overrides": [o.to_dict() for o in self.overrides],
                "changes": [c.to_dict() for c in self.changes], "unchanged": list(self.unchanged),
                "tiers_before": self.tiers_before, "tiers_after": self.tiers_after}

    def render(self, lang: str = "en") -> str:
        zh = lang == "zh"
        lines = [("假设：" if zh else "Assuming: ") + "; ".join(o.render(lang) for o in self.overrides)]
        moved = self.tier_changes
        if moved:
            lines.append(f"{len(moved)} 种矿产的优先级改变：" if zh else f"Tier changes ({len(moved)}):")
            lines += ["  " + c.render(lang) for c in moved]
        else:
            lines.append("没有矿产的优先级改变。" if zh else "No tier changes.")
        others = [c for c in self.changes if not c.tier_changed and c.outcome_changed]
        if others:
            lines.append("优先级不变，但得分或工具改变：" if zh else "Same tier; score or levers change:")
            lines += ["  " + c.render(lang) for c in others]
        quiet = [c for c in self.changes if not c.outcome_changed]
        if quiet:
            lines.append("指标改变，但优先级、得分和工具都不变：" if zh else
                         "Indicators change, but tier, score and levers stay the same:")
            lines += ["  " + c.render(lang) for c in quiet]
        if not self.changes:
            lines.append("所有矿产的优先级、得分、工具和指标都不变。" if zh else
                         "Nothing changes for any mineral: tiers, scores, levers and indicators stay the same.")
        return "\n".join(lines)


def diff_results(before: Results, after: Results, overrides: Iterable[OverrideNote] = ()) -> Diff:
    """Compare two scoring runs mineral by mineral."""
    after_by = {a.mineral: a for a in after}
    changes, unchanged = [], []
    for old in before:
        new = after_by.get(old.mineral)
        if new is None:
            continue
        change = _mineral_change(old, new)
        if change.outcome_changed or change.indicators or change.rules_started or change.rules_stopped:
            changes.append(change)
        else:
            unchanged.append(old.mineral)
    return Diff(tuple(overrides), tuple(changes), tuple(unchanged),
                {a.mineral: a.tier for a in before}, {a.mineral: a.tier for a in after})


def _mineral_change(old: Assessment, new: Assessment) -> MineralChange:
    fired_old = {t.rule for t in old.trace if t.kind in ("tier", "lever", "signal")}
    fired_new = {t.rule for t in new.trace if t.kind in ("tier", "lever", "signal")}
    return MineralChange(
        old.mineral, old.name, old.name_zh, old.tier, new.tier, old.score, new.score,
        tuple(lv for lv in new.lever_ids if lv not in old.lever_ids),
        tuple(lv for lv in old.lever_ids if lv not in new.lever_ids),
        tuple(sorted(fired_new - fired_old)), tuple(sorted(fired_old - fired_new)),
        tuple((n, i.value, new.indicators[n].value) for n, i in old.indicators.items()
              if n in new.indicators and i.value != new.indicators[n].value))


def what_if(facts: FactBase, rules: RuleBase, overrides: Iterable[str | Override],
            baseline: Results | None = None) -> Diff:
    """Score with ``overrides`` applied and compare with the baseline (scored if not given)."""
    parsed = parse_overrides(overrides)
    changed_facts, changed_rules = apply_overrides(facts, rules, parsed)
    before = baseline if baseline is not None else score(facts, rules)
    after = score(changed_facts, changed_rules)
    return diff_results(before, after, [note_for(facts, rules, o) for o in parsed])


def note_for(facts: FactBase, rules: RuleBase, override: Override) -> OverrideNote:
    """The previous value of an overridden key, with where it came from."""
    head, _, rest = override.key.partition(".")
    if head == "params":
        param = rules.params.get(rest)
        previous = param.value if param else None
        return OverrideNote(override.key, override.value, previous,
                            f"[rules/parameters.yaml: {param.source if param else ''}]")
    if head == "countries":
        fact = lookup(facts, None, override.key)
        return OverrideNote(override.key, override.value, fact.value if fact else None,
                            fact.cite() if fact else "", fact)
    mineral = find_mineral(facts, head)
    fact = lookup(facts, mineral.id, rest)
    return OverrideNote(f"{mineral.id}.{rest}", override.value, fact.value if fact else None,
                        fact.cite() if fact else "", fact, mineral.id)
