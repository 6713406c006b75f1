"""Answers about tiers: why a mineral has its tier, why not another, what it would take,
two minerals compared, the ranking. Each answers first (``form="brief"``) and gives the
derivation after it when the question asks for detail."""

from __future__ import annotations

import re
from typing import Any

from critmin import render
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.question import Question
from critmin.assistant.registry import Answer, handles, plain, tiers_of
from critmin.concepts import TIER_RANK, TIERS
from critmin.explain.compare import compare
from critmin.explain.headline import head_of
from critmin.explain.queries import ranking
from critmin.explain.what_it_takes import what_would_it_take
from critmin.explain.why import why
from critmin.explain.why_not import why_not
from critmin.render.brief import why_short
from critmin.render.headline import called
from critmin.words.labels import tier_label
from critmin.words.phrases import say

ORDER = TIERS[::-1]


def next_tier(tier: str, direction: str) -> str | None:
    """The tier one step ``up`` or ``down`` from ``tier`` (None past either end)."""
    if tier not in ORDER:
        return "low" if direction == "up" else None
    i = ORDER.index(tier) + (1 if direction == "down" else -1)
    return ORDER[i] if 0 <= i < len(ORDER) else None


def _brief_and_detail(obj: Any, q: Question, **full: Any) -> str:
    """The short answer, and the full form after it when the question asked for detail."""
    text = render.text(obj, q.lang, form="brief", hint=not q.detail)
    return text + "\n" + render.text(obj, q.lang, **full) if q.detail else text


@handles("why")
def _why(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    derivation = why(kb.results, mineral)
    explanation: dict[str, Any] = {"why": derivation.to_dict()}
    if q.tier and q.tier != derivation.tier:  # "why is graphite very high?" — it is not
        gap = why_not(kb.results, mineral, q.tier)
        explanation["why_not"] = gap.to_dict()
        text = _brief_and_detail(gap, q)
    else:
        text = _brief_and_detail(derivation, q, with_headline=False)
    return plain(q, text, minerals=[mineral], tiers=tiers_of(kb, [mineral]), explanation=explanation)


@handles("whynot")
def _why_not(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    current = kb.results[mineral].tier
    tier = q.tier or next_tier(current, q.direction or "up") or current
    if tier == current and re.search(r"\b(only|just|merely)\b|只|仅", q.text.lower()):
        tier = next_tier(current, "up") or current  # "why is graphite only high?"
    gap = why_not(kb.results, mineral, tier)
    explanation: dict[str, Any] = {"why_not": gap.to_dict()}
    if tier == current:  # "why isn't nickel very high?" — it is
        derivation = why(kb.results, mineral)
        explanation["why"] = derivation.to_dict()
        text = render.text(gap, q.lang, form="brief") + "\n" + why_short(derivation, q.lang)
        text += "\n" + (render.text(derivation, q.lang, with_headline=False) if q.detail else
                        say("brief.hint_why", q.lang))
    else:
        text = _brief_and_detail(gap, q)
    return plain(q, text, minerals=[mineral], tiers=tiers_of(kb, [mineral]), explanation=explanation)


@handles("takes")
def _takes(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    current = kb.results[mineral].tier
    default = "down" if current == "very_high" else "up"
    way = q.direction or default
    target = q.tier if q.tier and q.tier != current else next_tier(current, way)
    notes = []
    if target is None:
        target = next_tier(current, "down" if way == "up" else "up") or current
    moved = "up" if TIER_RANK[target] > TIER_RANK[current] else "down"
    name = called(head_of(kb.results, mineral), q.lang)
    if q.used_context and q.direction and moved != q.direction:  # the follow-up turns the search round: say so
        notes.append(say("answer.takes_turned", q.lang, name=name, want=tier_label(target, q.lang),
                         have=tier_label(current, q.lang), way=say(f"direction.{moved}", q.lang)))
    elif not q.tier:
        notes.append(say("answer.default_target", q.lang, tier=tier_label(target, q.lang)))
    takes = what_would_it_take(kb.results, mineral, target)
    text = render.text(takes, q.lang, form="full" if q.detail else "brief")
    if not takes.changes and takes.current != takes.target:  # say where it stands, and why, in short
        text += "\n" + why_short(why(kb.results, mineral), q.lang)
    result = plain(q, text, minerals=[mineral], tiers=tiers_of(kb, [mineral]),
                   explanation={"what_would_it_take": takes.to_dict()}, notes=notes)
    result.resolved = {"tier": q.tier, "direction": q.direction or moved}
    return result


@handles("compare")
def _compare(q: Question, kb: Knowledge) -> Answer:
    a, b = q.minerals[0], q.minerals[1]
    result = compare(kb.results, a, b)
    return plain(q, _brief_and_detail(result, q), minerals=[a, b], tiers=tiers_of(kb, [a, b]),
                 explanation={"compare": result.to_dict()})


@handles("rank")
def _rank(q: Question, kb: Knowledge) -> Answer:
    result = ranking(kb.results, q.tier)
    minerals = [row["mineral"] for row in result.rows]
    if not minerals:
        text = say("answer.no_mineral_is", q.lang, tier=tier_label(q.tier, q.lang))
        return plain(q, text + "\n" + render.text(ranking(kb.results), q.lang, form="brief"),
                     explanation={"ranking": []})
    return plain(q, render.text(result, q.lang, form="brief"), minerals=minerals, tiers=tiers_of(kb, minerals),
                 explanation=result.to_dict())
