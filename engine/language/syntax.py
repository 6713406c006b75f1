"""The rule language's syntax tree, its walks, names and errors (shared by the parser and evaluators).

The nodes are this project's own: the parser (:mod:`critmin.language.parser`) builds them from a
whitelist of Python syntax, and nothing here can run code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from critmin.errors import Problem, RuleError

MAX_CONJUNCTS = 32
NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


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


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly below ``node``."""
    if isinstance(node, (And, Or)):
        return node.items
    if isinstance(node, (Not, Neg)):
        return (node.operand,)
    if isinstance(node, (Arith, Compare)):
        return (node.left, node.right)
    if isinstance(node, Member):
        return (node.left,)
    return ()


def references(node: Node) -> list[Ref]:
    """Every Ref in the expression, in reading order."""
    if isinstance(node, Ref):
        return [node]
    refs: list[Ref] = []
    for child in children(node):
        refs += references(child)
    return refs


# ---------------------------------------------------------------- names and errors

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

    def __init__(self, message: str, offset: int = 0, text: str = "") -> None:
        self.message, self.offset, self.text = message, offset, text
        super().__init__(Problem(message, excerpt=text or None, caret=offset))
