import msgspec

from application.errors import Forbidden, Invalid, NotFound
from application.ports.clock import Clock
from application.ports.id_generator import IdGenerator
from application.ports.unit_of_work import Transaction, UnitOfWork
from application.services.present import channel_dto
from application.wire.dto import ChannelDTO
from domain.channels import Channel, ChannelType
from domain.errors import ValidationError

MAX_RECIPIENTS = 10
MAX_PARTICIPANTS = MAX_RECIPIENTS + 1


class CreateGroupDm(msgspec.Struct, frozen=True, kw_only=True):
    """``POST /user/me/channels/group``; ``channel_id`` names a group to add people to."""

    actor_id: int
    recipient_ids: list[int]
    channel_id: int | None = None


def _recipient_problems(command: CreateGroupDm) -> dict[str, str]:
    problems: dict[str, str] = {}
    if command.channel_id is not None and command.channel_id < 1:
        problems["channel_id"] = "channel ID must be positive"
    if not command.recipient_ids:
        problems["recipients_id"] = "at least one recipient is required"
    elif len(command.recipient_ids) > MAX_RECIPIENTS:
        problems["recipients_id"] = f"maximum {MAX_RECIPIENTS} recipients allowed"
    elif any(user_id < 1 for user_id in command.recipient_ids):
        problems["recipients_id"] = "recipient IDs must be positive"
    return problems


class CreateGroupDmHandler:
    """Create a group DM, or add people to one the caller is in (spec row 14, §13.4).

    ``recipients_id`` holds 1-10 positive user ids, all of which must exist (404 ``recipient
    user not found``); repeats and the caller's own id are ignored. Without ``channel_id`` a
    type-4 channel named "" is made with the caller and the recipients. With it, the channel
    must exist (404 ``unable to get channel``), be a group DM (400 ``channel is not a group
    DM``) and include the caller (403 ``not a participant in this group DM``); the group may
    then hold at most 11 people (400 ``group DM cannot have more than 11 participants``).

    Deviation: GoChat has the handler but never routed it (§17 item 2), and its table could
    hold one participant per group; Parley serves the route and keeps every participant.
    """

    def __init__(self, *, uow: UnitOfWork, ids: IdGenerator, clock: Clock) -> None:
        self._uow = uow
        self._ids = ids
        self._clock = clock

    async def __call__(self, command: CreateGroupDm) -> ChannelDTO:
        """The group DM channel; raise on the rules in the class docstring."""
        problems = _recipient_problems(command)
        if problems:
            raise ValidationError.of(problems)
        recipients = sorted(set(command.recipient_ids) - {command.actor_id})
        if not recipients:
            raise ValidationError.of({"recipients_id": "at least one recipient is required"})
        async with self._uow.write() as tx:
            if len(await tx.users.get_many(recipients)) != len(recipients):
                raise NotFound("recipient user not found")
            if command.channel_id is None:
                channel = await self._create(tx)
                await tx.dms.add_participants(channel.id, [command.actor_id, *recipients])
            else:
                channel = await _joinable_group(tx, command.channel_id, command.actor_id)
                joined = set(await tx.dms.participants(channel.id)) | set(recipients)
                if len(joined) > MAX_PARTICIPANTS:
                    raise Invalid(f"group DM cannot have more than {MAX_PARTICIPANTS} participants")
                await tx.dms.add_participants(channel.id, recipients)
        return channel_dto(channel)

    async def _create(self, tx: Transaction) -> Channel:
        channel = Channel(
            id=self._ids.next_id(),
            type=ChannelType.GROUP_DM,
            name="",
            created_at_ms=self._clock.now_ms(),
        )
        await tx.channels.add(channel)
        return channel


async def _joinable_group(tx: Transaction, channel_id: int, actor_id: int) -> Channel:
    """The group DM ``channel_id`` when the actor takes part in it."""
    channel = await tx.channels.get(channel_id)
    if channel is None:
        raise NotFound("unable to get channel")
    if channel.type is not ChannelType.GROUP_DM:
        raise Invalid("channel is not a group DM")
    if actor_id not in await tx.dms.participants(channel_id):
        raise Forbidden("not a participant in this group DM")
    return channel
