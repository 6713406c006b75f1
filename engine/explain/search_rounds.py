"""The search for the smallest change of one input, written once and run in rounds.

Each search is a generator: it yields the candidates whose tiers it needs next (tuples of
``(key, value)`` overrides) and is sent their tiers. :func:`drive` runs many searches side by
side and answers each round with one call of a probe (:mod:`critmin.explain.probes`). On the
traced path a search asks for one value at a time, exactly as a sequential search would; on
the fast path (``speculative``) it asks, in one round, for everything it could need in its
next steps — every grid point, or every midpoint of the next ``SPECULATION`` bisection
steps — and then takes the same decisions from the answers. Both paths therefore reach the
same answer whenever they agree on the tiers of the values the decisions read.

For a number the search walks away from the current value on a geometric grid towards each
bound (``(bound - current) / 2**k`` for k = GRID_STEPS-1 … 0, and as many steps short of the
bound), bisects the first step that
reaches the tier down to the input's resolution, walks back while one step nearer still
reaches it, and keeps the value whose step nearer does not (``just short``). A choice
(alignment, risk class) tries the other values, nearest first.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from typing import Any

from critmin.explain.search_space import SearchInput

GRID_STEPS = 14  # geometric grid: (bound - current) / 2**k for k = 13 … 0
BOUND_STEPS = 6  # and bound - (bound - current) / 2**k for k = 2 … 7
MAX_BISECTIONS = 60
WALK_BACK = 4
SPECULATION = 7  # bisection steps a fast round covers (2**7 - 1 midpoints)

Candidate = tuple[tuple[str, Any], ...]
Search = Generator[list[Candidate], list[Any], Any]


def drive(searches: dict[Any, Search], probe) -> dict[Any, Any]:
    """Run searches side by side, one probe call per round; returns each search's result."""
    results: dict[Any, Any] = {}
    pending: dict[Any, list[Candidate]] = {}
    for name, search in searches.items():
        _advance(name, search, None, pending, results)
    while pending:
        batch = list(dict.fromkeys(c for wanted in pending.values() for c in wanted))
        tiers = dict(zip(batch, probe.tiers(batch)))
        asked, pending = pending, {}
        for name, wanted in asked.items():
            _advance(name, searches[name], [tiers[c] for c in wanted], pending, results)
    return results


def _advance(name: Any, search: Search, answer: list[Any] | None, pending: dict, results: dict) -> None:
    try:
        pending[name] = search.send(answer) if answer is not None else next(search)
    except StopIteration as stop:
        results[name] = stop.value


class _Asker:
    """The tiers a search has learnt, and how to ask for more (one or a round's worth)."""

    def __init__(self, item: SearchInput, target: str, speculative: bool, fixed: Candidate = ()):
        self.item, self.target, self.speculative, self.fixed = item, target, speculative, fixed
        self.known: dict[Any, Any] = {}

    def candidate(self, value: Any) -> Candidate:
        return self.fixed + ((self.item.key, value),)

    def reaches(self, value: Any, batch: Iterable[Any] = ()) -> Search:
        """Whether ``value`` reaches the tier; asks for ``batch`` too on the fast path."""
        if value not in self.known:
            values = list(dict.fromkeys([value, *(batch if self.speculative else ())]))
            values = [v for v in values if v not in self.known]
            tiers = yield [self.candidate(v) for v in values]
            self.known.update(zip(values, tiers))
        return self.known[value] == self.target


def search_choices(item: SearchInput, target: str, speculative: bool, fixed: Candidate = ()) -> Search:
    """The nearest other value of a choice that reaches the tier: (value, None) or None."""
    asker = _Asker(item, target, speculative, fixed)
    order = list(item.choices)
    here = order.index(item.current) if item.current in order else 0
    others = sorted((c for c in order if c != item.current), key=lambda c: abs(order.index(c) - here))
    for value in others:
        if (yield from asker.reaches(value, others)):
            return value, None
    return None


def search_direction(item: SearchInput, target: str, direction: int, speculative: bool,
                     fixed: Candidate = (), bound: float | None = None) -> Search:
    """(needed, just_short) on one side of the current value, or None. ``bound``: how far to
    look (default: the input's own bound on that side)."""
    if bound is None:
        bound = item.high if direction > 0 else item.low
    if bound is None or (bound - item.current) * direction <= 0:
        return None
    asker = _Asker(item, target, speculative, fixed)
    points = [p for p in _grid(item, bound) if (p - item.current) * direction > 0]
    previous = item.current
    for point in points:
        if (yield from asker.reaches(point, points)):
            return (yield from _refine(asker, previous, point, direction))
        previous = point
    return None


def _refine(asker: _Asker, outside: Any, inside: Any, direction: int) -> Search:
    """Bisect between a value that does not reach the tier and one that does; then walk back."""
    item = asker.item
    for _ in range(MAX_BISECTIONS):
        if abs(inside - outside) <= item.step:
            break
        middle = item.snap((inside + outside) / 2)
        if middle in (inside, outside):
            break
        if (yield from asker.reaches(middle, _midpoints(item, outside, inside, SPECULATION))):
            inside = middle
        else:
            outside = middle
    needed = item.snap(inside)
    nearer_values = [item.snap(needed - direction * item.step * j) for j in range(1, WALK_BACK + 2)]
    for _ in range(WALK_BACK):
        nearer = item.snap(needed - direction * item.step)
        if (nearer - item.current) * direction <= 0 or not (yield from asker.reaches(nearer, nearer_values)):
            break
        needed = nearer
    short = item.snap(needed - direction * item.step)
    if (yield from asker.reaches(short, [needed])) or not (yield from asker.reaches(needed)):
        return None
    return needed, short


def _midpoints(item: SearchInput, outside: Any, inside: Any, depth: int) -> list[Any]:
    """Every midpoint the next ``depth`` bisection steps could ask for, whichever way each goes."""
    if depth == 0 or abs(inside - outside) <= item.step:
        return []
    middle = item.snap((inside + outside) / 2)
    if middle in (inside, outside):
        return []
    return [middle, *_midpoints(item, outside, middle, depth - 1), *_midpoints(item, middle, inside, depth - 1)]


def search_input(item: SearchInput, target: str, speculative: bool) -> dict[str, Search]:
    """The searches of one input: its choices, or each direction of a number."""
    if item.choices:
        return {"choice": search_choices(item, target, speculative)}
    return {"up": search_direction(item, target, +1, speculative),
            "down": search_direction(item, target, -1, speculative)}


def nearest(item: SearchInput, found: dict[str, Any]) -> tuple[Any, Any] | None:
    """The result of an input's searches: the change nearest its current value (up first on a tie)."""
    if item.choices:
        return found.get("choice")
    best = None
    for direction in ("up", "down"):
        result = found.get(direction)
        if result is not None and (best is None or abs(result[0] - item.current) < abs(best[0] - item.current)):
            best = result
    return best


def _grid(item: SearchInput, bound: Any) -> list[Any]:
    """Points from the current value to the bound, nearest first: geometric steps away from the
    current value, and geometric steps towards the bound (a tier may be reached only in a window
    short of the bound, e.g. a demand near 0, where the shortfall is unknown)."""
    span = bound - item.current
    points = {item.snap(item.current + span / 2 ** k) for k in range(GRID_STEPS)}
    points |= {item.snap(bound - span / 2 ** k) for k in range(2, BOUND_STEPS + 2)}
    return sorted(points, key=lambda p: abs(p - item.current))
