"""Roles: naming and colour rules, ordering, and who may hand them out."""

from collections.abc import Iterable
from dataclasses import dataclass

from domain.errors import ValidationError
from domain.permissions import is_valid_mask
from domain.text import length_problem

NAME_MIN, NAME_MAX = 2, 100
COLOR_MAX = 0xFFFFFF


@dataclass(slots=True, kw_only=True)
class Role:
    id: int
    guild_id: int
    name: str
    color: int = 0
    permissions: int = 0
    position: int = 0


def validate_role(name: str | None, color: int | None, permissions: int | None) -> None:
    problems: dict[str, str] = {}
    if name is not None and (problem := length_problem(name, NAME_MIN, NAME_MAX, "role name")):
        problems["name"] = problem
    if color is not None and not 0 <= color <= COLOR_MAX:
        problems["color"] = f"must be between 0 and {COLOR_MAX}"
    if permissions is not None and not is_valid_mask(permissions):
        problems["permissions"] = "must be no less than 0"
    if problems:
        raise ValidationError.of(problems)


def next_position(existing: Iterable[Role]) -> int:
    """New roles go after the last one: max position + 1, starting at 0."""
    return max((role.position for role in existing), default=-1) + 1


def sort_roles(roles: Iterable[Role]) -> list[Role]:
    return sorted(roles, key=lambda r: (r.position, r.id))


def can_manage_role(actor_guild_mask: int, role_permissions: int) -> bool:
    """A role may be edited, assigned or deleted only by someone holding all of its bits.

    GoChat let any ManageRoles holder grant Administrator (spec §17 item 21); requiring the
    actor to hold every bit of the role closes that escalation without a hierarchy.
    """
    return role_permissions & ~actor_guild_mask == 0
