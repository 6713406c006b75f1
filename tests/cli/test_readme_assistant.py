"""The README's section "The assistant": every `critmin ask` and `critmin chat` example runs, and
each line it shows (``…`` stands for lines left out) is in the output, in order."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli
from tests.helpers.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## The assistant"):README.index("### Explanations from Python")]
BLOCKS = re.findall(r"```\n(.*?)```", SECTION, re.S)


def examples() -> list[tuple[str, list[str]]]:
    """(question, the lines shown) for each ``$ critmin ask "…"`` example."""
    out = []
    for block in BLOCKS:
        for chunk in re.split(r"\n(?=\$ critmin ask )", block):
            m = re.match(r'\$ critmin ask "(.*)"\n(.*)', chunk, re.S)
            if m:
                out.append((m.group(1), [line for line in m.group(2).splitlines() if line.strip()]))
    return out


def in_order(shown: list[str], output: str) -> list[str]:
    """The shown lines missing from ``output`` (in order; ``…`` skips any number of lines)."""
    lines, at, missing = output.splitlines(), 0, []
    for line in shown:
        if line.strip() == "…":
            continue
        prefix = line.split("…")[0].rstrip()  # "…" inside a line: the rest of it is left out
        found = next((i for i in range(at, len(lines)) if lines[i].startswith(prefix)), None)
        if found is None:
            missing.append(line)
        else:
            at = found + 1
    return missing


def test_the_section_has_examples():
    assert len(examples()) >= 6


@pytest.mark.parametrize("question, shown", examples(), ids=[q for q, _ in examples()])
def test_ask_example_runs_as_shown(question, shown):
    result = CliRunner().invoke(cli, ["ask", question])
    assert result.exit_code == 0
    assert in_order(shown, result.output) == []


def test_chat_example_runs_as_shown():
    block = next(b for b in BLOCKS if b.startswith("$ critmin chat"))
    typed = re.findall(r"^critmin> (.*)$", block, re.M)
    shown = [line for line in block.splitlines()[1:] if line.strip() and not line.startswith("critmin> ")]
    result = CliRunner().invoke(cli, ["chat"], input="\n".join(typed) + "\n")
    assert result.exit_code == 0
    assert in_order(shown, result.output) == []


def test_explanations_from_python_run():
    """The section's Python session prints what it shows (run as a doctest)."""
    import doctest

    part = README[README.index("### Explanations from Python"):README.index("## How it works")]
    block = re.findall(r"```pycon\n(.*?)```", part, re.S)[0]
    test = doctest.DocTestParser().get_doctest(block, {}, "README: Explanations from Python", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 0
