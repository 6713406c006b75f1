"""Benchmark: what bounded cost means in numbers. Run with ``python -m tests.helpers.bench_limits``.

Prints the time (and peak memory growth) of refusing each kind of oversized input, of loading
and scoring a large rule set, and of scoring from eight threads against one thread.
Not a test: figures depend on the machine; the tests check behaviour, this measures it.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from critmin.assumptions.overrides import apply_overrides
from critmin.errors import CritminError
from critmin.facts.loading import load_facts
from critmin.inference.traced import score
from critmin.io.shipped import shipped_dir
from critmin.io.yaml_reader import MAX_FILE_BYTES
from critmin.ruleset.loading import load_rules
from tests.engine.inference.test_engine_limits import random_rules
from tests.engine.inference.test_threads import VARIANTS


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label: str, action: Callable[[], object]) -> None:
    before, start = peak_mib(), time.perf_counter()
    try:
        action()
        outcome = "accepted"
    except CritminError as exc:
        outcome = "refused: " + exc.problems[0].message[:70]
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed * 1000:9.1f} ms  peak +{peak_mib() - before:6.1f} MiB  {outcome}")


def fact_dir(root: Path, name: str, content: str | bytes) -> Path:
    target = root / name
    shutil.copytree(shipped_dir("facts"), target)
    path = target / "bench.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return target


def rule_dir(root: Path, name: str, body: str) -> Path:
    target = root / name
    shutil.copytree(shipped_dir("rules"), target)
    (target / "bench.yaml").write_text(body, encoding="utf-8")
    return target


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="critmin-bench-"))
    try:
        run(root)
    finally:
        shutil.rmtree(root)


def run(root: Path) -> None:
    laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefgh", "bcdefghi"))
    near_limit = "# padding\n" * (MAX_FILE_BYTES // 10 - 100) + "id: bench\n"
    print("refusing oversized input (facts directory with one extra file):")
    for label, content in [("10 MB file", "# pad\n" * 1_700_000),
                           ("alias bomb (9 levels of 9)", laughs),
                           ("10,000 nested lists", "a: " + "[" * 10_000 + "]" * 10_000),
                           ("1 MB of comments (just under the limit)", near_limit),
                           ("binary file", bytes(range(256)) * 1000)]:
        directory = fact_dir(root, label.replace(" ", "_")[:20] + str(len(content)), content)
        measure(f"  {label}", lambda d=directory: load_facts(d))
    print("refusing oversized expressions:")
    for label, when in [("'(' x 10,000", "(" * 10_000 + "hhi > 0" + ")" * 10_000),
                        ("'not' x 10,000", "not " * 10_000 + "import_dependent"),
                        ("'(' x 190 (parsed, under the limits)", "(" * 190 + "hhi > 0" + ")" * 190)]:
        body = f"rules:\n  - id: b\n    when: \"{when}\"\n    then: {{signal: b_s}}\n    because: b\n    source: s\n"
        directory = rule_dir(root, f"expr{len(when)}", body)
        measure(f"  {label}", lambda d=directory: load_rules(d))
    facts = load_facts()
    print("large rule sets:")
    for count in (500, 2000):
        directory = rule_dir(root, f"rules{count}", "rules:\n" + "".join(random_rules(count, seed=6)))
        measure(f"  load {count:,} rules", lambda d=directory: load_rules(d))
        rules = load_rules(directory)
        measure(f"  score {len(facts.minerals)} minerals with {count:,} rules (first)",
                lambda r=rules: score(facts, r))
        measure("  score again (compiled rule sets cached)", lambda r=rules: score(facts, r))
    threads_vs_serial(facts, load_rules())


def threads_vs_serial(facts, rules) -> None:
    variants = [apply_overrides(facts, rules, v) if v else (facts, rules) for v in VARIANTS]
    rounds = 10
    start = time.perf_counter()
    for _ in range(rounds):
        for f, r in variants:
            score(f, r)
    serial = time.perf_counter() - start

    def work(i: int) -> None:
        for _ in range(rounds):
            score(*variants[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(variants))]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parallel = time.perf_counter() - start
    total = rounds * len(variants)
    print("scoring from threads (one engine lock per process):")
    print(f"  {total} scorings serially     {serial:6.2f} s  ({total / serial:6.1f} scorings/s)")
    print(f"  {total} scorings on 8 threads {parallel:6.2f} s  ({total / parallel:6.1f} scorings/s)")


if __name__ == "__main__":
    main()
