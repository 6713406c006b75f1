"""Checks shared by the assistant tests: every number an answer shows must come from the engine."""

from __future__ import annotations

import re
from typing import Any

from critmin.assistant.vocabulary import vocabulary
from critmin.words.phrases import catalogue

CITATION = re.compile(r"[\[［](report|usgs_mcs2025|analyst|override|rules/parameters\.yaml|"
                      r"报告|美国地质调查局|分析假设|假设值)[:：\]］]")
NUMBER = re.compile(r"(?<![A-Za-z0-9_.,])-?\d[\d,]*(?:\.\d+)?%?")  # a number may follow a Chinese word
IDENTIFIER = re.compile(r"[A-Za-z0-9_.]*_[A-Za-z0-9_.]*|[A-Za-z]+\d[\w.]*")


def numbers_of(value: Any, out: set[float]) -> set[float]:
    """Every number anywhere in a JSON-like structure (and inside its strings)."""
    if isinstance(value, bool):
        return out
    if isinstance(value, (int, float)):
        out.add(float(value))
    elif isinstance(value, str):
        for token in NUMBER.findall(value):
            out.add(float(token.rstrip("%").replace(",", "")))
    elif isinstance(value, dict):
        for key, item in value.items():
            numbers_of(key, out)
            numbers_of(item, out)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            numbers_of(item, out)
    return out


def allowed_numbers(results, question: str, explanation: Any) -> set[float]:
    """What an answer may show: the engine's output for it, the facts, rules and fixed labels."""
    return numbers_of(explanation, set()) | numbers_of(question, set()) | {100.0, 0.0} | _known_numbers(results)


_KNOWN: dict[int, tuple[Any, frozenset[float]]] = {}  # id(results) → (results, its numbers)


def _known_numbers(results) -> frozenset[float]:
    """Every number of a result set, its facts and rules, and the fixed labels (once per result set)."""
    if id(results) not in _KNOWN:  # the results are kept, so their id is not reused
        _KNOWN[id(results)] = (results, frozenset(_numbers_of_results(results)))
    return _KNOWN[id(results)][1]


def _numbers_of_results(results) -> set[float]:
    allowed: set[float] = set()
    for mineral in results.facts.minerals.values():
        numbers_of([f.value for f in mineral.facts.values()], allowed)
        numbers_of([f.range for f in mineral.facts.values() if f.range], allowed)
    for a in results.values():
        numbers_of([i.value for i in a.indicators.values()], allowed)
        numbers_of([a.score] + [t.conclusion for t in a.trace if t.kind == "points"], allowed)
        numbers_of([t.because for t in a.trace], allowed)
    for rule in results.rules.rules:
        numbers_of([rule.because, rule.source, rule.when_text, rule.points_text or ""], allowed)
    for p in results.rules.params.values():
        numbers_of([p.value, p.doc, p.source or "", list(p.range or ())], allowed)
    # fixed labels and phrases; not the examples in hints ("give tonnes (e.g. 100,000 t)")
    numbers_of({k: v for k, v in catalogue().items() if not k.startswith("whatif_problem.")}, allowed)
    numbers_of(vocabulary().examples, allowed)  # example questions shown by help
    return allowed


def shown_numbers(text: str) -> list[str]:
    """Numbers in an answer outside citations, identifiers and the list of sources."""
    body = re.split(r"\n(?:Sources:|来源：)\n", text)[0]
    body = re.sub(r"\[[^\]]*\]|［[^］]*］", " ", body)
    body = IDENTIFIER.sub(" ", body)
    return NUMBER.findall(body)


def invented(text: str, allowed: set[float]) -> list[str]:
    """Numbers shown that no engine value rounds to (should be empty)."""
    bad = []
    rounded: dict[tuple[bool, int], set[float]] = {}  # the candidates rounded as shown, once per form
    for token in shown_numbers(text):
        percent = token.endswith("%")
        number = token.rstrip("%").replace(",", "")
        decimals = len(number.split(".")[1]) if "." in number else 0
        x = float(number)
        candidates = [*allowed, *(c * 100 for c in allowed)] if percent else allowed
        if (percent, decimals) not in rounded:
            rounded[percent, decimals] = {float(f"{c:.{decimals}f}") for c in candidates}
        if x in rounded[percent, decimals]:
            continue  # shown exactly as a candidate rounds; else the same test with a tolerance
        if not any(abs(float(f"{c:.{decimals}f}") - x) < 1e-9 or abs(c - x) < 1e-9 for c in candidates):
            bad.append(token)
    return bad


# ---------------------------------------------------------------- one language per answer

CJK = re.compile(r"[\u3400-\u9fff]")
# What an answer in Chinese may still write in Latin letters: identifiers (rule ids, fact keys,
# parameters, file names), chemical symbols and acronyms, units and the project's own name.
LATIN_ALLOWED = re.compile(r"\((?:\w+\.)+[^()（）]*\)|[\w.+-]*[_./][\w./+-]*"  # (producers.South Africa), ids
                           r"|\b[A-Z]{1,6}\d*\b|\bcritmin\b|\b[A-Z][a-z]?\b|\bt\b|×|\d+")  # USGS, Ni, 8,000 t
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[ \t,;:'’()-]+[A-Za-z]{2,})+")


def english_in_chinese(text: str) -> list[str]:
    """Runs of two or more English words in an answer given in Chinese (should be empty)."""
    body = LATIN_ALLOWED.sub(" ", text)
    return ENGLISH_RUN.findall(body)


def chinese_in_english(text: str) -> list[str]:
    """Chinese characters in an answer given in English (should be empty)."""
    return CJK.findall(text)


# ---------------------------------------------------------------- reasons only for rules that fired

def false_reasons(text: str, results, minerals) -> list[str]:
    """Reasons quoted for a rule that did not fire for the mineral (should be empty): every rule's
    ``because`` (and ``because_zh``), filled with the mineral's own values, searched in ``text``."""
    from critmin.language.conditions import env_for
    from critmin.ruleset.because import render_because

    bad = []
    for mineral in minerals:
        if mineral not in {a.mineral for a in results.values()}:
            continue
        a = results[mineral]
        env = env_for(a, results.rules.param_values)
        fired = {t.rule for t in a.trace}
        names = {k: c.name_zh for k, c in results.facts.countries.items() if c.name_zh}
        for rule in results.rules.rules:
            if rule.id in fired:
                continue
            for template, words in ((rule.because, None), (rule.because_zh, names)):
                if not template:
                    continue
                sentence = render_because(template, env, words).rstrip(".。")
                if len(sentence) >= 12 and sentence in text:
                    bad.append(f"{mineral}: {rule.id}: {sentence}")
    return bad


# ---------------------------------------------------------------- the opening of an answer

def display_rows(text: str, columns: int = 100) -> int:
    """Lines the text takes in a terminal ``columns`` wide (wide characters count double)."""
    import unicodedata

    rows = 0
    for line in text.splitlines():
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        rows += max(1, -(-width // columns))
    return rows


def opening(text: str) -> str:
    """The answer before the hint that the derivation is there on request."""
    return re.split(r"\n[(（](?:Say|输入)", text)[0]


# ---------------------------------------------------------------- ticks and crosses, as printed

NUMBER_SHOWN = r"(×?)(-?\d[\d,]*(?:\.\d+)?)(%| ?t\b|吨)?"
MARKED = re.compile(rf"([✓✗]) .*?{NUMBER_SHOWN} ([≥≤<>=≠]) {NUMBER_SHOWN}")
SYMBOL_TEST = {"≥": lambda a, b: a >= b, "≤": lambda a, b: a <= b, "<": lambda a, b: a < b,
               ">": lambda a, b: a > b, "=": lambda a, b: a == b, "≠": lambda a, b: a != b}


def marked_comparisons(text: str) -> int:
    """How many printed lines carry a ✓ or ✗ beside a comparison of two numbers."""
    return sum(bool(MARKED.search(line)) for line in text.splitlines())


def wrong_marks(text: str) -> list[str]:
    """Printed tests whose ✓ or ✗ disagrees with the comparison printed beside it (should be
    empty). Values are compared as printed (rounded), so a tie at the printed precision is skipped."""
    bad = []
    for line in text.splitlines():
        m = MARKED.search(line)
        if not m:
            continue
        mark, left, op, right = m.group(1), float(m.group(3).replace(",", "")), m.group(5), \
            float(m.group(7).replace(",", ""))
        if left == right and op not in ("=", "≠"):
            continue
        if SYMBOL_TEST[op](left, right) != (mark == "✓"):
            bad.append(line.strip())
    return bad
