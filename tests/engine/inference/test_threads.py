"""Thread safety: eight threads scoring different what-ifs at once get the serial results.

The engine keeps one durable_rules host per process behind one lock (see README, "Thread
model"); these tests make threads start together and interleave as much as they can.
"""

from __future__ import annotations

import threading

import pytest

import critmin
from critmin.assumptions.overrides import apply_overrides
from critmin.errors import OverrideError
from critmin.inference.durable import MAX_RULESETS, adapter
from critmin.inference.traced import score

# Each thread's own assumptions: facts, parameters, countries, or several at once.
VARIANTS = [
    [],
    ["params.severe_shortfall_min=0.995"],
    ["nickel.us.projected_addition_2035_t=700000"],
    ["countries.Indonesia.alignment=ally"],
    ["params.concentrated_top1_min=0.3", "graphite.processing.china_share=0.2"],
    ["cobalt.producers.DR Congo=0.3", "countries.China.alignment=neutral"],
    ["params.major_shortfall_min=0.2", "copper.us.projected_addition_2035_t=0"],
    ["lithium.us.consumption_t=200000", "params.severe_shortfall_min=0.5"],
]


def fingerprint(results) -> str:
    """Everything a result says, traces included."""
    return results.to_json(trace=True)


def run_together(work, count: int = 8, rounds: int = 3) -> dict[tuple[int, int], object]:
    """Run ``work(i)`` on ``count`` threads released at once, ``rounds`` times each."""
    barrier = threading.Barrier(count)
    out: dict[tuple[int, int], object] = {}

    def run(i: int) -> None:
        barrier.wait()
        for r in range(rounds):
            try:
                out[i, r] = work(i)
            except Exception as exc:  # recorded, compared by the test
                out[i, r] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a scoring thread hung"
    return out


def test_eight_threads_with_different_overrides_get_the_serial_results(facts, rules):
    variants = [apply_overrides(facts, rules, v) if v else (facts, rules) for v in VARIANTS]
    serial = [fingerprint(score(f, r)) for f, r in variants]
    assert len(set(serial)) == len(serial), "the variants must differ for the test to mean anything"
    before = threading.active_count()

    out = run_together(lambda i: fingerprint(score(*variants[i])))
    assert {key: value for key, value in out.items() if value != serial[key[0]]} == {}
    assert threading.active_count() == before
    assert adapter().registered <= MAX_RULESETS


def test_threads_through_the_public_api_with_errors_among_them(tmp_path):
    # assess() loads from disk and applies overrides on each call; one thread's bad override
    # is its own error and changes nobody else's results.
    cases = VARIANTS[:7] + [["nickel.us.supply_2035_t=-1"]]
    serial = [fingerprint(critmin.assess(overrides=v)) for v in cases[:7]]
    out = run_together(lambda i: critmin.assess(overrides=cases[i]), rounds=2)
    for (i, _), value in out.items():
        if i == 7:
            assert isinstance(value, OverrideError) and "cannot be negative" in str(value)
        else:
            assert fingerprint(value) == serial[i], i


@pytest.mark.parametrize("count", [8])
def test_threads_with_their_own_rule_sets(rules_copy, facts, count):
    # different rule files compile to different durable rule sets, registered concurrently
    bases = []
    for i in range(count):
        directory = rules_copy.parent / f"rules{i}"
        directory.mkdir()
        for path in rules_copy.glob("*.yaml"):
            (directory / path.name).write_bytes(path.read_bytes())
        (directory / "extra.yaml").write_text(
            f"rules:\n  - id: extra_{i}\n    when: hhi >= {i / 20}\n    then: {{points: {i}}}\n"
            "    because: Test.\n    source: test\n", encoding="utf-8")
        bases.append(critmin.load_rules(directory))
    serial = [fingerprint(score(facts, b)) for b in bases]
    out = run_together(lambda i: fingerprint(score(facts, bases[i])), count=count, rounds=2)
    assert all(value == serial[i] for (i, _), value in out.items())
