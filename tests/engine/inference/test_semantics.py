"""The semantics of a rule set run: the same results on Python values and on arrays."""

from __future__ import annotations

import numpy as np

from critmin.concepts import TIER_OF_RANK, TIER_RANK, TIERS, UNRATED
from critmin.inference import semantics


def test_the_highest_tier_concluded_wins_and_none_is_unrated():
    assert semantics.tier_rank([]) == TIER_RANK[UNRATED]
    assert TIER_OF_RANK[semantics.tier_rank([("medium", True), ("very_high", True), ("low", True)])] == "very_high"
    assert TIER_OF_RANK[semantics.tier_rank([("high", False), ("low", True)])] == "low"
    rng = np.random.default_rng(3)
    fired = {tier: rng.random(200) < 0.3 for tier in TIERS}
    rows = semantics.tier_rank([(tier, fired[tier]) for tier in reversed(TIERS)])
    one_by_one = [semantics.tier_rank([(tier, bool(fired[tier][i])) for tier in reversed(TIERS)]) for i in range(200)]
    assert list(rows) == one_by_one and set(one_by_one) == set(TIER_RANK.values())


def test_points_and_score_agree_on_values_and_arrays():
    columns = [np.array([12.3456, 0.0004, np.nan, 80.0]), np.array([-30.0, 0.0015, 1.0, 45.12349]),
               np.array([np.nan, 2.675, 0.5, -0.0])]
    fired = [np.array([True, True, True, True]), np.array([True, True, False, True]), np.array([True] * 4)]
    scores = semantics.score((semantics.points(c), f) for c, f in zip(columns, fired))
    for row in range(4):
        values = [None if np.isnan(c[row]) else float(c[row]) for c in columns]
        assert scores[row] == semantics.score((semantics.points(v), bool(f[row])) for v, f in zip(values, fired))
    assert list(scores) == [0.0, 2.7, 0.5, 100.0]  # clamped below and above; unknown adds nothing
    assert semantics.points(1.0005) == round(1.0005, 3) and semantics.points(None) is None


class _Recorder:
    def __init__(self):
        self.steps = []

    def conclude(self, stratum):
        self.steps.append(stratum.layer)

    def resolve_tiers(self):
        self.steps.append("resolve")


def test_the_tier_is_resolved_once_before_the_outcomes():
    def stratum(number, layer):
        return semantics.Stratum(number, layer, ())

    run = _Recorder()
    semantics.run_strata([stratum(1, "signals"), stratum(2, "tiers"), stratum(3, "outcomes"),
                          stratum(4, "outcomes")], run)
    assert run.steps == ["signals", "tiers", "resolve", "outcomes", "outcomes"]
    run = _Recorder()
    semantics.run_strata([stratum(1, "signals"), stratum(2, "tiers")], run)
    assert run.steps == ["signals", "tiers", "resolve"]
