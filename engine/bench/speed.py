"""The figures of the places where users wait, each next to a baseline measured in the same run.

- ``traced_vs_bare``: warm score-all on the traced path against a bare run of the same compiled
  rule sets on durable_rules' documented API (``Host.assert_facts`` with an action that does
  nothing), replaying exactly the facts the traced run asserted;
- ``what_would_it_take``: the latency of one question, for every graded mineral (one the report
  itself grades) and every tier it is not in (median and max);
- ``sweep_100k_s``: a sweep of 100,000 scenarios of every mineral with sensitivity, end to end.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from critmin.assumptions.inputs import load
from critmin.concepts import TIERS
from critmin.explain.what_it_takes import what_would_it_take
from critmin.inference.durable import adapter
from critmin.inference.traced import score


def recorded_runs(facts, rules) -> list[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    """Every (rule set, definition, facts) a traced score-all asserts, in order."""
    engine = adapter()
    runs: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
    real = engine.run

    def recording(name, definition, batch):
        runs.append((name, definition, batch))
        return real(name, definition, batch)

    engine.run = recording  # this one run only: the benchmark's own observation
    try:
        score(facts, rules)
    finally:
        del engine.run
    return runs


def traced_vs_bare(repeats: int) -> dict[str, float]:
    """Median ms of score-all traced and of the bare replay, and their ratio."""
    facts, rules = load()
    score(facts, rules)  # warm: compiled and registered
    runs = recorded_runs(facts, rules)
    engine = adapter()
    traced, bare = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        score(facts, rules)
        traced.append(time.perf_counter() - start)
        start = time.perf_counter()
        for name, definition, batch in runs:
            engine.replay_through_host(name, definition, batch)
        bare.append(time.perf_counter() - start)
    traced_ms, bare_ms = statistics.median(traced) * 1000, statistics.median(bare) * 1000
    return {"score_all_ms": round(traced_ms, 2), "bare_durable_rules_ms": round(bare_ms, 2),
            "traced_vs_bare": round(traced_ms / bare_ms, 2)}


def what_it_takes_latency() -> dict[str, Any]:
    """Per-question latency of what-would-it-take over the graded minerals and target tiers."""
    facts, rules = load()
    results = score(facts, rules)
    graded = [a for a in results.assessments if a.report_tier is not None]
    what_would_it_take(results, graded[0].mineral, next(t for t in TIERS if t != graded[0].tier))  # warm
    times = []
    for assessment in graded:
        for tier in TIERS:
            if tier == assessment.tier:
                continue
            start = time.perf_counter()
            what_would_it_take(results, assessment.mineral, tier)
            times.append(time.perf_counter() - start)
    return {"what_it_takes_questions": len(times),
            "what_it_takes_median_ms": round(statistics.median(times) * 1000, 1),
            "what_it_takes_max_ms": round(max(times) * 1000, 1)}


def sweep_100k_s(samples: int = 100_000, seed: int = 0) -> float:
    """Wall seconds of a sweep of ``samples`` scenarios with sensitivity, end to end."""
    from critmin.fast.sweep import run_sweep  # numpy: only when measured

    facts, rules = load()
    run_sweep(facts, rules, 1_000, seed, sensitivity=True)  # warm
    start = time.perf_counter()
    run_sweep(facts, rules, samples, seed, sensitivity=True)
    return round(time.perf_counter() - start, 3)
