from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    """A numbered set of idempotent schema statements, run against the keyspace in use."""

    version: int
    name: str
    statements: tuple[str, ...]
