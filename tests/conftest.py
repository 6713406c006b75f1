"""Shared fixtures: the shipped data loaded once, and temporary copies to break.

Every test also runs under the shipped-files guard (tests/helpers/shipped_guard.py): the shipped
facts/ and rules/ must be byte-identical after it, whatever it ran (the CLI above all).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from critmin.facts.loading import load_facts
from critmin.inference.traced import score
from critmin.io.shipped import shipped_dir
from critmin.ruleset.loading import load_rules
from tests.helpers.shipped_guard import shipped_untouched  # noqa: F401  (autouse: every test)


def pytest_collection_modifyitems(items):
    """Tests marked slow first, so that no worker starts a long test when the others are done."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def facts():
    return load_facts()


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(scope="session")
def results(facts, rules):
    return score(facts, rules)


@pytest.fixture
def facts_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped facts directory."""
    target = tmp_path / "facts"
    shutil.copytree(shipped_dir("facts"), target)
    return target


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped rules directory."""
    target = tmp_path / "rules"
    shutil.copytree(shipped_dir("rules"), target)
    return target
