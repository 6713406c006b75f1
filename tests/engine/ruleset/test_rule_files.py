"""Rule files: loading, checking, strata and compilation."""

from __future__ import annotations

from pathlib import Path

import pytest

from critmin.errors import RuleError
from critmin.inference.compiler import compile_rules
from critmin.ruleset.loading import load_rules


def add_rule(directory: Path, body: str, name: str = "extra.yaml") -> None:
    (directory / name).write_text("rules:\n" + body, encoding="utf-8")


def rule_error(directory: Path) -> str:
    with pytest.raises(RuleError) as info:
        load_rules(directory)
    return str(info.value)


def test_shipped_rules_have_every_part(rules):
    assert {r.layer for r in rules.rules} == {"signals", "tiers", "outcomes"}
    for rule in rules.rules:
        assert rule.because and rule.source and rule.file and rule.line
    assert {r.conclusion for r in rules.rules if r.kind == "lever"} == {
        "ally_sourcing", "stockpile", "price_floor", "tariff", "domestic_production", "recycling"}


def test_every_threshold_is_a_parameter(rules):
    # a rule compares indicators against params.*, never against a bare threshold
    from critmin.language.normal_forms import dnf, nnf
    from critmin.language.syntax import Compare, Const
    for rule in rules.rules:
        if rule.layer != "signals":
            continue
        for conj in dnf(nnf(rule.when)):
            for lit in conj:
                if isinstance(lit, Compare) and isinstance(lit.right, Const):
                    # a count, a yes/no fact and a country name, not thresholds
                    assert rule.id in ("export_restricted", "uncertain_demand", "ore_processed_elsewhere"), rule.id


def test_strata_put_signals_before_their_readers(rules):
    by_signal = {r.conclusion: r.stratum for r in rules.rules if r.kind == "signal"}
    easily = rules.rule("easily_sourced")
    assert easily.stratum > by_signal["diversified_supply"]
    tier_strata = {r.stratum for r in rules.rules if r.layer == "tiers"}
    assert min(tier_strata) > max(by_signal.values())


def test_expression_errors_name_file_line_and_column(rules_copy):
    add_rule(rules_copy, "  - id: bad\n    when: shortfal_2035 > 1\n    then: {signal: x}\n"
                         "    because: b\n    source: s\n")
    text = rule_error(rules_copy)
    assert "extra.yaml:3:11" in text and "did you mean 'shortfall_2035'" in text
    assert "    shortfal_2035 > 1\n    ^" in text


@pytest.mark.parametrize("body, fragment", [
    ("  - id: a\n    when: __import__('os').system('touch /tmp/x')\n    then: {signal: x}\n"
     "    because: b\n    source: s\n", "function calls"),
    ("  - id: a\n    when: (shortfall_2035 > 1\n    then: {signal: x}\n    because: b\n    source: s\n",
     "syntax error"),
    ("  - id: a\n    when: \"'high' > 3\"\n    then: {signal: x}\n    because: b\n    source: s\n",
     "cannot compare"),
    ("  - id: a\n    when: shortfall_2035 > 1\n    then: {tier: extreme}\n    because: b\n    source: s\n",
     "unknown tier"),
    ("  - id: a\n    when: shortfall_2035 > 1\n    then: {lever: subsidy}\n    because: b\n    source: s\n",
     "unknown lever"),
    ("  - id: a\n    when: shortfall_2035 > 1\n    then: {signal: x}\n    because: b\n", "missing 'source'"),
    ("  - id: a\n    when: shortfall_2035 > 1\n    then: {signal: x}\n    because: b\n    source: s\n"
     "    priority: 3\n", "unknown key 'priority'"),
    ("  - id: self_sufficient\n    when: shortfall_2035 > 1\n    then: {signal: x}\n    because: b\n"
     "    source: s\n", "duplicate rule id"),
    ("  - id: a\n    when: tier == 'high'\n    then: {signal: x}\n    because: b\n    source: s\n",
     "unknown name 'tier'"),
    ("  - id: a\n    when: shortfall_2035 > 1\n    then: {signal: x}\n    because: \"{nope:.0%}\"\n"
     "    source: s\n", "unknown name 'nope'"),
])
def test_bad_rules_are_rejected(rules_copy, body, fragment):
    add_rule(rules_copy, body)
    assert fragment in rule_error(rules_copy)


def test_signal_cycles_are_rejected(rules_copy):
    add_rule(rules_copy, "  - id: a\n    when: sig_b\n    then: {signal: sig_a}\n    because: x\n    source: s\n"
                         "  - id: b\n    when: not sig_a\n    then: {signal: sig_b}\n    because: x\n    source: s\n")
    assert "cycle" in rule_error(rules_copy)


def test_parameters_are_checked(rules_copy):
    path = rules_copy / "parameters.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nbroken:\n  valeu: 3\n", encoding="utf-8")
    assert "broken" in rule_error(rules_copy)


def test_compiled_rulesets_are_named_by_content(rules):
    first, second = compile_rules(rules), compile_rules(rules)
    assert [c.name for s in first.strata for c in s] == [c.name for s in second.strata for c in s]
    changed = compile_rules(rules.with_params({"severe_shortfall_min": 0.8}))
    assert {c.name for s in first.strata for c in s} != {c.name for s in changed.strata for c in s}


def test_compiled_patterns_join_on_the_mineral_first(rules):
    for stratum in compile_rules(rules).strata:
        for chunk in stratum:
            for name, rule in chunk.definition.items():
                if name.startswith("__sink"):
                    continue  # a sink has one pattern: it only makes every fact 'handled'
                patterns = rule["all"]
                for pattern in patterns[1:]:
                    (alias, body), = pattern.items()
                    assert body["$and"][0] == {"mineral": {"m": "mineral"}}, name


def test_with_params_checks_names_and_types(rules):
    with pytest.raises(RuleError, match="did you mean 'params.severe_shortfall_min'"):
        rules.with_params({"severe_shortfal_min": 1})
    with pytest.raises(RuleError, match="expected a number"):
        rules.with_params({"severe_shortfall_min": "high"})
