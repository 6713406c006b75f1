"""Answers: a question → text and structured data, computed by the engine.

``respond(text, knowledge, context)`` understands the question (:mod:`critmin.assistant.parse`),
answers each of its parts (:mod:`critmin.assistant.compound`) with the handler for its intent
(:mod:`critmin.assistant.handlers_tiers`, ``handlers_levers``, ``handlers_facts``) and returns
the answer and the context the next question can follow on from. Every answer leads with the
answer to the question asked, in a few sentences with its figures and their sources; the
derivation follows when asked for ("more", "show the reasoning", ``detail=True``). JSON shape:
see :meth:`Answer.to_dict` and the README section "The assistant".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from critmin.assistant import handlers_facts, handlers_levers, handlers_tiers  # noqa: F401  (they register)
from critmin.assistant.compound import MAX_PARTS, split_parts
from critmin.assistant.handlers_facts import examples
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.parse import Context, Question, parse
from critmin.assistant.registry import HANDLERS, Answer, plain
from critmin.assistant.vocabulary import language
from critmin.errors import CritminError
from critmin.words.labels import localized
from critmin.words.phrases import LANGUAGES, say

__all__ = ["Answer", "respond", "answer", "examples"]


def respond(text: str, kb: Knowledge, context: Context | None = None,
            lang: str | None = None, detail: bool = False) -> tuple[Answer, Context]:
    """Parse and answer one question; the returned context lets the next question follow on.

    ``lang`` forces the answer's language (default: the question's); ``detail`` gives the
    derivation after the short answer.
    """
    parts = split_parts(text or "", kb.lexicon.vocab) if len(text or "") <= 2000 else [text]
    if len(parts) > 1:
        return _compound(text, parts, kb, context, lang, detail)
    return _one(text, kb, context, lang, detail)


def _one(text: str, kb: Knowledge, context: Context | None, lang: str | None, detail: bool) -> tuple[Answer, Context]:
    question = _forced(parse(text, kb.lexicon, context), lang, detail)
    result = answer(question, kb)
    return result, _next_context(question, result, context)


def _forced(question: Question, lang: str | None, detail: bool) -> Question:
    if lang in LANGUAGES:
        question = replace(question, lang=lang)
    return replace(question, detail=True) if detail else question


PASSING = ("unknown", "unclear", "help", "cannot", "too_long")  # answers a conversation goes on past


def _next_context(question: Question, result: Answer, previous: Context | None = None) -> Context:
    """What the next question can follow on from: this one, or — after a question that was not
    understood or cannot be answered — still the one before it (a typo does not end the thread)."""
    if question.intent in PASSING and previous is not None and previous.intent is not None:
        return previous
    context = question.context()
    if result.resolved and context.intent is not None:
        context = replace(context, **{k: v for k, v in result.resolved.items() if v is not None})
    return context


def answer(question: Question, kb: Knowledge) -> Answer:
    """Answer a parsed question (engine errors become a one-line answer, never a traceback)."""
    if question.intent == "detail":
        return _detail(question, kb)
    handler = HANDLERS.get(question.intent, HANDLERS["unclear"])
    try:
        result = handler(question, kb)
    except CritminError as exc:
        result = plain(question, say("answer.cannot", question.lang, problem=str(exc)))
    result.notes = _notes(question, kb) + result.notes
    result.understood = _understood(question)
    return result


def _detail(question: Question, kb: Knowledge) -> Answer:
    """"more", "show the reasoning": the previous question again, answered in full."""
    previous = question.previous.question if question.previous is not None else None
    if previous is None:
        text = say("answer.nothing_to_expand", question.lang) + "\n" + examples(question.lang, limit=4)
        result = plain(question, text)
        result.understood = _understood(question)
        return result
    lang = question.lang if question.lang != previous.lang and question.lang == "zh" else previous.lang
    result = answer(replace(previous, detail=True, lang=lang, used_context=bool(previous.restated), followup=False), kb)
    result.question, result.understood["detail"] = question.text, True
    return result


def _understood(q: Question) -> dict[str, Any]:
    return {"minerals": list(q.minerals), "tier": q.tier, "lever": q.lever, "direction": q.direction,
            "rule": q.rule, "topic": q.topic, "should": q.should, "detail": q.detail,
            "overrides": list(q.overrides), "misspellings": q.fuzzy, "followup": q.followup,
            "used_context": q.used_context}


def _notes(q: Question, kb: Knowledge) -> list[str]:
    notes = []
    for word, mineral in q.fuzzy.items():
        found = kb.facts.minerals[mineral]
        notes.append(say("answer.reading_as", q.lang, word=word, name=localized(found.name, found.name_zh, q.lang)))
    if q.used_context and q.restated and language(q.restated) == q.lang:
        notes.append(say("answer.following_whatif", q.lang, question=q.restated))
    elif q.used_context:
        notes.append(say("answer.following_on", q.lang))
    elif q.followup and q.intent in ("why", "compare") and q.minerals:
        notes.append(say("answer.nothing_to_follow", q.lang))
    return notes


def _compound(text: str, parts: list[str], kb: Knowledge, context: Context | None, lang: str | None,
              detail: bool) -> tuple[Answer, Context]:
    """A question in several parts: each part answered in turn, following on from the one before."""
    parsed: list[Question] = []
    ctx = context
    for part in parts:
        question = _forced(parse(part, kb.lexicon, ctx), lang, detail)
        if parsed and _same_subject(parsed[-1], question):
            parsed.pop()  # a repeat about the same thing corrects the earlier part
        if question.intent in ("unclear", "help") and len(part.split()) <= 2 and not question.lang == "zh":
            continue  # "thanks", "oh wait": nothing to answer
        parsed.append(question)
        ctx = question.context() if question.intent != "unclear" else ctx
    if len(parsed) <= 1:
        return _one(parsed[0].text if parsed else text, kb, context, lang, detail)
    shown = parsed[:MAX_PARTS]
    results, ctx = [], context
    for question in shown:
        result = answer(question, kb)
        results.append(result)
        ctx = _next_context(question, result, ctx)
    language = lang if lang in LANGUAGES else shown[0].lang
    blocks = []
    if len(parsed) > MAX_PARTS:
        blocks.append(say("answer.parts_limit", language, count=len(parsed), shown=MAX_PARTS))
    for n, (question, result) in enumerate(zip(shown, results), 1):
        body = say("answer.part_unclear", language) if question.intent == "unclear" else result.full_text
        blocks.append(say("answer.part", language, n=n, question=question.text.strip()) + "\n" + body)
    minerals = list(dict.fromkeys(m for r in results for m in r.minerals))
    tiers = {m: t for r in results for m, t in r.tiers.items()}
    combined = Answer(text, "compound", language, "\n\n".join(blocks), minerals, tiers,
                      explanation={"parts": [r.explanation for r in results]},
                      understood={"parts": [r.understood for r in results]},
                      extra={"parts": [r.to_dict() for r in results]})
    return combined, ctx


def _same_subject(a: Question, b: Question) -> bool:
    return (a.intent, a.minerals, a.lever, a.topic) == (b.intent, b.minerals, b.lever, b.topic) and \
        a.intent not in ("unclear", "help", "whatif")
