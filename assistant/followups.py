"""Follow-ups: a question that leans on the previous one takes what it lacks from it.

- "and cobalt?", "那钴呢？", a bare "nikel": the previous question about another mineral — its
  intent, tier, direction, lever and fact topic are kept (a what-would-it-take keeps its target
  and direction; the answer says when the direction turns round);
- "and price floors?" after a lever question: the same mineral, another lever;
- "and the Philippines?" after "what if Indonesia became an ally?": the same what-if about the
  Philippines (the earlier question is read again with the new name); "… too?" adds it to the
  earlier assumption instead;
- "what would it take to make it high?": "it" is the previous mineral;
- "more", "show the reasoning": the previous question, answered in full.
"""

from __future__ import annotations

import re
from dataclasses import replace

from critmin.assistant.lexicon import Lexicon, Mention
from critmin.assistant.question import NEEDS_MINERAL, Context, Question
from critmin.assistant.vocabulary import CJK
from critmin.assistant.whatif_parse import parse_changes

LEVER_PRONOUN = re.compile(r"\b(get|gets|getting|need|needs|have|has|deserve|deserves|warrant|warrants)"
                           r" (one|it|that|them|those)\b|也(需要|要|有|适用)|同样")
SAME_QUESTION = ("why", "whynot", "takes", "levers", "partners", "facts", "compare", "why_lever", "fact")


def with_context(q: Question, context: Context | None, minerals_found: list[Mention], lexicon: Lexicon) -> Question:
    """``q`` completed from the previous question, when it is a follow-up."""
    if context is None or context.intent is None:
        return q
    vocab = lexicon.vocab
    if q.intent == "detail":
        return replace(q, previous=context, used_context=True)
    names_only = _only_names(q.text, minerals_found + lexicon.find_countries(q.text))
    followup = q.followup or names_only
    if context.intent == "whatif" and (q.intent != "whatif" or not q.overrides) and followup:
        return _whatif_again(q, context, lexicon)
    if context.intent == "why_lever" and q.minerals and not q.lever and LEVER_PRONOUN.search(q.text.lower()):
        return replace(q, intent="why_lever", lever=context.lever, used_context=True)  # "does graphite get one?"
    if not followup:
        return _pronoun(q, context, vocab)
    if q.lever and not q.minerals and context.minerals and context.intent in ("why_lever", "levers", "why", "whynot"):
        return replace(q, intent="why_lever", minerals=context.minerals, used_context=True)
    if context.intent in ("by_lever", "why_lever") and q.minerals and not q.lever:
        return replace(q, intent="why_lever", lever=context.lever, used_context=True)
    if context.intent == "fact" and q.topic and not q.minerals and context.minerals:
        return replace(q, intent="fact", minerals=context.minerals, used_context=True)
    if context.intent == "rank" and q.tier and not q.minerals:
        return replace(q, intent="rank", used_context=True)
    if q.intent in ("why", "unclear", "compare", "fact") and (q.minerals or q.tier):
        return _same_question(q, context)
    return q


def _same_question(q: Question, context: Context) -> Question:
    """"and cobalt?": the previous question, about the mineral (or tier) now named."""
    intent = context.intent
    if intent not in SAME_QUESTION:
        return q
    minerals = q.minerals or context.minerals
    if intent == "compare" and len(minerals) == 1 and context.minerals:
        minerals = (context.minerals[0], *minerals)
    return replace(q, intent=intent, minerals=tuple(dict.fromkeys(minerals)), tier=q.tier or context.tier,
                   direction=q.direction or context.direction, lever=q.lever or context.lever,
                   topic=context.topic if intent == "fact" else q.topic, used_context=True)


def _pronoun(q: Question, context: Context, vocab) -> Question:
    """A question about "it" (a mineral it does not name): the previous question's mineral."""
    needs = q.intent in NEEDS_MINERAL or q.intent == "unclear" and q.topic
    if q.minerals or not needs or not context.minerals or not vocab.any(vocab.pronouns, q.text.lower()):
        return q
    intent = "fact" if q.intent == "unclear" else q.intent
    return replace(q, intent=intent, minerals=context.minerals[:1], used_context=True)


def _whatif_again(q: Question, context: Context, lexicon: Lexicon) -> Question:
    """The previous what-if about the country or mineral now named ("and the Philippines?")."""
    old_countries = lexicon.find_countries(context.text)
    old_minerals = lexicon.find_minerals(context.text)
    text = context.text
    chinese = bool(CJK.search(text))
    if q.countries and old_countries:
        country = lexicon.country_facts[q.countries[0]]
        text = _swap(text, old_countries[0], country.name_zh if chinese and country.name_zh else q.countries[0])
    elif q.minerals and old_minerals:
        mineral = lexicon.minerals[q.minerals[0]]
        text = _swap(text, old_minerals[0], mineral.name_zh if chinese else mineral.name)
    elif q.minerals:
        text = context.text  # the same change, read for the mineral now named
    else:
        return q
    minerals = q.minerals or ()
    overrides, problems = parse_changes(text, lexicon, minerals or context.minerals)
    if lexicon.vocab.any(lexicon.vocab.cumulative, q.text.lower()):
        overrides = [*context.overrides, *[o for o in overrides if o not in context.overrides]]
    return replace(q, intent="whatif", overrides=tuple(overrides), problems=tuple(problems),
                   minerals=minerals, used_context=True, restated=text)


def _swap(text: str, old: Mention, new: str) -> str:
    return text[:old.start] + new + text[old.end:]


def _only_names(text: str, mentions: list[Mention]) -> bool:
    """The question is nothing but names ("cobalt?", "钴？", "the Philippines?"): a follow-up."""
    chars = list(text)
    for m in mentions:
        chars[m.start:m.end] = [" "] * (m.end - m.start)
    rest = "".join(chars)
    rest = re.sub(r"\bthe\b", " ", rest, flags=re.IGNORECASE)
    return bool(mentions) and not re.sub(r"[\s?？!！.。,，、和and&]+", "", rest, flags=re.IGNORECASE)
