"""What scoring produces: assessments with their trace, and their JSON / table forms.

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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from critmin.concepts import TIER_RANK
from critmin.errors import UnknownMineralError, suggest
from critmin.facts.model import FactBase
from critmin.indicators.catalogue import Indicator
from critmin.inference.unknowns import MissingInput
from critmin.language.evaluation import Env
from critmin.ruleset.because import render_because
from critmin.ruleset.model import RuleBase


class Reason:
    """A rule's ``because`` sentence for one firing, filled in when first read.

    Most scoring runs (tables, sweeps replayed on the traced path, what-if re-scorings) never
    show a reason, so the template and the values it reads are kept and the text is made on
    demand; it is the same text either way (:func:`critmin.ruleset.because.render_because`).
    """

    __slots__ = ("template", "env", "_text")

    def __init__(self, template: str, env: Env):
        self.template, self.env, self._text = template, env, None

    @property
    def text(self) -> str:
        if self._text is None:
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

    def __init__(self, make: Callable[[], tuple[TraceRecord, ...]] | tuple[TraceRecord, ...]):
        self._make, self._records = (None, make) if isinstance(make, tuple) else (make, None)

    def _all(self) -> tuple[TraceRecord, ...]:
        if self._records is None:
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
    id: str
    partners: tuple[str, ...]
    rules: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "partners": list(self.partners), "rules": list(self.rules)}


@dataclass(frozen=True)
class Assessment:
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


@dataclass
class Results:
    """The assessments of one scoring run, with the facts and rules that produced them."""

    assessments: list[Assessment]
    facts: FactBase
    rules: RuleBase
    warnings: list[str] = field(default_factory=list)

    def __iter__(self):
        return iter(self.assessments)

    def __len__(self) -> int:
        return len(self.assessments)

    def __getitem__(self, mineral_id: str) -> Assessment:
        for assessment in self.assessments:
            if assessment.mineral == mineral_id:
                return assessment
        raise UnknownMineralError(f"unknown mineral '{mineral_id}'"
                                  f"{suggest(mineral_id, [a.mineral for a in self.assessments])}")

    def to_dicts(self, trace: bool = True) -> list[dict[str, Any]]:
        return [a.to_dict(trace=trace) for a in self.assessments]

    def to_json(self, trace: bool = True, indent: int | None = 2) -> str:
        return json.dumps(self.to_dicts(trace), ensure_ascii=False, indent=indent)

    def to_frame(self):
        """One row per mineral: tier, score, levers, partners, signals and every indicator."""
        import pandas as pd  # pandas: only when a frame is asked for

        rows = []
        for a in self.assessments:
            row = {"mineral": a.mineral, "name": a.name, "tier": a.tier, "score": a.score,
                   "report_tier": a.report_tier, "basis": a.basis, "levers": ", ".join(a.lever_ids),
                   "partners": ", ".join(a.partners), "signals": ", ".join(a.signals)}
            row.update({n: i.value for n, i in a.indicators.items()})
            rows.append(row)
        return pd.DataFrame(rows).set_index("mineral")
