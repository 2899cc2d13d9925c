"""Use cases and the ports they need. Depends on domain and msgspec only."""
