"""Mentions in a new message: who is notified, what is stored, which frames go out (§13.1.7)."""

from dataclasses import dataclass

from application.ports.mention_store import ChannelMention, MentionStore, UserMention
from application.ports.unit_of_work import Transaction
from application.services.outbox import Outbox
from application.use_cases.messages.gate import ChannelGate
from application.wire.events import EventType, MentionEvent, guild_subject, user_subject
from domain.messages import MentionType, parse_mentions
from domain.permissions import Permission


@dataclass(frozen=True, slots=True)
class MentionTargets:
    """The mentions of one message that will notify someone."""

    users: tuple[int, ...] = ()
    roles: tuple[int, ...] = ()
    everyone: bool = False
    here: bool = False


async def resolve_mentions(tx: Transaction, gate: ChannelGate, content: str) -> MentionTargets:
    """Keep the mentions GoChat would notify, plus one check GoChat lacked.

    Users: in a guild only members, elsewhere only the author's friends. Roles (that exist in
    the guild), ``@everyone`` and ``@here`` exist in guilds only, and here notify only when the
    author holds MentionRoles in the channel (owners and administrators do): GoChat let any
    member ping a whole guild.
    """
    parsed = parse_mentions(content)
    author_id = gate.actor_id
    guild_id = gate.guild_id
    if guild_id is None:
        friends = set(await tx.friends.friends_of(author_id)) if parsed.users else set()
        return MentionTargets(users=tuple(u for u in parsed.users if u in friends))
    users = tuple([u for u in parsed.users if await tx.members.get(guild_id, u) is not None])
    if not gate.allows(Permission.MENTION_ROLES):
        return MentionTargets(users=users)
    roles: tuple[int, ...] = ()
    if parsed.roles:
        existing = {role.id for role in await tx.roles.list_by_guild(guild_id)}
        roles = tuple(r for r in parsed.roles if r in existing)
    return MentionTargets(users=users, roles=roles, everyone=parsed.everyone, here=parsed.here)


async def record_mentions(
    store: MentionStore, targets: MentionTargets, gate: ChannelGate, message_id: int
) -> None:
    """Store what a returning user must see as unread pings; ``@here`` is not stored."""
    channel_id, author_id = gate.channel.id, gate.actor_id
    if targets.users:
        await store.add_user_mentions(
            [UserMention(u, channel_id, message_id, author_id) for u in targets.users]
        )
    guild_id = gate.guild_id
    if guild_id is None:
        return
    rows = [
        ChannelMention(guild_id, channel_id, message_id, author_id, r, MentionType.ROLE)
        for r in targets.roles
    ]
    if targets.everyone:
        rows.append(
            ChannelMention(guild_id, channel_id, message_id, author_id, None, MentionType.EVERYONE)
        )
    if rows:
        await store.add_channel_mentions(rows)


def mention_frames(
    outbox: Outbox, targets: MentionTargets, gate: ChannelGate, message_id: int
) -> None:
    """302 per mentioned user on ``user.{u}``, per role/everyone/here on ``guild.{g}``."""
    guild_id = gate.guild_id

    def event(kind: MentionType) -> MentionEvent:
        return MentionEvent(
            guild_id=guild_id,
            channel_id=gate.channel.id,
            message_id=message_id,
            author_id=gate.actor_id,
            type=int(kind),
        )

    for user_id in targets.users:
        outbox.add(user_subject(user_id), EventType.MENTION, event(MentionType.USER))
    if guild_id is None:
        return
    kinds = [MentionType.ROLE] * len(targets.roles)
    kinds += [MentionType.EVERYONE] if targets.everyone else []
    kinds += [MentionType.HERE] if targets.here else []
    for kind in kinds:
        outbox.add(guild_subject(guild_id), EventType.MENTION, event(kind))
