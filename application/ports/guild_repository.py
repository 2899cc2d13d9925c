from abc import abstractmethod
from typing import Protocol

from domain.guilds import Guild


class GuildRepository(Protocol):
    """Guild rows. Deleting a guild removes everything that belongs to it."""

    @abstractmethod
    async def get(self, guild_id: int) -> Guild | None:
        """The guild, or None; membership is not implied and is checked separately."""

    @abstractmethod
    async def add(self, guild: Guild) -> None:
        """Insert a new guild row (its channels and owner membership are added separately)."""

    @abstractmethod
    async def update(self, guild: Guild) -> None:
        """Store name, icon, public flag, permissions and system channel."""

    @abstractmethod
    async def delete(self, guild_id: int) -> None:
        """Remove the guild with its channels, roles, members, overrides, invites and bans."""

    @abstractmethod
    async def list_for_user(self, user_id: int) -> list[Guild]:
        """Guilds the user is a member of, by guild id."""
