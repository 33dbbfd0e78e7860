"""Typed dependencies: settings, the store, and the bearer-token checks."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tongxin.graph.stores.base import GraphStore
from tongxin.settings import Settings

_bearer = HTTPBearer(auto_error=False)


# The dependencies are `async def`: they do no I/O, and FastAPI runs a plain `def` dependency in the thread
# pool — a thread hop per dependency per request, which costs more than the cached reads behind them.
async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def _check(token_setting, creds: HTTPAuthorizationCredentials | None) -> None:  # type: ignore[no-untyped-def]
    if creds is None or creds.scheme.lower() != "bearer":
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    expected = token_setting.get_secret_value().encode()
    if not secrets.compare_digest(creds.credentials.encode(), expected):  # constant time
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong bearer token",
                            headers={"WWW-Authenticate": "Bearer"})


async def require_write(
    settings: Annotated[Settings, Depends(get_settings)],
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """Writes need a write token — TONGXIN_API_TOKEN, or one of TONGXIN_WRITE_TOKENS_FILE's named tokens
    (tongxin.api.tokens); with none configured, writing over HTTP is disabled. Returns the writer's name."""
    from tongxin.api.tokens import writer_name, writes_enabled

    if not writes_enabled(settings):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "writes are disabled: set TONGXIN_API_TOKEN or "
                            "TONGXIN_WRITE_TOKENS_FILE to enable them")
    if creds is None or creds.scheme.lower() != "bearer":
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    name = writer_name(settings, creds.credentials)
    if name is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong bearer token", headers={"WWW-Authenticate": "Bearer"})
    return name


async def require_read(
    settings: Annotated[Settings, Depends(get_settings)],
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Reads are open unless TONGXIN_READ_TOKEN is set."""
    if settings.tongxin_read_token is not None:
        _check(settings.tongxin_read_token, creds)


StoreDep = Annotated[GraphStore, Depends(get_store)]
WriterDep = Annotated[str, Depends(require_write)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
