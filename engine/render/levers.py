"""Lever answers, answer first: why (or why not) a mineral gets a lever, a mineral's levers,
and which minerals get a lever and why each.

A reason is quoted only for a lever rule that fired; for one that did not, the answer says
what the rule would need and what the mineral has. ``form="full"`` adds the rules' tests
down to the sourced facts (:func:`critmin.render.trees.tests_tree`).
"""

from __future__ import annotations

from critmin.explain.criteria import Criterion, criteria
from critmin.explain.levers import LeverReason
from critmin.explain.queries import LeverUse, MineralLevers
from critmin.render.brief import lead
from critmin.render.facts import sources_lines
from critmin.render.headline import called
from critmin.render.sentences import (
    countries,
    criteria_text,
    criterion_text,
    facts_of,
    figures_line,
    joined,
    reason,
    reason_figures,
    rule_cite,
)
from critmin.render.trees import tests_tree
from critmin.words.labels import (
    SYMBOLS,
    in_sentence,
    indicator_label,
    indicator_unit,
    lever_label,
    lever_short,
    localized,
    tier_label,
)
from critmin.words.numbers import in_unit, ordinal
from critmin.words.phrases import say


def lever_reason(found: LeverReason, lang: str = "en", form: str = "brief", should: bool = False) -> str:
    """Why (not) ``found.lever`` for the mineral; ``should`` leads with a yes or no."""
    name, lever = in_sentence(called(found.head, lang), lang), lever_short(found.lever, lang)
    lines = []
    if found.gets:
        subject = name if should else called(found.head, lang)
        for node in found.given_by:
            because = node.because if lang == "en" else node.because_zh
            where = rule_cite(node.rule, node.source, lang)
            lines.append(say("brief_lever.gets", lang, name=subject, lever=lever, rule=where, because=because)
                         if because else say("brief_lever.gets_tests", lang, name=subject, lever=lever, rule=where,
                                             tests=criteria_text(criteria(node), lang)))
        figures = reason_figures(found.given_by, lang, classes=True)
        cited = bool(figures)
        if found.partners:
            partners = countries(found.partners, found.countries_zh, lang)
            lines.append(say("brief_lever.partners", lang, partners=partners))
    else:
        lines.append(_not_given(found, lang, name if should else called(found.head, lang), lever))
        ranked = sorted(found.missing, key=lambda g: len(g.unmet))
        unmet = ranked[0].unmet if ranked else ()
        cited = any(c.facts and not c.unknown for c in unmet)  # the needs cite each value's source
        figures = "" if cited else figures_line(facts_of(unmet), lang, classes=True)
        cited = cited or bool(figures)
    if should:  # "should we …?": yes or no first
        lines[0] = say("brief_lever.answer_yes" if found.gets else "brief_lever.answer_no", lang, answer=lines[0])
    lines.append(figures)
    if found.tier_why is not None:  # the rules read the tier: say why the mineral has it, in short
        lines += _tier_reason(found.tier_why, lang, cited=cited)
    others = [called(h, lang) for h in found.others if h.mineral != found.head.mineral]
    if not found.gets:
        shown = others[:MAX_OTHERS] + ([say("brief_lever.more_others", lang, count=len(others) - MAX_OTHERS)]
                                       if len(others) > MAX_OTHERS else [])
        lines.append(say("brief_lever.others", lang, names=joined(shown, lang)) if others
                     else say("brief_lever.others_none", lang))
    if form == "full":
        seen: set[str] = set()
        for node in found.given_by:
            lines += tests_tree(node.tests, lang, 1, seen)
        for gap in found.missing:
            if gap.node is not None:
                lines.append("  " + say("rule_named", lang, rule=gap.rule))
                lines += tests_tree(gap.node.tests, lang, 2, seen)
        lines += sources_lines(found.sources, lang)
    else:
        lines.append(say("brief.hint_levers", lang))
    return "\n".join(line for line in lines if line)


MAX_OTHERS = 7  # the minerals that do get a lever, named in a short answer


def _tier_reason(tree, lang: str, cited: bool) -> list[str]:
    """The mineral's tier and its reason (a lever rule read the tier); its figures only when the
    answer has cited none yet."""
    name, tier = called(tree.head, lang), tier_label(tree.tier, lang)
    lines = [say("brief_lever.tier_because", lang, name=name, tier=tier, reason=reason(node, lang))
             for node in tree.concluded_by[:1]] or [lead(tree, lang)]
    if not cited:
        lines.append(reason_figures(tree.concluded_by[:1], lang))
    return lines


def _not_given(found: LeverReason, lang: str, name: str, lever: str) -> str:
    if not found.missing:
        return say("brief_lever.no_rule", lang, lever=lever, name=name)
    ranked = sorted(found.missing, key=lambda g: len(g.unmet))
    needs = criteria_text(ranked[0].unmet, lang, cited=True)  # each value with its source
    if len(ranked) == 1:
        return say("brief_lever.not_one", lang, lever=lever, name=name, rule=ranked[0].rule, needs=needs)
    return say("brief_lever.not_closest", lang, lever=lever, name=name, rule=ranked[0].rule, needs=needs,
               count=len(ranked))


def mineral_levers(levers: MineralLevers, lang: str = "en", form: str = "brief") -> str:
    """A mineral's levers: one sentence naming them, then one line per lever with its reason."""
    head = levers.head
    name, tier = called(head, lang), tier_label(head.tier, lang)
    if not levers.levers:
        return say("brief_lever.mineral_none", lang, name=name, tier=tier)
    names = []
    for lever in levers.levers:
        partners = countries(lever["partners"], levers.countries_zh, lang) if lever["partners"] else ""
        names.append(lever_short(lever["id"], lang) + (f" ({partners})" if partners and lang == "en" else
                                                       f"（{partners}）" if partners else ""))
    lines = [say("brief_lever.mineral_lead", lang, name=name, tier=tier, count=len(levers.levers),
                 levers=say("separator.list", lang).join(names))]
    for lever in levers.levers:
        for why in lever["why"]:
            because = why["because"] if lang == "en" else why.get("because_zh")
            lines.append("  • " + say("brief_lever.item", lang, lever=lever_short(lever["id"], lang), rule=why["rule"],
                                      reason=because or why["tests"]))
    facts = [f for lever in levers.levers for why in lever["why"] for f in why["facts"]]
    lines.append(figures_line(facts, lang))
    if form == "full":
        lines += sources_lines(levers.sources, lang)
    return "\n".join(line for line in lines if line)


def lever_use(use: LeverUse, lang: str = "en", form: str = "brief") -> str:
    """Which minerals get a lever, and why each: grouped by the comparisons that gave it."""
    label = lever_label(use.lever, lang)
    if not use.minerals:
        return say("lever_use.none", lang, label=label, lever="" if lang != "en" else f" ({use.lever})")
    names = [localized(m["name"], m["name_zh"], lang) for m in use.minerals]
    lines = [say("brief_use.lead_one", lang, names=names[0], lever=label) if len(names) == 1 else
             say("brief_use.lead", lang, count=len(names), lever=label, names=joined(names, lang))]
    groups: dict[tuple, list[int]] = {}
    for i, reasons in enumerate(use.held):
        for rule, source, found in reasons:
            groups.setdefault((rule, source, _shape(found, lang)), []).append(i)
    for (rule, source, shape), rows in groups.items():
        lines.append("  " + say("brief_use.group", lang, rule=rule_cite(rule, source, lang), condition=shape))
        items = [_member(use, i, rule, lang, detailed=form == "full" or len(rows) <= 3) for i in rows]
        lines.append("    " + say("separator.list", lang).join(items))
    return "\n".join(lines)


def _shape(found: tuple[Criterion, ...], lang: str) -> str:
    """The comparisons without a mineral's values: ``tier ≥ high``, ``countries restricting exports ≥ 1``."""
    parts = []
    for c in found:
        if c.subject is None:
            parts.append(c.text)
            continue
        unit = "tier" if c.subject == "tier" else indicator_unit(c.subject)
        subject = say("criterion.tier", lang) if c.subject == "tier" else indicator_label(c.subject, lang)
        parts.append(say("criterion.shape", lang, subject=subject, op=SYMBOLS.get(c.op or "", c.op or ""),
                         threshold=in_unit(c.threshold, unit, lang)))
    return say("separator.clause", lang).join(parts)


def _member(use: LeverUse, i: int, rule: str, lang: str, detailed: bool) -> str:
    row = use.minerals[i]
    name = localized(row["name"], row["name_zh"], lang)
    text = f"{name} ({tier_label(row['tier'], lang)}, {ordinal(row['rank'], lang)})" if lang == "en" else \
        f"{name}（{tier_label(row['tier'], lang)}，{ordinal(row['rank'], lang)}）"
    if not detailed:
        return text
    found = next((f for r, _, f in use.held[i] if r == rule), ())
    values = [criterion_text(c, lang) for c in found if c.subject not in (None, "tier")]
    facts = figures_line(facts_of(found), lang, classes=True) if found else ""
    if not values and not facts:
        return text
    parts = values + ([facts] if facts else [])
    return text + (": " if lang == "en" else "：") + say("separator.clause", lang).join(parts)
