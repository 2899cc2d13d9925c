import msgspec

from application.ports.clock import Clock
from application.ports.id_generator import IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.services.present import guild_dto
from application.wire.dto import GuildDTO
from domain.channels import Channel, ChannelType
from domain.guilds import DEFAULT_CATEGORY_NAME, DEFAULT_CHANNEL_NAME, Guild, validate_guild_name
from domain.members import Member


class CreateGuild(msgspec.Struct, frozen=True, kw_only=True):
    """Body of ``POST /guild``, with the caller as ``actor_id``."""

    actor_id: int
    name: str
    public: bool = False
    icon_id: int | None = None


class CreateGuildHandler:
    """Create a guild with the layout GoChat clients need to show anything.

    The creator owns it and becomes its first member; it starts with a category "text" and a
    text channel "general" under it, which is also the system channel. GoChat marked those
    channels private when the guild was public (spec §17 item 26); they are always public here.
    ``icon_id`` is accepted and ignored, as in GoChat: icons are uploaded after creation.
    """

    def __init__(self, *, uow: UnitOfWork, ids: IdGenerator, clock: Clock) -> None:
        self._uow = uow
        self._ids = ids
        self._clock = clock

    async def __call__(self, command: CreateGuild) -> GuildDTO:
        """The new guild as its creator sees it."""
        validate_guild_name(command.name)
        now = self._clock.now_ms()
        guild = Guild(
            id=self._ids.next_id(),
            name=command.name,
            owner_id=command.actor_id,
            public=command.public,
            created_at_ms=now,
        )
        category = Channel(
            id=self._ids.next_id(),
            type=ChannelType.GUILD_CATEGORY,
            name=DEFAULT_CATEGORY_NAME,
            guild_id=guild.id,
            created_at_ms=now,
        )
        general = Channel(
            id=self._ids.next_id(),
            type=ChannelType.GUILD_TEXT,
            name=DEFAULT_CHANNEL_NAME,
            guild_id=guild.id,
            parent_id=category.id,
            created_at_ms=now,
        )
        guild.system_channel_id = general.id
        async with self._uow.write() as tx:
            await tx.guilds.add(guild)
            await tx.channels.add(category)
            await tx.channels.add(general)
            await tx.members.add(
                Member(guild_id=guild.id, user_id=command.actor_id, joined_at_ms=now)
            )
        return guild_dto(guild)
