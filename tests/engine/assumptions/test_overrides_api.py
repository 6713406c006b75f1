"""Overrides in every form the API takes: a mapping, an iterable of KEY=VALUE texts or Override
objects, None; a bare text is a clear error, never read character by character."""

from __future__ import annotations

import pytest

import critmin
from critmin.assumptions.overrides import parse_overrides

AS_TEXTS = ["params.severe_shortfall_min=0.99", "countries.Indonesia.alignment=ally",
            "cobalt.processing.china_share=80%"]
AS_MAPPING = {"params.severe_shortfall_min": 0.99, "countries.Indonesia.alignment": "ally",
              "cobalt.processing.china_share": "80%"}


def test_a_mapping_means_what_the_same_texts_mean():
    assert parse_overrides(AS_MAPPING) == parse_overrides(AS_TEXTS)
    assert parse_overrides({"nickel.us.supply_2035_t": "100,000"})[0].value == 100_000  # text read as in KEY=VALUE
    assert parse_overrides({"nickel.partners.allies": ["Australia", "Canada"]})[0].value == ["Australia", "Canada"]
    assert parse_overrides(None) == [] and parse_overrides({}) == [] and parse_overrides(()) == []
    assert parse_overrides(o for o in AS_TEXTS) == parse_overrides(AS_TEXTS)  # any iterable, once
    mixed = [critmin.parse_override(AS_TEXTS[0]), *AS_TEXTS[1:]]
    assert parse_overrides(mixed) == parse_overrides(AS_TEXTS)


@pytest.mark.parametrize("bare", ["params.severe_shortfall_min=0.95", "p", b"params.x=1"])
def test_a_bare_text_is_a_usage_error_naming_the_fix(bare):
    with pytest.raises(critmin.UsageError) as caught:
        parse_overrides(bare)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "a list of 'KEY=VALUE' texts or a mapping {KEY: VALUE}" in message and "put it in a list" in message
    assert "expected KEY=VALUE" not in message  # not read character by character


@pytest.mark.parametrize("call", [
    lambda o: critmin.load(overrides=o),
    lambda o: critmin.assess(overrides=o),
    lambda o: critmin.whatif(*critmin.load(), o),
    lambda o: critmin.apply_overrides(*critmin.load(), o),
    lambda o: critmin.evaluate_scenarios(*critmin.load(), [o]),
    lambda o: critmin.WhatIfSession().whatif(o),
])
def test_every_entry_point_refuses_a_bare_text(call):
    with pytest.raises(critmin.UsageError, match="put it in a list"):
        call("params.severe_shortfall_min=0.95")


@pytest.mark.parametrize("bad, fragment", [
    ([1.5], "got an item 1.5 (float)"),
    ([("params.x", 1)], "got an item ('params.x', 1) (tuple)"),
    ({1: 2}, "got the key 1 (int)"),
    (42, "got int"),
])
def test_other_shapes_are_usage_errors(bad, fragment):
    with pytest.raises(critmin.UsageError) as caught:
        parse_overrides(bad)
    assert fragment in str(caught.value)


def test_a_bad_mapping_entry_is_an_override_error_naming_its_key():
    with pytest.raises(critmin.OverrideError, match="params.severe_shortfall_mn"):
        critmin.assess(overrides={"params.severe_shortfall_mn": 0.9})
    with pytest.raises(critmin.OverrideError, match=r"params.severe_shortfall_min: .*expected a number"):
        critmin.assess(overrides={"params.severe_shortfall_min": None})
    with pytest.raises(critmin.OverrideError, match="is empty"):
        critmin.assess(overrides={" ": 1})
    with pytest.raises(critmin.OverrideError, match="over 1,000 characters"):
        critmin.assess(overrides={"params.severe_shortfall_min": "9" * 2000})


def test_load_and_assess_take_a_mapping():
    by_texts, by_mapping = critmin.assess(overrides=AS_TEXTS), critmin.assess(overrides=AS_MAPPING)
    assert by_mapping == by_texts
    assert by_mapping["nickel"].tier == "high"
    assert critmin.load(overrides=AS_MAPPING) == critmin.load(overrides=AS_TEXTS)
    assert critmin.assess(overrides=None) == critmin.assess()


def test_whatif_and_apply_overrides_take_a_mapping():
    facts, rules = critmin.load()
    d = critmin.whatif(facts, rules, {"nickel.us.projected_addition_2035_t": 700_000})
    assert d.tier_changes == {"nickel": ("very_high", "low")}
    assert d.overrides == ("nickel.us.projected_addition_2035_t=700000",)
    assert critmin.apply_overrides(facts, rules, AS_MAPPING) == critmin.apply_overrides(facts, rules, AS_TEXTS)


def test_evaluate_scenarios_takes_a_mapping_per_scenario():
    facts, rules = critmin.load()
    by_mapping = critmin.evaluate_scenarios(facts, rules, [{}, AS_MAPPING])
    by_texts = critmin.evaluate_scenarios(facts, rules, [[], AS_TEXTS])
    assert by_mapping.equals(by_texts)
    for wrong in ("params.severe_shortfall_min=0.99", AS_MAPPING):
        with pytest.raises(critmin.UsageError, match="one set of overrides per scenario"):
            critmin.evaluate_scenarios(facts, rules, wrong)  # type: ignore[arg-type]


def test_a_session_takes_mappings_texts_and_lists():
    by_mapping, by_texts, by_list = critmin.WhatIfSession(), critmin.WhatIfSession(), critmin.WhatIfSession()
    by_mapping.set({"params.severe_shortfall_min": 0.99}, "countries.Indonesia.alignment=ally")
    by_texts.set("params.severe_shortfall_min=0.99", "countries.Indonesia.alignment=ally")
    by_list.adopt(["params.severe_shortfall_min=0.99", "countries.Indonesia.alignment=ally"])
    assert by_mapping.overrides == by_texts.overrides == by_list.overrides
    assert by_mapping.results() == by_texts.results() == by_list.results()
    by_texts.set("tin.us.projected_addition_2035_t=0")  # a text on its own is one override here
    assert [o.key for o in by_texts.overrides][-1] == "tin.us.projected_addition_2035_t"
    change = by_mapping.whatif({"cobalt.processing.china_share": 0.8})
    assert change.overrides == ("cobalt.processing.china_share=0.8",)
    with pytest.raises(critmin.UsageError, match="expected KEY=VALUE"):
        by_mapping.set({})
