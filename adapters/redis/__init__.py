"""Redis/KeyDB adapters (coredis): the production profile's cache and key-value ports.

Rate-limit windows and idempotency records live here so every API/AUTH replica sees the same
counts and the same stored responses (spec §2.1, §3.7, §6.3).
"""
