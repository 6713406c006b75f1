"""critmin plot: real PNG and SVG files of the expected size, the matrix's axes, the sweep contract."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from critmin.cli.app import cli
from critmin.errors import DataError
from critmin.explain.matrix import matrix_frame, supply_risk_rules
from critmin.render.plots import sweep_frame_from_json

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SWEEP = [{"mineral": "nickel", "probabilities": {"very_high": 0.8, "high": 0.2}},
         {"mineral": "copper", "probabilities": {"high": 0.1, "medium": 0.6, "low": 0.3}},
         {"mineral": "germanium", "probabilities": {"high": 0.5, "unrated": 0.5}}]


def run(*args: str):
    return CliRunner().invoke(cli, ["plot", *args])


def png_shape(path: Path) -> tuple[int, int]:
    from matplotlib.image import imread

    assert path.read_bytes()[:8] == PNG_MAGIC
    height, width = imread(path).shape[:2]
    return width, height


def svg_size(path: Path) -> tuple[str, str]:
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root.get("width"), root.get("height")


def test_matrix_png_and_svg(tmp_path):
    png, svg = tmp_path / "m.png", tmp_path / "m.svg"
    result = run("matrix", "--out", str(png))
    assert result.exit_code == 0, result.output
    assert f"wrote {png} (1000x700 px, 22 minerals)" in result.output
    assert png_shape(png) == (1000, 700)
    assert run("matrix", "--out", str(svg), "--size", "800x600").exit_code == 0
    assert svg_size(svg) == ("576pt", "432pt")  # 800 x 600 px at 100 dpi = 8 x 6 in
    text = svg.read_text(encoding="utf-8")
    assert "Criticality matrix" in text and "Gallium" in text


def test_matrix_follows_overrides_and_mineral_choice(tmp_path):
    out = tmp_path / "few.png"
    result = run("matrix", "--out", str(out), "--size", "640x480", "--mineral", "nickel", "--mineral", "tin",
                 "--set", "params.concentrated_top1_min=0.9")
    assert result.exit_code == 0, result.output
    assert "2 minerals" in result.output and png_shape(out) == (640, 480)


def test_matrix_axes(results):
    frame = matrix_frame(results)
    assert supply_risk_rules(results.rules) == ["risk_concentration", "risk_adversary", "risk_outside_alliances",
                                                "risk_nationalism", "risk_processing", "risk_export_restriction"]
    cobalt = results["cobalt"]
    expected = sum(t.conclusion for t in cobalt.trace if t.rule in supply_risk_rules(results.rules))
    assert frame.loc["cobalt", "supply_risk"] == pytest.approx(expected, abs=1e-3)
    assert frame.loc["cobalt", "shortfall_2035"] == pytest.approx(cobalt.indicators["shortfall_2035"].value)
    assert frame.loc["zinc", "basis"] == "report" and frame.loc["tin", "basis"] == "model"
    # germanium: no producer data, but China's export licensing is on record (2 points)
    assert not frame.loc["germanium", "supply_known"] and frame.loc["germanium", "supply_risk"] == 2
    assert (frame["supply_risk"] <= 22 + 1e-9).all()


def test_supply_risk_excludes_rules_that_read_the_us_balance(rules_copy):
    from critmin.ruleset.loading import load_rules

    path = rules_copy / "scores.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("when: top1_share > 0", "when: top1_share > 0 and not limited_pipeline"),
                    encoding="utf-8")
    assert "risk_concentration" not in supply_risk_rules(load_rules(rules_copy))


@pytest.mark.parametrize("shape", [
    SWEEP,
    [{"mineral": d["mineral"], **d["probabilities"]} for d in SWEEP],
    {"minerals": SWEEP},
    {d["mineral"]: d["probabilities"] for d in SWEEP},
])
def test_sweep_from_json_shapes(tmp_path, shape):
    source, out = tmp_path / "sweep.json", tmp_path / "sweep.png"
    source.write_text(json.dumps(shape), encoding="utf-8")
    result = run("sweep", "--from", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert png_shape(out) == (1000, 700)
    frame = sweep_frame_from_json(shape)
    assert list(frame.columns) == ["low", "medium", "high", "very_high", "unrated"]
    assert frame.loc["copper", "medium"] == 0.6 and frame.loc["nickel", "unrated"] == 0.0


def test_sweep_svg_from_a_dataframe(tmp_path):
    from critmin.render.plots import save, sweep_figure

    frame = pd.DataFrame({"low": [0.1, 0], "medium": [0.2, 0], "high": [0.3, 0.5],
                          "very_high": [0.4, 0.5], "unrated": [0, 0]}, index=["nickel", "cobalt"])
    path = save(sweep_figure(frame, (1200, 500)), tmp_path / "s.svg")
    assert svg_size(path) == ("864pt", "360pt")


@pytest.mark.parametrize("payload, fragment", [
    ([{"mineral": "nickel", "probabilities": {"very_high": 0.9, "high": 0.6}}], "sum to 1.500"),
    ([{"mineral": "nickel", "probabilities": {"very_high": -0.2, "high": 1.2}}], "must lie in [0, 1]"),
    ([{"probabilities": {"high": 1}}], "expected an object with a 'mineral' id"),
    ([{"mineral": "nickel", "probabilities": {"high": "lots"}}], "must be numbers"),
    ([], "non-empty list"),
])
def test_bad_sweep_files_are_data_errors(tmp_path, payload, fragment):
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(payload), encoding="utf-8")
    result = run("sweep", "--from", str(source), "--out", str(tmp_path / "x.png"))
    assert result.exit_code == 2, result.output
    assert fragment in result.output and not (tmp_path / "x.png").exists()
    with pytest.raises(DataError):
        sweep_frame_from_json(payload)


def test_sweep_frame_needs_the_tier_columns():
    from critmin.render.plots import sweep_figure

    with pytest.raises(DataError, match="missing column"):
        sweep_figure(pd.DataFrame({"low": [1.0]}, index=["zinc"]))


@pytest.mark.parametrize("args, code, fragment", [
    (["matrix", "--out", "m.jpg"], 1, "must end in .png or .svg"),
    (["matrix", "--out", "/no/such/dir/m.png"], 1, "does not exist"),
    (["matrix", "--size", "big"], 1, "expected WIDTHxHEIGHT"),
    (["matrix", "--size", "50x50"], 1, "100 to 10000 pixels"),
    (["matrix", "--set", "params.nope=1"], 2, "unknown parameter"),
    (["sweep"], 1, "plot sweep needs --from FILE"),
    (["sweep", "--from", "/no/such.json"], 1, "does not exist"),
    (["pie"], 1, "No such command"),
])
def test_plot_errors(tmp_path, monkeypatch, args, code, fragment):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == code, result.output
    assert fragment in result.output and "Traceback" not in result.output


def test_sweep_file_that_is_not_json(tmp_path):
    source = tmp_path / "s.json"
    source.write_text("{not json", encoding="utf-8")
    result = run("sweep", "--from", str(source))
    assert result.exit_code == 2 and "cannot read JSON" in result.output


def test_missing_matplotlib_is_one_clear_message(tmp_path, monkeypatch):
    for name in ("matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)
    result = run("matrix", "--out", str(tmp_path / "m.png"))
    assert result.exit_code == 1
    assert "plotting needs matplotlib; install it with: pip install 'critmin[plot]'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "m.png").exists()
