"""What-ifs and diffs: what changed between two scoring runs, and which rules made it change.

``diff(a, b)`` compares two Results (two rule sets, two fact sets, or a baseline and a
what-if) mineral by mineral: tier, score, levers, signals and indicators. Every change
names the rules responsible, read from the two traces: the rules that started firing (with
what they said) and the rules that stopped (with the tests that fail now). ``whatif``
scores a baseline and the same inputs with overrides applied, and diffs them. The inputs
that differ (facts, countries, parameters, rule definitions) are listed too, so a change
can be followed from the assumption to the conclusion.

JSON schema of ``Diff.to_dict()``::

    {"a": "baseline", "b": "what-if", "overrides": ["nickel.us.supply_2035_t=700000"],
     "inputs": [{"scope": "fact", "key": ..., "before": ..., "after": ..., "how": ...}],
     "minerals": [{"mineral": ..., "status": "changed", "tier": {"before", "after", "started",
                   "stopped", "deciding"}, "score": {"before", "after", "delta", "points"},
                   "levers_added": [...], "levers_removed": [...], "levers_changed": [...],
                   "signals_added": [...], "signals_removed": [...], "indicators": [...]}],
     "unchanged": ["cobalt", ...]}

A firing is ``{"rule", "conclusion", "because", "source", "now_failing": [...]}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from critmin.assumptions.change_rows import ROW_COLUMNS, change_rows
from critmin.assumptions.input_changes import Delta, differs, input_changes, rule_changes
from critmin.assumptions.overrides import Override, Overrides, apply_overrides, parse_overrides, split_directories
from critmin.errors import UnknownMineralError, suggest
from critmin.facts.loading import load_facts
from critmin.facts.model import FactBase
from critmin.inference.results import Assessment, Results
from critmin.inference.traced import score
from critmin.language.conditions import closest, env_for
from critmin.ruleset.loading import load_rules
from critmin.ruleset.model import Rule, RuleBase

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Firing:
    """A rule that started or stopped firing for a mineral."""

    rule: str
    conclusion: Any
    because: str
    source: str
    now_failing: tuple[str, ...] = ()  # for a rule that stopped: what fails now

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "conclusion": self.conclusion, "because": self.because,
                "source": self.source, "now_failing": list(self.now_failing)}


@dataclass(frozen=True)
class Outcome:
    """A lever or signal that appeared, disappeared or changed, with the rules behind it."""

    name: str
    started: tuple[Firing, ...] = ()
    stopped: tuple[Firing, ...] = ()
    partners: tuple[str, ...] = ()
    partners_before: tuple[str, ...] = ()

    @property
    def rules(self) -> tuple[Firing, ...]:
        return self.started + self.stopped

    def to_dict(self) -> dict[str, Any]:
        out = {"name": self.name, "started": [r.to_dict() for r in self.started],
               "stopped": [r.to_dict() for r in self.stopped]}
        if self.partners or self.partners_before:
            out.update(partners=list(self.partners), partners_before=list(self.partners_before))
        return out


@dataclass(frozen=True)
class MineralDiff:
    mineral: str
    name: str
    status: str  # changed | unchanged | added | removed
    tier_before: str | None
    tier_after: str | None
    score_before: float | None
    score_after: float | None
    tier_started: tuple[Firing, ...] = ()
    tier_stopped: tuple[Firing, ...] = ()
    deciding: tuple[str, ...] = ()
    points: tuple[Delta, ...] = ()
    levers_added: tuple[Outcome, ...] = ()
    levers_removed: tuple[Outcome, ...] = ()
    levers_changed: tuple[Outcome, ...] = ()
    signals_added: tuple[Outcome, ...] = ()
    signals_removed: tuple[Outcome, ...] = ()
    indicators: tuple[Delta, ...] = ()

    @property
    def tier_changed(self) -> bool:
        return self.tier_before != self.tier_after

    @property
    def score_delta(self) -> float | None:
        if self.score_before is None or self.score_after is None:
            return None
        return round(self.score_after - self.score_before, 1)

    def to_dict(self) -> dict[str, Any]:
        def items(values):
            return [v.to_dict() for v in values]
        return {
            "mineral": self.mineral, "name": self.name, "status": self.status,
            "tier": {"before": self.tier_before, "after": self.tier_after,
                     "changed": self.tier_changed, "started": items(self.tier_started),
                     "stopped": items(self.tier_stopped), "deciding": list(self.deciding)},
            "score": {"before": self.score_before, "after": self.score_after,
                      "delta": self.score_delta, "points": items(self.points)},
            "levers_added": items(self.levers_added), "levers_removed": items(self.levers_removed),
            "levers_changed": items(self.levers_changed),
            "signals_added": items(self.signals_added), "signals_removed": items(self.signals_removed),
            "indicators": items(self.indicators)}


@dataclass(frozen=True)
class Diff:
    """Everything that differs between two scoring runs (``a`` before, ``b`` after)."""

    a: str
    b: str
    minerals: tuple[MineralDiff, ...]
    inputs: tuple[Delta, ...] = ()
    overrides: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> list[MineralDiff]:
        return [m for m in self.minerals if m.status != "unchanged"]

    @property
    def unchanged(self) -> list[str]:
        return [m.mineral for m in self.minerals if m.status == "unchanged"]

    @property
    def tier_changes(self) -> dict[str, tuple[str | None, str | None]]:
        return {m.mineral: (m.tier_before, m.tier_after) for m in self.minerals if m.tier_changed}

    def __getitem__(self, mineral: str) -> MineralDiff:
        for m in self.minerals:
            if m.mineral == mineral:
                return m
        raise UnknownMineralError(f"unknown mineral '{mineral}'"
                                  f"{suggest(mineral, [m.mineral for m in self.minerals])}")

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "overrides": list(self.overrides),
                "inputs": [dict(d.to_dict(), scope=_scope(d.name)) for d in self.inputs],
                "minerals": [m.to_dict() for m in self.changed], "unchanged": self.unchanged,
                "warnings": list(self.warnings)}

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per change: mineral, change, item, before, after, rules."""
        return change_rows(self)

    def to_frame(self) -> pd.DataFrame:
        """The flat rows as a pandas DataFrame (one row per change)."""
        import pandas as pd  # reason: pandas is heavy; only frames need it

        return pd.DataFrame(self.rows(), columns=list(ROW_COLUMNS))

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _scope(name: str) -> str:
    head = name.split(".", 1)[0]
    return {"params": "parameter", "countries": "country", "rule": "rule",
            "mineral": "mineral"}.get(head, "fact")


# ---------------------------------------------------------------- computing a diff

def whatif(facts: FactBase, rules: RuleBase, overrides: Overrides, minerals: list[str] | None = None,
           baseline: Results | None = None) -> Diff:
    """Score ``facts``/``rules`` with and without ``overrides`` and diff the two.

    ``overrides`` is a mapping or a list of ``KEY=VALUE`` texts or Override objects, as
    :func:`critmin.load` takes them; ``facts=DIR`` / ``rules=DIR`` swap in a whole directory
    on the what-if side. ``baseline`` may pass an already scored run of ``facts``/``rules``.
    """
    parsed = parse_overrides(overrides)
    directories, rest = split_directories(parsed)
    facts_b = load_facts(directories["facts"]) if "facts" in directories else facts
    rules_b = load_rules(directories["rules"]) if "rules" in directories else rules
    if rest:
        facts_b, rules_b = apply_overrides(facts_b, rules_b, rest)
    before = baseline if baseline is not None else score(facts, rules, minerals)
    after = score(facts_b, rules_b, minerals)
    return diff(before, after, ("baseline", "what-if"), describe_overrides(parsed))


def describe_overrides(overrides: Iterable[str | Override]) -> list[str]:
    """``KEY=VALUE`` texts, with a scenario's overrides shown once as ``scenario NAME``."""
    shown: list[str] = []
    for item in overrides:
        origin = item.origin if isinstance(item, Override) else ""
        text = origin if origin.startswith("scenario ") else str(item)
        if text not in shown:
            shown.append(text)
    return shown


def diff(a: Results, b: Results, labels: tuple[str, str] = ("a", "b"),
         overrides: list[str] | tuple[str, ...] = ()) -> Diff:
    """Compare two scoring runs mineral by mineral, naming the rules behind each change."""
    before, after = dict(a), dict(b)
    order = list(before) + [m for m in after if m not in before]
    minerals = tuple(_mineral_diff(before.get(m), after.get(m), b) for m in order)
    inputs = tuple(d for d in input_changes(a.facts, b.facts) + rule_changes(a.rules, b.rules)
                   if _concerns(d.name, set(order), a.facts, b.facts))
    warnings = tuple(w for w in b.warnings if w not in a.warnings)
    return Diff(labels[0], labels[1], minerals, inputs, tuple(overrides), warnings)


def _concerns(name: str, compared: set[str], *facts: FactBase) -> bool:
    """False for a fact input of a mineral that is not among the compared ones."""
    head = name.split(".", 1)[0]
    if head == "mineral":
        return name.split(".", 1)[1] in compared
    known = any(head in f.minerals for f in facts)
    return not known or head in compared


def _mineral_diff(x: Assessment | None, y: Assessment | None, b: Results) -> MineralDiff:
    if x is None or y is None:
        one = y or x
        assert one is not None, "a mineral missing from both runs is not diffed"
        return MineralDiff(one.mineral, one.name, "added" if x is None else "removed",
                           x.tier if x else None, y.tier if y else None,
                           x.score if x else None, y.score if y else None)
    context = _Context(x, y, b)
    started, stopped = context.firings("tier")
    levers_added, levers_removed, levers_changed = context.levers()
    signals_added, signals_removed = context.signals()
    result = MineralDiff(
        y.mineral, y.name, "changed", x.tier, y.tier, x.score, y.score,
        tier_started=started, tier_stopped=stopped,
        deciding=tuple(t.rule for t in y.firings("tier") if t.conclusion == y.tier),
        points=context.points(), levers_added=levers_added, levers_removed=levers_removed,
        levers_changed=levers_changed, signals_added=signals_added,
        signals_removed=signals_removed, indicators=context.indicators())
    if not _has_changes(result):
        return MineralDiff(y.mineral, y.name, "unchanged", x.tier, y.tier, x.score, y.score,
                           deciding=result.deciding)
    return result


def _has_changes(m: MineralDiff) -> bool:
    return bool(m.tier_changed or m.score_delta or m.tier_started or m.tier_stopped or m.points
                or m.levers_added or m.levers_removed or m.levers_changed or m.signals_added
                or m.signals_removed or m.indicators)


class _Context:
    """One mineral in both runs: compares firings of each kind."""

    def __init__(self, x: Assessment, y: Assessment, b: Results):
        self.x, self.y = x, y
        self.rules_b = {r.id: r for r in b.rules.rules}
        self.env_b = env_for(y, b.rules.param_values)

    def firings(self, kind: str, conclusion: Any = None) -> tuple[tuple[Firing, ...], tuple[Firing, ...]]:
        """(started, stopped) firings of ``kind`` (optionally only those concluding ``conclusion``)."""
        def records(assessment: Assessment):
            return {(t.rule, t.conclusion): t for t in assessment.firings(kind)
                    if conclusion is None or t.conclusion == conclusion}
        old, new = records(self.x), records(self.y)
        started = tuple(_firing(new[k]) for k in new if k not in old)
        stopped = tuple(_firing(old[k], self._failing(old[k].rule, old[k].conclusion))
                        for k in old if k not in new)
        return started, stopped

    def _failing(self, rule_id: str, conclusion: Any) -> tuple[str, ...]:
        rule: Rule | None = self.rules_b.get(rule_id)
        if rule is None:
            return ("the rule is not in this rule set",)
        if rule.kind != "points" and rule.conclusion != conclusion:
            return (f"the rule now concludes {rule.conclusion}",)
        failing = closest(rule.when, self.env_b).failing
        return tuple(f"{t.text}: {t.gap}" for t in failing)

    def points(self) -> tuple[Delta, ...]:
        old = {t.rule: t.conclusion for t in self.x.firings("points")}
        new = {t.rule: t.conclusion for t in self.y.firings("points")}
        out = []
        for rule in list(old) + [r for r in new if r not in old]:
            before, after = old.get(rule, 0), new.get(rule, 0)
            if differs(before, after):
                out.append(Delta(rule, before, after))
        return tuple(out)

    def levers(self):
        old = {lever.id: lever for lever in self.x.levers}
        new = {lever.id: lever for lever in self.y.levers}
        added = tuple(Outcome(i, *self.firings("lever", i), partners=new[i].partners)
                      for i in new if i not in old)
        removed = tuple(Outcome(i, *self.firings("lever", i), partners_before=old[i].partners)
                        for i in old if i not in new)
        changed = tuple(Outcome(i, *self.firings("lever", i), new[i].partners, old[i].partners)
                        for i in new if i in old and (old[i].partners != new[i].partners
                                                      or old[i].rules != new[i].rules))
        return added, removed, changed

    def signals(self):
        old, new = set(self.x.signals), set(self.y.signals)
        added = tuple(Outcome(s, *self.firings("signal", s)) for s in sorted(new - old))
        removed = tuple(Outcome(s, *self.firings("signal", s)) for s in sorted(old - new))
        return added, removed

    def indicators(self) -> tuple[Delta, ...]:
        out = []
        for name, indicator in self.y.indicators.items():
            before = self.x.indicators[name].value if name in self.x.indicators else None
            if differs(before, indicator.value):
                out.append(Delta(name, before, indicator.value))
        return tuple(out)


def _firing(record, failing: tuple[str, ...] = ()) -> Firing:
    return Firing(record.rule, record.conclusion, record.because, record.source, failing)
