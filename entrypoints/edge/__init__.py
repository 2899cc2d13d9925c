"""One origin for every service, routed by GoChat's edge paths (what Traefik did for GoChat)."""
