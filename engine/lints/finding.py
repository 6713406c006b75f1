"""A lint: a rule set that loads and runs, but very likely does not say what its author meant.

Each finding names where it is (file, line, column and a caret under the text, as errors do),
what looks wrong and a hint. ``critmin validate`` lists them as warnings (errors with
``--strict``), ``critmin test`` shows them beside the rule tests. Findings are located in the
rule files themselves, re-read here for the positions of the expressions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from critmin.errors import Problem, RuleError
from critmin.io.yaml_reader import Document, load_yaml
from critmin.ruleset.model import Rule, RuleBase

CODES = {
    "dead-rule": "a rule that fires for no mineral",
    "share-above-one": "a share compared with a number above 1",
    "tonnage-below-one": "a tonnage compared with a number between 0 and 1",
    "unknown-text": "a text compared with a value no fact has",
    "unused-parameter": "a parameter no rule reads",
}


@dataclass(frozen=True)
class Lint:
    code: str  # one of CODES
    problem: Problem  # where, and what looks wrong
    hint: str
    rule: str | None = None  # the rule it is about (None for a parameter)

    def as_error(self) -> Lint:
        return replace(self, problem=replace(self.problem, message=self.problem.message.replace(
            "warning:", "error:", 1)))

    def __str__(self) -> str:
        return f"{self.problem}\n    hint: {self.hint}"

    def to_dict(self) -> dict[str, Any]:
        p = self.problem
        return {"code": self.code, "rule": self.rule, "file": p.file, "line": p.line, "column": p.column,
                "message": p.message.split(": ", 1)[1], "hint": self.hint}


class Locator:
    """Positions in the rule files: a rule's expression, a parameter's entry."""

    def __init__(self, rules: RuleBase):
        self.rules = rules
        self._docs: dict[str, Document | None] = {}

    def _doc(self, path: str) -> Document | None:
        if path not in self._docs:
            try:
                self._docs[path] = load_yaml(path, RuleError)
            except RuleError:  # the file changed since it was loaded: locate by line only
                self._docs[path] = None
        return self._docs[path]

    def in_rule(self, rule: Rule, message: str, offset: int = 0, key: str = "when") -> Problem:
        """A warning pointing at character ``offset`` of the rule's ``when`` (or ``then.points``)."""
        text = rule.when_text if key == "when" else rule.points_text or ""
        doc = self._doc(rule.file)
        index = self._index(doc, rule.id) if doc is not None else None
        if index is None:
            return Problem(f"warning: {message}", file=rule.file, line=rule.line, excerpt=text, caret=offset)
        path = ("rules", index, *key.split("."))
        return replace(doc.expression_problem(path, f"warning: {message}", offset, text), key=None)

    @staticmethod
    def _index(doc: Document, rule_id: str) -> int | None:
        items = doc.data.get("rules") if isinstance(doc.data, dict) else None
        for index, item in enumerate(items or []):
            if isinstance(item, dict) and item.get("id") == rule_id:
                return index
        return None

    @cached_property
    def _parameters(self) -> Document | None:
        return self._doc(str(Path(self.rules.directory) / "parameters.yaml"))

    def at_parameter(self, name: str, message: str) -> Problem:
        doc = self._parameters
        if doc is None:
            return Problem(f"warning: {message}", file=str(Path(self.rules.directory) / "parameters.yaml"),
                           line=self.rules.params[name].line)
        return replace(doc.problem((name,), f"warning: {message}"), key=None)
