"""An answer, and the registry of handlers that make one per intent.

Handlers (:mod:`critmin.assistant.handlers_tiers`, ``handlers_levers``, ``handlers_facts``)
register with ``@handles("intent")``; :func:`critmin.assistant.answers.answer` picks one.
Each handler only calls the library (critmin.explain, critmin.assumptions,
critmin.facts.provenance) and words its result with ``critmin.render.text``; no number is
written by a handler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from critmin.assistant.knowledge import Knowledge
from critmin.assistant.question import Question


@dataclass
class Answer:
    question: str
    intent: str
    language: str
    text: str
    minerals: list[str] = field(default_factory=list)
    tiers: dict[str, str] = field(default_factory=dict)
    explanation: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    understood: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    resolved: dict[str, Any] = field(default_factory=dict)  # what a follow-up should keep (e.g. a target tier)

    @property
    def full_text(self) -> str:
        return "\n".join([*self.notes, self.text]) if self.notes else self.text

    def to_dict(self) -> dict[str, Any]:
        first = self.minerals[0] if self.minerals else None
        return {"question": self.question, "intent": self.intent, "language": self.language,
                "mineral": first, "tier": self.tiers.get(first) if first else None,
                "minerals": self.minerals, "tiers": self.tiers, "answer": self.full_text,
                "notes": self.notes, "understood": self.understood, "explanation": self.explanation,
                **self.extra}


Handler = Callable[[Question, Knowledge], Answer]
HANDLERS: dict[str, Handler] = {}


def handles(intent: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        HANDLERS[intent] = func
        return func
    return register


def plain(q: Question, text: str, **values: Any) -> Answer:
    return Answer(q.text, q.intent, q.lang, text, **values)


def per_mineral(q: Question, kb: Knowledge, key: str, find: Callable[[str], Any],
                show: Callable[[Any], str], separator: str = "\n") -> Answer:
    """One finding per mineral asked about, shown one after another; the explanation holds each
    finding's dict under ``key`` (the dict itself when one mineral was asked)."""
    found = [find(mineral) for mineral in q.minerals]
    explanation = [f.to_dict() for f in found]
    minerals = list(q.minerals)
    return plain(q, separator.join(show(f) for f in found), minerals=minerals, tiers=tiers_of(kb, minerals),
                 explanation={key: explanation[0] if len(explanation) == 1 else explanation})


def tiers_of(kb: Knowledge, minerals) -> dict[str, str]:
    return {m: kb.results[m].tier for m in minerals}
