"""Rule tests, in the spirit of ``opa test``: expected tiers, levers and signals, checked.

The cases live in ``RULES_DIR/tests/*.yaml`` (format in :mod:`critmin.ruletests.files`), so a
copy of the rules directory carries its tests with it. Each case is scored on the facts
(with its scenario and overrides applied) and every expectation checked. A failure says
which expectation broke, what the engine concluded instead, and why: for a tier, the
why-not of the expected tier (:func:`critmin.explain.why_not.why_not`); for a missing lever or
signal, the rules that would conclude it and their failing tests; for an unwanted one,
the rules that concluded it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from critmin.assumptions.overrides import apply_overrides
from critmin.assumptions.scenarios import scenario_overrides
from critmin.concepts import TIER_RANK
from critmin.errors import CritminError, Problem, suggest
from critmin.explain.why_not import why_not
from critmin.facts.loading import find_mineral, load_facts
from critmin.facts.model import FactBase
from critmin.inference.results import Assessment, Results
from critmin.inference.traced import score
from critmin.language.conditions import closest, env_for
from critmin.ruleset.loading import load_rules
from critmin.ruleset.model import RuleBase
from critmin.ruletests.files import Case, Expectation, RuleTestError, load_test_dir
from critmin.ruletests.reasons import compact_why_not, concluded_above, partner_origin, why_absent, why_present

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Failure:
    """One broken expectation."""

    mineral: str
    expected: str
    got: str
    explanation: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"mineral": self.mineral, "expected": self.expected, "got": self.got,
                "explanation": self.explanation, "line": self.line}


@dataclass(frozen=True)
class CaseResult:
    case: Case
    checks: int
    failures: tuple[Failure, ...]

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.case.name, "file": self.case.file, "line": self.case.line,
                "source": self.case.source, "passed": self.passed, "checks": self.checks,
                "failures": [f.to_dict() for f in self.failures]}


@dataclass
class TestReport:
    """The outcome of a rule-test run."""

    __test__ = False  # not a pytest class

    results: list[CaseResult] = field(default_factory=list)
    tests_dir: str = ""

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {"tests_dir": self.tests_dir, "passed": len(self.results) - len(self.failed),
                "failed": len(self.failed), "checks": sum(r.checks for r in self.results),
                "cases": [r.to_dict() for r in self.results]}

    def to_frame(self) -> pd.DataFrame:
        """One row per case: file, name, passed, checks, failures (as text)."""
        import pandas as pd  # reason: pandas is heavy; only frames need it

        rows = [{"file": r.case.file, "case": r.case.name, "passed": r.passed, "checks": r.checks,
                 "failures": "; ".join(f"{f.mineral} {f.expected} (got {f.got})" for f in r.failures)}
                for r in self.results]
        return pd.DataFrame(rows, columns=["file", "case", "passed", "checks", "failures"])


def run_rule_tests(facts_dir: str | os.PathLike | None = None, rules_dir: str | os.PathLike | None = None,
                   tests_dir: str | os.PathLike | None = None) -> TestReport:
    """Run every case in ``tests_dir`` (default ``RULES_DIR/tests``) against the facts and rules."""
    facts, rules = load_facts(facts_dir), load_rules(rules_dir)
    tests_dir = Path(tests_dir) if tests_dir is not None else Path(rules.directory) / "tests"
    cases = load_test_dir(tests_dir)
    return run_cases(cases, facts, rules, str(tests_dir))


def run_cases(cases: list[Case], facts: FactBase, rules: RuleBase, tests_dir: str = "") -> TestReport:
    """Check every case; raise RuleTestError (all problems at once) if any case is invalid."""
    prepared = _prepare(cases, facts, rules)
    scored: dict[tuple, Results] = {}
    report = TestReport(tests_dir=tests_dir)
    for case, key, (case_facts, case_rules), minerals in prepared:
        if key not in scored:
            scored[key] = score(case_facts, case_rules)
        results = scored[key]
        failures = [f for exp in case.expectations for f in check(exp, minerals[exp.mineral], results)]
        report.results.append(CaseResult(case, _count(case), tuple(failures)))
    return report


def _prepare(cases: list[Case], facts: FactBase, rules: RuleBase):
    problems: list[Problem] = []
    prepared = []
    for case in cases:
        try:
            overrides = scenario_overrides(case.scenarios, facts) + list(case.overrides)
            bases = apply_overrides(facts, rules, overrides) if overrides else (facts, rules)
            minerals = {}
            for exp in case.expectations:
                minerals[exp.mineral] = _mineral_id(facts, exp, case)
        except CritminError as exc:
            problems += [p if p.file else Problem(p.message, file=case.file, key=f"case {case.name}"
                                                  + (f": {p.key}" if p.key else ""), line=case.line)
                         for p in exc.problems]
            continue
        prepared.append((case, tuple(str(o) for o in overrides), bases, minerals))
    if problems:
        raise RuleTestError(problems)
    return prepared


def _mineral_id(facts: FactBase, exp: Expectation, case: Case) -> str:
    try:
        return find_mineral(facts, exp.mineral).id
    except CritminError as exc:
        raise RuleTestError(Problem(str(exc), file=case.file, key=f"expect.{exp.mineral}", line=exp.line)) from None


def _count(case: Case) -> int:
    total = 0
    for exp in case.expectations:
        if exp.key == "lever_partners":
            total += sum(len(v) for v in exp.value.values())
        else:
            total += len(exp.value) if isinstance(exp.value, list) else 1
    return total


# ---------------------------------------------------------------- checks

def check(exp: Expectation, mineral: str, results: Results) -> list[Failure]:
    """The failures of one expectation (empty when it holds)."""
    a = results[mineral]
    key, value = exp.key, exp.value

    def fail(expected: str, got: str, why: str) -> Failure:
        return Failure(mineral, expected, got, why, exp.line)

    if key in ("tier", "tier_at_least", "tier_at_most"):
        return _check_tier(key, value, a, results, fail)
    if key == "concluded_by":
        return _check_concluding(value, a, results, fail)
    if key == "lever_partners":
        out = []
        for lever, countries in value.items():
            found = {lv.id: lv for lv in a.levers}.get(lever)
            if found is None:
                out.append(fail(f"lever {lever}", "no such lever", why_absent(results, a, "lever", lever)))
                continue
            missing = [c for c in countries if c not in found.partners]
            if missing:
                out.append(fail(f"{lever} partners to include {', '.join(missing)}",
                                ", ".join(found.partners) or "no partners", partner_origin(results, found)))
        return out
    kind = "lever" if key.startswith("levers") else "signal"
    have = set(a.lever_ids if kind == "lever" else a.signals)
    if key.endswith("include"):
        return [fail(f"{kind} {name}", "absent", why_absent(results, a, kind, name))
                for name in value if name not in have]
    concluded = {r.conclusion for r in results.rules.rules if r.kind == kind}
    # excluding what no rule concludes holds whatever the rules do: a typo, never a test
    return [fail(f"no {kind} {name}", "no rule concludes it", why_absent(results, a, kind, name)
                 + "; this expectation could never fail") for name in value if name not in concluded] + [
        fail(f"no {kind} {name}", "present", why_present(a, kind, name)) for name in value if name in have]


def _check_tier(key: str, value: str, a: Assessment, results: Results, fail) -> list[Failure]:
    rank, wanted = a.tier_rank, TIER_RANK[value]
    holds = {"tier": rank == wanted, "tier_at_least": rank >= wanted, "tier_at_most": rank <= wanted}[key]
    if holds:
        return []
    expected = {"tier": f"tier {value}", "tier_at_least": f"tier {value} or higher",
                "tier_at_most": f"tier {value} or lower"}[key]
    if value == "unrated" or rank > wanted:
        return [fail(expected, a.tier, concluded_above(a, wanted))]
    return [fail(expected, a.tier, compact_why_not(why_not(results, a.mineral, value)))]


def _check_concluding(rule_id: str, a: Assessment, results: Results, fail) -> list[Failure]:
    """The rule that leads the tier: the first tier rule (in rule order) concluding it."""
    concluding = [t for t in a.firings("tier") if t.conclusion == a.tier]
    if concluding and concluding[0].rule == rule_id:
        return []
    got = concluding[0].rule if concluding else "no tier rule"
    if rule_id not in {r.id for r in results.rules.rules if r.kind == "tier"}:
        known = sorted(r.id for r in results.rules.rules if r.kind == "tier")
        return [fail(f"tier concluded by {rule_id}", got, f"no tier rule '{rule_id}'{suggest(rule_id, known)}")]
    fired = [t for t in a.firings("tier") if t.rule == rule_id]
    if fired:
        why = (f"rule {rule_id} concluded {fired[0].conclusion}, but {got} concluded {a.tier}"
               if fired[0].conclusion != a.tier else f"rule {rule_id} fired after {got}, which leads")
    else:
        rule = next(r for r in results.rules.rules if r.id == rule_id)
        env = env_for(a, results.rules.param_values)
        why = "\n".join([f"rule {rule_id} does not hold"]
                        + [f"  ✗ {t.text}: {t.gap}" for t in closest(rule.when, env).failing])
    return [fail(f"tier concluded by {rule_id}", got, why)]
