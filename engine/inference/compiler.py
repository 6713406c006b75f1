"""Compile a RuleBase into durable_rules rule sets, one or more per stratum.

Each rule's condition is put into negation normal form, then into disjunctive normal form;
every conjunction becomes one durable_rules rule whose first pattern is the mineral fact
(so every later pattern joins on the mineral first — see docs/durable_rules.md on joins after
``$or``). Signals are separate facts; ``not SIGNAL`` is an absence pattern. Numbers reach
the engine as integers in millionths (no float formatting, no exponent form); arithmetic
on indicators is computed before matching into ``__calc`` fields by the same evaluator the
rest of the engine uses, so both paths agree to the millionth.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from critmin.concepts import RESOLUTION, TIER_RANK
from critmin.errors import EngineError, Problem, RuleError
from critmin.indicators.numeric import quantise
from critmin.inference import semantics
from critmin.language.evaluation import Env, compare, evaluate, tier_name_rank
from critmin.language.normal_forms import dnf, nnf
from critmin.language.source_text import to_text
from critmin.language.syntax import FLIPPED, Compare, Const, Member, Node, Not, Ref, references
from critmin.ruleset.model import Rule, RuleBase

MAX_ENGINE_INT = 2**62  # durable_rules stores integers as signed 64-bit
MAX_GROUPS = 14  # nested $and/$or groups in one pattern; durable_rules fails (error 113) past 14
MAX_CALCS = 128  # computed fields per rule set; a fact holds at most 255 properties (error 302)
MAX_JOINED_SIGNALS = 15  # signals one alternative may require; a match holds 16 facts (error 304)
MAX_PATTERNS = 48  # alpha paths per durable rule set (see pattern_cost); error 303 past 64
DURABLE_OPS = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}


def scaled(value: Any) -> Any:
    """The engine representation of a value: integer millionths for numbers."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        number = quantise(value)
        if abs(number) > MAX_ENGINE_INT:
            raise EngineError(f"value {value:g} is too large for the rule engine "
                              f"(limit {MAX_ENGINE_INT / RESOLUTION:g})")
        return number
    return value


@dataclass(frozen=True)
class Conjunct:
    """One durable_rules rule: a conjunction of one rule's condition."""

    key: str  # durable rule name: RULEID__N
    rule: Rule
    index: int


@dataclass
class CompiledRuleset:
    """One durable_rules rule set: its definition (no actions) and what feeds it."""

    name: str
    stratum: int
    layer: str  # every rule of a stratum belongs to one layer
    definition: dict[str, Any]
    conjuncts: dict[str, Conjunct]
    calcs: dict[str, Node] = field(default_factory=dict)  # computed field → expression
    signals: frozenset[str] = frozenset()  # signal names its rules read (only these are asserted)
    fields: frozenset[str] = frozenset()  # indicators its rules read (only these are sent)


@dataclass
class CompiledRules:
    base: RuleBase
    strata: list[list[CompiledRuleset]]  # in evaluation order


def compile_rules(base: RuleBase) -> CompiledRules:
    strata = [_compile_stratum(stratum, base.param_values) for stratum in semantics.strata(base.rules)]
    return CompiledRules(base, strata)


def _compile_stratum(stratum: semantics.Stratum, params: dict[str, Any]) -> list[CompiledRuleset]:
    chunks: list[CompiledRuleset] = []
    current = _Builder(stratum.number, stratum.layer, params)
    for rule in stratum.rules:
        conjuncts = dnf(nnf(rule.when))
        guard = [Compare(0, ">=", r, r) for r in semantics.points_indicators(rule)]  # each known
        conjuncts = [c + guard for c in conjuncts]
        for index, literals in enumerate(conjuncts):
            cost, calcs = pattern_cost(rule, literals), _calc_count(literals)
            full = (current.patterns + cost > MAX_PATTERNS
                    or len(current.calcs) + calcs > MAX_CALCS)
            if current.patterns and full:
                chunks.append(current.finish())
                current = _Builder(stratum.number, stratum.layer, params)
            current.add(rule, index, literals, cost)
    if current.patterns or not chunks:
        chunks.append(current.finish())
    return chunks


def pattern_cost(rule: Rule, literals: list[Node]) -> int:
    """How many alpha paths one alternative adds to a rule set: its mineral pattern plus one
    per signal it reads; raises RuleError past the engine's per-alternative limits.

    durable_rules walks its match network with a stack of 64 entries and fails (error 303,
    after which the state is corrupt) when more are pending for one fact. Every signal join
    starts with the correlation on the mineral, which is not tested until the join, so each
    join pattern of the rule set is pending for every fact; distinct mineral conditions add
    one each. Keeping the sum per rule set at MAX_PATTERNS leaves room for the sink rules.
    A match also holds at most 16 facts (error 304): the mineral and MAX_JOINED_SIGNALS.
    """
    read = [lit for lit in literals if isinstance(lit, Ref) and lit.kind == "signal"]
    absent = [lit for lit in literals if isinstance(lit, Not)]
    cost = 1 + len(read) + len(absent)
    if len(read) > MAX_JOINED_SIGNALS or cost > MAX_PATTERNS:
        what, limit = ((f"requires {len(read)} signals", MAX_JOINED_SIGNALS)
                       if len(read) > MAX_JOINED_SIGNALS
                       else (f"reads {cost - 1} signals", MAX_PATTERNS - 1))
        raise RuleError(Problem(
            f"one alternative of this rule {what}; the rule engine allows at most {limit} "
            "(split the rule)", file=rule.file, key=rule.id, line=rule.line))
    return cost


def _calc_count(literals: list[Node]) -> int:
    """How many computed fields (``__calc``) an alternative adds to the mineral fact."""
    sides = [side for lit in literals if isinstance(lit, Compare) for side in (lit.left, lit.right)]
    sides += [lit.left for lit in literals if isinstance(lit, Member)]
    return sum(1 for side in sides if not isinstance(side, Ref)
               and any(r.kind in ("indicator", "tier") for r in references(side)))


class _Builder:
    def __init__(self, stratum: int, layer: str, params: dict[str, Any]):
        self.stratum, self.layer, self.params = stratum, layer, params
        self.definition: dict[str, Any] = {}
        self.conjuncts: dict[str, Conjunct] = {}
        self.calcs: dict[str, Node] = {}
        self.signals: set[str] = set()
        self.fields: set[str] = set()
        self.patterns = 0

    def add(self, rule: Rule, index: int, literals: list[Node], cost: int = 1) -> None:
        conditions: list[dict] = [{"kind": "mineral"}]
        joins: list[dict] = []
        for literal in literals:
            result = self.literal(literal, len(joins))
            if result is False:
                return  # this alternative can never hold
            if result is True:
                continue
            target = joins if "__join__" in result else conditions
            target.append(result)
        groups = _groups(conditions)
        if groups > MAX_GROUPS:
            raise RuleError(Problem(
                f"the condition is too complex for the rule engine: one alternative needs {groups} "
                f"condition groups and the limit is {MAX_GROUPS} (a comparison counts 1, a comparison "
                "of two indicators or an 'in [...]' list 2); split the rule",
                file=rule.file, key=rule.id, line=rule.line))
        patterns = [{"m": {"$and": conditions}}]
        for join in joins:
            alias, body = join["__join__"]
            patterns.append({alias: body})
        key = f"{rule.id}__{index}"
        self.definition[key] = {"all": patterns}
        self.conjuncts[key] = Conjunct(key, rule, index)
        self.patterns += cost

    def literal(self, node: Node, n_joins: int) -> dict | bool:
        if isinstance(node, Ref) and node.kind == "signal":
            self.signals.add(node.name)
            return {"__join__": (f"s{n_joins}", _signal_pattern(node.name))}
        if isinstance(node, Not):
            self.signals.add(node.operand.name)
            return {"__join__": (f"s{n_joins}$not", _signal_pattern(node.operand.name))}
        if isinstance(node, Const):
            return bool(node.value)
        if isinstance(node, Member):
            return self.member(node)
        return self.compare(node)

    def constant(self, node: Node) -> tuple[bool, Any]:
        """(True, value) when the node does not depend on the mineral."""
        if any(r.kind in ("indicator", "tier") for r in references(node)):
            return False, None
        rank = tier_name_rank(node)
        return True, evaluate(node, Env({}, params=self.params)) if rank is None else rank

    def field(self, node: Node) -> str:
        if isinstance(node, Ref):
            self.fields.add(node.name)
            return node.name
        name = f"__calc{len(self.calcs)}"
        self.calcs[name] = node
        return name

    def compare(self, node: Compare) -> dict | bool:
        if node.left is node.right and isinstance(node.left, Ref):  # a points guard: known
            return {"$ex": {self.field(node.left): 1}}
        left_const, left_value = self.constant(node.left)
        right_const, right_value = self.constant(node.right)
        if left_const and right_const:
            return compare(node.op, left_value, right_value)
        op, left, right = node.op, node.left, node.right
        if left_const:  # keep the mineral's side on the left
            op, left, right, right_value = FLIPPED[op], right, left, left_value
            right_const = True
        name = self.field(left)
        exists = {"$ex": {name: 1}}
        if right_const:
            if right_value is None:
                return False
            operand: Any = scaled(right_value)
        else:
            other = self.field(right)
            operand = {"$m": other}
            exists = {"$and": [exists, {"$ex": {other: 1}}]}
        test = {name: operand} if op == "==" else {DURABLE_OPS[op]: {name: operand}}
        return {"$and": [exists, test]}

    def member(self, node: Member) -> dict | bool:
        is_constant, value = self.constant(node.left)
        if is_constant:  # e.g. params.NAME in [...]: decided here, as compare() does
            hit = any(compare("==", value, item) for item in node.items)
            return value is not None and hit != node.negated
        name = self.field(node.left)
        items = [scaled(v) for v in node.items]
        if node.negated:
            tests = [{"$neq": {name: v}} for v in items]
            return {"$and": [{"$ex": {name: 1}}, *tests]}
        if not items:
            return {"$and": [{"$ex": {name: 1}}, {"$lt": {name: 0}}, {"$gt": {name: 0}}]}
        return {"$and": [{"$ex": {name: 1}}, {"$or": [{name: v} for v in items]}]}

    def finish(self) -> CompiledRuleset:
        definition = dict(self.definition)
        # Sinks make every fact 'handled' (else durable_rules rejects a fact no rule reads).
        # They fire once per fact; a never-firing variant (a second, unmatchable pattern)
        # would save those calls but leaves joins pending that crash delete_state.
        for kind in ("mineral", "signal"):
            definition[f"__sink_{kind}"] = {"all": [{"x": {"kind": kind}}], "pri": 1000}
        canonical = json.dumps([definition, {k: repr(v) for k, v in self.calcs.items()}],
                               sort_keys=True)
        name = "critmin_" + hashlib.sha256(canonical.encode()).hexdigest()[:24]
        return CompiledRuleset(name, self.stratum, self.layer, definition, self.conjuncts,
                               dict(self.calcs), frozenset(self.signals), frozenset(self.fields))


def _groups(value: Any) -> int:
    """Nested $and/$or groups below a pattern's top level (durable_rules error 113 past 14)."""
    if isinstance(value, dict):
        return sum((key in ("$and", "$or")) + _groups(item) for key, item in value.items())
    if isinstance(value, list):
        return sum(_groups(item) for item in value)
    return 0


def _signal_pattern(name: str) -> dict:
    return {"$and": [{"mineral": {"m": "mineral"}}, {"kind": "signal"}, {"name": name}]}


def engine_fact(mineral_id: str, indicators: dict[str, Any], fields: frozenset[str],
                calcs: dict[str, Node], env: Env) -> dict[str, Any]:
    """The mineral fact asserted into the engine: the scaled indicators its rules read (an
    indicator nothing reads is never converted) and computed fields."""
    fact: dict[str, Any] = {"kind": "mineral", "mineral": mineral_id}
    for name in fields:
        value = indicators.get(name)
        if value is not None and name != "tier":
            fact[name] = scaled(value)
    for name, node in calcs.items():
        value = evaluate(node, env)
        if value is None:
            continue
        try:
            fact[name] = scaled(value)
        except EngineError:
            raise EngineError(f"{mineral_id}: {to_text(node)} = {value:g} is too large for the rule "
                              f"engine (limit {MAX_ENGINE_INT / RESOLUTION:g}); rescale the expression") from None
    if env.tier is not None:
        fact["tier"] = scaled(TIER_RANK[env.tier])
    return fact

