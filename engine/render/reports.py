"""A rule-test report as text (``critmin test``): PASS / FAIL per case, why each failure failed."""

from __future__ import annotations

from pathlib import Path

from critmin.ruletests.runner import TestReport


def rule_test_report(report: TestReport) -> str:
    lines: list[str] = []
    current = None
    for result in report.results:
        if result.case.file != current:
            current = result.case.file
            lines.append(_shown(current))
        if result.passed:
            lines.append(f"  PASS  {result.case.name}")
            continue
        source = f"  ({result.case.source})" if result.case.source else ""
        lines.append(f"  FAIL  {result.case.name}{source}")
        for failure in result.failures:
            where = f"  [{_shown(result.case.file)}:{failure.line}]" if failure.line else ""
            lines.append(f"        {failure.mineral}: expected {failure.expected}, got {failure.got}{where}")
            lines += ["          " + text for text in failure.explanation.splitlines()]
    passed = len(report.results) - len(report.failed)
    checks = sum(r.checks for r in report.results)
    lines.append(f"{passed} passed, {len(report.failed)} failed ({len(report.results)} cases, {checks} checks)")
    return "\n".join(lines)


def _shown(path: str) -> str:
    """A path relative to the working directory when it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path
