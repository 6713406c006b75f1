"""Reading the USGS MCS 2025 release: its traps, its units, and shares checked independently."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from critmin.errors import DataError
from critmin.usgs.reader import extract, parse_cell, read_release
from critmin.usgs.specs import SPEC_BY_ID, SPECS, T5Spec
from tests.helpers.paths import USGS_DATA as DATA

WORLD = DATA / "MCS2025_World_Data.csv"


@pytest.fixture(scope="module")
def release():
    return read_release([DATA])


def values(release, mineral):
    found = extract(release, SPEC_BY_ID[mineral])
    return {v.key: v for v in found.scalars}, found


@pytest.mark.parametrize("text, number, bound, why", [
    ("8000", 8000.0, "", None), ("1,900", 1900.0, "", None), (" 0.5 ", 0.5, "", None),
    (">130000000", 130000000.0, ">", None), (">17,000,000", 17000000.0, ">", None),
    ("<100,000", 100000.0, "<", None), ("W", None, "", "withheld (W)"),
    ("NA", None, "", "not available (NA)"), ("E", None, "", "net exporter (E)"), ("", None, "", "blank"),
    ("Less than ½ unit.", None, "", "not a number ('Less than ½ unit.')"),
])
def test_parse_cell(text, number, bound, why):
    cell = parse_cell(text)
    assert (cell.number, cell.bound) == (number, bound)
    if why:
        assert cell.why_missing == why


def test_files_are_recognised_and_others_ignored(release):
    assert release.world is not None and release.t5 is not None
    assert set(release.salient) >= {"cobal", "galli", "germa", "tungs", "alumi", "zinc"}
    assert [Path(p).name for p in release.ignored] == ["MCS2025_Fig2_Net_Import_Reliance.csv"]
    # the byte-order mark and padded headers are gone; the inner space of PROD_EST_ 2024 stays
    assert "SOURCE" in release.world.columns and "PROD_EST_ 2024" in release.world.columns
    assert not release.world["COMMODITY"].str.endswith(" ").any()


def test_type_rows_are_kept_apart(release):
    copper, _ = values(release, "copper")
    assert copper["world.production_t"].value == 23_000_000  # mine, not refinery (27,000 kt)
    palladium, found_pd = values(release, "palladium")
    platinum, found_pt = values(release, "platinum")
    assert (palladium["world.production_t"].value, platinum["world.production_t"].value) == (190, 170)
    assert found_pd.top["producers"][0].key == "producers.Russia"
    assert found_pt.top["producers"][0].key == "producers.South Africa"


def test_units_become_tonnes(release):
    gallium, _ = values(release, "gallium")
    assert gallium["world.production_t"].value == 760  # 760,000 kg
    assert gallium["us.consumption_t"].value == 19  # Consump_kg 19,000
    manganese, _ = values(release, "manganese")
    assert manganese["world.production_t"].value == 20_000_000  # 20,000 thousand metric tons
    assert manganese["us.consumption_t"].value == 680_000  # Consump_Apparent_kt 680
    vanadium, found = values(release, "vanadium")
    assert vanadium["world.reserves_t"].value == 18_000_000  # "Reserve data is thousand metric tons"
    assert found.shares["reserves"]["Australia"].note == "8,500 / 18,000 kt"


def test_world_total_and_other_countries_rows(release):
    antimony, found = values(release, "antimony")
    assert antimony["world.production_t"].value == 100_000  # "World total (rounded) 10"
    tungsten, found = values(release, "tungsten")
    # "Other Countries" holds 950,000 t of reserves, more than Australia: it is not a producer
    assert [v.key for v in found.top["reserves"]] == ["reserves.China", "reserves.Australia", "reserves.Russia"]
    assert all("Other" not in key for key in found.shares["reserves"])


def test_blank_germanium_is_never_filled_in(release):
    germanium, found = values(release, "germanium")  # the file spells it "Gemanium"
    assert germanium["world.production_t"].value is None
    assert germanium["world.production_t"].missing == "blank"
    assert "producers" in found.missing and not found.top
    assert germanium["us.production_t"].value == 0
    assert "us.consumption_t" not in germanium


def test_net_import_reliance_codes(release):
    lithium, _ = values(release, "lithium")
    nir = lithium["us.net_import_reliance"]
    assert (nir.value, nir.range) == (0.5, (0.5, 1.0)) and ">50" in nir.note
    molybdenum, _ = values(release, "molybdenum")
    assert molybdenum["us.net_import_reliance"].value == 0 and '"E"' in molybdenum["us.net_import_reliance"].note
    assert lithium["us.production_t"].value is None and lithium["us.production_t"].missing == "withheld (W)"


def test_bounded_world_total_never_makes_shares_exceed_one(release):
    _, found = values(release, "niobium")  # world reserves printed ">17,000,000", listed rows 17.81 Mt
    assert sum(v.value for v in found.shares["reserves"].values()) <= 1.0
    assert "used instead" in found.top["reserves"][0].note
    _, found = values(release, "chromium")  # bound above the listed rows: the bound is used
    assert found.top["reserves"][0].note.endswith("(world printed as >1200000)")


def test_t5_table_is_in_metric_tons(release):
    """T5 has no unit column; where a mineral is in both tables the figures agree in tonnes."""
    t5 = release.t5.set_index("Critical_mineral")
    assert float(t5.loc["Gallium", "Apparent_Consumption"]) * 1000 == 19_000  # salient: kilograms
    assert float(t5.loc["Cobalt", "Apparent_Consumption"]) == 8_500  # salient: tonnes
    assert float(t5.loc["Manganese", "Apparent_Consumption"]) == 680 * 1000  # salient: kt
    world = release.world
    us_platinum = world[(world["COUNTRY"] == "United States") & (world["TYPE"].str.contains("Platinum"))]
    assert float(us_platinum["PROD_EST_ 2024"].iloc[0]) / 1000 == float(t5.loc["Platinum", "Primary_prod"])
    assert all(isinstance(SPEC_BY_ID[m].us, T5Spec) for m in ("chromium", "platinum", "tin"))


def independent_shares() -> dict[str, dict[str, float]]:
    """Producer shares straight from the CSV with the csv module: country / world total."""
    with open(WORLD, encoding="utf-8-sig", newline="") as handle:
        rows = [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]
    out = {}
    for spec in SPECS:
        if spec.shares is None:
            continue
        wanted = {spec.shares.commodity, "Gemanium" if spec.shares.commodity == "Germanium" else ""}
        chosen = [r for r in rows if r["COMMODITY"] in wanted and r["TYPE"] == spec.shares.type]
        totals = [r for r in chosen if r["COUNTRY"].startswith("World total")]
        try:
            total = float(totals[0]["PROD_EST_ 2024"].replace(",", ""))
        except (IndexError, ValueError):
            continue
        shares = {}
        for row in chosen:
            if row in totals or row["COUNTRY"].lower().startswith("other"):
                continue
            try:
                shares[row["COUNTRY"]] = float(row["PROD_EST_ 2024"].replace(",", "")) / total
            except ValueError:
                pass
        out[spec.id] = shares
    return out


def test_producer_shares_match_an_independent_computation(release):
    expected = independent_shares()
    assert len(expected) == 21  # every mapped mineral but germanium, whose world total is blank
    renamed = {"DR Congo": "Congo (Kinshasa)"}
    checked = 0
    for mineral, shares in expected.items():
        found = extract(release, SPEC_BY_ID[mineral])
        top = found.top["producers"]
        assert len(top) == 3
        for value in top:
            country = value.key.split(".", 1)[1]
            assert abs(value.value - shares[renamed.get(country, country)]) <= 0.005, (mineral, country)
            checked += 1
        independent_top = sorted(shares.values(), reverse=True)[:3]
        assert [v.value for v in top] == pytest.approx(independent_top, abs=0.005)  # the same top three
    assert checked == 63


def test_unreadable_inputs_are_data_errors(tmp_path):
    bad = tmp_path / "MCS2025_World_Data.csv"
    bad.write_text("SOURCE,COMMODITY,TYPE\nMCS2025,Cobalt,Mine\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_release([bad])
    assert "missing column(s) COUNTRY" in str(caught.value) and str(bad) in str(caught.value)
    other = tmp_path / "notes.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="no USGS MCS 2025 files"):
        read_release([other])
    binary = tmp_path / "mcs2025-cobal_salient.csv"
    binary.write_bytes(b"\xff\xfe\x00\x00garbage")
    with pytest.raises(DataError, match="cannot read CSV"):
        read_release([binary])
