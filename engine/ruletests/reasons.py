"""Why an expectation of a rule test failed, in words (English, as rule files are written).

A failure's explanation is part of the test report's data (its JSON), so it is worded here,
where the failure is found: for a tier, the rules that concluded a higher one or the compact
why-not of the expected tier; for a missing lever or signal, the rules that would conclude it
and their failing tests; for an unwanted one, the rules that concluded it.
"""

from __future__ import annotations

from critmin.concepts import TIER_RANK
from critmin.errors import suggest
from critmin.explain.why_not import WhyNot
from critmin.inference.results import Assessment, Lever, Results
from critmin.language.conditions import closest, env_for
from critmin.ruleset.because import render_because


def compact_why_not(gap: WhyNot) -> str:
    """The gaps of a why-not in a few lines: each rule concluding the tier, its failing tests and,
    for a missing signal, the failing tests of the rules that would conclude it."""
    if gap.current == gap.tier:
        return f"{gap.mineral} is {gap.tier}."
    lines = [f"{gap.mineral} is {gap.current}, not {gap.tier}."]
    if gap.outranked_by:
        lines.append(f"  A higher tier wins: {', '.join(gap.outranked_by)} fired.")
    if not gap.rules:
        lines.append(f"  No rule concludes {gap.tier}.")
    for rule in gap.rules:
        state = "fired" if rule.alternative.holds else "does not hold"
        lines.append(f"  rule {rule.rule} ({state}): {rule.because}")
        for test in rule.alternative.failing:
            lines.append(f"    ✗ {test.text}: {test.gap}")
            for sub in rule.signal_gaps.get(test.signal or "", []):
                lines.append(f"        ({sub['rule']}) {sub['test']}: {sub['gap']}")
    return "\n".join(lines)


def concluded_above(a: Assessment, rank: int) -> str:
    """The tier rules that concluded a tier above ``rank``."""
    above = [t for t in a.firings("tier") if TIER_RANK[t.conclusion] > rank]
    return "\n".join(f"rule {t.rule} concluded {t.conclusion}: {t.because}" for t in above) or "no tier rule fired"


def why_absent(results: Results, a: Assessment, kind: str, name: str) -> str:
    """The rules that would conclude lever/signal ``name``, and the tests that fail."""
    rules = [r for r in results.rules.rules if r.kind == kind and r.conclusion == name]
    if not rules:
        known = sorted({r.conclusion for r in results.rules.rules if r.kind == kind})
        return f"no rule concludes {kind} '{name}'{suggest(name, known)}"
    env = env_for(a, results.rules.param_values)
    lines = []
    for rule in rules:
        alternative = closest(rule.when, env)
        lines.append(f"rule {rule.id} does not hold: {render_because(rule.because, env)}")
        lines += [f"  ✗ {t.text}: {t.gap}" for t in alternative.failing]
    return "\n".join(lines)


def why_present(a: Assessment, kind: str, name: str) -> str:
    """The rules that concluded lever/signal ``name``."""
    return "\n".join(f"rule {t.rule} concluded it: {t.because} ({t.source})"
                     for t in a.firings(kind) if t.conclusion == name)


def partner_origin(results: Results, lever: Lever) -> str:
    rules = {r.id: r for r in results.rules.rules}
    which = sorted({rules[r].partners for r in lever.rules if r in rules})
    return (f"partners come from the mineral's Table 6 facts (partners.allies / partners.emerging), "
            f"selected by {', '.join(lever.rules)} (partners: {', '.join(which)})")
