"""The README's section on the page and the service is true: its commands run, its table lists the
API, its error example is what the service answers, its screenshot is there."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TITLE = "## The web page and the HTTP service\n"
SECTION = README[README.index(TITLE):README.index("\n## ", README.index(TITLE) + 1)]


def _block(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", SECTION, re.S)


def test_install_and_start_is_one_line():
    assert _block("sh")[0].strip() == "pip install -e '.[serve]' && critmin serve"
    assert "`critmin serve [--host H] [--port P] [--token T]`" in README


def test_the_screenshot_is_a_small_png():
    name = re.search(r"!\[[^\]]+\]\((docs/[\w.-]+\.png)\)", SECTION).group(1)
    data = (ROOT / name).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 200_000


def test_every_curl_example_answers(service, client):
    lines = [line for line in _block("sh")[1].splitlines() if line.strip()]
    assert len(lines) == 4
    for line in lines:
        words = shlex.split(line)
        assert words[:2] == ["curl", "-s"]
        url = next(w for w in words if w.startswith("http://127.0.0.1:8000/"))
        method = words[words.index("-X") + 1] if "-X" in words else "GET"
        body = json.loads(words[words.index("-d") + 1]) if "-d" in words else None
        path = url.removeprefix("http://127.0.0.1:8000")
        response = client.request(method, path, json=body) if body is not None else client.request(method, path)
        assert response.status_code == 200, (line, response.text)
        assert response.json()


def test_the_table_lists_every_endpoint(client):
    listed = set()
    for row in re.findall(r"^\| (`(?:GET|POST) /api/.*?) \|", SECTION, re.M):
        for method, path in re.findall(r"`(GET|POST) (/api/[^`?]*)", row):
            listed.add((method, path))
    spec = client.get("/api/openapi.json").json()
    served = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    assert listed == served


def test_the_error_example_is_what_the_service_answers(client):
    shown = json.loads(_block("json")[0])
    answer = client.post("/api/score", json={"overrides": {"params.severe_shortfall_min": "high"}})
    assert answer.status_code == shown["error"]["status"] and answer.json() == shown
