"""A second rule set in the same process is explained with its own reasons, sources and files
(the compiled-rules cache is keyed on every field of every rule), by the API and the chat."""

from __future__ import annotations

import shutil

import pytest
import yaml

from critmin.assistant.knowledge import Knowledge
from critmin.assumptions.inputs import load
from critmin.inference.traced import score
from tests.helpers.edits import edit
from tests.helpers.paths import CORPUS, ROOT


def _second(tmp_path, old="Imports must cover {shortfall_2035:.1%} of US demand in 2035",
            new="Second set: imports cover {shortfall_2035:.1%}", name="signals.yaml"):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    edit(rules / name, old, new)
    return rules


def _record(results, mineral, rule):
    return next(t for t in results[mineral].trace if t.rule == rule)


CASES = yaml.safe_load((CORPUS / "rulesets.yaml").read_text(encoding="utf-8"))


def _expected(case, rules_dir) -> str:
    if case["field"] == "file":
        return str(rules_dir / case["file"])
    return "Second set"


def _shown(record, case) -> str:
    return getattr(record, case["field"])


@pytest.mark.parametrize("case", CASES, ids=[c["about"] for c in CASES])
def test_the_api_explains_each_rule_set_with_its_own_text(tmp_path, case):
    first = _record(score(*load()), case["mineral"], case["rule"])
    rules = _second(tmp_path, case["old"], case["new"], case["file"])
    second = _record(score(*load(None, str(rules))), case["mineral"], case["rule"])
    assert _shown(second, case).startswith(_expected(case, rules)), second
    assert second.file == str(rules / case["file"])
    again = _record(score(*load()), case["mineral"], case["rule"])  # and back to the first set
    assert again == first


@pytest.mark.parametrize("case", CASES, ids=[c["about"] for c in CASES])
def test_the_chat_explains_with_the_rule_set_it_switched_to(tmp_path, case):
    kb = Knowledge()
    first = _record(kb.results, case["mineral"], case["rule"])
    rules = _second(tmp_path, case["old"], case["new"], case["file"])
    kb.session.set(f"rules={rules}")
    second = _record(kb.results, case["mineral"], case["rule"])
    assert _shown(second, case).startswith(_expected(case, rules)) and second != first
    assert kb.lexicon.rule_ids == sorted(r.id for r in kb.rules.rules)


def test_naming_an_edited_rule_directory_again_loads_the_edit(tmp_path):
    kb = Knowledge()
    rules = _second(tmp_path)
    kb.session.set(f"rules={rules}")
    assert _record(kb.results, "nickel", "import_dependent").because.startswith("Second set")
    edit(rules / "signals.yaml", "Second set: imports cover", "Edited again: imports cover")
    kb.session.reset()
    kb.session.set(f"rules={rules}")
    assert _record(kb.results, "nickel", "import_dependent").because.startswith("Edited again")


def test_a_column_wise_rerun_with_another_rule_set_computes_the_columns_it_reads(tmp_path):
    from critmin.fast.columnar import evaluate_table
    from critmin.fast.scenario_table import table_from_scenarios

    facts, rules = load()
    first = evaluate_table(table_from_scenarios([(facts, rules)]), rules)
    other = _second(tmp_path, "when: shortfall_2035 >= params.import_dependent_min",
                    "when: hhi >= 0 and shortfall_2035 >= params.import_dependent_min")
    other_rules = load(None, str(other))[1]
    again = evaluate_table(table_from_scenarios([(facts, other_rules)]), other_rules, same_facts_as=first)
    fresh = evaluate_table(table_from_scenarios([(facts, other_rules)]), other_rules)
    assert (again.rank == fresh.rank).all() and (again.score == fresh.score).all()
