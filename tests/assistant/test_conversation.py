"""A conversation with the assistant: answers first, follow-ups that keep what the previous question
meant, questions in several parts, "more", and input too long to read."""

from __future__ import annotations

import pytest

from critmin.assistant.answers import respond
from critmin.assistant.compound import split_parts
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.parse import MAX_QUESTION
from critmin.assistant.vocabulary import vocabulary


@pytest.fixture(scope="module")
def kb():
    return Knowledge()


def chat(kb, *questions, **options):
    """Ask in turn; the answers."""
    context, answers = None, []
    for question in questions:
        answer, context = respond(question, kb, context, **options)
        answers.append(answer)
    return answers


def test_the_answer_comes_first_and_the_derivation_on_request(kb):
    first, more = chat(kb, "why is nickel top priority?", "show the reasoning")
    assert first.text.startswith("Nickel is very high") and "✓" not in first.text
    assert 'Say "show the reasoning"' in first.text
    assert more.text.startswith("Nickel is very high") and "✓ signal" in more.text and "Sources:" in more.text
    assert more.understood["detail"] and more.intent == "why"
    detailed = chat(kb, "why is nickel top priority?", detail=True)[0]
    assert detailed.text == more.text


def test_more_without_an_earlier_answer_says_so(kb):
    answer = chat(kb, "more")[0]
    assert answer.intent == "detail" and answer.text.startswith("There is no earlier answer")


def test_a_what_if_follow_up_asks_the_same_of_another_country(kb):
    first, second = chat(kb, "what if Indonesia became an ally?", "and the Philippines?")
    assert second.intent == "whatif"
    assert second.extra["overrides"] == ["countries.Philippines.alignment=ally"]
    assert second.notes[0] == "(Following on: what if Philippines became an ally?)"
    both = chat(kb, "what if Indonesia became an ally?", "and the Philippines too?")[1]
    assert sorted(both.extra["overrides"]) == ["countries.Indonesia.alignment=ally",
                                               "countries.Philippines.alignment=ally"]
    zh = chat(kb, "如果印尼成为盟友会怎样？", "那菲律宾呢？")[1]
    assert zh.extra["overrides"] == ["countries.Philippines.alignment=ally"] and "菲律宾" in zh.notes[0]


def test_a_what_if_follow_up_about_another_mineral_recomputes_the_change(kb):
    answer = chat(kb, "suppose graphite demand doubled", "and lithium?")[1]
    demand = kb.facts.minerals["lithium"].get("us.demand_2035_t")
    assert answer.extra["overrides"] == [f"lithium.us.demand_2035_t={round(demand * 2)}"]


def test_lever_follow_ups_keep_the_lever_or_the_mineral(kb):
    _, cobalt, floors, graphite = chat(kb, "why no tariff for nickel?", "and cobalt?", "and price floors?",
                                       "does graphite get one?")
    assert (cobalt.intent, cobalt.minerals, cobalt.explanation["lever"]["lever"]) == ("why_lever", ["cobalt"], "tariff")
    assert (floors.minerals, floors.explanation["lever"]["lever"]) == (["cobalt"], "price_floor")
    assert graphite.explanation["lever"]["lever"] == "price_floor" and graphite.minerals == ["graphite"]


def test_a_what_would_it_take_follow_up_keeps_its_target_and_says_when_it_turns_round(kb):
    copper, nickel = chat(kb, "what would it take for copper to be high?", "nikel")
    assert nickel.intent == "takes" and nickel.explanation["what_would_it_take"]["target"] == "high"
    assert any("that is down from very high" in note for note in nickel.notes)  # never a silent reversal
    down = chat(kb, "what would it take to bring nickel down?", "and cobalt?")[1]
    assert down.explanation["what_would_it_take"]["target"] == "high"  # one step down from very high


def test_it_is_the_previous_mineral(kb):
    answer = chat(kb, "why is copper medium?", "what would it take to make it high?")[1]
    assert answer.intent == "takes" and answer.minerals == ["copper"]


def test_a_question_in_parts_is_answered_part_by_part(kb):
    answer = chat(kb, "Why is lithium high? Which minerals need a tariff? How much cobalt does the US consume?")[0]
    assert answer.intent == "compound"
    assert [part["intent"] for part in answer.extra["parts"]] == ["why", "by_lever", "fact"]
    assert answer.text.startswith("(1) Why is lithium high?") and "\n\n(3) How much cobalt" in answer.text
    assert answer.to_dict()["parts"][2]["minerals"] == ["cobalt"]


def test_a_part_that_corrects_the_one_before_replaces_it(kb):
    answer = chat(kb, "why not low for zinc? oh wait why isn't zinc medium")[0]
    assert answer.intent == "whynot" and answer.explanation["why_not"]["tier"] == "medium"


@pytest.mark.parametrize("text, parts", [
    ("compare nickel and cobalt", 1),
    ("nickel or cobalt, which is riskier?", 1),
    ("what if Indonesia became an ally and what would happen to nickel?", 1),
    ("what if Indonesia became an ally and China neutral?", 1),
    ("why is nickel very high and what would it take to make it high?", 2),
    ("为什么镍是很高？哪些矿产需要关税？", 2),
    ("why is nickel very high? why is cobalt very high? why is zinc low? why is tin low? why is tin low?", 5),
])
def test_where_a_question_is_cut_into_parts(text, parts):
    assert len(split_parts(text, vocabulary())) == parts


def test_many_parts_are_answered_up_to_a_limit_and_it_says_so(kb):
    text = " ".join(f"why is {m} {t}?" for m, t in [("nickel", "very high"), ("cobalt", "very high"),
                                                    ("zinc", "low"), ("tin", "low"), ("copper", "medium")])
    answer = chat(kb, text)[0]
    assert answer.text.startswith("(Your question has 5 parts; I answer the first 4.)")


def test_too_long_a_question_is_refused_with_a_message_not_cut(kb):
    text = "why is nickel very high? " + "x" * MAX_QUESTION
    answer = chat(kb, text)[0]
    assert answer.intent == "too_long"
    assert f"{len(text):,} characters" in answer.text and "Nickel" not in answer.text
    zh = chat(kb, "为什么镍是很高？" + "啊" * MAX_QUESTION)[0]
    assert zh.intent == "too_long" and "字符" in zh.text


@pytest.mark.parametrize("question", ["what is the price of nickel today?", "镍的价格是多少？",
                                      "should I invest in cobalt?", "what is cobalt used for?"])
def test_what_cannot_be_answered_is_never_another_questions_answer(kb, question):
    answer = chat(kb, question)[0]
    assert answer.intent == "cannot" and answer.explanation is None
    assert answer.text.startswith(("I can't answer that from critmin's facts and rules", "我无法根据critmin"))


def test_lever_questions_in_both_languages(kb):
    en, zh = chat(kb, "should we put a tariff on nickel?")[0], chat(kb, "锂需要关税吗？")[0]
    assert en.text.startswith("No — nickel gets no tariff: the rule that gives it (tariff_on_adversary_supply)")
    assert zh.text.startswith("不——锂不适用关税：给出该工具的规则（tariff_on_adversary_supply）需要")
    yes = chat(kb, "does graphite need a tariff?")[0]
    assert yes.text.startswith("Yes — graphite gets a tariff (rule tariff_on_adversary_supply")
