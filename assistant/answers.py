"""Answers: a parsed Question → text and structured data, computed by the engine.

Each intent has one small handler. Handlers only call the library (critmin.explain,
critmin.assumptions, critmin.facts.provenance) and word its result in the question's language
(critmin.render.text, phrases from critmin.words); no number is written here. JSON shape: see
:meth:`Answer.to_dict` and the README section "The assistant".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from critmin import render
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.parse import ORDER, Context, Question, next_tier, parse
from critmin.assistant.vocabulary import vocabulary
from critmin.assumptions.overrides import parse_override
from critmin.concepts import LEVERS
from critmin.errors import CritminError
from critmin.explain.compare import compare
from critmin.explain.headline import head_of
from critmin.explain.queries import by_lever, levers_of, partners_of, ranking, rule_info, rules_list
from critmin.explain.what_it_takes import what_would_it_take
from critmin.explain.why import why
from critmin.explain.why_not import why_not
from critmin.facts.provenance import facts_of, override_note, source_list
from critmin.render.headline import called, headline
from critmin.words.labels import english_only, lever_label, localized, tier_label, tier_with_id
from critmin.words.phrases import LANGUAGES, say


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


def respond(text: str, kb: Knowledge, context: Context | None = None,
            lang: str | None = None) -> tuple[Answer, Context]:
    """Parse and answer one question; the returned context lets the next question follow on.

    ``lang`` forces the answer's language (default: the question's).
    """
    question = parse(text, kb.lexicon, context)
    if lang in LANGUAGES:
        question = replace(question, lang=lang)
    result = answer(question, kb)
    return result, question.context()


def answer(question: Question, kb: Knowledge) -> Answer:
    """Answer a parsed question (engine errors become a one-line answer, never a traceback)."""
    handler = HANDLERS.get(question.intent, HANDLERS["unclear"])
    try:
        result = handler(question, kb)
    except CritminError as exc:
        result = _plain(question, say("answer.cannot", question.lang, problem=str(exc)))
    result.notes = _notes(question, kb) + result.notes
    result.understood = {"minerals": list(question.minerals), "tier": question.tier, "lever": question.lever,
                         "direction": question.direction, "rule": question.rule,
                         "overrides": list(question.overrides), "misspellings": question.fuzzy,
                         "followup": question.followup, "used_context": question.used_context}
    return result


def _plain(q: Question, text: str, **values: Any) -> Answer:
    return Answer(q.text, q.intent, q.lang, text, **values)


def _tiers(kb: Knowledge, minerals) -> dict[str, str]:
    return {m: kb.results[m].tier for m in minerals}


def _notes(q: Question, kb: Knowledge) -> list[str]:
    notes = []
    for word, mineral in q.fuzzy.items():
        found = kb.facts.minerals[mineral]
        notes.append(say("answer.reading_as", q.lang, word=word, name=localized(found.name, found.name_zh, q.lang)))
    if q.used_context:
        notes.append(say("answer.following_on", q.lang))
    elif q.followup and q.intent in ("why", "compare") and q.minerals:
        notes.append(say("answer.nothing_to_follow", q.lang))
    return notes


@handles("why")
def _why(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    derivation = why(kb.results, mineral)
    explanation: dict[str, Any] = {"why": derivation.to_dict()}
    text = render.text(derivation, q.lang)
    if q.tier and q.tier != derivation.tier:
        gap = why_not(kb.results, mineral, q.tier)
        explanation["why_not"] = gap.to_dict()
        lead = say("answer.is_not", q.lang, name=called(derivation.head, q.lang), want=tier_label(q.tier, q.lang),
                   have=tier_label(derivation.tier, q.lang))
        text = lead + "\n" + render.text(gap, q.lang) + "\n" + render.text(derivation, q.lang, with_headline=False)
    return _plain(q, text, minerals=[mineral], tiers=_tiers(kb, [mineral]), explanation=explanation)


@handles("whynot")
def _why_not(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    current = kb.results[mineral].tier
    tier = q.tier or next_tier(current, q.direction or "up") or current
    if tier == current and re.search(r"\b(only|just|merely)\b|只|仅", q.text.lower()):
        tier = next_tier(current, "up") or current  # "why is graphite only high?"
    gap = why_not(kb.results, mineral, tier)
    explanation: dict[str, Any] = {"why_not": gap.to_dict()}
    text = render.text(gap, q.lang)
    if tier == current:
        derivation = why(kb.results, mineral)
        explanation["why"] = derivation.to_dict()
        text = render.text(derivation, q.lang)
    return _plain(q, text, minerals=[mineral], tiers=_tiers(kb, [mineral]), explanation=explanation)


@handles("takes")
def _takes(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    current = kb.results[mineral].tier
    default = "down" if current == "very_high" else "up"
    target = q.tier if q.tier and q.tier != current else next_tier(current, q.direction or default)
    notes = []
    if target is None:
        target = next_tier(current, "down" if (q.direction or default) == "up" else "up") or current
    if not q.tier:
        notes.append(say("answer.default_target", q.lang, tier=tier_label(target, q.lang)))
    takes = what_would_it_take(kb.results, mineral, target)
    text = _with_reason(render.text(takes, q.lang), not takes.changes, kb, mineral, q.lang)
    return _plain(q, text, minerals=[mineral], tiers=_tiers(kb, [mineral]),
                  explanation={"what_would_it_take": takes.to_dict()}, notes=notes)


@handles("levers")
def _levers(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    result = levers_of(kb.results, mineral)
    return _plain(q, _with_reason(render.text(result, q.lang), not result.levers, kb, mineral, q.lang),
                  minerals=[mineral], tiers=_tiers(kb, [mineral]), explanation={"levers": result.to_dict()})


def _with_reason(text: str, bare: bool, kb: Knowledge, mineral: str, lang: str) -> str:
    """When an answer has no figures of its own, add the derivation of the mineral's tier."""
    return text + "\n" + render.text(why(kb.results, mineral), lang, with_headline=False) if bare else text


@handles("by_lever")
def _by_lever(q: Question, kb: Knowledge) -> Answer:
    result = by_lever(kb.results, q.lever)
    minerals = [m["mineral"] for m in result.minerals]
    return _plain(q, render.text(result, q.lang), minerals=minerals, tiers=_tiers(kb, minerals),
                  explanation={"by_lever": result.to_dict()})


@handles("partners")
def _partners(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    result = partners_of(kb.results, mineral)
    bare = result.allies is None and result.emerging is None and not result.producers
    return _plain(q, _with_reason(render.text(result, q.lang), bare, kb, mineral, q.lang), minerals=[mineral],
                  tiers=_tiers(kb, [mineral]), explanation={"partners": result.to_dict()})


@handles("compare")
def _compare(q: Question, kb: Knowledge) -> Answer:
    a, b = q.minerals[0], q.minerals[1]
    result = compare(kb.results, a, b)
    return _plain(q, render.text(result, q.lang), minerals=[a, b], tiers=_tiers(kb, [a, b]),
                  explanation={"compare": result.to_dict()})


@handles("rank")
def _rank(q: Question, kb: Knowledge) -> Answer:
    result = ranking(kb.results, q.tier)
    minerals = [row["mineral"] for row in result.rows]
    if not minerals:
        text = say("answer.no_mineral_is", q.lang, tier=tier_label(q.tier, q.lang))
        return _plain(q, text + "\n" + render.text(ranking(kb.results), q.lang), explanation={"ranking": []})
    return _plain(q, render.text(result, q.lang), minerals=minerals, tiers=_tiers(kb, minerals),
                  explanation=result.to_dict())


@handles("facts")
def _facts(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    result = facts_of(kb.facts, mineral)
    head = headline(head_of(kb.results, mineral), q.lang)
    return _plain(q, head + "\n" + render.text(result, q.lang), minerals=[mineral], tiers=_tiers(kb, [mineral]),
                  explanation={"facts": result.to_dict()})


@handles("sources")
def _sources(q: Question, kb: Knowledge) -> Answer:
    result = source_list(kb.facts)
    return _plain(q, render.text(result, q.lang), explanation={"sources": result.to_dict()})


@handles("whatif")
def _whatif(q: Question, kb: Knowledge) -> Answer:
    problems = list(q.problems)
    if not q.overrides:
        text = "\n".join(problems) + "\n" + examples(q.lang, ("what if", "如果"))
        return _plain(q, text.strip())
    diff = kb.session.whatif(q.overrides)
    notes = [n for n in (_note(kb, o) for o in q.overrides) if n is not None]
    changed = [m.mineral for m in diff.changed if m.tier_changed or m.score_delta or m.levers_added
               or m.levers_removed] or [m.mineral for m in diff.changed]
    minerals = [*q.minerals, *[m for m in changed if m not in q.minerals]]
    after = {m.mineral: m.tier_after for m in diff.minerals}
    before = {m.mineral: m.tier_before for m in diff.minerals}
    text = render.text(diff, q.lang, form="answer", notes=notes, facts=kb.facts)
    moved = {m.mineral for m in diff.changed}
    for mineral in q.minerals:
        if mineral not in moved:  # the mineral asked about, unchanged: still say where it stands
            head = head_of(kb.results, mineral)
            text += "\n" + say("answer.unchanged", q.lang, name=called(head, q.lang),
                               tier=tier_with_id(head.tier, q.lang), score=head.score)
    if problems:
        text += "\n" + say("answer.not_understood", q.lang, problems=" ".join(problems))
    return _plain(q, text, minerals=minerals, tiers={m: after[m] for m in minerals},
                  explanation={"what_if": diff.to_dict(), "assumptions": [n.to_dict() for n in notes]},
                  extra={"baseline_tiers": {m: before[m] for m in minerals}, "overrides": list(q.overrides)})


def _note(kb: Knowledge, override: str):
    parsed = parse_override(override)
    return override_note(kb.facts, kb.rules.params, parsed.key, parsed.value)


@handles("rules")
def _rules(q: Question, kb: Knowledge) -> Answer:
    if q.rule:
        info = rule_info(kb.results, q.rule)
        minerals = [row["mineral"] for row in info.fires_for]
        return _plain(q, render.text(info, q.lang), minerals=minerals, tiers=_tiers(kb, minerals),
                      explanation={"rule": info.to_dict()})
    result = rules_list(kb.rules)
    return _plain(q, render.text(result, q.lang), explanation=result.to_dict())


@handles("unknown")
def _unknown(q: Question, kb: Knowledge) -> Answer:
    word = q.unknown[0] if q.unknown else q.text
    close = kb.lexicon.closest(word, cutoff=0)
    separator = say("separator.list", q.lang)
    names = separator.join(localized(m.name, m.name_zh, q.lang) for m in (kb.facts.minerals[c] for c in close))
    known = separator.join(localized(m.name, m.name_zh, q.lang) for m in kb.facts.minerals.values())
    text = (say("answer.unknown", q.lang, word=word) + (say("answer.closest", q.lang, names=names) if names else "")
            + "\n" + say("answer.known", q.lang, names=known))
    return _plain(q, text + "\n" + examples(q.lang, limit=4), extra={"suggestions": close})


@handles("help")
def _help(q: Question, kb: Knowledge) -> Answer:
    levers = ", ".join(f"{lever_label(lv, q.lang)} ({lv})" for lv in LEVERS)
    tiers = " / ".join(tier_label(t, q.lang) for t in reversed(ORDER))
    intro = say("answer.help", q.lang, tiers=tiers, levers=english_only(f"({levers})", q.lang, " "))
    return _plain(q, intro + "\n" + examples(q.lang))


@handles("unclear")
def _unclear(q: Question, kb: Knowledge) -> Answer:
    return _plain(q, say("answer.unclear", q.lang) + "\n" + examples(q.lang, limit=6))


def examples(lang: str, prefer: tuple[str, ...] = (), limit: int | None = None) -> str:
    items = vocabulary().examples[lang]
    if prefer:
        items = [e for e in items if any(e.lower().startswith(p) for p in prefer)] + \
            [e for e in items if not any(e.lower().startswith(p) for p in prefer)]
    items = items[:limit] if limit else items
    return "\n".join(f"  {e}" for e in items)
