"""Whole numbers typed into forms, posted by pages or set in the environment.

Only the digits 0 to 9 count. `str.isdigit()` is also true for "³" or "①", which `int()`
refuses, so a check written with it lets a posted "³" raise instead of being answered.
"""


def is_whole_number(text: str) -> bool:
    """True for a non-empty run of the ASCII digits 0-9, and nothing else."""
    return text.isascii() and text.isdigit()


def whole_number(text: object) -> int | None:
    """The number `text` spells in ASCII digits, or None when it spells anything else."""
    value = str(text if text is not None else "")
    return int(value) if is_whole_number(value) else None
