"""Numbers in what-if questions (tests/corpus/whatif_numbers.yaml): read exactly or refused, never guessed."""

from __future__ import annotations

import json

import pytest

from critmin.assistant.knowledge import Knowledge
from critmin.assistant.parse import parse
from tests.helpers.badinput import FORBIDDEN_OUTPUT, changes, list_cases, make_sandbox, run_cli, snapshot

CASES = list_cases("whatif_numbers")
KB = Knowledge()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["q"])
def test_a_number_is_read_exactly_or_refused(case):
    parsed = parse(case["q"], KB.lexicon)
    assert parsed.intent == "whatif"
    assert list(parsed.overrides) == case.get("overrides", []), parsed.problems
    for fragment in case.get("expect", []):
        assert any(fragment in p for p in parsed.problems), parsed.problems


@pytest.mark.parametrize("case", [c for c in CASES if "expect" in c][:4], ids=lambda c: c["q"])
def test_critmin_ask_refuses_without_changing_anything(tmp_path, case):
    sandbox = make_sandbox(tmp_path)
    before = snapshot(sandbox.watched())
    result = run_cli(["ask", "--format", "json", case["q"]], sandbox)
    assert result.exit_code == 0 and not any(bad in result.output for bad in FORBIDDEN_OUTPUT)
    answer = json.loads(result.output)
    assert case["expect"][0] in json.dumps(answer, ensure_ascii=False)
    assert changes(before, snapshot(sandbox.watched())) == []
