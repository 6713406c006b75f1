"""The lints: mistakes that load and run but make a rule mean something else, or nothing.

- ``share-above-one``: a share (0–1) compared with a number above 1 (``adversary_share > 50``
  is never true; ``0.5`` or ``50%`` was meant);
- ``tonnage-below-one``: a tonnage compared with a number between 0 and 1 (a share was meant);
- ``unknown-text``: a text indicator compared with a value no fact has (``top1_country ==
  'china'``: the countries are spelt as in countries.yaml), with a did-you-mean;
- ``unused-parameter``: a parameter in parameters.yaml that no rule reads (a typo in the rule
  that meant it, or a leftover);
- ``dead-rule``: a rule that fires for no mineral on the facts, with the tests no mineral passes.

The units are the indicators' display units (:data:`critmin.words.labels.INDICATOR_UNITS`); the
values a text can take are those the facts hold. Scoring is the traced path the CLI uses.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from critmin.facts.model import FactBase
from critmin.inference.results import Results
from critmin.inference.traced import score
from critmin.language.conditions import env_for, evaluate_test
from critmin.language.evaluation import Env, evaluate
from critmin.language.normal_forms import dnf, nnf
from critmin.language.source_text import to_text
from critmin.language.syntax import Arith, Compare, Const, Member, Neg, Node, Ref, children, references
from critmin.lints.finding import Lint, Locator
from critmin.ruleset.because import PLACEHOLDER
from critmin.ruleset.model import Rule, RuleBase
from critmin.words.labels import indicator_unit
from critmin.words.numbers import plain

MAX_SHOWN = 2  # failing tests named in a dead rule's hint


def lint(facts: FactBase, rules: RuleBase, results: Results | None = None) -> list[Lint]:
    """Every lint of ``rules`` on ``facts`` (``results``: their scoring, if already done)."""
    locator = Locator(rules)
    found: list[Lint] = []
    domains = text_values(facts)
    for rule in rules.rules:
        found += unit_slips(rule, rules, locator)
        found += unknown_texts(rule, rules, domains, locator)
    found += unused_parameters(rules, locator)
    explained = {f.rule for f in found if f.rule}
    found += dead_rules(results if results is not None else score(facts, rules), locator, explained)
    return sorted(found, key=lambda f: (f.problem.file or "", f.problem.line or 0, f.problem.column or 0))


# ---------------------------------------------------------------- comparisons

def comparisons(node: Node) -> Iterator[Compare | Member]:
    """Every comparison and membership test in an expression, in reading order."""
    if isinstance(node, (Compare, Member)):
        yield node
    for child in children(node):
        yield from comparisons(child)


def known_value(node: Node, params: dict[str, Any]) -> tuple[bool, Any]:
    """(True, value) when ``node`` is made of numbers, texts and parameters only."""
    if any(ref.kind != "param" for ref in references(node)):
        return False, None
    if not isinstance(node, (Const, Ref, Neg, Arith)):
        return False, None
    return True, evaluate(node, Env({}, params=params))


def _sides(cmp: Compare | Member) -> Iterator[tuple[Ref, list[tuple[Node, Any]]]]:
    """(indicator, [(node, value) known statically]) for each indicator side of a comparison."""
    if isinstance(cmp, Member):
        if isinstance(cmp.left, Ref) and cmp.left.kind == "indicator":
            yield cmp.left, [(cmp, item) for item in cmp.items]
        return
    for ref, other in ((cmp.left, cmp.right), (cmp.right, cmp.left)):
        if isinstance(ref, Ref) and ref.kind == "indicator":
            yield ref, [(other, None)]


def _values(pairs: list[tuple[Node, Any]], params: dict[str, Any]) -> Iterator[tuple[Node, Any]]:
    for node, value in pairs:
        if isinstance(node, (Compare, Member)):  # a list item of ``x in [...]``
            yield node, value
            continue
        known, value = known_value(node, params)
        if known and value is not None:
            yield node, value


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _offset(rule: Rule, node: Node, value: Any) -> int:
    """Where ``value`` is written: the node, or the item of a ``x in [...]`` list."""
    if not isinstance(node, Member):
        return node.pos
    text = rule.when_text
    forms = [repr(value), f'"{value}"'] if isinstance(value, str) else [plain(value), str(value), f"{value * 100:g}%"]
    found = [i for form in forms if (i := text.find(form, node.pos)) >= 0]
    return min(found) if found else node.pos


def _written(node: Node, value: Any) -> str:
    shown = plain(value) if _number(value) else repr(value)
    return shown if isinstance(node, Const) or isinstance(node, Member) else f"{to_text(node)} ({shown})"


def unit_slips(rule: Rule, rules: RuleBase, locator: Locator) -> list[Lint]:
    out = []
    for cmp in comparisons(rule.when):
        for ref, pairs in _sides(cmp):
            unit = indicator_unit(ref.name)
            for node, value in _values(pairs, rules.param_values):
                if not _number(value):
                    continue
                written = _written(node, value)
                if unit in ("share", "index") and value > 1:
                    what = "a share" if unit == "share" else "an index"
                    problem = locator.in_rule(rule, f"rule {rule.id}: {ref.name} is {what} (0 to 1), compared "
                                              f"with {written}: the test can never change", _offset(rule, node, value))
                    hint = (f"shares are written 0.5 or 50%: did you mean {plain(value / 100)} ({plain(value)}%)?"
                            if unit == "share" else f"{ref.name} runs from 0 to 1, not 0 to 100 or 0 to 10,000")
                    out.append(Lint("share-above-one", problem, hint, rule.id))
                elif unit == "t" and 0 < value < 1:
                    problem = locator.in_rule(rule, f"rule {rule.id}: {ref.name} is in tonnes, compared with "
                                              f"{written}, less than a tonne", _offset(rule, node, value))
                    out.append(Lint("tonnage-below-one", problem, "a share was probably meant: compare a share "
                                    "indicator (shortfall_2035, self_sufficiency, domestic_pipeline), or write "
                                    "tonnes (100,000 t is 100000)", rule.id))
    return out


# ---------------------------------------------------------------- texts

def text_values(facts: FactBase) -> set[str]:
    """Every text a text indicator can take: the countries, and every producer the facts name."""
    names = set(facts.countries)
    for mineral in facts.minerals.values():
        names |= {key.split(".", 1)[1] for key in mineral.facts if key.startswith("producers.")}
    return names


def unknown_texts(rule: Rule, rules: RuleBase, domain: set[str], locator: Locator) -> list[Lint]:
    out = []
    for cmp in comparisons(rule.when):
        for ref, pairs in _sides(cmp):
            for node, value in _values(pairs, rules.param_values):
                if not isinstance(value, str) or value in domain:
                    continue
                problem = locator.in_rule(rule, f"rule {rule.id}: no fact gives {ref.name} the value "
                                          f"{_written(node, value)}, so the test never changes",
                                          _offset(rule, node, value))
                out.append(Lint("unknown-text", problem, _text_hint(value, domain), rule.id))
    return out


def _text_hint(value: str, domain: Iterable[str]) -> str:
    """Did-you-mean: the same name in another case first, else the closest names (best first)."""
    by_lower = {name.lower(): name for name in sorted(domain)}
    close = [by_lower[value.lower()]] if value.lower() in by_lower else [
        by_lower[n] for n in difflib.get_close_matches(value.lower(), list(by_lower), n=3, cutoff=0.75)]
    rule = "texts match exactly, in the spelling and case of countries.yaml"
    return f"did you mean {' or '.join(repr(c) for c in close)}? {rule[0].upper()}{rule[1:]}" if close else rule


# ---------------------------------------------------------------- parameters

def read_parameters(rules: RuleBase) -> set[str]:
    """The parameters some rule reads, in its condition, its points or its reason."""
    used: set[str] = set()
    for rule in rules.rules:
        for node in (rule.when, rule.points):
            if node is not None:
                used |= {ref.name for ref in references(node) if ref.kind == "param"}
        used |= {m.group(1).strip()[len("params."):] for m in PLACEHOLDER.finditer(rule.because)
                 if m.group(1).strip().startswith("params.")}
    return used


def unused_parameters(rules: RuleBase, locator: Locator) -> list[Lint]:
    used = read_parameters(rules)
    out = []
    for name in rules.params:
        if name in used:
            continue
        close = difflib.get_close_matches(name, sorted(used), n=1, cutoff=0.6)
        hint = (f"a rule reading params.{close[0]} may have meant this one; " if close else "") + \
            "delete it, or read it as params." + name
        out.append(Lint("unused-parameter", locator.at_parameter(name, f"no rule reads params.{name}"), hint))
    return out


# ---------------------------------------------------------------- dead rules

def dead_rules(results: Results, locator: Locator, explained: set[str] = frozenset()) -> list[Lint]:
    """Rules that fire for no mineral, with the tests that hold for none of them (``explained``:
    rules whose slip another lint already names, which say that rather than this)."""
    fired = {t.rule for a in results.values() for t in a.trace}
    params = results.rules.param_values
    envs = [(a.mineral, env_for(a, params)) for a in results.values()]
    out = []
    for rule in results.rules.rules:
        if rule.id in fired or rule.id in explained or not envs:
            continue
        failing = _never_holding(rule, envs)
        offset = failing[0][0].pos if failing else 0
        message = f"rule {rule.id} fires for no mineral ({len(envs)} scored)"
        if failing:
            hint = "; ".join(text for _, text in failing[:MAX_SHOWN])
        else:
            tests = ", ".join(to_text(literal) for literal in dnf(nnf(rule.when))[0])
            hint = f"each of its tests ({tests}) holds for some mineral, but never all of them together"
        out.append(Lint("dead-rule", locator.in_rule(rule, message, offset), hint, rule.id))
    return out


def _never_holding(rule: Rule, envs: list[tuple[str, Env]]) -> list[tuple[Node, str]]:
    """(literal, why) for each test of the condition that no mineral passes."""
    out = []
    seen: set[str] = set()
    for conjunction in dnf(nnf(rule.when)):
        for literal in conjunction:
            tests = [(mineral, evaluate_test(literal, env)) for mineral, env in envs]
            if any(t.holds for _, t in tests) or tests[0][1].text in seen:
                continue
            seen.add(tests[0][1].text)
            out.append((literal, f"no mineral passes {tests[0][1].text}{_nearest(literal, tests)}"))
    return out


def _nearest(literal: Node, tests) -> str:
    """`` (highest adversary_share: 0.78, graphite)`` for a failing comparison with a number."""
    if not (isinstance(literal, Compare) and isinstance(literal.left, Ref) and literal.left.kind == "indicator"):
        return ""
    name = literal.left.name
    values = [(t.values.get(name), m) for m, t in tests if _number(t.values.get(name))]
    if indicator_unit(name) == "text":
        return ""
    if not values:
        return f" ({name} is unknown for every mineral)"
    pick = max if literal.op in (">", ">=", "==") else min
    value, mineral = pick(values)
    return f" ({'highest' if pick is max else 'lowest'} {name}: {plain(value)}, {mineral})"
