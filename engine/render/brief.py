"""Answers first: a mineral's tier, or why not another tier, in a few sentences.

The short form of ``why`` and ``why_not`` (``text(obj, lang, form="brief")``) answers the
question in one to three sentences with the decisive figures and their sources, in under
about eight lines at 100 columns; the derivation tree follows only on request (the ``full``
form, :mod:`critmin.render.trees`). Layout of the why answer, one line each:

1. the tier, score, rank by score and the report's own tier;
2. the reason of the rule that concluded the tier (only rules that fired have one);
3. the figures behind it, with their sources (a figure the reason states, by its source alone);
4. remarks — one line each, from ``Derivation.remarks`` (a later explanation adds its
   sentence here: a phrase key in the catalogue and its values);
5. the levers, and a hint that the full derivation is there on request.
"""

from __future__ import annotations

from collections.abc import Sequence

from critmin.concepts import TIER_RANK
from critmin.explain.why import Derivation, Remark, RuleNode
from critmin.explain.why_not import RuleGap, WhyNot
from critmin.render.headline import called
from critmin.render.sentences import (
    criteria_text,
    facts_of,
    figures_line,
    joined,
    levers_line,
    rank_phrase,
    reason,
    reason_figures,
    report_phrase,
)
from critmin.render.trees import missing_lines
from critmin.words.labels import tier_label
from critmin.words.phrases import say

MAX_INPUTS = 1  # unknown inputs named in a short answer, with their missing facts; the rest counted
MAX_RULES = 1  # why-not: the closest rule spelt out; the others are named, with how much each lacks


def lead(tree: Derivation, lang: str = "en") -> str:
    head = tree.head
    rank = rank_phrase(tree.standing, lang)
    return say("brief.lead", lang, name=called(head, lang), tier=tier_label(head.tier, lang), score=head.score,
               rank=rank, report=report_phrase(head, lang))


def why_brief(tree: Derivation, lang: str = "en", hint: bool = True) -> str:
    """The why answer; without ``hint`` (the derivation follows it) it leaves the levers to the
    derivation's own levers line."""
    lines = [why_short(tree, lang)]
    lines += [remark(r, lang) for r in tree.remarks]
    if hint:  # the partners are the answer to "partners for M"
        lines += [levers_line(tree.levers, lang, partners=False), say("brief.hint_why", lang)]
    return "\n".join(line for line in lines if line)


def why_short(tree: Derivation, lang: str = "en") -> str:
    """The tier, its reason and the figures behind it (lines 1–3 of the why answer)."""
    lines = [lead(tree, lang)]
    if not tree.concluded_by:
        lines.append(say("why.unrated", lang, name=called(tree.head, lang)))
        lines += missing_lines(tree.missing, lang, MAX_INPUTS)  # the unknown inputs that leave it unrated
    first = tree.concluded_by[:1]
    lines += [reason(node, lang) for node in first]
    lines.append(also_by(tree.concluded_by[1:], lang))
    lines.append(reason_figures(first, lang))
    return "\n".join(line for line in lines if line)


MAX_NAMED = 1  # other rules are named in a short answer up to this many, the rest counted ("and 2 more")


def also_by(nodes: Sequence[RuleNode], lang: str = "en") -> str:
    """The other rules that conclude the tier: a few named, the rest counted."""
    if not nodes:
        return ""
    names = [n.rule for n in nodes[:MAX_NAMED]]
    if len(nodes) > MAX_NAMED:
        names.append(say("brief.more_rules", lang, count=len(nodes) - MAX_NAMED))
    return say("brief.also_by", lang, rules=joined(names, lang))


def remark(item: Remark, lang: str = "en") -> str:
    return say(item.key, lang, **item.values)


def why_not_brief(gap: WhyNot, lang: str = "en", hint: bool = True) -> str:
    want, have = tier_label(gap.tier, lang), tier_label(gap.current, lang)
    name = called(gap.head, lang) if gap.head else gap.mineral
    if gap.current == gap.tier:
        return say("already", lang, name=name, tier=want)  # the asker gets the why answer next
    if TIER_RANK[gap.tier] < TIER_RANK[gap.current]:
        lines = [say("brief_not.higher_head", lang, name=name, have=have, want=want), *_higher_wins(gap, lang)]
    else:
        lines = [say("brief_not.head", lang, name=name, have=have, want=want),
                 *missing_lines(gap.missing, lang, MAX_INPUTS), *_unmet(gap, lang)]
    if hint:
        lines.append(say("brief.hint_more", lang))
    return "\n".join(line for line in lines if line)


def _higher_wins(gap: WhyNot, lang: str) -> list[str]:
    """The wanted tier is lower: the mineral's own tier wins; say by which rule and why."""
    first = gap.concluded_by[:1]  # as in the why answer: one reason, the other rules named
    lines = [reason(node, lang) for node in first]
    lines.append(also_by(gap.concluded_by[1:], lang))
    holding = [r.rule for r in gap.rules if r.alternative.holds]
    if holding:
        lines.append(say("brief_not.also_holds", lang, want=tier_label(gap.tier, lang), rules=", ".join(holding)))
    lines.append(reason_figures(first, lang))
    return lines


def _unmet(gap: WhyNot, lang: str) -> list[str]:
    """The wanted tier is higher: what the rules concluding it would need, closest first."""
    want = tier_label(gap.tier, lang)
    if not gap.rules:
        return [say("why_not.no_rule", lang, tier=want)]
    ranked = sorted(gap.rules, key=lambda r: len(r.unmet))
    lines = []
    for i, rule in enumerate(ranked[:MAX_RULES]):
        needs = criteria_text(rule.unmet, lang, cited=True)  # each value with its source
        if i == 0:
            key = "brief_not.needs_one" if len(ranked) == 1 else "brief_not.needs_closest"
            lines.append(say(key, lang, want=want, rule=rule.rule, needs=needs, count=len(ranked))
                         if len(ranked) > 1 else say(key, lang, want=want, rule=rule.rule, needs=needs))
        else:
            lines.append(say("brief_not.also_needs", lang, rule=rule.rule, needs=needs))
    rest = ranked[MAX_RULES:]
    if rest:
        named = [_unmet_count(r, lang) for r in rest[:MAX_NAMED]]
        if len(rest) > MAX_NAMED:
            named.append(say("brief.more_rules", lang, count=len(rest) - MAX_NAMED))
        lines.append(say("brief_not.more_rules", lang, want=want, rules=joined(named, lang)))
    if not any(c.facts and not c.unknown for r in ranked[:MAX_RULES] for c in r.unmet):  # no value cited
        figures = figures_line(facts_of(c for r in ranked[:MAX_RULES] for c in r.unmet), lang)
        # no figure at all: the reason for the tier it has, with its figures
        lines += [figures] if figures else [*(_own_reason(n, gap, lang) for n in gap.concluded_by[:1]),
                                            reason_figures(gap.concluded_by[:1], lang)]
    return lines


def _own_reason(node: RuleNode, gap: WhyNot, lang: str) -> str:
    """The reason for the tier the mineral has, named by its rule alone (the answer is short)."""
    because = node.because if lang == "en" else node.because_zh
    if not because:
        return reason(node, lang)
    return say("brief_not.own_reason", lang, have=tier_label(gap.current, lang), rule=node.rule, because=because)


def _unmet_count(rule: RuleGap, lang: str) -> str:
    return say("brief_not.unmet_count", lang, rule=rule.rule, count=len(rule.unmet))
