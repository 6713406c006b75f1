"""``python -m critmin.bench`` / ``critmin bench``: measure speed and resource use, print JSON.

One run measures, on the shipped facts and rules:
- ``score_all_ms``: scoring every mineral on the traced (durable_rules) path, warm, median, and
  ``traced_vs_bare``: its ratio to a bare durable_rules run of the same rule sets and facts;
- ``what_it_takes_median_ms`` / ``_max_ms``: one what-would-it-take question, over every graded
  mineral and every tier it is not in (:mod:`critmin.bench.speed`);
- ``sweep_100k_s``: a sweep of 100,000 scenarios with sensitivity, end to end;
- ``sweep``: mineral-evaluations per second of a sweep on the column-wise path and, scenario
  by scenario, on the traced path, and their ratio;
- ``fresh_process_s``: ``critmin score --format json`` and ``critmin ask "..."`` (null when
  there is no ``ask`` command) in a new Python process, median;
- ``rescoring``: RSS and thread count before and after N re-scorings in which parameters
  change every time and the rule files every tenth time.
Each figure is reported next to its budget with pass/fail; nothing here is a test.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from critmin.assumptions.inputs import load
from critmin.assumptions.overrides import apply_overrides
from critmin.bench.speed import sweep_100k_s, traced_vs_bare, what_it_takes_latency
from critmin.inference.durable import adapter
from critmin.inference.traced import score
from critmin.io.shipped import shipped_dir
from critmin.ruleset.loading import load_rules

ASK_QUESTION = "why is nickel very high?"
BUDGETS = {  # figure → (comparison, limit)
    "score_all_ms": ("<=", 10.0),
    "traced_vs_bare": ("<=", 2.0),
    "what_it_takes_median_ms": ("<=", 50.0),
    "what_it_takes_max_ms": ("<=", 150.0),
    "sweep_100k_s": ("<=", 2.0),
    "sweep_columnar_evals_per_s": (">=", 20_000_000.0),
    "sweep_ratio": (">=", 100.0),
    "score_fresh_s": ("<=", 0.4),
    "ask_fresh_s": ("<=", 0.4),
    "rss_growth_mb": ("<=", 20.0),
}


def rss_mb() -> float:
    """Resident set size of this process, from /proc/self/status (VmRSS)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def sweep_throughput(samples: int, traced_samples: int, seed: int = 0) -> dict[str, float]:
    """Mineral-evaluations per second, column-wise and on the traced path."""
    import numpy as np  # numpy: only when measured

    from critmin.fast.sweep import draw, draw_overrides, run_sweep, varied_inputs  # numpy: only when measured

    facts, rules = load()
    minerals = len(facts.minerals)
    run_sweep(facts, rules, 1_000, seed, sensitivity=False)  # warm
    start = time.perf_counter()
    run_sweep(facts, rules, samples, seed, sensitivity=False)
    columnar = samples * minerals / (time.perf_counter() - start)
    inputs = varied_inputs(facts, rules, "both")
    draws = draw(inputs, np.random.default_rng(seed), traced_samples)
    scenarios = [apply_overrides(facts, rules, draw_overrides(inputs, draws, i))
                 for i in range(traced_samples)]
    start = time.perf_counter()
    for scenario_facts, scenario_rules in scenarios:
        score(scenario_facts, scenario_rules)
    traced = traced_samples * minerals / (time.perf_counter() - start)
    return {"sweep_columnar_evals_per_s": round(columnar), "sweep_traced_evals_per_s": round(traced),
            "sweep_ratio": round(columnar / traced, 1)}


def fresh_process_s(args: list[str], repeats: int) -> float | None:
    """Median wall time of ``python -m critmin ARGS`` in a new process (None if it fails)."""

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "critmin", *args], capture_output=True,
                              timeout=120, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            return None
    return round(statistics.median(times), 3)


def rescoring(count: int, seed: int = 0) -> dict[str, Any]:
    """RSS and threads around ``count`` re-scorings with changing parameters and rule files."""


    facts, rules = load()
    numeric = {n: p.range for n, p in rules.params.items() if p.range and not isinstance(p.value, str)}
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        edited = Path(folder) / "rules"
        _copy_rules(shipped_dir("rules"), edited)

        def once(i: int) -> None:
            base = rules
            if i % 10 == 9:  # the analyst edits a rule file
                _write_probe_rule(edited, rng.uniform(0.1, 0.9))
                base = load_rules(edited)
            changed = {n: rng.uniform(*r) for n, r in rng.sample(sorted(numeric.items()), 2)}
            score(facts, base.with_params(changed))

        start_rss, start_threads = rss_mb(), threading.active_count()
        for i in range(min(count, 200)):  # warm-up: fill the bounded caches
            once(i)
        before_rss, before_threads = rss_mb(), threading.active_count()
        for i in range(count):
            once(i)
        after_rss, after_threads = rss_mb(), threading.active_count()
    return {"rescorings": count, "rss_mb_at_start": round(start_rss, 1),
            "rss_mb_before": round(before_rss, 1), "rss_mb_after": round(after_rss, 1),
            "rss_growth_mb": round(after_rss - before_rss, 1), "threads_at_start": start_threads,
            "threads_before": before_threads, "threads_after": after_threads,
            "registered_rule_sets": adapter().registered}


def _copy_rules(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for path in source.glob("*.yaml"):
        (target / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")


def _write_probe_rule(folder: Path, threshold: float) -> None:
    (folder / "zz_probe.yaml").write_text(
        "rules:\n  - id: bench_probe\n"
        f"    when: shortfall_2035 >= {threshold:.4f}\n"
        "    then: {signal: bench_probe}\n"
        "    because: \"A rule edited between re-scorings.\"\n"
        "    source: \"Benchmark only.\"\n", encoding="utf-8")


def run_benchmark(repeats: int = 50, samples: int = 200_000, traced_samples: int = 200,
                  rescorings: int = 10_000, fresh: int = 3) -> dict[str, Any]:
    """Every figure, with the machine, and each budget with pass/fail."""


    figures: dict[str, Any] = traced_vs_bare(repeats)
    figures.update(what_it_takes_latency())
    figures.update(rescoring(rescorings))  # first: the sweep's large arrays would hide growth
    figures.update(sweep_throughput(samples, traced_samples))
    figures["sweep_100k_s"] = sweep_100k_s()
    figures["score_fresh_s"] = fresh_process_s(["score", "--format", "json"], fresh)
    figures["ask_fresh_s"] = fresh_process_s(["ask", ASK_QUESTION], fresh)
    return {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "platform": platform.platform()},
            "settings": {"repeats": repeats, "samples": samples, "traced_samples": traced_samples,
                         "rescorings": rescorings, "fresh": fresh},
            "figures": figures, "budgets": budgets(figures)}


def budgets(figures: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, (op, limit) in BUDGETS.items():
        value = figures.get(name)
        passed = None if value is None else (value <= limit if op == "<=" else value >= limit)
        out[name] = {"value": value, "budget": f"{op} {limit:g}", "pass": passed}
    return out
