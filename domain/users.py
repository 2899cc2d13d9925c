"""Users, their public handle (discriminator) and credentials rules."""

from dataclasses import dataclass

from domain.errors import ValidationError
from domain.text import DISCRIMINATOR_PATTERN, EMAIL_PATTERN, length_problem

NAME_MIN, NAME_MAX = 4, 20
DISCRIMINATOR_MIN, DISCRIMINATOR_MAX = 4, 20
PASSWORD_MIN, PASSWORD_MAX = 8, 50
EMAIL_MAX = 254
UNKNOWN_USER_NAME = "Unknown User"


@dataclass(slots=True, kw_only=True)
class User:
    """A person on the platform; ``avatar`` is the active avatar id, if any."""

    id: int
    name: str
    discriminator: str
    avatar: int | None = None
    blocked: bool = False
    upload_limit: int | None = None
    created_at_ms: int = 0


def name_problem(name: str) -> str | None:
    return length_problem(name, NAME_MIN, NAME_MAX, "name")


def validate_name(name: str) -> None:
    problem = name_problem(name)
    if problem:
        raise ValidationError.of({"name": problem})


def discriminator_problem(discriminator: str) -> str | None:
    problem = length_problem(discriminator, DISCRIMINATOR_MIN, DISCRIMINATOR_MAX, "discriminator")
    if problem:
        return problem
    if not DISCRIMINATOR_PATTERN.fullmatch(discriminator):
        return "discriminator must contain only a-z, 0-9, '.', '_' or '-'"
    return None


def password_problem(password: str) -> str | None:
    return length_problem(password, PASSWORD_MIN, PASSWORD_MAX, "password")


def is_valid_email(email: str) -> bool:
    return len(email) <= EMAIL_MAX and EMAIL_PATTERN.fullmatch(email) is not None


def normalize_email(email: str) -> str:
    """Emails compare case-insensitively, so one address cannot register twice."""
    return email.strip().lower()
