"""Guild roles, their assignment to members, and per-channel role overrides."""
