"""NATS adapters (nats-py): the production event bus.

Core NATS carries the realtime frames (``channel.*``, ``guild.*``, ``user.*``, ``presence.*``),
as GoChat does; JetStream carries the ``indexer.*`` events, whose loss is not allowed (spec §7.1,
§12.2, ARCHITECTURE.md §3-§5).
"""
