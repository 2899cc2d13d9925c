"""Guild membership, bans and the moderation rules of kick/ban/unban."""

from dataclasses import dataclass, field
from enum import StrEnum

from domain.errors import DomainError

BAN_REASON_MAX = 256


@dataclass(slots=True, kw_only=True)
class Member:
    """A user's membership in a guild; ``nickname``/``avatar`` override the user's own."""

    guild_id: int
    user_id: int
    nickname: str | None = None
    avatar: int | None = None
    joined_at_ms: int = 0
    role_ids: list[int] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Ban:
    guild_id: int
    user_id: int
    reason: str | None = None


class ModerationAction(StrEnum):
    KICK = "kick"
    BAN = "ban"
    UNBAN = "unban"


class ModerationRefused(DomainError):
    """The actor may not moderate this target; ``not_found`` marks GoChat's 404 case."""

    def __init__(self, message: str, *, not_found: bool = False) -> None:
        super().__init__(message)
        self.not_found = not_found


def check_moderation(
    *,
    action: ModerationAction,
    owner_id: int,
    actor_id: int,
    target_id: int,
    target_is_member: bool,
    target_is_admin: bool,
) -> None:
    """Raise when GoChat's moderation rules (spec §13.10) forbid the action."""
    if target_id == owner_id:
        raise ModerationRefused("cannot moderate guild owner")
    if action is not ModerationAction.UNBAN and not target_is_member:
        raise ModerationRefused("not a member", not_found=True)
    if target_is_admin and actor_id != owner_id:
        raise ModerationRefused("only guild owner can moderate administrators")


def validate_ban_reason(reason: str | None) -> None:
    if reason is not None and len(reason) > BAN_REASON_MAX:
        msg = "ban reason must be 256 characters or fewer"
        raise DomainError(msg)
