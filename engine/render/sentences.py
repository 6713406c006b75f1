"""The pieces short answers are made of: a comparison in words, figures with their citations,
a rule and where the report says it, a list of names, a mineral's rank.

Every number goes out with its source: a comparison's threshold names its parameter, and the
facts behind an indicator are listed as figures, each group followed by its citation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from critmin.explain.criteria import Criterion, criteria
from critmin.explain.headline import Head
from critmin.explain.why import RuleNode, Standing
from critmin.facts.provenance import SourcedFact
from critmin.language.describe import describe
from critmin.render.facts import brief_cite, fact_name, named_value, shown
from critmin.render.headline import called
from critmin.words.citations import locator, source_name
from critmin.words.labels import (
    SYMBOLS,
    country_name,
    in_sentence,
    indicator_label,
    indicator_unit,
    lever_short,
    tier_label,
)
from critmin.words.numbers import in_unit, ordinal
from critmin.words.phrases import has, say


def joined(items: Iterable[str], lang: str, last: bool = True) -> str:
    """``a, b and c`` / ``a、b和c`` (``last=False``: commas only)."""
    items = [i for i in items if i]
    if len(items) < 2 or not last:
        return say("separator.list", lang).join(items)
    return say("separator.list", lang).join(items[:-1]) + say("separator.and", lang) + items[-1]


def _subject(c: Criterion, lang: str) -> str:
    """What a comparison is about; the fact's own name when the indicator is one fact
    (``Indonesia's share of world output`` rather than ``largest producer's share``)."""
    if len(c.facts) == 1 and c.facts[0].value == c.value:
        return fact_name(c.facts[0], lang)
    return indicator_label(c.subject, lang) if c.subject else ""


def criterion_text(c: Criterion, lang: str = "en", with_param: bool = True, cited: bool = False) -> str:
    """A comparison as it stands: ``2035 US shortfall 98.93% ≥ 90%`` when it holds,
    ``… ≥ 90% (params.x) (it is 73.82%)`` when it is needed and not met, or 'no figure';
    ``cited``: the value followed by the sources of the facts behind it (a short answer)."""
    if c.subject is None:
        return c.text
    op = SYMBOLS.get(c.op or "", c.op or "")
    if c.unknown:  # what the rule needs, and that there is no figure to compare (never "would need no figure")
        if c.op is None or c.subject == "tier":
            return say("criterion.unknown", lang, subject=_subject(c, lang))
        threshold = in_unit(c.threshold, indicator_unit(c.subject), lang)
        param = say("criterion.param", lang, name=f"params.{c.param.name}") if with_param and c.param else ""
        key = "criterion.needs_unknown_short" if cited else "criterion.needs_unknown"  # short: the subject is named
        return say(key, lang, subject=_subject(c, lang), op=op, threshold=threshold,
                   param=param)
    if c.subject == "tier":
        key = "criterion.tier_holds" if c.holds else "criterion.tier_needs"
        return say(key, lang, value=tier_label(str(c.value), lang), op=op, threshold=tier_label(str(c.threshold), lang))
    unit = indicator_unit(c.subject)
    value, threshold = in_unit(c.value, unit, lang), in_unit(c.threshold, unit, lang)
    if cited and c.facts:
        value = f"{value} {cites(c.facts, lang)}"
    if c.holds:
        return say("criterion.holds", lang, subject=_subject(c, lang), value=value, op=op, threshold=threshold)
    param = say("criterion.param", lang, name=f"params.{c.param.name}") if with_param and c.param else ""
    return say("criterion.needs", lang, subject=_subject(c, lang), op=op, threshold=threshold, param=param,
               value=value)


def criteria_text(items: Sequence[Criterion], lang: str = "en", with_param: bool = True, cited: bool = False) -> str:
    """The comparisons in order; alternatives (an ``any_of`` group) as "one of: a, b or c"."""
    parts: list[str] = []
    i = 0
    while i < len(items):
        group = items[i].any_of
        if group is None:
            parts.append(criterion_text(items[i], lang, with_param, cited))
            i += 1
            continue
        members = [c for c in items[i:] if c.any_of == group]
        i += len(members)
        parts.append(say("criterion.one_of", lang,
                         items=say("separator.or", lang).join(criterion_text(c, lang, with_param, cited)
                                                              for c in members)))
    return say("separator.clause", lang).join(parts)


MAX_FIGURES = 8  # a short answer lists at most this many facts ("…" for the rest)


def cites(facts: Iterable[SourcedFact], lang: str = "en") -> str:
    """The short citations of some facts, each once: ``[report: section 1.3] [report: Table 2]``;
    countries' alignments and risk classes only when nothing else is behind the figure."""
    facts = list(facts)
    places: dict[str, list[str]] = {}  # a source's name → its locators, each once
    for fact in [f for f in facts if not f.key.startswith("countries.")] or facts:
        where = places.setdefault(source_name(fact.source, fact.source_zh, lang), [])
        found = locator(fact.ref, lang, short=True)
        if found and found not in where:
            where.append(found)
    return " ".join(say("source.cite", lang, source=name, ref=say("separator.list", lang).join(where)) if where
                    else say("source.cite_bare", lang, source=name) for name, where in places.items())


Stated = tuple[str, Sequence[SourcedFact]]  # a figure as a reason shows it, and the facts behind it


def figures(facts: Iterable[SourcedFact], lang: str = "en", classes: bool = False,
            stated: Sequence[Stated] = ()) -> str:
    """The facts, each once, grouped by where they come from: ``a 1 t, b 2 t [report: Table 5]; …``.
    Countries' alignments and risk classes only with ``classes`` (the answer turns on them).
    A figure the answer already states (``stated``) is given its source alone: ``38.3% [report: Table 5]``."""
    groups: dict[tuple[str, bool], list[str]] = {}
    for value, behind in stated:
        groups.setdefault((cites(behind, lang), False), []).append(value)
    seen: set[str] = set()
    for fact in facts:
        if fact.key in seen or not classes and fact.key.startswith("countries."):
            continue
        seen.add(fact.key)
        if len(seen) > MAX_FIGURES:
            more = True
            break
        share = fact.key.startswith("producers.")
        item = f"{_country(fact, lang)} {shown(fact, lang)}" if share else short_value(fact, lang)
        groups.setdefault((brief_cite(fact, lang, short=True), share), []).append(item)
    else:
        more = False
    parts = []
    for (where, share), items in groups.items():
        listed = say("separator.list", lang).join(items)
        parts.append((say("figures.of_output", lang, items=listed) if share else listed) + f" {where}")
    text = say("separator.clause", lang).join(parts)
    return text + (say("separator.clause", lang) + "…" if more and text else "")


def _country(fact: SourcedFact, lang: str) -> str:
    return fact.country_zh if lang == "zh" and fact.country_zh else fact.key.split(".", 1)[1]


def short_value(fact: SourcedFact, lang: str) -> str:
    """A figure with a short label (``US 2035 demand 749,987 t``), for short answers."""
    key = f"fact_short.{fact.key}"
    if has(key):
        return f"{say(key, lang)} {shown(fact, lang)}"
    return named_value(fact, lang)


def figures_line(facts: Iterable[SourcedFact], lang: str = "en", classes: bool = False,
                 stated: Sequence[Stated] = ()) -> str:
    text = figures(facts, lang, classes, stated)
    return say("brief.figures", lang, figures=text) if text else ""


def reason_figures(nodes: Iterable[RuleNode], lang: str = "en", classes: bool = False) -> str:
    """The figures under the reasons of rules that fired. A reason that states figures has them
    cited by their sources alone (``38.3%, 24.0% [report: Table 5]``), in the reason's order; the
    facts behind them, and behind the comparisons it does not state, are in the derivation on
    request. Reasons that state none: the facts behind the rules' comparisons."""
    stated: dict[str, Stated] = {}
    facts: list[SourcedFact] = []
    for node in nodes:
        found = criteria(node)
        for subject, value in node.stated:
            behind = [f for c in found if c.subject == subject for f in c.facts]
            if behind:
                stated.setdefault(subject, (value, behind))
        facts += [f for c in found for f in c.facts]
    return figures_line([] if stated else facts, lang, classes, list(stated.values()))


def rule_cite(node_rule: str, source: str, lang: str = "en") -> str:
    """``rule first_task, report section 3.2``: the rule and the part of the report it encodes."""
    where = locator(source, lang)
    if where and "report" in source.lower():
        where = say("cite.report", lang, where=where)
    return say("brief.rule_at", lang, rule=node_rule, source=where) if where else \
        say("brief.rule_only", lang, rule=node_rule)


def reason(node: RuleNode, lang: str = "en") -> str:
    """Why a rule that fired concluded what it did: its reason in the answer's language, or
    (a rule with no reason in that language) its conditions in words."""
    because = node.because if lang == "en" else node.because_zh
    where = rule_cite(node.rule, node.source, lang)
    if because:
        return say("brief.reason", lang, rule=where, because=because)
    return say("brief.reason_tests", lang, rule=where, tests=tests_in_words(node, lang))


def said_reason(node: RuleNode, lang: str = "en") -> str:
    """A fired rule's reason as a clause ('' for a rule that did not fire)."""
    if not node.fired:
        return ""
    because = node.because if lang == "en" else node.because_zh
    return because or tests_in_words(node, lang)


def tests_in_words(node: RuleNode, lang: str = "en") -> str:
    return say("separator.clause", lang).join(
        describe(t.test.node, t.test.values, lang, t.test.text) for t in node.tests)


def rank_phrase(standing: Standing | None, lang: str = "en") -> str:
    """``3rd of 22 by score after Cobalt and Gallium`` / ``按得分在22种矿产中排第3，仅次于钴和镓``."""
    if standing is None:
        return ""
    text = say("brief.rank", lang, ordinal=ordinal(standing.rank, lang), of=standing.of)
    if standing.above:
        names = joined((in_sentence(called(h, lang), lang) for h in standing.above), lang)
        text += say("brief.after", lang, names=names)
    return text


def report_phrase(head: Head, lang: str = "en") -> str:
    if head.report_tier is None:
        return say("brief.report_none", lang)
    if head.report_tier == head.tier:
        return say("brief.report_same", lang)
    return say("brief.report_differs", lang, tier=tier_label(head.report_tier, lang))


def levers_list(levers: Sequence[dict[str, Any]], lang: str = "en", partners: bool = True) -> str:
    """``ally sourcing (Australia, Canada, …), stockpile, price floor``: partners once, under
    the first lever that names them (not at all without ``partners``)."""
    parts, named = [], not partners
    for lever in levers:
        partners = lever.get("partners_zh" if lang == "zh" else "partners") or lever.get("partners") or []
        extra = ""
        if partners and not named:
            extra = f" ({say('separator.list', lang).join(partners)})" if lang == "en" else \
                f"（{say('separator.list', lang).join(partners)}）"
            named = True
        parts.append(lever_short(lever["id"], lang) + extra)
    return say("separator.list", lang).join(parts)


def levers_line(levers: Sequence[dict[str, Any]], lang: str = "en", partners: bool = True) -> str:
    if not levers:
        return say("why.no_levers", lang)
    return say("why.levers", lang, levers=levers_list(levers, lang, partners))


def countries(names: Iterable[str], names_zh: dict[str, str] | None, lang: str = "en") -> str:
    return say("separator.list", lang).join(country_name(n, names_zh, lang) for n in names)


def facts_of(items: Iterable[Criterion]) -> list[SourcedFact]:
    return [f for c in items for f in c.facts]
