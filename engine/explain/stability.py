"""How well a tier survives the uncertainty of its inputs.

A tier's *stability* is the share of the scenarios of an uncertainty sweep (every fact and
parameter with a documented range drawn within it, see :mod:`critmin.fast.sweep`) in which the
mineral keeps the tier it has on the baseline. With the same seed, sample count and varied
inputs it is exactly the ``stable`` column of ``critmin sweep``: the draws are the same.

A tier kept in fewer than :data:`critmin.concepts.STABLE_SHARE` of the samples is *fragile*;
:func:`stability_of` also names the inputs that decide it (their decisive share: how often
putting the input back at its baseline value, all else as drawn, changes the tier).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from critmin.concepts import STABLE_SHARE, TIER_OF_RANK
from critmin.errors import UsageError
from critmin.facts.model import FactBase
from critmin.ruleset.model import RuleBase

DEFAULT_SAMPLES = 10_000  # as `critmin sweep`


@dataclass(frozen=True)
class DecidingInput:
    """An input whose uncertainty alone changes the tier in ``share`` of the samples."""

    input: str  # named as --set names it: nickel.us.projected_addition_2035_t, params.NAME
    share: float

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "share": self.share}


@dataclass(frozen=True)
class TierStability:
    """The share of sweep samples in which a mineral keeps its baseline tier."""

    mineral: str
    tier: str
    share: float
    samples: int
    seed: int
    vary: str = "both"
    deciding: tuple[DecidingInput, ...] = ()  # largest first; empty unless asked for

    @property
    def fragile(self) -> bool:
        return self.share < STABLE_SHARE

    def summary(self) -> dict[str, Any]:
        """The fields `critmin score --stability --format json` adds to each mineral."""
        return {"share": self.share, "samples": self.samples, "seed": self.seed, "vary": self.vary,
                "fragile": self.fragile}

    def to_dict(self) -> dict[str, Any]:
        return {"mineral": self.mineral, "tier": self.tier, "share": self.share,
                "samples": self.samples, "seed": self.seed, "vary": self.vary,
                "fragile": self.fragile, "stable_share": STABLE_SHARE,
                "deciding": [d.to_dict() for d in self.deciding]}


@dataclass(frozen=True)
class StabilityReport:
    """Every mineral's tier stability from one sweep."""

    samples: int
    seed: int
    vary: str
    minerals: dict[str, TierStability]

    def __getitem__(self, mineral: str) -> TierStability:
        return self.minerals[mineral]

    def to_dict(self) -> dict[str, Any]:
        return {"samples": self.samples, "seed": self.seed, "vary": self.vary,
                "stable_share": STABLE_SHARE,
                "minerals": {m: s.to_dict() for m, s in self.minerals.items()}}


def _check(samples: int, seed: int) -> None:
    from critmin.fast.sweep import MAX_SAMPLES  # numpy stays off the cold-start path

    if not 1 <= samples <= MAX_SAMPLES:
        raise UsageError(f"--samples must be between 1 and {MAX_SAMPLES:,}, got {samples:,}")
    if seed < 0:
        raise UsageError(f"--seed must be 0 or more, got {seed}")


def tier_stability(facts: FactBase, rules: RuleBase, samples: int = DEFAULT_SAMPLES, seed: int = 0,
                   vary: str = "both", fixed: Iterable[str] = ()) -> StabilityReport:
    """The stability of every mineral's tier (one column-wise sweep, no sensitivity).

    ``fixed`` names inputs that do not vary (those set with ``--set``).
    """
    from critmin.fast.sweep import run_sweep  # numpy stays off the cold-start path

    _check(samples, seed)
    result = run_sweep(facts, rules, samples, seed, vary, fixed, sensitivity=False)
    minerals = {}
    for i, mineral in enumerate(result.minerals):
        rank = int(result.baseline_rank[i])
        share = float(result.counts[i, rank]) / samples
        minerals[mineral] = TierStability(mineral, TIER_OF_RANK[rank], share, samples, seed, vary)
    return StabilityReport(samples, seed, vary, minerals)


def stability_of(facts: FactBase, rules: RuleBase, mineral: str, samples: int = DEFAULT_SAMPLES,
                 seed: int = 0, vary: str = "both", fixed: Iterable[str] = (),
                 top: int = 3) -> TierStability:
    """One mineral's tier stability and the ``top`` inputs that decide it most often.

    The draws are those of the full sweep (every input, in the same order), but only this
    mineral is evaluated, so it is cheap enough for an explanation.
    """
    import numpy as np  # numpy stays off the cold-start path

    from critmin.fast.columnar import evaluate_table  # numpy stays off the cold-start path
    from critmin.fast.sweep import baseline_table, chunk_size, draw, scenario_table, varied_inputs  # as above

    _check(samples, seed)
    facts.mineral(mineral)
    inputs = varied_inputs(facts, rules, vary, fixed)
    relevant = [item for item in inputs if item.mineral in (None, mineral)]
    baseline = int(evaluate_table(baseline_table(facts, rules, 1, [mineral]), rules, outputs="tier").rank[0, 0])
    rng = np.random.default_rng(seed)
    kept, flips, done = 0, dict.fromkeys((item.key for item in relevant), 0), 0
    chunk = chunk_size(len(inputs))
    while done < samples:
        size = min(chunk, samples - done)
        draws = draw(inputs, rng, size)
        drawn = evaluate_table(scenario_table(facts, rules, inputs, draws, size, [mineral]), rules, outputs="tier")
        rank = drawn.rank[0]
        kept += int((rank == baseline).sum())
        for item in relevant:
            reset = {**draws, item.key: np.full(size, item.value)}
            again = evaluate_table(scenario_table(facts, rules, inputs, reset, size, [mineral]), rules,
                                   same_facts_as=None if item.mineral else drawn, outputs="tier").rank[0]
            flips[item.key] += int((again != rank).sum())
        done += size
    deciding = sorted((DecidingInput(key, count / samples) for key, count in flips.items() if count),
                      key=lambda d: (-d.share, d.input))
    return TierStability(mineral, TIER_OF_RANK[baseline], kept / samples, samples, seed, vary,
                         tuple(deciding[:top]))
