"""What kick, ban and unban share: the authorization of spec §13.10 and the events they send."""

import msgspec

from application.errors import NotAcceptable, NotFound
from application.ports.unit_of_work import Transaction
from application.services.access import authorize, context_in
from application.services.outbox import Outbox
from application.wire.events import EventType, MemberRemoveEvent, ModerationEvent, guild_subject
from domain.members import ModerationAction, ModerationRefused, check_moderation
from domain.permissions import Permission


class Moderation(msgspec.Struct, frozen=True, kw_only=True):
    """The actor moderates ``user_id`` in ``guild_id``."""

    actor_id: int
    guild_id: int
    user_id: int


async def check_moderation_allowed(
    tx: Transaction, command: Moderation, action: ModerationAction, required: Permission
) -> None:
    """The actor needs ``required`` as owner or member (406 ``permissions required``).

    Then the domain rules: never the owner (406), kick/ban only members (404 ``not a
    member``), administrators only by the owner (406). The target's Administrator status is
    computed like the actor's, so a non-member target is never an administrator.
    """
    context = await authorize(
        tx, command.guild_id, command.actor_id, required, refusal=NotAcceptable
    )
    target = await context_in(tx, context.guild, command.user_id)
    try:
        check_moderation(
            action=action,
            owner_id=context.guild.owner_id,
            actor_id=command.actor_id,
            target_id=command.user_id,
            target_is_member=target.member is not None,
            target_is_admin=target.access.allows(Permission.ADMINISTRATOR),
        )
    except ModerationRefused as refused:
        outcome = NotFound if refused.not_found else NotAcceptable
        raise outcome(refused.message) from None


def announce(
    outbox: Outbox,
    command: Moderation,
    action: ModerationAction,
    *,
    removed: bool,
    reason: str | None = None,
) -> None:
    """202 when the member left (kick, ban), then 207 naming the action, both on the guild."""
    subject = guild_subject(command.guild_id)
    if removed:
        left = MemberRemoveEvent(guild_id=command.guild_id, user_id=command.user_id)
        outbox.add(subject, EventType.MEMBER_REMOVE, left)
    moderated = ModerationEvent(
        guild_id=command.guild_id,
        user_id=command.user_id,
        actor_id=command.actor_id,
        action=action.value,
        reason=reason,
    )
    outbox.add(subject, EventType.MEMBER_MODERATION, moderated)
