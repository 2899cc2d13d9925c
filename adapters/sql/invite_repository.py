from typing import Any

from sqlalchemy import Select, and_, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.engine import insert_unique
from adapters.sql.mappers import invite_from_row
from adapters.sql.tables import guild_invite_codes as codes, guild_invites as invites
from application.ports.invite_repository import InviteRepository
from domain.invites import Invite


def _select_invites() -> Select[*tuple[Any, ...]]:
    return select(*invites.c, codes.c.invite_code).join(
        codes,
        and_(codes.c.guild_id == invites.c.guild_id, codes.c.invite_id == invites.c.invite_id),
    )


class SqlInviteRepository(InviteRepository):
    """``guild_invites`` plus the code → invite mapping in ``guild_invite_codes``.

    Expired invites met by ``get_by_code`` are purged only inside write transactions: a read
    transaction is rolled back anyway, and on SQLite a write there would contend for the lock.
    """

    def __init__(self, connection: AsyncConnection, *, writable: bool) -> None:
        self._connection = connection
        self._writable = writable

    @override
    async def add(self, invite: Invite) -> None:
        await insert_unique(
            self._connection,
            insert(codes).values(
                invite_code=invite.code, invite_id=invite.id, guild_id=invite.guild_id
            ),
            insert(invites).values(
                guild_id=invite.guild_id,
                invite_id=invite.id,
                author_id=invite.author_id,
                created_at=invite.created_at_ms,
                expires_at=invite.expires_at_ms,
            ),
        )

    @override
    async def list_active(self, guild_id: int, now_ms: int) -> list[Invite]:
        statement = (
            _select_invites()
            .where(invites.c.guild_id == guild_id, invites.c.expires_at > now_ms)
            .order_by(invites.c.created_at.desc(), invites.c.invite_id.desc())
        )
        return [invite_from_row(row) for row in await self._connection.execute(statement)]

    @override
    async def get_by_code(self, code: str, now_ms: int) -> Invite | None:
        statement = _select_invites().where(codes.c.invite_code == code)
        row = (await self._connection.execute(statement)).first()
        if row is None:
            return None
        invite = invite_from_row(row)
        if invite.is_active(now_ms):
            return invite
        if self._writable:
            await self.delete(invite.guild_id, invite.id)
        return None

    @override
    async def delete(self, guild_id: int, invite_id: int) -> None:
        for table in (codes, invites):
            await self._connection.execute(
                delete(table).where(table.c.guild_id == guild_id, table.c.invite_id == invite_id)
            )
