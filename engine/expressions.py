"""The rule expression language: a safe parser, type checker and evaluator.

Expressions are parsed with Python's ``ast`` module and converted, node by node, into this
module's own small AST; any node type not on the whitelist is an error. Nothing is ever
passed to ``eval`` or ``exec``. The resulting AST is engine-independent: it is compiled to
durable_rules (:mod:`engine.compiler`), evaluated here for points and explanations, and can
be evaluated column-wise over many scenarios.

Semantics of unknown values: an indicator may be unknown (None) for a mineral. Arithmetic
on an unknown is unknown; every comparison with an unknown is false, and ``not`` is pushed
into comparisons (``not (x > 1)`` becomes ``x <= 1``), so it is false too.
"""

from __future__ import annotations

import ast
import difflib
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import Problem, RuleError
from .facts import MAX_MAGNITUDE, magnitude

# Python's parser warns about odd literals ("1if"); a rule's problems are reported as errors.
RULE_FILENAME = "<critmin rule>"
warnings.filterwarnings("ignore", category=SyntaxWarning, module=re.escape(RULE_FILENAME) + r"\Z")

MAX_LENGTH = 2000
MAX_DEPTH = 40
MAX_CONJUNCTS = 32
TIER_RANK = {"unrated": 0, "low": 1, "medium": 2, "high": 3, "very_high": 4}

CMP_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
           ast.NotEq: "!="}
ARITH_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
FORBIDDEN = {
    ast.Call: "function calls", ast.Attribute: "attribute access (only params.NAME)",
    ast.Subscript: "subscripts", ast.Lambda: "lambdas", ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions", ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions", ast.NamedExpr: "assignment (:=)",
    ast.JoinedStr: "f-strings", ast.IfExp: "conditional expressions", ast.Dict: "dicts",
    ast.Set: "sets", ast.Starred: "starred expressions", ast.Await: "await",
    ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "slices",
}


# ---------------------------------------------------------------- AST

@dataclass(frozen=True)
class Node:
    pos: int  # 0-based offset in the expression text


@dataclass(frozen=True)
class Const(Node):
    value: Any


@dataclass(frozen=True)
class Ref(Node):
    name: str
    kind: str  # indicator | signal | param | tier


@dataclass(frozen=True)
class Neg(Node):
    operand: Node


@dataclass(frozen=True)
class Arith(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Member(Node):
    left: Node
    items: tuple[Any, ...]
    negated: bool = False


@dataclass(frozen=True)
class And(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True)
class Names:
    """What an expression may refer to, with types (num, str, bool, tier)."""

    indicators: Mapping[str, str]
    signals: Iterable[str]
    params: Mapping[str, Any]
    allow_tier: bool = False

    def all_names(self) -> list[str]:
        names = list(self.indicators) + list(self.signals)
        return names + (["tier"] if self.allow_tier else [])


class ExpressionError(RuleError):
    """An expression is malformed, unsafe or ill-typed; ``offset`` points at the problem."""

    def __init__(self, message: str, offset: int = 0, text: str = ""):
        self.message, self.offset, self.text = message, offset, text
        super().__init__(Problem(message, excerpt=text or None, caret=offset))


# ---------------------------------------------------------------- parsing

def parse(text: str, names: Names, expect: str = "bool") -> Node:
    """Parse ``text`` into a typed AST, or raise ExpressionError."""
    if not isinstance(text, str):
        raise ExpressionError(f"expected an expression as text, got {text!r}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(text):,} characters; the limit is {MAX_LENGTH:,}")
    if not text.strip():
        raise ExpressionError("empty expression")
    if "\n" in text.strip():
        text = " ".join(text.split())
    try:
        tree = ast.parse(text, RULE_FILENAME, mode="eval")
    except SyntaxError as exc:
        offset = max((exc.offset or 1) - 1, 0)
        raise ExpressionError(f"syntax error: {exc.msg}", offset, text) from None
    except (ValueError, MemoryError, RecursionError):
        raise ExpressionError("expression cannot be parsed (too deep or invalid)", 0, text) from None
    builder = _Builder(text, names)
    node = builder.build(tree.body, 0)
    actual = builder.type_of(node)
    if actual != expect:
        raise ExpressionError(f"expected a {_TYPE_WORDS[expect]}, but this is a "
                              f"{_TYPE_WORDS[actual]}", 0, text)
    return node


_TYPE_WORDS = {"bool": "condition (true/false)", "num": "number", "str": "text",
               "tier": "tier", "list": "list"}


class _Builder:
    def __init__(self, text: str, names: Names):
        self.text, self.names = text, names
        self.types: dict[int, str] = {}

    def fail(self, message: str, node: ast.AST | Node) -> None:
        offset = node.pos if isinstance(node, Node) else getattr(node, "col_offset", 0)
        raise ExpressionError(message, offset, self.text)

    def type_of(self, node: Node) -> str:
        return self.types[id(node)]

    def typed(self, node: Node, kind: str) -> Node:
        self.types[id(node)] = kind
        return node

    def build(self, node: ast.AST, depth: int) -> Node:
        if depth > MAX_DEPTH:
            self.fail(f"expression nested more than {MAX_DEPTH} levels deep", node)
        for forbidden, what in FORBIDDEN.items():
            if isinstance(node, forbidden) and not self._is_param(node):
                self.fail(f"not allowed in a rule expression: {what}", node)
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            self.fail(f"not allowed in a rule expression: {type(node).__name__}", node)
        return method(node, depth + 1)

    @staticmethod
    def _is_param(node: ast.AST) -> bool:
        return (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "params")

    def _Constant(self, node: ast.Constant, depth: int) -> Node:
        value = node.value
        if isinstance(value, bool):
            return self.typed(Const(node.col_offset, value), "bool")
        if isinstance(value, (int, float)):
            if value != value or abs(value) == float("inf"):
                self.fail("numbers must be finite", node)
            if abs(value) > MAX_MAGNITUDE:
                self.fail(f"{magnitude(value)} is beyond the largest supported magnitude "
                          f"({MAX_MAGNITUDE:g})", node)
            return self.typed(Const(node.col_offset, value), "num")
        if isinstance(value, str):
            return self.typed(Const(node.col_offset, value), "str")
        self.fail(f"constant {value!r} is not allowed (numbers, text, true, false)", node)

    def _Name(self, node: ast.Name, depth: int) -> Node:
        name, pos = node.id, node.col_offset
        if name in ("true", "false"):
            return self.typed(Const(pos, name == "true"), "bool")
        if name.startswith("__"):
            self.fail(f"name '{name}' is not allowed", node)
        if name in self.names.indicators:
            return self.typed(Ref(pos, name, "indicator"), self.names.indicators[name])
        if name in self.names.signals:
            return self.typed(Ref(pos, name, "signal"), "bool")
        if name == "tier" and self.names.allow_tier:
            return self.typed(Ref(pos, name, "tier"), "tier")
        if name == "params":
            self.fail("use params.NAME to refer to a parameter", node)
        close = difflib.get_close_matches(name, self.names.all_names(), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        extra = "" if hint else "; expected an indicator, a signal or params.NAME"
        self.fail(f"unknown name '{name}'{hint}{extra}", node)

    def _Attribute(self, node: ast.Attribute, depth: int) -> Node:
        name = node.attr
        if name.startswith("_"):
            self.fail(f"name 'params.{name}' is not allowed", node)
        if name not in self.names.params:
            close = difflib.get_close_matches(name, list(self.names.params), n=1, cutoff=0.6)
            hint = f" (did you mean 'params.{close[0]}'?)" if close else ""
            self.fail(f"unknown parameter 'params.{name}'{hint}", node)
        value = self.names.params[name]
        kind = "str" if isinstance(value, str) else "num"
        return self.typed(Ref(node.col_offset, name, "param"), kind)

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Node:
        operand = self.build(node.operand, depth)
        kind = self.type_of(operand)
        if isinstance(node.op, ast.Not):
            if kind != "bool":
                self.fail(f"'not' needs a condition, got a {_TYPE_WORDS[kind]}", node)
            return self.typed(Not(node.col_offset, operand), "bool")
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            if kind != "num":
                self.fail(f"a sign needs a number, got a {_TYPE_WORDS[kind]}", node)
            if isinstance(node.op, ast.UAdd):
                return operand
            if isinstance(operand, Const):
                return self.typed(Const(node.col_offset, -operand.value), "num")
            return self.typed(Neg(node.col_offset, operand), "num")
        self.fail("operator not allowed (use not, -, +)", node)

    def _BinOp(self, node: ast.BinOp, depth: int) -> Node:
        op = ARITH_OPS.get(type(node.op))
        if op is None:
            self.fail("only + - * / are allowed in arithmetic", node)
        left, right = self.build(node.left, depth), self.build(node.right, depth)
        for side in (left, right):
            if self.type_of(side) != "num":
                self.fail(f"'{op}' needs numbers, got a {_TYPE_WORDS[self.type_of(side)]}", side)
        return self.typed(Arith(node.col_offset, op, left, right), "num")

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> Node:
        items = tuple(self.build(v, depth) for v in node.values)
        word = "and" if isinstance(node.op, ast.And) else "or"
        for item in items:
            if self.type_of(item) != "bool":
                self.fail(f"'{word}' joins conditions, got a {_TYPE_WORDS[self.type_of(item)]}",
                          item)
        cls = And if word == "and" else Or
        return self.typed(cls(node.col_offset, items), "bool")

    def _Compare(self, node: ast.Compare, depth: int) -> Node:
        parts, left = [], self.build(node.left, depth)
        for op_node, right_ast in zip(node.ops, node.comparators):
            if isinstance(op_node, (ast.In, ast.NotIn)):
                parts.append(self._member(left, op_node, right_ast, node))
                left = None
                continue
            if left is None:
                self.fail("'in' cannot be chained", node)
            right = self.build(right_ast, depth)
            op = CMP_OPS.get(type(op_node))
            if op is None:
                self.fail("only < <= > >= == != in and not in compare values", node)
            parts.append(self._comparison(op, left, right, node))
            left = right
        if len(parts) == 1:
            return parts[0]
        return self.typed(And(node.col_offset, tuple(parts)), "bool")

    def _comparison(self, op: str, left: Node, right: Node, node: ast.AST) -> Node:
        lt, rt = self.type_of(left), self.type_of(right)
        if "tier" in (lt, rt):
            other = right if lt == "tier" else left
            if not (isinstance(other, Const) and other.value in TIER_RANK):
                self.fail("tier compares with a tier name: 'low', 'medium', 'high', 'very_high'",
                          other)
        elif lt != rt:
            self.fail(f"cannot compare a {_TYPE_WORDS[lt]} with a {_TYPE_WORDS[rt]}", node)
        elif lt == "bool":
            self.fail("compare numbers or text; use a signal directly, or not SIGNAL", node)
        elif lt == "str" and op not in ("==", "!="):
            self.fail("text can only be compared with == or !=", node)
        return self.typed(Compare(node.col_offset, op, left, right), "bool")

    def _member(self, left: Node | None, op_node: ast.AST, right: ast.AST, node: ast.AST) -> Node:
        if left is None:
            self.fail("'in' cannot be chained", node)
        if not isinstance(right, (ast.List, ast.Tuple)):
            self.fail("'in' needs a literal list, e.g. x in ['China', 'Russia']", right)
        items = []
        for element in right.elts:
            if not isinstance(element, ast.Constant) or isinstance(element.value, bool) \
                    or not isinstance(element.value, (int, float, str)):
                self.fail("list items must be numbers or text", element)
            items.append(element.value)
        kind = self.type_of(left)
        wanted = str if kind == "str" else (int, float)
        if kind not in ("str", "num") or not all(isinstance(i, wanted) for i in items):
            self.fail(f"list items must match the {_TYPE_WORDS[kind]} on the left", right)
        negated = isinstance(op_node, ast.NotIn)
        return self.typed(Member(node.col_offset, left, tuple(items), negated), "bool")


# ---------------------------------------------------------------- evaluation

@dataclass
class Env:
    """Values an expression is evaluated against."""

    indicators: Mapping[str, Any]
    signals: frozenset[str] | set[str] = frozenset()
    params: Mapping[str, Any] = None  # type: ignore[assignment]
    tier: str | None = None

    def value(self, ref: Ref) -> Any:
        if ref.kind == "indicator":
            return self.indicators.get(ref.name)
        if ref.kind == "param":
            return (self.params or {}).get(ref.name)
        if ref.kind == "tier":
            return TIER_RANK.get(self.tier or "unrated", 0)
        return ref.name in self.signals


def evaluate(node: Node, env: Env) -> Any:
    """Evaluate a node: numbers, text, True/False; None for an unknown number."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Ref):
        return env.value(node)
    if isinstance(node, Neg):
        value = evaluate(node.operand, env)
        return None if value is None else -value
    if isinstance(node, Arith):
        a, b = evaluate(node.left, env), evaluate(node.right, env)
        return arith(node.op, a, b)
    if isinstance(node, Compare):
        return compare(node.op, _side(node.left, env), _side(node.right, env))
    if isinstance(node, Member):
        value = evaluate(node.left, env)
        if value is None:
            return False
        return (value in node.items) != node.negated
    if isinstance(node, And):
        return all(evaluate(item, env) for item in node.items)
    if isinstance(node, Or):
        return any(evaluate(item, env) for item in node.items)
    if isinstance(node, Not):
        return not evaluate(node.operand, env)
    raise TypeError(f"unknown node {node!r}")


def _side(node: Node, env: Env) -> Any:
    if isinstance(node, Const) and isinstance(node.value, str) and node.value in TIER_RANK:
        return TIER_RANK[node.value]
    return evaluate(node, env)


def arith(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if op == "/" and b == 0:
        return None
    try:
        result = {"+": a + b, "-": a - b, "*": a * b}[op] if op != "/" else a / b
        return result if math.isfinite(result) else None  # overflow is unknown, not infinite
    except OverflowError:  # integers beyond any float (a product of many tonnages)
        return None


RESOLUTION = 1_000_000  # numbers are compared in millionths (0.1 + 0.2 == 0.3)


def quantise(value: float) -> int:
    return int(round(value * RESOLUTION))


def compare(op: str, a: Any, b: Any) -> bool:
    """Compare two values at a resolution of one millionth; unknown compares false."""
    if a is None or b is None:
        return False
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        a, b = quantise(a), quantise(b)
    elif op not in ("==", "!="):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op]


# ---------------------------------------------------------------- normal forms

def nnf(node: Node, negate: bool = False) -> Node:
    """Negation normal form: ``not`` only directly on signal references."""
    if isinstance(node, Not):
        return nnf(node.operand, not negate)
    if isinstance(node, (And, Or)):
        items = tuple(nnf(item, negate) for item in node.items)
        swap = isinstance(node, And) == negate
        return (Or if swap else And)(node.pos, items)
    if isinstance(node, Compare):
        return Compare(node.pos, NEGATED[node.op], node.left, node.right) if negate else node
    if isinstance(node, Member):
        return Member(node.pos, node.left, node.items, node.negated != negate)
    if isinstance(node, Const):
        return Const(node.pos, (not node.value) if negate else node.value)
    return Not(node.pos, node) if negate else node


def dnf(node: Node) -> list[list[Node]]:
    """Disjunctive normal form of an NNF condition: a list of conjunctions of literals."""
    if isinstance(node, Or):
        out = [conj for item in node.items for conj in dnf(item)]
    elif isinstance(node, And):
        out = [[]]
        for item in node.items:
            out = [a + b for a in out for b in dnf(item)]
            if len(out) > MAX_CONJUNCTS:
                break
    else:
        out = [[node]]
    if len(out) > MAX_CONJUNCTS:
        raise ExpressionError(
            f"condition expands to more than {MAX_CONJUNCTS} alternatives; split the rule")
    return out


def references(node: Node) -> list[Ref]:
    """Every Ref in the expression, in reading order."""
    if isinstance(node, Ref):
        return [node]
    refs: list[Ref] = []
    for child in children(node):
        refs += references(child)
    return refs


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, (And, Or)):
        return node.items
    if isinstance(node, (Not, Neg)):
        return (node.operand,)
    if isinstance(node, (Arith, Compare)):
        return (node.left, node.right)
    if isinstance(node, Member):
        return (node.left,)
    return ()


_PRECEDENCE = {Or: 1, And: 2, Not: 3, Compare: 4, Member: 4}


def to_text(node: Node) -> str:
    """Readable source text for a node (used in explanations)."""
    if isinstance(node, Const):
        return repr(node.value) if isinstance(node.value, str) else (
            str(node.value).lower() if isinstance(node.value, bool) else f"{node.value:g}")
    if isinstance(node, Ref):
        return f"params.{node.name}" if node.kind == "param" else node.name
    if isinstance(node, Neg):
        return f"-{_wrap(node.operand, 7)}"
    if isinstance(node, Arith):
        level = _arith_level(node)
        return f"{_wrap(node.left, level)} {node.op} {_wrap(node.right, level + 1)}"
    if isinstance(node, Compare):
        return f"{to_text(node.left)} {node.op} {to_text(node.right)}"
    if isinstance(node, Member):
        word = "not in" if node.negated else "in"
        return f"{to_text(node.left)} {word} {list(node.items)!r}"
    if isinstance(node, Not):
        return f"not {_wrap(node.operand, 3)}"
    word = " and " if isinstance(node, And) else " or "
    level = _PRECEDENCE[type(node)]
    return word.join(_wrap(item, level + 1) for item in node.items)


def _arith_level(node: Arith) -> int:
    return 5 if node.op in "+-" else 6


def _wrap(node: Node, level: int) -> str:
    own = _PRECEDENCE.get(type(node), _arith_level(node) if isinstance(node, Arith) else 7)
    text = to_text(node)
    return f"({text})" if own < level else text
