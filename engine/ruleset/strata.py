"""Strata: the order in which rules run, so a rule only reads signals concluded before it."""

from __future__ import annotations

from dataclasses import replace

from critmin.errors import Problem, RuleError
from critmin.language.syntax import references
from critmin.ruleset.model import Rule


def stratify(rules: list[Rule]) -> list[Rule]:
    """Assign strata: signal rules after the signals they read; then tiers; then outcomes.

    Raises RuleError on a cycle of signals. Output order is stable (stratum, file, line).
    """
    by_signal: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.kind == "signal":
            by_signal.setdefault(rule.conclusion, []).append(rule)
    level: dict[str, int] = {}

    def signal_level(name: str, path: tuple[str, ...]) -> int:
        if name in level:
            return level[name]
        if name in path:
            cycle = " → ".join(path[path.index(name):] + (name,))
            first = by_signal[name][0]
            raise RuleError(Problem(f"signals depend on each other in a cycle: {cycle}",
                                    file=first.file, line=first.line, key=first.id))
        deepest = 0
        for rule in by_signal.get(name, []):
            deepest = max(deepest, rule_level(rule, path + (name,)))
        level[name] = deepest
        return deepest

    def rule_level(rule: Rule, path: tuple[str, ...]) -> int:
        reads = {ref.name for ref in references(rule.when) if ref.kind == "signal"}
        return 1 + max((signal_level(s, path) for s in reads), default=0)

    strata = {}
    for rule in rules:
        if rule.kind == "signal":
            strata[rule.id] = rule_level(rule, (rule.conclusion,))
    top = max(strata.values(), default=0)
    out = []
    for rule in rules:
        stratum = strata.get(rule.id, top + (1 if rule.layer == "tiers" else 2))
        out.append(replace(rule, stratum=stratum))
    return sorted(out, key=lambda r: (r.stratum, r.file, r.line or 0))
