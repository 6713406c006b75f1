"""``critmin sweep`` and ``critmin bench`` through click's CliRunner, and startup imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_json_output_is_the_whole_result():
    result = run("sweep", "--samples", "500", "--seed", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["samples"], data["seed"], data["vary"]) == (500, 3, "both")
    nickel = next(m for m in data["minerals"] if m["mineral"] == "nickel")
    assert set(nickel["probabilities"]) == {"very_high", "high", "medium", "low", "unrated"}
    assert nickel["baseline_tier"] == "very_high"
    assert {"input", "share"} <= set(nickel["decisive"][0])
    assert result.stderr == ""


def test_the_json_is_what_plot_sweep_reads():
    from critmin.render.plots import sweep_frame_from_json

    data = json.loads(run("sweep", "--samples", "400", "--format", "json").stdout)
    frame = sweep_frame_from_json(data)
    nickel = next(m for m in data["minerals"] if m["mineral"] == "nickel")
    assert frame.loc["nickel", "very_high"] == nickel["probabilities"]["very_high"]
    assert list(frame.index) == [m["mineral"] for m in data["minerals"]]


def test_a_seed_reproduces_the_output():
    args = ("sweep", "--samples", "700", "--format", "json", "--vary", "facts")
    first, again, other = run(*args, "--seed", "9"), run(*args, "--seed", "9"), run(*args, "--seed", "10")
    assert first.stdout == again.stdout
    assert first.stdout != other.stdout


@pytest.mark.parametrize("fmt, marker", [("table", "Decisive inputs"), ("markdown", "| mineral | baseline |"),
                                         ("csv", "mineral,baseline,very_high,high")])
def test_text_formats(fmt, marker):
    result = run("sweep", "--samples", "300", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert marker in result.stdout
    assert "nickel" in result.stdout


def test_long_runs_show_progress_except_in_json(monkeypatch):
    monkeypatch.setattr("critmin.fast.sweep.CHUNK", 200)  # "long": more than one chunk
    samples = "201"
    table = run("sweep", "--samples", samples, "--vary", "params")
    assert table.exit_code == 0 and "sweep" in table.stderr and "scenario" in table.stderr
    quiet = run("sweep", "--samples", samples, "--vary", "params", "--format", "json")
    assert quiet.exit_code == 0 and quiet.stderr == ""


@pytest.mark.parametrize("args, fragment", [
    (["--samples", "0"], "--samples"),
    (["--samples", "1000001"], "--samples"),
    (["--samples", "many"], "--samples"),
    (["--seed", "-1"], "--seed"),
    (["--vary", "everything"], "--vary"),
    (["--format", "yaml"], "--format"),
    (["--top", "0"], "--top"),
])
def test_usage_errors_exit_1_with_one_message(args, fragment):
    result = run("sweep", *args)
    assert result.exit_code == 1
    assert fragment in result.stderr and "Traceback" not in result.output + result.stderr


def test_bad_overrides_exit_2():
    result = run("sweep", "--samples", "10", "--set", "params.no_such_threshold=1")
    assert result.exit_code == 2
    assert "no_such_threshold" in result.stderr


def test_nothing_to_vary_is_said():
    every = [a for n in ("self_sufficient_max", "import_dependent_min", "major_shortfall_min",
                         "severe_shortfall_min", "concentrated_top1_min", "diversified_top1_max",
                         "nationalism_exposure_min", "adversary_dominant_min", "processing_concentrated_min",
                         "refined_import_min", "limited_pipeline_max", "meaningful_pipeline_min",
                         "surging_demand_min", "fast_growth_min", "reserves_short_years",
                         "low_risk_cover_min") for a in ("--set", f"params.{n}=0.5")]
    result = run("sweep", "--samples", "20", "--vary", "params", "--format", "json", *every)
    assert result.exit_code == 0
    assert "warning: no parameters with a range" in result.stderr
    data = json.loads(result.stdout)
    assert data["inputs"] == [] and all(m["stability"] == 1.0 for m in data["minerals"])


@pytest.mark.slow
def test_bench_prints_one_json_object_with_budgets():
    result = subprocess.run([sys.executable, "-m", "critmin.bench", "--repeats", "2", "--samples", "1000",
                             "--traced-samples", "3", "--rescorings", "3", "--fresh", "1"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    figures = data["figures"]
    assert figures["score_all_ms"] > 0 and figures["sweep_ratio"] > 0
    assert figures["threads_after"] == figures["threads_before"]
    assert figures["score_fresh_s"] > 0
    assert set(data["budgets"]) == {"score_all_ms", "sweep_columnar_evals_per_s", "sweep_ratio",
                                    "ask_fresh_s", "rss_growth_mb"}
    assert data["machine"]["cpus"] >= 1


def test_bench_usage_errors_exit_1():
    result = run("bench", "--rescorings", "0")
    assert result.exit_code == 1 and "--rescorings" in result.stderr


def test_score_imports_neither_pandas_nor_numpy():
    code = ("import sys; from click.testing import CliRunner; from critmin.cli.app import cli; "
            "r = CliRunner().invoke(cli, ['score', '--format', 'json']); assert r.exit_code == 0; "
            "print(sorted(m for m in ('pandas', 'numpy', 'tqdm') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
