"""Measure the assistant: ``python -m critmin.assistant.bench [--runs N]`` prints figures (no pass/fail).

- the wall time of ``critmin ask`` in a fresh process (start-up budget: 0.6 s), median of N;
- the time to answer each example question in a warm process.
What-would-it-take latency, over every graded mineral and tier, is measured by ``critmin bench``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from critmin.assistant.answers import respond
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.vocabulary import vocabulary


def fresh_process(question: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "critmin", "ask", question], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes to time (default 5)")
    args = parser.parse_args(argv)
    for question in ("why is nickel top priority?", "为什么镍是最高优先级？"):
        times = fresh_process(question, args.runs)
        print(f"critmin ask {question!r}: median {statistics.median(times):.3f} s, "
              f"min {min(times):.3f} s, max {max(times):.3f} s over {args.runs} fresh processes")

    kb = Knowledge()
    respond("rank", kb)  # load and score once
    for lang in ("en", "zh"):
        for question in vocabulary().examples[lang]:
            start = time.perf_counter()
            result, _ = respond(question, kb)
            print(f"  {time.perf_counter() - start:7.3f} s  {result.intent:8}  {question}")

if __name__ == "__main__":
    main()
