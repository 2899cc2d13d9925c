"""The per-user settings document and the start-up bootstrap built around it (spec §13.3)."""
