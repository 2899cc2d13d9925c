"""Guilds: creation rules and the default layout GoChat clients rely on."""

from dataclasses import dataclass

from domain.errors import ValidationError
from domain.permissions import DEFAULT_GUILD_PERMISSIONS, is_valid_mask
from domain.text import length_problem

NAME_MIN, NAME_MAX = 2, 100
DEFAULT_CATEGORY_NAME = "text"
DEFAULT_CHANNEL_NAME = "general"


@dataclass(slots=True, kw_only=True)
class Guild:
    """A community: ``permissions`` is the everyone mask, ``system_channel_id`` gets joins."""

    id: int
    name: str
    owner_id: int
    icon: int | None = None
    public: bool = False
    permissions: int = DEFAULT_GUILD_PERMISSIONS
    system_channel_id: int | None = None
    created_at_ms: int = 0

    def rename(self, name: str) -> None:
        validate_guild_name(name)
        self.name = name

    def set_permissions(self, mask: int) -> None:
        if not is_valid_mask(mask):
            raise ValidationError.of({"permissions": "must be no less than 0"})
        self.permissions = mask


def validate_guild_name(name: str) -> None:
    problem = length_problem(name, NAME_MIN, NAME_MAX, "guild name")
    if problem:
        raise ValidationError.of({"name": problem})
