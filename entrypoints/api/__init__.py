"""The api service: guilds, channels, roles, members, invites, messages, users, DMs, friends."""
