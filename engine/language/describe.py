"""One condition literal in words, with its values: ``2035 US shortfall 98.93% ≥ 90% (params.…)``.

The literal comes from a rule's condition (see :mod:`critmin.language.conditions`); the values are
the ones the mineral had when the rule was evaluated. It lives beside the language (not in
:mod:`critmin.render`) because explanations store it as data: the lever queries keep each
rule's tests in Chinese words in their JSON. A parameter is formatted in the unit
of the indicator it is compared with, so a threshold on a share reads as a percentage.
"""

from __future__ import annotations

from typing import Any

from critmin.language.source_text import to_text
from critmin.language.syntax import Arith, Compare, Const, Member, Neg, Node, Not, Ref
from critmin.words.labels import SYMBOLS, indicator_label, indicator_unit, tier_label
from critmin.words.numbers import in_unit
from critmin.words.phrases import say


def describe(literal: Node | None, values: dict[str, Any], lang: str = "en", fallback: str = "") -> str:
    """The literal in words with the values substituted (``fallback`` if there is no literal)."""
    if literal is None:
        return fallback
    if isinstance(literal, Ref) and literal.kind == "signal":
        return say("condition.signal", lang, name=literal.name)
    if isinstance(literal, Not) and isinstance(literal.operand, Ref):
        return say("condition.negated", lang, name=literal.operand.name)
    if isinstance(literal, Compare):
        unit = _unit(literal.left) or _unit(literal.right) or "number"
        missing = _no_figure(literal, values, unit, lang)
        if missing:
            return missing
        left, right = _side(literal.left, values, unit, lang), _side(literal.right, values, unit, lang)
        return f"{left} {SYMBOLS[literal.op]} {right}"
    if isinstance(literal, Member):
        unit = _unit(literal.left) or "text"
        return say("condition.not_member" if literal.negated else "condition.member", lang,
                   value=_side(literal.left, values, unit, lang), items=list(literal.items))
    if isinstance(literal, Const):
        return to_text(literal)
    return to_text(literal)


def _no_figure(literal: Compare, values: dict[str, Any], unit: str, lang: str) -> str:
    """An indicator with no value, said in words: "no figure for China's share of processing
    (the test needs ≥ 70%)" — never "unknown ≥ 70%"."""
    for side, other, op in ((literal.left, literal.right, literal.op), (literal.right, literal.left, None)):
        if isinstance(side, Ref) and side.kind == "indicator" and values.get(side.name) is None:
            symbol = SYMBOLS[op] if op else SYMBOLS[literal.op]
            return say("condition.no_figure", lang, name=indicator_label(side.name, lang), op=symbol,
                       threshold=_side(other, values, unit, lang))
    return ""


def _unit(node: Node) -> str | None:
    if isinstance(node, Ref) and node.kind == "indicator":
        return indicator_unit(node.name)
    if isinstance(node, Ref) and node.kind == "tier":
        return "tier"
    return None


def _side(node: Node, values: dict[str, Any], unit: str, lang: str) -> str:
    if isinstance(node, Ref):
        if node.kind == "indicator":
            shown = in_unit(values.get(node.name), indicator_unit(node.name), lang)
            return f"{indicator_label(node.name, lang)} {shown}"
        if node.kind == "param":
            return f"{in_unit(values.get('params.' + node.name), unit, lang)} (params.{node.name})"
        if node.kind == "tier":
            return say("condition.tier", lang, tier=tier_label(str(values.get("tier")), lang))
        return node.name
    if isinstance(node, Const):
        if isinstance(node.value, str):
            if unit == "tier":
                return tier_label(node.value, lang)
            return in_unit(node.value, unit, lang) if unit == "country" and lang != "en" else repr(node.value)
        return in_unit(node.value, unit, lang)
    if isinstance(node, (Arith, Neg)):
        return f"({to_text(node)})"
    return to_text(node)
