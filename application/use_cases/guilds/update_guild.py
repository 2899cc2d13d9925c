import msgspec

from application.errors import NotAcceptable
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.access import authorize
from application.services.outbox import Outbox
from application.services.present import guild_dto
from application.wire.events import EventType, GuildUpdateEvent, guild_subject
from domain.errors import ValidationError
from domain.guilds import NAME_MAX, NAME_MIN
from domain.permissions import Permission, is_valid_mask
from domain.text import length_problem


class UpdateGuild(msgspec.Struct, frozen=True, kw_only=True):
    """Fields left ``None`` keep their value."""

    actor_id: int
    guild_id: int
    name: str | None = None
    icon_id: int | None = None
    public: bool | None = None
    permissions: int | None = None


class UpdateGuildHandler:
    """Change a guild's name, icon, public flag or everyone mask (spec row 29).

    Rule: the body is validated first (400, ozzo text: name 2-100 runes, ``icon_id`` ≥ 1,
    ``permissions`` ≥ 0), then ManageServer is required (406 ``permissions required``; members
    only, see ``services.access``). Every update, even an empty one, publishes 104 ``{guild}`` on
    ``guild.{id}`` as GoChat does; the reply is a bare 200 ``OK``, so nothing is returned.
    Deviations: an unknown guild is 404 ``guild not found`` (GoChat: 401); an empty name is
    refused as too short (ozzo skipped empty strings and GoChat stored it). ``icon_id`` is stored
    as given, as in GoChat; the icon itself is resolved when the guild is shown.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: UpdateGuild) -> None:
        """Apply the change or raise the route's refusal."""
        validate(command)
        outbox = Outbox()
        async with self._uow.write() as tx:
            context = await authorize(
                tx,
                command.guild_id,
                command.actor_id,
                Permission.MANAGE_SERVER,
                refusal=NotAcceptable,
            )
            guild = context.guild
            if command.name is not None:
                guild.name = command.name
            if command.icon_id is not None:
                guild.icon = command.icon_id
            if command.public is not None:
                guild.public = command.public
            if command.permissions is not None:
                guild.permissions = command.permissions
            await tx.guilds.update(guild)
            outbox.add(
                guild_subject(guild.id), EventType.GUILD_UPDATE, GuildUpdateEvent(guild_dto(guild))
            )
        await outbox.flush(self._events)


def validate(command: UpdateGuild) -> None:
    """All field problems at once, joined the way ozzo-validation joins them."""
    problems: dict[str, str] = {}
    if command.name is not None and (
        problem := length_problem(command.name, NAME_MIN, NAME_MAX, "guild name")
    ):
        problems["name"] = problem
    if command.icon_id is not None and command.icon_id < 1:
        problems["icon_id"] = "must be no less than 1"
    if command.permissions is not None and not is_valid_mask(command.permissions):
        problems["permissions"] = "must be no less than 0"
    if problems:
        raise ValidationError.of(problems)
