"""Voice: regions, joining, moving (the api service's side of spec §9)."""
