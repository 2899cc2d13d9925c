"""The caller's own account: profile, guild memberships (spec §2.4.2 rows 7-11)."""
