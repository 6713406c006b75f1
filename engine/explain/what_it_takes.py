"""what_would_it_take(mineral, tier): the smallest single change that moves a mineral to a tier.

The inputs examined are those that appear in the relevant conditions: the tier rules
concluding the wanted tier or a higher one (a higher one must stop firing), followed down
through the signals they read to indicators, to the facts each indicator used
(``Indicator.inputs``; a Table 5 total also brings in its parts), and to the parameters.
For each numeric input the search walks away from the current value on a geometric grid
in both directions within sensible bounds (shares in [0, 1], tonnes ≥ 0, parameters ≥ 0),
then bisects the first step that reaches the tier down to the input's resolution. Country
alignments and risk classes are tried value by value. Every answer is verified by
re-scoring the mineral with the change applied (``apply_overrides`` + ``score``), and so is
a value one resolution step short of it, which must not reach the tier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from critmin.assumptions.overrides import apply_overrides
from critmin.concepts import TIER_RANK, TIERS
from critmin.errors import CritminError, UsageError
from critmin.explain.headline import Head, head_of
from critmin.explain.search_space import SearchInput, inputs_for
from critmin.facts.model import FactBase
from critmin.facts.provenance import SourcedFact
from critmin.inference.results import Results
from critmin.inference.traced import score
from critmin.language.syntax import references
from critmin.ruleset.model import RuleBase

GRID_STEPS = 14  # geometric grid: (bound - current) / 2**k for k = 13 … 0
MAX_BISECTIONS = 60


@dataclass(frozen=True)
class NeededChange:
    """One single change that moves the mineral to the wanted tier (verified)."""

    key: str  # the override key, e.g. nickel.us.supply_2035_t, params.x, countries.C.alignment
    kind: str  # fact | param | country
    current: Any
    needed: Any
    just_short: Any  # one resolution step nearer the current value: verified not to reach the tier
    unit: str | None
    tier_after: str
    levers_after: tuple[str, ...]
    score_after: float
    fact: SourcedFact | None = None  # the current value's provenance (facts and countries)
    param_source: str | None = None
    in_range: bool | None = None  # needed value within the fact's or parameter's documented range
    range: tuple[float, float] | None = None

    @property
    def relative(self) -> float:
        """Size of the change, relative to the current value (categorical changes count 1)."""
        if not isinstance(self.current, (int, float)) or not isinstance(self.needed, (int, float)):
            return 1.0
        scale = abs(self.current) or 1.0
        return abs(self.needed - self.current) / scale

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "current": self.current, "needed": self.needed,
                "just_short": self.just_short, "unit": self.unit, "tier_after": self.tier_after,
                "levers_after": list(self.levers_after), "score_after": self.score_after,
                "source": self.fact.to_dict() if self.fact else None,
                "param_source": self.param_source, "in_range": self.in_range,
                "range": list(self.range) if self.range else None, "verified": True}


@dataclass(frozen=True)
class Takes:
    """What would move a mineral to ``target``: the smallest single ``changes`` found (each
    verified by scoring again), the input keys ``examined``, and those no override can change."""

    head: Head
    target: str
    changes: tuple[NeededChange, ...]
    examined: tuple[str, ...]  # every input key searched
    evaluations: int = 0
    unsearchable: tuple[str, ...] = field(default=())  # inputs no override can change

    @property
    def mineral(self) -> str:
        return self.head.mineral

    @property
    def current(self) -> str:
        return self.head.tier

    @property
    def single_change_suffices(self) -> bool:
        return bool(self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {"mineral": self.mineral, "current": self.current, "target": self.target,
                "changes": [c.to_dict() for c in self.changes], "examined": list(self.examined),
                "inputs_searched": len(self.examined),
                "unsearchable": list(self.unsearchable),
                "single_change_suffices": self.single_change_suffices,
                "evaluations": self.evaluations}


def what_would_it_take(results: Results, mineral_id: str, tier: str) -> Takes:
    """The smallest single change of each relevant input that moves ``mineral_id`` to ``tier``."""
    if tier not in TIERS:
        raise UsageError(f"unknown tier '{tier}'; expected one of {', '.join(TIERS)}")
    assessment = results[mineral_id]
    probe = _Probe(results.facts, results.rules, mineral_id)
    changes: list[NeededChange] = []
    examined: list[str] = []
    unsearchable: list[str] = []
    if assessment.tier != tier:
        for item in inputs_for(results, mineral_id, _relevant_rules(results.rules, tier)):
            if not item.searchable:
                unsearchable.append(item.key)
                continue
            examined.append(item.key)
            found = _search(item, probe, tier)
            if found is not None:
                changes.append(found)
    changes.sort(key=lambda c: (c.relative, c.key))
    return Takes(head_of(results, mineral_id), tier, tuple(changes), tuple(examined), probe.count,
                 tuple(unsearchable))


def _relevant_rules(rules: RuleBase, tier: str):
    """Tier rules concluding ``tier`` or higher, and every signal rule they depend on."""
    wanted = [r for r in rules.rules if r.kind == "tier" and TIER_RANK[r.conclusion] >= TIER_RANK[tier]]
    by_signal: dict[str, list] = {}
    for rule in rules.rules:
        if rule.kind == "signal":
            by_signal.setdefault(rule.conclusion, []).append(rule)
    out, stack, seen = [], list(wanted), set()
    while stack:
        rule = stack.pop(0)
        if rule.id in seen:
            continue
        seen.add(rule.id)
        out.append(rule)
        for ref in references(rule.when):
            if ref.kind == "signal":
                stack += by_signal.get(ref.name, [])
    return out


class _Probe:
    """Scores the mineral with one override; caches results and counts evaluations."""

    def __init__(self, facts: FactBase, rules: RuleBase, mineral_id: str):
        # Only this mineral is scored, so only it needs validating after each change.
        self.facts = facts.replace_minerals({mineral_id: facts.mineral(mineral_id)})
        self.rules, self.mineral_id = rules, mineral_id
        self.cache: dict[tuple[str, Any], Any] = {}
        self.count = 0

    def assess(self, key: str, value: Any):
        """The mineral's assessment with ``key=value``, or None when the change is invalid."""
        if (key, value) in self.cache:
            return self.cache[(key, value)]
        self.count += 1
        try:
            facts, rules = apply_overrides(self.facts, self.rules, [f"{key}={_literal(value)}"])
            result = score(facts, rules, [self.mineral_id])[self.mineral_id]
        except CritminError:
            result = None
        self.cache[(key, value)] = result
        return result

    def tier(self, key: str, value: Any) -> str | None:
        found = self.assess(key, value)
        return None if found is None else found.tier


def _literal(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _search(item: SearchInput, probe: _Probe, target: str) -> NeededChange | None:
    if item.choices:
        return _search_choices(item, probe, target)
    best = None
    for direction in (+1, -1):
        found = _search_direction(item, probe, target, direction)
        if found is not None and (best is None or abs(found[0] - item.current) < abs(best[0] - item.current)):
            best = found
    if best is None:
        return None
    needed, short = best
    return _change(item, probe, needed, short)


def _search_direction(item: SearchInput, probe: _Probe, target: str, direction: int):
    """(needed, just_short) on one side of the current value, or None."""
    bound = item.high if direction > 0 else item.low
    if bound is None or (bound - item.current) * direction <= 0:
        return None
    reaches = _reaches(item, probe, target)
    previous = item.current
    for k in range(GRID_STEPS - 1, -1, -1):
        point = item.snap(item.current + (bound - item.current) / 2 ** k)
        if (point - item.current) * direction <= 0 or point == previous:
            continue
        if reaches(point):
            return _refine(item, reaches, previous, point, direction)
        previous = point
    return None


def _reaches(item: SearchInput, probe: _Probe, target: str) -> Callable[[Any], bool]:
    return lambda value: probe.tier(item.key, value) == target


def _refine(item: SearchInput, reaches, outside, inside, direction: int):
    """Bisect between a value that does not reach the tier and one that does."""
    for _ in range(MAX_BISECTIONS):
        if abs(inside - outside) <= item.step:
            break
        middle = item.snap((inside + outside) / 2)
        if middle in (inside, outside):
            break
        if reaches(middle):
            inside = middle
        else:
            outside = middle
    needed = item.snap(inside)
    # Walk back towards the current value while one step nearer still reaches the tier.
    for _ in range(4):
        nearer = item.snap(needed - direction * item.step)
        if (nearer - item.current) * direction <= 0 or not reaches(nearer):
            break
        needed = nearer
    short = item.snap(needed - direction * item.step)
    if reaches(short) or not reaches(needed):
        return None
    return needed, short


def _search_choices(item: SearchInput, probe: _Probe, target: str) -> NeededChange | None:
    order = list(item.choices)
    here = order.index(item.current) if item.current in order else 0
    for value in sorted((c for c in order if c != item.current), key=lambda c: abs(order.index(c) - here)):
        if probe.tier(item.key, value) == target:
            return _change(item, probe, value, None)
    return None


def _change(item: SearchInput, probe: _Probe, needed: Any, short: Any) -> NeededChange:
    after = probe.assess(item.key, needed)
    in_range = None
    if item.range and isinstance(needed, (int, float)):
        in_range = item.range[0] <= needed <= item.range[1]
    return NeededChange(item.key, item.kind, item.current, needed, short, item.unit, after.tier,
                        tuple(after.lever_ids), after.score, item.fact, item.param_source, in_range, item.range)
