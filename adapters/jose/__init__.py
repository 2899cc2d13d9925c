"""GoChat's HS256 user tokens through python-jose."""
