"""Error texts and the shared length rule."""

from domain.errors import DomainError, ValidationError
from domain.text import length_problem


def test_domain_error_keeps_the_client_facing_text() -> None:
    error = DomainError("not a member")
    assert error.message == "not a member"
    assert str(error) == "not a member"


def test_validation_errors_are_field_keyed_sorted_and_end_with_a_period() -> None:
    error = ValidationError.of({"name": "too short", "color": "too big"})
    assert isinstance(error, DomainError)
    assert error.message == "color: too big; name: too short."


def test_length_is_counted_in_code_points() -> None:
    assert length_problem("ééé", 2, 3, "x") is None
    assert length_problem("é", 2, 3, "x") == "x must be at least 2 characters"
    assert length_problem("éééé", 2, 3, "x") == "x must be no more than 3 characters"
