from abc import abstractmethod
from enum import StrEnum
from typing import Protocol

import msgspec


class TokenKind(StrEnum):
    """The ``typ`` claim: an access token is refused where a refresh token is due, and back."""

    ACCESS = "access"
    REFRESH = "refresh"


class TokenPair(msgspec.Struct, frozen=True):
    """The tokens a login or refresh hands out: a short-lived access and a refresh token."""

    token: str
    refresh_token: str


class RefreshClaims(msgspec.Struct, frozen=True):
    """What a verified refresh token says; ``jti`` names its rotation session."""

    user_id: int
    jti: str
    expires_at_ms: int


class TokenError(Exception):
    """A token was rejected; ``message`` is GoChat's text for the reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TokenService(Protocol):
    """Issues and checks GoChat's HS256 user tokens (access 15 min aud api; refresh 30 days)."""

    @abstractmethod
    def issue(self, user_id: int, refresh_jti: str) -> TokenPair:
        """A fresh access token and a refresh token carrying ``refresh_jti``."""

    @abstractmethod
    def verify_access(self, token: str) -> int:
        """The user id of a valid access token; ``TokenError`` otherwise."""

    @abstractmethod
    def verify_refresh(self, token: str) -> RefreshClaims:
        """The claims of a valid refresh token; ``TokenError`` otherwise."""
