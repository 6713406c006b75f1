"""What scoring produces: assessments with their trace, and their JSON / table forms.

``Results`` is a read-only mapping of mineral id → ``Assessment``: ``len``, ``in``,
``keys()``, ``values()``, ``items()``, ``get()``; iterating it yields the mineral ids in rank
order (highest tier first, then score, then id), as iterating a mapping must — use
``values()`` for the assessments. A lookup takes the id, the name, the symbol, the Chinese
name or an alias, in any case, resolved as the CLI resolves them
(:func:`critmin.facts.loading.find_mineral`); anything else raises ``UnknownMineralError``
(a ``KeyError``) with a did-you-mean.

JSON schema of one assessment (``Assessment.to_dict``)::

    {"mineral": "nickel", "name": "Nickel", "name_zh": "镍", "tier": "very_high",
     "score": 78.4, "levers": [{"id": "stockpile", "partners": [...], "rules": [...]}],
     "lever_ids": [...], "partners": [...], "signals": [...], "report_tier": "very_high",
     "basis": "report",
     "indicators": {"shortfall_2035": 0.989, ...}, "warnings": [...],
     "trace": [{"rule": ..., "layer": ..., "kind": ..., "conclusion": ..., "values": {...},
                "because": ..., "source": ...}]}

``levers`` in the CLI's flat JSON is the list of lever ids; ``lever_details`` has the rest.
``basis`` is "report" when the report grades the mineral and the tier agrees with it, else
"model": the tier is the rules' own result (a mineral the report does not grade, or a what-if
that moved the tier away from the report's). engine/schema/assessment.schema.json is the schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from critmin.concepts import TIER_RANK
from critmin.errors import UnknownMineralError
from critmin.facts.loading import find_mineral
from critmin.facts.model import FactBase
from critmin.indicators.catalogue import Indicator
from critmin.inference import display, frames
from critmin.inference.unknowns import MissingInput
from critmin.language.evaluation import Env
from critmin.ruleset.because import render_because
from critmin.ruleset.model import RuleBase

if TYPE_CHECKING:
    import pandas as pd


class Reason:
    """A rule's ``because`` sentence for one firing, filled in when first read.

    Most scoring runs (tables, sweeps replayed on the traced path, what-if re-scorings) never
    show a reason, so the template and the values it reads are kept and the text is made on
    demand; it is the same text either way (:func:`critmin.ruleset.because.render_because`).
    """

    __slots__ = ("template", "env", "_text")
    template: str
    env: Env | None  # None once pickled: the text is kept instead
    _text: str | None

    def __init__(self, template: str, env: Env):
        self.template, self.env, self._text = template, env, None

    @property
    def text(self) -> str:
        if self._text is None:
            assert self.env is not None, "a reason without its values is kept as text"
            self._text = render_because(self.template, self.env)
        return self._text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Reason, str)):
            return self.text == (other.text if isinstance(other, Reason) else other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return repr(self.text)

    def __getstate__(self) -> str:  # pickled as its text (e.g. across processes)
        return self.text

    def __setstate__(self, text: str) -> None:
        self.template, self.env, self._text = text, None, text


@dataclass(frozen=True)
class TraceRecord:
    """One rule firing: which rule, for which mineral, on which values, concluding what."""

    rule: str
    layer: str
    kind: str  # signal | tier | points | lever
    mineral: str
    conclusion: Any  # signal name, tier, points (number) or lever id
    values: dict[str, Any]
    reason: Reason | str  # the filled-in ``because`` (see ``because``)
    source: str
    file: str = ""
    line: int | None = None

    @property
    def because(self) -> str:
        """The rule's reason with this firing's values."""
        return self.reason if isinstance(self.reason, str) else self.reason.text

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "layer": self.layer, "kind": self.kind,
                "mineral": self.mineral, "conclusion": self.conclusion, "values": self.values,
                "because": self.because, "source": self.source,
                "file": self.file, "line": self.line}


class Trace(Sequence[TraceRecord]):
    """A mineral's firings in order, as an immutable sequence of :class:`TraceRecord`.

    A scoring run keeps what it concluded (rule, conclusion) and makes the records — the
    values each rule read, its reason — only when the trace is first read: tables, sweeps and
    what-if re-scorings need the tier, score and levers, not the records. The records are the
    same either way: a rule only reads signals concluded before it (strata), so the values
    it read are those at the end of the run.
    """

    __slots__ = ("_make", "_records")
    _make: Callable[[], tuple[TraceRecord, ...]] | None
    _records: tuple[TraceRecord, ...] | None

    def __init__(self, make: Callable[[], tuple[TraceRecord, ...]] | tuple[TraceRecord, ...]):
        self._make, self._records = (None, make) if isinstance(make, tuple) else (make, None)

    def _all(self) -> tuple[TraceRecord, ...]:
        if self._records is None:
            assert self._make is not None
            self._records, self._make = self._make(), None
        return self._records

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[TraceRecord]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Trace, tuple)):
            return self._all() == (other._all() if isinstance(other, Trace) else other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())

    def __reduce__(self):
        return Trace, (self._all(),)


@dataclass(frozen=True)
class Lever:
    """A lever concluded for a mineral: its id, the partner countries, the rules that concluded it."""

    id: str
    partners: tuple[str, ...]
    rules: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "partners": list(self.partners), "rules": list(self.rules)}


@dataclass(frozen=True, repr=False)
class Assessment:
    """One mineral's result: tier, 0–100 score, levers, partners, signals, indicators, trace.

    A plain value (frozen, comparable, picklable) with no link back to the facts and rules it
    was scored from; explanations are asked of the results that hold it.
    ``repr`` is one line, ``<Assessment nickel very_high 86.9>``.
    """

    mineral: str
    name: str
    name_zh: str
    tier: str
    score: float
    levers: tuple[Lever, ...]
    partners: tuple[str, ...]
    signals: tuple[str, ...]
    indicators: dict[str, Indicator]
    trace: Trace | tuple[TraceRecord, ...]
    warnings: tuple[str, ...] = ()
    report_tier: str | None = None
    undecided: tuple[str, ...] = ()  # signals neither concluded nor decided false (unknown inputs)
    missing: tuple[MissingInput, ...] = ()  # what an unrated mineral's tier rules lack

    @property
    def lever_ids(self) -> list[str]:
        return [lever.id for lever in self.levers]

    @property
    def basis(self) -> str:
        """"report" if the report grades this mineral with this tier, else "model"."""
        return "report" if self.report_tier is not None and self.report_tier == self.tier else "model"

    @property
    def tier_rank(self) -> int:
        return TIER_RANK[self.tier]

    def firings(self, kind: str | None = None) -> list[TraceRecord]:
        """The trace records of one kind (signal, tier, points, lever), or all of them."""
        return [t for t in self.trace if kind is None or t.kind == kind]

    def to_dict(self, trace: bool = True) -> dict[str, Any]:
        out = {
            "mineral": self.mineral, "name": self.name, "name_zh": self.name_zh,
            "tier": self.tier, "score": self.score, "levers": self.lever_ids,
            "lever_details": [lever.to_dict() for lever in self.levers],
            "partners": list(self.partners), "signals": list(self.signals),
            "report_tier": self.report_tier, "basis": self.basis,
            "indicators": {n: i.value for n, i in self.indicators.items()},
            "warnings": list(self.warnings),
            "undecided": list(self.undecided), "missing": [m.to_dict() for m in self.missing],
        }
        if trace:
            out["trace"] = [t.to_dict() for t in self.trace]
        return out

    def __repr__(self) -> str:
        return display.assessment_repr(self)

    def _repr_html_(self) -> str:
        return display.assessment_html(self)


@dataclass(frozen=True, eq=False, repr=False)
class Results(Mapping[str, Assessment]):
    """The assessments of one scoring run, with the facts and rules that produced them.

    A read-only mapping of mineral id → :class:`Assessment`, iterated in rank order (see the
    module docstring). ``assessments`` holds the same assessments as a tuple, in that order.
    Two results are equal when their assessments, facts, rules and warnings are; a results is
    equal to a plain mapping with the same ids and assessments.

    >>> import critmin
    >>> results = critmin.assess()
    >>> list(results)[:3], len(results)
    (['cobalt', 'nickel', 'gallium'], 22)
    >>> results["Ni"] is results["nickel"] is results["镍"], "rare earth" in results
    (True, True)
    >>> [(a.mineral, a.tier) for a in results.values()][:2]
    [('cobalt', 'very_high'), ('nickel', 'very_high')]
    >>> results["nikel"]  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    critmin.errors.UnknownMineralError: unknown mineral 'nikel' (did you mean 'nickel'?); known: ...
    >>> results.get("nikel") is None
    True
    """

    assessments: Sequence[Assessment]
    facts: FactBase
    rules: RuleBase
    warnings: Sequence[str] = ()
    _index: dict[str, Assessment] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "assessments", tuple(self.assessments))
        object.__setattr__(self, "warnings", tuple(self.warnings))
        object.__setattr__(self, "_index", {a.mineral: a for a in self.assessments})

    # ------------------------------------------------------------ the mapping

    def __getitem__(self, mineral: str) -> Assessment:
        return self._index[self.id_of(mineral)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, mineral: object) -> bool:
        if isinstance(mineral, str) and mineral in self._index:
            return True
        return Mapping.__contains__(self, mineral)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Results):
            return ((self.assessments, self.facts, self.rules, self.warnings)
                    == (other.assessments, other.facts, other.rules, other.warnings))
        return Mapping.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]  # equal to a dict, so unhashable like one

    def id_of(self, mineral: str) -> str:
        """The id of ``mineral`` (an id, name, symbol, Chinese name or alias, any case).

        Raises ``UnknownMineralError`` when it names no mineral of the facts, or one these
        results did not score.
        """
        if isinstance(mineral, str) and mineral in self._index:
            return mineral
        if not isinstance(mineral, str):
            raise UnknownMineralError(f"expected a mineral's name or id (text), got {type(mineral).__name__} "
                                      f"{mineral!r}")
        found = find_mineral(self.facts, mineral).id
        if found not in self._index:
            raise UnknownMineralError(f"'{mineral}' ({found}) is not among the minerals scored here: "
                                      f"{', '.join(self._index) or 'none'}")
        return found

    # ------------------------------------------------------------ other forms

    def to_dicts(self, trace: bool = True) -> list[dict[str, Any]]:
        return [a.to_dict(trace=trace) for a in self.assessments]

    def to_json(self, trace: bool = True, indent: int | None = 2) -> str:
        return json.dumps(self.to_dicts(trace), ensure_ascii=False, indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """One row per mineral (indexed by id, in rank order); see :mod:`critmin.inference.frames`.

        >>> import critmin
        >>> frame = critmin.assess().to_frame()
        >>> frame.loc["nickel", ["tier", "basis", "levers"]].tolist()
        ['very_high', 'report', ('ally_sourcing', 'stockpile', 'price_floor', 'recycling')]
        >>> frame["tier"].max(), frame["tier"].min()   # an ordered categorical
        ('very_high', 'unrated')
        """
        return frames.results_frame(self.assessments)

    def __repr__(self) -> str:
        return display.results_repr(self.assessments, self.facts, self.rules)

    def _repr_html_(self) -> str:
        return display.results_html(self.assessments, self.facts, self.rules)
