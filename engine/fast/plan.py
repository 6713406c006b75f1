"""A rule set compiled once into a plan of array operations (the column-wise path's engine).

The rules' conditions are put in negation normal form and turned, once, into a flat list of
operations on registers: every comparison of an indicator (or the tier) with a constant or a
parameter becomes one comparison of the raw column with a threshold (:mod:`critmin.fast.grid`;
a parameter's thresholds are found once per table, not per row), ``and`` / ``or`` / ``not``
become in-place logical operations, and what a run concludes — tier resolution, points and
the score — is :mod:`critmin.inference.semantics`, called on whole chunks. Other comparisons
(arithmetic on columns, two columns, text) quantise their sides as
:mod:`critmin.language.evaluation` defines. Running a plan (:mod:`critmin.fast.execute`)
binds the registers to one chunk of rows at a time and calls the operations in order: no
tree is walked and no rule is looked at while it runs.

Only what is asked for is computed: a search needs the tier, a sweep the tier and the score,
a parity check or a frame everything (signals, and which rule fired).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from critmin.fast import analysis, kernels
from critmin.fast.undecided import ThreeValued, signals_read_negated
from critmin.indicators.catalogue import INDICATORS
from critmin.inference import semantics
from critmin.inference.compiler import scaled
from critmin.language.evaluation import tier_name_rank
from critmin.language.normal_forms import nnf
from critmin.language.syntax import (
    FLIPPED,
    And,
    Arith,
    Compare,
    Const,
    Member,
    Neg,
    Node,
    Not,
    Or,
    Ref,
    references,
)
from critmin.ruleset.model import Rule, RuleBase

NUM, TEXT = "num", "str"
TIER, SCORE, FULL = "tier", "score", "full"  # what a run yields: the tier; and the score; everything
GRID = "grid:"  # an input column of an indicator's values on the comparison grid
SAFE_MAGNITUDE = 1e300  # arithmetic below this cannot overflow
Arg = tuple[str, Any]  # ("r", register) or ("k", a constant)


@dataclass
class Op:
    """``fn(*args, out=register)``, each arg a register's chunk or a constant."""

    fn: Callable[..., Any]
    args: tuple[Arg, ...]
    out: int


@dataclass
class Bound:
    """A register holding a value fixed per table: a number, or one per scenario."""

    reg: int
    compute: Callable[[kernels.Context], Any]
    reads: tuple[str, ...] = ()  # the parameters it is computed from
    text: bool = False  # a text code: it also depends on the table's codes


@dataclass
class Plan:
    rules: RuleBase
    outputs: str = FULL
    varying: frozenset[str] = frozenset()  # parameters that differ between scenarios
    ops: list[Op] = field(default_factory=list)
    dtypes: dict[int, Any] = field(default_factory=dict)  # register → dtype (object: bound)
    indicators: dict[str, int] = field(default_factory=dict)  # indicator → register
    bound: list[Bound] = field(default_factory=list)
    rank: int = 0
    score: int = 0
    signals: dict[str, int] = field(default_factory=dict)  # signal → register
    fired: dict[str, int] = field(default_factory=dict)  # rule id → register
    lever_rules: tuple[tuple[str, str], ...] = ()  # (rule id, lever) in rule order

    def register(self, dtype: Any) -> int:
        number = len(self.dtypes) + 1
        self.dtypes[number] = dtype
        return number

    def kept(self) -> set[int]:
        """Registers a run returns."""
        out = {self.rank} | ({self.score} if self.outputs != TIER else set())
        if self.outputs == FULL:
            out |= set(self.signals.values()) | set(self.fired.values())
        return out


def compile_plan(rules: RuleBase, outputs: str = FULL, varying: frozenset[str] = frozenset()) -> Plan:
    """The rule set as a plan of array operations yielding ``outputs`` (TIER, SCORE or FULL).

    ``varying``: the parameters that will differ between scenarios. A comparison with a
    fixed value runs on thresholds; one with a varying parameter compares quantised values
    (the indicator is quantised once per chunk, the parameter once per table), which costs
    less than finding thresholds scenario by scenario."""
    builder = _Builder(rules, outputs, varying)
    semantics.run_strata(semantics.strata(rules.rules), builder)
    builder.finish()
    return builder.plan


class _Builder(ThreeValued):
    """Compiles the rules stratum by stratum (a :class:`critmin.inference.semantics.Run`)."""

    def __init__(self, rules: RuleBase, outputs: str, varying: frozenset[str]):
        self.rules = rules
        self.plan = Plan(rules, outputs, varying)
        self.points: list[tuple[Arg, int]] = []  # (points, fired register)
        self.shared: dict[tuple, int] = {}  # bound values and known-flags, computed once
        self.decided_false: dict[str, int | bool] = {}  # signal → decided false (semantics.decide)
        self.three_valued = signals_read_negated(rules)

    # ------------------------------------------------------------ strata
    def conclude(self, stratum: semantics.Stratum) -> None:
        plan = self.plan
        for rule in stratum.rules:
            if (rule.kind == "lever" and plan.outputs != FULL) or (rule.kind == "points" and plan.outputs == TIER):
                continue  # no answer asked for reads them
            fired = self.condition(rule)
            plan.fired[rule.id] = fired
            if rule.kind == "signal":
                before = plan.signals.get(rule.conclusion)
                plan.signals[rule.conclusion] = fired if before is None else \
                    self.logical(np.logical_or, [before, fired], fresh=True)
                if rule.conclusion in self.three_valued:
                    self.decide_false(rule)
            elif rule.kind == "points":
                self.points.append((self.points_value(rule), fired))

    def resolve_tiers(self) -> None:
        plan = self.plan
        tiers = [(r.conclusion, plan.fired[r.id]) for r in self.rules.rules if r.kind == "tier"]
        plan.rank = plan.register(np.int8)
        args = (("k", tuple(t for t, _ in tiers)),) + tuple(("r", f) for _, f in tiers)
        plan.ops.append(Op(kernels.tier_rank, args, plan.rank))

    def finish(self) -> None:
        plan = self.plan
        plan.lever_rules = tuple((r.id, r.conclusion) for r in self.rules.rules if r.kind == "lever")
        if plan.outputs == TIER:
            return
        plan.score = plan.register(float)
        args = tuple(value for value, _ in self.points) + tuple(("r", f) for _, f in self.points)
        plan.ops.append(Op(kernels.score, args, plan.score))

    # ------------------------------------------------------------ conditions
    def condition(self, rule: Rule) -> int:
        """A register of the rule's fired flags, one per row."""
        holds = self.truth(nnf(rule.when))
        guards = [self.known(ref.name) for ref in semantics.points_indicators(rule)
                  if not analysis.implied(rule.when, ref)]
        result = self.logical(np.logical_and, [holds, *guards], fresh=True)
        if isinstance(result, bool):
            reg = self.plan.register(bool)
            self.plan.ops.append(Op(kernels.fill, (("k", result),), reg))
            return reg
        return result

    def truth(self, node: Node) -> int | bool:
        if isinstance(node, Const):
            return bool(node.value)
        if isinstance(node, Ref):  # a signal (nnf leaves ``not`` only on signals)
            return self.plan.signals.get(node.name, False)
        if isinstance(node, Not) and node.operand.name in self.decided_false:
            return self.decided_false[node.operand.name]  # decided false, not merely undecided
        if isinstance(node, Not):
            inner = self.truth(node.operand)
            if isinstance(inner, bool):
                return not inner
            out = self.plan.register(bool)
            self.plan.ops.append(Op(np.logical_not, (("r", inner),), out))
            return out
        if isinstance(node, (And, Or)):
            items = [self.truth(item) for item in node.items]
            return self.logical(np.logical_and if isinstance(node, And) else np.logical_or, items)
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, Member):
            return self.member(node)
        raise TypeError(f"not a condition: {node!r}")

    def op(self, fn: Any, args: tuple, out: int) -> None:
        self.plan.ops.append(Op(fn, args, out))

    def logical(self, ufunc: Any, items: list[int | bool], fresh: bool = False) -> int | bool:
        """``and`` / ``or`` of registers and constants, folded where a constant decides it.
        ``fresh``: the result must be a register of its own (it is kept as a rule's flags)."""
        neutral = ufunc is np.logical_and
        regs: list[int] = []
        for item in items:
            if isinstance(item, bool):
                if item != neutral:
                    return item  # False in an and, True in an or
                continue
            regs.append(item)
        if not regs:
            return neutral
        if len(regs) == 1 and not (fresh and self._shared(regs[0])):
            return regs[0]
        out = self.plan.register(bool)
        if len(regs) == 1:
            self.plan.ops.append(Op(kernels.copy, (("r", regs[0]),), out))
            return out
        self.plan.ops.append(Op(ufunc, (("r", regs[0]), ("r", regs[1])), out))
        for reg in regs[2:]:
            self.plan.ops.append(Op(ufunc, (("r", out), ("r", reg)), out))
        return out

    def _shared(self, reg: int) -> bool:
        """Whether a register is read under another name (a signal, a shared flag)."""
        return reg in self.plan.signals.values() or reg in self.shared.values() or reg in self.plan.fired.values()

    def known(self, name: str) -> int:
        key = ("known", name)
        if key not in self.shared:
            out = self.plan.register(bool)
            self.plan.ops.append(Op(kernels.known_number, (("r", self.indicator(name)),), out))
            self.shared[key] = out
        return self.shared[key]

    # ------------------------------------------------------------ comparisons
    def compare(self, node: Compare) -> int | bool:
        left, right, op = node.left, node.right, node.op
        if analysis.varies(right) and not analysis.varies(left):
            left, right, op = right, left, FLIPPED[op]
        if self.kind(left) == TEXT:
            if op not in ("==", "!="):
                return False
            out = self.plan.register(bool)
            self.plan.ops.append(Op(kernels.text_compare, (("k", op), self.text(left), self.text(right)), out))
            return out
        if analysis.column(left) and not analysis.varies(right):
            if not any(r.kind == "param" and r.name in self.plan.varying for r in references(right)):
                return self.threshold_compare(op, left, right)
            side = self.quantised_column(left)
            fixed = self.fixed(right, check=True)
            bound = ("r", self.shared_bind(("quantised", repr(right)), lambda ctx: kernels.quantise(fixed(ctx)),
                                           analysis.reads(right)))
            out = self.plan.register(bool)
            self.plan.ops.append(Op(kernels.quantised_compare, (("k", op), side, bound), out))
            return out
        differs = analysis.varies(node.left) or analysis.varies(node.right)
        sides = tuple(self.quantised(side, check=differs and analysis.scaled_here(side))
                      for side in (node.left, node.right))
        out = self.plan.register(bool)
        self.plan.ops.append(Op(kernels.quantised_compare, (("k", node.op), *sides), out))
        return out

    def threshold_compare(self, op: str, left: Ref, right: Node) -> int | bool:
        """A column (an indicator, the tier) against a value fixed per scenario: raw values
        against thresholds found once per table (``==``: two of them, ``!=``: either side)."""
        column = self.plan.rank if left.kind == "tier" else self.indicator(left.name)
        fixed = self.fixed(right, check=True)
        parts = {"==": (">=", "<="), "!=": ("<", ">")}.get(op, (op,))
        flags = []
        for index, part in enumerate(parts):
            bound = self.shared_bind(("threshold", op, index, repr(right)),
                                     lambda ctx, i=index: kernels.threshold(op, fixed(ctx), i), analysis.reads(right))
            out = self.plan.register(bool)
            self.plan.ops.append(Op(kernels.grid_compare, (("k", part), ("r", column), ("r", bound)), out))
            flags.append(out)
        return self.logical(np.logical_or if op == "!=" else np.logical_and, flags)

    def member(self, node: Member) -> int:
        out = self.plan.register(bool)
        if self.kind(node.left) == TEXT:
            items = self.bind(lambda ctx: np.array([ctx.code(v) for v in node.items], dtype=np.int64), text=True)
            args = (("k", node.negated), self.text(node.left), ("r", items))
            self.plan.ops.append(Op(kernels.text_member, args, out))
            return out
        data = self.quantised(node.left, check=analysis.scaled_here(node.left) and analysis.varies(node.left))
        items = tuple(float(scaled(v)) for v in node.items)
        self.plan.ops.append(Op(kernels.number_member, (("k", node.negated), ("k", items), data), out))
        return out

    # ------------------------------------------------------------ values
    def kind(self, node: Node) -> str:
        if isinstance(node, Const):
            return TEXT if isinstance(node.value, str) and tier_name_rank(node) is None else NUM
        if isinstance(node, Ref) and node.kind == "indicator":
            return INDICATORS[node.name].type
        if isinstance(node, Ref) and node.kind == "param":
            return TEXT if isinstance(self.rules.param_values.get(node.name), str) else NUM
        return NUM

    def indicator(self, name: str) -> int:
        if name not in self.plan.indicators:
            self.plan.indicators[name] = self.plan.register(np.int64 if INDICATORS[name].type == TEXT else float)
        return self.plan.indicators[name]

    def shared_bind(self, key: tuple, compute: Callable[[kernels.Context], Any], reads: tuple[str, ...]) -> int:
        if key not in self.shared:
            self.shared[key] = self.bind(compute, reads)
        return self.shared[key]

    def quantised_column(self, node: Ref) -> Arg:
        """An indicator on the grid (an input column, quantised once per table), or the tier
        (quantised once per chunk)."""
        if node.kind == "indicator":
            name = GRID + node.name
            if name not in self.plan.indicators:
                self.plan.indicators[name] = self.plan.register(float)
            return "r", self.plan.indicators[name]
        key = ("grid", node.kind, node.name)
        if key not in self.shared:
            out = self.plan.register(float)
            self.plan.ops.append(Op(kernels.quantise_checked, (("k", False), ("r", self.plan.rank)), out))
            self.shared[key] = out
        return "r", self.shared[key]

    def bind(self, compute: Callable[[kernels.Context], Any], reads: tuple[str, ...] = (), text: bool = False) -> int:
        reg = self.plan.register(object)
        self.plan.bound.append(Bound(reg, compute, reads, text))
        return reg

    def fixed(self, node: Node, check: bool) -> Callable[[kernels.Context], Any]:
        """A value read from constants and parameters only (a tier name stands for its rank)."""
        rank = tier_name_rank(node)
        if rank is not None:
            return lambda ctx: float(rank)
        return lambda ctx: kernels.fixed_value(node, ctx, check)

    def quantised(self, node: Node, check: bool) -> Arg:
        """A side of a quantising comparison: its values on the grid."""
        if not analysis.varies(node):
            fixed = self.fixed(node, check)
            return "r", self.bind(lambda ctx: kernels.quantise(fixed(ctx)), analysis.reads(node))
        if isinstance(node, Ref) and node.kind == "indicator":
            return self.quantised_column(node)
        out = self.plan.register(float)
        self.plan.ops.append(Op(kernels.quantise_checked, (("k", check), self.number(node)), out))
        return "r", out

    def number(self, node: Node) -> Arg:
        """A numeric operand: a register (a column, a bound value, an intermediate) or a constant."""
        if not analysis.varies(node):
            rank = tier_name_rank(node)
            if rank is not None or isinstance(node, Const):
                return "k", float(rank if rank is not None else node.value)
            fixed = self.fixed(node, False)
            return "r", self.bind(fixed, analysis.reads(node))
        if isinstance(node, Ref):
            return "r", self.plan.rank if node.kind == "tier" else self.indicator(node.name)
        out = self.plan.register(float)
        if isinstance(node, Neg):
            self.plan.ops.append(Op(np.negative, (self.number(node.operand),), out))
        elif isinstance(node, Arith):
            fn = kernels.bounded_arith if analysis.bound(node) < SAFE_MAGNITUDE else kernels.arith
            self.plan.ops.append(Op(fn, (("k", node.op), self.number(node.left), self.number(node.right)), out))
        else:
            raise TypeError(f"not a number: {node!r}")
        return "r", out

    def text(self, node: Node) -> Arg:
        """A text operand as codes: an indicator column, or a bound code (constant, parameter)."""
        if isinstance(node, Ref) and node.kind == "indicator":
            return "r", self.indicator(node.name)
        if isinstance(node, Ref):
            return "r", self.bind(lambda ctx: ctx.code(ctx.params[node.name]), (node.name,), text=True)
        return "r", self.bind(lambda ctx: ctx.code(node.value), text=True)

    def points_value(self, rule: Rule) -> Arg:
        value = self.number(rule.points)
        if value[0] == "k":
            return "k", semantics.points(value[1])
        out = self.plan.register(float)
        self.plan.ops.append(Op(kernels.points, (value,), out))
        return "r", out

