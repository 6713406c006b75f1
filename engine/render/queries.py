"""Answers to short questions in words: compare, ranking, minerals by lever, a mineral's levers,
partners, one rule, the rule list."""

from __future__ import annotations

import re
from typing import Any

from critmin.concepts import TIER_RANK
from critmin.explain.compare import Comparison
from critmin.explain.criteria import criteria
from critmin.explain.queries import LeverUse, MineralLevers, Partners, Ranking, RuleInfo, RuleList
from critmin.render.facts import brief_cite, cite, fact_line, fact_name, shown, sources_lines
from critmin.render.headline import called, headline
from critmin.render.sentences import countries, figures_line, reason
from critmin.render.tables import fitted_line, text_table
from critmin.words.citations import locator
from critmin.words.labels import (
    english_only,
    in_rules_language,
    indicator_label,
    indicator_unit,
    lever_label,
    lever_short,
    localized,
    tier_label,
)
from critmin.words.numbers import in_unit, ordinal
from critmin.words.phrases import has, say

RANKING_COLUMNS = ("column.mineral", "column.tier", "column.score", "column.report", "column.decided_by",
                   "column.levers")
RULE_COLUMNS = ("column.rule", "column.layer", "column.then", "column.when")


def _reason(why: dict[str, Any], lang: str) -> str:
    """Why a rule fired: its reason in the answer's language, else its tests in words."""
    return why["because"] if in_rules_language(lang) else (why.get("because_zh") or why["tests"])


def comparison(cmp: Comparison, lang: str = "en") -> str:
    a, b = cmp.a.head, cmp.b.head
    lines = [headline(a, lang), headline(b, lang)]
    if a.tier == b.tier:
        lines.append(say("compare.same_tier", lang, tier=tier_label(a.tier, lang), a=a.score, b=b.score))
    else:
        high, low = (a, b) if TIER_RANK[a.tier] > TIER_RANK[b.tier] else (b, a)
        lines.append(say("compare.ranks_above", lang, high=called(high, lang), high_tier=tier_label(high.tier, lang),
                         low=called(low, lang), low_tier=tier_label(low.tier, lang)))
    for side in (cmp.a, cmp.b):
        rules, signals = ", ".join(side.rules) or "-", ", ".join(side.signals) or "-"
        lines.append("  " + say("compare.decided", lang, name=called(side.head, lang), rules=rules, signals=signals))
        if in_rules_language(lang):
            lines += [f"      {text}" for text in side.because]
        levers = ", ".join(lever_label(lv, lang) for lv in side.levers) or "-"
        lines.append("      " + say("compare.levers", lang, levers=levers))
    header = (say("column.indicator", lang), called(a, lang), called(b, lang))
    body = [(f"{indicator_label(n, lang)} ({n})", in_unit(va, indicator_unit(n), lang),
             in_unit(vb, indicator_unit(n), lang)) for n, va, vb in cmp.indicators]
    lines.append(text_table(header, body))
    for side in (cmp.a, cmp.b):
        if side.facts:
            lines.append(say("compare.facts_behind", lang, name=called(side.head, lang)))
            lines += ["  " + fact_line(f, lang) for f in side.facts]
    lines += sources_lines(cmp.sources, lang)
    return "\n".join(lines)


def ranking(rank: Ranking, lang: str = "en") -> str:
    header = ("#", *(say(column, lang) for column in RANKING_COLUMNS))
    body = []
    for i, row in enumerate(rank.rows, 1):
        body.append((row.get("rank", i), localized(row["name"], row["name_zh"], lang), tier_label(row["tier"], lang),
                     f"{row['score']:.1f}", tier_label(row["report_tier"], lang) if row["report_tier"] else "-",
                     ", ".join(row["rules"]) or "-",
                     ", ".join(lever_label(lv, lang) for lv in row["levers"]) or "-"))
    return text_table(header, body) + "\n" + say("ranking.score_note", lang)


def lever_use(use: LeverUse, lang: str = "en") -> str:
    label = lever_label(use.lever, lang)
    if not use.minerals:
        return say("lever_use.none", lang, label=label, lever=english_only(f"({use.lever})", lang, " "))
    lines = [say("lever_use.head", lang, label=label, lever=use.lever)]
    for m in use.minerals:
        partners = f" — {', '.join(m['partners'])}" if m["partners"] else ""
        lines.append("  " + say("lever_use.mineral", lang, name=localized(m["name"], m["name_zh"], lang),
                                tier=tier_label(m["tier"], lang), tier_id=m["tier"], score=m["score"],
                                partners=partners))
        for why in m["why"]:
            lines.append(f"      {say('rule_named', lang, rule=why['rule'])}: {_reason(why, lang)}")
    return "\n".join(lines)


def mineral_levers(levers: MineralLevers, lang: str = "en") -> str:
    lines = [headline(levers.head, lang)]
    if not levers.levers:
        lines.append(say("mineral_levers.none", lang, name=called(levers.head, lang)))
    for lever in levers.levers:
        partners = f" — {countries(lever['partners'], levers.countries_zh, lang)}" if lever["partners"] else ""
        lines.append(f"• {lever_label(lever['id'], lang)} ({lever['id']}){partners}")
        for why in lever["why"]:
            lines.append(f"    {say('rule_named', lang, rule=why['rule'])}: {_reason(why, lang)}")
    seen: set[str] = set()
    for fact in (f for lever in levers.levers for why in lever["why"] for f in why["facts"]):
        if fact.key not in seen:
            seen.add(fact.key)
            lines.append("  " + fact_line(fact, lang))
    lines += sources_lines(levers.sources, lang)
    return "\n".join(lines)


def partners(found: Partners, lang: str = "en") -> str:
    lines = [headline(found.head, lang)]
    if found.allies is None and found.emerging is None:
        lines.append(say("partners.none", lang, name=called(found.head, lang)))
    for fact in (found.allies, found.emerging):
        if fact is not None:
            named = countries(fact.value, found.countries_zh, lang)
            lines.append(f"  {fact_name(fact, lang)} ({fact.key}) = {named} {cite(fact, lang)}")
    if found.countries:
        lines.append(say("partners.alignment", lang))
        lines += ["  " + fact_line(c, lang) for c in found.countries]
    if found.producers:
        lines.append(say("partners.producers", lang))
        for share, alignment in found.producers:
            aligned = f" — {fact_name(alignment, lang)}: {shown(alignment, lang)}" if alignment else ""
            lines.append(f"  {fact_line(share, lang)}{aligned}")
    for lever in found.levers:
        lines.append(say("partners.lever", lang, lever=lever_label(lever["id"], lang),
                         partners=countries(lever["partners"], found.countries_zh, lang)))
    lines += sources_lines(found.sources, lang)
    return "\n".join(lines)


def rule_info(info: RuleInfo, lang: str = "en") -> str:
    """A rule as written, and the minerals it fires for with its reason for each (in Chinese: the
    rule's Chinese reason, or its conclusion when it has none)."""
    if lang == "en":
        lines = [f"{say('rule_named', lang, rule=info.id)} ({info.layer}; {info.then})",
                 f"  when: {info.when}", f"  because: {info.because}", f"  source: {info.source}",
                 f"  file: {info.location}"]
    else:
        layer = say("layer." + info.layer, lang)
        lines = [f"{say('rule_named', lang, rule=info.id)}（{layer}；{_then(info.then, lang)}）",
                 f"  {say('column.when', lang)}：{condition_in(info.when, lang)}",
                 f"  {say('rule_info.source', lang)}：{locator(info.source, lang)}",
                 f"  {say('rule_info.file', lang)}：{info.location}"]
        if info.because_zh:
            lines.insert(2, f"  {say('rule_info.because', lang)}：{info.because_zh}")
    if info.fires_for:
        lines.append("  " + say("rule_info.fires_for", lang))
        for row in info.fires_for:
            name = localized(row["name"], row["name_zh"], lang)
            because = row["because"] if lang == "en" else (row.get("because_zh") or _then(info.then, lang))
            lines.append(f"    {name} ({tier_label(row['tier'], lang)}): {because}")
    else:
        lines.append("  " + say("rule_info.fires_for_none", lang))
    return "\n".join(lines)


def _then(then: str, lang: str) -> str:
    """``signal: severe_shortfall`` → ``信号：severe_shortfall`` (a tier or lever in words)."""
    if lang == "en":
        return then
    kind, _, value = then.partition(": ")
    if kind == "tier":
        value = tier_label(value, lang)
    elif kind == "lever":
        value = lever_label(value, lang)
    return f"{say('then.' + kind, lang)}：{value}" if has("then." + kind) else then


def rule_list(listing: RuleList, lang: str = "en") -> str:
    header = tuple(say(column, lang) for column in RULE_COLUMNS)
    return text_table(header, [(r["id"], r["layer"] if lang == "en" else say("layer." + r["layer"], lang),
                               _then(r["then"], lang), condition_in(r["when"], lang)) for r in listing.rules])


CONNECTIVES = {"and": "condition.and", "or": "condition.or", "not": "condition.not", "in": "condition.in"}


def condition_in(when: str, lang: str) -> str:
    """A rule's condition as written, its connectives and tier names in the answer's language
    (``severe_shortfall 且 limited_pipeline``); names and numbers stay as the rule writes them."""
    if lang == "en":
        return when
    when = re.sub(r"\b(and|or|not|in)\b", lambda m: say(CONNECTIVES[m.group(1)], lang), when)
    return re.sub(r"'(low|medium|high|very_high)'", lambda m: f"'{tier_label(m.group(1), lang)}'", when)


# ---------------------------------------------------------------- answer first

MAX_DIFFERENCES = 4  # a comparison's short form shows this many indicators


def comparison_brief(cmp: Comparison, lang: str = "en", hint: bool = True) -> str:
    """Two minerals: which ranks above (tier and rank by score), each one's reason, and the
    indicators where they differ most plainly."""
    a, b = cmp.a, cmp.b
    if a.head.tier == b.head.tier:
        lines = [say("brief_compare.same", lang, a=called(a.head, lang), b=called(b.head, lang),
                     tier=tier_label(a.head.tier, lang), a_rank=_place(a, lang), b_rank=_place(b, lang))]
    else:
        high, low = (a, b) if TIER_RANK[a.head.tier] > TIER_RANK[b.head.tier] else (b, a)
        lines = [say("brief_compare.above", lang, high=called(high.head, lang), low=called(low.head, lang),
                     high_tier=tier_label(high.head.tier, lang), low_tier=tier_label(low.head.tier, lang),
                     high_rank=_place(high, lang), low_rank=_place(low, lang))]
    for side in (a, b):
        for node in side.concluded_by:
            lines.append(f"{called(side.head, lang)} — {reason(node, lang)}")
    rows = [(n, va, vb) for n, va, vb in cmp.indicators if va != vb and n in _deciding(cmp)][:MAX_DIFFERENCES]
    if rows:
        diffs = [say("brief_compare.row", lang, label=indicator_label(n, lang), a=in_unit(va, indicator_unit(n), lang),
                     b=in_unit(vb, indicator_unit(n), lang)) for n, va, vb in rows]
        lines.append(say("brief_compare.differ", lang, a=called(a.head, lang), b=called(b.head, lang),
                         rows=say("separator.clause", lang).join(diffs)))
    lines.append(figures_line([*a.facts, *b.facts], lang))
    if hint:
        lines.append(say("brief.hint_more", lang))
    return "\n".join(line for line in lines if line)


def _place(side, lang: str) -> str:
    if side.standing is None:
        return f"{side.head.score:.1f}"
    return say("brief_compare.place", lang, ordinal=ordinal(side.standing.rank, lang), score=side.head.score)


def _deciding(cmp: Comparison) -> set[str]:
    """The indicators the deciding rules of either mineral compared."""
    return {c.subject for side in (cmp.a, cmp.b) for node in side.concluded_by for c in criteria(node)
            if c.subject and c.subject != "tier"}


def ranking_brief(rank: Ranking, lang: str = "en") -> str:
    """The ranking: one sentence (every mineral of a tier, or the top three), then the table."""
    items = [say("brief_rank.item", lang, name=localized(r["name"], r["name_zh"], lang),
                 ordinal=ordinal(r["rank"], lang), score=r["score"]) for r in rank.rows]
    if rank.tier is not None:
        lead = say("brief_rank.tier_lead", lang, count=len(items), tier=tier_label(rank.tier, lang),
                   names=say("separator.list", lang).join(items))
    else:
        shown_items = items[:3] + (["…"] if len(items) > 3 else [])
        lead = say("brief_rank.lead", lang, count=len(items), names=say("separator.list", lang).join(shown_items))
    return fitted_line(lead) + "\n" + ranking(rank, lang)  # the sentence wraps to the table's width


def partners_brief(found: Partners, lang: str = "en") -> str:
    """Table 6's partners for a mineral (allies, then emerging partners), its largest producers
    with their alignment, and the levers that use the partners."""
    name, tier = called(found.head, lang), tier_label(found.head.tier, lang)
    lines = []
    if found.allies is None and found.emerging is None:
        lines.append(say("brief_partners.none", lang, name=name, tier=tier))
    else:
        none, names = say("value.none", lang), found.countries_zh
        cited = found.allies or found.emerging
        lines.append(say("brief_partners.lead", lang, name=name, tier=tier, cite=brief_cite(cited, lang),
                         allies=countries(found.allies.value, names, lang) if found.allies else none,
                         emerging=countries(found.emerging.value, names, lang) if found.emerging else none))
    if found.producers:
        items = []
        for share, alignment in found.producers:
            country = share.country_zh if lang == "zh" and share.country_zh else share.key.split(".", 1)[1]
            item = say("brief_partners.producer", lang, country=country, share=shown(share, lang),
                       alignment=shown(alignment, lang)) if alignment else f"{country} {shown(share, lang)}"
            items.append(item)
        lines.append(say("brief_partners.producers", lang, producers=say("separator.list", lang).join(items),
                         cite=brief_cite(found.producers[0][0], lang)))
    for lever in found.levers:
        lines.append(say("partners.lever", lang, lever=lever_short(lever["id"], lang),
                         partners=countries(lever["partners"], found.countries_zh, lang)))
    return "\n".join(lines)
