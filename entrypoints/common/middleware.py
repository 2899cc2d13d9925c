"""Cross-cutting HTTP behaviour: bearer auth, rate limiting and idempotent retries.

These run inside each service's Litestar app (after routing, so the route template is known)
and talk to ports, so the production profile swaps the in-memory stores for Redis unchanged.
"""

import hashlib
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar, cast

from litestar.connection import ASGIConnection
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)
from typing_extensions import override

from application.errors import Invalid, Unauthorized, Unavailable
from application.ports.idempotency_store import IdempotencyStore, StoredResponse
from application.ports.rate_limiter import RateLimiter
from application.ports.token_service import TokenError, TokenService
from entrypoints.common.asgi import ASGIApp, Message, Receive, Scope, Send

T = TypeVar("T")

log = logging.getLogger("parley.http")


class Deferred(Generic[T]):
    """A port obtained on first use, then kept.

    Apps are built before the lifespan starts, but adapters whose graph holds an async resource
    (a Redis client) exist only once it has. The source may return the port or an awaitable.
    """

    __slots__ = ("_source", "_value")

    def __init__(self, source: Callable[[], T | Awaitable[T]]) -> None:
        self._source = source
        self._value: T | None = None

    async def get(self) -> T:
        if self._value is None:
            value = self._source()
            if inspect.isawaitable(value):
                value = await value
            self._value = cast("T", value)
        return self._value


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDEMPOTENCY_HEADER = b"x-idempotency-key"
IDEMPOTENCY_KEY_LENGTH = 36
LOCK_TTL_S = 10
SERVER_ERROR = 500


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The token of an ``Authorization: Bearer`` header, or a 400 as GoChat answers."""
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Invalid("missing or malformed JWT")
    return token


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    """Accepts only valid access tokens; the user id becomes ``request.user``."""

    def __init__(self, app: Any, *, tokens: TokenService, exclude: list[str]) -> None:
        super().__init__(app, exclude=exclude)
        self._tokens = tokens

    @override
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        token = bearer_token(connection)
        try:
            user_id = self._tokens.verify_access(token)
        except TokenError as error:
            raise Unauthorized(error.message) from None
        return AuthenticationResult(user=user_id, auth=None)


def client_key(scope: Scope) -> str:
    """Who is asking: the authenticated user, else the client address."""
    user = scope.get("user")
    if isinstance(user, int):
        return f"user:{user}"
    client = scope.get("client")
    return f"ip:{client[0] if client else 'unknown'}"


def _header(name: bytes, value: int | str) -> tuple[bytes, bytes]:
    return name, str(value).encode()


class RateLimitMiddleware:
    """Fixed-window limit per client and route, with GoChat's ``X-RateLimit-*`` headers."""

    def __init__(
        self, app: ASGIApp, *, limiter: Deferred[RateLimiter], requests: int, window_s: int
    ) -> None:
        self.app = app
        self._limiter = limiter
        self._requests = requests
        self._window_s = window_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = scope.get("path_template", scope["path"])
        key = f"rl:{client_key(scope)}:{scope['method']}:{route}"
        limiter = await self._limiter.get()
        decision = await limiter.hit(key, self._requests, self._window_s)
        headers = [
            _header(b"x-ratelimit-limit", decision.limit),
            _header(b"x-ratelimit-remaining", decision.remaining),
            _header(b"x-ratelimit-reset", decision.reset_after_s),
        ]
        if not decision.allowed:
            headers += [
                _header(b"retry-after", decision.reset_after_s),
                (b"content-type", b"text/plain; charset=utf-8"),
            ]
            await send({"type": "http.response.start", "status": 429, "headers": headers})
            await send({"type": "http.response.body", "body": b"Too Many Requests"})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class IdempotencyMiddleware:
    """Replays the stored response when a non-safe request repeats its ``X-Idempotency-Key``.

    Keys are scoped to the caller (GoChat shared them between users, so one user could read
    another's response by reusing a key). A wrong-length key is a 400 here, not GoChat's 500.
    Only responses below 500 are stored: a failure may be retried for real.

    Recording the outcome happens after the response went out, so a store that became
    unavailable meanwhile is logged, not raised: the client already has its answer. A repeat of
    that key then runs again once the lock expires (``LOCK_TTL_S``) instead of being replayed.
    """

    def __init__(self, app: ASGIApp, *, store: Deferred[IdempotencyStore], lifetime_s: int) -> None:
        self.app = app
        self._store = store
        self._lifetime_s = lifetime_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw_key = None
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            raw_key = dict(scope["headers"]).get(IDEMPOTENCY_HEADER)
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        key_text = raw_key.decode("latin-1")
        if len(key_text) != IDEMPOTENCY_KEY_LENGTH:
            raise Invalid(
                f"invalid idempotency key: invalid length: {len(key_text)} != "
                f"{IDEMPOTENCY_KEY_LENGTH}"
            )
        scoped = hashlib.sha256(f"{client_key(scope)}|{key_text}".encode()).hexdigest()
        store = await self._store.get()
        stored = await store.get(scoped)
        if stored is not None:
            await _replay(stored, send)
            return
        if not await store.lock(scoped, LOCK_TTL_S):
            raise Invalid("request with this idempotency key is already in progress")
        await self._run_and_store(store, scope, receive, send, scoped)

    async def _run_and_store(
        self, store: IdempotencyStore, scope: Scope, receive: Receive, send: Send, key: str
    ) -> None:
        status = 500
        content_type = ""
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-type":
                        content_type = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            try:
                if status < SERVER_ERROR:
                    body = b"".join(chunks)
                    response = StoredResponse(status=status, content_type=content_type, body=body)
                    await store.save(key, response, self._lifetime_s)
                else:
                    await store.release(key)
            except Unavailable:
                log.warning("idempotency store unavailable: a %s response went unrecorded", status)


async def _replay(stored: StoredResponse, send: Send) -> None:
    headers = [(b"x-idempotency-replayed", b"true")]
    if stored.content_type:
        headers.append((b"content-type", stored.content_type.encode("latin-1")))
    await send({"type": "http.response.start", "status": stored.status, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body})
