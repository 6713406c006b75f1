"""The question bank (tests/data/questions.yaml): each answer checked against the engine's output.

``python -m tests.assistant.test_question_bank`` prints the pass rate of each kind of question.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
import yaml

import critmin
from critmin.assistant import handlers_tiers
from critmin.assistant.answers import respond
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.parse import Context
from critmin.explain.fact_query import EITHER, TOPICS
from critmin.words.labels import lever_short, tier_label, unit_of_fact
from critmin.words.numbers import in_unit
from tests.helpers.answer_checks import (
    CITATION,
    allowed_numbers,
    chinese_in_english,
    display_rows,
    english_in_chinese,
    false_reasons,
    invented,
    opening,
)
from tests.helpers.paths import QUESTIONS

BANK = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
MINERAL_INTENTS = ("why", "whynot", "takes", "levers", "partners", "facts", "compare", "why_lever", "fact")
TIER_INTENTS = ("why", "whynot", "takes", "levers", "partners", "facts", "compare", "whatif")  # they state the tier
OPENING_ROWS = 8  # the short answer, before the hint, in rows of a 100-column terminal
LONG = "why is nickel very high? " * 100  # "LONG" in the bank: a question over the length limit


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
    search = handlers_tiers.what_would_it_take

    def once(results, mineral, tier):
        key = (id(results), mineral, tier)
        if key not in searches:
            searches[key] = (results, search(results, mineral, tier))  # results kept: ids stay unique
        return searches[key][1]
    monkeypatch.setattr(handlers_tiers, "what_would_it_take", once)


def ask(kb: Knowledge, entry: dict):
    context = Context()
    for earlier in entry.get("after", []):
        _, context = respond(earlier, kb, context)
    question = LONG if entry["q"] == "LONG" else entry["q"]
    result, _ = respond(question, kb, context)
    return result, json.loads(json.dumps(result.to_dict(), ensure_ascii=False, default=str))


def problems(kb: Knowledge, entry: dict) -> list[str]:
    """Everything wrong with the answer to one bank entry (empty: it answers the question asked)."""
    result, data = ask(kb, entry)
    out: list[str] = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            out.append(what)

    check(data["intent"] == entry["intent"], f"intent {data['intent']}, expected {entry['intent']}")
    lang = "zh" if any("\u4e00" <= c <= "\u9fff" for c in entry["q"]) else "en"
    check(data["language"] == lang, f"language {data['language']}")
    if out:
        return out
    results = kb.results
    tiers = results
    answer = data["answer"]
    if entry.get("overrides"):
        check(sorted(data["overrides"]) == sorted(entry["overrides"]), f"overrides {data['overrides']}")
        tiers = critmin.assess(overrides=entry["overrides"])
        for mineral, tier in data["tiers"].items():
            check(tier == tiers[mineral].tier, f"{mineral} tier {tier}")
    expected = entry.get("minerals") or ([entry["mineral"]] if "mineral" in entry else [])
    if expected:
        check(data["minerals"][:len(expected)] == expected, f"minerals {data['minerals']}")
        for mineral in expected:
            a = tiers[mineral]
            check(data["tiers"].get(mineral) == a.tier, f"{mineral}: tier {data['tiers'].get(mineral)}")
            check((a.name_zh if lang == "zh" else a.name).lower() in answer.lower(), f"{mineral} not named")
            if entry["intent"] in TIER_INTENTS:
                check(tier_label(a.tier, lang) in answer, f"{mineral}'s tier not given")
    no_figure = entry["intent"] == "fact" and data["explanation"]["fact"]["missing"]
    if entry["intent"] in MINERAL_INTENTS and not no_figure:
        check(bool(CITATION.search(answer)), "a mineral answer shows sourced figures")
    if entry["intent"] == "by_lever":
        check(set(data["minerals"]) == {a.mineral for a in results.values() if entry["lever"] in a.lever_ids} and
              bool(data["minerals"]), "the minerals that get the lever")
    if entry["intent"] == "why_lever":
        out += _lever_problems(data, entry, results, lang)
    if entry["intent"] == "fact":
        out += _fact_problems(data, entry, results, lang)
    if entry["intent"] == "cannot":
        check(answer.startswith(("I can't answer that", "我无法")) or "\nI can't answer that" in answer
              or "\n我无法" in answer, "says plainly it cannot answer")
        check(not CITATION.search(answer), "a refusal shows no figures")
    if entry["intent"] == "rank":
        wanted = entry.get("tier")
        check(data["minerals"] == [a.mineral for a in results.values() if wanted in (None, a.tier)], "the ranking")
    if entry["intent"] == "compound":
        intents = [part["intent"] for part in data["parts"]]
        check(intents == entry["parts"], f"parts {intents}")
    if entry["intent"] == "too_long":
        check(str(len(LONG)) in answer.replace(",", ""), "says how long the question was")
    if "unknown" in entry:
        check(entry["unknown"] in answer and ("don't know" in answer or "不知道" in answer), "unknown word")
    if entry["intent"] in ("unclear", "help"):
        check("nickel" in answer or "镍" in answer, "examples are shown")
    measured = entry["intent"] in ("why", "whynot", "why_lever") and not entry.get("after")
    if entry.get("kind") == "why-opening" or measured:
        head = opening(result.text)
        check(display_rows(head) <= OPENING_ROWS, f"opening of {display_rows(head)} rows")
        check(bool(CITATION.search(head)), "the opening cites its figures")
    if entry["intent"] != "too_long":  # that answer counts the question's characters
        check(invented(answer, allowed_numbers(tiers, entry["q"], data["explanation"])) == [], "invented numbers")
    wrong = chinese_in_english(answer) if lang == "en" else english_in_chinese(answer)
    check(wrong == [], f"mixed languages: {wrong[:3]}")
    if not entry.get("overrides"):
        said = false_reasons(answer, results, data["minerals"])
        check(said == [], f"a reason for a rule that did not fire: {said[:1]}")
    return out


def _lever_problems(data: dict, entry: dict, results, lang: str) -> list[str]:
    out = []
    found = data["explanation"]["lever"]
    gets = entry["lever"] in results[entry["mineral"]].lever_ids
    if found["lever"] != entry["lever"]:
        out.append(f"lever {found['lever']}")
    if found["gets"] != gets:
        out.append("whether it gets the lever")
    if lever_short(entry["lever"], lang) not in data["answer"]:
        out.append("names the lever")
    return out


def _fact_problems(data: dict, entry: dict, results, lang: str) -> list[str]:
    found = data["explanation"]["fact"]
    if found["topic"] != entry["topic"]:
        return [f"topic {found['topic']}"]
    mineral = results.facts.minerals[entry["mineral"]]
    if entry["topic"] in ("producers", "reserves"):
        group = mineral.group(entry["topic"])
        if not group:
            return []
        top = max(group.items(), key=lambda cf: cf[1].value)
        country = results.facts.countries[top[0]]
        shown = in_unit(top[1].value, "share", lang)
        name = country.name_zh if lang == "zh" else top[0]
        return [] if name in data["answer"] and shown in data["answer"] else ["the largest country and its share"]
    keys = TOPICS[entry["topic"]] if entry["topic"] in EITHER else TOPICS[entry["topic"]][:1]
    fact = next((mineral.facts[k] for k in keys if k in mineral.facts), None)  # graphite: China's 2035 share
    if fact is None:
        no_figure = "no figure" in data["answer"] or "没有" in data["answer"]
        return [] if no_figure else ["says there is no figure"]
    shown = in_unit(fact.value, unit_of_fact(fact.unit), lang)
    return [] if shown in data["answer"] else [f"the figure {shown}"]


@pytest.mark.parametrize("entry", BANK, ids=[f"{i}:{e['q'][:40]}" for i, e in enumerate(BANK)])
def test_question(kb, entry):
    found = problems(kb, entry)
    assert found == [], (found, ask(kb, entry)[1]["answer"])


def test_every_answer_has_the_documented_keys(kb):
    _, data = ask(kb, {"q": "why is nickel top priority?"})
    for key in ("question", "intent", "language", "mineral", "tier", "minerals", "tiers", "answer",
                "notes", "understood", "explanation"):
        assert key in data
    assert data["explanation"]["why"]["tier"] == data["tier"] == "very_high"


def test_the_bank_covers_both_languages_and_every_intent():
    intents = {e["intent"] for e in BANK}
    assert intents >= {"why", "whynot", "takes", "levers", "by_lever", "partners", "compare", "rank", "facts",
                       "sources", "whatif", "rules", "unknown", "unclear", "help", "why_lever", "fact", "cannot",
                       "compound", "detail", "too_long"}
    assert sum(any("\u4e00" <= c <= "\u9fff" for c in e["q"]) for e in BANK) >= 60
    assert len(BANK) >= 300


def pass_rates() -> dict[str, tuple[int, int]]:
    """(passed, asked) for each kind of question."""
    kb, asked, passed = Knowledge(), Counter(), Counter()
    for entry in BANK:
        kind = entry.get("kind", entry["intent"])
        asked[kind] += 1
        passed[kind] += not problems(kb, entry)
    return {kind: (passed[kind], asked[kind]) for kind in sorted(asked)}


if __name__ == "__main__":
    rates = pass_rates()
    for kind, (ok, total) in rates.items():
        print(f"{kind:14} {ok:3}/{total:<3} {100 * ok / total:5.1f}%")
    ok, total = sum(r[0] for r in rates.values()), sum(r[1] for r in rates.values())
    print(f"{'all':14} {ok:3}/{total:<3} {100 * ok / total:5.1f}%")
