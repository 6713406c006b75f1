"""Answers about the facts and what-ifs, and the answers that are not about one mineral: the
facts behind a question ("how much nickel does the US consume?"), a mineral's facts, the
sources, a what-if, the rules, and what cannot be answered (never a guess)."""

from __future__ import annotations

from critmin import render
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.parse import MAX_QUESTION
from critmin.assistant.question import Question
from critmin.assistant.registry import Answer, handles, per_mineral, plain, tiers_of
from critmin.assistant.vocabulary import vocabulary
from critmin.assumptions.overrides import parse_override
from critmin.concepts import LEVERS, TIERS
from critmin.explain.fact_query import fact_answer
from critmin.explain.headline import head_of
from critmin.explain.queries import rule_info, rules_list
from critmin.facts.provenance import facts_of, override_note, source_list
from critmin.render.headline import called, headline
from critmin.words.labels import english_only, in_sentence, lever_label, localized, tier_label, tier_with_id
from critmin.words.phrases import has, say

QUESTION_WORDS = ("what", "which", "who", "how", "why", "where", "when", "is", "are", "does", "do", "can", "should",
                  "will", "would", "could")


@handles("fact")
def _fact(q: Question, kb: Knowledge) -> Answer:
    """"how much nickel does the US consume?", "who mines most of the world's cobalt?"."""
    return per_mineral(q, kb, "fact", lambda mineral: fact_answer(kb.results, mineral, q.topic or "consumption"),
                       lambda found: render.text(found, q.lang))


@handles("facts")
def _facts(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    result = facts_of(kb.facts, mineral)
    head = headline(head_of(kb.results, mineral), q.lang)
    return plain(q, head + "\n" + render.text(result, q.lang), minerals=[mineral], tiers=tiers_of(kb, [mineral]),
                 explanation={"facts": result.to_dict()})


@handles("sources")
def _sources(q: Question, kb: Knowledge) -> Answer:
    result = source_list(kb.facts)
    return plain(q, render.text(result, q.lang), explanation={"sources": result.to_dict()})


@handles("whatif")
def _whatif(q: Question, kb: Knowledge) -> Answer:
    problems = list(q.problems)
    if not q.overrides:
        text = "\n".join(problems) + "\n" + examples(q.lang, ("what if", "如果"))
        return plain(q, text.strip())
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
    return plain(q, text, minerals=minerals, tiers={m: after[m] for m in minerals},
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
        return plain(q, render.text(info, q.lang), minerals=minerals, tiers=tiers_of(kb, minerals),
                     explanation={"rule": info.to_dict()})
    result = rules_list(kb.rules)
    return plain(q, render.text(result, q.lang), explanation=result.to_dict())


@handles("cannot")
def _cannot(q: Question, kb: Knowledge) -> Answer:
    """A question the facts and rules hold nothing about: say so, and what can be answered."""
    return plain(q, cannot_text(q, kb), minerals=list(q.minerals[:1]), tiers=tiers_of(kb, q.minerals[:1]))


def cannot_text(q: Question, kb: Knowledge) -> str:
    key = f"cannot_topic.{q.topic}"
    lead = say("answer.cannot_topic", q.lang, topic=say(key, q.lang)) if q.topic and has(key) else \
        say("answer.cannot_general", q.lang)
    if q.minerals:
        head = head_of(kb.results, q.minerals[0])
        offer = say("answer.can_instead_mineral", q.lang, name=in_sentence(called(head, q.lang), q.lang),
                    tier=tier_label(head.tier, q.lang))
    else:
        offer = say("answer.can_instead", q.lang)
    return lead + " " + offer if q.lang == "en" else lead + offer


@handles("too_long")
def _too_long(q: Question, kb: Knowledge) -> Answer:
    return plain(q, say("answer.too_long", q.lang, count=q.length, limit=MAX_QUESTION))


@handles("unknown")
def _unknown(q: Question, kb: Knowledge) -> Answer:
    word = q.unknown[0] if q.unknown else q.text
    close = kb.lexicon.closest(word, cutoff=0)
    separator = say("separator.list", q.lang)
    names = separator.join(localized(m.name, m.name_zh, q.lang) for m in (kb.facts.minerals[c] for c in close))
    known = separator.join(localized(m.name, m.name_zh, q.lang) for m in kb.facts.minerals.values())
    text = (say("answer.unknown", q.lang, word=word) + (say("answer.closest", q.lang, names=names) if names else "")
            + "\n" + say("answer.known", q.lang, names=known))
    return plain(q, text + "\n" + examples(q.lang, limit=4), extra={"suggestions": close})


@handles("help")
def _help(q: Question, kb: Knowledge) -> Answer:
    levers = ", ".join(f"{lever_label(lv, q.lang)} ({lv})" for lv in LEVERS)
    tiers = " / ".join(tier_label(t, q.lang) for t in TIERS)
    intro = say("answer.help", q.lang, tiers=tiers, levers=english_only(f"({levers})", q.lang, " "))
    return plain(q, intro + "\n" + examples(q.lang))


@handles("unclear")
def _unclear(q: Question, kb: Knowledge) -> Answer:
    """Not understood. A real question (it asks something) is told plainly that it cannot be
    answered from the facts and rules; anything else is shown how to ask."""
    words = q.text.lower().split()
    asked = len(words) >= 3 and (q.text.rstrip().endswith(("?", "？")) or words[0] in QUESTION_WORDS
                                 or "吗" in q.text or "什么" in q.text)
    if asked:
        return plain(q, cannot_text(q, kb) + "\n" + examples(q.lang, limit=4))
    return plain(q, say("answer.unclear", q.lang) + "\n" + examples(q.lang, limit=6))


def examples(lang: str, prefer: tuple[str, ...] = (), limit: int | None = None) -> str:
    items = vocabulary().examples[lang]
    if prefer:
        items = [e for e in items if any(e.lower().startswith(p) for p in prefer)] + \
            [e for e in items if not any(e.lower().startswith(p) for p in prefer)]
    items = items[:limit] if limit else items
    return "\n".join(f"  {e}" for e in items)
