"""Rules and parameters as loaded: what a rule reads and concludes, in which layer.

A rule is ``{id, when, then, because, source}``, with an optional ``because_zh`` (the reason in
Chinese, with the same placeholders). ``then`` is one of
``{signal: NAME}``, ``{tier: TIER}``, ``{points: EXPR}`` or ``{lever: ID, partners: WHICH}``.
Layers run in order: signals, then tiers, then outcomes (points and levers), which may
read the resolved ``tier``. Rules are stratified so that a rule only ever reads signals concluded in earlier strata:
that is what makes ``not SIGNAL`` safe (the engine never sees a negation before the signal
it negates has been derived).
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field, replace
from typing import Any

from critmin.concepts import MAX_MAGNITUDE
from critmin.errors import RuleError
from critmin.facts.model import check_value
from critmin.indicators.catalogue import INDICATORS
from critmin.language.syntax import Names, Node
from critmin.words.numbers import magnitude

# What a parameter measures, so a value it cannot take is refused (a share of 2, a negative
# number of years). ``number`` accepts any finite number; ``text`` any text.
PARAM_UNITS = ("share", "multiple", "years", "t", "count", "number", "text")


@dataclass(frozen=True)
class Parameter:
    name: str
    value: float | str
    range: tuple[float, float] | None
    doc: str
    source: str | None
    line: int | None = None
    doc_zh: str | None = None  # the doc and source in Chinese, for Chinese answers (optional)
    source_zh: str | None = None
    unit: str | None = None  # one of PARAM_UNITS; None: not declared (any number or text)

    def outside_range(self, value: Any) -> bool:
        """Whether a number lies outside the parameter's documented range (its plausible values)."""
        return (self.range is not None and isinstance(value, (int, float)) and not isinstance(value, bool)
                and not self.range[0] <= value <= self.range[1])


@dataclass(frozen=True)
class Rule:
    id: str
    layer: str  # signals | tiers | outcomes (points and levers, which may read the tier)
    kind: str  # signal | tier | points | lever
    conclusion: str  # the signal name, the tier, the lever id; "points" for points rules
    when: Node
    when_text: str
    because: str
    source: str
    points: Node | None = None
    points_text: str | None = None
    partners: str = "none"
    file: str = ""
    line: int | None = None
    stratum: int = 0
    because_zh: str | None = None  # the reason in Chinese (optional; answers in Chinese word the tests without it)

    def then_text(self, partners: bool = True) -> str:
        """``tier: very_high``, ``points: 40 * shortfall_2035``, ``lever: tariff (partners: allies)``."""
        if self.kind == "points":
            return f"points: {self.points_text}"
        extra = f" (partners: {self.partners})" if partners and self.kind == "lever" and self.partners != "none" else ""
        return f"{self.kind}: {self.conclusion}{extra}"


@dataclass(frozen=True)
class RuleBase:
    rules: tuple[Rule, ...]
    params: dict[str, Parameter]
    directory: str = ""
    files: tuple[str, ...] = field(default=())

    @property
    def param_values(self) -> dict[str, Any]:
        return {name: p.value for name, p in self.params.items()}

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        close = difflib.get_close_matches(rule_id, [r.id for r in self.rules], n=1)
        raise RuleError(f"unknown rule '{rule_id}'" + (f" (did you mean '{close[0]}'?)" if close else ""))

    @property
    def signals(self) -> list[str]:
        return sorted({r.conclusion for r in self.rules if r.kind == "signal"})

    def with_params(self, values: dict[str, Any]) -> RuleBase:
        """A copy with some parameter values replaced (checked against their type)."""
        params = dict(self.params)
        for name, value in values.items():
            if name not in params:
                close = difflib.get_close_matches(name, list(params), n=1)
                hint = f" (did you mean 'params.{close[0]}'?)" if close else ""
                raise RuleError(f"unknown parameter 'params.{name}'{hint}")
            old = params[name]
            if isinstance(old.value, str) != isinstance(value, str):
                expected = "text" if isinstance(old.value, str) else "a number"
                raise RuleError(f"params.{name}: expected {expected}, got {value!r}")
            why = param_value_problem(value, old.unit)
            if why:
                raise RuleError(f"params.{name}: {why}")
            params[name] = replace(old, value=value)
        return replace(self, params=params)


def param_value_problem(value: Any, unit: str | None = None) -> str | None:
    """Why ``value`` cannot be a parameter (a finite number within the engine's range, or
    text; within what its ``unit`` allows), or None."""
    if isinstance(value, str):
        return None if unit in (None, "text") else f"expected a number ({unit}), got {value!r}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"expected a number or text, got {value!r}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number, got {value!r}"
    if abs(value) > MAX_MAGNITUDE:
        return f"{magnitude(value)} is beyond the largest supported magnitude ({MAX_MAGNITUDE:g})"
    if unit == "text":
        return f"expected text, got {value!r}"
    if unit in ("share", "t", "multiple"):
        return check_value(value, unit)
    if unit in ("years", "count") and value < 0:
        return f"a number of {'years' if unit == 'years' else 'items'} cannot be negative, got {value!r}"
    return None


def names_for(layer: str, signals: list[str], params: dict[str, Any]) -> Names:
    indicators = {name: spec.type for name, spec in INDICATORS.items()}
    return Names(indicators, signals, params, allow_tier=(layer == "outcomes"))


