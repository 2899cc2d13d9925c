"""Errors the model raises when a rule is broken."""


class DomainError(Exception):
    """A rule of the model was broken; the message is the client-facing text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Input does not satisfy a field rule (length, range, pattern).

    Messages follow GoChat's ozzo-validation form: ``field: text.``; several are joined by ``; ``.
    """

    @classmethod
    def of(cls, problems: dict[str, str]) -> "ValidationError":
        text = "; ".join(f"{field}: {problem}" for field, problem in sorted(problems.items()))
        return cls(text + ".")
