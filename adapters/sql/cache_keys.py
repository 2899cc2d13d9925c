"""What the read cache (``adapters.sql.read_cache``) keeps, and what each key returns.

A key names one lookup a repository makes; its type parameter is what the lookup returns
(rows, or None for "there is none", which is cached too).
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from adapters.sql.mappers import Record

T = TypeVar("T")
Rows = tuple[Record, ...]

ALL = -1
"""``Key.second`` of a key standing for every key of its kind and first id (see ``every``)."""


@dataclass(frozen=True, slots=True)
class Key(Generic[T]):
    """One cached lookup: its ``kind`` and the ids it is made by; ``T`` is what it returns."""

    kind: str
    first: int
    second: int = 0


GUILD, ROLES, MEMBER, BAN = "guild", "roles", "member", "ban"
CHANNEL, OVERRIDES, USER_OVERRIDE, USER = "channel", "overrides", "user_override", "user"


def guild_key(guild_id: int) -> Key[Record | None]:
    return Key(GUILD, guild_id)


def roles_key(guild_id: int) -> Key[Rows]:
    return Key(ROLES, guild_id)


def member_key(guild_id: int, user_id: int) -> Key[Rows]:
    """The member's rows, one per role (or one with no role); empty for a non-member."""
    return Key(MEMBER, guild_id, user_id)


def ban_key(guild_id: int, user_id: int) -> Key[bool]:
    return Key(BAN, guild_id, user_id)


def channel_key(channel_id: int) -> Key[Record | None]:
    return Key(CHANNEL, channel_id)


def overrides_key(channel_id: int) -> Key[Rows]:
    return Key(OVERRIDES, channel_id)


def user_override_key(channel_id: int, user_id: int) -> Key[Record | None]:
    return Key(USER_OVERRIDE, channel_id, user_id)


def user_key(user_id: int) -> Key[Record | None]:
    return Key(USER, user_id)


def every(kind: str, first: int) -> Key[Any]:
    """All keys of ``kind`` whose first id is ``first`` (e.g. every member of a guild)."""
    return Key(kind, first, ALL)
