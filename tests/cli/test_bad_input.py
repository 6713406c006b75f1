"""The bad-input corpus (tests/corpus) through the real CLI and the API.

Every case: one clear message naming the file, key or line:column and what was expected; exit
code 2 (1 for usage); the expected exception type from the API; no traceback; no file written
or changed; no code from the input ever run (the marker file it tries to create never exists).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import critmin
from critmin.io.shipped import shipped_dir
from tests.helpers.badinput import (
    CORPUS,
    Expect,
    Sandbox,
    assert_rejected,
    changes,
    check_output,
    file_cases,
    list_cases,
    make_sandbox,
    run_cli,
    snapshot,
)

FACT_CASES = file_cases("facts")
RULE_CASES = file_cases("rules")
OVERRIDE_CASES = list_cases("overrides")
CLI_CASES = list_cases("cli")


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return make_sandbox(tmp_path)


def long_text(spec: dict) -> str:
    return spec.get("head", "") + spec["text"] * spec["times"] + spec.get("tail", "")


@pytest.mark.parametrize("case", FACT_CASES, ids=lambda c: c.name)
def test_bad_fact_files(sandbox, case):
    case.prepare(sandbox)
    assert_rejected(sandbox, case.commands(), case.expect,
                    api=lambda: critmin.assess(sandbox.facts, sandbox.rules))


@pytest.mark.parametrize("case", RULE_CASES, ids=lambda c: c.name)
def test_bad_rule_files(sandbox, case):
    case.prepare(sandbox)
    assert_rejected(sandbox, case.commands(), case.expect,
                    api=lambda: critmin.assess(sandbox.facts, sandbox.rules))


@pytest.mark.parametrize("case", OVERRIDE_CASES, ids=lambda c: c["about"])
def test_bad_overrides(sandbox, case):
    sets = [long_text(case["long"])] if "long" in case else case["set"]
    sets = [sets] if isinstance(sets, str) else sets
    args = ["score", "--facts", "{facts}", "--rules", "{rules}"]
    for item in sets:
        args += ["--set", item]
    assert_rejected(sandbox, [args], Expect.from_dict(case),
                    api=lambda: critmin.load(sandbox.facts, sandbox.rules, overrides=sets))


@pytest.mark.parametrize("case", CLI_CASES, ids=lambda c: c["about"])
def test_bad_arguments(sandbox, case):
    args = list(case["args"]) + ([long_text(case["long"])] if "long" in case else [])
    assert_rejected(sandbox, [args], Expect.from_dict(case))


def test_the_corpus_covers_every_kind_of_bad_input():
    """Dropping a case from the corpus must be a visible decision, not an accident."""
    facts = {c.name for c in FACT_CASES}
    rules = {c.name for c in RULE_CASES}
    assert {"yaml_syntax_error", "tab_indentation", "duplicate_key", "wrong_type_words",
            "unknown_key_typo", "negative_tonnes", "share_above_one", "shares_sum_above_one",
            "missing_source", "empty_mineral_file", "binary_file", "ten_megabytes",
            "alias_bomb", "python_object_tag", "deep_nesting_10000"} <= facts
    assert {"syntax_error", "unbalanced_bracket", "unknown_name", "text_compared_with_number",
            "duplicate_id", "unknown_tier", "unknown_lever", "signal_cycle", "unsafe_import",
            "unsafe_attribute", "unsafe_subscript", "unsafe_call", "unsafe_lambda",
            "unsafe_comprehension", "unsafe_walrus", "unsafe_fstring", "parentheses_10000",
            "not_not_10000", "huge_number"} <= rules
    assert len(OVERRIDE_CASES) >= 25 and len(CLI_CASES) >= 15
    marker_cases = [c for c in FACT_CASES + RULE_CASES
                    if any("@MARKER@" in p.read_text(errors="replace")
                           for p in c.directory.iterdir())]
    assert len(marker_cases) >= 8


# ---------------------------------------------------------------- the harness itself

def test_snapshot_sees_every_kind_of_change(sandbox):
    import os
    before = snapshot(sandbox.watched())
    nickel = sandbox.facts / "nickel.yaml"
    stat = nickel.stat()
    os.utime(nickel, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # mtime only
    (sandbox.cwd / "new.txt").write_text("x")
    (sandbox.rules / "levers.yaml").unlink()
    found = changes(before, snapshot(sandbox.watched()))
    assert f"changed {nickel}" in found
    assert f"created {sandbox.cwd / 'new.txt'}" in found
    assert f"removed {sandbox.rules / 'levers.yaml'}" in found


def test_check_output_rejects_tracebacks_and_wrong_codes(sandbox):
    ok = run_cli(["score", "--mineral", "nickel"], sandbox)
    with pytest.raises(AssertionError):
        check_output(ok, Expect(exit=2))
    bad = run_cli(["score", "--mineral", "kryptonite"], sandbox)
    check_output(bad, Expect(exit=2, fragments=["unknown mineral"]))
    with pytest.raises(AssertionError):
        check_output(bad, Expect(exit=2, fragments=["a fragment that is not there"]))


def test_every_command_has_help_and_refuses_unknown_options(sandbox):
    from critmin.cli.app import cli

    top = run_cli(["--help"], sandbox)
    assert top.exit_code == 0
    assert {"score", "validate", "facts", "rules"} <= set(cli.commands)
    for name in cli.commands:
        assert name in top.output
        shown = run_cli([name, "--help"], sandbox)
        assert shown.exit_code == 0 and "Usage:" in shown.output, name
        bad = run_cli([name, "--no-such-option"], sandbox)
        check_output(bad, Expect(exit=1, fragments=["No such option", "--no-such-option"]), name)


def test_corpus_cases_are_well_formed():
    for case in FACT_CASES + RULE_CASES:
        assert case.spec.get("about"), case.name
        assert case.spec.get("error") in ("DataError", "RuleError"), case.name
        assert case.expect.fragments, case.name
    assert CORPUS.is_dir() and shipped_dir("facts").is_dir()
