"""what_would_it_take on the fast path gives the traced path's answers, change for change."""

from __future__ import annotations

import pytest

from critmin.errors import UsageError
from critmin.explain.what_it_takes import what_would_it_take


def answers(takes):
    return ([(c.key, c.needed, c.just_short, c.tier_after, c.levers_after, c.score_after, c.in_range)
             for c in takes.changes], takes.examined, takes.unsearchable)


@pytest.mark.parametrize("mineral, target", [("cobalt", "high"), ("copper", "low")])
def test_fast_and_traced_paths_agree(results, mineral, target):
    fast = what_would_it_take(results, mineral, target)
    traced = what_would_it_take(results, mineral, target, path="traced")
    assert fast.path == "fast" and traced.path == "traced"
    assert answers(fast) == answers(traced)
    # the fast path re-scores on the traced path only to confirm its answers
    assert fast.rescorings < traced.rescorings


def test_unknown_path_is_refused(results):
    with pytest.raises(UsageError, match="unknown path"):
        what_would_it_take(results, "cobalt", "high", path="slow")
