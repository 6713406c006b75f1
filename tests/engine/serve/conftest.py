"""One running service for the tests of this folder (started once, stopped at the end).

Without the serve extra these tests are skipped with the reason — except in CI (``CI`` set),
which installs the extra and must run them.
"""

from __future__ import annotations

import os

import pytest

if not os.environ.get("CI"):
    pytest.importorskip("fastapi", reason="the serve extra is not installed: pip install -e '.[serve]'")
    pytest.importorskip("httpx", reason="httpx is not installed: pip install -e '.[test]'")

from tests.engine.serve.service import running  # noqa: E402 - after the skips above


@pytest.fixture(scope="session")
def service(tmp_path_factory):
    with running(tmp_path_factory.mktemp("service")) as started:
        yield started


@pytest.fixture(scope="session")
def client(service):
    with service.client() as http:
        yield http
