"""A second rule set in the same process is explained with its own reasons, sources and files
(the compiled-rules cache is keyed on every field of every rule), by the API and the chat."""

from __future__ import annotations

import shutil

from critmin.assistant.knowledge import Knowledge
from critmin.assumptions.inputs import load
from critmin.inference.traced import score
from tests.helpers.edits import edit
from tests.helpers.paths import ROOT

OLD = "Imports must cover {shortfall_2035:.1%} of US demand in 2035"
NEW = "Second set: imports cover {shortfall_2035:.1%}"


def _second(tmp_path, old=OLD, new=NEW, name="signals.yaml"):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    edit(rules / name, old, new)
    return rules


def _record(results, mineral, rule):
    return next(t for t in results[mineral].trace if t.rule == rule)


def test_the_api_explains_each_rule_set_with_its_own_reasons_and_files(tmp_path):
    first = score(*load())
    rules = _second(tmp_path)
    second = score(*load(None, str(rules)))
    record = _record(second, "nickel", "import_dependent")
    assert record.because.startswith("Second set: imports cover 98.9%")
    assert record.file == str(rules / "signals.yaml")
    assert _record(first, "nickel", "import_dependent").because.startswith("Imports must cover")
    again = score(*load())  # and back: the first set's reasons, not the second's
    assert _record(again, "nickel", "import_dependent").file == str(ROOT / "rules" / "signals.yaml")


def test_a_changed_source_of_a_tier_rule_reaches_the_answer(tmp_path):
    rules = _second(tmp_path, 'source: "Report section 3.2: meeting nickel demand',
                    'source: "Second set source: meeting nickel demand', "tiers.yaml")
    score(*load())
    record = _record(score(*load(None, str(rules))), "nickel", "first_task")
    assert record.source.startswith("Second set source")


def test_the_chat_explains_with_the_rule_set_it_switched_to(tmp_path):
    kb = Knowledge()
    assert "Imports must cover" in " ".join(t.because for t in kb.results["nickel"].trace)
    rules = _second(tmp_path)
    kb.session.set(f"rules={rules}")
    record = _record(kb.results, "nickel", "import_dependent")
    assert record.because.startswith("Second set") and record.file == str(rules / "signals.yaml")
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
