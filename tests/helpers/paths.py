"""Where the project and the tests' own data live, wherever a test file sits."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
DATA = TESTS / "data"
USGS_DATA = DATA / "usgs-mcs2025"
QUESTIONS = DATA / "questions.yaml"
CORPUS = TESTS / "corpus"
