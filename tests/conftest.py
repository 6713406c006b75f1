"""Shared fixtures: the shipped data loaded once, and temporary copies to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.facts import load_facts
from engine.inference import score
from engine.rules import load_rules
from engine.shipped import shipped_dir


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
