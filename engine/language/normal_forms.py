"""Normal forms of a condition: ``not`` pushed down to the signals, then alternatives of tests.

The compiler (:mod:`critmin.inference.compiler`) turns each alternative into one durable_rules
rule, the column-wise evaluator reads conditions in negation normal form, and explanations
(:mod:`critmin.language.conditions`) show a condition alternative by alternative.
"""

from __future__ import annotations

from critmin.language.syntax import MAX_CONJUNCTS, NEGATED, And, Compare, Const, ExpressionError, Member, Node, Not, Or


def nnf(node: Node, negate: bool = False) -> Node:
    """Negation normal form: ``not`` only directly on signal references.

    An unknown value fails every comparison, so ``not (x > 1)`` becomes ``x <= 1``, which
    fails too, rather than holding because ``x > 1`` failed.
    """
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
