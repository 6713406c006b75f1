"""Answers about levers: why (or why not) a mineral gets one, "should we …?", a mineral's
levers, which minerals get a lever and why each, and a mineral's partners."""

from __future__ import annotations

from critmin import render
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.question import Question
from critmin.assistant.registry import Answer, handles, per_mineral, plain, tiers_of
from critmin.explain.levers import lever_reason
from critmin.explain.queries import by_lever, levers_of, partners_of
from critmin.explain.why import why
from critmin.render.brief import why_short


@handles("why_lever")
def _why_lever(q: Question, kb: Knowledge) -> Answer:
    """"why no tariff for nickel?", "should we put a tariff on nickel?", "锂需要关税吗？"."""
    return per_mineral(q, kb, "lever", lambda mineral: lever_reason(kb.results, mineral, q.lever),
                       lambda found: render.text(found, q.lang, form="full" if q.detail else "brief",
                                                 should=q.should), separator="\n\n")


@handles("levers")
def _levers(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    result = levers_of(kb.results, mineral)
    text = render.text(result, q.lang, form="brief")
    if not result.levers:  # say why, in short: where its tier and figures leave it
        text += "\n" + why_short(why(kb.results, mineral), q.lang)
    if q.detail:
        text += "\n" + render.text(result, q.lang)
    return plain(q, text, minerals=[mineral], tiers=tiers_of(kb, [mineral]), explanation={"levers": result.to_dict()})


@handles("by_lever")
def _by_lever(q: Question, kb: Knowledge) -> Answer:
    result = by_lever(kb.results, q.lever)
    minerals = [m["mineral"] for m in result.minerals]
    return plain(q, render.text(result, q.lang, form="full" if q.detail else "brief"), minerals=minerals,
                 tiers=tiers_of(kb, minerals), explanation={"by_lever": result.to_dict()})


@handles("partners")
def _partners(q: Question, kb: Knowledge) -> Answer:
    mineral = q.minerals[0]
    result = partners_of(kb.results, mineral)
    text = render.text(result, q.lang, form="brief")
    if q.detail:
        text += "\n" + render.text(result, q.lang)
    return plain(q, text, minerals=[mineral], tiers=tiers_of(kb, [mineral]),
                 explanation={"partners": result.to_dict()})
