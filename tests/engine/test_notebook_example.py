"""The example notebook (docs/examples/notebook.py) runs as a script from an empty directory and
shows what it says: the results' short forms, pandas on the frame, explanations, what-ifs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers.paths import ROOT

NOTEBOOK = ROOT / "docs" / "examples" / "notebook.py"


@pytest.mark.slow
def test_the_example_notebook_runs_and_prints_what_it_shows(tmp_path):
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert text.count("# %%") >= 5  # cells a notebook tool opens one by one
    out = subprocess.run([sys.executable, str(NOTEBOOK)], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("<Results 22 minerals: cobalt very_high 88.1, nickel very_high 86.9, ")
    assert lines[1] == "<Assessment nickel very_high 86.9> True True"
    # the tiers group in their rank order, lowest first (an ordered categorical)
    tiers = [line.split()[0] for line in lines if line.split()[:1] and line.split()[0] in
             ("unrated", "low", "medium", "high", "very_high")]
    assert tiers == ["unrated", "low", "medium", "high", "very_high"]
    high = next(line for line in lines if line.startswith("['antimony', "))  # tier >= "high", by name
    assert "'nickel'" in high and "'copper'" not in high
    assert "ally_sourcing" in out.stdout  # tuples of levers, exploded and counted
    assert "['first_task']" in lines
    assert any(line.startswith("镍（Ni）：优先级很高") for line in lines)  # the headline, wholly Chinese
    assert "('cobalt.processing.china_share', 0.6499)" in out.stdout
    assert "{'nickel': ('very_high', 'high')}" in lines
    assert lines[-2].split() == ["nickel", "very_high", "high"]
    assert lines[-1].split() == ["cobalt", "very_high", "very_high"]
