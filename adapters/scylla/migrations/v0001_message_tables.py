"""GoChat's message-side tables (spec §6.2) plus Parley's bucket index.

Kept from GoChat, column for column: ``messages`` partitioned by ``(channel_id, bucket)`` with
``bucket`` from spec §5 and ids clustered newest first (``reference`` and ``thread`` exist but are
unused, as in GoChat); ``read_states`` as one map per user; ``mentions`` per (user, channel).

Changed, each for a reason:

- ``message_buckets`` is new: the buckets that hold (or held) messages of a channel. History
  reads it to skip empty days instead of querying each one, and ``delete_channels`` to find
  every partition (see ``adapters.scylla.message_store``).
- ``attachments`` gains ``expires_at``: placeholders still lapse by TTL as in GoChat, but readers
  compare ``expires_at`` with their clock, so expiry is exact and testable.
- ``channel_mentions`` is keyed ``(channel_id, message_id, type, role_id)`` rather than
  ``(channel_id, message_id)``: GoChat's key keeps one row per message, so a message pinging two
  roles lost one. ``role_id`` 0 stands for "no role" (@everyone), as key columns cannot be null.
"""

from adapters.scylla.migrations.base import Migration

MIGRATION = Migration(
    version=1,
    name="message tables",
    statements=(
        """
        CREATE TABLE IF NOT EXISTS messages (
            channel_id bigint,
            bucket int,
            id bigint,
            user_id bigint,
            content text,
            attachments list<bigint>,
            type int,
            reference bigint,
            thread bigint,
            edited_at timestamp,
            embeds text,
            auto_embeds text,
            flags int,
            PRIMARY KEY ((channel_id, bucket), id)
        ) WITH CLUSTERING ORDER BY (id DESC)
        """,
        """
        CREATE TABLE IF NOT EXISTS message_buckets (
            channel_id bigint,
            bucket int,
            PRIMARY KEY (channel_id, bucket)
        ) WITH CLUSTERING ORDER BY (bucket DESC)
        """,
        """
        CREATE TABLE IF NOT EXISTS attachments (
            channel_id bigint,
            id bigint,
            author_id bigint,
            name text,
            filesize bigint,
            content_type text,
            width bigint,
            height bigint,
            url text,
            preview_url text,
            done boolean,
            expires_at timestamp,
            PRIMARY KEY ((channel_id), id)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS read_states (
            user_id bigint PRIMARY KEY,
            channels map<bigint, bigint>
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS mentions (
            user_id bigint,
            channel_id bigint,
            message_id bigint,
            author_id bigint,
            PRIMARY KEY ((user_id, channel_id), message_id)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS channel_mentions (
            channel_id bigint,
            message_id bigint,
            type int,
            role_id bigint,
            guild_id bigint,
            author_id bigint,
            PRIMARY KEY (channel_id, message_id, type, role_id)
        )
        """,
    ),
)
