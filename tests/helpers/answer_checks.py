"""Checks shared by the assistant tests: every number an answer shows must come from the engine."""

from __future__ import annotations

import re
from typing import Any

from critmin.assistant.vocabulary import vocabulary
from critmin.words.phrases import catalogue

CITATION = re.compile(r"[\[［](report|usgs_mcs2025|analyst|override|rules/parameters\.yaml)[:：]")
NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?%?")
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
