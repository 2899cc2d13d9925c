from abc import abstractmethod
from collections.abc import Iterable, Mapping
from typing import Protocol

from domain.channels import Channel


class ChannelRepository(Protocol):
    """Channels of every kind; guild channels carry their guild id and position."""

    @abstractmethod
    async def get(self, channel_id: int) -> Channel | None:
        """Any kind of channel by id; callers check it belongs to the guild in the path."""

    @abstractmethod
    async def add(self, channel: Channel) -> None:
        """Insert a new channel; positions are stored as given (GoChat does not normalize)."""

    @abstractmethod
    async def update(self, channel: Channel) -> None:
        """Store name, topic, private flag, permissions, parent and voice region."""

    @abstractmethod
    async def delete(self, channel_id: int) -> None:
        """Remove the channel and its role overrides."""

    @abstractmethod
    async def list_by_guild(self, guild_id: int) -> list[Channel]:
        """Every channel of the guild, private ones included; callers filter and sort."""

    @abstractmethod
    async def set_positions(self, guild_id: int, positions: Mapping[int, int]) -> list[int]:
        """Set positions of channels of this guild; returns the ids that belonged to it."""

    @abstractmethod
    async def set_last_message(self, channel_ids: Iterable[int], message_id: int) -> None:
        """Record the newest message id of these channels; it never moves backwards.

        A channel whose last message id is already ``message_id`` or larger keeps it, so two
        sends finishing out of order leave the newer id (history pages start from it).
        """
