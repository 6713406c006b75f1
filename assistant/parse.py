"""Question understanding: free text (English or Chinese) → a Question (intent and slots).

The intent comes from cue phrases (vocabulary.yaml) combined with what the question names:
minerals, a tier, a lever, countries, parameters, rules, numbers. A follow-up ("and cobalt?",
"那钴呢？") reuses the previous question's intent. Parsing never raises: anything it cannot
place becomes the ``help`` or ``unknown`` intent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from critmin.assistant.lexicon import Lexicon, words
from critmin.assistant.vocabulary import language
from critmin.assistant.whatif_parse import parse_changes
from critmin.concepts import TIERS

MAX_QUESTION = 2000
NEEDS_MINERAL = ("why", "whynot", "takes", "levers", "partners", "facts")
REPEATABLE = ("why", "whynot", "takes", "levers", "partners", "facts", "compare")
ORDER = TIERS[::-1]  # highest first, as a person steps "up" or "down"


@dataclass(frozen=True)
class Context:
    """What the previous question was about (for follow-ups)."""

    intent: str | None = None
    minerals: tuple[str, ...] = ()
    tier: str | None = None


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    intent: str  # why | whynot | takes | levers | by_lever | partners | compare | rank | facts |
    #              sources | whatif | rules | help | unknown | unclear
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

    def context(self) -> Context:
        if self.intent not in REPEATABLE:
            return Context()
        return Context(self.intent, self.minerals, self.tier)


def parse(text: str, lexicon: Lexicon, context: Context | None = None) -> Question:
    """Understand one question; never raises."""
    text = (text or "")[:MAX_QUESTION].replace("\x00", " ")
    vocab = lexicon.vocab
    lang = language(text)
    lowered = text.lower()
    minerals_found = lexicon.find_minerals(text)
    minerals = tuple(dict.fromkeys(m.value for m in minerals_found))
    fuzzy = {m.text: m.value for m in minerals_found if m.fuzzy}
    cues = set(vocab.hits(vocab.intents, lowered))
    masked = _mask(lowered, [(m.start, m.end) for m in minerals_found + lexicon.find_countries(text)])
    tiers = vocab.spans(vocab.tiers, masked)
    tier = _target_tier(tiers, masked)
    direction = next(iter(vocab.hits(vocab.directions, masked)), None)
    levers = [s[0] for s in vocab.spans(vocab.levers, masked)]
    lever = levers[0] if levers else None
    rules = lexicon.find_rules(text)
    base = Question(text, lang, "unclear", minerals, tier, direction, lever,
                    rules[0].value if rules else None, fuzzy=fuzzy, followup="followup" in cues)
    intent = _intent(base, cues, minerals, bool(tiers))
    question = replace(base, intent=intent)
    if intent == "whatif":
        overrides, problems = parse_changes(text, lexicon, minerals or (context.minerals if context else ()))
        question = replace(question, overrides=tuple(overrides), problems=tuple(problems))
    question = _with_context(question, context, minerals_found)
    if question.intent in NEEDS_MINERAL and not question.minerals or \
            question.intent == "compare" and len(question.minerals) < 2 or question.intent == "unclear":
        question = _unknown_or_help(question, lexicon, text, masked)
    return question


def _intent(q: Question, cues: set[str], minerals: tuple[str, ...], tier_named: bool) -> str:
    if "whatif" in cues:
        return "whatif"
    if "help" in cues and not minerals:
        return "help"
    if "takes" in cues and minerals:
        return "takes"
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
    # a question that needs a mineral but names none (an unknown one, or none at all)
    return next((c for c in ("why", "levers", "partners", "facts") if c in cues), "unclear")


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


def _with_context(q: Question, context: Context | None, minerals_found: list) -> Question:
    """Fill a follow-up from the previous question: "and cobalt?", "what about very high?"."""
    if context is None or context.intent is None:
        return q
    if not (q.followup or _only_names(q.text, minerals_found)):
        return q
    if q.intent in ("why", "unclear", "compare") and (q.minerals or q.tier):
        minerals = q.minerals or context.minerals
        intent = context.intent
        if intent == "compare" and len(minerals) == 1 and context.minerals:
            minerals = (context.minerals[0], *minerals)
        if intent not in REPEATABLE:
            return q
        return replace(q, intent=intent, minerals=tuple(dict.fromkeys(minerals)),
                       tier=q.tier or context.tier, used_context=True)
    return q


def _only_names(text: str, mentions: list) -> bool:
    """The question is nothing but mineral names ("cobalt?", "钴？"): a follow-up in a conversation."""
    rest = _mask(text, [(m.start, m.end) for m in mentions])
    return bool(mentions) and not re.sub(r"[\s?？!！.。,，、和and&]+", "", rest, flags=re.IGNORECASE)


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

