"""Ports: what the use cases need from the outside world, named after the role."""
