"""Whole numbers typed into forms, posted by pages or set in the environment.

Only the digits 0 to 9 count. `str.isdigit()` is also true for "³" or "①", which `int()`
refuses, so a check written with it lets a posted "³" raise instead of being answered. And a
number read to look a row up must fit the id columns: SQLite refuses a Python int past 64 bits
(OverflowError) and PostgreSQL's integer stops at 2**31 - 1.
"""

# The largest id PostgreSQL's integer column holds (Tortoise's IntField).
ID_MAX = 2**31 - 1


def is_whole_number(text: str) -> bool:
    """True for a non-empty run of the ASCII digits 0-9, and nothing else."""
    return text.isascii() and text.isdigit()


def whole_number(text: object, *, most: int = ID_MAX) -> int | None:
    """The number `text` spells in ASCII digits, or None when it spells anything else or
    more than `most` (by default the largest id a row can have)."""
    value = str(text if text is not None else "")
    if not is_whole_number(value) or len(value) > len(str(most)):
        return None
    number = int(value)
    return number if number <= most else None


def at_most_pattern(most: int = ID_MAX) -> str:
    """A regular expression for the whole numbers from 0 to `most` in ASCII digits (leading
    zeros allowed), and nothing larger: for URL parts that name a row by its id."""
    limit = str(most)
    shorter = [f"[1-9][0-9]{{0,{len(limit) - 2}}}"] if len(limit) > 1 else []
    # As long as the limit: its first digits, then a smaller digit, then any digits.
    same_length = [
        f"{limit[:i]}[{1 if i == 0 else 0}-{int(digit) - 1}][0-9]{{{len(limit) - i - 1}}}"
        for i, digit in enumerate(limit)
        if int(digit) > (1 if i == 0 else 0)
    ]
    return "0*(?:" + "|".join(["0", *shorter, *same_length, limit]) + ")"
