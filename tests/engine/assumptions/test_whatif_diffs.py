"""What-ifs and diffs: the changes, and the rules named for each."""

from __future__ import annotations

import json

import pytest

from critmin import diff, load, render, score, whatif
from tests.helpers.shipped_guard import shipped_untouched  # noqa: F401

NICKEL_SUPPLY = "nickel.us.projected_addition_2035_t=700000"


@pytest.fixture(scope="module")
def nickel(facts, rules, results):
    return whatif(facts, rules, [NICKEL_SUPPLY], baseline=results)


def test_enough_us_nickel_lowers_its_tier_and_names_the_rules(nickel):
    assert nickel.tier_changes == {"nickel": ("very_high", "low")}
    m = nickel["nickel"]
    assert [f.rule for f in m.tier_stopped] == ["first_task", "reserves_cover_few_years", "no_domestic_source",
                                                "gap_with_fast_growth", "single_country_supply",
                                                "import_gap_hard_to_source"]
    assert [f.rule for f in m.tier_started] == ["limited_import_need"]
    assert m.deciding == ("limited_import_need",)
    first = m.tier_stopped[0]
    assert first.conclusion == "very_high"
    assert "severe_shortfall: signal severe_shortfall not concluded" in first.now_failing
    assert "only 5.6% of 2035 demand" in m.tier_started[0].because


def test_levers_signals_scores_and_indicators_are_explained(nickel):
    m = nickel["nickel"]
    removed = {o.name: [f.rule for f in o.stopped] for o in m.levers_removed}
    assert removed == {"ally_sourcing": ["ally_sourcing_for_priorities"],
                       "stockpile": ["stockpile_for_high_priority"],
                       "price_floor": ["price_floor_against_dominant_supplier"],
                       "recycling": ["recycle_where_no_mines"]}
    stockpile = next(o for o in m.levers_removed if o.name == "stockpile")
    assert stockpile.stopped[0].now_failing == ("tier >= 'high': tier 'low', needs ≥ 'high'",)
    assert [o.name for o in m.signals_added] == ["domestic_growth", "self_sufficient"]
    assert {o.name for o in m.signals_removed} == {"import_dependent", "limited_pipeline", "major_shortfall",
                                                   "severe_shortfall"}
    assert m.score_before == 86.9 and m.score_after == 11.9 and m.score_delta == -75.0
    assert {p.name for p in m.points} == {"band_very_high", "risk_shortfall", "risk_no_pipeline"}
    indicators = {d.name: (d.before, d.after) for d in m.indicators}
    assert indicators["supply_2035_t"] == (8000, 708000)


def test_inputs_list_the_override_and_the_recomputed_total(nickel):
    assert [(d.name, d.before, d.after, d.how) for d in nickel.inputs] == [
        ("nickel.us.projected_addition_2035_t", 0, 700000, "override"),
        ("nickel.us.supply_2035_t", 8000, 708000, "recomputed")]
    assert nickel.overrides == (NICKEL_SUPPLY,)
    assert "nickel" not in nickel.unchanged and len(nickel.unchanged) == len(nickel.minerals) - 1


def test_a_lost_us_producer_raises_molybdenum(facts, rules, results):
    d = whatif(facts, rules, ["molybdenum.us.production_t=0", "molybdenum.us.projected_addition_2035_t=0"],
               baseline=results)
    before, after = d.tier_changes["molybdenum"]
    assert before == "low" and after in ("medium", "high", "very_high")
    assert "limited_import_need" in [f.rule for f in d["molybdenum"].tier_stopped]


def test_a_parameter_change_is_traced_to_the_rule(facts, rules, results):
    d = whatif(facts, rules, ["params.severe_shortfall_min=0.99"], baseline=results)
    assert d.tier_changes["nickel"] == ("very_high", "high")
    assert [f.rule for f in d["nickel"].tier_stopped] == ["first_task"]
    assert d["nickel"].deciding == ("reserves_cover_few_years", "no_domestic_source", "gap_with_fast_growth",
                                    "single_country_supply")
    assert [(x.name, x.before, x.after) for x in d.inputs] == [("params.severe_shortfall_min", 0.9, 0.99)]


def test_an_alignment_change_moves_only_what_reads_it(facts, rules, results):
    d = whatif(facts, rules, ["countries.Indonesia.alignment=ally"], baseline=results)
    assert d.tier_changes == {}
    assert {m.mineral for m in d.changed} == {"nickel", "cobalt", "tin"}  # Indonesia mines 16.7% of tin
    assert [(x.name, x.before, x.after) for x in d["nickel"].indicators] == [("ally_share", 0.0, 0.6667)]


def test_no_change_means_an_empty_diff(facts, rules, results):
    d = whatif(facts, rules, ["params.severe_shortfall_min=0.9"], baseline=results)
    assert d.changed == [] and d.inputs == () and len(d.unchanged) == len(facts.minerals) == 22
    assert "No tier, score, lever, signal or indicator changed." in render.text(d)


def test_the_diff_is_json_a_frame_and_text(nickel):
    data = json.loads(json.dumps(nickel.to_dict()))
    assert data["minerals"][0]["tier"]["stopped"][0]["rule"] == "first_task"
    assert data["inputs"][0]["scope"] == "fact"
    frame = nickel.to_frame()
    assert list(frame.columns) == ["mineral", "change", "item", "before", "after", "rules"]
    tier = frame[frame.change == "tier"].iloc[0]
    assert (tier.before, tier.after) == ("very_high", "low")
    assert "first_task (stopped)" in tier.rules and "limited_import_need (started)" in tier.rules
    text = render.text(nickel)
    assert "nickel: tier very_high → low; score 86.9 → 11.9 (-75.0)" in text
    assert "- tier rule stopped first_task (very_high)" in text
    assert render.text(nickel, fmt="csv").splitlines()[0] == "mineral,change,item,before,after,rules"
    assert render.text(nickel, fmt="markdown").startswith("**baseline → what-if**")


def test_diff_of_two_rule_sets_names_the_edited_rule(facts, rules, results, rules_copy):
    rules_b = rules_copy
    tiers = rules_b / "tiers.yaml"
    generic = "when: import_dependent and not easily_sourced\n    then: {tier: medium}"
    tiers.write_text(tiers.read_text().replace(generic, generic.replace("medium", "high")))
    d = diff(results, score(*load(rules_dir=rules_b)), ("shipped", "edited"))
    assert d.tier_changes == {m: ("medium", "high") for m in ("copper", "chromium", "palladium", "tin", "vanadium")}
    assert [(x.name, x.how) for x in d.inputs] == [("rule.import_gap_hard_to_source", "edited")]
    assert d.inputs[0].after.endswith("then tier high")
    stopped = d["copper"].tier_stopped[0]
    assert stopped.rule == "import_gap_hard_to_source" and stopped.now_failing == ("the rule now concludes high",)


def test_diff_of_two_fact_sets_lists_added_minerals(facts, rules, results, facts_copy):
    facts_b = facts_copy
    (facts_b / "zinc.yaml").unlink()
    d = diff(score(*load(facts_dir=facts_b)), results)
    assert d["zinc"].status == "added"
    assert ("mineral.zinc", "absent", "present") in [(x.name, x.before, x.after) for x in d.inputs]


def test_whatif_with_a_rules_directory(facts, rules, results, rules_copy):
    d = whatif(facts, rules, [f"rules={rules_copy}"], baseline=results)
    assert d.changed == [] and d.inputs == ()
