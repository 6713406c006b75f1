"""Probes: a mineral's tier with some inputs changed, on either evaluation path.

A what-would-it-take search asks, round after round, for the tier of one mineral under many
candidate changes at once — each a tuple of ``(key, value)`` overrides (one for a single
change, or more taken together). :class:`FastProbe` answers a whole round with one column-wise
evaluation (a table with one row per candidate, :mod:`critmin.fast`); :class:`TracedProbe`
re-scores each candidate on the traced path, and makes the final answers' assessments
(tier, score, levers), which is how every answer is confirmed. A candidate that overrides
would refuse is answered None on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from critmin.assumptions.overrides import apply_overrides
from critmin.concepts import TIER_OF_RANK
from critmin.errors import CritminError
from critmin.facts.model import FactBase, check_value, unit_for
from critmin.inference.results import Assessment
from critmin.inference.traced import score
from critmin.ruleset.model import RuleBase

Candidate = tuple[tuple[str, Any], ...]  # the overrides of one candidate: ((key, value), ...)


class TracedProbe:
    """Re-scores the mineral on the traced path, one candidate at a time (cached)."""

    speculative = False  # evaluate only what a search needs next

    def __init__(self, facts: FactBase, rules: RuleBase, mineral_id: str):
        # Only this mineral is scored, so only it needs validating after each change.
        self.facts = facts.replace_minerals({mineral_id: facts.mineral(mineral_id)})
        self.rules, self.mineral_id = rules, mineral_id
        self.cache: dict[Candidate, Assessment | None] = {}
        self.count = 0

    def assess(self, candidate: Candidate) -> Assessment | None:
        """The mineral's assessment with the candidate's overrides, or None if refused."""
        if candidate not in self.cache:
            self.count += 1
            try:
                facts, rules = apply_overrides(self.facts, self.rules,
                                               [f"{key}={_literal(value)}" for key, value in candidate])
                self.cache[candidate] = score(facts, rules, [self.mineral_id])[self.mineral_id]
            except CritminError:
                self.cache[candidate] = None
        return self.cache[candidate]

    def tiers(self, candidates: Sequence[Candidate]) -> list[str | None]:
        return [None if (found := self.assess(c)) is None else found.tier for c in candidates]


class FastProbe:
    """Evaluates a round of candidates column-wise, one table row each (cached)."""

    speculative = True  # a round may hold everything a search could need next

    def __init__(self, facts: FactBase, rules: RuleBase, mineral_id: str):
        self.facts, self.rules, self.mineral_id = facts, rules, mineral_id
        self.mineral = facts.mineral(mineral_id)
        self.cache: dict[Candidate, str | None] = {}
        self.count = 0  # candidates evaluated
        self.rounds = 0  # column-wise evaluations

    def tiers(self, candidates: Sequence[Candidate]) -> list[str | None]:
        todo = list(dict.fromkeys(c for c in candidates if c not in self.cache))
        if todo:
            valid = [c for c in todo if self._valid(c)]
            self.cache.update(dict.fromkeys(todo))
            if valid:
                self.cache.update(zip(valid, self._evaluate(valid)))
                self.count += len(valid)
                self.rounds += 1
        return [self.cache[c] for c in candidates]

    def _valid(self, candidate: Candidate) -> bool:
        """Whether overrides would accept the candidate (the checks a search's values can
        fail: a parameter's type, a fact's unit, the producer shares' sum)."""
        shares = {k: f.value for k, f in self.mineral.facts.items() if k.startswith("producers.")}
        params = {}
        for key, value in candidate:
            if key.startswith("params."):
                params[key[len("params."):]] = value
            elif not key.startswith("countries."):
                path = key.split(".", 1)[1]
                if check_value(value, unit_for(path) or "") is not None:
                    return False
                if path in shares:
                    shares[path] = value
        if params:
            try:
                self.rules.with_params(params)
            except CritminError:
                return False
        return sum(shares.values()) <= 1 + 1e-9

    def _evaluate(self, candidates: list[Candidate]) -> list[str | None]:
        import numpy as np  # numpy: the column-wise path only

        from critmin.fast.candidates import candidate_table  # numpy: the column-wise path only
        from critmin.fast.columnar import evaluate_table  # numpy: the column-wise path only

        table = candidate_table(self.facts, self.rules, self.mineral_id, candidates)
        ranks = evaluate_table(table, self.rules, outputs="tier").rank[0]
        return [TIER_OF_RANK[int(r)] for r in np.asarray(ranks)]


def _literal(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value)
