"""The service as its users run it: `critmin serve` started for real on a loopback port.

:func:`running` starts the command in a subprocess (from an empty working directory, so a test
can check it stays empty), waits until it answers, and stops it by its process id. Every wait is
bounded; all traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

LOOPBACK = "127.0.0.1"
START_TIMEOUT = 90.0  # seconds for the service to load the data and listen (the machine may be busy)
REQUEST_TIMEOUT = 120.0  # seconds for one request (what-would-it-take searches take a few)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def critmin_command() -> list[str]:
    """The installed `critmin` script beside this Python, else `python -m critmin`."""
    script = Path(sys.executable).parent / "critmin"
    return [str(script)] if script.exists() else [sys.executable, "-m", "critmin"]


@dataclass
class Service:
    url: str
    process: subprocess.Popen
    log: Path
    cwd: Path
    token: str | None = None

    def client(self, **options) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        options = {"timeout": REQUEST_TIMEOUT, "headers": headers, **options}
        return httpx.Client(base_url=self.url, **options)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running(root: Path, args: Sequence[str] = (), token: str | None = None) -> Iterator[Service]:
    """`critmin serve --port P ARGS` from ``root/cwd`` (created empty), logging to ``root/server.log``."""
    cwd, log = root / "cwd", root / "server.log"
    cwd.mkdir(parents=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "CRITMIN_TOKEN"}
    if token:
        env["CRITMIN_TOKEN"] = token
    with open(log, "wb") as sink:
        process = subprocess.Popen([*critmin_command(), "serve", "--host", LOOPBACK, "--port", str(port),
                                    "--log-level", "warning", *args],
                                   cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    service = Service(f"http://{LOOPBACK}:{port}", process, log, cwd, token)
    try:
        _wait_until_ready(service)
        yield service
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _wait_until_ready(service: Service) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise AssertionError(f"critmin serve exited with {service.process.returncode}:\n{service.output()}")
        try:
            with service.client(timeout=5) as client:
                client.get("/api/meta")
            return
        except httpx.TransportError:
            time.sleep(0.25)
    raise AssertionError(f"critmin serve did not answer within {START_TIMEOUT:.0f} s:\n{service.output()}")


def chromium() -> tuple[str, str] | None:
    """(browser, driver) of the system's Chromium, or None when it is not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None
