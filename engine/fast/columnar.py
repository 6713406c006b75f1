"""Column-wise evaluation of the rules over many scenarios at once (the fast path).

The same parsed rules (:mod:`critmin.ruleset.model`) run over a table with one row per
scenario × mineral. The rule set is compiled once into a plan of array operations
(:mod:`critmin.fast.plan`) and run chunk by chunk (:mod:`critmin.fast.execute`). What a run
concludes — the order of the strata, tier resolution, points and the score — is
:mod:`critmin.inference.semantics`, the very functions the traced path
(:mod:`critmin.inference.traced`) calls; expressions mean what
:mod:`critmin.language.evaluation` says: conditions in negation normal form, numbers compared
on the grid of :func:`critmin.indicators.numeric.quantise`, any comparison with an unknown
value false. A parity test holds both paths to identical tiers, scores, signals and levers.
There is no trace here: confirm a final answer on the traced path
(:func:`critmin.inference.traced.score`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from critmin.assumptions.overrides import Overrides, apply_overrides
from critmin.concepts import TIER_OF_RANK
from critmin.errors import UsageError
from critmin.facts.model import FactBase
from critmin.fast.execute import run_plan
from critmin.fast.kernels import check_engine_range
from critmin.fast.plan import FULL, GRID, SCORE, TIER, Plan, compile_plan
from critmin.fast.scenario_table import ScenarioTable, TextCodes, indicator_columns, table_from_scenarios
from critmin.indicators.catalogue import INDICATORS, PRODUCERS
from critmin.indicators.numeric import quantise, quantise_array
from critmin.inference.frames import tier_dtype
from critmin.io.recent import Recent
from critmin.ruleset.model import RuleBase

if TYPE_CHECKING:
    import pandas as pd

OUTPUTS = (TIER, SCORE, FULL)


@dataclass
class Evaluation:
    """Results of one column-wise run; arrays are shaped (minerals, scenarios).

    ``score`` is None when only tiers were asked for; ``signals`` and ``fired`` are empty
    unless everything was (see :func:`evaluate_table`).
    """

    minerals: tuple[str, ...]
    size: int
    rank: np.ndarray  # tier rank (concepts.TIER_RANK; 0 is unrated)
    score: np.ndarray | None  # semantics.score: within SCORE_RANGE, rounded to SCORE_DIGITS
    signals: dict[str, np.ndarray]  # signal → concluded?
    fired: dict[str, np.ndarray]  # rule id → fired?
    lever_rules: tuple[tuple[str, str], ...]  # (rule id, lever), in rule order
    inputs: Indicators | None = field(default=None, repr=False)  # for reuse by a re-run

    def tiers(self) -> np.ndarray:
        """Tier names, shaped (minerals, scenarios)."""
        names = np.array([TIER_OF_RANK[r] for r in range(len(TIER_OF_RANK))], dtype=object)
        return names[self.rank]

    def to_frame(self):
        """One row per (scenario, mineral): scenario, mineral, tier, score, signals, levers.

        ``signals`` is the sorted tuple of concluded signals; ``levers`` the tuple of lever
        ids in the order the traced path lists them (first firing rule first).
        """
        import pandas as pd  # pandas: only when a frame is asked for

        names = sorted(self.signals)
        rows = len(self.minerals) * self.size
        signal_matrix = _stack([_rows(self.signals[n]) for n in names], rows)
        lever_matrix = _stack([_rows(self.fired[r]) for r, _ in self.lever_rules], rows)
        levers = [lever for _, lever in self.lever_rules]
        return pd.DataFrame({
            "scenario": np.repeat(np.arange(self.size), len(self.minerals)),
            "mineral": np.tile(np.array(self.minerals, dtype=object), self.size),
            "tier": _rows(self.tiers()),
            "score": _rows(self.score),
            "signals": _tuples(signal_matrix, names),
            "levers": _tuples(lever_matrix, levers),
        }).astype({"tier": tier_dtype()})


def _rows(matrix: np.ndarray) -> np.ndarray:
    """(minerals, scenarios) → one value per row, scenario-major."""
    return np.asarray(matrix).T.reshape(-1)


def _stack(columns: list[np.ndarray], rows: int) -> np.ndarray:
    return np.array(columns, dtype=bool) if columns else np.zeros((0, rows), dtype=bool)


def _tuples(matrix: np.ndarray, names: Sequence[str]) -> list[tuple[str, ...]]:
    """Per row, the names whose flag is set (in ``names`` order, duplicates dropped)."""
    rows = matrix.shape[1]
    if not len(names):
        return [()] * rows
    packed = np.ascontiguousarray(np.packbits(matrix.T, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    patterns = [tuple(dict.fromkeys(n for n, on in zip(names, matrix[:, i]) if on)) for i in first]
    return [patterns[i] for i in inverse.ravel()]


# ---------------------------------------------------------------- public entry points

def evaluate_scenarios(facts: FactBase, rules: RuleBase, overrides_list: Iterable[Overrides],
                       minerals: Sequence[str] | None = None) -> pd.DataFrame:
    """Score many what-if scenarios at once on the fast path; returns a pandas DataFrame.

    ``overrides_list`` holds one set of overrides per scenario, each as :func:`critmin.load`
    takes them: a mapping (``{"params.severe_shortfall_min": 0.8}``) or a list of ``KEY=VALUE``
    texts (``"nickel.us.projected_addition_2035_t=700000"``,
    ``"countries.Indonesia.alignment=ally"``) or :class:`critmin.assumptions.overrides.Override`
    objects; an empty one is the baseline. Every scenario is checked as
    :func:`critmin.assumptions.overrides.apply_overrides` checks it (a bad one raises
    ``OverrideError``). ``minerals`` (ids) limits the minerals (all by default).

    The frame has one row per (scenario, mineral), scenario-major, with columns
    ``scenario`` (index into ``overrides_list``), ``mineral`` (id), ``tier`` (the ordered
    categorical ``unrated < low < medium < high < very_high``), ``score`` (0–100, one decimal),
    ``signals`` (sorted tuple of concluded signals) and ``levers`` (tuple of lever ids), as in
    ``Results.to_frame()`` (:mod:`critmin.inference.frames`). They equal
    :func:`critmin.inference.traced.score` on the same inputs; use that traced path to explain
    or confirm a final answer.
    """
    if overrides_list is None or isinstance(overrides_list, (str, bytes, Mapping)):
        raise UsageError("evaluate_scenarios takes one set of overrides per scenario, e.g. "
                         "[{}, {'params.severe_shortfall_min': 0.99}] or [[], ['params.severe_shortfall_min=0.99']]")
    pairs = [apply_overrides(facts, rules, o) for o in overrides_list]
    if not pairs:
        raise UsageError("evaluate_scenarios needs at least one scenario (an empty list is the baseline)")
    return evaluate_table(table_from_scenarios(pairs, minerals), rules).to_frame()


def evaluate_table(table: ScenarioTable, rules: RuleBase, same_facts_as: Evaluation | None = None,
                   outputs: str = FULL) -> Evaluation:
    """Evaluate ``rules`` on every row of ``table`` (parameters come from the table).

    ``outputs``: ``"tier"`` (the tier only), ``"score"`` (and the score) or ``"full"`` (and
    every signal and rule firing, for frames); less is faster. ``same_facts_as``: an earlier
    evaluation of a table with the same facts (only the parameters differ), whose indicator
    columns are reused instead of computed again.
    """
    if outputs not in OUTPUTS:
        raise ValueError(f"outputs must be one of {OUTPUTS}, got {outputs!r}")
    varying = frozenset(n for n, v in table.params.items() if isinstance(v, np.ndarray))
    plan = plan_for(rules, outputs, varying)
    indicators = same_facts_as.inputs if same_facts_as is not None else None
    if indicators is None or indicators.minerals != tuple(table.minerals) or indicators.size != table.size:
        indicators = Indicators(table, plan)
    return run_on(plan, indicators, table.params)


def run_on(plan: Plan, indicators: Indicators, params: dict) -> Evaluation:
    """Run a plan on indicator columns already computed, with these parameters."""
    missing = [name for name in plan.indicators if name not in indicators.columns]
    if missing:
        indicators.add(missing)
    results = run_plan(plan, indicators.columns, params, indicators.text_codes.codes,
                       len(indicators.minerals), indicators.size)
    full = plan.outputs == FULL
    return Evaluation(  # (minerals, scenarios) views of the scenario-major results
        minerals=indicators.minerals, size=indicators.size, rank=results[plan.rank].T,
        score=results[plan.score].T if plan.outputs != TIER else None,
        signals={n: results[r].T for n, r in sorted(plan.signals.items())} if full else {},
        fired={rid: results[r].T for rid, r in plan.fired.items()} if full else {},
        lever_rules=plan.lever_rules, inputs=indicators)


# ---------------------------------------------------------------- plans, compiled once

MAX_PLANS = 32
_PLANS: Recent[Plan] = Recent(MAX_PLANS)


def plan_for(rules: RuleBase, outputs: str = FULL, varying: frozenset[str] = frozenset()) -> Plan:
    """The compiled plan of a rule set (its rules and the types of its parameters, not their
    values: those are bound per table), compiled once per ``outputs`` and ``varying``
    (:func:`critmin.fast.plan.compile_plan`)."""
    key = (tuple((r.id, r.when_text, r.points_text, r.kind, r.conclusion, r.stratum) for r in rules.rules),
           tuple(sorted((n, isinstance(v, str)) for n, v in rules.param_values.items())), outputs, varying)
    return _PLANS.get(key, lambda: compile_plan(rules, outputs, varying))


# ---------------------------------------------------------------- indicator columns

class Indicators:
    """The indicator columns of a table, scenario-major: shaped (scenarios, minerals), so that a
    chunk of scenarios is contiguous; text as integer codes."""

    def __init__(self, table: ScenarioTable, plan: Plan):
        self.table = table
        self.minerals, self.size = tuple(table.minerals), table.size
        self.text_codes = TextCodes()
        self.columns: dict[str, np.ndarray] = {}
        self.add(list(plan.indicators))

    def add(self, names: list[str]) -> None:
        """Compute more columns (only the indicators some rule reads are ever computed); a name
        ``grid:NAME`` is an indicator's values on the comparison grid."""
        grid = [name for name in names if name.startswith(GRID)]
        names = [name for name in names if not name.startswith(GRID)]
        per_mineral = indicator_columns(self.table, self.text_codes, names)
        for name in names:
            column = np.stack([per_mineral[m][name] for m in self.minerals], axis=1) if self.minerals \
                else np.empty((self.size, 0))
            if INDICATORS[name].type == "num":
                _check_magnitude(column)
            self.columns[name] = column
        for name in grid:
            if name[len(GRID):] not in self.columns:
                self.add([name[len(GRID):]])
            self.columns[name] = quantise_array(self.columns[name[len(GRID):]])


def changed_columns(indicators: Indicators, mineral: str, facts: dict[str, np.ndarray],
                    changed: set[str]) -> Indicators:
    """One mineral's columns with some of its facts changed (``facts``: all of them, as a
    table holds them): the indicators that read a changed fact are computed again, the others
    are the columns already computed."""
    base = indicators.table
    column = base.minerals[mineral]
    table = ScenarioTable(base.size, {mineral: replace(column, facts=facts)}, base.countries, base.params)
    out = Indicators.__new__(Indicators)
    out.table, out.minerals, out.size, out.text_codes = table, (mineral,), base.size, indicators.text_codes
    where = indicators.minerals.index(mineral)
    again = [name for name in indicators.columns if _reads_any(name.removeprefix(GRID), changed)]
    out.columns = {name: col[:, where:where + 1] for name, col in indicators.columns.items() if name not in again}
    out.add([name for name in again if not name.startswith(GRID)] + [name for name in again if name.startswith(GRID)])
    return out


def _reads_any(name: str, keys: set[str]) -> bool:
    args = INDICATORS[name].args
    producers = any(k.startswith("producers.") for k in keys)
    return any(a in keys for a in args) or (producers and any(a.startswith(PRODUCERS) for a in args))


def _check_magnitude(column: np.ndarray) -> None:
    """Refuse a value the engine could not hold, as the traced path does (quantising is
    monotone, so the largest magnitude decides)."""
    if column.size:
        largest = max(np.fmax.reduce(column, axis=None), -np.fmin.reduce(column, axis=None))
        if largest == largest:  # not all unknown
            check_engine_range(np.asarray(float(quantise(largest))))
