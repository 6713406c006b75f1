"""A fixture that fails a test if it changed any shipped fact, scenario, rule or rule test."""

from __future__ import annotations

import hashlib

import pytest

from critmin.io.shipped import shipped_dir


def shipped_digest() -> str:
    """One hash over the path and bytes of every file under the shipped facts/ and rules/."""
    digest = hashlib.sha256()
    for name in ("facts", "rules"):
        root = shipped_dir(name)
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(autouse=True)
def shipped_untouched():
    before = shipped_digest()
    yield
    assert shipped_digest() == before, "a shipped fact, scenario, rule or rule test file changed"
