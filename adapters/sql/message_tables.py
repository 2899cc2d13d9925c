"""The message-side tables: Cassandra tables in GoChat (spec §6.2), plain tables here.

They share ``tables.metadata``. ``messages`` keeps GoChat's ``(channel_id, id)`` clustering as its
primary key, which is the index every history query walks. ``channel_mentions`` is keyed per role
as well, so a message mentioning two roles keeps both rows (``role_id`` 0 stands for "no role").
"""

from sqlalchemy import BigInteger, Boolean, Column, Integer, Table, Text, false, text

from adapters.sql.tables import id_column, metadata, ms_column

messages = Table(
    "messages",
    metadata,
    id_column("channel_id", primary_key=True),
    id_column("id", primary_key=True),
    id_column("user_id"),
    Column("content", Text, nullable=False),
    Column("attachments", Text, nullable=False),  # JSON array of attachment ids
    Column("type", Integer, nullable=False),
    Column("embeds", Text, nullable=False),
    Column("auto_embeds", Text, nullable=False),
    Column("flags", Integer, nullable=False, server_default=text("0")),
    ms_column("edited_at", nullable=True),
)

attachments = Table(
    "attachments",
    metadata,
    id_column("channel_id", primary_key=True),
    id_column("id", primary_key=True),
    id_column("author_id"),
    Column("name", Text, nullable=False),
    Column("filesize", BigInteger, nullable=False),
    Column("content_type", Text),
    Column("height", BigInteger),
    Column("width", BigInteger),
    Column("done", Boolean, nullable=False, server_default=false()),
    Column("url", Text, nullable=False),
    Column("preview_url", Text),
    # Cassandra let placeholders lapse with a TTL; here readers compare against this time.
    ms_column("expires_at", nullable=True),
)

read_states = Table(
    "read_states",
    metadata,
    id_column("user_id", primary_key=True),
    id_column("channel_id", primary_key=True),
    id_column("message_id"),
)

mentions = Table(
    "mentions",
    metadata,
    id_column("user_id", primary_key=True),
    id_column("channel_id", primary_key=True),
    id_column("message_id", primary_key=True),
    id_column("author_id"),
)

channel_mentions = Table(
    "channel_mentions",
    metadata,
    id_column("channel_id", primary_key=True),
    id_column("message_id", primary_key=True),
    Column("type", Integer, primary_key=True, autoincrement=False),
    id_column("role_id", primary_key=True),
    id_column("guild_id"),
    id_column("author_id"),
)
