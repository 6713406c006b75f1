"""Edit a copied fact or rule file in place, failing loudly if the text to replace is absent."""

from __future__ import annotations

from pathlib import Path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")  # the USGS CSVs open with a BOM
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
