from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from typing_extensions import override

from adapters.sql.dialect import upsert_replacing
from adapters.sql.engine import insert_unique
from adapters.sql.mappers import (
    credential_from_row,
    recovery_from_row,
    recovery_values,
    registration_from_row,
    registration_values,
)
from adapters.sql.tables import authentications, recoveries, registrations
from application.ports.account_repository import (
    CredentialRepository,
    RecoveryRepository,
    RegistrationRepository,
)
from domain.accounts import Credential, Recovery, Registration

_credential_columns = (
    authentications.c.user_id,
    authentications.c.email,
    authentications.c.password_hash,
)


class SqlCredentialRepository(CredentialRepository):
    """Credentials in ``authentications``, unique per user and per email.

    ``created_at`` is GoChat's column; the entity carries no time, so the row records 0.
    """

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def get_by_email(self, email: str) -> Credential | None:
        statement = select(*_credential_columns).where(authentications.c.email == email)
        row = (await self._connection.execute(statement)).first()
        return None if row is None else credential_from_row(row)

    @override
    async def get_by_user(self, user_id: int) -> Credential | None:
        statement = select(*_credential_columns).where(authentications.c.user_id == user_id)
        row = (await self._connection.execute(statement)).first()
        return None if row is None else credential_from_row(row)

    @override
    async def add(self, credential: Credential) -> None:
        await insert_unique(
            self._connection,
            insert(authentications).values(
                user_id=credential.user_id,
                email=credential.email,
                password_hash=credential.password_hash,
                created_at=0,
            ),
        )

    @override
    async def set_password_hash(self, user_id: int, password_hash: str) -> None:
        await self._connection.execute(
            update(authentications)
            .where(authentications.c.user_id == user_id)
            .values(password_hash=password_hash)
        )


class SqlRegistrationRepository(RegistrationRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def get(self, user_id: int) -> Registration | None:
        statement = select(registrations).where(registrations.c.user_id == user_id)
        row = (await self._connection.execute(statement)).first()
        return None if row is None else registration_from_row(row)

    @override
    async def get_by_email(self, email: str) -> Registration | None:
        # Several users may have signed up with one address; the newest sign-up wins.
        statement = (
            select(registrations)
            .where(registrations.c.email == email)
            .order_by(registrations.c.created_at.desc(), registrations.c.user_id.desc())
            .limit(1)
        )
        row = (await self._connection.execute(statement)).first()
        return None if row is None else registration_from_row(row)

    @override
    async def save(self, registration: Registration) -> None:
        values = registration_values(registration)
        await self._connection.execute(
            upsert_replacing(self._connection, registrations, values, ["user_id"])
        )

    @override
    async def delete(self, user_id: int) -> None:
        await self._connection.execute(
            delete(registrations).where(registrations.c.user_id == user_id)
        )


class SqlRecoveryRepository(RecoveryRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    @override
    async def get(self, user_id: int) -> Recovery | None:
        statement = select(recoveries).where(recoveries.c.user_id == user_id)
        row = (await self._connection.execute(statement)).first()
        return None if row is None else recovery_from_row(row)

    @override
    async def save(self, recovery: Recovery) -> None:
        values = recovery_values(recovery)
        await self._connection.execute(
            upsert_replacing(self._connection, recoveries, values, ["user_id"])
        )

    @override
    async def delete(self, user_id: int) -> None:
        await self._connection.execute(delete(recoveries).where(recoveries.c.user_id == user_id))
