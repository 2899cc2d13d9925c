"""What the channel role-override routes share (spec §2.4.4 rows 53 to 57).

GoChat publishes no event for override changes, and neither does Parley: clients re-read
the channel's overrides when they open its settings.
"""

import msgspec

from application.errors import NotAcceptable, Unauthorized
from application.ports.unit_of_work import Transaction
from application.services.access import authorize, guild_channel
from application.use_cases.roles.lookups import override_role
from application.wire.dto import ChannelRolePermissionDTO
from domain.errors import ValidationError
from domain.permissions import Override, Permission, is_valid_mask, sanitize_override

OVERRIDE_NOT_FOUND = "unable to get channel role permissions"


class OverrideTarget(msgspec.Struct, frozen=True, kw_only=True):
    """One role's override on one guild channel."""

    actor_id: int
    guild_id: int
    channel_id: int
    role_id: int


class OverrideChange(OverrideTarget, frozen=True, kw_only=True):
    """Masks to store; both must be ≥ 0 (GoChat's ozzo rule and text)."""

    accept: int
    deny: int


def sanitized(command: OverrideChange) -> Override:
    """Validated masks without the guild-wide bits an override may not carry.

    GoChat sanitized only when updating an existing row (spec §17 item 20); Parley sanitizes
    every write, so a first PUT cannot smuggle in Administrator or Ban/Kick.
    """
    problems = {
        field: "permissions must be non-negative"
        for field, mask in (("accept", command.accept), ("deny", command.deny))
        if not is_valid_mask(mask)
    }
    if problems:
        raise ValidationError.of(problems)
    return Override(accept=sanitize_override(command.accept), deny=sanitize_override(command.deny))


async def check_override_change(tx: Transaction, command: OverrideTarget) -> None:
    """ManageChannels (406), the channel in this guild (404), the role in this guild (404)."""
    await authorize(
        tx, command.guild_id, command.actor_id, Permission.MANAGE_CHANNELS, refusal=NotAcceptable
    )
    await guild_channel(tx, command.guild_id, command.channel_id)
    await override_role(tx, command.guild_id, command.role_id)


async def check_override_read(
    tx: Transaction, guild_id: int, actor_id: int, channel_id: int
) -> None:
    """Members only (401 ``permissions required``), and the channel must be this guild's (404)."""
    await authorize(tx, guild_id, actor_id, refusal=Unauthorized)
    await guild_channel(tx, guild_id, channel_id)


def override_dto(role_id: int, override: Override) -> ChannelRolePermissionDTO:
    return ChannelRolePermissionDTO(role_id=role_id, accept=override.accept, deny=override.deny)
