"""Slips in rule expressions: percentages read as in --set; operators from other languages named."""

from __future__ import annotations

import pytest

from critmin.language.parser import parse
from critmin.language.slips import operator_slip, percentages
from critmin.language.syntax import Compare, Const, ExpressionError, Member
from critmin.ruleset.model import names_for

NAMES = names_for("outcomes", ["severe_shortfall"], {"severe_shortfall_min": 0.9})


@pytest.mark.parametrize("text, value", [("shortfall_2035 > 50%", 0.5), ("shortfall_2035 >= 35.5%", 0.355),
                                         ("shortfall_2035 > 1e1%", 0.1), ("shortfall_2035 > -5%", -0.05)])
def test_a_percentage_is_hundredths(text, value):
    node = parse(text, NAMES)
    assert isinstance(node, Compare) and isinstance(node.right, Const) and node.right.value == pytest.approx(value)


def test_percentages_before_and_or_and_in_lists():
    node = parse("shortfall_2035 >= 35% and top1_share < 60% or severe_shortfall", NAMES)
    assert node.items[0].items[1].right.value == pytest.approx(0.6)
    member = parse("shortfall_2035 in [10%, 20%]", NAMES)
    assert isinstance(member, Member) and member.items == (0.1, 0.2)


def test_text_and_modulo_are_not_percentages():
    assert parse("top1_country == '50%'", NAMES).right.value == "50%"
    with pytest.raises(ExpressionError, match=r"only \+ - \* /"):
        parse("shortfall_2035 > 50 % 3", NAMES)
    assert percentages("x > '5%'") == ("x > '5%'", frozenset())


@pytest.mark.parametrize("text, fragment, caret", [
    ("shortfall_2035 = 0.5", "write '==' to test equality", 15),
    ("severe_shortfall AND top1_share > 0.5", "'AND' is not an operator here; write 'and' in lower case", 17),
    ("severe_shortfall OR top1_share > 0.5", "write 'or' in lower case", 17),
    ("NOT severe_shortfall", "write 'not' in lower case", 0),
    ("severe_shortfall && top1_share > 0.5", "'&&' is not an operator here; write 'and'", 17),
    ("severe_shortfall || top1_share > 0.5", "'||' is not an operator here; write 'or'", 17),
    ("top1_share => 0.5", "write '>='", 11),
    ("top1_share =< 0.5", "write '<='", 11),
    ("top1_share <> 0.5", "write '!='", 11),
    ("!severe_shortfall", "write 'not'", 0),
])
def test_operators_from_other_languages_get_the_right_one_with_a_caret(text, fragment, caret):
    with pytest.raises(ExpressionError) as caught:
        parse(text, NAMES)
    assert fragment in caught.value.message and caught.value.offset == caret
    assert str(caught.value).splitlines()[-1] == "    " + " " * caret + "^"


def test_single_ampersand_and_bar_name_and_or():
    for text, word in (("severe_shortfall & severe_shortfall", "'and'"),
                       ("severe_shortfall | severe_shortfall", "'or'")):
        with pytest.raises(ExpressionError, match=word):
            parse(text, NAMES)


def test_a_tier_written_in_another_case_gets_a_did_you_mean():
    with pytest.raises(ExpressionError, match=r"did you mean 'high'"):
        parse("tier >= 'High'", NAMES)
    with pytest.raises(ExpressionError, match=r"did you mean 'very_high'"):
        parse("tier == 'very high'", NAMES)


def test_no_slip_in_a_sound_expression():
    assert operator_slip("shortfall_2035 >= 0.5 and not severe_shortfall") is None
