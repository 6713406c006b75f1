"""`critmin serve` as a command: loopback by default, a token beyond it, bad data refused before
listening, the token enforced on the API, and no FastAPI or uvicorn on other commands' start-up."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli
from tests.engine.serve.service import running

TOKEN = "correct-horse-battery-staple-42"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_listening_beyond_loopback_needs_a_token(host, monkeypatch):
    monkeypatch.delenv("CRITMIN_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", host])
    assert result.exit_code == 1
    assert f"listening on {host} (not a loopback address) needs an access token" in result.stderr


def test_a_short_token_is_refused():
    result = CliRunner().invoke(cli, ["serve", "--token", "secret"])
    assert result.exit_code == 1 and "--token: use at least 16 characters" in result.stderr


def test_bad_data_is_refused_before_listening(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--facts", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path}: not a facts directory")
    result = CliRunner().invoke(cli, ["serve", "--set", "params.nope=1"])
    assert result.exit_code == 2 and "unknown parameter 'params.nope'" in result.stderr


def test_the_token_is_required_on_every_api_request(tmp_path):
    with running(tmp_path, token=TOKEN) as service:
        with service.client(headers={}) as anonymous:
            refused = anonymous.get("/api/score")
            assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
            assert "needs its access token" in refused.json()["error"]["message"]
            wrong = anonymous.get("/api/score", headers={"Authorization": "Bearer " + TOKEN[:-1] + "x"})
            assert wrong.status_code == 401
            assert anonymous.get("/api/openapi.json").status_code == 401
            assert anonymous.post("/api/ask", json={"question": "rank"}).status_code == 401
            assert anonymous.get("/").status_code == 200  # the page holds no data; it asks for the token
        with service.client() as allowed:
            assert allowed.get("/api/score").status_code == 200
            assert allowed.post("/api/ask", json={"question": "rank"}).json()["intent"] == "rank"


def _imported_by_score() -> list[str]:
    code = ("import json, sys; from click.testing import CliRunner; from critmin.cli.app import cli; "
            "r = CliRunner().invoke(cli, ['score', '--format', 'json']); assert r.exit_code == 0, r.output; "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('fastapi', 'uvicorn', 'starlette', 'pydantic', 'httpx') or m.startswith('critmin.serve'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_score_starts_without_fastapi_or_uvicorn():
    assert _imported_by_score() == []


def test_without_the_serve_extra_the_command_says_how_to_get_it():
    code = ("import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None; "
            "from critmin.cli.app import main; sys.argv = ['critmin', 'serve']; main()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "critmin serve needs the serve extra" in done.stderr and "pip install 'critmin[serve]'" in done.stderr
