"""The real Parley edge app, in process, over SQLite in a temporary data directory.

Tests talk to it with ``httpx`` through ``ASGITransport`` (no socket, no subprocess) and sign
users up exactly as a client does: register, read the confirmation link from the log mailer,
confirm, log in.
"""

import contextlib
import itertools
import logging
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from typing_extensions import override

from entrypoints.common.settings import load_settings
from entrypoints.edge.platform import SECRET_FILE, build

API = "/api/v1"
PASSWORD = "correct horse 1"
CONFIRM_LINK = re.compile(r"/app/confirmation/(\d+)/([A-Za-z0-9_-]{40})")
MAIL_LOGGER = "parley.mail"

# Permission bits (spec §4.1).
VIEW_CHANNELS = 1
MANAGE_CHANNELS = 2
MANAGE_ROLES = 4
MANAGE_SERVER = 16
CREATE_INVITE = 32
KICK_MEMBERS = 256
BAN_MEMBERS = 512
SEND_MESSAGES = 2048
ATTACH_FILES = 16384
MANAGE_MESSAGES = 131072
READ_MESSAGE_HISTORY = 524288
ADMINISTRATOR = 67108864
DEFAULT_GUILD_PERMISSIONS = 7927905

TEXT_PLAIN = "text/plain; charset=utf-8"


class MailLog(logging.Handler):
    """Keeps what the log mailer writes, so tests can follow the mailed links."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    @override
    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def confirmation_for(self, email: str) -> tuple[int, str]:
        """The user id and token of the last confirmation link mailed to ``email``."""
        for line in reversed(self.lines):
            match = CONFIRM_LINK.search(line)
            if match and f" {email}:" in line:
                return int(match[1]), match[2]
        msg = f"no confirmation mail to {email} in {self.lines[-3:]}"
        raise AssertionError(msg)


@dataclass
class User:
    """A signed-up user with a logged-in session."""

    id: int
    email: str
    name: str
    token: str
    refresh_token: str
    http: httpx.AsyncClient = field(repr=False)

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    async def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """``method`` on ``/api/v1`` + ``path`` with this user's access token."""
        return await self.http.request(
            method,
            API + path,
            json=json,
            content=content,
            headers=self.headers(headers),
            params=params,
        )

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.call("POST", path, json=json, **kwargs)

    async def patch(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.call("PATCH", path, json=json, **kwargs)

    async def put(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.call("PUT", path, json=json, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("DELETE", path, **kwargs)


def expect(response: httpx.Response, status: int, body: str | None = None) -> httpx.Response:
    """Assert the status (and the exact plain-text body when given), showing the reply."""
    shown = f"{response.request.method} {response.request.url.path} -> {response.status_code} "
    shown += repr(response.text[:300])
    assert response.status_code == status, shown
    if body is not None:
        assert response.text == body, shown
    return response


def json_of(response: httpx.Response, status: int = 200) -> Any:
    return expect(response, status).json()


@dataclass
class Platform:
    """One running app with its HTTP client, mail log and data directory."""

    http: httpx.AsyncClient
    mail: MailLog
    data_dir: Path
    counter: Iterator[int] = field(default_factory=itertools.count)

    @property
    def secret(self) -> str:
        """The HS256 key the embedded profile keeps in its data directory."""
        return (self.data_dir / SECRET_FILE).read_text(encoding="utf-8").strip()

    async def sign_up(self, label: str = "user") -> User:
        """Register, confirm through the mailed link, and log in."""
        name = f"{label[:10]}{next(self.counter):05d}".lower()
        email = f"{name}@example.com"
        response = await self.http.post(API + "/auth/registration", json={"email": email})
        expect(response, 201, "Created")
        user_id, token = self.mail.confirmation_for(email)
        confirmation = {
            "id": user_id,
            "token": token,
            "name": name,
            "discriminator": name,
            "password": PASSWORD,
        }
        response = await self.http.post(API + "/auth/confirmation", json=confirmation)
        expect(response, 201, "Created")
        return await self.log_in(user_id, email, name)

    async def log_in(self, user_id: int, email: str, name: str) -> User:
        response = await self.http.post(
            API + "/auth/login", json={"email": email, "password": PASSWORD}
        )
        pair = json_of(response)
        return User(user_id, email, name, pair["token"], pair["refresh_token"], self.http)

    async def create_guild(self, owner: User, name: str = "guild") -> int:
        guild = json_of(await owner.post("/guild", {"name": name, "public": False}))
        return int(guild["id"])

    async def invite_code(self, owner: User, guild_id: int) -> str:
        invite = json_of(await owner.post(f"/guild/invites/{guild_id}", {}), 201)
        return str(invite["code"])

    async def join(self, owner: User, guild_id: int, *users: User) -> None:
        """Make ``users`` members through an invite the owner creates."""
        code = await self.invite_code(owner, guild_id)
        for user in users:
            json_of(await user.post(f"/guild/invites/accept/{code}"))

    async def create_role(
        self, owner: User, guild_id: int, permissions: int, name: str = "role"
    ) -> int:
        body = {"name": name, "color": 0, "permissions": permissions}
        role = json_of(await owner.post(f"/guild/{guild_id}/roles", body), 201)
        return int(role["id"])

    async def assign(self, owner: User, guild_id: int, user: User, role_id: int) -> None:
        path = f"/guild/{guild_id}/member/{user.id}/roles/{role_id}"
        expect(await owner.put(path), 200, "OK")

    async def grant(self, owner: User, guild_id: int, user: User, permissions: int) -> int:
        """Give ``user`` (a member) a new role with ``permissions``; the role's id."""
        role_id = await self.create_role(owner, guild_id, permissions, name="granted")
        await self.assign(owner, guild_id, user, role_id)
        return role_id

    async def channels(self, user: User, guild_id: int) -> list[dict[str, Any]]:
        listing: list[dict[str, Any]] = json_of(await user.get(f"/guild/{guild_id}/channel"))
        return listing

    async def channel_named(self, user: User, guild_id: int, name: str) -> int:
        for channel in await self.channels(user, guild_id):
            if channel["name"] == name:
                return int(channel["id"])
        msg = f"no channel {name!r} in guild {guild_id}"
        raise AssertionError(msg)


def settings_overrides(data_dir: Path, **overrides: Any) -> dict[str, Any]:
    return {
        "data_dir": str(data_dir),
        "profile": "embedded",
        "rate_limit_requests": 100_000,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 8,
        "email_provider": "log",
        **overrides,
    }


@contextlib.asynccontextmanager
async def running_platform(data_dir: Path, **overrides: Any) -> AsyncIterator[Platform]:
    """Build the edge app, run its lifespan, and hand out a client bound to it."""
    settings = load_settings(environ={}, overrides=settings_overrides(data_dir, **overrides))
    app = build(settings)
    mail = MailLog()
    logger = logging.getLogger(MAIL_LOGGER)
    level = logger.level
    logger.addHandler(mail)
    logger.setLevel(logging.INFO)
    try:
        async with app.lifespan():
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                yield Platform(http=http, mail=mail, data_dir=data_dir)
    finally:
        logger.removeHandler(mail)
        logger.setLevel(level)
