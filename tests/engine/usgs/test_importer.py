"""critmin import usgs: the change table, the merge policy, validation first, atomic writes."""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli
from critmin.errors import FileWriteError
from critmin.facts.loading import load_facts
from critmin.io.yaml_edit import write_atomic
from tests.engine.usgs.test_release_reader import independent_shares
from tests.helpers.edits import edit
from tests.helpers.paths import USGS_DATA as DATA


def run(*args: str):
    return CliRunner().invoke(cli, ["import", "usgs", *args])


def changes(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["changes"]


def test_shipped_facts_already_hold_the_release(facts_copy):
    result = run(str(DATA), "--facts", str(facts_copy))
    assert result.exit_code == 0, result.output
    assert "no changes: the fact files already hold these values" in result.output
    assert "withheld (W)" in result.output  # lithium's US production is shown as skipped, not touched


def test_a_missing_mineral_is_created_and_then_stable(facts_copy):
    original = (facts_copy / "gallium.yaml").read_text(encoding="utf-8")
    (facts_copy / "gallium.yaml").unlink()
    preview = run(str(DATA), "--facts", str(facts_copy), "--mineral", "gallium")
    assert preview.exit_code == 0 and "would change (gallium.yaml)" in preview.output
    assert not (facts_copy / "gallium.yaml").exists()  # nothing written without --write
    written = run(str(DATA), "--facts", str(facts_copy), "--mineral", "gallium", "--write")
    assert written.exit_code == 0 and "wrote 1 file(s): gallium.yaml" in written.output
    created = (facts_copy / "gallium.yaml").read_text(encoding="utf-8")
    assert created.startswith("# Gallium: created from the USGS MCS 2025 data release")
    gallium = load_facts(facts_copy).minerals["gallium"]
    assert gallium.get("producers.China") == 0.9868 and gallium.get("us.consumption_t") == 19
    assert gallium.facts["producers.China"].ref == (
        "MCS2025_World_Data.csv, Gallium (Primary production), China / World total (rounded), PROD_EST_ 2024")
    assert "no reserve rows for this mineral" in gallium.note
    # every imported value of the created file is in the shipped, hand-completed one too
    for line in re.findall(r"ref: .*", created):
        assert line in original
    again = run(str(DATA), "--facts", str(facts_copy), "--mineral", "gallium")
    assert "no changes" in again.output


def test_report_values_stay_primary_and_get_checks(facts_copy):
    nickel = facts_copy / "nickel.yaml"
    edit(nickel, '    check: {value: 180000, source: usgs_mcs2025, ref: "mcs2025-nicke_salient.csv, '
                 'Year 2024, Consump_Apparent_Total_t", note: "USGS total apparent consumption (primary plus '
                 'secondary) 2024."}\n', "")
    rows = changes(run(str(DATA), "--facts", str(facts_copy), "--mineral", "nickel", "--format", "json",
                       "--write"))
    assert {"mineral": "nickel", "fact": "us.consumption_t (check)", "old": "-", "new": "180,000",
            "action": "check", "detail": "report value 200,000 kept", "value": 180000} in rows
    fact = load_facts(facts_copy).minerals["nickel"].facts["us.consumption_t"]
    assert (fact.value, fact.source) == (200000, "report")
    assert fact.check == {"value": 180000, "source": "usgs_mcs2025",
                          "ref": "mcs2025-nicke_salient.csv, Nickel, Year 2024, Consump_Apparent_Total_t"}


def test_owned_values_are_updated_derived_totals_recomputed_and_dependents_flagged(facts_copy):
    gallium = facts_copy / "gallium.yaml"
    text = gallium.read_text(encoding="utf-8")
    text = text.replace("  production_t:\n    value: 0\n", "  production_t:\n    value: 5\n", 1)
    text = text.replace("  supply_2035_t:\n    value: 0\n", "  supply_2035_t:\n    value: 5\n", 1)
    total = "    range: {}\n    note: >-\n      0 (current"
    text = text.replace(total.format("[0, 4.75]"), total.format("[5, 9.75]"), 1)
    text = text.replace("  consumption_t:\n    value: 19\n", "  consumption_t:\n    value: 20\n", 1)
    gallium.write_text(text, encoding="utf-8")
    rows = changes(run(str(DATA), "--facts", str(facts_copy), "--mineral", "gallium", "--format", "json",
                       "--write"))
    by_fact = {(r["fact"], r["action"]): r for r in rows}
    assert by_fact[("us.production_t", "update")]["old"] == "5"
    assert by_fact[("us.production_t", "update")]["new"] == "0"
    assert by_fact[("us.supply_2035_t", "update")]["detail"] == "recomputed: production_t + projected_addition_2035_t"
    assert by_fact[("us.consumption_t", "update")]["new"] == "19"
    assert "Consump_kg" in by_fact[("us.demand_2035_t", "review")]["detail"]
    mineral = load_facts(facts_copy).minerals["gallium"]
    assert mineral.get("us.supply_2035_t") == 0 and mineral.facts["us.supply_2035_t"].range == (0, 4.75)
    assert mineral.get("us.demand_2035_t") == 19  # flagged for review, never rewritten
    assert gallium.read_text(encoding="utf-8").startswith("# Gallium: not in the report's tables")  # comment kept


def test_usgs_owned_producer_sets_are_replaced_by_the_top_three(facts_copy):
    manganese = facts_copy / "manganese.yaml"
    edit(manganese, "  Gabon:\n    value: 0.2300\n", "  Brazil:\n    value: 0.2300\n")
    rows = changes(run(str(DATA), "--facts", str(facts_copy), "--mineral", "manganese", "--format", "json",
                       "--write"))
    actions = {(r["fact"], r["action"]) for r in rows}
    assert {("producers.Gabon", "add"), ("producers.Brazil", "remove")} <= actions
    producers = load_facts(facts_copy).minerals["manganese"].group("producers")
    assert list(producers) == ["South Africa", "Gabon", "Australia"]


def test_untouched_files_keep_every_byte(facts_copy):
    edit(facts_copy / "zinc.yaml", "  production_t:\n    value: 12000000\n", "  production_t:\n    value: 1\n")
    before = {p.name: p.read_bytes() for p in facts_copy.glob("*.yaml")}
    result = run(str(DATA), "--facts", str(facts_copy), "--write")
    assert result.exit_code == 0 and "wrote 1 file(s): zinc.yaml" in result.output
    after = {p.name: p.read_bytes() for p in facts_copy.glob("*.yaml")}
    assert {name for name in before if before[name] != after[name]} == {"zinc.yaml"}
    old, new = before["zinc.yaml"].decode().splitlines(), after["zinc.yaml"].decode().splitlines()
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert len(old) == len(new) and changed == [
        ("    value: 1", "    value: 12000000"),
        ('    ref: "MCS2025_World_Data.csv, Zinc, World total (rounded), Mine production, PROD_EST_ 2024 (12,000 kt)"',
         '    ref: "MCS2025_World_Data.csv, Zinc (Mine production, zinc content), World total (rounded), '
         'PROD_EST_ 2024"')]
    assert not list(facts_copy.glob(".*.tmp"))


def test_a_result_that_would_not_validate_is_never_written(facts_copy):
    (facts_copy / "antimony.yaml").unlink()
    countries = facts_copy / "countries.yaml"
    text = countries.read_text(encoding="utf-8")
    countries.write_text(re.sub(r"\nTajikistan:\n(  .*\n)+", "\n", text), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in facts_copy.glob("*.yaml")}
    result = run(str(DATA), "--facts", str(facts_copy), "--write")
    assert result.exit_code == 2
    assert "unknown country 'Tajikistan'" in result.output
    assert "the result would not validate; nothing written" in result.output
    assert str(facts_copy / "antimony.yaml") in result.output  # the real path, not the scratch copy
    assert {p.name: p.read_bytes() for p in facts_copy.glob("*.yaml")} == before


def test_atomic_write_leaves_the_old_file_when_replacing_fails(tmp_path, monkeypatch):
    target = tmp_path / "x.yaml"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)

    def broken(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(FileWriteError, match="disk full"):
        write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]
    monkeypatch.undo()
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and (target.stat().st_mode & 0o777) == 0o640


@pytest.mark.parametrize("args, code, fragment", [
    (["/no/such/file.csv"], 1, "does not exist"),
    ([], 1, "Missing argument"),
    ([str(DATA), "--mineral", "galium"], 1, "did you mean 'gallium'"),
    ([str(DATA), "--format", "xml"], 1, "Invalid value"),
])
def test_usage_errors(args, code, fragment):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert fragment in result.output and "Traceback" not in result.output


def test_bad_files_are_data_errors(tmp_path, facts_copy):
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    result = run(str(tmp_path), "--facts", str(facts_copy))
    assert result.exit_code == 2 and "no USGS MCS 2025 files" in result.output
    world = tmp_path / "MCS2025_World_Data.csv"
    world.write_text("SOURCE,COMMODITY\nMCS2025,Cobalt\n", encoding="utf-8")
    result = run(str(world), "--facts", str(facts_copy))
    assert result.exit_code == 2 and f"{world}: missing column(s) COUNTRY" in result.output
    assert "Traceback" not in result.output


def test_json_output_lists_files_and_problems(facts_copy):
    (facts_copy / "tin.yaml").unlink()
    result = run(str(DATA), "--facts", str(facts_copy), "--format", "json")
    data = json.loads(result.stdout)
    assert data["ignored"] == [str(DATA / "MCS2025_Fig2_Net_Import_Reliance.csv")]
    assert "ignored (not a file the importer reads)" in result.stderr
    assert data["files"] == [str(facts_copy / "tin.yaml")] and data["written"] == [] and data["problems"] == []
    assert {"mineral": "tin", "fact": "tin.yaml", "old": "-", "new": "new file", "action": "create",
            "detail": "", "value": None} in data["changes"]
    assert not any(c["action"] == "same" for c in data["changes"])


@pytest.mark.parametrize("old, new, fragment", [
    ("id: cobalt\n", "id: cobalt\nid: again\n", "cannot read YAML: found duplicate key \"id\""),
    ("us:\n  production_t:\n", "us: [1, 2]\nunused:\n  production_t:\n", "us: expected a mapping of facts"),
    ("  net_import_reliance: {value: 0.76", "  net_import_reliance: 0.76\n  unused: {value: 0.76",
     "us.net_import_reliance: expected a fact mapping"),
])
def test_malformed_fact_files_are_reported_not_rewritten(facts_copy, old, new, fragment):
    cobalt = facts_copy / "cobalt.yaml"
    edit(cobalt, old, new)
    before = cobalt.read_bytes()
    result = run(str(DATA), "--facts", str(facts_copy), "--mineral", "cobalt", "--write")
    assert result.exit_code == 2, result.output
    assert f"{cobalt}" in result.output and fragment in result.output
    assert "Traceback" not in result.output and cobalt.read_bytes() == before


def test_all_lists_every_usgs_value_and_producer_shares_match_an_independent_computation(facts_copy):
    result = run(str(DATA), "--facts", str(facts_copy), "--all", "--format", "json")
    rows = json.loads(result.stdout)["changes"]
    assert rows and all(r["action"] in ("same", "skip", "note") for r in rows)  # the files already agree
    expected = independent_shares()
    renamed = {"DR Congo": "Congo (Kinshasa)"}
    compared = set()
    for row in rows:
        match = re.fullmatch(r"producers\.(.+?)( \(check\))?", row["fact"])
        if match and row["value"] is not None:
            country = match.group(1)
            assert abs(row["value"] - expected[row["mineral"]][renamed.get(country, country)]) <= 0.005, row
            compared.add(row["mineral"])
    assert len(compared) == 21  # every mineral with a world total (germanium's is blank)
