import re

import msgspec

from application.errors import Invalid, NotFound
from application.ports.unit_of_work import UnitOfWork
from application.services.present import user_dto
from application.wire.dto import UserDTO
from domain.ids import MAX_ID

ME = "me"
_SIGNED_DIGITS = re.compile(r"[+-]?[0-9]+")


class GetUser(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /user/{user_id}``."""

    actor_id: int
    user_ref: str
    """``me`` or a decimal user id, as written in the path."""


def parse_user_ref(user_ref: str, actor_id: int) -> int:
    """``me`` is the caller; anything else must be a decimal int64 (as Go's ``ParseInt``)."""
    if user_ref == ME:
        return actor_id
    if not _SIGNED_DIGITS.fullmatch(user_ref) or not -MAX_ID - 1 <= int(user_ref) <= MAX_ID:
        raise Invalid("invalid user ID format")
    return int(user_ref)


class GetUserHandler:
    """Show any user's public profile to any authenticated caller (spec §2.4.2 row 7).

    ``me`` names the caller. A malformed id is 400 ``invalid user ID format``; an unknown one
    404 ``unable to get user``. Public profiles are public in GoChat (§17 item 47) and stay so:
    they carry only id, name, discriminator and avatar. The avatar is not resolved yet (avatars
    are served by a later issue), so ``avatar`` is omitted.
    """

    def __init__(self, *, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, query: GetUser) -> UserDTO:
        """The user's public profile; raise ``Invalid`` or ``NotFound``."""
        user_id = parse_user_ref(query.user_ref, query.actor_id)
        async with self._uow.read() as tx:
            user = await tx.users.get(user_id)
        if user is None:
            raise NotFound("unable to get user")
        return user_dto(user)
