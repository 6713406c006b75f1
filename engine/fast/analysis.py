"""What a plan compiler needs to know about an expression before it runs: which parameters
it reads, whether it differs between minerals, how large it can be, and whether a condition
already fails where an indicator is unknown."""

from __future__ import annotations

from critmin.concepts import RESOLUTION, TIER_RANK
from critmin.indicators.catalogue import INDICATORS
from critmin.inference.compiler import MAX_ENGINE_INT
from critmin.language.normal_forms import nnf
from critmin.language.syntax import And, Arith, Compare, Const, Neg, Node, Ref, references

INDICATOR_BOUND = MAX_ENGINE_INT / RESOLUTION * 2  # no indicator column holds more (columns are checked)
NUM = "num"


def reads(node: Node) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.name for r in references(node) if r.kind == "param"))


def bound(node: Node) -> float:
    """An upper bound of a value's magnitude (inf when not known when compiling): indicators
    are refused beyond what the engine holds (:func:`critmin.fast.columnar.Indicators`)."""
    if isinstance(node, Const):
        return abs(float(node.value)) if not isinstance(node.value, str) else float("inf")
    if isinstance(node, Ref):
        return {"indicator": INDICATOR_BOUND, "tier": float(max(TIER_RANK.values()))}.get(node.kind, float("inf"))
    if isinstance(node, Neg):
        return bound(node.operand)
    if isinstance(node, Arith) and node.op in ("+", "-"):
        return bound(node.left) + bound(node.right)
    if isinstance(node, Arith) and node.op == "*":
        return bound(node.left) * bound(node.right)
    return float("inf")


def varies(node: Node) -> bool:
    """Whether a value differs between the minerals of a scenario (reads an indicator or the tier)."""
    return any(r.kind in ("indicator", "tier") for r in references(node))


def column(node: Node) -> bool:
    return isinstance(node, Ref) and (node.kind == "tier" or
                                      (node.kind == "indicator" and INDICATORS[node.name].type == NUM))


def scaled_here(node: Node) -> bool:
    """Whether a side's values reach the engine as they are (indicators are checked up front)."""
    return not (isinstance(node, Ref) and node.kind in ("indicator", "tier"))


def implied(when: Node, ref: Ref) -> bool:
    """Whether the condition already fails where ``ref`` is unknown (it compares it at top level)."""
    node = nnf(when)
    for item in node.items if isinstance(node, And) else (node,):
        if isinstance(item, Compare) and item.op != "!=" and any(
                isinstance(s, Ref) and s.kind == "indicator" and s.name == ref.name for s in (item.left, item.right)):
            return True
    return False
