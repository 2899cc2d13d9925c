"""Outcomes a use case reports instead of a result.

GoChat's contract fixes both the status and the text of each failure, and it is not consistent
(the same "permissions required" is a 401, 403 or 406 depending on the route). So each error
class names one of those outcomes, and entrypoints map the class to its HTTP status. The text is
always the exact client-facing body.
"""


class AppError(Exception):
    """Base of every expected failure; ``message`` is the plain-text body."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(AppError):
    """400: the request is malformed or breaks a field rule."""


class Unauthorized(AppError):
    """401: credentials are missing, wrong, or (on some GoChat routes) permission is lacking."""


class Forbidden(AppError):
    """403: the actor is known but may not do this."""


class NotFound(AppError):
    """404: the resource does not exist or is not visible to the actor."""


class NotAcceptable(AppError):
    """406: GoChat's status for most permission refusals on guild management routes."""


class Conflict(AppError):
    """409: the change clashes with existing state."""


class Gone(AppError):
    """410: the resource existed but may no longer be used."""


class TooLarge(AppError):
    """413: a declared size is over the limit."""


class Unsupported(AppError):
    """415: a declared content type is not accepted."""


class TooManyRequests(AppError):
    """429: the same action was asked for too soon."""


class NotModified(AppError):
    """304: GoChat's answer when a channel update changes nothing."""


class Unavailable(AppError):
    """503: a backing server is unreachable; retrying later may succeed."""

    def __init__(self, message: str = "service unavailable") -> None:
        super().__init__(message)


class StoreConflict(AppError):
    """A store refused a write because of a uniqueness rule (adapters raise it)."""


PERMISSIONS_REQUIRED = "permissions required"
NOT_A_MEMBER = "not a member"
