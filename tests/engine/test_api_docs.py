"""The API reference: every example in a docstring runs with its output checked, and pdoc builds
the HTML reference from the docstrings."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
import warnings

import pytest

import critmin
import critmin.assistant
from tests.helpers.paths import ROOT

# the public modules whose docstrings must show the API by example
DOCUMENTED = ("critmin", "critmin.explain.results", "critmin.inference.results", "critmin.assumptions.overrides")


def _module_names() -> list[str]:
    names = ["critmin", "critmin.assistant"]
    for package in (critmin, critmin.assistant):
        names += [info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
                  if not info.name.endswith("__main__") and ".shipped" not in info.name]
    return sorted(set(names))


MODULES = _module_names()


def test_every_module_is_found():
    assert {"critmin.inference.results", "critmin.explain.results", "critmin.assistant.answers"} <= set(MODULES)
    assert len(MODULES) > 100


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_print_what_they_show(name):
    module = importlib.import_module(name)
    tests = [t for t in doctest.DocTestFinder().find(module) if t.examples]
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in tests:
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    if name in DOCUMENTED:
        assert runner.tries >= 3, f"{name} shows no examples"


def test_a_wrong_example_fails():
    """The doctest runner really checks output (a wrong one is caught)."""
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    test = parser.get_doctest(">>> import critmin\n>>> critmin.assess()['nickel'].tier\n'low'\n", {}, "wrong", None, 0)
    runner.run(test, out=lambda _: None)
    assert runner.failures == 1


def _builder():
    spec = importlib.util.spec_from_file_location("build_api", ROOT / "docs" / "build_api.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pdoc_builds_the_reference_from_the_docstrings(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pages = _builder().build(tmp_path)
    assert [str(w.message) for w in caught if "pdoc" in (w.filename or "")] == []
    names = {p.relative_to(tmp_path).as_posix() for p in pages}
    assert {"index.html", "critmin.html", "critmin/explain/results.html", "critmin/inference/results.html",
            "critmin/inference/frames.html", "critmin/assumptions/overrides.html", "critmin/assistant.html"} <= names
    front = (tmp_path / "critmin.html").read_text(encoding="utf-8")
    for name in critmin.__all__:
        assert f'id="{name}"' in front, name  # every public name has its entry
    results = (tmp_path / "critmin" / "explain" / "results.html").read_text(encoding="utf-8")
    for method in ("why", "why_not", "what_would_it_take", "compare", "of"):
        assert f'id="Results.{method}"' in results
    assert "&lt;Assessment nickel very_high 86.9&gt;" in results  # the examples are in the pages
