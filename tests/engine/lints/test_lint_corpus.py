"""Rule mistakes that load and run but mean something else (tests/corpus/lints): each is flagged
with its location by `critmin validate` (a warning; an error with --strict) and by the API."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from critmin.facts.loading import load_facts
from critmin.lints.checks import lint
from critmin.ruleset.loading import load_rules
from tests.helpers.badinput import CASE_FILE, CORPUS, FORBIDDEN_OUTPUT, FileCase, Sandbox, make_sandbox, run_cli

CASES = [FileCase(d.name, "rules", d, yaml.safe_load((d / CASE_FILE).read_text(encoding="utf-8")))
         for d in sorted((CORPUS / "lints").iterdir()) if (d / CASE_FILE).is_file()]


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return make_sandbox(tmp_path)


def validate(sandbox: Sandbox, *extra: str):
    result = run_cli(["validate", "--facts", "{facts}", "--rules", "{rules}", *extra], sandbox)
    for bad in FORBIDDEN_OUTPUT:
        assert bad not in result.output, result.output
    return result


def located(output: str, where: str) -> list[str]:
    """The first line of each finding at ``where`` (file:line:col, the file's own name)."""
    return [line for line in output.splitlines() if f"/{where}: " in line]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_mistake_is_flagged_where_it_is(sandbox, case):
    case.prepare(sandbox)
    spec = case.spec
    loose, strict = validate(sandbox), validate(sandbox, "--strict")
    if spec["kind"] == "clean":
        assert loose.exit_code == strict.exit_code == 0 and "warning" not in loose.output, loose.output
        assert lint(load_facts(sandbox.facts), load_rules(sandbox.rules)) == []
        return
    for fragment in spec["expect"]:
        assert fragment in loose.output and fragment in strict.output, loose.output
    if spec["kind"] == "error":  # operator and case slips do not load: an error with a caret
        assert loose.exit_code == strict.exit_code == 2
        assert located(loose.output, spec["where"]), loose.output
        return
    assert loose.exit_code == 0 and "warning(s)" in loose.output, loose.output
    assert any("warning:" in line for line in located(loose.output, spec["where"])), loose.output
    assert strict.exit_code == 2 and any("error:" in line for line in located(strict.output, spec["where"]))
    found = [f for f in lint(load_facts(sandbox.facts), load_rules(sandbox.rules)) if f.code == spec["code"]]
    wanted = spec["where"].rsplit(":", 2)
    assert any(Path(f.problem.file).name == wanted[0] and f.problem.line == int(wanted[1])
               and f.problem.column == int(wanted[2]) for f in found), [str(f) for f in found]


def test_the_shipped_rules_have_no_lint(facts, rules):
    assert lint(facts, rules) == []


def test_critmin_test_shows_the_lints(sandbox):
    case = next(c for c in CASES if c.name == "share_written_as_percent_number")
    case.prepare(sandbox)
    result = run_cli(["test", "--facts", "{facts}", "--rules", "{rules}"], sandbox)
    assert result.exit_code == 0 and "adversary_share is a share" in result.output
    data = __import__("json").loads(run_cli(["test", "--facts", "{facts}", "--rules", "{rules}", "--format", "json"],
                                            sandbox).stdout)
    assert [(f["code"], f["rule"]) for f in data["lints"]] == [("share-above-one", "share_written_as_percent_number")]
    assert all(f["file"].endswith("extra.yaml") and f["line"] == 3 for f in data["lints"])
