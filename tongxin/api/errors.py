"""One error shape for the whole API: {"error": {"code", "message", "param"?, "candidates"?}}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from tongxin.errors import (
    BackendUnavailable,
    BadParameter,
    InvalidData,
    NotFound,
    QueryFailed,
    QueryTimeout,
    StoreLocked,
)


class ErrorDetail(BaseModel):
    code: str
    message: str
    param: str | None = None
    candidates: list[dict[str, Any]] | None = None
    problems: list[str] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


def _resp(status: int, detail: ErrorDetail, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(ErrorBody(error=detail).model_dump(exclude_none=True), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    from tongxin.api.guard import TimedOut, TooLarge
    from tongxin.graph.placeset import PlacesMismatch
    from tongxin.queries.service import UnknownPlace

    @app.exception_handler(UnknownPlace)
    async def _unknown_place(_: Request, exc: UnknownPlace) -> JSONResponse:
        return _resp(404, ErrorDetail(code=f"place_{exc.status}", message=str(exc), param=exc.param,
                                      candidates=exc.candidates))

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return _resp(404, ErrorDetail(code="not_found", message=str(exc), param=exc.param,
                                      candidates=exc.candidates or None))

    @app.exception_handler(PlacesMismatch)
    async def _mismatch(_: Request, exc: PlacesMismatch) -> JSONResponse:
        return _resp(409, ErrorDetail(code="places_mismatch", message=str(exc)))

    @app.exception_handler(BadParameter)
    async def _bad_param(_: Request, exc: BadParameter) -> JSONResponse:
        return _resp(422, ErrorDetail(code="bad_parameter", message=str(exc), param=exc.name))

    @app.exception_handler(InvalidData)
    async def _invalid(_: Request, exc: InvalidData) -> JSONResponse:
        return _resp(422, ErrorDetail(code="invalid_data", message=f"{len(exc.problems)} problem(s)",
                                      problems=[str(p) for p in exc.problems]))

    @app.exception_handler(BackendUnavailable)
    async def _unavailable(_: Request, exc: BackendUnavailable) -> JSONResponse:
        return _resp(503, ErrorDetail(code="backend_unavailable", message=str(exc)))

    @app.exception_handler(QueryTimeout)
    async def _timeout(_: Request, exc: QueryTimeout) -> JSONResponse:
        return _resp(504, ErrorDetail(code="query_timeout", message="the query ran past its time limit"))

    @app.exception_handler(QueryFailed)
    async def _failed(_: Request, exc: QueryFailed) -> JSONResponse:
        # the engine's message may quote the query: not for the client
        return _resp(500, ErrorDetail(code="internal_error", message="QueryFailed: internal error"))

    @app.exception_handler(StoreLocked)
    async def _locked(_: Request, exc: StoreLocked) -> JSONResponse:
        return _resp(503, ErrorDetail(code="backend_unavailable", message=str(exc)))

    @app.exception_handler(TooLarge)
    async def _too_large(_: Request, exc: TooLarge) -> JSONResponse:
        return _resp(413, ErrorDetail(code="too_large", message=str(exc)))

    @app.exception_handler(TimedOut)
    async def _timed_out(_: Request, exc: TimedOut) -> JSONResponse:
        return _resp(504, ErrorDetail(code="timeout", message=str(exc)))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        param = str(first["loc"][-1]) if first["loc"] else None
        return _resp(422, ErrorDetail(code="bad_parameter", message=f"{param}: {first['msg']}", param=param))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "http_error")
        return _resp(exc.status_code, ErrorDetail(code=code, message=str(exc.detail)),
                     headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _other(_: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, ConnectionError | OSError):
            return _resp(503, ErrorDetail(code="backend_unavailable", message=str(exc)))
        return _resp(500, ErrorDetail(code="internal_error", message=f"{type(exc).__name__}: internal error"))
