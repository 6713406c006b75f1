"""The bad-request corpus (tests/corpus/serve.yaml) against the running service: every mistake gets
a clear 4xx JSON error — the CLI's own message where the CLI can make the same mistake — and
nothing is written anywhere."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from critmin.cli.app import cli
from critmin.io.shipped import shipped_dir
from tests.helpers.badinput import changes, snapshot
from tests.helpers.paths import CORPUS

CASES = yaml.safe_load((CORPUS / "serve.yaml").read_text(encoding="utf-8"))["cases"]


def _expand(value: Any, key: str = "") -> Any:
    """``{generate: N}``: N overrides for ``overrides``, else a text of N characters."""
    if isinstance(value, dict) and set(value) == {"generate"}:
        count = value["generate"]
        return [f"params.severe_shortfall_min=0.{n % 9 + 1}" for n in range(count)] if key == "overrides" \
            else "x" * count
    if isinstance(value, dict):
        return {k: _expand(v, k) for k, v in value.items()}
    return value


def _send(client, case: dict[str, Any]):
    options: dict[str, Any] = {"headers": case.get("headers", {})}
    if "json" in case:
        options["json"] = _expand(case["json"])
    elif "content" in case:
        options["content"] = (case["content"] * case.get("repeat", 1)).encode("utf-8")
    return client.request(case["method"], case["path"], **options)


@pytest.mark.parametrize("case", CASES, ids=[c["about"] for c in CASES])
def test_a_bad_request_gets_a_clear_json_error(service, client, case):
    watched = [service.cwd, shipped_dir("facts"), shipped_dir("rules")]
    before = snapshot(watched)
    response = _send(client, case)
    assert 400 <= response.status_code < 500
    assert response.status_code == case["status"], response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == case["status"] and error["problems"]
    if "type" in case:
        assert error["type"] == case["type"]
    for fragment in case["expect"]:
        assert fragment in error["message"], error["message"]
    assert "Traceback" not in response.text and "internal error" not in response.text
    if "cli" in case:
        result = CliRunner().invoke(cli, case["cli"])
        assert result.exit_code in (1, 2), result.output
        if case.get("compare", "same") == "same":
            assert result.stderr.strip() == f"error: {error['message']}"
        else:
            assert error["message"] in result.stderr
    assert changes(before, snapshot(watched)) == []


def test_the_corpus_covers_every_error_status():
    assert {c["status"] for c in CASES} == {400, 404, 405, 413, 422}
    assert len(CASES) >= 30 and len({c["about"] for c in CASES}) == len(CASES)


def test_the_service_still_answers_after_the_corpus(client):
    assert client.get("/api/score").status_code == 200
    assert json.loads(client.get("/api/openapi.json").text)["info"]["title"] == "critmin"
