"""The message side on Scylla/Cassandra (acsylla): messages, attachments, read states, mentions.

``ScyllaSession`` owns the driver connection; ``schema.migrate`` creates the keyspace and the
tables of spec §6.2; each store subclasses its port. See ``message_store`` for how history walks
GoChat's daily ``(channel_id, bucket)`` partitions.
"""
