"""The shipped minerals beyond the report's ten: sourced, validated, scored, labelled."""

from __future__ import annotations

import csv
import json
import re

from click.testing import CliRunner

from critmin.cli.app import cli
from tests.helpers.paths import USGS_DATA as DATA
from tests.helpers.report import REPORT_TIERS

NEW = ("antimony", "chromium", "gallium", "germanium", "niobium", "palladium", "platinum", "tin",
       "titanium", "tungsten", "vanadium")
# The rules' results for the minerals the report does not grade, on supply that counts recycled
# output, demand held at today's consumption (no growth figure is sourced for them) and the
# export restrictions on record; USGS 2025 rates gallium, germanium, niobium, tungsten and the
# heavy rare earths among the highest-impact minerals (critmin crosscheck finds no disagreement).
# Germanium has no producer data, so whether low-risk supply is easy to find is unknown: the
# rule that would rate it high (restricted_and_hard_to_source) is undecided, and it is unrated.
MODEL_TIERS = {"antimony": "high", "gallium": "high", "germanium": "unrated", "niobium": "high",
               "platinum": "high", "rare_earths": "high", "titanium": "high", "tungsten": "high",
               "chromium": "medium", "palladium": "medium", "tin": "medium", "vanadium": "medium"}


def test_at_least_twenty_minerals_validate_and_score(facts, results):
    assert len(facts.minerals) >= 20 and set(NEW) <= set(facts.minerals)
    assert len(results) == len(facts.minerals)
    unrated = [a for a in results.values() if a.tier == "unrated" or a.warnings]
    assert [a.mineral for a in unrated] == ["germanium"]  # no producer data (see MODEL_TIERS)
    assert {m.indicator for m in unrated[0].missing} >= {"top1_share", "low_risk_cover"}
    assert CliRunner().invoke(cli, ["validate"]).exit_code == 0


def test_report_tiers_unchanged_and_model_results_labelled(results):
    for a in results.values():
        if a.mineral in REPORT_TIERS:
            assert (a.tier, a.basis) == (REPORT_TIERS[a.mineral], "report")
        else:
            assert a.report_tier is None and a.basis == "model"
            assert a.tier == MODEL_TIERS[a.mineral]


def test_table_json_and_frame_say_model_result(results):
    table = CliRunner().invoke(cli, ["score"]).output
    assert re.search(r"^tin\s+medium\s+\S+\s+-\s+model\s", table, re.M)
    assert re.search(r"^nickel\s+very_high\s+\S+\s+very_high\s+report\s", table, re.M)
    data = {d["mineral"]: d for d in json.loads(CliRunner().invoke(cli, ["score", "--format", "json"]).output)}
    assert data["gallium"]["basis"] == "model" and data["copper"]["basis"] == "report"
    frame = results.to_frame()
    assert frame.loc["vanadium", "basis"] == "model" and frame.loc["zinc", "basis"] == "report"


def test_a_what_if_that_moves_a_report_tier_is_a_model_result():
    result = CliRunner().invoke(cli, ["score", "--set", "params.severe_shortfall_min=0.995", "--mineral",
                                      "nickel", "--format", "json"])
    assert json.loads(result.stdout)[0]["basis"] == "model"  # the range note goes to stderr


def _columns() -> dict[str, set[str]]:
    out = {}
    for path in DATA.glob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            out[path.name] = {c.strip() for c in next(csv.reader(handle))}
    return out


def test_every_usgs_citation_names_a_real_file_and_column(facts):
    columns = _columns()
    cited = 0
    for mineral in facts.minerals.values():
        for key, fact in mineral.facts.items():
            refs = [fact.ref] if fact.source == "usgs_mcs2025" else []
            if fact.check and fact.check.get("source") == "usgs_mcs2025":
                refs.append(fact.check["ref"])
            for ref in refs:
                name = ref.split(",")[0].strip()
                assert name in columns, (mineral.id, key, ref)
                if name == "MCS2025_World_Data.csv":
                    assert "PROD_EST_ 2024" in ref or "RESERVES_2024" in ref, (mineral.id, key, ref)
                else:
                    text = re.sub(r"\S+\.csv", "", ref)
                    named = set(re.findall(r"\b[A-Za-z]+_[A-Za-z0-9_-]*[A-Za-z0-9]\b", text)) - {"2024_estimated"}
                    assert named and named <= columns[name], (mineral.id, key, named - columns[name])
                cited += 1
    assert cited > 200


def test_estimates_and_assumptions_carry_reasoning_and_a_range(facts):
    for mineral in facts.minerals.values():
        for key, fact in mineral.facts.items():
            if fact.kind in ("estimate", "analyst") and fact.unit in ("t", "share", "multiple"):
                assert fact.note and fact.range, (mineral.id, key)


def test_new_minerals_are_sourced_from_the_release_and_say_what_is_missing(facts):
    for mineral_id in NEW:
        mineral = facts.minerals[mineral_id]
        sources = {f.source for f in mineral.facts.values()}
        assert sources <= {"usgs_mcs2025", "analyst", "report"}, mineral_id
        # the report grades none of them: it is cited only for their ratings and named projects
        cited = {k for k, f in mineral.facts.items() if f.source == "report"}
        assert cited <= {"assessments.usgs_2025", "us.named_projects"}, (mineral_id, cited)
        assert "model result" in mineral.note
        assert mineral.report_tier is None
    germanium = facts.minerals["germanium"]
    assert "world.production_t" not in germanium.facts and not germanium.group("producers")
    assert "world.production_t: blank" in " ".join(germanium.note.split())
    titanium = facts.minerals["titanium"].facts["us.production_t"]
    assert titanium.kind == "estimate" and "withholds" in titanium.note
