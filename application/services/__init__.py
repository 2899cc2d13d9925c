"""Helpers shared by several use cases: access checks, presenters, the event outbox."""
