"""Embedding: the JSON Schema, the README's Python API examples, shell completion, the wheel."""

from __future__ import annotations

import contextlib
import doctest
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import critmin
from critmin.cli.app import cli
from tests.helpers.paths import ROOT
from tests.helpers.paths import USGS_DATA as DATA


@pytest.mark.parametrize("args", [["score", "--format", "json"], ["score", "--format", "json", "--trace"],
                                  ["score", "--format", "json", "--set", "params.severe_shortfall_min=0.99"]])
def test_json_output_matches_the_shipped_schema(args):
    schema = critmin.assessment_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)
    assert len(data) == 22


def test_schema_rejects_what_the_output_must_not_be(results):
    schema = critmin.assessment_schema()
    good = results.to_dicts(trace=True)
    for breakage in ({"tier": "urgent"}, {"score": 140}, {"basis": "guess"}, {"unknown_field": 1},
                     {"levers": ["bribe"]}):
        bad = [dict(good[0], **breakage)] + good[1:]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
    missing = [{k: v for k, v in good[0].items() if k != "basis"}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(missing, schema)


def test_schema_command_prints_the_packaged_file():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads(
        (ROOT / "engine" / "inference" / "assessment.schema.json").read_text(encoding="utf-8"))


def _readme_sessions() -> list[str]:
    """The README's Python examples: ```pycon blocks, read as one session from top to bottom."""
    return re.findall(r"```pycon\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.mark.slow
def test_readme_python_examples_print_what_they_show(tmp_path, monkeypatch):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python API"):text.index("\n## ", text.index("## Python API") + 1)]
    assert "```python" not in text  # every Python example is a session whose output is checked
    assert section.count("```pycon") >= 7
    monkeypatch.chdir(tmp_path)  # as a program elsewhere would: the shipped data, no project files
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    session: dict[str, object] = {}
    report: list[str] = []
    for number, block in enumerate(_readme_sessions()):
        test = parser.get_doctest(block, session, f"README example {number + 1}", "README.md", 0)
        test.globs = session  # one session: later examples use earlier names
        runner.run(test, out=report.append, clear_globs=False)
    assert runner.failures == 0, "".join(report)
    assert runner.tries >= 60


def test_a_wrong_readme_output_is_caught():
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    shown = next(block for block in _readme_sessions() if "(<Assessment nickel very_high 86.9>" in block)
    wrong = shown.replace("(<Assessment nickel very_high 86.9>", "(<Assessment nickel high 86.9>")
    runner.run(doctest.DocTestParser().get_doctest(wrong, {}, "wrong", "README.md", 0), out=lambda _: None)
    assert runner.failures == 1


@pytest.mark.parametrize("shell, marker", [("bash_source", "_critmin_completion"),
                                           ("zsh_source", "#compdef critmin"),
                                           ("fish_source", "complete --no-files --command critmin")])
def test_completion_scripts(shell, marker):
    result = CliRunner().invoke(cli, [], prog_name="critmin", env={"_CRITMIN_COMPLETE": shell})
    assert result.exit_code == 0 and marker in result.output


def test_completion_offers_commands_and_options():
    def complete(words: str, index: int) -> str:
        env = {"_CRITMIN_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(index)}
        return CliRunner().invoke(cli, [], prog_name="critmin", env=env).output
    assert "plain,plot" in complete("critmin pl", 1)
    assert {"plain,--facts", "plain,--format"} <= set(complete("critmin score --f", 2).split())
    assert "plain,usgs" in complete("critmin import u", 2)


def _wheel(tmp_path: Path) -> Path:
    """A wheel built from a clean copy of the project's files (a stale build/ cannot leak in)."""
    source = tmp_path / "source"
    for name in ("engine", "assistant", "facts", "rules"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(dist)],
                   check=True, capture_output=True, text=True, timeout=300)
    return next(dist.glob("critmin-*.whl"))


COMMAND_RUNNER = """
import json, sys
from click.testing import CliRunner
from critmin.cli.app import cli
for line in sys.stdin:
    result = CliRunner().invoke(cli, json.loads(line), prog_name="critmin")
    print(json.dumps([result.exit_code, result.stdout, result.output, repr(result.exception)]), flush=True)
"""


@contextlib.contextmanager
def _commands_in(python: Path, cwd: Path, env: dict[str, str]):
    """``critmin ARGS`` run one after another by one process of an installed interpreter: each
    command as the console script runs it, without starting Python and importing anew each time."""
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen([str(python), "-c", COMMAND_RUNNER], cwd=cwd, env=env, text=True,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)

        def critmin(*args: str) -> str:
            process.stdin.write(json.dumps(args) + "\n")
            process.stdin.flush()
            reply = process.stdout.readline()
            errors.seek(0)
            assert reply, (args, errors.read())
            code, stdout, output, exception = json.loads(reply)
            assert code == 0, (args, output, exception)
            return stdout
        try:
            yield critmin
        finally:
            process.stdin.close()
            process.wait(timeout=60)
            process.stdout.close()


@pytest.mark.slow
def test_wheel_installs_and_runs_every_command_from_an_empty_directory(tmp_path):
    wheel = _wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("facts", "rules"):
        for path in (ROOT / folder).rglob("*.yaml"):
            assert f"critmin/shipped/{folder}/{path.relative_to(ROOT / folder).as_posix()}" in names, path
    assert "critmin/inference/assessment.schema.json" in names
    assert "critmin/assistant/vocabulary.yaml" in names
    assert "critmin/words/phrases.yaml" in names
    assert "critmin/py.typed" in names  # type checkers read the annotations (PEP 561)
    assert {f"critmin/serve/static/{n}" for n in ("index.html", "style.css", "app.js")} <= names  # the web page
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"critmin"}  # one import name: no top-level engine, assistant or tests

    # a scratch environment: the wheel installed for real, the dependencies borrowed from this one
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    borrowed = [p for p in sys.path if p.endswith("site-packages")]
    (site / "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "-q", str(wheel)], check=True, capture_output=True, text=True, timeout=300)
    empty = tmp_path / "empty"
    empty.mkdir()
    data = tmp_path / "usgs"
    shutil.copytree(DATA, data)
    (empty / "sweep.json").write_text(json.dumps({"nickel": {"very_high": 1.0}}), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def installed(*args: str) -> str:
        """The installed console script, as a user runs it."""
        out = subprocess.run([str(venv / "bin" / "critmin"), *args], cwd=empty, env=env, capture_output=True,
                             text=True, timeout=300)
        assert out.returncode == 0, (args, out.stderr)
        return out.stdout

    where = subprocess.run([str(python), "-c", "import critmin; print(critmin.__file__)"], cwd=empty, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site))
    for generic in ("engine", "assistant"):
        absent = subprocess.run([str(python), "-c", f"import {generic}"], cwd=empty, env=env, capture_output=True)
        assert absent.returncode != 0, generic
    assert len(json.loads(installed("score", "--format", "json"))) == 22
    with _commands_in(python, empty, env) as critmin:  # every other command, in one installed process
        assert critmin("validate").startswith("ok: 22 minerals")
        assert "Table 5" in critmin("facts", "nickel")
        assert "first_task" in critmin("rules")
        assert "nickel" in critmin("rules", "first_task") and "cobalt" in critmin("rules", "first_task_cobalt")
        assert "No disagreements" in critmin("crosscheck")
        assert "stable: share of 200 sweep samples" in critmin("score", "--stability", "--samples", "200")
        assert "nickel" in critmin("whatif", "--set", "countries.Indonesia.alignment=ally")
        assert "Unchanged:" in critmin("whatif", "--scenario", "slow_transition")
        assert "params.severe_shortfall_min=0.95" in critmin("diff", "--set-b", "params.severe_shortfall_min=0.95")
        assert "indonesia_ally" in critmin("scenarios")
        assert " 0 failed" in critmin("test")  # the rule tests in the packaged rules/tests
        assert "no changes" in critmin("import", "usgs", str(data))
        assert "wrote" in critmin("plot", "matrix", "--out", "m.png")
        assert "wrote" in critmin("plot", "sweep", "--from", "sweep.json", "--out", "s.svg")
        assert json.loads(critmin("schema"))["title"] == "critmin assessments"
    refused = subprocess.run([str(venv / "bin" / "critmin"), "import", "usgs", str(data), "--write"], cwd=empty,
                             env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 1 and "--write needs --facts DIR" in refused.stderr
    assert (empty / "m.png").read_bytes()[:4] == b"\x89PNG" and (empty / "s.svg").exists()
    module = subprocess.run([str(python), "-m", "critmin", "score", "--format", "csv"], cwd=empty, env=env,
                            capture_output=True, text=True, check=True)
    assert module.stdout.startswith("mineral,tier,score,report,basis")


def test_every_package_folder_is_installed():
    """pyproject lists the packages by hand (the folders map onto critmin.*): none may be missing."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(("critmin", *p.parent.relative_to(ROOT / "engine").parts))
             for p in (ROOT / "engine").rglob("__init__.py")}
    assert found | {"critmin.assistant", "critmin.shipped.facts", "critmin.shipped.rules"} == listed
