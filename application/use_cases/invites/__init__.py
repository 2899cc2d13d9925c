"""Guild invites: creating, listing and revoking them, previewing and accepting codes."""
