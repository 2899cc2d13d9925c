"""Parley's pure model: ids, permissions and the rules of guilds, channels, roles and messages.

Standard library only. Nothing here does I/O, reads the clock or draws randomness: callers pass
time and ids in.
"""
