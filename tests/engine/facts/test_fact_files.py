"""Fact loading and validation: shape, units, sources and the Table 5 arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from critmin.errors import DataError
from critmin.facts.loading import find_mineral, load_facts
from tests.helpers.edits import edit

REPORT_MINERALS = {"copper", "nickel", "cobalt", "graphite", "lithium", "manganese", "silver",
                   "molybdenum", "zinc", "aluminum"}


def problems(directory: Path) -> str:
    with pytest.raises(DataError) as info:
        load_facts(directory)
    return str(info.value)


def test_shipped_facts_cover_the_report(facts):
    assert REPORT_MINERALS | {"rare_earths"} <= set(facts.minerals)
    for mineral_id in REPORT_MINERALS:
        assert facts.minerals[mineral_id].report_tier is not None


def test_every_fact_has_provenance(facts):
    for mineral in facts.minerals.values():
        for fact in mineral.facts.values():
            assert fact.source in facts.sources
            assert fact.ref and fact.kind in ("reported", "derived", "estimate", "analyst")
            if fact.kind in ("estimate", "analyst"):
                assert fact.note, f"{mineral.id}.{fact.key} needs a note saying how"


def test_table5_is_carried_as_printed(facts):
    nickel = facts.minerals["nickel"]
    assert nickel.get("us.production_t") == 8_000
    assert nickel.get("us.demand_2035_t") == 749_987
    assert nickel.get("us.report_import_ratio") == pytest.approx(-92.75)
    assert nickel.facts["us.demand_2035_t"].kind == "reported"


def test_copper_carries_the_corrected_supply(facts):
    fact = facts.minerals["copper"].facts["us.supply_2035_t"]
    assert fact.value == 1_800_000
    assert "18,000,000" in fact.note or "18000000" in fact.note


def test_copper_typo_is_caught(facts_copy):
    edit(facts_copy / "copper.yaml", "1800000", "18000000")
    text = problems(facts_copy)
    assert "copper" in text and "us.supply_2035_t" in text and "1,800,000" in text


def test_unknown_key_gets_a_did_you_mean(facts_copy):
    edit(facts_copy / "nickel.yaml", "consumption_t:", "consumtion_t:")
    text = problems(facts_copy)
    assert "nickel.yaml:" in text and "consumtion_t" in text and "did you mean 'consumption_t'" in text


@pytest.mark.parametrize("old, new, fragment", [
    ("value: 8000", "value: eight thousand", "expected a number"),
    ("value: 8000", "value: -8000", "cannot be negative"),
    ("value: 0.6667", "value: 1.6667", "between 0 and 1"),
    ("unit: t", "unit: kt", "expected unit 't'"),
    ("source: report", "source: reprot", "unknown source id 'reprot'"),
    ("kind: reported", "kind: reportd", "did you mean 'reported'"),
    ("value: 0.0692", "value: .nan", "finite number"),
])
def test_bad_values_are_named(facts_copy, old, new, fragment):
    edit(facts_copy / "nickel.yaml", old, new)
    text = problems(facts_copy)
    assert fragment in text and "nickel.yaml:" in text


def test_producer_shares_above_one(facts_copy):
    edit(facts_copy / "nickel.yaml", "value: 0.0692", "value: 0.4692")
    assert "shares sum to" in problems(facts_copy)


def test_missing_unit(facts_copy):
    edit(facts_copy / "nickel.yaml", "    value: 8000\n    unit: t\n", "    value: 8000\n")
    assert "missing 'unit'" in problems(facts_copy)


def test_every_problem_is_reported_at_once(facts_copy):
    edit(facts_copy / "nickel.yaml", "consumption_t:", "consumtion_t:")
    edit(facts_copy / "cobalt.yaml", "source: report", "source: nowhere")
    text = problems(facts_copy)
    assert "nickel.yaml" in text and "cobalt.yaml" in text


def test_yaml_errors_carry_a_position(facts_copy):
    (facts_copy / "nickel.yaml").write_text("id: nickel\nname: [Nickel\n", encoding="utf-8")
    text = problems(facts_copy)
    assert "nickel.yaml:" in text and "YAML syntax error" in text


def test_duplicate_keys_are_errors(facts_copy):
    path = facts_copy / "nickel.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nname: Nickel again\n", encoding="utf-8")
    assert "duplicate key 'name'" in problems(facts_copy)


def test_find_mineral_by_any_name(facts):
    for name in ("nickel", "Nickel", "Ni", "镍"):
        assert find_mineral(facts, name).id == "nickel"
    with pytest.raises(Exception, match="did you mean"):
        find_mineral(facts, "nickle2")
