"""Rule text: comments and line structure in expressions, names Python would fold, bounded formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from critmin.errors import RuleError
from critmin.inference.traced import score
from critmin.language.parser import code_only, comment_offset, parse
from critmin.language.syntax import And, ExpressionError, Names, Not
from critmin.ruleset.loading import load_rules

NAMES = Names({"shortfall_2035": "num", "hhi": "num", "top1_country": "str"}, ["sig"], {"x": 1})
WHEN = re.compile(r"^    when: (.+)$", re.MULTILINE)


def commented(match: re.Match) -> str:
    """A one-line ``when:`` as a literal block, one condition per line, each with a comment."""
    parts = match.group(1).split(" and ")
    lines = [f"      {part}   # condition {i} of {len(parts)}" for i, part in enumerate(parts, 1)]
    lines = [lines[0]] + ["        and " + line.strip() for line in lines[1:]]
    return "    when: |\n" + "\n".join(lines)


def test_comments_in_literal_blocks_end_at_their_line(rules, facts, rules_copy):
    """The original defect: the first comment hid every later condition and six tiers rose."""
    changed = 0
    for path in rules_copy.glob("*.yaml"):
        if path.name == "parameters.yaml":
            continue
        text, count = WHEN.subn(commented, path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        changed += count
    assert changed >= 30
    edited = load_rules(rules_copy)
    assert any("#" in (r.when_text or "") for r in rules.rules) is False
    assert all("#" not in r.when_text for r in edited.rules)
    baseline, again = score(facts, rules), score(facts, edited)
    def rows(run):
        return [(a.mineral, a.tier, a.score) for a in run.values()]
    assert rows(again) == rows(baseline)


def test_a_comment_ends_at_the_end_of_its_line_and_never_inside_text():
    node = parse("sig  # a note\n  and not sig", NAMES)
    assert isinstance(node, And) and isinstance(node.items[1], Not)
    assert node.items[1].pos == len("sig  # a note\n  and ")
    node = parse("top1_country == 'a # b'  # the comment\n", NAMES)
    assert node.right.value == "a # b"
    assert code_only("a # b\nc") == "a" + " " * 5 + "c"
    assert comment_offset("x == '#' # c") == 9 and comment_offset("x == '#'") is None


def test_offsets_stay_in_the_written_text():
    with pytest.raises(ExpressionError) as info:
        parse("sig   # first\n  and shortfal_2035 > 1", NAMES)
    assert info.value.offset == "sig   # first\n  and ".__len__()
    with pytest.raises(ExpressionError) as info:  # ast counts bytes; offsets are characters
        parse("top1_country == '中国' and hhhi > 1", NAMES)
    assert info.value.offset == len("top1_country == '中国' and ")


@pytest.mark.parametrize("text, char", [("ｓhortfall_2035 > 0.5", "ｓ"), ("ſig", "ſ"),
                                        ("params.ｘ > 1", "ｘ"), ("ℌhi > 0.1", "ℌ")])
def test_names_with_compatibility_characters_are_refused(text, char):
    with pytest.raises(ExpressionError) as info:
        parse(text, NAMES)
    assert f"character {char!r} (U+{ord(char):04X}" in info.value.message
    assert text[info.value.offset] == char


def test_a_folded_block_with_a_comment_is_refused_at_the_comment(rules_copy: Path):
    (rules_copy / "extra.yaml").write_text(
        "rules:\n  - id: extra_rule\n    when: >\n      shortfall_2035 > 0.5  # most\n"
        "        and hhi > 0.9\n    then: {signal: extra_signal}\n    because: Test.\n"
        "    source: test\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules(rules_copy)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (4, 29)
    assert "literal block" in problem.message


def test_a_rule_built_without_loading_cannot_format_past_the_bound():
    from critmin.language.evaluation import Env
    from critmin.ruleset.because import render_because, spec_problem

    env = Env(indicators={"top1_share": 0.25}, signals=set(), params={}, tier=None)
    assert render_because("{top1_share:.1000000000%}", env) == "0.25"
    assert render_because("{top1_share:.1%}", env) == "25.0%"
    assert spec_problem(".12%") is None and spec_problem(".13%") and spec_problem("0>9")
