"""Field rules of the AUTH request bodies, worded as GoChat's ozzo-validation messages.

Names, discriminators and passwords reuse ``domain.users``; the email and token wording is
GoChat's own (``email format is invalid``, ``token must be exactly 40 characters``).
"""

from application.errors import Invalid
from domain.accounts import CONFIRMATION_TOKEN_LENGTH
from domain.errors import ValidationError
from domain.users import is_valid_email, normalize_email


def require_valid(problems: dict[str, str | None]) -> None:
    """Raise ``Invalid`` naming every broken field, as ozzo's ``ValidateStruct`` does."""
    found = {field: problem for field, problem in problems.items() if problem}
    if found:
        raise Invalid(ValidationError.of(found).message)


def email_problem(email: str) -> str | None:
    if not email:
        return "email is required"
    if not is_valid_email(email):
        return "email format is invalid"
    return None


def valid_email(raw: str) -> str:
    """The normalized (trimmed, lower-case) address, or ``Invalid`` when it is not one."""
    email = normalize_email(raw)
    require_valid({"email": email_problem(email)})
    return email


def token_problem(token: str) -> str | None:
    if not token:
        return "token is required"
    if len(token) != CONFIRMATION_TOKEN_LENGTH:
        return f"token must be exactly {CONFIRMATION_TOKEN_LENGTH} characters"
    return None


def id_problem(user_id: int) -> str | None:
    return None if user_id > 0 else "id must be a positive number"
