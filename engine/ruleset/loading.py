"""Loading rule files and parameters: parsing, checking every problem at once, then layering."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

from critmin.concepts import IDENTIFIER, LEVERS, PARTNER_CHOICES, TIERS
from critmin.errors import Problem, RuleError, suggest
from critmin.indicators.catalogue import INDICATORS
from critmin.io.recent import Recent
from critmin.io.shipped import shipped_dir
from critmin.io.yaml_reader import Document, checked_path, parse_yaml, read_text
from critmin.language.normal_forms import dnf, nnf
from critmin.language.parser import code_only, comment_offset, parse
from critmin.language.syntax import ExpressionError, Names, Node
from critmin.ruleset.because import check_because
from critmin.ruleset.model import (
    PARAM_UNITS,
    Parameter,
    Rule,
    RuleBase,
    names_for,
    param_value_problem,
)
from critmin.ruleset.strata import stratify

RULE_KEYS = ("id", "when", "then", "because", "because_zh", "source", "note")
THEN_KEYS = ("signal", "tier", "points", "lever", "partners")
FILE_KEYS = ("description", "rules")
PARAM_KEYS = ("value", "range", "doc", "source", "unit", "doc_zh", "source_zh")
MAX_BECAUSE = 2000  # characters of a reason, like an expression: filled in at every firing
LAYER_OF = {"signal": "signals", "tier": "tiers", "points": "outcomes", "lever": "outcomes"}


def load_rules(directory: str | os.PathLike | None = None) -> RuleBase:
    """Load, check and stratify every rule file in a directory (the shipped one by default).

    The files are read each time; the same texts give the same (immutable) RuleBase as a recent
    load, so a rule set is parsed and checked once however often it is loaded."""

    directory = checked_path(directory, RuleError) if directory is not None else shipped_dir("rules")
    if not directory.is_dir():
        raise RuleError(Problem("not a directory of rule files", file=str(directory)))
    parameters = directory / "parameters.yaml"
    if not parameters.exists():
        raise RuleError(Problem("missing parameters.yaml (thresholds used as params.NAME)", file=str(parameters)))
    texts = {p.name: read_text(p, RuleError) for p in sorted(directory.glob("*.yaml"))}
    key = (str(directory), tuple(sorted(texts.items())))
    return _LOADED.get(key, lambda: _rules_from(directory, texts))


_LOADED: Recent[RuleBase] = Recent(16)  # rule directories (or states of one)


def _rules_from(directory: Path, texts: dict[str, str]) -> RuleBase:
    params = parameters_of(parse_yaml(texts["parameters.yaml"], str(directory / "parameters.yaml"), RuleError))
    docs = [parse_yaml(text, str(directory / name), RuleError) for name, text in sorted(texts.items())
            if name != "parameters.yaml"]
    if not docs:
        raise RuleError(Problem("no rule files (*.yaml) found", file=str(directory)))
    problems: list[Problem] = []
    raw = [item for doc in docs for item in _raw_rules(doc, problems)]
    signals = sorted({r["then"]["signal"] for _, _, r in raw
                      if isinstance(r.get("then"), dict) and isinstance(r["then"].get("signal"), str)})
    values = {name: p.value for name, p in params.items()}
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for doc, index, data in raw:
        rule = _parse_rule(doc, index, data, signals, values, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(doc.problem(("rules", index, "id"),
                                        f"duplicate rule id '{rule.id}' (also in {seen[rule.id]})"))
            continue
        seen[rule.id] = f"{rule.file}:{rule.line}"
        rules.append(rule)
    if problems:
        raise RuleError(problems)
    rules = stratify(rules)
    return RuleBase(tuple(rules), params, str(directory), tuple(d.path for d in docs))


def parameters_of(doc: Document) -> dict[str, Parameter]:
    """The parameters of a parsed parameters.yaml."""
    if not isinstance(doc.data, dict):
        raise RuleError(doc.problem((), "expected a mapping of parameter name → {value, doc}"))
    problems, params = [], {}
    for name, entry in doc.data.items():
        key = (name,)
        if not IDENTIFIER.match(str(name)):
            problems.append(doc.problem(key, "parameter names are lower_case_with_underscores"))
            continue
        if not isinstance(entry, dict) or "value" not in entry:
            problems.append(doc.problem(key, "expected a mapping with 'value' and 'doc'"))
            continue
        for extra in entry:
            if extra not in PARAM_KEYS:
                hint = difflib.get_close_matches(extra, PARAM_KEYS, n=1)
                problems.append(doc.problem(key + (extra,), f"unknown key '{extra}'" + (
                    f" (did you mean '{hint[0]}'?)" if hint else "") + f"; expected {', '.join(PARAM_KEYS)}"))
        unit = entry.get("unit")
        if unit is not None and unit not in PARAM_UNITS:
            problems.append(doc.problem(key + ("unit",), f"unknown unit {unit!r}{suggest(str(unit), PARAM_UNITS)}; "
                                        f"expected one of {', '.join(PARAM_UNITS)}"))
            unit = None
        value = entry["value"]
        why = param_value_problem(value, unit)
        if why:
            problems.append(doc.problem(key + ("value",), why))
            continue
        rng = entry.get("range")
        if rng is not None and not (isinstance(rng, list) and len(rng) == 2 and
                                    not any(param_value_problem(v, unit) for v in rng) and
                                    all(isinstance(v, (int, float)) for v in rng) and rng[0] <= rng[1]):
            what = f" within what a {unit} allows" if unit not in (None, "number") else ""
            problems.append(doc.problem(key + ("range",), f"expected [low, high] numbers{what}, got {rng!r}"))
            rng = None
        for text_key in ("doc", "source", "doc_zh", "source_zh"):
            if text_key in entry and not isinstance(entry[text_key], str):
                problems.append(doc.problem(key + (text_key,), f"expected text, got {entry[text_key]!r}"))
        params[name] = Parameter(name, value, tuple(rng) if rng else None,
                                 str(entry.get("doc", "")), entry.get("source"),
                                 doc.marks.get(key, (None,))[0], entry.get("doc_zh"), entry.get("source_zh"),
                                 unit)
    if problems:
        raise RuleError(problems)
    return params


def _raw_rules(doc: Document, problems: list[Problem]):
    data = doc.data
    if data is None:
        problems.append(doc.problem((), "the file is empty; expected 'rules:' with a list"))
        return []
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        problems.append(doc.problem((), "expected a mapping with 'rules:' holding a list of rules"))
        return []
    for key in data:
        if key not in FILE_KEYS:
            problems.append(doc.problem((key,), f"unknown key '{key}'; expected {', '.join(FILE_KEYS)}"))
    out = []
    for index, item in enumerate(data["rules"]):
        if not isinstance(item, dict):
            problems.append(doc.problem(("rules", index), "expected a rule mapping {id, when, then, because, source}"))
            continue
        out.append((doc, index, item))
    return out


def _parse_rule(doc: Document, index: int, data: dict, signals: list[str],
                params: dict[str, Any], problems: list[Problem]) -> Rule | None:
    key = ("rules", index)
    before = len(problems)
    for name in data:
        if name not in RULE_KEYS:
            hint = difflib.get_close_matches(name, RULE_KEYS, n=1)
            problems.append(doc.problem(key + (name,), f"unknown key '{name}'" + (
                f" (did you mean '{hint[0]}'?)" if hint else "") + f"; expected {', '.join(RULE_KEYS)}"))
    for name in ("id", "when", "then", "because", "source"):
        if name not in data:
            problems.append(doc.problem(key, f"rule is missing '{name}'"))
    if len(problems) > before:
        return None
    rule_id = data["id"]
    if not isinstance(rule_id, str) or not IDENTIFIER.match(rule_id):
        problems.append(doc.problem(key + ("id",), "rule ids are lower_case_with_underscores"))
        return None
    kind, conclusion, partners = _parse_then(doc, key, data["then"], problems)
    if kind is None:
        return None
    layer = LAYER_OF[kind]
    names = names_for(layer, signals, params)
    when = _expression(doc, key + ("when",), data["when"], names, "bool", problems)
    points = points_text = None
    if kind == "points":
        raw_points = data["then"]["points"]
        points_text = str(raw_points)
        points = _expression(doc, key + ("then", "points"), points_text, names, "num", problems)
    because = data["because"]
    _check_reason(doc, key + ("because",), because, names, problems, "one sentence saying why")
    because_zh = data.get("because_zh")
    if because_zh is not None:
        _check_reason(doc, key + ("because_zh",), because_zh, names, problems, "one sentence saying why, in Chinese")
    if not isinstance(data["source"], str):
        problems.append(doc.problem(key + ("source",), "expected text naming the report section"))
    if len(problems) > before or when is None:  # an unreadable condition is a problem above
        return None
    return Rule(id=rule_id, layer=layer, kind=kind, conclusion=conclusion, when=when,
                when_text=" ".join(code_only(str(data["when"])).split()), because=because.strip(),
                because_zh=because_zh.strip() if because_zh else None, source=data["source"], points=points,
                points_text=points_text, partners=partners, file=doc.path, line=doc.marks.get(key, (None,))[0])


def _check_reason(doc: Document, key, because: Any, names, problems: list[Problem], expected: str) -> None:
    """A rule's reason (``because`` or ``because_zh``): one sentence, not too long, placeholders it can fill."""
    if not isinstance(because, str) or not because.strip():
        problems.append(doc.problem(key, f"expected {expected}"))
    elif len(because) > MAX_BECAUSE:
        problems.append(doc.problem(key, f"the reason is {len(because):,} characters; "
                                    f"the limit is {MAX_BECAUSE:,} ({expected})"))
    else:
        check_because(doc, key, because, names, problems)


def _parse_then(doc: Document, key, then: Any, problems: list[Problem]):
    if not isinstance(then, dict):
        problems.append(doc.problem(key + ("then",), "expected {signal: NAME}, {tier: TIER}, "
                                    "{points: EXPR} or {lever: ID}"))
        return None, None, None
    kinds = [k for k in ("signal", "tier", "points", "lever") if k in then]
    for name in then:
        if name not in THEN_KEYS:
            hint = difflib.get_close_matches(name, THEN_KEYS, n=1)
            problems.append(doc.problem(key + ("then", name), f"unknown key '{name}'" + (
                f" (did you mean '{hint[0]}'?)" if hint else "") + "; expected signal, tier, points or lever"))
            return None, None, None
    if len(kinds) != 1:
        problems.append(doc.problem(key + ("then",), "'then' needs exactly one of signal, tier, points, lever"))
        return None, None, None
    kind = kinds[0]
    value = then[kind]
    partners = then.get("partners", "none")
    if "partners" in then and kind != "lever":
        problems.append(doc.problem(key + ("then", "partners"), "'partners' goes with 'lever' only"))
        return None, None, None
    if kind == "signal" and not (isinstance(value, str) and IDENTIFIER.match(value)):
        problems.append(doc.problem(key + ("then", "signal"), "signal names are lower_case_with_underscores"))
        return None, None, None
    if kind == "signal" and (value in INDICATORS or value == "tier"):
        problems.append(doc.problem(key + ("then", "signal"), f"'{value}' is an indicator name; choose another"))
        return None, None, None
    for what, choices in (("tier", TIERS), ("lever", LEVERS)):
        if kind == what and value not in choices:
            hint = difflib.get_close_matches(str(value), choices, n=1)
            problems.append(doc.problem(key + ("then", what), f"unknown {what} {value!r}" + (
                f" (did you mean '{hint[0]}'?)" if hint else "") + f"; expected one of {', '.join(choices)}"))
            return None, None, None
    if partners not in PARTNER_CHOICES:
        problems.append(doc.problem(key + ("then", "partners"),
                                    f"expected one of {', '.join(PARTNER_CHOICES)}, got {partners!r}"))
        return None, None, None
    return kind, ("points" if kind == "points" else value), partners


def _expression(doc: Document, key, text: Any, names: Names, expect: str,
                problems: list[Problem]) -> Node | None:
    if isinstance(text, bool) or isinstance(text, (int, float)):
        text = str(text).lower() if isinstance(text, bool) else str(text)
    try:
        comment = comment_offset(text) if isinstance(text, str) else None
        if comment is not None and doc.value_marks.get(key, (None, None, None))[2] != "|":
            raise ExpressionError(
                "'#' starts a comment only in a literal block (when: |), where each line keeps "
                "its end; here the lines are folded together and the comment would hide "
                "everything after it — write the expression as a literal block or remove the '#'",
                comment, text)
        node = parse(text, names, expect)
        if expect == "bool":
            dnf(nnf(node))  # every consumer expands conditions; refuse one that explodes
        return node
    except ExpressionError as exc:
        shown = exc.text or (text if isinstance(text, str) else repr(text))
        problems.append(doc.expression_problem(key, exc.message, exc.offset, shown))
        return None


