"""The README's examples of lints, operator slips and live editing are what critmin prints."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli
from critmin.io.shipped import shipped_dir

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"### {title}\n")
    return README[start:README.index("\n### ", start + 1)]


def shown_after(text: str, command: str) -> str:
    """The output a README block shows under ``$ COMMAND``."""
    block = re.search(r"```\n\$ " + re.escape(command) + r"[^\n]*\n(.*?)\n```", text, re.S)
    assert block, command
    return block.group(1)


@pytest.fixture
def workdir(tmp_path: Path):
    shutil.copytree(shipped_dir("rules"), tmp_path / "myrules")
    previous = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(previous)


def extra_rules() -> str:
    return re.search(r"```yaml\n(rules:\n.*?)```", section("Lints: mistakes that load"), re.S).group(1)


def test_the_lints_example(workdir):
    (workdir / "myrules" / "extra.yaml").write_text(extra_rules())
    result = CliRunner().invoke(cli, ["validate", "--rules", "myrules"])
    assert result.exit_code == 0
    assert result.output.rstrip("\n") == shown_after(section("Lints: mistakes that load"), "critmin validate")
    strict = CliRunner().invoke(cli, ["validate", "--rules", "myrules", "--strict"])
    assert strict.exit_code == 2 and "3 problem(s) found (lints, with --strict)" in strict.output


def test_the_operator_slip_example(workdir):
    slipped = extra_rules().replace("50 and import_dependent", "50 && import_dependent")
    (workdir / "myrules" / "extra.yaml").write_text(slipped)
    result = CliRunner().invoke(cli, ["validate", "--rules", "myrules"])
    text = README[README.index("## Writing a rule"):README.index("### Lints: mistakes that load")]
    assert result.exit_code == 2 and result.output.rstrip("\n") == shown_after(text, "critmin validate")


def test_the_watch_example(workdir):
    parameters = workdir / "myrules" / "parameters.yaml"

    def save() -> None:
        time.sleep(2)
        text = parameters.read_text()
        old = "low_risk_cover_min:\n  value: 2.0\n"
        assert old in text
        parameters.write_text(text.replace(old, "low_risk_cover_min:\n  value: 6.0\n"))

    threading.Thread(target=save, daemon=True).start()
    result = CliRunner().invoke(cli, ["watch", "--rules", "myrules", "--once"])
    assert result.exit_code == 0, result.output
    expected = shown_after(section("Live editing: the chat and `critmin watch`"), "critmin watch")
    for line in expected.splitlines():
        if "…" not in line:
            assert line in result.output.splitlines(), line
