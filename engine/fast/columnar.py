"""Column-wise evaluation of the rules over many scenarios at once (the fast path).

The same parsed rules (:mod:`critmin.ruleset.model`) run over a table with one row per
scenario × mineral. What a run concludes — the order of the strata, tier resolution, points
and the score — is :mod:`critmin.inference.semantics`, the very functions the traced path
(:mod:`critmin.inference.traced`) calls; expressions mean what
:mod:`critmin.language.evaluation` says (its arithmetic, comparisons and tier ranks are used
here on arrays): conditions in negation normal form, numbers compared on the grid of
:func:`critmin.indicators.numeric.quantise`, any comparison with an unknown value false.
A parity test holds both paths to identical tiers, scores, signals and levers. There is no
trace here: confirm a final answer on the traced path (:func:`critmin.inference.traced.score`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from critmin.assumptions.overrides import Overrides, apply_overrides
from critmin.concepts import RESOLUTION, TIER_OF_RANK
from critmin.errors import UsageError
from critmin.facts.model import FactBase
from critmin.fast.scenario_table import UNKNOWN_CODE, ScenarioTable, TextCodes, indicator_columns, table_from_scenarios
from critmin.indicators.catalogue import INDICATORS
from critmin.indicators.numeric import quantise_array
from critmin.inference import semantics
from critmin.inference.compiler import MAX_ENGINE_INT, scaled
from critmin.inference.frames import tier_dtype
from critmin.language.evaluation import COMPARISONS, arith, tier_name_rank
from critmin.language.normal_forms import nnf
from critmin.language.syntax import And, Arith, Compare, Const, Member, Neg, Node, Not, Or, Ref, references
from critmin.ruleset.model import Rule, RuleBase

if TYPE_CHECKING:
    import pandas as pd

NUM, TEXT, BOOL = "num", "str", "bool"


@dataclass
class Evaluation:
    """Results of one column-wise run; arrays are shaped (minerals, scenarios)."""

    minerals: tuple[str, ...]
    size: int
    rank: np.ndarray  # tier rank (concepts.TIER_RANK; 0 is unrated)
    score: np.ndarray  # semantics.score: within SCORE_RANGE, rounded to SCORE_DIGITS
    signals: dict[str, np.ndarray]  # signal → concluded?
    fired: dict[str, np.ndarray]  # rule id → fired?
    lever_rules: tuple[tuple[str, str], ...]  # (rule id, lever), in rule order
    inputs: _Indicators | None = field(default=None, repr=False)  # for reuse by a re-run

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


def evaluate_table(table: ScenarioTable, rules: RuleBase, same_facts_as: Evaluation | None = None) -> Evaluation:
    """Evaluate ``rules`` on every row of ``table`` (parameters come from the table).

    ``same_facts_as``: an earlier evaluation of a table with the same facts (only the
    parameters differ), whose indicators are reused instead of computed again.
    """
    indicators = same_facts_as.inputs if same_facts_as is not None else None
    if indicators is None or indicators.minerals != tuple(table.minerals) or indicators.size != table.size:
        indicators = _Indicators(table, rules)
    return _Run(table, rules, indicators).evaluate()


# ---------------------------------------------------------------- the run

class _Indicators:
    """The indicator columns of a table, rows mineral-major, text as integer codes."""

    def __init__(self, table: ScenarioTable, rules: RuleBase):
        self.minerals, self.size = tuple(table.minerals), table.size
        rows = len(self.minerals) * self.size
        self.text_codes = TextCodes()
        read = _indicators_read(rules)
        per_mineral = indicator_columns(table, self.text_codes, read)
        self.columns = {name: _concat([per_mineral[m][name] for m in self.minerals], rows)
                        for name in read}
        for name in read:
            if INDICATORS[name].type == NUM:
                _check_magnitude(self.columns[name])
        self.quantised: dict[str, np.ndarray] = {}


class _Run:
    """One column-wise run of the rules (a :class:`critmin.inference.semantics.Run`).

    Numbers are float arrays (a constant or a parameter is a 0-d array, broadcast), NaN
    where unknown; text values are integer codes, ``UNKNOWN_CODE`` where unknown.
    """

    def __init__(self, table: ScenarioTable, rules: RuleBase, indicators: _Indicators):
        self.rules, self.table, self.inputs = rules, table, indicators
        self.minerals = tuple(table.minerals)
        self.size = table.size
        self.rows = len(self.minerals) * self.size
        self.text_codes = indicators.text_codes
        self.indicators = indicators.columns
        self.quantised = indicators.quantised
        self.params = {name: self._param(value) for name, value in table.params.items()}
        self.fired: dict[str, np.ndarray] = {}
        self.signals: dict[str, np.ndarray] = {}
        self.rank: np.ndarray | None = None
        self.local: dict[str, Any] = {}  # quantised parameters and tier of this run

    def _param(self, value: Any) -> tuple[str, Any]:
        if isinstance(value, np.ndarray):
            if value.dtype == object:
                codes = np.array([self.text_codes.code(v) for v in value], dtype=np.int64)
                return TEXT, np.tile(codes, len(self.minerals))
            return NUM, np.tile(value.astype(float), len(self.minerals))
        if isinstance(value, str):
            return TEXT, self.text_codes.code(value)
        return NUM, np.asarray(float(value))

    def evaluate(self) -> Evaluation:
        with np.errstate(all="ignore"):
            semantics.run_strata(semantics.strata(self.rules.rules), self)
            score = semantics.score((semantics.points(self.value(r.points)[1]), self.fired[r.id])
                                    for r in self.rules.rules if r.kind == "points" and r.points is not None)
        shape = (len(self.minerals), self.size)
        assert self.rank is not None, "the tier rules have run"
        names = {r.conclusion for r in self.rules.rules if r.kind == "signal"}
        return Evaluation(
            minerals=self.minerals, size=self.size, rank=self.rank.reshape(shape),
            score=_full(score, self.rows, float).reshape(shape),
            signals={n: _full(self.signals.get(n, False), self.rows).reshape(shape) for n in sorted(names)},
            fired={rid: f.reshape(shape) for rid, f in self.fired.items()},
            lever_rules=tuple((r.id, r.conclusion) for r in self.rules.rules if r.kind == "lever"),
            inputs=self.inputs)

    def conclude(self, stratum: semantics.Stratum) -> None:
        concluded = {rule.id: self.condition(rule) for rule in stratum.rules}
        self.fired.update(concluded)
        for rule in stratum.rules:
            if rule.kind == "signal":
                before = self.signals.get(rule.conclusion, False)
                self.signals[rule.conclusion] = before | concluded[rule.id]

    def resolve_tiers(self) -> None:
        rank = semantics.tier_rank((r.conclusion, self.fired[r.id]) for r in self.rules.rules if r.kind == "tier")
        self.rank = _full(rank, self.rows, np.int8)

    def condition(self, rule: Rule) -> np.ndarray:
        holds = self.truth(nnf(rule.when))
        for ref in semantics.points_indicators(rule):
            holds = holds & _known(*self.value(ref))
        return _full(holds, self.rows)

    # ------------------------------------------------------------ expressions

    def truth(self, node: Node) -> Any:
        """A condition: a bool, or a bool array over the rows."""
        if isinstance(node, Const):
            return bool(node.value)
        if isinstance(node, Ref):
            return self.signals.get(node.name, False)
        if isinstance(node, Not):
            return ~_full(self.truth(node.operand), self.rows)
        if isinstance(node, And):
            result: Any = True
            for item in node.items:
                result = result & self.truth(item)
            return result
        if isinstance(node, Or):
            result = False
            for item in node.items:
                result = result | self.truth(item)
            return result
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, Member):
            return self.member(node)
        raise TypeError(f"not a condition: {node!r}")

    def value(self, node: Node) -> tuple[str, Any]:
        """(kind, data): numbers as floats (NaN unknown), text as codes (-1 unknown)."""
        if isinstance(node, Const):
            if isinstance(node.value, str):
                return TEXT, self.text_codes.code(node.value)
            return NUM, np.asarray(float(node.value))
        if isinstance(node, Ref):
            if node.kind == "indicator":
                return INDICATORS[node.name].type, self.indicators[node.name]
            if node.kind == "param":
                return self.params[node.name]
            if node.kind == "tier":
                assert self.rank is not None, "a rule reads the tier only after the tier rules"
                return NUM, self.rank.astype(float)
            return BOOL, self.signals.get(node.name, False)
        if isinstance(node, Neg):
            return NUM, -self.value(node.operand)[1]
        if isinstance(node, Arith):
            return NUM, arith(node.op, self.value(node.left)[1], self.value(node.right)[1])
        return BOOL, self.truth(node)

    def side(self, node: Node) -> tuple[str, Any]:
        """A side of a comparison: a tier name stands for its rank."""
        rank = tier_name_rank(node)
        return self.value(node) if rank is None else (NUM, np.asarray(float(rank)))

    def quantise(self, node: Node, data: Any) -> Any:
        """Values on the comparison grid; each indicator, parameter and the tier quantised once."""
        if not isinstance(node, Ref):
            return quantise_array(data)
        cache = self.quantised if node.kind == "indicator" else self.local
        key = node.kind + ":" + node.name
        if key not in cache:
            cache[key] = quantise_array(data)
        return cache[key]

    def compare(self, node: Compare) -> Any:
        (lk, left), (rk, right) = self.side(node.left), self.side(node.right)
        known = _known(lk, left) & _known(rk, right)
        if lk == NUM and rk == NUM:
            left, right = self.quantise(node.left, left), self.quantise(node.right, right)
            if _varies(node.left) or _varies(node.right):
                _check_engine_range(*(q for q, n in ((left, node.left), (right, node.right)) if _scaled_here(n)))
        elif node.op not in ("==", "!="):
            return False
        elif lk != rk:  # text against a number: never equal
            return known & (node.op == "!=")
        return known & COMPARISONS[node.op](left, right)

    def member(self, node: Member) -> Any:
        kind, data = self.value(node.left)
        if kind == NUM:
            data = self.quantise(node.left, data)
            items = [float(scaled(v)) for v in node.items]
            if _scaled_here(node.left):
                _check_engine_range(data)
        else:
            items = [self.text_codes.code(v) for v in node.items]
        found = np.isin(data, items) if isinstance(data, np.ndarray) else data in items
        return _known(kind, data) & (found != node.negated)


# ---------------------------------------------------------------- helpers

def _indicators_read(rules: RuleBase) -> list[str]:
    """Indicators some rule reads; no other can change a result, so no other is computed."""
    refs = [ref for rule in rules.rules for node in (rule.when, rule.points) if node is not None
            for ref in references(node)]
    return [name for name in INDICATORS if any(r.kind == "indicator" and r.name == name for r in refs)]


def _known(kind: str, data: Any) -> Any:
    if kind == TEXT:
        return np.not_equal(data, UNKNOWN_CODE)
    if kind == NUM:
        return ~np.isnan(data)
    return True


def _varies(node: Node) -> bool:
    return any(r.kind in ("indicator", "tier") for r in references(node))


def _scaled_here(node: Node) -> bool:
    """Whether a side's values reach the engine here (indicators were checked up front)."""
    return not (isinstance(node, Ref) and node.kind in ("indicator", "tier"))


def _check_engine_range(*values: Any) -> None:
    """The traced path refuses numbers durable_rules cannot hold; so does this one."""
    for value in values:
        largest = np.fmax.reduce(np.abs(np.ravel(value)), initial=0.0)  # NaN (unknown) ignored
        if largest > MAX_ENGINE_INT:
            scaled(float(largest) / RESOLUTION)  # raises EngineError


def _check_magnitude(column: np.ndarray) -> None:
    _check_engine_range(quantise_array(column))


def _full(value: Any, rows: int, dtype: Any = bool) -> np.ndarray:
    """``value`` as an array of ``rows`` elements (a bool or a 0-d array is broadcast)."""
    if isinstance(value, np.ndarray) and value.shape == (rows,) and value.dtype == dtype:
        return value
    return np.broadcast_to(np.asarray(value, dtype=dtype), (rows,)).copy()


def _concat(parts: list[np.ndarray], rows: int) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty(rows)
