"""Turning failures into GoChat's plain-text error replies.

Expected failures (``AppError``, domain rule violations) carry their exact body text. Anything
else is a bug: it is logged with its traceback and answered with a bare 500, never with details.
"""

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException
from litestar.status_codes import HTTP_304_NOT_MODIFIED, HTTP_500_INTERNAL_SERVER_ERROR

from application import errors
from domain.errors import DomainError
from entrypoints.common.http import text

log = logging.getLogger("parley.http")

STATUS_OF: dict[type[errors.AppError], int] = {
    errors.Invalid: 400,
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.NotAcceptable: 406,
    errors.Conflict: 409,
    errors.StoreConflict: 409,
    errors.Gone: 410,
    errors.TooLarge: 413,
    errors.Unsupported: 415,
    errors.TooManyRequests: 429,
    errors.NotModified: 304,
    errors.Unavailable: 503,
}


def status_of(error: errors.AppError) -> int:
    for kind in type(error).__mro__:
        status = STATUS_OF.get(kind)
        if status is not None:
            return status
    return HTTP_500_INTERNAL_SERVER_ERROR


def app_error_handler(_: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    assert isinstance(error, errors.AppError)  # noqa: S101 - registered for AppError only
    if isinstance(error, errors.Unavailable):
        log.warning("backing service unavailable: %s", error.message)
    status = status_of(error)
    if status == HTTP_304_NOT_MODIFIED:
        # A 304 has no content (RFC 9110 §15.4.5): Litestar refuses to send one, and GoChat's
        # text never reached clients either (Fiber drops it too).
        return Response(None, status_code=status)
    return text(error.message, status)


def domain_error_handler(_: Request[Any, Any, Any], error: Exception) -> Response[str]:
    assert isinstance(error, DomainError)  # noqa: S101 - registered for DomainError only
    return text(error.message, 400)


def http_error_handler(request: Request[Any, Any, Any], error: Exception) -> Response[str]:
    assert isinstance(error, HTTPException)  # noqa: S101 - registered for HTTPException only
    if isinstance(error, NotFoundException):
        return text(f"Cannot {request.method} {request.url.path}", 404)
    if error.status_code >= HTTP_500_INTERNAL_SERVER_ERROR:
        log.error("error on %s %s", request.method, request.url.path, exc_info=error)
    return text(str(error.detail), error.status_code)


def internal_error_handler(request: Request[Any, Any, Any], error: Exception) -> Response[str]:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return text("Internal Server Error", HTTP_500_INTERNAL_SERVER_ERROR)


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    errors.AppError: app_error_handler,
    DomainError: domain_error_handler,
    HTTPException: http_error_handler,
    Exception: internal_error_handler,
}
