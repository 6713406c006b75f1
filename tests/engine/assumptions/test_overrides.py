"""Overrides: every key form, did-you-mean hints, all problems at once, Table 5 totals."""

from __future__ import annotations

import pytest

from critmin import load
from critmin.assumptions.overrides import (
    Override,
    apply_overrides,
    known_override_keys,
    parse_override,
    parse_value,
    split_directories,
)
from critmin.errors import OverrideError


def apply(facts, rules, *items):
    return apply_overrides(facts, rules, list(items))


def problems(facts, rules, *items) -> list[str]:
    with pytest.raises(OverrideError) as caught:
        apply(facts, rules, *items)
    return [str(p) for p in caught.value.problems]


def test_values_parse_like_the_command_line():
    assert parse_value("100,000") == 100000
    assert parse_value("35%") == pytest.approx(0.35)
    assert parse_value("1e5") == 100000
    assert parse_value("0.5") == 0.5
    assert parse_value(" ally ") == "ally"
    assert parse_override("cobalt.producers.DR Congo=0.5") == Override("cobalt.producers.DR Congo", 0.5)


@pytest.mark.parametrize("item, expected", [
    ("nickel.us.suply_2035_t=5", "did you mean 'us.supply_2035_t'"),
    ("nikel.us.supply_2035_t=5", "did you mean 'nickel'"),
    ("params.severe_shortfal_min=0.5", "did you mean 'params.severe_shortfall_min'"),
    ("countries.Indonesa.alignment=ally", "did you mean 'Indonesia'"),
    ("countries.Indonesia.alignmnt=ally", "did you mean 'alignment'"),
    ("countries.Indonesia.alignment=alley", "did you mean 'ally'"),
    ("nickel.producers.Indonesa=0.5", "did you mean 'Indonesia'"),
    ("countries.Chile.export_restrictions=copper,lithum", ""),
    ("countries.Chile.export_restrictions=moly,zincc", "did you mean 'zinc'"),
])
def test_typos_get_a_did_you_mean(facts, rules, item, expected):
    if not expected:  # 'lithum' is a declared alias of lithium: accepted
        apply(facts, rules, item)
        return
    (message,) = problems(facts, rules, item)
    assert message.startswith(item.split("=")[0] + ": ")
    assert expected in message


def test_every_problem_is_reported_at_once(facts, rules):
    found = problems(facts, rules, "nikel.us.supply_2035_t=5", "params.nope=1", "countries.Chile.alignment=friend")
    assert [m.split(":")[0] for m in found] == ["nikel.us.supply_2035_t", "params.nope",
                                                "countries.Chile.alignment"]


def test_values_are_checked_like_facts(facts, rules):
    assert "between 0 and 1" in problems(facts, rules, "nickel.producers.Indonesia=1.5")[0]
    assert "cannot be negative" in problems(facts, rules, "nickel.us.production_t=-1")[0]
    assert "expected a number" in problems(facts, rules, "nickel.us.production_t=lots")[0]
    assert "expected text" not in problems(facts, rules, "params.severe_shortfall_min=high")[0]
    (message,) = problems(facts, rules, "nickel.producers.Indonesia=0.99")
    assert message.startswith("nickel.producers: with the overrides applied, shares sum to 1.1105")


def test_malformed_keys_say_what_is_expected(facts, rules):
    assert "expected nickel.FACT.PATH" in problems(facts, rules, "nickel=4")[0]
    assert "expected countries.NAME.FIELD" in problems(facts, rules, "countries.Indonesia=ally")[0]
    assert "reference to compare with" in problems(facts, rules, "nickel.report_tier=low")[0]
    with pytest.raises(OverrideError, match="expected KEY=VALUE"):
        parse_override("nickel.us.production_t")


def test_country_names_are_matched_in_any_case(facts, rules):
    facts, _ = apply(facts, rules, "countries.indonesia.alignment=ally", "nickel.producers.russia=0.05")
    assert facts.countries["Indonesia"].alignment.value == "ally"
    assert facts.countries["Indonesia"].alignment.source == "override"
    assert facts.minerals["nickel"].facts["producers.Russia"].value == 0.05


def test_export_restrictions_and_partner_lists(facts, rules):
    facts, _ = apply(facts, rules, "countries.Chile.export_restrictions=copper, lithium",
                     "nickel.partners.allies=Australia,Canada,Brazil")
    assert [f.value for f in facts.countries["Chile"].export_restrictions] == ["copper", "lithium"]
    assert facts.minerals["nickel"].get("partners.allies") == ["Australia", "Canada", "Brazil"]
    facts, _ = apply(facts, rules, "countries.DR Congo.export_restrictions=")
    assert facts.countries["DR Congo"].export_restrictions == ()


def test_a_component_recomputes_its_total_in_any_order(facts, rules):
    a, _ = apply(facts, rules, "nickel.us.production_t=10000", "nickel.us.projected_addition_2035_t=100000")
    b, _ = apply(facts, rules, "nickel.us.projected_addition_2035_t=100000", "nickel.us.production_t=10000")
    for facts in (a, b):
        total = facts.minerals["nickel"].facts["us.supply_2035_t"]
        assert total.value == 110000 and total.kind == "derived"


def test_an_overridden_total_is_taken_as_given(facts, rules):
    facts, _ = apply(facts, rules, "copper.us.supply_2035_t=18000000")  # the report's typo, on purpose
    assert facts.minerals["copper"].get("us.supply_2035_t") == 18000000
    facts, _ = apply(facts, rules, "nickel.us.projected_addition_2035_t=100000", "nickel.us.supply_2035_t=50000")
    assert facts.minerals["nickel"].get("us.supply_2035_t") == 50000


def test_demand_total_is_recomputed_from_its_parts(facts, rules):
    facts, _ = apply(facts, rules, "nickel.us.grid_mfg_addition_2035_t=100000")
    assert facts.minerals["nickel"].get("us.demand_2035_t") == 300000


def test_overrides_never_touch_the_loaded_objects(facts, rules):
    apply(facts, rules, "nickel.us.production_t=1", "params.severe_shortfall_min=0.5")
    assert facts.minerals["nickel"].get("us.production_t") == 8000
    assert rules.param_values["severe_shortfall_min"] == 0.9


def test_directory_overrides(facts, rules, tmp_path):
    directories, rest = split_directories(["rules=/x", "facts=/y", "params.a=1"])
    assert directories == {"rules": "/x", "facts": "/y"} and [str(o) for o in rest] == ["params.a=1"]
    assert "applied when loading" in problems(facts, rules, "rules=/x")[0]
    from critmin.errors import RuleError
    with pytest.raises(RuleError, match="not a directory"):
        load(overrides=[f"rules={tmp_path / 'missing'}"])


def test_problems_from_a_file_carry_its_line(facts, rules):
    override = Override("nickel.us.suply_2035_t", 1, "scenario x", "x.yaml", 7)
    with pytest.raises(OverrideError) as caught:
        apply_overrides(facts, rules, [override])
    assert str(caught.value).startswith("x.yaml:7: nickel.us.suply_2035_t: unknown fact")


def test_known_keys_cover_every_kind(facts, rules):
    keys = known_override_keys(facts, rules)
    for key in ("params.severe_shortfall_min", "nickel.us.supply_2035_t", "nickel.producers.Indonesia",
                "countries.Indonesia.alignment", "countries.Guinea.export_restrictions", "rules", "facts"):
        assert key in keys
    assert "nickel.report_tier" not in keys


def test_chinese_names_work_in_keys(facts, rules):
    changed, _ = apply(facts, rules, "countries.印度尼西亚.alignment=ally", "镍.us.projected_addition_2035_t=1000")
    assert changed.countries["Indonesia"].alignment.value == "ally"
    assert changed.minerals["nickel"].get("us.supply_2035_t") == 9000
