"""Guild membership: listing members, bans, and moderation (kick, ban, unban)."""
