"""Unknown inputs never conclude: `not SIGNAL` over a signal undecided for want of data does not
hold, and a mineral whose tier rules are undecided is unrated with its missing inputs named,
on the traced path, the column-wise path, the CLI, the API and the chat (tests/corpus/unknowns.yaml)."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from click.testing import CliRunner

from critmin.assistant.answers import respond
from critmin.assistant.knowledge import Knowledge
from critmin.assumptions.inputs import load
from critmin.cli.app import cli
from critmin.explain.why import why
from critmin.explain.why_not import why_not
from critmin.fast.columnar import evaluate_scenarios
from critmin.inference.traced import score
from critmin.render import text
from tests.helpers.paths import CORPUS, ROOT

CASES = yaml.safe_load((CORPUS / "unknowns.yaml").read_text(encoding="utf-8"))


def _facts(tmp_path, case) -> str:
    facts = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", facts)
    cut = case.get("cut")
    if cut:
        path = facts / cut["file"]
        body = path.read_text(encoding="utf-8")
        # the key's block: its line and every more-indented line after it
        block = re.search(rf"^( *){cut['key']}:\n(?:\1 .*\n)*", body, re.M)
        assert block, cut
        path.write_text(body.replace(block.group(0), ""), encoding="utf-8")
    return str(facts)


@pytest.mark.parametrize("case", CASES, ids=[c["about"] for c in CASES])
def test_unknown_inputs_are_unrated_and_named_everywhere(tmp_path, case):
    facts_dir, sets, mineral = _facts(tmp_path, case), case.get("set", []), case["mineral"]
    facts, rules = load(facts_dir, None, sets)
    traced = score(facts, rules)[mineral]
    assert traced.tier == "unrated", case["about"]
    warning = " ".join(traced.warnings)
    for fragment in case["names"]:
        assert fragment in warning
    # the column-wise path agrees
    frame = evaluate_scenarios(facts, rules, [[]], [mineral])
    assert list(frame["tier"]) == ["unrated"]
    # the CLI and explanations, in both languages
    args = ["--facts", facts_dir] + [a for s in sets for a in ("--set", s)]
    scored = CliRunner().invoke(cli, ["score", "--mineral", mineral, *args])
    assert scored.exit_code == 0 and "unrated" in scored.output and case["names"][0] in scored.output
    explained = CliRunner().invoke(cli, ["explain", mineral, *args])
    assert explained.exit_code == 0 and "Its inputs are unknown" in explained.output
    results = score(facts, rules)
    for lang, intro in (("en", "Its inputs are unknown"), ("zh", "以下输入未知")):
        for tree in (why(results, mineral), why_not(results, mineral, "low")):
            shown = text(tree, lang)
            assert intro in shown and case["names"][0] in shown, (lang, shown)


def test_not_signal_needs_the_signal_decided_false():
    facts, rules = load(None, None, ["nickel.us.demand_2035_t=0"])
    nickel = score(facts, rules)["nickel"]
    assert {"import_dependent", "self_sufficient", "severe_shortfall"} <= set(nickel.undecided)
    assert not [t for t in nickel.trace if t.rule == "limited_import_need"]  # not import_dependent
    # a signal decided on known data still negates: zinc is low on 'not import_dependent'
    zinc = score(*load())["zinc"]
    assert zinc.tier == "low" and "import_dependent" not in zinc.undecided


def test_paths_agree_on_undecided_negations_across_minerals():
    scenarios = [[], ["nickel.us.demand_2035_t=0"], ["copper.us.demand_2035_t=0", "cobalt.us.demand_2035_t=0"],
                 ["params.import_dependent_min=0.5", "zinc.us.demand_2035_t=0"]]
    facts, rules = load()
    frame = evaluate_scenarios(facts, rules, scenarios)
    for i, sets in enumerate(scenarios):
        traced = score(*load(None, None, sets))
        fast = frame[frame["scenario"] == i].set_index("mineral")
        for a in traced.values():
            assert (a.tier, a.score) == (fast.loc[a.mineral, "tier"], fast.loc[a.mineral, "score"]), (sets, a.mineral)
            assert a.signals == fast.loc[a.mineral, "signals"], (sets, a.mineral)


def test_the_chat_explains_an_unrated_mineral_by_its_missing_inputs():
    kb = Knowledge(sets=["nickel.us.demand_2035_t=0"])
    for question, intro in (("why is nickel not very high?", "Its inputs are unknown"),
                            ("为什么镍不是极高？", "以下输入未知")):
        answer, _ = respond(question, kb)
        assert answer.tiers.get("nickel") == "unrated", answer.text
        assert intro in answer.text and "us.demand_2035_t" in answer.text, answer.text


def test_an_imported_mineral_without_2035_figures_is_unrated(tmp_path):
    from tests.helpers.paths import USGS_DATA

    facts = tmp_path / "facts"
    shutil.copytree(ROOT / "facts", facts)
    (facts / "gallium.yaml").unlink()
    written = CliRunner().invoke(cli, ["import", "usgs", str(USGS_DATA), "--facts", str(facts),
                                       "--mineral", "gallium", "--write"])
    assert written.exit_code == 0, written.output
    gallium = score(*load(str(facts)))["gallium"]
    assert gallium.tier == "unrated" and gallium.missing
    keys = [key for m in gallium.missing for key in m.missing]
    assert "us.demand_2035_t" in keys or "us.supply_2035_t" in keys, gallium.missing
