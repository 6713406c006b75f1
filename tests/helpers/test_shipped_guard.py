"""The shipped-files guard that runs around every test notices any change to facts/ or rules/."""

from __future__ import annotations

import shutil

import pytest

from critmin.io.shipped import shipped_dir
from tests.helpers import shipped_guard


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename"])
def test_the_digest_sees_every_kind_of_change(tmp_path, monkeypatch, change):
    for name in ("facts", "rules"):
        shutil.copytree(shipped_dir(name), tmp_path / name)
    monkeypatch.setattr(shipped_guard, "shipped_dir", lambda name: tmp_path / name)
    before = shipped_guard.shipped_digest()
    assert shipped_guard.shipped_digest() == before
    nickel = tmp_path / "facts" / "nickel.yaml"
    if change == "edit":
        nickel.write_bytes(nickel.read_bytes().replace(b"value: 8000", b"value: 8001", 1))
    elif change == "add":
        (tmp_path / "rules" / "tests" / "extra.yaml").write_text("cases: []\n", encoding="utf-8")
    elif change == "remove":
        (tmp_path / "facts" / "scenarios" / "indonesia_ally.yaml").unlink()
    else:
        nickel.rename(tmp_path / "facts" / "nickel2.yaml")
    assert shipped_guard.shipped_digest() != before
