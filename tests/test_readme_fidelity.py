"""The README's score table and its stability and cross-check examples are what critmin prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from critmin.cli.app import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    return README[start:README.index("\n## ", start + 1)]


def test_the_score_table_is_today_s_output():
    shown = re.search(r"```\n(mineral +tier +score +report.*?)\n```", README, re.S).group(1)
    assert CliRunner().invoke(cli, ["score"]).output.rstrip("\n") == shown


def test_the_stability_and_crosscheck_examples_run():
    text = section("Tier stability and cross-checks")
    commands = [line.split("  #")[0].strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)
                for line in block.splitlines() if line.startswith("critmin ")]
    assert len(commands) == 5
    for command in commands:
        result = CliRunner().invoke(cli, shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.output)
    assert CliRunner().invoke(cli, ["crosscheck"]).output.startswith("No disagreements")
