"""what_would_it_take(mineral, tier): the smallest single change that moves a mineral to a tier.

The inputs examined are those that appear in the relevant conditions: the tier rules
concluding the wanted tier or a higher one (a higher one must stop firing), followed down
through the signals they read to indicators, to the facts each indicator used
(``Indicator.inputs``; a Table 5 total also brings in its parts), and to the parameters.
Each input is searched for its smallest single change (:mod:`critmin.explain.search_rounds`):
on the fast path every candidate value of every input in a round is evaluated column-wise at
once, and each answer is then confirmed on the traced path — the mineral re-scored with the
change (its tier, score and levers are the answer's), and with a value one resolution step
short of it, which must not reach the tier. Should the traced path disagree with the
column-wise one, that input is searched again on the traced path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from critmin.concepts import TIER_RANK, TIERS
from critmin.errors import UsageError
from critmin.explain.changes import NeededChange, confirm
from critmin.explain.headline import Head, head_of
from critmin.explain.probes import FastProbe, TracedProbe
from critmin.explain.search_rounds import drive, nearest, search_input
from critmin.explain.search_space import SearchInput, inputs_for
from critmin.inference.results import Results
from critmin.language.syntax import references
from critmin.ruleset.model import RuleBase

PATHS = ("fast", "traced")
__all__ = ["NeededChange", "Takes", "what_would_it_take"]


@dataclass(frozen=True)
class Takes:
    """What would move a mineral to ``target``: the smallest single ``changes`` found (each
    verified by scoring again), the input keys ``examined``, and those no override can change."""

    head: Head
    target: str
    changes: tuple[NeededChange, ...]
    examined: tuple[str, ...]  # every input key searched
    evaluations: int = 0  # candidates evaluated (column-wise and re-scorings)
    unsearchable: tuple[str, ...] = field(default=())  # inputs no override can change
    rescorings: int = 0  # of them, re-scorings on the traced path
    path: str = "fast"

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
                "evaluations": self.evaluations, "rescorings": self.rescorings, "path": self.path}


def what_would_it_take(results: Results, mineral_id: str, tier: str, path: str = "fast") -> Takes:
    """The smallest single change of each relevant input that moves ``mineral_id`` to ``tier``.

    ``path="traced"`` searches on the traced path alone (the reference the fast path is
    tested against); the answers are the same.
    """
    if tier not in TIERS:
        raise UsageError(f"unknown tier '{tier}'; expected one of {', '.join(TIERS)}")
    if path not in PATHS:
        raise UsageError(f"unknown path '{path}'; expected one of {', '.join(PATHS)}")
    assessment = results[mineral_id]
    traced = TracedProbe(results.facts, results.rules, mineral_id)
    probe = traced if path == "traced" else FastProbe(results.facts, results.rules, mineral_id)
    items = inputs_for(results, mineral_id, relevant_rules(results.rules, tier)) if assessment.tier != tier else []
    searchable = [item for item in items if item.searchable]
    changes = singles(searchable, tier, probe, traced) if searchable else []
    changes.sort(key=lambda c: (c.relative, c.key))
    evaluations = traced.count + (probe.count if probe is not traced else 0)
    return Takes(head_of(results, mineral_id), tier, tuple(changes), tuple(i.key for i in searchable), evaluations,
                 tuple(item.key for item in items if not item.searchable), traced.count, path)


def singles(items: list[SearchInput], target: str, probe, traced: TracedProbe) -> list[NeededChange]:
    """Each input's smallest single change, searched side by side, confirmed on the traced path."""
    searches = {(item.key, part): search for item in items
                for part, search in search_input(item, target, probe.speculative).items()}
    found = drive(searches, probe)
    out = []
    for item in items:
        result = nearest(item, {part: value for (key, part), value in found.items() if key == item.key})
        change = confirm(item, result, target, traced)
        if change is None and result is not None and probe is not traced:
            # the traced path disagrees with the column-wise one: search this input there
            again = drive({part: s for part, s in search_input(item, target, False).items()}, traced)
            change = confirm(item, nearest(item, again), target, traced)
        if change is not None:
            out.append(change)
    return out


def relevant_rules(rules: RuleBase, tier: str):
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
