"""The auth service: registration and confirmation, login, refresh, recovery and reset."""
