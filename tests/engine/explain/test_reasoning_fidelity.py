"""The report's own reasons conclude its ten tiers, and the tiers survive their uncertainty."""

from __future__ import annotations

import pytest

from critmin.explain.stability import stability_of, tier_stability
from critmin.fast.sweep import run_sweep
from tests.helpers.report import REPORT_TIERS

# mineral → (the rule that concludes its tier, words of section 3.2 its source must quote)
CONCLUDING = {
    "nickel": ("first_task", "first task"),
    "cobalt": ("first_task_cobalt", "DR Congo holds the ore"),
    "silver": ("reserves_cover_few_years", "four years"),
    "manganese": ("no_domestic_source", "cannot yet be counted on"),
    "graphite": ("processing_chokepoint", "concentrated"),
    "lithium": ("gap_with_fast_growth", "growing fast"),
    "copper": ("growing_mining_still_short", "friendly low-cost producers"),
    "molybdenum": ("ample_capacity", "room for net exports"),
    "zinc": ("limited_import_need", "broadly meets"),
    "aluminum": ("easily_sourced_low", "broadly spread"),
}


@pytest.mark.parametrize("mineral", sorted(CONCLUDING))
def test_the_report_s_argument_leads_each_tier(results, rules, mineral):
    rule_id, quoted = CONCLUDING[mineral]
    a = results[mineral]
    assert a.tier == REPORT_TIERS[mineral]
    concluding = [t for t in a.firings("tier") if t.conclusion == a.tier]
    assert concluding[0].rule == rule_id
    rule = next(r for r in rules.rules if r.id == rule_id)
    assert "section 3.2" in rule.source and quoted in rule.source


def test_nickel_is_not_very_high_for_its_concentration(results):
    first = next(t for t in results["nickel"].firings("tier") if t.rule == "first_task")
    assert "top1_share" not in first.values and "Indonesia" not in first.because
    assert {"severe_shortfall", "limited_pipeline", "reserves_short", "fast_global_growth"} <= set(first.values)


def test_copper_is_medium_for_growing_mining_not_for_its_risk_classes(results):
    lead = results["copper"].firings("tier")[0]
    assert lead.rule == "growing_mining_still_short"
    assert "US mining grows" in lead.because and "33%" in lead.because  # the report's figure, not 48.7%
    assert results["copper"].indicators["nationalism_exposure"].inputs == ("world.nationalism_exposure",)


def test_graphite_processing_is_the_2035_projection(results):
    graphite = results["graphite"]
    assert graphite.indicators["china_processing_share"].value is None
    assert graphite.indicators["china_processing_2035"].value == pytest.approx(0.80)
    assert any(t.rule == "processing_concentrated_2035" for t in graphite.firings("signal"))


def test_each_of_the_ten_keeps_its_tier_in_four_fifths_of_a_default_sweep(facts, rules):
    report = tier_stability(facts, rules)  # the defaults of `critmin sweep`: 10,000 samples, seed 0
    assert (report.samples, report.seed, report.vary) == (10_000, 0, "both")
    for mineral, tier in REPORT_TIERS.items():
        stability = report[mineral]
        assert stability.tier == tier
        assert stability.share >= 0.8, (mineral, stability.share)
        assert not stability.fragile


def test_stability_is_the_sweep_s_stable_column(facts, rules):
    full = {m["mineral"]: m for m in run_sweep(facts, rules, samples=1_500, seed=7).to_dict()["minerals"]}
    report = tier_stability(facts, rules, samples=1_500, seed=7)
    for mineral in ("copper", "rare_earths", "zinc"):
        assert report[mineral].share == full[mineral]["stability"]
        one = stability_of(facts, rules, mineral, samples=1_500, seed=7, top=50)
        assert one.share == full[mineral]["stability"]
        assert [(d.input, d.share) for d in one.deciding] == [(d["input"], d["share"])
                                                              for d in full[mineral]["decisive"]]


def test_a_fragile_tier_names_the_input_that_decides_it(facts, rules):
    rare_earths = stability_of(facts, rules, "rare_earths", samples=2_000)
    assert rare_earths.fragile and rare_earths.share < 0.8
    assert rare_earths.deciding[0].input == "rare_earths.us.projected_addition_2035_t"
    assert rare_earths.to_dict()["deciding"][0]["share"] > 0.3


# ---------------------------------------------------------------- the model minerals' inputs

MODEL = ("antimony", "chromium", "gallium", "germanium", "niobium", "palladium", "platinum", "tin",
         "titanium", "tungsten", "vanadium")


@pytest.mark.parametrize("mineral", MODEL + ("cobalt", "aluminum"))
def test_current_shortfall_agrees_with_usgs_net_import_reliance_or_says_why(results, facts, mineral):
    shortfall = results[mineral].indicators["current_shortfall"].value
    reliance = facts.minerals[mineral].facts["us.net_import_reliance"]
    low, high = reliance.range or (reliance.value, reliance.value)
    gap = max(low - shortfall, shortfall - high, 0)
    if gap > 0.15:
        assert "net import reliance" in (reliance.note or ""), (mineral, shortfall, reliance.value)
    else:
        assert gap <= 0.15, (mineral, shortfall, reliance.value)


@pytest.mark.parametrize("mineral", MODEL)
def test_recycled_supply_is_counted_where_usgs_reports_it(facts, mineral):
    found = facts.minerals[mineral]
    secondary = found.get("us.secondary_production_t")
    if secondary:
        assert found.get("us.production_t") >= secondary
        assert "Secondary" in found.facts["us.production_t"].ref or "secondary" in found.facts["us.production_t"].ref


@pytest.mark.parametrize("mineral", MODEL)
def test_no_growth_figure_is_borrowed_from_another_mineral(facts, mineral):
    found = facts.minerals[mineral]
    demand = found.facts["us.demand_2035_t"]
    assert demand.kind == "analyst" and "borrowed" in demand.note
    for other in ("cobalt", "nickel", "lithium", "graphite", "copper"):
        assert f"multiple for {other}" not in demand.note
    assert "demand_growth_2040" not in found.facts  # no IEA figure for them in the report


def test_named_projects_are_cited_not_denied(facts):
    titanium = facts.minerals["titanium"]
    assert "IperionX" in " ".join(titanium.get("us.named_projects"))
    assert "IperionX" in titanium.facts["us.projected_addition_2035_t"].note
    gallium = facts.minerals["gallium"].facts["us.projected_addition_2035_t"]
    assert "Alcoa-Sojitz" in gallium.note and "Western Australia" in gallium.note
    for mineral in MODEL:
        note = facts.minerals[mineral].facts["us.projected_addition_2035_t"].note
        assert "committed US project" not in note  # the old blanket denial
        assert "analyst assumption" in note


def test_export_controls_are_read_by_the_rules(results):
    for mineral in ("gallium", "germanium", "antimony", "tungsten", "graphite", "rare_earths", "molybdenum"):
        assert "export_restricted" in results[mineral].signals, mineral
    germanium = results["germanium"]
    assert [t.rule for t in germanium.firings("tier") if t.conclusion == germanium.tier] == [
        "restricted_and_hard_to_source"]
    assert germanium.indicators["export_restrictions"].inputs == ("countries.China.export_restrictions[1]",)
