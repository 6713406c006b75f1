"""Question understanding: names, tiers, what-if changes, and robustness to any text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from critmin.assistant.answers import answer
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.parse import Context, next_tier, parse

KB = Knowledge()


def q(text, context=None):
    return parse(text, KB.lexicon, context)


@pytest.mark.parametrize("text, mineral", [
    ("Ni", "nickel"), ("ni?", "nickel"), ("NICKEL", "nickel"), ("nikel", "nickel"), ("nickel's tier", "nickel"),
    ("C", "graphite"), ("Co", "cobalt"), ("cobolt", "cobalt"), ("colbalt", "cobalt"), ("lithuim", "lithium"),
    ("rare-earth", "rare_earths"), ("rare earht", "rare_earths"), ("molibdenum", "molybdenum"), ("zink", "zinc"),
    ("aluminium", "aluminum"), ("bauxite", "aluminum"), ("白银", "silver"), ("铝土矿", "aluminum"),
])
def test_mineral_names(text, mineral):
    assert q(text).minerals == (mineral,)


@pytest.mark.parametrize("text", ["c", "coal", "since", "the price of gold", "nice", "magnesium", "银行"])
def test_words_that_are_not_our_minerals(text):
    found = q(text).minerals
    assert found == () or text == "银行" and found == ("silver",)  # a single character name is a substring


def test_fact_file_aliases_drive_names(facts_copy):
    path = facts_copy / "nickel.yaml"
    path.write_text(path.read_text().replace("aliases: [ni, nickle,", "aliases: [ni, nickle, 'nickelium',"))
    kb = Knowledge(facts_dir=facts_copy)
    assert parse("nickelium", kb.lexicon).minerals == ("nickel",)


@pytest.mark.parametrize("text, tier", [
    ("why is nickel top priority", "very_high"), ("why is nickel very-high", "very_high"),
    ("why is copper medium", "medium"), ("为什么铜是中", "medium"), ("中国为什么", None),
    ("钴怎样才能降到高", "high"), ("铜怎样才能降低", None), ("bring cobalt down from very high to high", "high"),
    ("为什么铝是低优先级", "low"), ("why isn't graphite very high", "very_high"),
])
def test_tiers(text, tier):
    assert q(text).tier == tier


@pytest.mark.parametrize("text, overrides", [
    ("what if Indonesia became an ally?", ["countries.Indonesia.alignment=ally"]),
    ("what if the DRC turned hostile", ["countries.DR Congo.alignment=adversary"]),
    ("如果刚果（金）成为敌对国家", ["countries.DR Congo.alignment=adversary"]),
    ("what if Chile's resource nationalism risk were low", ["countries.Chile.nationalism_risk=low"]),
    ("what if US nickel supply in 2035 were 100,000 t?", ["nickel.us.supply_2035_t=100000"]),
    ("what if nickel production were 50 kt", ["nickel.us.production_t=50000"]),
    ("what if new US lithium supply by 2035 were 0.1 Mt", ["lithium.us.projected_addition_2035_t=100000"]),
    ("如果镍需求为50万吨", ["nickel.us.demand_2035_t=500000"]),
    ("what if cobalt demand halved", ["cobalt.us.demand_2035_t=5616"]),
    ("what if copper consumption rose by 10%", ["copper.us.consumption_t=2200000"]),
    ("what if China's share of cobalt processing were 50%", ["cobalt.processing.china_share=0.5"]),
    ("what if Indonesia produced 40% of nickel", ["nickel.producers.Indonesia=0.4"]),
    ("what if the severe shortfall threshold were 0.95", ["params.severe_shortfall_min=0.95"]),
    ("what if params.surging_demand_min=3", ["params.surging_demand_min=3"]),
    ("what if Indonesia and the Philippines became allies", ["countries.Indonesia.alignment=ally",
                                                             "countries.Philippines.alignment=ally"]),
])
def test_what_if_changes(text, overrides):
    parsed = q(text)
    assert parsed.intent == "whatif"
    assert sorted(parsed.overrides) == sorted(overrides), parsed.problems


@pytest.mark.parametrize("text", ["what if it rained?", "what if nickel were different", "如果明天下雨"])
def test_what_if_not_understood_says_why(text):
    parsed = q(text)
    assert parsed.intent == "whatif" and not parsed.overrides and parsed.problems


def test_follow_ups_use_and_replace_the_context():
    first = q("why isn't graphite very high?")
    follow = q("and lithium?", first.context())
    assert (follow.intent, follow.minerals, follow.tier) == ("whynot", ("lithium",), "very_high")
    assert follow.used_context
    tier_only = q("what about high?", q("what would it take to make copper low?").context())
    assert (tier_only.intent, tier_only.minerals, tier_only.tier) == ("takes", ("copper",), "high")
    assert q("and cobalt?").intent == "why"  # no context: the mineral on its own
    unrelated = q("list the rules", first.context())
    assert unrelated.intent == "rules" and unrelated.context() == Context()


def test_next_tier():
    assert next_tier("very_high", "down") == "high" and next_tier("low", "up") == "medium"
    assert next_tier("very_high", "up") is None and next_tier("low", "down") is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_text_never_crashes_the_parser(text):
    parsed = parse(text, KB.lexicon, Context("why", ("nickel",), "high"))
    assert parsed.intent and parsed.lang in ("en", "zh")


WORDS = st.sampled_from(["why", "not", "nickel", "镍", "what if", "ally", "100,000 t", "50%", "high", "很高", "and",
                         "compare", "cobalt", "price floor", "rank", "?", "如果", "为什么", "不是", "Indonesia",
                         "demand", "doubled", "params.severe_shortfall_min=2", "tungsten", "zink", "rules", "facts",
                         "levers"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=8).map(" ".join))
def test_question_like_text_always_gets_an_answer(text):
    parsed = parse(text, KB.lexicon)
    if parsed.intent == "takes":
        return  # searching is slow; covered by the bank
    result = answer(parsed, KB)
    assert result.text and "Traceback" not in result.text
