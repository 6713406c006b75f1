"""What every request passes before the application sees it: the Host header (when the service
listens on loopback only), the access token (when one is set) and the size of the body.

A plain ASGI middleware, so that a refused request is answered before any work and in the same
JSON error shape as the rest of the API. The page and its files (``/``, ``/static/…``) need no
token: they hold no data, and the page sends the token it was given (``/#token=…``) with every
API call.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 64 * 1024  # bytes of one request body: a question, or a hundred overrides, fit many times
LOOPBACK_NAMES = ("localhost",)
PROTECTED = "/api/"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    name = host.strip("[]")
    if name.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_name(host: str) -> str:
    """The name in a Host header, without its port: ``127.0.0.1:8000`` → 127.0.0.1, ``[::1]:80`` → ::1."""
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0]


def error(status: int, message: str, kind: str = "RequestError") -> dict[str, Any]:
    return {"error": {"status": status, "type": kind, "message": message, "problems": [{"message": message}]}}


async def send_json(send: Send, status: int, body: dict[str, Any], headers: tuple = ()) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": data})


class Guard:
    """Host check (loopback only), bearer token (``Authorization: Bearer TOKEN``), body limit."""

    def __init__(self, app: ASGIApp, token: str | None = None, loopback_only: bool = True,
                 max_body: int = MAX_BODY):
        self.app, self.token, self.loopback_only, self.max_body = app, token, loopback_only, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        refused = self._refusal(scope, headers)
        if refused is not None:
            status, message, extra = refused
            await send_json(send, status, error(status, message), extra)
            return
        body = await self._body(receive, headers)
        if isinstance(body, tuple):
            await send_json(send, body[0], error(body[0], body[1]))
            return
        await self.app(scope, _replay(body, receive), send)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str, tuple] | None:
        if self.loopback_only:
            host = headers.get("host", "")
            if not is_loopback(host_name(host)):  # a page elsewhere reaching this one by DNS rebinding
                return 400, f"Host '{host}' is not a loopback name; this service answers only on loopback", ()
        if self.token and scope.get("path", "").startswith(PROTECTED):
            given = headers.get("authorization", "")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), self.token.encode()):
                return 401, "this service needs its access token: send 'Authorization: Bearer TOKEN'", (
                    (b"www-authenticate", b"Bearer"),)
        return None

    async def _body(self, receive: Receive, headers: dict[str, str]) -> list[Message] | tuple[int, str]:
        """Every body message, read up to the limit (a body is small: it is read whole)."""
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                return 400, f"Content-Length '{declared}' is not a number"
            if int(declared) > self.max_body:
                return 413, f"the request body is {int(declared):,} bytes; at most {self.max_body:,} are accepted"
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return messages
            size += len(message.get("body", b""))
            if size > self.max_body:
                return 413, f"the request body is over {self.max_body:,} bytes; at most {self.max_body:,} are accepted"
            if not message.get("more_body", False):
                return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """The body messages already read, then the connection's own (a disconnect, later)."""
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()
    return replay
