"""critmin plot against hostile input: --from files that are not files, deep or duplicated JSON,
absurd sizes and titles a chart cannot draw."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli

pytest.importorskip("matplotlib")

GOOD = [{"mineral": "nickel", "probabilities": {"very_high": 0.9, "high": 0.1}},
        {"mineral": "cobalt", "probabilities": {"high": 1.0}}]


def run(*args: str):
    return CliRunner().invoke(cli, ["plot", *args])


@pytest.fixture
def sweep_json(tmp_path):
    path = tmp_path / "sweep.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_from_a_file_that_is_not_a_regular_file_is_refused_at_once(tmp_path, kind):
    source = tmp_path / "sweep.json"
    os.mkfifo(source) if kind == "fifo" else source.symlink_to("/dev/zero")
    result = subprocess.run([sys.executable, "-m", "critmin", "plot", "sweep", "--from", str(source),
                             "--out", str(tmp_path / "s.png")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and f"{source}: not a regular file" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "s.png").exists()


@pytest.mark.parametrize("text, fragment", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    (json.dumps(GOOD + GOOD[:1]), "'nickel' appears twice"),
    ('[{"mineral": "nickel", "probabilities": {"high": NaN}}]', "must lie in [0, 1]"),
    (json.dumps([{"mineral": f"m{i}", "probabilities": {"low": 1}} for i in range(1001)]), "at most 1,000"),
])
def test_bad_sweep_json_is_one_message(tmp_path, text, fragment):
    source = tmp_path / "s.json"
    source.write_text(text, encoding="utf-8")
    result = run("sweep", "--from", str(source), "--out", str(tmp_path / "s.png"))
    assert result.exit_code == 2 and fragment in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "s.png").exists()


def test_a_5000_digit_size_is_a_usage_error(tmp_path, sweep_json):
    result = run("sweep", "--from", str(sweep_json), "--out", str(tmp_path / "s.png"), "--size", "9" * 5000 + "x700")
    assert result.exit_code == 1 and "each side must be 100 to 10000 pixels; got a 5,000-digit number" in result.output


@pytest.mark.parametrize("title, code, fragment", [
    ("$x^{$", 0, "wrote"),  # a '$' is text, not a formula
    ("$\\frac{1}{2}$ of \x1b[31mdemand\x07", 0, "wrote"),
    ("镍 title", 1, "no glyph for '镍' in the title"),
    ("x" * 100_000, 1, "the title is 100,000 characters; the limit is 200"),
])
def test_odd_titles(tmp_path, sweep_json, title, code, fragment):
    out = tmp_path / "s.png"
    result = run("sweep", "--from", str(sweep_json), "--out", str(out), "--title", title)
    assert result.exit_code == code and fragment in result.output, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert out.exists() == (code == 0)


def test_mineral_names_that_look_like_formulas_are_drawn_as_text(tmp_path):
    source = tmp_path / "s.json"
    source.write_text(json.dumps([{"mineral": "$x^{$", "probabilities": {"low": 1}},
                                  {"mineral": "y" * 500, "probabilities": {"high": 1}}]), encoding="utf-8")
    result = run("sweep", "--from", str(source), "--out", str(tmp_path / "s.svg"))
    assert result.exit_code == 0, result.output
