"""A fixture that fails a test if it changed any shipped fact, scenario, rule or rule test.

tests/conftest.py applies it to every test: command-line runs (CliRunner or a subprocess) happen
in many folders, and a test that writes where it should only read is caught wherever it is.
"""

from __future__ import annotations

import hashlib
import os

import pytest

from critmin.io.shipped import shipped_dir


def shipped_digest() -> str:
    """One hash over the path and bytes of every file under the shipped facts/ and rules/."""
    digest = hashlib.sha256()
    for name in ("facts", "rules"):
        root = shipped_dir(name)
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(s for s in subfolders if s != "__pycache__")
            for file in sorted(files):
                path = os.path.join(folder, file)
                digest.update(os.path.relpath(path, root.parent).encode())
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()


@pytest.fixture(autouse=True)
def shipped_untouched():
    before = shipped_digest()
    yield
    assert shipped_digest() == before, "a shipped fact, scenario, rule or rule test file changed"
