"""Which subscribers of a subject may receive a frame, decided once per frame.

GoChat forwarded every frame to every subscriber (spec §8.5, §17 item 14). Here:

* ``channel.{c}`` frames reach a session only while its user may still view the channel
  (checked through the ``ViewerCache``, so a revoked permission stops delivery);
* ``guild.{g}`` frames about one channel (106, 107, 109, 205, 206, 208, 300, 302) reach only
  the users who may view that channel; other guild frames reach every subscriber;
* ``user.{u}`` and ``presence.user.{u}`` frames are personal or public and pass unchanged.

Guild frames are probed (``t`` and a few ids, nothing else decoded) once per frame, whatever
the number of subscribers. A probe that fails to decode passes the frame to everyone: the
frames come from this project's own publishers.
"""

from collections.abc import Collection
from dataclasses import dataclass

import msgspec

from application.wire.events import EventType
from entrypoints.ws.session import Session
from entrypoints.ws.visibility import ViewerCache

CHANNEL_SCOPED = frozenset({106, 107, 109, 205, 206, 208, 300, 302})
CHANNEL_CHANGED = frozenset({EventType.CHANNEL_CREATE, EventType.CHANNEL_UPDATE})
PERMISSIONS_CHANGED = frozenset(
    {
        EventType.CHANNEL_ORDER_UPDATE,
        EventType.CHANNEL_DELETE,
        EventType.ROLE_CREATE,
        EventType.ROLE_UPDATE,
        EventType.ROLE_DELETE,
        EventType.MEMBER_ADD,
        EventType.MEMBER_REMOVE,
        EventType.MEMBER_ADD_ROLE,
        EventType.MEMBER_REMOVE_ROLE,
    }
)


class _ChannelRef(msgspec.Struct):
    id: int | None = None


class _Data(msgspec.Struct):
    channel_id: int | None = None
    channel: _ChannelRef | None = None
    user_id: int | None = None


class _Probe(msgspec.Struct):
    t: int | None = None
    d: _Data | None = None


_probe = msgspec.json.Decoder(_Probe)


@dataclass(frozen=True, slots=True)
class Route:
    """Who gets the frame, and a member to unsubscribe from the guild afterwards."""

    recipients: list[Session]
    removed_user: int | None = None


def subject_id(subject: str, prefix: str) -> int | None:
    if not subject.startswith(prefix):
        return None
    tail = subject[len(prefix) :]
    return int(tail) if tail.isdigit() else None


async def route(
    subject: str, frame: bytes, members: Collection[Session], viewers: ViewerCache
) -> Route:
    """The recipients of ``frame`` among the subject's ``members``."""
    channel_id = subject_id(subject, "channel.")
    if channel_id is not None:
        return Route(await _channel_recipients(channel_id, members, viewers))
    guild_id = subject_id(subject, "guild.")
    if guild_id is not None:
        return await _guild_route(guild_id, frame, members, viewers)
    return Route(list(members))


async def _channel_recipients(
    channel_id: int, members: Collection[Session], viewers: ViewerCache
) -> list[Session]:
    """Sessions following a guild channel need to still see it; DM participants always do."""
    checked: dict[int, list[Session]] = {}
    recipients: list[Session] = []
    for session in members:
        grant = session.channel
        if grant is None or grant.channel_id != channel_id or grant.guild_id is None:
            recipients.append(session)
        else:
            checked.setdefault(grant.guild_id, []).append(session)
    for guild_id, sessions in checked.items():
        allowed = await viewers.viewers(channel_id, guild_id, (s.user_id for s in sessions))
        recipients.extend(s for s in sessions if s.user_id in allowed)
    return recipients


async def _guild_route(
    guild_id: int, frame: bytes, members: Collection[Session], viewers: ViewerCache
) -> Route:
    try:
        probe = _probe.decode(frame)
    except msgspec.DecodeError:
        return Route(list(members))
    decided = await _guild_recipients(guild_id, probe, members, viewers)
    if probe.t in PERMISSIONS_CHANGED:  # after routing: a 109 reads the answers given before
        viewers.forget_guild(guild_id)
    return decided


async def _guild_recipients(
    guild_id: int, probe: _Probe, members: Collection[Session], viewers: ViewerCache
) -> Route:
    data = probe.d or _Data()
    event = probe.t
    if event not in CHANNEL_SCOPED:
        removed = data.user_id if event == EventType.MEMBER_REMOVE else None
        return Route(list(members), removed_user=removed)
    channel_id = data.channel_id
    if channel_id is None and data.channel is not None:
        channel_id = data.channel.id
    if channel_id is None:
        return Route(list(members))
    if event in CHANNEL_CHANGED:
        viewers.forget_channel(channel_id)
    if event == EventType.CHANNEL_DELETE:
        # The channel is gone, so only an answer given before it went can be used; a user
        # nobody asked about yet gets the delete (it names an id, no content).
        return Route([s for s in members if viewers.known(channel_id, s.user_id) is not False])
    allowed = await viewers.viewers(channel_id, guild_id, (s.user_id for s in members))
    return Route([s for s in members if s.user_id in allowed])
