"""What a run of a rule set concludes, written once for both evaluation paths.

The traced path (:mod:`critmin.inference.traced`) matches the rules on durable_rules, one
mineral at a time; the column-wise path (:mod:`critmin.fast.columnar`) evaluates them over
arrays with one element per scenario × mineral. Both call these functions, which take
Python values or numpy arrays alike (as :mod:`critmin.indicators.numeric` does) and give the
same numbers on both, to the last bit:

- the strata run in order — signals (those read by others first), then tiers; then the tier
  is resolved; then the outcome rules (points and levers), which may read it;
- a signal is *decided* false only when every rule concluding it fails on known values; when
  none fires but one could still hold were its unknown inputs known, the signal is
  *undecided*, and ``not SIGNAL`` does not hold (nor does ``SIGNAL``): a condition is judged in
  three values (Kleene), so missing data never turns into a conclusion (:func:`decide`);
- the tier is the highest tier concluded; when none is, the mineral is unrated;
- a points rule fires only when every indicator its points read is known; it adds its value
  rounded to ``POINTS_DIGITS``, and a value that is unknown (a division by zero, an
  overflow) adds nothing;
- the score is the sum of what the points rules add, in rule order, clamped to
  ``SCORE_RANGE`` and rounded to ``SCORE_DIGITS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from critmin.concepts import POINTS_DIGITS, SCORE_DIGITS, SCORE_RANGE, TIER_RANK, UNRATED
from critmin.indicators.numeric import clamp, pick, rounded, sum_where
from critmin.language.syntax import And, Const, Node, Not, Or, Ref, references
from critmin.ruleset.model import Rule


@dataclass(frozen=True)
class Stratum:
    """The rules of one stratum, in rule order; all of one layer."""

    number: int
    layer: str  # signals | tiers | outcomes
    rules: tuple[Rule, ...]


def strata(rules: Iterable[Rule]) -> list[Stratum]:
    """The rules grouped by stratum, in evaluation order."""
    grouped: dict[int, list[Rule]] = {}
    for rule in rules:
        grouped.setdefault(rule.stratum, []).append(rule)
    return [Stratum(n, grouped[n][0].layer, tuple(grouped[n])) for n in sorted(grouped)]


class Run(Protocol):
    """One evaluation path's run: how it concludes a stratum and settles the tier."""

    def conclude(self, stratum: Stratum) -> None:
        """Evaluate the stratum's rules, keeping which fired and the signals they concluded."""

    def resolve_tiers(self) -> None:
        """Settle the tier (with :func:`tier_rank`) from the tier rules that fired."""


def run_strata(strata: Iterable[Stratum], run: Run) -> None:
    """Run the strata in order, resolving the tier once, before the first outcome rule."""
    resolved = False
    for stratum in strata:
        if stratum.layer == "outcomes" and not resolved:
            run.resolve_tiers()
            resolved = True
        run.conclude(stratum)
    if not resolved:  # a rule set without outcome rules
        run.resolve_tiers()


def tier_rank(concluded: Iterable[tuple[str, Any]]) -> Any:
    """The rank of the highest tier concluded (that of unrated when none is).

    ``concluded``: (tier, fired) for tier rules, fired a bool or an array of bools. The
    rules of each tier are taken together (did any fire?), then the tiers from lowest to
    highest, each replacing what is below it where it was concluded.
    """
    any_fired: dict[int, Any] = {}
    for tier, fired in concluded:
        rank = TIER_RANK[tier]
        any_fired[rank] = (any_fired[rank] | fired) if rank in any_fired else fired
    result: Any = TIER_RANK[UNRATED]
    for rank in sorted(any_fired):
        result = pick(any_fired[rank], rank, result)
    return result


def points_indicators(rule: Rule) -> list[Ref]:
    """The indicators a points rule's points read: it fires only when all are known."""
    if rule.points is None:
        return []
    found = {ref.name: ref for ref in references(rule.points) if ref.kind == "indicator"}
    return list(found.values())


def points(value: Any) -> Any:
    """A points rule's value rounded to ``POINTS_DIGITS``; unknown stays unknown."""
    return rounded(value, POINTS_DIGITS)


def score(points_rules: Iterable[tuple[Any, Any]]) -> Any:
    """The score from (points, fired) of each points rule, in rule order (points: :func:`points`).

    A rule adds its points where it fired, and nothing where its points are unknown; the sum
    is taken left to right, clamped to ``SCORE_RANGE`` and rounded to ``SCORE_DIGITS``.
    """
    low, high = SCORE_RANGE
    return rounded(clamp(sum_where(points_rules), low, high), SCORE_DIGITS)


Literal = Callable[[Node], tuple[Any, Any]]


def decide(node: Node, literal: Literal, signal: Literal) -> tuple[Any, Any]:
    """(holds, fails) of a condition in negation normal form, in three values (Kleene).

    Neither holds nor fails where the condition is undecided: a test on an unknown value, or
    a signal that is undecided. ``literal(test)`` gives (holds, fails) of a comparison or an
    ``in [...]`` test (fails: both sides known and the test false); ``signal(name)`` gives
    (concluded, decided false) of a signal. Values are bools or bool arrays alike.
    """
    if isinstance(node, Const):
        return bool(node.value), not node.value
    if isinstance(node, Ref) and node.kind == "signal":
        return signal(node.name)
    if isinstance(node, Not):  # NNF: only on a signal
        holds, fails = signal(node.operand.name)
        return fails, holds
    if isinstance(node, (And, Or)):
        parts = [decide(item, literal, signal) for item in node.items]
        first = isinstance(node, And)
        holds, fails = first, not first
        for part_holds, part_fails in parts:
            if first:
                holds, fails = holds & part_holds, fails | part_fails
            else:
                holds, fails = holds | part_holds, fails & part_fails
        return holds, fails
    return literal(node)


def signal_decided_false(fails_of_rules: Iterable[Any]) -> Any:
    """Whether a signal is decided false: every rule concluding it fails (``decide``)."""
    decided: Any = True
    for fails in fails_of_rules:
        decided = decided & fails
    return decided
