"""Honest provenance: analyst judgements, refs into the report, export restrictions, new fact keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli
from critmin.errors import DataError
from critmin.facts.loading import load_facts
from critmin.facts.validation import cited_parts
from tests.helpers.edits import edit


def problems(directory: Path) -> str:
    with pytest.raises(DataError) as info:
        load_facts(directory)
    return str(info.value)


# ---------------------------------------------------------------- refs into the report

@pytest.mark.parametrize("ref, parts", [
    ("Table 5, nickel, current production", ["Table 5"]),
    ("Table 6, nickel/cobalt row; section 3.2", ["Table 6", "section 3.2"]),
    ("section 1.3 (citing Verisk Maplecroft)", ["section 1.3"]),
    ("sections 3.1-3.2", ["section 3.1", "section 3.2"]),
    ("figure 3", ["Figure 3"]),
    ("analyst judgement", []),
])
def test_cited_parts(ref, parts):
    assert cited_parts(ref) == parts


def test_the_report_lists_its_tables_and_sections(facts):
    sections = facts.sources["report"]["sections"]
    assert {"Table 2", "Table 5", "Table 6", "section 1.3", "section 3.2", "section 4"} <= set(sections)


def test_every_report_value_cites_a_listed_part(facts):
    listed = {s.lower() for s in facts.sources["report"]["sections"]}
    cited = 0
    facts_of = [f for m in facts.minerals.values() for f in m.facts.values()]
    facts_of += [f for c in facts.countries.values()
                 for f in (c.alignment, c.nationalism_risk, *c.export_restrictions)]
    for fact in facts_of:
        if fact.source == "report":
            parts = cited_parts(fact.ref)
            assert parts and {p.lower() for p in parts} <= listed, (fact.key, fact.ref)
            cited += 1
    assert cited > 150


def test_a_report_value_citing_an_unlisted_section_is_refused(facts_copy):
    edit(facts_copy / "nickel.yaml", 'ref: "Table 5, nickel, current production"',
         'ref: "Table 7, nickel, current production"')
    text = problems(facts_copy)
    assert "us.production_t" in text and "Table 7" in text and "does not list" in text
    assert "nickel.yaml" in text


def test_a_report_value_naming_no_section_is_refused(facts_copy):
    edit(facts_copy / "nickel.yaml", 'ref: "Table 5, nickel, current production"',
         'ref: "somewhere in the report"')
    text = problems(facts_copy)
    assert "names no table or section of 'report'" in text and "Table 5" in text


def test_validate_refuses_it_with_exit_code_2(facts_copy):
    edit(facts_copy / "copper.yaml", 'ref: "Table 2, copper, production share"',
         'ref: "section 9.9, copper, production share"')
    result = CliRunner().invoke(cli, ["validate", "--facts", str(facts_copy)])
    assert result.exit_code == 2 and "section 9.9" in result.output
    assert "Traceback" not in result.output


def test_sections_must_be_a_list_of_names(facts_copy):
    edit(facts_copy / "sources.yaml", '  sections: ["section 1",', '  sections: "section 1"\n  x: ["section 1",')
    assert "sections" in problems(facts_copy)


# ---------------------------------------------------------------- kinds

def test_an_analyst_judgement_says_so_and_gives_its_reasoning(facts):
    judged = [f for m in facts.minerals.values() for f in m.facts.values() if f.kind == "analyst"]
    judged += [f for c in facts.countries.values() for f in (c.alignment, c.nationalism_risk)
               if f.kind == "analyst"]
    assert len(judged) > 40
    assert all(f.source == "analyst" and f.note for f in judged)


def test_no_country_class_is_claimed_as_the_report_s_unless_it_prints_it(facts):
    named = {"Venezuela", "Kazakhstan", "Mexico", "Iraq", "Afghanistan"}  # section 1.3, 风险较高
    for name, country in facts.countries.items():
        risk = country.nationalism_risk
        if risk.source == "report":
            assert name in named and risk.value == "high", name
        else:
            assert risk.kind == "analyst", name
    assert facts.countries["Russia"].nationalism_risk.value == "extreme"  # "mainly from Russia"
    assert facts.countries["DR Congo"].nationalism_risk.value == "high"


ALUMINUM_ADDITION = ("    source: analyst\n    ref: \"analyst judgement, basis report sections 2.3 and 3.2 "
                     "(aluminum)\"\n    kind: analyst")


@pytest.mark.parametrize("old, new, fragment", [
    (ALUMINUM_ADDITION,
     "    source: report\n    ref: \"section 3.2\"\n    kind: analyst",
     "its source must be 'analyst'"),
    (ALUMINUM_ADDITION,
     "    source: analyst\n    ref: \"analyst judgement\"\n    kind: reported",
     "needs kind 'analyst'"),
    (ALUMINUM_ADDITION,
     "    source: analyst\n    ref: \"analyst judgement\"\n    kind: assumption",
     "kind 'assumption' is for what-if values"),
])
def test_kinds_are_checked(facts_copy, old, new, fragment):
    edit(facts_copy / "aluminum.yaml", old, new)
    assert fragment in problems(facts_copy)


def test_an_analyst_judgement_without_reasoning_is_refused(facts_copy):
    path = facts_copy / "aluminum.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  projected_addition_2035_t:")
    block = text[start:text.index("  supply_2035_t:")]
    path.write_text(text.replace(block, re.sub(r"    note: >-\n(      .*\n)+", "", block)), encoding="utf-8")
    assert "needs a note giving the reasoning" in problems(facts_copy)


# ---------------------------------------------------------------- export restrictions

def test_export_restrictions_name_country_mineral_measure_date_and_source(facts):
    found = {(name, f.value): f for name, c in facts.countries.items() for f in c.export_restrictions}
    assert {("DR Congo", "cobalt"), ("Zimbabwe", "lithium"), ("Guinea", "aluminum"), ("China", "gallium"),
            ("China", "germanium"), ("China", "graphite"), ("China", "antimony"), ("China", "tungsten"),
            ("China", "rare_earths")} <= set(found)
    for fact in found.values():
        assert fact.measure and fact.date and fact.source in facts.sources
        assert fact.value in facts.minerals
    assert found["Guinea", "aluminum"].date == "2026-06" and found["Guinea", "aluminum"].source == "report"
    assert found["China", "gallium"].date == "2023-08-01" and found["China", "gallium"].source == "china_mofcom"
    assert found["China", "gallium"].to_dict()["measure"].startswith("export licences")


def test_a_restriction_without_a_measure_or_with_a_bad_date_is_refused(facts_copy):
    edit(facts_copy / "countries.yaml", '      measure: "restricts lithium exports"\n', "")
    assert "missing 'measure'" in problems(facts_copy)
    edit(facts_copy / "countries.yaml", 'date: "2023-12-01"', 'date: "December 2023"')
    assert "expected a date like 2023-08-01" in problems(facts_copy)


# ---------------------------------------------------------------- new fact keys and units

def test_new_keys_load_with_their_units(facts):
    silver = facts.minerals["silver"]
    assert silver.get("us.reserves_t") == 23_000
    assert facts.minerals["cobalt"].get("demand_uncertain") is True
    assert facts.minerals["graphite"].facts["processing.china_share_2035"].value == pytest.approx(0.80)
    assert "processing.china_share" not in facts.minerals["graphite"].facts  # 80% is IEA's 2035 figure
    assert facts.minerals["copper"].get("world.nationalism_exposure") == pytest.approx(0.33)
    assert facts.minerals["gallium"].get("assessments.usgs_2025") == "highest_impact"
    assert "Thacker Pass" in " ".join(facts.minerals["lithium"].get("us.named_projects"))


@pytest.mark.parametrize("old, new, fragment", [
    ("demand_uncertain:\n  value: true", "demand_uncertain:\n  value: yes please", "expected true or false"),
    ("  usgs_2025: {value: highest_impact,", "  usgs_2025: {value: strategic,", "the ratings of usgs_2025"),
    ("  usgs_2025: {value: highest_impact,", "  usgs_2026: {value: highest_impact,", "unknown key 'usgs_2026'"),
])
def test_new_units_are_checked(facts_copy, old, new, fragment):
    name = "cobalt.yaml" if "demand_uncertain" in old else "gallium.yaml"
    edit(facts_copy / name, old, new)
    assert fragment in problems(facts_copy)
