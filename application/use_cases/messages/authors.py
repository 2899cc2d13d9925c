"""Who wrote a page of history, looked up in batches (history is the hottest read path)."""

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from application.ports.unit_of_work import Transaction
from application.use_cases.messages.view import author_dto
from application.wire.dto import UserDTO

if TYPE_CHECKING:
    from domain.members import Member


@dataclass(frozen=True, slots=True)
class Authors:
    """Display forms of a page's authors, and which of them are banned in the guild."""

    shown: dict[int, UserDTO]
    banned: set[int] = field(default_factory=set)


async def load_authors(
    tx: Transaction, guild_id: int | None, author_ids: Collection[int]
) -> Authors:
    """One users query, one membership pass over the distinct authors, one ban query.

    The membership pass asks once per distinct author, never per message: a page of 50
    messages usually has a handful of authors.
    """
    users = await tx.users.get_many(author_ids)
    members: dict[int, Member] = {}
    banned: set[int] = set()
    if guild_id is not None:
        for user_id in users:
            member = await tx.members.get(guild_id, user_id)
            if member is not None:
                members[user_id] = member
        banned = await tx.bans.banned_among(guild_id, author_ids)
    shown = {
        author_id: author_dto(
            users.get(author_id), members.get(author_id), author_id, with_discriminator=False
        )
        for author_id in author_ids
    }
    return Authors(shown=shown, banned=banned)
