"""Property-based tests: no input crashes the expression parser, the fact and rule loaders or the overrides.

Whatever the input, only critmin's own errors come out (RuleError for expressions and rules,
DataError for facts, OverrideError for overrides), in bounded time; valid expressions keep their
meaning through negation normal form, disjunctive normal form and their printed text.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from critmin.errors import CritminError, DataError, RuleError
from critmin.facts.loading import load_facts
from critmin.inference.traced import score
from critmin.io.shipped import shipped_dir
from critmin.io.yaml_reader import parse_yaml
from critmin.language.evaluation import Env, evaluate
from critmin.language.normal_forms import dnf, nnf
from critmin.language.parser import MAX_DEPTH, MAX_LENGTH, parse
from critmin.language.source_text import to_text
from critmin.language.syntax import ExpressionError, Names
from critmin.ruleset.loading import load_rules

NAMES = Names({"shortfall_2035": "num", "top1_share": "num", "hhi": "num", "top1_country": "str"},
              ["concentrated", "self_sufficient"], {"limit": 0.6, "who": "China"})
# A deadline catches a blow-up (exponential parsing or expansion), not slowness: the bound is
# far above the milliseconds one example takes.
BOUNDED = settings(deadline=timedelta(seconds=2), max_examples=200,
                   suppress_health_check=[HealthCheck.too_slow])

TOKENS = ["(", ")", "[", "]", "{", "}", "not ", " and ", " or ", "+", "-", "*", "/", "**", "%",
          "<", "<=", ">", ">=", "==", "!=", " in ", " not in ", " is ", ",", ".", ":", ":=", "'",
          '"', "f'", "b'", "\\", "\n", "\t", "\x00", "@", "lambda", "if", "else", "for", "True",
          "None", "...", "1j", "1e400", "0x1F", "1_000", "9" * 40, "shortfall_2035", "hhi",
          "top1_share", "top1_country", "concentrated", "self_sufficient", "params", "params.limit",
          "params.who", "params.__class__", "__import__", "__class__", "tier", "'China'", "0.5",
          "2", " ", "镍", "\u202e", "yield", "await", "global", ";", "#"]


def parses_or_refuses(text: str, expect: str = "bool"):
    """Parse ``text``; the only acceptable failure is an ExpressionError (a RuleError)."""
    try:
        return parse(text, NAMES, expect)
    except ExpressionError as exc:
        assert isinstance(exc, RuleError) and exc.problems and str(exc)
        return None


@BOUNDED
@given(st.text(max_size=300))
@example("(" * 10_000 + "hhi > 0" + ")" * 10_000)
@example("not " * 10_000 + "concentrated")
@example("-" * 1_999 + "1 > 0")
@example("hhi" + " + hhi" * 300 + " > 0")
def test_any_text_parses_or_is_refused(text):
    for expect in ("bool", "num"):
        parses_or_refuses(text, expect)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # pytest resets the engine's own filter
@BOUNDED
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_token_soup_parses_or_is_refused(text):
    node = parses_or_refuses(text)
    if node is not None:
        assert evaluate(node, Env({}, frozenset(), NAMES.params)) in (True, False)


def test_odd_literals_give_an_error_and_no_python_warning():
    code = ("from critmin.language.parser import parse\n"
            "from critmin.language.syntax import Names, ExpressionError\n"
            "try:\n    parse('1if true else 0', Names({}, [], {}))\n"
            "except ExpressionError as exc:\n    print(exc.message)\n")
    out = subprocess.run([sys.executable, "-W", "default", "-c", code], capture_output=True, text=True)
    assert out.stdout.startswith("not allowed in a rule expression: conditional") and out.stderr == ""


# Any text past the limit, built by repeating a random piece (drawing thousands of characters
# one by one costs seconds and finds nothing more: the length is checked first).
OVERLONG = st.builds(lambda piece, extra: (piece * (MAX_LENGTH // len(piece) + 2))[:MAX_LENGTH + extra],
                     st.text(min_size=1, max_size=300), st.integers(1, 500))


@BOUNDED
@given(OVERLONG)
@example("x" * (MAX_LENGTH + 1))
def test_overlong_text_is_refused_by_its_length(text):
    with pytest.raises(ExpressionError, match=f"the limit is {MAX_LENGTH:,}"):
        parse(text, NAMES)


# ---------------------------------------------------------------- valid expressions

NUMBER = st.integers(-1000, 1000).map(lambda n: str(n / 100))  # printable without rounding
NUM_ATOM = st.sampled_from(["shortfall_2035", "top1_share", "hhi", "params.limit"]) | NUMBER
NUM = st.recursive(NUM_ATOM, lambda inner: st.tuples(inner, st.sampled_from("+-*/"), inner).map(
    lambda t: f"({t[0]} {t[1]} {t[2]})"), max_leaves=4)
LITERAL = (st.tuples(NUM, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), NUM).map(" ".join)
           | st.sampled_from(["concentrated", "self_sufficient", "top1_country == 'China'",
                              "top1_country in ['China', 'Chile']", "top1_country != params.who",
                              "hhi not in [0.5, 0.25]", "true", "false"]))
CONDITION = st.recursive(LITERAL, lambda inner: (
    inner.map(lambda x: f"not ({x})")
    | st.tuples(inner, st.sampled_from([" and ", " or "]), inner).map(lambda t: f"({t[0]}){t[1]}({t[2]})")),
    max_leaves=12)
VALUE = st.none() | st.integers(-100, 100).map(lambda n: n / 50)
ENVS = st.builds(lambda s, t, h, c, sig: Env(
    {"shortfall_2035": s, "top1_share": t, "hhi": h, "top1_country": c}, frozenset(sig), NAMES.params),
    VALUE, VALUE, VALUE, st.sampled_from([None, "China", "Chile", "Peru"]),
    st.sets(st.sampled_from(["concentrated", "self_sufficient"])))


@BOUNDED
@given(CONDITION, ENVS)
def test_valid_conditions_keep_their_meaning(text, env):
    node = parse(text, NAMES)
    nnf_value = evaluate(nnf(node), env)
    assert nnf_value in (True, False)
    try:
        alternatives = dnf(nnf(node))
    except ExpressionError as exc:
        assert "alternatives" in str(exc)
    else:
        assert any(all(evaluate(lit, env) for lit in conj) for conj in alternatives) == nnf_value
    again = parse(to_text(node), NAMES)
    assert evaluate(nnf(again), env) == nnf_value
    if all(v is not None for v in env.indicators.values()) and "/" not in text:
        assert evaluate(node, env) == nnf_value  # with nothing unknown, `not` is plain not


@BOUNDED
@given(st.integers(1, 3 * MAX_DEPTH), st.sampled_from(["not ", "-", "("]))
def test_deep_nesting_is_refused_with_the_limit(depth, prefix):
    text = {"not ": "not " * depth + "concentrated",
            "-": "-" * depth + "hhi > 0",
            "(": "(" * depth + "hhi > 0" + ")" * depth}[prefix]
    node = parses_or_refuses(text)
    if node is None:
        with pytest.raises(ExpressionError, match="nested more than|too many nested"):
            parse(text, NAMES)
    else:
        assert evaluate(node, Env({"hhi": 1.0}, frozenset({"concentrated"}), {})) in (True, False)


# ---------------------------------------------------------------- fact and rule files

YAMLISH = st.lists(st.sampled_from(
    ["a", "id", "value", "unit", ":", ": ", "- ", "-", "\n", "  ", "\t", "[", "]", "{", "}", ",",
     "'", '"', "&x ", "*x", "!!python/object:os.system", "!!set", "!!binary", "<<: ", "? ",
     "|", ">", "#", "%YAML 1.1\n", "---\n", "...\n", "1e400", "0.5", "-3", ".nan", "~",
     "yes", "2020-01-01", "镍", "\x00", "\x07", "\ufeff", "\u2028", "9" * 5000]), max_size=80).map("".join)


@BOUNDED
@given(st.text(max_size=500) | YAMLISH)
def test_any_text_is_yaml_or_a_data_error(text):
    try:
        parse_yaml(text, "random.yaml")
    except DataError as exc:
        assert exc.problems and all(p.file == "random.yaml" for p in exc.problems)


EDITED_FACT_FILES = ["nickel.yaml", "countries.yaml", "sources.yaml", "copper.yaml"]


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory):
    """The rules, and the fact files the tests edit: sources, countries and two minerals (loading
    the twenty other minerals' unedited files would add time, not cases)."""
    root = tmp_path_factory.mktemp("property-data")
    (root / "facts").mkdir()
    for name in EDITED_FACT_FILES:
        shutil.copy(shipped_dir("facts") / name, root / "facts" / name)
    shutil.copytree(shipped_dir("rules"), root / "rules")
    return root


def mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply random edits (position, characters to delete, text to insert)."""
    for position, delete, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + delete:]
    return text


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 5),
                           st.text(max_size=6) | st.sampled_from(TOKENS)), min_size=1, max_size=4)
FILE_SETTINGS = settings(deadline=timedelta(seconds=10), max_examples=100,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FILE_SETTINGS
@given(st.sampled_from(EDITED_FACT_FILES), EDITS)
def test_a_randomly_edited_fact_file_loads_or_gives_a_data_error(data_copy, name, edits):
    path = data_copy / "facts" / name
    original = (shipped_dir("facts") / name).read_text(encoding="utf-8")
    path.write_text(mutate(original, edits), encoding="utf-8", errors="surrogatepass")
    try:
        load_facts(data_copy / "facts")
    except DataError as exc:
        assert exc.problems
    finally:
        path.write_text(original, encoding="utf-8")


@FILE_SETTINGS
@given(st.sampled_from(["signals.yaml", "tiers.yaml", "levers.yaml", "scores.yaml", "parameters.yaml"]),
       EDITS)
def test_a_randomly_edited_rule_file_loads_and_scores_or_gives_a_rule_error(data_copy, facts, name, edits):
    path = data_copy / "rules" / name
    original = (shipped_dir("rules") / name).read_text(encoding="utf-8")
    path.write_text(mutate(original, edits), encoding="utf-8", errors="surrogatepass")
    try:
        rules = load_rules(data_copy / "rules")
    except RuleError as exc:
        assert exc.problems
        return
    finally:
        path.write_text(original, encoding="utf-8")
    try:
        score(facts, rules)
    except CritminError as exc:  # a rule past the engine's limits, named
        assert exc.problems


@FILE_SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_as_a_fact_file_give_a_data_error(data_copy, data):
    path = data_copy / "facts" / "random.yaml"
    path.write_bytes(data)
    try:
        load_facts(data_copy / "facts")
    except DataError as exc:
        assert exc.problems
    else:
        raise AssertionError("random bytes loaded as a mineral")
    finally:
        path.unlink()


# ---------------------------------------------------------------- overrides

OVERRIDE_VALUES = st.sampled_from(
    ["0", "-1", "1e400", "5e-324", "0.5", "50%", "1,000", "1,2,3", "abc", "", "ally", "China",
     "nickel,cobalt", "Canada, Japan", ",", "nan", "inf", "1" * 500, "\x00", "镍", "true",
     "999999999999", "1e13", "1_000_000", "+5", "--5", "%"]) | st.text(max_size=20)


@pytest.fixture(scope="module")
def override_keys(facts, rules):
    from critmin.assumptions.overrides import known_override_keys
    return [k for k in known_override_keys(facts, rules) if k not in ("facts", "rules")]


@settings(deadline=timedelta(seconds=10), max_examples=150,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_any_overrides_score_or_give_an_override_error(facts, rules, override_keys, data):
    from critmin.assumptions.overrides import apply_overrides
    from critmin.errors import OverrideError

    keys = st.sampled_from(override_keys) | st.sampled_from(override_keys).map(lambda k: k[:-2]) \
        | st.text(max_size=30)
    overrides = data.draw(st.lists(st.tuples(keys, OVERRIDE_VALUES).map("=".join), min_size=1, max_size=3))
    try:
        changed = apply_overrides(facts, rules, overrides)
    except OverrideError as exc:
        assert exc.problems
        return
    score(*changed)


@pytest.mark.parametrize("override", ["cobalt.us.demand_2035_t=5e-324", "zinc.us.consumption_t=5e-324"])
def test_a_vanishing_denominator_makes_an_indicator_unknown(facts, rules, override):
    from critmin.assumptions.overrides import apply_overrides

    results = score(*apply_overrides(facts, rules, [override]))
    mineral = override.split(".", 1)[0]
    values = {name: i.value for name, i in results[mineral].indicators.items()}
    assert None in values.values() and all(v is None or v == v for v in values.values())
