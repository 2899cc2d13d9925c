"""Sign-up, login, token refresh and password recovery (GoChat's AUTH service, spec §3)."""
