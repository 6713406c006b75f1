"""The inputs a what-would-it-take search may change, with their bounds and resolution.

From a set of rules: the indicators they read → the facts each indicator used for this
mineral (``Indicator.inputs``; a Table 5 total also brings in the parts it is the sum of,
since overriding a part recomputes it) → and the parameters they compare against. Bounds
follow the fact's unit (shares in [0, 1] and a producer at most what the others leave;
tonnes ≥ 0, up to ten times the largest US tonnage of the mineral or the documented range),
and the resolution is what a user would type (whole tonnes, 0.01% of a share).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from critmin.concepts import ALIGNMENTS, RISK_LEVELS
from critmin.facts.model import FactBase
from critmin.facts.provenance import SourcedFact, lookup
from critmin.facts.table5 import TOTALS
from critmin.inference.results import Results
from critmin.language.syntax import Compare, Ref, children, references
from critmin.ruleset.model import Rule
from critmin.words.labels import indicator_unit

SHARE_STEP = 0.0001
MULTIPLE_STEP = 0.01
SCALE = 10  # numeric searches go up to ten times the current (or reference) value


@dataclass(frozen=True)
class SearchInput:
    key: str  # an override key
    kind: str  # fact | country | param
    current: Any
    unit: str | None
    low: float | None = None
    high: float | None = None
    step: float = 1.0
    choices: tuple[str, ...] = ()
    fact: SourcedFact | None = None
    param_source: str | None = None
    range: tuple[float, float] | None = None
    searchable: bool = True

    def snap(self, value: float) -> float:
        """Clamp to the bounds and round to the resolution."""
        value = min(max(value, self.low if self.low is not None else value),
                    self.high if self.high is not None else value)
        if self.step >= 1:
            return int(round(value / self.step) * self.step)
        digits = max(0, -int(math.floor(math.log10(self.step))))
        return round(round(value / self.step) * self.step, digits)


def inputs_for(results: Results, mineral_id: str, rules: Iterable[Rule]) -> list[SearchInput]:
    """Every fact, country attribute and parameter the rules depend on for this mineral."""
    rules = list(rules)
    assessment = results[mineral_id]
    facts = results.facts
    keys: list[str] = []
    for rule in rules:
        for ref in references(rule.when):
            if ref.kind == "indicator" and ref.name in assessment.indicators:
                keys += [k for k in assessment.indicators[ref.name].inputs if k not in keys]
    for total, parts in TOTALS.items():
        if total in keys:
            keys += [p for p in parts if p not in keys]
    out = [_fact_input(facts, mineral_id, key) for key in keys]
    param_units = _param_units(rules)
    for rule in rules:
        for ref in references(rule.when):
            if ref.kind == "param" and f"params.{ref.name}" not in {i.key for i in out}:
                out.append(_param_input(results, ref.name, param_units.get(ref.name, "number")))
    return out


def _fact_input(facts: FactBase, mineral_id: str, key: str) -> SearchInput:
    fact = lookup(facts, mineral_id, key)
    if key.startswith("countries."):
        field = key.rpartition(".")[2]
        choices = {"alignment": ALIGNMENTS, "nationalism_risk": RISK_LEVELS}.get(field, ())
        return SearchInput(key, "country", fact.value if fact else None, None, choices=tuple(choices), fact=fact,
                           searchable=bool(choices) and fact is not None)
    override_key = f"{mineral_id}.{key}"
    if fact is None or not isinstance(fact.value, (int, float)) or isinstance(fact.value, bool):
        return SearchInput(override_key, "fact", fact.value if fact else None, fact.unit if fact else None,
                           fact=fact, searchable=False)
    low, high, step = _fact_bounds(facts, mineral_id, key, fact)
    return SearchInput(override_key, "fact", fact.value, fact.unit, low, high, step, fact=fact, range=fact.range)


def _fact_bounds(facts: FactBase, mineral_id: str, key: str, fact: SourcedFact):
    mineral = facts.mineral(mineral_id)
    if fact.unit == "share":
        high = 1.0
        if key.startswith("producers."):
            others = sum(f.value for k, f in mineral.facts.items() if k.startswith("producers.") and k != key)
            high = max(0.0, 1.0 - others)
        return 0.0, high, SHARE_STEP
    if fact.unit == "t":
        tonnes = [f.value for k, f in mineral.facts.items() if k.startswith("us.") and f.unit == "t"]
        reference = max([fact.value, *tonnes, 1])
        high = SCALE * reference
        if fact.range:
            high = max(high, fact.range[1])
        # Resolution: five significant figures of the mineral's largest US tonnage (whole tonnes at least).
        return 0, high, max(1, 10 ** (int(math.log10(reference)) - 4))
    if fact.unit == "multiple":
        return MULTIPLE_STEP, max(SCALE, SCALE * fact.value), MULTIPLE_STEP
    return None, None, SHARE_STEP


def _param_units(rules: list[Rule]) -> dict[str, str]:
    """A parameter's unit is that of the indicator it is compared with."""
    units: dict[str, str] = {}
    for rule in rules:
        for node in _compares(rule.when):
            sides = (node.left, node.right)
            indicator = next((s for s in sides if isinstance(s, Ref) and s.kind == "indicator"), None)
            param = next((s for s in sides if isinstance(s, Ref) and s.kind == "param"), None)
            if indicator and param:
                units.setdefault(param.name, indicator_unit(indicator.name))
    return units


def _compares(node) -> list[Compare]:
    found = [node] if isinstance(node, Compare) else []
    for child in children(node):
        found += _compares(child)
    return found


def _param_input(results: Results, name: str, unit: str) -> SearchInput:
    param = results.rules.params[name]
    value = param.value
    key = f"params.{name}"
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return SearchInput(key, "param", value, None, param_source=param.source, searchable=False)
    if unit == "share":
        low, high, step = 0.0, 1.0, SHARE_STEP
    elif unit in ("t", "count"):
        low, high, step = 0, max(SCALE * value, SCALE), 1
    else:
        low, high, step = 0.0, max(SCALE * value, SCALE), MULTIPLE_STEP
    return SearchInput(key, "param", value, unit, low, high, step, param_source=param.source, range=param.range)
