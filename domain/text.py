"""Text rules shared by several entities (lengths in runes, i.e. code points)."""

import re

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_-]+$")
DISCRIMINATOR_PATTERN = re.compile(r"^[a-z0-9._-]+$")
EMAIL_PATTERN = re.compile(r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$")


def length_problem(value: str, low: int, high: int, what: str) -> str | None:
    """GoChat's wording for a length rule, or None when ``value`` fits."""
    size = len(value)
    if size < low:
        return f"{what} must be at least {low} characters"
    if size > high:
        return f"{what} must be no more than {high} characters"
    return None
