"""Numbers posted by forms: only ASCII digits are read as numbers."""

import pytest

from fairplanner.numbers import ID_MAX, is_whole_number, whole_number


@pytest.mark.parametrize("text", ["³", "①", "٣", "12³", "", " 1", "1.0", "-1", "+1", "1_000"])
def test_anything_but_ascii_digits_is_not_a_whole_number(text: str) -> None:
    assert not is_whole_number(text)
    assert whole_number(text) is None


@pytest.mark.parametrize(("text", "number"), [("0", 0), ("7", 7), ("0042", 42)])
def test_ascii_digits_are_read(text: str, number: int) -> None:
    assert is_whole_number(text)
    assert whole_number(text) == number


def test_none_is_not_a_number() -> None:
    assert whole_number(None) is None


def test_a_number_past_the_largest_id_is_not_read() -> None:
    assert whole_number(str(ID_MAX)) == ID_MAX
    assert whole_number(str(ID_MAX + 1)) is None
    assert whole_number("9" * 400) is None
    assert whole_number("120", most=100) is None
