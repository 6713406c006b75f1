"""Why and why-not as indented trees: tier ← rules ← tests ← indicators ← sourced facts.

Each indicator, fact and threshold is shown once per answer (``seen``), under the first test
that reads it.
"""

from __future__ import annotations

from typing import Any

from critmin.explain.why import Derivation, RuleNode, TestNode
from critmin.explain.why_not import WhyNot
from critmin.inference.unknowns import MissingInput
from critmin.language.describe import describe
from critmin.render.facts import fact_line, param_cite, sources_lines
from critmin.render.headline import called, headline
from critmin.words.labels import (
    formula_label,
    indicator_label,
    indicator_unit,
    lever_label,
    tier_label,
)
from critmin.words.numbers import in_unit
from critmin.words.phrases import say


def derivation(tree: Derivation, lang: str = "en", with_headline: bool = True) -> str:
    """why(m): the headline, the deciding rules with their tests down to facts, levers, sources."""
    lines = [headline(tree.head, lang)] if with_headline else []
    tier = tier_label(tree.tier, lang)
    if not tree.concluded_by:
        lines.append(say("why.unrated", lang, name=called(tree.head, lang)))
        lines += missing_lines(tree.missing, lang)
    seen: set[str] = set()
    for node in tree.concluded_by:
        reason = _because(node, lang)
        lines.append(say("why.concluded", lang, rule=node.rule, tier=tier,
                         reason=f" — {reason}" if reason and lang == "en" else reason))
        lines += tests_tree(node.tests, lang, 1, seen)
    if tree.outranked:
        lines.append(say("why.tier_rule", lang) + " " + say("why.outranked", lang, tier=tier))
        for node in tree.outranked:
            reason = _because(node, lang)
            lines.append(f"  {node.rule} → {tier_label(node.conclusion, lang)}"
                         + (say("why.reason_after", lang, reason=reason) if reason else ""))
    lines.append(levers_line(tree.levers, lang))
    lines += sources_lines(tree.sources, lang)
    return "\n".join(lines)


def _because(node: RuleNode, lang: str) -> str:
    """A fired rule's reason in the answer's language ('' for a rule that did not fire, or one
    with no reason in that language)."""
    if not node.fired:
        return ""
    return node.because if lang == "en" else (node.because_zh or "")


def missing_lines(missing: tuple[MissingInput, ...], lang: str, limit: int | None = None) -> list[str]:
    """The unknown inputs that leave a mineral unrated, each with the facts behind it (``limit``:
    that many named, the rest counted — for a short answer)."""
    if not missing:
        return []
    parts = []
    for item in missing[:limit]:
        facts = ([say("why.missing_fact", lang, fact=k) for k in item.missing]
                 + [say("why.zero_fact", lang, fact=k) for k in item.zero])
        label = f"{indicator_label(item.indicator, lang)} ({item.indicator})"
        parts.append(label + (": " + say("separator.clause", lang).join(facts) if facts else ""))
    if limit is not None and len(missing) > limit:
        parts.append(say("brief.more_inputs", lang, count=len(missing) - limit))
    return [say("why.missing", lang, inputs="; ".join(parts))]


def levers_line(levers: tuple[dict[str, Any], ...], lang: str) -> str:
    if not levers:
        return say("why.no_levers", lang)
    parts = []
    for lever in levers:
        partners = (lever.get("partners_zh") if lang == "zh" else None) or lever.get("partners") or []
        extra = f" ({say('separator.list', lang).join(partners)})" if partners else ""
        parts.append(lever_label(lever["id"], lang) + extra)
    return say("why.levers", lang, levers=say("separator.clause", lang).join(parts))


def why_not(gap: WhyNot, lang: str = "en") -> str:
    """The headline, why the mineral is not the tier: each rule concluding it with its failing
    tests down to sourced facts, then the sources."""
    want, have = tier_label(gap.tier, lang), tier_label(gap.current, lang)
    name = called(gap.head, lang) if gap.head else gap.mineral
    lines = [headline(gap.head, lang)] if gap.head else []
    if gap.current == gap.tier:
        lines.append(say("already", lang, name=name, tier=want))
        return "\n".join(lines)
    lines.append(say("why_not.head", lang, name=name, have=have, want=want))
    lines += ["  " + line for line in missing_lines(gap.missing, lang)]
    if gap.outranked_by:
        lines.append("  " + say("why_not.outranked", lang, rules=", ".join(gap.outranked_by)))
    if not gap.rules:
        lines.append("  " + say("why_not.no_rule", lang, tier=want))
    seen: set[str] = set()
    for rule in gap.rules:
        state = say("why_not.fired" if rule.alternative.holds else "why_not.does_not_hold", lang)
        because = rule.because if lang == "en" and rule.alternative.holds else ""
        lines.append("  " + say("why_not.rule", lang, rule=rule.rule, tier=want, state=state)
                     + (say("why.reason_after", lang, reason=because) if because else ""))
        if rule.node is not None:
            lines += tests_tree(rule.node.tests, lang, 2, seen)
    lines += sources_lines(gap.sources, lang)
    return "\n".join(lines)


def tests_tree(tests: tuple[TestNode, ...], lang: str, indent: int, seen: set[str]) -> list[str]:
    """The tests of a rule as an indented tree, each indicator's facts shown once."""
    pad = "  " * indent
    lines = []
    for node in tests:
        mark = _mark(node)
        text = describe(node.test.node, node.test.values, lang, node.test.text)
        if node.test.signal and node.derived_by:
            for child in node.derived_by:
                state = "" if child.fired else say("why.did_not_fire", lang)
                lines.append(f"{pad}{mark} " + say("why.derived_by", lang, test=text, rule=child.rule, state=state))
                lines += tests_tree(child.tests, lang, indent + 2, seen)
        else:
            lines.append(f"{pad}{mark} {text}")
            lines += _leaves((node,), lang, indent + 1, seen)
    return lines


def _mark(node: TestNode) -> str:
    """✓ beside a test that holds, ✗ beside one that does not — always the test's own truth."""
    return "✓" if node.test.holds else "✗"


def _leaves(tests: tuple[TestNode, ...], lang: str, indent: int, seen: set[str]) -> list[str]:
    """Indicators with their formula and facts, then thresholds; each shown once per answer."""
    pad = "  " * indent
    lines = []
    for node in tests:
        unit = next((indicator_unit(i.name) for i in node.indicators), "number")
        for ind in node.indicators:
            if ind.name in seen:
                continue
            seen.add(ind.name)
            lines.append(f"{pad}{indicator_label(ind.name, lang)} ({ind.name}) = "
                         f"{in_unit(ind.value, indicator_unit(ind.name), lang)}{_formula(ind.name, ind.formula, lang)}")
            for fact in ind.facts:
                if fact.key not in seen:
                    seen.add(fact.key)
                    lines.append(f"{pad}  {fact_line(fact, lang)}")
        for param in node.params:
            key = "params." + param.name
            if key in seen:
                continue
            seen.add(key)
            cited = param_cite(param.source, lang, param.source_zh)
            lines.append(f"{pad}params.{param.name} = {in_unit(param.value, unit, lang)} {cited}")
    return lines


def _formula(name: str, formula: str, lang: str) -> str:
    """An indicator's formula, in the answer's language (none when the catalogue has no words for it)."""
    text = formula_label(name, lang, formula)
    return f" = {text}" if text else ""
