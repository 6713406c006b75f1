"""The inputs that differ between two fact bases or rule bases: facts, countries,
minerals, parameters and rule definitions — the assumptions behind a diff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from critmin.assumptions.values import format_value
from critmin.facts.model import FactBase
from critmin.ruleset.model import Rule, RuleBase

EPSILON = 1e-9


@dataclass(frozen=True)
class Delta:
    """A value before and after: an indicator, a rule's points, an input."""

    name: str
    before: Any
    after: Any
    how: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "before": self.before, "after": self.after, "how": self.how}


def differs(a: Any, b: Any) -> bool:
    """True when two values differ (numbers beyond rounding noise)."""
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool):
        return abs(a - b) > EPSILON
    return a != b


def input_changes(a: FactBase, b: FactBase) -> list[Delta]:
    """Facts, countries and minerals that differ between two fact bases."""
    out: list[Delta] = []
    for mineral in sorted(set(a.minerals) | set(b.minerals)):
        x, y = a.minerals.get(mineral), b.minerals.get(mineral)
        if x is None or y is None:
            out.append(Delta(f"mineral.{mineral}", "absent" if x is None else "present",
                             "absent" if y is None else "present"))
            continue
        for key in list(x.facts) + [k for k in y.facts if k not in x.facts]:
            old, new = x.facts.get(key), y.facts.get(key)
            if differs(old and old.value, new and new.value):
                out.append(Delta(f"{mineral}.{key}", old and old.value, new and new.value, _how(new)))
    for name in sorted(set(a.countries) | set(b.countries)):
        x, y = a.countries.get(name), b.countries.get(name)
        for attr in ("alignment", "nationalism_risk", "export_restrictions"):
            old, new = _country_value(x, attr), _country_value(y, attr)
            if old != new:
                out.append(Delta(f"countries.{name}.{attr}", old, new, _country_how(y, attr)))
    return out


def _country_value(country, attr: str) -> Any:
    if country is None:
        return None
    value = getattr(country, attr)
    if isinstance(value, tuple):
        return format_value([f.value for f in value]) or "none"
    return value.value


def _country_how(country, attr: str) -> str:
    if country is None:
        return "removed"
    value = getattr(country, attr)
    facts = value if isinstance(value, tuple) else (value,)
    return _how(facts[0]) if facts else ""


def _how(fact) -> str:
    if fact is None:
        return "removed"
    if fact.source == "override":
        return "recomputed" if fact.kind == "derived" else "override"
    return f"{fact.source}: {fact.ref}" if fact.ref else fact.source


def rule_changes(a: RuleBase, b: RuleBase) -> list[Delta]:
    """Parameters and rule definitions that differ between two rule bases."""
    out: list[Delta] = []
    for name in list(a.params) + [n for n in b.params if n not in a.params]:
        old = a.params[name].value if name in a.params else None
        new = b.params[name].value if name in b.params else None
        if differs(old, new):
            out.append(Delta(f"params.{name}", old, new, "parameter"))
    old_rules = {r.id: r for r in a.rules}
    new_rules = {r.id: r for r in b.rules}
    for rule_id in list(old_rules) + [r for r in new_rules if r not in old_rules]:
        old, new = old_rules.get(rule_id), new_rules.get(rule_id)
        before, after = rule_text(old), rule_text(new)
        if before != after:
            how = "added" if old is None else "removed" if new is None else "edited"
            out.append(Delta(f"rule.{rule_id}", before, after, how))
    return out


def rule_text(rule: Rule | None) -> str | None:
    """A rule's definition in one line: ``when …, then …``."""
    if rule is None:
        return None
    then = f"points {rule.points_text}" if rule.kind == "points" else f"{rule.kind} {rule.conclusion}"
    if rule.kind == "lever" and rule.partners != "none":
        then += f" (partners: {rule.partners})"
    return f"when {rule.when_text} then {then}"
