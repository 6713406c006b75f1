"""Uncertainty sweeps: draw facts and parameters within their ranges and score column-wise.

Which inputs vary: every fact an indicator reads that has a ``range`` (``--vary facts``),
every numeric parameter with a ``range`` (``--vary params``), or both. Values are drawn
uniformly within the range, or from a triangular distribution peaking at the reported
value when the fact says ``distribution: triangular``. A Table 5 total whose parts are
drawn is recomputed as their sum (as ``--set`` does) instead of being drawn itself;
inputs fixed with ``--set`` do not vary.

Sensitivity (the *decisive share*): for an input and a mineral, the share of sampled
scenarios in which putting that input back at its baseline value — every other input as
drawn — changes the mineral's tier. It counts how often the input's uncertainty alone
decides the tier, interactions included, and costs one extra column-wise evaluation per
input (of one mineral for a fact, of all minerals for a parameter).

Draws come from one seeded generator in a fixed order (chunk by chunk, input by input), so
the same seed and sample count give the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from critmin.assumptions.overrides import OVERRIDE_SOURCE, Override
from critmin.concepts import SCORE_DIGITS, SCORE_RANGE, TIER_OF_RANK, TIERS_HIGH_FIRST, VARY
from critmin.errors import DataError, UsageError
from critmin.facts.model import FactBase
from critmin.facts.table5 import TOTALS
from critmin.fast.columnar import Evaluation, changed_columns, evaluate_table, plan_for, run_on
from critmin.fast.plan import SCORE, TIER
from critmin.fast.scenario_table import ScenarioTable, baseline_table, read_keys
from critmin.ruleset.model import RuleBase

MAX_SAMPLES = 1_000_000
CHUNK = 10_000  # scenarios drawn at once (draws depend on it; see chunk_size)
MIN_CHUNK = 1_000
DRAW_VALUES = 1 << 25  # numbers drawn at once at most (256 MiB): very many inputs → smaller chunks
GROUP_ROWS = 1 << 20  # minerals × scenarios evaluated at once
SCORE_STEPS = 10 ** SCORE_DIGITS  # score histogram bins per point: one per possible score
SCORE_BINS = round((SCORE_RANGE[1] - SCORE_RANGE[0]) * SCORE_STEPS) + 1


@dataclass(frozen=True)
class VariedInput:
    """One varied input, named as ``--set`` names it."""

    key: str  # nickel.us.projected_addition_2035_t or params.NAME
    mineral: str | None  # None for a parameter
    name: str  # the fact key or parameter name
    low: float
    high: float
    value: float  # the baseline value (where a triangular distribution peaks)
    distribution: str = "uniform"

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.key, "low": self.low, "high": self.high, "value": self.value,
                "distribution": self.distribution}


# ---------------------------------------------------------------- inputs and draws

def varied_inputs(facts: FactBase, rules: RuleBase, vary: str = "both",
                  fixed: Iterable[str] = ()) -> list[VariedInput]:
    """The inputs a sweep draws, in a fixed order (minerals, then parameters)."""
    if vary not in VARY:
        raise UsageError(f"--vary must be one of {', '.join(VARY)}, got {vary!r}")
    fixed = set(fixed)
    inputs: list[VariedInput] = []
    if vary in ("facts", "both"):
        for mid in facts.minerals:
            inputs += _fact_inputs(facts, mid, fixed)
    if vary in ("params", "both"):
        for name, param in rules.params.items():
            key = f"params.{name}"
            if param.range and param.range[0] < param.range[1] and key not in fixed \
                    and not isinstance(param.value, str):
                inputs.append(VariedInput(key, None, name, float(param.range[0]), float(param.range[1]),
                                    float(param.value)))
    return inputs


def _fact_inputs(facts: FactBase, mid: str, fixed: set[str]) -> list[VariedInput]:
    mineral = facts.minerals[mid]
    found = []
    for key in read_keys(facts, mid):
        fact = mineral.facts.get(key)
        if fact is None or fact.range is None or not fact.range[0] < fact.range[1]:
            continue
        if fact.source == OVERRIDE_SOURCE or f"{mid}.{key}" in fixed:
            continue
        found.append(VariedInput(f"{mid}.{key}", mid, key, fact.range[0], fact.range[1],
                           float(fact.value), fact.distribution or "uniform"))
    drawn = {i.name for i in found}
    followed = set(_recomputed_totals(facts, mid, drawn))
    highs = sum(i.high for i in found if i.name.startswith("producers."))
    fixed_shares = sum(f.value for k, f in mineral.facts.items()
                       if k.startswith("producers.") and k not in drawn)
    if highs and highs + fixed_shares > 1 + 1e-9:
        raise DataError(f"{mid}: the producer shares' ranges can sum to {highs + fixed_shares:.4f}; "
                        "keep the highs of producers.* ranges so that shares never exceed 1")
    return [i for i in found if i.name not in followed]


def _recomputed_totals(facts: FactBase, mid: str, drawn: set[str]) -> list[str]:
    """Totals that follow their parts: present, not set by the user (a total given with
    --set stays as given), every part present, some part drawn."""
    mineral = facts.minerals[mid]
    out = []
    for total, parts in TOTALS.items():
        fact = mineral.facts.get(total)
        given = fact is not None and fact.source == OVERRIDE_SOURCE and fact.kind != "derived"
        if fact is not None and not given and all(p in mineral.facts for p in parts) \
                and any(p in drawn for p in parts):
            out.append(total)
    return out


def draw(inputs: list[VariedInput], rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """``size`` values of every input (each input uses exactly ``size`` uniforms)."""
    out = {}
    for item in inputs:
        u = rng.random(size)
        low, high, mode = item.low, item.high, min(max(item.value, item.low), item.high)
        if item.distribution == "triangular":
            split = (mode - low) / (high - low)
            values = np.where(u < split, low + np.sqrt(u * (high - low) * (mode - low)),
                              high - np.sqrt((1 - u) * (high - low) * (high - mode)))
        else:
            values = low + u * (high - low)
        out[item.key] = np.clip(values, low, high)
    return out


def scenario_table(facts: FactBase, rules: RuleBase, inputs: list[VariedInput],
                   draws: dict[str, np.ndarray], size: int,
                   minerals: list[str] | None = None) -> ScenarioTable:
    """The baseline with the drawn values in place and totals recomputed from their parts."""
    table = baseline_table(facts, rules, size, minerals)
    for item in inputs:
        if item.mineral is None:
            table.params[item.name] = draws[item.key]
        elif item.mineral in table.minerals:
            table.minerals[item.mineral].facts[item.name] = draws[item.key]
    for mid in table.minerals:
        drawn = {i.name for i in inputs if i.mineral == mid}
        columns = table.minerals[mid].facts
        for total in _recomputed_totals(facts, mid, drawn):
            first, second = TOTALS[total]
            columns[total] = columns[first] + columns[second]  # sum() order, as --set does
    return table


def draw_overrides(inputs: list[VariedInput], draws: dict[str, np.ndarray], index: int) -> list[Override]:
    """Scenario ``index`` as overrides, to replay it on the traced path."""
    return [Override(i.key, float(draws[i.key][index])) for i in inputs]


# ---------------------------------------------------------------- the sweep

@dataclass
class SweepResult:
    samples: int
    seed: int
    vary: str
    inputs: list[VariedInput]
    minerals: list[str]
    baseline_rank: np.ndarray  # (minerals,)
    baseline_score: np.ndarray
    counts: np.ndarray  # (minerals, ranks) tier counts by rank (concepts.TIER_OF_RANK)
    scores: np.ndarray  # (minerals, SCORE_BINS) score histogram
    decisive: dict[str, np.ndarray] = field(default_factory=dict)  # input → (minerals,) flips

    def order(self) -> list[int]:
        """Minerals as `critmin score` lists them: baseline tier, then score, then id."""
        return sorted(range(len(self.minerals)), key=lambda i: (
            -int(self.baseline_rank[i]), -float(self.baseline_score[i]), self.minerals[i]))

    def mineral_dict(self, i: int) -> dict[str, Any]:
        total = max(int(self.counts[i].sum()), 1)
        probabilities = {TIER_OF_RANK[r]: float(self.counts[i, r]) / total for r in TIER_OF_RANK}
        shares = sorted(((float(flips[i]) / total, key) for key, flips in self.decisive.items() if flips[i]),
                        key=lambda pair: (-pair[0], pair[1]))
        decisive = [{"input": key, "share": share} for share, key in shares]
        baseline = TIER_OF_RANK[int(self.baseline_rank[i])]
        return {"mineral": self.minerals[i], "baseline_tier": baseline,
                "baseline_score": float(self.baseline_score[i]),
                "probabilities": {t: probabilities[t] for t in TIERS_HIGH_FIRST},
                "stability": probabilities[baseline],
                "score": _score_summary(self.scores[i]), "decisive": decisive}

    def to_dict(self) -> dict[str, Any]:
        return {"samples": self.samples, "seed": self.seed, "vary": self.vary,
                "inputs": [i.to_dict() for i in self.inputs],
                "minerals": [self.mineral_dict(i) for i in self.order()]}


def _score_summary(histogram: np.ndarray) -> dict[str, float]:
    total = histogram.sum()
    values = SCORE_RANGE[0] + np.arange(SCORE_BINS) / SCORE_STEPS
    cumulative = np.cumsum(histogram)

    def quantile(q: float) -> float:
        return float(values[int(np.searchsorted(cumulative, q * total, side="left"))])
    return {"mean": round(float((histogram * values).sum() / max(total, 1)), 2),
            "p5": quantile(0.05), "p50": quantile(0.5), "p95": quantile(0.95)}


def run_sweep(facts: FactBase, rules: RuleBase, samples: int = 10_000, seed: int = 0,
              vary: str = "both", fixed: Iterable[str] = (), sensitivity: bool = True,
              progress: Callable[[int], None] | None = None) -> SweepResult:
    """Draw ``samples`` scenarios, score them column-wise, and measure sensitivity.

    ``progress`` is called with the number of scenarios finished after each chunk. Memory
    stays bounded however many minerals and inputs there are: the draws of a chunk hold at
    most ``DRAW_VALUES`` numbers (fewer scenarios per chunk when there are very many inputs),
    and the minerals are evaluated in groups of at most ``GROUP_ROWS`` rows.
    """
    if not 1 <= samples <= MAX_SAMPLES:
        raise UsageError(f"--samples must be between 1 and {MAX_SAMPLES:,}, got {samples:,}")
    inputs = varied_inputs(facts, rules, vary, fixed)
    base = evaluate_table(baseline_table(facts, rules), rules, outputs=SCORE)
    minerals = list(base.minerals)
    assert base.score is not None, "asked for with outputs=SCORE"
    result = SweepResult(samples, seed, vary, inputs, minerals, base.rank[:, 0], base.score[:, 0],
                         np.zeros((len(minerals), len(TIER_OF_RANK)), dtype=np.int64),
                         np.zeros((len(minerals), SCORE_BINS), dtype=np.int64),
                         {i.key: np.zeros(len(minerals), dtype=np.int64) for i in inputs} if sensitivity else {})
    chunk = chunk_size(len(inputs))
    rng = np.random.default_rng(seed)
    done = 0
    while done < samples:
        size = min(chunk, samples - done)
        draws = draw(inputs, rng, size)
        for first in range(0, len(minerals), max(1, GROUP_ROWS // size)):
            group = minerals[first:first + max(1, GROUP_ROWS // size)]
            evaluation = evaluate_table(scenario_table(facts, rules, inputs, draws, size, group), rules,
                                        outputs=SCORE)
            _count(evaluation, first, result)
            if sensitivity:
                _count_decisive(facts, rules, inputs, draws, evaluation, first, result)
        done += size
        if progress:
            progress(size)
    return result


def chunk_size(inputs: int) -> int:
    """Scenarios drawn at once: CHUNK, or fewer when so many inputs vary that their draws
    would exceed DRAW_VALUES numbers (the draws depend on it, so it depends on nothing else)."""
    return max(MIN_CHUNK, min(CHUNK, DRAW_VALUES // max(inputs, 1)))


def _count(evaluation: Evaluation, first: int, result: SweepResult) -> None:
    """Add a group's tiers and scores to the counts (minerals ``first`` onwards)."""
    group = len(evaluation.minerals)
    ranks, bins = len(TIER_OF_RANK), SCORE_BINS
    offsets = np.arange(group)[:, None]
    assert evaluation.score is not None, "asked for with outputs=SCORE"
    tiers = np.bincount((evaluation.rank + offsets * ranks).ravel(), minlength=group * ranks)
    result.counts[first:first + group] += tiers.reshape(group, ranks)
    scores = np.rint((evaluation.score - SCORE_RANGE[0]) * SCORE_STEPS).astype(np.int64)
    histogram = np.bincount((scores + offsets * bins).ravel(), minlength=group * bins)
    result.scores[first:first + group] += histogram.reshape(group, bins)


def _count_decisive(facts: FactBase, rules: RuleBase, inputs: list[VariedInput],
                    draws: dict[str, np.ndarray], drawn: Evaluation, first: int, result: SweepResult) -> None:
    """For each input, how often putting it back at its baseline changes a mineral's tier.

    A parameter: the group again, on the indicator columns already computed. A fact: its
    mineral again, computing only the indicators that read the fact (or a total it is part of).
    """
    index = {m: first + i for i, m in enumerate(drawn.minerals)}
    columns_drawn = drawn.inputs
    assert columns_drawn is not None, "every evaluation keeps its indicator columns"
    params = columns_drawn.table.params
    plan = plan_for(rules, TIER, frozenset(n for n, v in params.items() if isinstance(v, np.ndarray)))
    for item in inputs:
        if item.mineral is None:
            again = run_on(plan_for(rules, TIER, plan.varying - {item.name}), columns_drawn,
                           {**params, item.name: item.value})
            result.decisive[item.key][first:first + len(drawn.minerals)] += (again.rank != drawn.rank).sum(axis=1)
        elif item.mineral in index:
            columns, changed = _reset(facts, inputs, columns_drawn.table, item)
            again = run_on(plan, changed_columns(columns_drawn, item.mineral, columns, changed), params)
            row = index[item.mineral]
            result.decisive[item.key][row] += int((again.rank[0] != drawn.rank[row - first]).sum())


def _reset(facts: FactBase, inputs: list[VariedInput], table: ScenarioTable,
           item: VariedInput) -> tuple[dict[str, np.ndarray], set[str]]:
    """A mineral's fact columns with one drawn fact put back at its baseline value, and the
    keys that changed (the fact, and a total recomputed from it)."""
    mineral = item.mineral
    assert mineral is not None, "a fact input belongs to a mineral"
    columns = dict(table.minerals[mineral].facts)
    columns[item.name] = np.full(table.size, item.value)
    changed = {item.name}
    drawn = {i.name for i in inputs if i.mineral == item.mineral}
    for total in _recomputed_totals(facts, mineral, drawn):
        first, second = TOTALS[total]
        if item.name in (first, second):
            columns[total] = columns[first] + columns[second]  # sum() order, as --set does
            changed.add(total)
    return columns, changed
