"""CQL migrations, applied in ``version`` order by ``adapters.scylla.schema.migrate``.

One module per version, each exposing ``MIGRATION``. A migration's statements must be safe to run
again (``IF NOT EXISTS``): a migration interrupted half-way is re-run from its first statement,
because Cassandra cannot wrap schema changes in a transaction.
"""

from adapters.scylla.migrations import v0001_message_tables
from adapters.scylla.migrations.base import Migration

MIGRATIONS: tuple[Migration, ...] = (v0001_message_tables.MIGRATION,)

__all__ = ["MIGRATIONS", "Migration"]
