"""The question bank (tests/data/questions.yaml): each answer checked against the engine's output."""

from __future__ import annotations

import json

import pytest
import yaml

import critmin
from critmin.assistant import answers
from critmin.assistant.answers import respond
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.parse import Context
from critmin.words.labels import tier_label
from tests.helpers.answer_checks import CITATION, allowed_numbers, invented
from tests.helpers.paths import QUESTIONS

BANK = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
MINERAL_INTENTS = ("why", "whynot", "takes", "levers", "partners", "facts", "compare")


@pytest.fixture(scope="module")
def kb():
    return Knowledge()


@pytest.fixture(scope="module")
def searches() -> dict:
    return {}


@pytest.fixture(autouse=True)
def search_each_once(monkeypatch, searches):
    """Several questions ask what the same change would take (cobalt down to high, in English
    and Chinese): the search runs once, every question still parses and renders its answer."""
    search = answers.what_would_it_take

    def once(results, mineral, tier):
        key = (id(results), mineral, tier)
        if key not in searches:
            searches[key] = (results, search(results, mineral, tier))  # results kept: ids stay unique
        return searches[key][1]
    monkeypatch.setattr(answers, "what_would_it_take", once)


def ask(kb: Knowledge, entry: dict):
    context = Context()
    for earlier in entry.get("after", []):
        _, context = respond(earlier, kb, context)
    result, _ = respond(entry["q"], kb, context)
    return result, json.loads(json.dumps(result.to_dict(), ensure_ascii=False, default=str))


@pytest.mark.parametrize("entry", BANK, ids=[f"{i}:{e['q'][:40]}" for i, e in enumerate(BANK)])
def test_question(kb, entry):
    result, data = ask(kb, entry)
    assert data["intent"] == entry["intent"], data["answer"]
    assert data["language"] == ("zh" if any("\u4e00" <= c <= "\u9fff" for c in entry["q"]) else "en")
    results = kb.results
    tiers = results
    if entry.get("overrides"):
        assert sorted(data["overrides"]) == sorted(entry["overrides"])
        tiers = critmin.assess(overrides=entry["overrides"])
        for mineral, tier in data["tiers"].items():
            assert tier == tiers[mineral].tier
    expected = entry.get("minerals") or ([entry["mineral"]] if "mineral" in entry else [])
    if expected:
        assert data["minerals"][:len(expected)] == expected
        assert data["mineral"] == expected[0]
        for mineral in expected:
            assert data["tiers"][mineral] == tiers[mineral].tier
            a = tiers[mineral]
            name = a.name_zh if data["language"] == "zh" else a.name
            assert name in data["answer"]
            assert tier_label(a.tier, data["language"]) in data["answer"]
    if entry["intent"] in MINERAL_INTENTS:
        assert CITATION.search(data["answer"]), "a mineral answer shows sourced figures"
    if "lever" in entry:
        assert set(data["minerals"]) == {a.mineral for a in results.values() if entry["lever"] in a.lever_ids}
        assert data["minerals"]
    if entry["intent"] == "rank":
        wanted = entry.get("tier")
        assert data["minerals"] == [a.mineral for a in results.values() if wanted in (None, a.tier)]
    if "unknown" in entry:
        assert entry["unknown"] in data["answer"]
        assert "don't know" in data["answer"] or "不知道" in data["answer"]
    if entry["intent"] in ("unclear", "help"):
        assert "nickel" in data["answer"] or "镍" in data["answer"]  # examples are shown
    allowed = allowed_numbers(tiers, entry["q"], data["explanation"])
    assert invented(data["answer"], allowed) == []


def test_every_answer_has_the_documented_keys(kb):
    _, data = ask(kb, {"q": "why is nickel top priority?"})
    for key in ("question", "intent", "language", "mineral", "tier", "minerals", "tiers", "answer",
                "notes", "understood", "explanation"):
        assert key in data
    assert data["explanation"]["why"]["tier"] == data["tier"] == "very_high"


def test_the_bank_covers_both_languages_and_every_intent():
    intents = {e["intent"] for e in BANK}
    assert intents >= {"why", "whynot", "takes", "levers", "by_lever", "partners", "compare", "rank", "facts",
                       "sources", "whatif", "rules", "unknown", "unclear", "help"}
    assert sum(any("\u4e00" <= c <= "\u9fff" for c in e["q"]) for e in BANK) >= 20
