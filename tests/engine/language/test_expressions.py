"""The safe expression parser: what it accepts, what it rejects, and how it evaluates."""

from __future__ import annotations

import pytest

from critmin.language.evaluation import Env, evaluate
from critmin.language.normal_forms import dnf, nnf
from critmin.language.parser import parse
from critmin.language.source_text import to_text
from critmin.language.syntax import ExpressionError, Names

NAMES = Names({"shortfall_2035": "num", "top1_share": "num", "top1_country": "str"},
              ["concentrated", "self_sufficient"], {"limit": 0.6, "who": "China"})
ENV = Env({"shortfall_2035": 0.75, "top1_share": 0.32, "top1_country": "China"},
          {"concentrated"}, {"limit": 0.6, "who": "China"})


@pytest.mark.parametrize("text, expected", [
    ("shortfall_2035 >= params.limit", True),
    ("shortfall_2035 >= params.limit and not concentrated", False),
    ("concentrated or self_sufficient", True),
    ("not (shortfall_2035 > 0.5 or concentrated)", False),
    ("0.5 < shortfall_2035 < 0.8", True),
    ("top1_country in ['China', 'Russia']", True),
    ("top1_country not in ['China']", False),
    ("shortfall_2035 + 0.0000002 in [0.75]", True),  # on the grid, as the engine compares
    ("shortfall_2035 + 0.0000002 not in [0.75]", False),
    ("top1_country == params.who", True),
    ("shortfall_2035 - top1_share > 0.4", True),
    ("shortfall_2035 * 2 == 1.5", True),
    ("-top1_share < 0", True),
    ("true", True),
])
def test_evaluates(text, expected):
    assert evaluate(parse(text, NAMES), ENV) is expected


@pytest.mark.parametrize("text, fragment", [
    ("__import__('os')", "function calls"),
    ("open('x')", "function calls"),
    ("shortfall_2035.real > 1", "attribute access"),
    ("top1_country[0] == 'C'", "subscripts"),
    ("(lambda: 1) == 1", "lambdas"),
    ("[x for x in [1]] == 1", "comprehensions"),
    ("(x := 1) > 0", "assignment"),
    ("f'{top1_share}' == 'a'", "f-strings"),
    ("__class__ > 1", "not allowed"),
    ("params.__class__ > 1", "name 'params.__class__' is not allowed"),
    ("shortfal > 1", "did you mean 'shortfall_2035'"),
    ("params.limt > 1", "did you mean 'params.limit'"),
    ("'high' > 3", "cannot compare"),
    ("top1_country > 'A'", "only be compared with == or !="),
    ("shortfall_2035", "expected a condition"),
    ("shortfall_2035 >", "syntax error"),
    ("concentrated + 1 > 2", "needs numbers"),
    ("", "empty expression"),
    ("x" * 3000, "limit"),
    ("not top1_share", "'not' needs a condition"),
    ("top1_share in ['a']", "list items must match"),
])
def test_rejects(text, fragment):
    with pytest.raises(ExpressionError) as info:
        parse(text, NAMES)
    assert fragment in str(info.value)


def test_error_points_at_the_problem():
    with pytest.raises(ExpressionError) as info:
        parse("top1_share > 0.5 and shortfal > 1", NAMES)
    assert info.value.offset == len("top1_share > 0.5 and ")


def test_unknown_values_make_every_comparison_false():
    env = Env({"shortfall_2035": None}, set(), {"limit": 0.6})
    assert evaluate(parse("shortfall_2035 >= params.limit", NAMES), env) is False
    assert evaluate(parse("not (shortfall_2035 >= params.limit)", NAMES), env) is True
    # the normal form pushes `not` into the comparison, so the compiled rule is false too
    pushed = nnf(parse("not (shortfall_2035 >= params.limit)", NAMES))
    assert to_text(pushed) == "shortfall_2035 < params.limit"
    assert evaluate(pushed, env) is False


def test_numbers_compare_at_a_millionth():
    assert evaluate(parse("0.1 + 0.2 == 0.3", NAMES), ENV) is True
    assert evaluate(parse("top1_share >= 0.3200004", NAMES), ENV) is True
    assert evaluate(parse("top1_share >= 0.320002", NAMES), ENV) is False


def test_dnf_splits_alternatives():
    node = nnf(parse("(concentrated or self_sufficient) and shortfall_2035 > 0.5", NAMES))
    assert [[to_text(lit) for lit in conj] for conj in dnf(node)] == [
        ["concentrated", "shortfall_2035 > 0.5"], ["self_sufficient", "shortfall_2035 > 0.5"]]


def test_to_text_keeps_precedence():
    node = parse("(shortfall_2035 + 1) * 2 > 0 and (concentrated or not self_sufficient)", NAMES)
    assert to_text(node) == "(shortfall_2035 + 1) * 2 > 0 and (concentrated or not self_sufficient)"
