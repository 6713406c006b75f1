"""Hundreds of re-scorings with changing parameters and rule files: no growing handles."""

from __future__ import annotations

import gc
import random
import shutil
import threading

import pytest

from critmin.inference.durable import MAX_RULESETS, adapter
from critmin.inference.traced import score
from critmin.io.shipped import shipped_dir
from critmin.ruleset.loading import load_rules

RESCORINGS = 500


def live_rulesets() -> int:
    """durable_rules Ruleset objects still alive anywhere in the process."""
    gc.collect()
    return sum(type(o).__name__ == "Ruleset" and type(o).__module__ == "durable.engine"
               for o in gc.get_objects())


@pytest.mark.slow
def test_rescoring_keeps_threads_and_rule_sets_bounded(facts, rules, tmp_path):
    edited = tmp_path / "rules"
    shutil.copytree(shipped_dir("rules"), edited)
    ranged = sorted((n, p.range) for n, p in rules.params.items() if p.range)
    rng = random.Random(5)
    score(facts, rules, ["nickel"])
    threads = threading.active_count()
    host = adapter()._host
    for i in range(RESCORINGS):
        base = rules
        if i % 10 == 9:  # a rule file is edited between re-scorings
            (edited / "zz_probe.yaml").write_text(
                f"rules:\n  - {{id: probe, when: 'shortfall_2035 >= {rng.uniform(0.1, 0.9):.4f}', "
                "then: {signal: probe}, because: b, source: s}\n", encoding="utf-8")
            base = load_rules(edited)
        name, (low, high) = rng.choice(ranged)
        result = score(facts, base.with_params({name: rng.uniform(low, high)}), ["nickel", "cobalt"])
        assert len(result) == 2
        assert threading.active_count() == threads
        assert adapter().registered <= MAX_RULESETS
    assert len(host._ruleset_directory) == len(host._ruleset_list) == adapter().registered
    assert live_rulesets() <= MAX_RULESETS


def test_dropped_rule_sets_leave_the_host(facts, rules):
    score(facts, rules)
    adapter().clear()
    assert adapter().registered == 0 and adapter()._host._ruleset_directory == {}
    assert live_rulesets() == 0
    again = score(facts, rules)  # the same names register again: nothing of them was left
    assert again["nickel"].tier == "very_high"
