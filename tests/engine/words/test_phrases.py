"""The phrase catalogue: both languages for every key, the same placeholders, no dead keys."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from critmin.concepts import ALIGNMENTS, ASSESSMENTS, LEVERS, RATINGS, RISK_LEVELS, TIERS, UNRATED, VARY
from critmin.facts.model import COUNTRY_KEYS, FACT_UNITS
from critmin.indicators.catalogue import INDICATORS
from critmin.words.labels import INDICATOR_UNITS
from critmin.words.phrases import LANGUAGES, _entries, catalogue, placeholders, say

ROOT = Path(__file__).resolve().parents[3]
SOURCES = sorted([*ROOT.glob("engine/**/*.py"), *ROOT.glob("assistant/*.py")])

# Labels looked up by a concept's value (``label("tier", tier)``, ``f"fact.{key}"``): such a key
# is used when the concept can take that value.
LABELLED = {
    "tier": {*TIERS, UNRATED},
    "lever": set(LEVERS),
    "alignment": set(ALIGNMENTS),
    "risk": set(RISK_LEVELS),
    "indicator": set(INDICATORS),
    "fact": {key for key in FACT_UNITS if not key.endswith("*")},
    "country_field": set(COUNTRY_KEYS),
    "lever_short": set(LEVERS),
    "layer": {"signals", "tiers", "outcomes"},
    "then": {"signal", "tier", "points", "lever"},
    "fact_short": {key for key in FACT_UNITS if key.startswith("us.")},
    "formula": set(INDICATORS),
    "source_name": {"override"},
    "basis": {"report", "model"},
    "direction": {"up", "down"},
    "cannot_topic": {"prices", "markets", "uses", "forecasts", "other"},
    "vary": set(VARY),
    "assessment": {"report", *ASSESSMENTS},
    "rating": {*RATINGS, "not_recorded"},
}


def _trees() -> list[ast.AST]:
    return [ast.parse(path.read_text(encoding="utf-8")) for path in SOURCES]


def _constants() -> set[str]:
    return {node.value for tree in _trees() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def _say_calls() -> list[ast.Call]:
    """Calls of ``say`` with the key written out."""
    return [node for tree in _trees() for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "say"
            and node.args and isinstance(node.args[0], ast.Constant)]


def test_every_key_has_both_languages_with_the_same_placeholders():
    entries = catalogue()
    assert len(entries) > 100
    for key, entry in entries.items():
        assert tuple(entry) == LANGUAGES, key
        assert all(entry[lang].strip() or entry[lang] == "" for lang in LANGUAGES), key
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


def test_an_entry_without_both_languages_is_refused():
    with pytest.raises(ValueError, match=r"'why.head' must give en and zh \(got \['en'\]\)"):
        dict(_entries({"why": {"head": {"en": "Why"}}}, ""))


def test_no_key_is_unused():
    constants = _constants()
    unused = [key for key in catalogue() if key not in constants
              and key.partition(".")[2] not in LABELLED.get(key.partition(".")[0], ())]
    assert unused == []


def test_every_key_the_code_names_exists_and_gets_its_placeholders():
    entries = catalogue()
    calls = _say_calls()
    assert len(calls) > 50
    for call in calls:
        key = call.args[0].value
        assert key in entries, key
        names = {k.arg for k in call.keywords}
        if None not in names:  # no **values
            assert names == placeholders(entries[key]["en"]), key


def test_every_value_of_a_labelled_concept_has_a_label():
    for group in ("tier", "lever", "alignment", "risk", "indicator"):
        missing = [value for value in LABELLED[group] if f"{group}.{value}" not in catalogue()]
        assert missing == [], group
    assert set(INDICATOR_UNITS) == set(INDICATORS)  # a display unit for every indicator, and no other


def test_say_fills_placeholders_in_each_language():
    assert say("why_not.head", "en", name="Graphite", have="high", want="very high") == \
        "Why Graphite is high, not very high:"
    assert say("why_not.head", "zh", name="石墨", have="高", want="很高") == "石墨为什么不是很高（而是高）："
    with pytest.raises(KeyError):
        say("no.such.key")
