"""A question as understood (intent and slots), and the context a follow-up reads."""

from __future__ import annotations

from dataclasses import dataclass, field

NEEDS_MINERAL = ("why", "whynot", "takes", "levers", "partners", "facts", "why_lever", "fact")
REPEATABLE = ("why", "whynot", "takes", "levers", "partners", "facts", "compare", "why_lever", "fact", "whatif",
              "by_lever", "rank")


@dataclass(frozen=True)
class Context:
    """What the previous question was about (for follow-ups)."""

    intent: str | None = None
    minerals: tuple[str, ...] = ()
    tier: str | None = None
    lever: str | None = None
    direction: str | None = None
    topic: str | None = None
    text: str = ""  # the previous question (a what-if follow-up re-reads it with the new name)
    countries: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()
    question: Question | None = None  # the previous question, for "more" / "show the reasoning"


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    intent: str  # why | whynot | takes | levers | why_lever | by_lever | partners | compare | rank | fact |
    #              facts | sources | whatif | rules | help | unknown | unclear | cannot | detail | too_long
    minerals: tuple[str, ...] = ()
    tier: str | None = None
    direction: str | None = None  # up | down, when no tier is named
    lever: str | None = None
    rule: str | None = None
    overrides: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # what-if parts that could not be understood
    unknown: tuple[str, ...] = ()  # words that look like an unknown mineral
    fuzzy: dict[str, str] = field(default_factory=dict)  # misspelt word → mineral id
    followup: bool = False
    used_context: bool = False
    topic: str | None = None  # the fact topic (fact) or what cannot be answered (cannot)
    should: bool = False  # "should we …?": a lever question answered yes or no
    detail: bool = False  # answer in full (the derivation), not only the short answer
    countries: tuple[str, ...] = ()  # countries named (keys of countries.yaml)
    length: int = 0  # characters in the question as asked
    restated: str = ""  # a follow-up what-if, as understood ("what if Philippines became an ally?")
    previous: Context | None = None  # for "more": the question whose answer is wanted in full

    def context(self) -> Context:
        if self.intent == "detail" and self.previous is not None:
            return self.previous
        if self.intent not in REPEATABLE:
            return Context()
        return Context(self.intent, self.minerals, self.tier, self.lever, self.direction, self.topic,
                       self.restated or self.text, self.countries, self.overrides, self)
