"""A node as readable rule-language text, with only the parentheses it needs (for explanations)."""

from __future__ import annotations

from critmin.language.syntax import And, Arith, Compare, Const, Member, Neg, Node, Not, Or, Ref

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
