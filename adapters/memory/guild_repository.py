import copy

from typing_extensions import override

from adapters.memory.state import MemoryDatabase
from application.errors import StoreConflict
from application.ports.guild_repository import GuildRepository
from domain.guilds import Guild


class MemoryGuildRepository(GuildRepository):
    def __init__(self, db: MemoryDatabase) -> None:
        self._db = db

    @override
    async def get(self, guild_id: int) -> Guild | None:
        guild = self._db.guilds.get(guild_id)
        return copy.copy(guild) if guild else None

    @override
    async def add(self, guild: Guild) -> None:
        if guild.id in self._db.guilds:
            raise StoreConflict("guild id already exists")
        self._db.guilds[guild.id] = copy.copy(guild)

    @override
    async def update(self, guild: Guild) -> None:
        """Only the columns the port names: owner and creation time stay put."""
        stored = self._db.guilds.get(guild.id)
        if stored is None:
            return
        stored.name = guild.name
        stored.icon = guild.icon
        stored.public = guild.public
        stored.permissions = guild.permissions
        stored.system_channel_id = guild.system_channel_id

    @override
    async def delete(self, guild_id: int) -> None:
        self._db.cascade_guild(guild_id)

    @override
    async def list_for_user(self, user_id: int) -> list[Guild]:
        guild_ids = sorted(g for g, u in self._db.members if u == user_id)
        guilds = self._db.guilds
        return [copy.copy(guilds[g]) for g in guild_ids if g in guilds]
