"""Friends and friend requests (spec §2.4.2 rows 18-23, §13.4)."""
