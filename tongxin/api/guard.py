"""Checks made before a request reaches its route (an ASGI middleware), and the bounded pool that heavy
requests run in.

- Trusted hosts: a request whose Host header is not one of TONGXIN_ALLOWED_HOSTS gets 400 (a page of
  another site cannot reach the API through DNS rebinding while no read token is set).
- `POST /load`: the write token is checked, and the declared size against TONGXIN_MAX_UPLOAD_BYTES, from the
  headers alone, before a byte of the body is read; a body that grows past the limit while it streams in
  is cut off with 413. The route's own dependency (tongxin.api.deps.require_write) checks the token again.
- Views (and other heavy renderings) run in a thread pool of their own, TONGXIN_VIEW_WORKERS threads, under
  TONGXIN_VIEW_TIMEOUT_S (504 when it runs out) — the event loop and the other routes' threads stay free.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from fastapi import Request
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tongxin.errors import TongxinError
from tongxin.settings import Settings

T = TypeVar("T")


class TooLarge(TongxinError):
    """A request, upload or result over a configured size limit (HTTP 413)."""


class TimedOut(TongxinError):
    """A request that ran past its time limit (HTTP 504)."""


def host_allowed(host_header: str | None, allowed: list[str]) -> bool:
    """Whether a Host header names one of the allowed hosts (`*`: any); the port is ignored, IPv6 in []."""
    if "*" in allowed:
        return True
    host = (host_header or "").strip().lower()
    if host.startswith("["):
        host = host[1:host.find("]")] if "]" in host else ""
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".") in allowed


def write_token_problem(settings: Settings, authorization: str | None) -> tuple[int, str, str] | None:
    """(status, code, message) if an Authorization header does not carry the write token, else None.
    The same decision as tongxin.api.deps.require_write, from the raw header."""
    from tongxin.api.tokens import writer_name, writes_enabled

    if not writes_enabled(settings):
        return 403, "forbidden", "writes are disabled: set TONGXIN_API_TOKEN or TONGXIN_WRITE_TOKENS_FILE to enable them"
    scheme, _, credentials = (authorization or "").partition(" ")
    if not authorization or not credentials or scheme.lower() != "bearer":
        return 401, "unauthorized", "a bearer token is required"
    if writer_name(settings, credentials) is None:  # constant-time comparisons
        return 401, "unauthorized", "wrong bearer token"
    return None


async def _error(send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
           *((k.lower().encode(), v.encode()) for k, v in (headers or {}).items())]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class RequestGuard:
    """The middleware: trusted hosts for every request; for `POST /load`, the token and the size first."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not host_allowed(headers.get("host"), self.settings.allowed_hosts):
            await _error(send, 400, "bad_host", "this host name is not served here (TONGXIN_ALLOWED_HOSTS)")
            return
        if scope["method"] != "POST" or scope["path"].rstrip("/") != "/load":
            await self.app(scope, receive, send)
            return
        refused = write_token_problem(self.settings, headers.get("authorization"))
        if refused is not None:
            status, code, message = refused
            await _error(send, status, code, message,
                         {"WWW-Authenticate": "Bearer"} if status == 401 else None)
            return
        limit = self.settings.tongxin_max_upload_bytes
        too_big = f"the upload is larger than the limit of {limit:,} bytes (TONGXIN_MAX_UPLOAD_BYTES)"
        try:
            declared = int(headers.get("content-length", "0"))
        except ValueError:
            declared = 0
        if declared > limit:
            await _error(send, 413, "too_large", too_big)
            return
        received = 0
        answered = False

        async def limited_receive() -> Message:
            nonlocal received, answered
            if answered:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    answered = True
                    await _error(send, 413, "too_large", too_big)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not answered:  # after our 413 the app's own answer (to a disconnect) is dropped
                await send(message)

        await self.app(scope, limited_receive, guarded_send)


def view_pool(settings: Settings) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=settings.tongxin_view_workers, thread_name_prefix="tongxin-view")


async def run_bounded(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run `fn` in the app's view pool under the view time limit (TimedOut → 504). A request still waiting
    for a thread when its time runs out never starts; one that runs on ends in the engine's query timeout."""
    settings: Settings = request.app.state.settings
    pool: ThreadPoolExecutor = request.app.state.view_pool
    future = asyncio.get_running_loop().run_in_executor(pool, functools.partial(fn, *args, **kwargs))
    try:
        return await asyncio.wait_for(future, settings.tongxin_view_timeout_s)
    except TimeoutError:
        raise TimedOut(f"the view ran past its time limit of {settings.tongxin_view_timeout_s:g} s "
                       "(TONGXIN_VIEW_TIMEOUT_S); narrow it") from None
