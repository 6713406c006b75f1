"""The page's own files: every word from the phrase catalogue, nothing fetched from elsewhere, and
shipped in the package."""

from __future__ import annotations

import re
from pathlib import Path

from critmin.serve.page import PAGE_PHRASES
from critmin.words.phrases import LANGUAGES, catalogue

STATIC = Path(__file__).resolve().parents[3] / "engine" / "serve" / "static"
SCRIPTS = {p.name: p.read_text(encoding="utf-8") for p in STATIC.glob("*.js")}
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def _used_phrases() -> set[str]:
    used = set()
    for text in SCRIPTS.values():
        used |= set(re.findall(r"\bt\(\"(\w+)\"", text))
        used |= {f"{prefix}{name}" for prefix, names in re.findall(r"t\(`(\w+)\$\{([\w.]+)\}`", text)
                 for name in _values_of(names)}
    return used


def _values_of(variable: str) -> list[str]:
    """Names a template's ${variable} takes: tab names, or the assessment's basis."""
    return {"name": ["ranking", "matrix", "whatif", "ask"], "item.basis": ["report", "model"]}[variable]


def test_the_page_uses_exactly_the_phrases_it_is_sent():
    sent = {key.removeprefix("web.") for key in PAGE_PHRASES}
    assert _used_phrases() == sent
    assert {key for key in catalogue() if key.startswith("web.")} == set(PAGE_PHRASES)
    for key in PAGE_PHRASES:
        assert all(catalogue()[key][lang].strip() for lang in LANGUAGES), key


def test_the_page_fetches_nothing_from_elsewhere():
    files = {p.name: p.read_text(encoding="utf-8") for p in STATIC.iterdir()}
    assert set(files) == {"index.html", "style.css", "app.js", "ranking.js", "mineral.js", "matrix.js",
                          "whatif.js", "chat.js"}
    for name, text in files.items():
        addresses = set(re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"'`)]*", text)) - {SVG_NAMESPACE}
        assert addresses == set(), name
        assert "@import" not in text and "url(" not in text.replace("data:", ""), name
    html = files["index.html"]
    assert set(re.findall(r'src="([^"]+)"', html)) == {f"/static/{n}" for n in files if n.endswith(".js")}


def test_the_scripts_never_insert_html():
    for name, text in SCRIPTS.items():
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "eval(" not in text, name


def test_the_package_ships_the_page():
    import tomllib

    project = tomllib.loads((STATIC.parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["setuptools"]["package-data"]["critmin.serve"] == ["static/*"]
    assert "critmin.serve" in project["tool"]["setuptools"]["packages"]
    assert set(project["project"]["optional-dependencies"]["serve"]) >= {"fastapi>=0.110", "uvicorn>=0.29"}
