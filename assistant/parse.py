"""Question understanding: free text (English or Chinese) → a Question (intent and slots).

The intent comes from cue phrases (vocabulary.yaml) combined with what the question names:
minerals, a tier, a lever, countries, parameters, rules, numbers, a fact topic. A follow-up
("and cobalt?", "那钴呢？", "and the Philippines?", "more") takes what it lacks from the previous
question (:mod:`critmin.assistant.followups`). Parsing never raises: anything it cannot place
becomes ``help``, ``unknown``, ``unclear`` or — for a real question about something the facts
and rules do not hold — ``cannot``; a question over :data:`MAX_QUESTION` characters is
``too_long``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from critmin.assistant.followups import with_context
from critmin.assistant.lexicon import Lexicon, words
from critmin.assistant.question import NEEDS_MINERAL, REPEATABLE, Context, Question
from critmin.assistant.vocabulary import Vocabulary, language
from critmin.assistant.whatif_parse import parse_changes
from critmin.concepts import TIERS

__all__ = ["Context", "Question", "parse", "next_tier", "NEEDS_MINERAL", "REPEATABLE", "MAX_QUESTION", "ORDER"]

MAX_QUESTION = 2000
ORDER = TIERS[::-1]  # highest first, as a person steps "up" or "down"


def parse(text: str, lexicon: Lexicon, context: Context | None = None) -> Question:
    """Understand one question; never raises."""
    text = (text or "").replace("\x00", " ")
    if len(text) > MAX_QUESTION:
        return Question(text[:MAX_QUESTION], language(text[:MAX_QUESTION]), "too_long", length=len(text))
    vocab = lexicon.vocab
    lang = language(text)
    lowered = text.lower()
    minerals_found = lexicon.find_minerals(text)
    countries_found = lexicon.find_countries(text)
    minerals = tuple(dict.fromkeys(m.value for m in minerals_found))
    fuzzy = {m.text: m.value for m in minerals_found if m.fuzzy}
    cues = set(vocab.hits(vocab.intents, lowered))
    masked = _mask(lowered, [(m.start, m.end) for m in minerals_found + countries_found])
    tiers = vocab.spans(vocab.tiers, masked)
    tier = _target_tier(tiers, masked)
    direction = next(iter(vocab.hits(vocab.directions, masked)), None)
    levers = [s[0] for s in vocab.spans(vocab.levers, masked)]
    lever = levers[0] if levers else None
    unlevered = _mask(masked, [(s[1], s[2]) for s in vocab.spans(vocab.levers, masked)])
    rules = lexicon.find_rules(text)
    base = Question(text, lang, "unclear", minerals, tier, direction, lever, rules[0].value if rules else None,
                    fuzzy=fuzzy, followup="followup" in cues, length=len(text),
                    countries=tuple(dict.fromkeys(c.value for c in countries_found)),
                    should=vocab.any(vocab.should, lowered),
                    detail=vocab.any(vocab.detail, lowered.strip()))
    cannot = next(iter(vocab.hits(vocab.cannot_topics, " ".join(unlevered.split()))), None)
    topic = next(iter(vocab.hits(vocab.fact_topics, " ".join(masked.split()))), None)
    if topic in (None, "production", "world_production", "supply") and _abroad(base.countries) and \
            vocab.any(vocab.fact_question, lowered) and "whatif" not in cues:
        topic = "producers"  # "how much cobalt does DR Congo produce?": the producers' shares
    intent = _intent(base, cues, vocab, lowered, bool(tiers), cannot, topic)
    question = replace(base, intent=intent, topic=cannot if intent == "cannot" else topic)
    if intent == "whatif":
        overrides, problems = parse_changes(text, lexicon, minerals or (context.minerals if context else ()))
        question = replace(question, overrides=tuple(overrides), problems=tuple(problems))
    question = with_context(question, context, minerals_found, lexicon)
    if question.intent in NEEDS_MINERAL and not question.minerals or \
            question.intent == "compare" and len(question.minerals) < 2 or question.intent == "unclear":
        question = _unknown_or_help(question, lexicon, text, masked)
    if question.intent == "why" and _defaulted(question, cues, vocab, lowered, bool(tiers), lexicon, masked):
        question = replace(question, intent="cannot", topic=None)
    return question


def _intent(q: Question, cues: set[str], vocab: Vocabulary, lowered: str, tier_named: bool,
            cannot: str | None, topic: str | None) -> str:
    minerals = q.minerals
    if q.detail and not minerals and not q.lever:
        return "detail"
    if cannot is not None:
        return "cannot"
    if "whatif" in cues:
        return "whatif"
    if "help" in cues and not minerals:
        return "help"
    if "takes" in cues and minerals:
        return "takes"
    if q.lever and minerals and "compare" not in cues:
        return "why_lever"
    if "whynot" in cues:
        return "whynot"
    if "compare" in cues and len(minerals) <= 1:
        return "why" if minerals else "rank"  # "compare nickel" (with what?), "compare all minerals"
    if "compare" in cues or len(minerals) >= 2 and not cues - {"followup", "why"}:
        return "compare"
    if q.lever and not minerals:
        return "by_lever"
    if "levers" in cues and minerals:
        return "levers"
    if "partners" in cues and minerals and topic != "producers":
        return "partners"
    if topic and minerals and "facts" not in cues and not vocab.any(vocab.why_strong, lowered) and (
            topic == "producers" or vocab.any(vocab.fact_question, lowered) or not cues - {"followup"}):
        return "fact"
    if "partners" in cues and minerals:
        return "partners"
    if "facts" in cues and minerals:
        return "facts"
    if "rules" in cues or q.rule:
        return "rules"
    if "takes" in cues:
        return "takes"
    if not minerals and ("rank" in cues or tier_named and "which" in cues):
        return "rank"
    if "facts" in cues and not minerals:
        return "sources"  # "what are the sources?"
    if minerals:
        return "why"
    if topic and vocab.any(vocab.fact_question, lowered):
        return "fact"  # a fact question about "it": the mineral may come from the conversation
    # a question that needs a mineral but names none (an unknown one, or none at all)
    return next((c for c in ("why", "levers", "partners", "facts") if c in cues), "unclear")


def _abroad(countries: tuple[str, ...]) -> bool:
    """A country other than the United States is named (its figures are producer shares)."""
    return any(c != "United States" for c in countries)


def _defaulted(q: Question, cues: set[str], vocab: Vocabulary, lowered: str, tier_named: bool,
               lexicon: Lexicon, masked: str) -> bool:
    """A "why" that only names a mineral amid words nothing here understands ("what is nickel's
    melting curve?"): answering with the tier would be a guess, so it is not answered."""
    if q.used_context or tier_named or vocab.any(vocab.why_strong, lowered) or _only_names_left(masked):
        return False
    strange = [w for w, _, _ in words(masked) if len(w) >= 4 and w.isalpha() and not vocab.is_cue_word(w)
               and not lexicon.fuzzy_mineral(w.lower())]
    return len(strange) >= 2


def _only_names_left(masked: str) -> bool:
    return not re.sub(r"[\W\d_]+", "", masked)


def _target_tier(tiers: list[tuple[str, int, int]], text: str) -> str | None:
    """The tier a question is about: the one after "to"/"到"/"成", else the last named."""
    if not tiers:
        return None
    for tier, start, _ in tiers:
        before = text[max(0, start - 12):start]
        if any(cue in before for cue in (" to ", " into ", "到", "成", "为", "become", "became")):
            return tier
    return tiers[-1][0]


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out names so their letters are not read as tier words (中 in 中国)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    return "".join(chars)


def _unknown_or_help(q: Question, lexicon: Lexicon, text: str, masked: str) -> Question:
    """A question that needs a mineral but names none: an unknown name, or not understood."""
    candidates = _unknown_words(lexicon, text, masked)
    lone = len(candidates) <= 2 and len(words(text)) <= 3  # "tungsten", "magnesium?"
    if candidates and (q.intent != "unclear" or lone):
        return replace(q, intent="unknown", unknown=tuple(candidates))
    if q.intent in NEEDS_MINERAL or q.intent == "compare":
        return replace(q, intent="unclear")
    return replace(q, intent="help" if q.intent == "help" else "unclear")


def _unknown_words(lexicon: Lexicon, text: str, masked: str) -> list[str]:
    out = []
    for word, start, end in words(masked):
        if len(word) < 3 or word.isdigit() or lexicon.vocab.is_cue_word(word) or not word.isalpha():
            continue
        out.append(text[start:end])
    for chunk in _metal_characters(masked):
        out.append(chunk)
    return list(dict.fromkeys(out))[:3]


def _metal_characters(text: str) -> list[str]:
    """Chinese words written with the metal radical (钅) or ending in 矿: likely mineral names."""
    metals = re.findall(r"[\u9485-\u9576金]+矿?石?", text)
    return metals or [m for m in re.findall(r"[\u4e00-\u9fff]{1,2}矿", text) if not re.search(r"[什么是的为在有]", m)]


def next_tier(tier: str, direction: str) -> str | None:
    """The tier one step ``up`` or ``down`` from ``tier`` (None past either end)."""
    if tier not in ORDER:
        return "low" if direction == "up" else None
    i = ORDER.index(tier) + (1 if direction == "down" else -1)
    return ORDER[i] if 0 <= i < len(ORDER) else None
