"""Direct messages and group DMs: listing and opening them (spec §2.4.2 rows 12-14, §13.4)."""
