"""The rule engine's hard limits: large and complex rule sets score correctly or are refused.

durable_rules has fixed-size tables (64 pending matches per fact, 16 facts per match, 14
nested condition groups per pattern, 255 properties per fact). Past them it fails with a
bare error code or crashes the process. The compiler splits rule sets and refuses rules that
cannot fit; these tests generate rule sets at and beyond every limit and check each firing
against a direct evaluation of the same conditions.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from critmin.assumptions.inputs import load
from critmin.cli.app import cli
from critmin.errors import RuleError
from critmin.indicators.catalogue import INDICATORS
from critmin.inference.compiler import MAX_GROUPS, MAX_JOINED_SIGNALS, MAX_PATTERNS, compile_rules
from critmin.inference.traced import score
from critmin.io.shipped import shipped_dir
from critmin.language.evaluation import Env, evaluate
from critmin.language.normal_forms import nnf
from critmin.language.syntax import references

NUMERIC = sorted(name for name, spec in INDICATORS.items() if spec.type == "num")


def rule_yaml(rule_id: str, when: str, then: str) -> str:
    return (f"  - id: {rule_id}\n    when: \"{when}\"\n    then: {then}\n"
            f"    because: generated\n    source: test\n")


def write_rules(directory: Path, bodies: list[str]) -> Path:
    target = directory / "rules"
    shutil.copytree(shipped_dir("rules"), target)
    (target / "generated.yaml").write_text("rules:\n" + "".join(bodies), encoding="utf-8")
    return target


def expected_rules(assessment, rules) -> set[str]:
    """The rules whose condition holds on the final values (strata make this exact).

    ``not SIGNAL`` holds only for a signal decided false; each signal the run left undecided
    must be one no rule concluded and that some rule for it reads an unknown input of.
    """
    values = {n: i.value for n, i in assessment.indicators.items()}
    undecided = set(assessment.undecided)
    for name in undecided:
        assert name not in assessment.signals
        readers = [r for r in rules.rules if r.kind == "signal" and r.conclusion == name]
        assert any(values.get(ref.name) is None if ref.kind == "indicator" else ref.name in undecided
                   for r in readers for ref in references(r.when) if ref.kind in ("indicator", "signal"))
    env = Env(values, set(assessment.signals), rules.param_values, assessment.tier, undecided)
    fired = set()
    for rule in rules.rules:
        known = rule.points is None or evaluate(rule.points, env) is not None
        if known and evaluate(nnf(rule.when), env):
            fired.add(rule.id)
    return fired


def assert_engine_agrees(rules_dir: Path) -> None:
    facts, rules = load(None, rules_dir)
    results = score(facts, rules)
    for assessment in results.values():
        fired = {t.rule for t in assessment.trace}
        assert fired == expected_rules(assessment, rules), assessment.mineral


def random_rules(count: int, seed: int) -> list[str]:
    """A mix of every shape the compiler emits: comparisons, or, in, arithmetic, joins."""
    rng = random.Random(seed)
    bodies, signals = [], []
    for i in range(count):
        shape = i % 8
        a, b = rng.choice(NUMERIC), rng.choice(NUMERIC)
        t = round(rng.random(), 3)
        if shape == 0 or not signals:
            when = f"{a} >= {t}"
        elif shape == 1:
            when = f"{a} < {t} or {b} > {t}"
        elif shape == 2:
            when = "top1_country in ['China', 'Chile', 'Australia']"
        elif shape == 3:
            when = f"{a} * 2 + {b} > {t}"
        elif shape == 4:
            reads = rng.sample(signals, min(3, len(signals)))
            when = " and ".join(reads)
        elif shape == 5:
            when = f"not {rng.choice(signals)} and {a} >= 0"
        elif shape == 6:
            when = f"{rng.choice(signals)} or import_dependent"
        else:
            when = f"{a} != {b}"
        kind = rng.choice(["signal", "signal", "signal", "tier", "points", "lever"])
        if kind == "signal":
            signals.append(f"g{i}")
            then = f"{{signal: g{i}}}"
        elif kind == "tier":
            then = f"{{tier: {rng.choice(['low', 'medium', 'high', 'very_high'])}}}"
        elif kind == "points":
            then = f"{{points: '{a} * 0.01'}}"
        else:
            when = f"tier >= 'medium' and ({when})" if shape not in (4, 6) else when
            then = "{lever: tariff}"
        bodies.append(rule_yaml(f"r{i}", when, then))
    return bodies


@pytest.mark.slow
def test_two_thousand_rules_score_like_direct_evaluation(tmp_path):
    assert_engine_agrees(write_rules(tmp_path, random_rules(2000, seed=6)))


def test_many_rules_reading_one_signal(tmp_path):
    # every join pattern is pending for every fact: 200 readers in one stratum
    bodies = [rule_yaml(f"reader{i}", f"import_dependent and hhi >= {i / 1000}", f"{{signal: x{i}}}")
              for i in range(200)]
    assert_engine_agrees(write_rules(tmp_path, bodies))


def test_an_alternative_at_each_limit_fires(tmp_path):
    base = [rule_yaml(f"b{i}", "shortfall_2035 >= 0", f"{{signal: b{i}}}") for i in range(50)]
    joins = " and ".join(f"b{i}" for i in range(MAX_JOINED_SIGNALS))
    absent = " and ".join(f"not b{i}" for i in range(MAX_PATTERNS - 1))
    groups = " and ".join(f"hhi * {i + 1} >= 0" for i in range(MAX_GROUPS))
    calcs = [rule_yaml(f"calc{j}", " and ".join(f"hhi * {j * 20 + i + 1} >= 0" for i in range(7)),
                       f"{{signal: c{j}}}") for j in range(40)]  # 280 computed fields
    bodies = base + calcs + [rule_yaml("joins", joins, "{signal: all_joined}"),
                             rule_yaml("absent", absent, "{signal: none_there}"),
                             rule_yaml("groups", groups, "{signal: grouped}")]
    assert_engine_agrees(write_rules(tmp_path, bodies))


def test_points_that_read_much_or_cannot_be_computed(tmp_path):
    many = " + ".join(NUMERIC[:12])  # twelve indicators: one existence test each, no groups
    product = "demand_2035_t" + " * 1000000000000" * 30  # nickel's: an integer beyond any float
    bodies = [rule_yaml("many_reads", "shortfall_2035 >= 0", f"{{points: '{many}'}}"),
              rule_yaml("repeated_reads", "hhi >= 0", f"{{points: '{product} * 0'}}"),
              rule_yaml("divided_by_zero", "hhi >= 0", "{points: '1 / (hhi - hhi)'}"),
              rule_yaml("known_points", "hhi >= 0", "{points: 'hhi * 10'}")]
    rules_dir = write_rules(tmp_path, bodies)
    assert_engine_agrees(rules_dir)
    results = score(*load(None, rules_dir))
    fired = {t.rule for a in results.values() for t in a.trace}
    assert "known_points" in fired and "many_reads" in fired and "divided_by_zero" not in fired
    assert "repeated_reads" not in {t.rule for t in results["nickel"].trace}


@pytest.mark.parametrize("when, fragment", [
    (" and ".join(f"b{i}" for i in range(MAX_JOINED_SIGNALS + 1)),
     f"requires {MAX_JOINED_SIGNALS + 1} signals; the rule engine allows at most {MAX_JOINED_SIGNALS}"),
    (" and ".join(f"not b{i}" for i in range(MAX_PATTERNS)),
     f"reads {MAX_PATTERNS} signals; the rule engine allows at most {MAX_PATTERNS - 1}"),
    (" and ".join(f"hhi * {i + 1} >= 0" for i in range(MAX_GROUPS + 1)),
     f"needs {MAX_GROUPS + 1} condition groups and the limit is {MAX_GROUPS}"),
])
def test_beyond_a_limit_is_a_rule_error_naming_the_rule(tmp_path, when, fragment):
    base = [rule_yaml(f"b{i}", "shortfall_2035 >= 0", f"{{signal: b{i}}}") for i in range(60)]
    rules_dir = write_rules(tmp_path, base + [rule_yaml("too_big", when, "{signal: big}")])
    with pytest.raises(RuleError) as info:
        compile_rules(load(None, rules_dir)[1])
    assert fragment in str(info.value) and "generated.yaml:" in str(info.value)
    assert "too_big" in str(info.value)
    for command in ("validate", "score"):
        result = CliRunner().invoke(cli, [command, "--rules", str(rules_dir)])
        assert result.exit_code == 2, result.output
        assert fragment in result.output and "Traceback" not in result.output


def test_a_failed_engine_run_does_not_crash_the_process():
    # 65 rules joining a signal overflow durable_rules' match stack (error 303); deleting
    # the broken state would crash the interpreter, so the adapter abandons the rule set.
    script = textwrap.dedent("""
        from critmin.inference.durable import DurableAdapter
        from critmin.errors import EngineError
        a = DurableAdapter()
        join = {"$and": [{"mineral": {"m": "mineral"}}, {"kind": "signal"}, {"name": "z"}]}
        rules = {f"r{i}": {"all": [{"m": {"kind": "mineral"}}, {"s": join}]} for i in range(65)}
        rules["__sink_signal"] = {"all": [{"x": {"kind": "signal"}}], "pri": 1000}
        rules["__sink_mineral"] = {"all": [{"x": {"kind": "mineral"}}], "pri": 1000}
        facts = [{"kind": "mineral", "mineral": "a"}, {"kind": "signal", "mineral": "a", "name": "q"}]
        try:
            a.run("overflow", rules, facts)
        except EngineError as exc:
            print("refused:", exc)
        ok = {"r": {"all": [{"m": {"kind": "mineral"}}]}}
        print("after:", len(a.run("fine", ok, facts[:1])), a.quarantined, a.registered)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "durable_rules error 303" in out.stdout
    assert "after: 1 1 1" in out.stdout
