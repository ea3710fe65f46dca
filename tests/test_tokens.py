"""Typed codes: every character of the alphabet comes up, and the check character holds."""

from collections import Counter

from fairplanner.export import tokens


def test_typed_codes_use_the_whole_alphabet_evenly_and_pass_their_own_check() -> None:
    # typed_code takes each random byte modulo 32: even only if the alphabet has 32 letters.
    assert len(tokens._TYPED_ALPHABET) == 32
    codes = [tokens.typed_code(12) for _ in range(4000)]
    assert all(len(c) == 12 and tokens.code_is_well_formed(c) for c in codes)
    seen = Counter(ch for code in codes for ch in code[:-1])
    assert set(seen) == set(tokens._TYPED_ALPHABET)
    # 44,000 characters, 1,375 expected each: a fair draw stays well inside +-20%.
    assert min(seen.values()) > 1100
    assert max(seen.values()) < 1650


def test_a_mistyped_first_character_always_fails_the_check() -> None:
    # The first character has weight 1, so any other letter there changes the check.
    code = tokens.typed_code(12)
    for other in tokens._TYPED_ALPHABET.replace(code[0], ""):
        assert not tokens.code_is_well_formed(other + code[1:])


def test_link_secrets_in_a_text_are_hidden_wherever_the_link_ends() -> None:
    text = (
        "Your ticket: https://fair.example/tickets/KZQ3M7D2VH5T6YJXW4RPLN2C4E.\n"
        "Reset: https://fair.example/reset/UN_1yEGZ4lwfZ5yqOiEJd0f44l6YfjYMYvJGZrQPj64\n"
        "Fair 12 at https://fair.example/events/12/fair.ics"
    )

    assert tokens.hide_secrets(text) == (
        "Your ticket: https://fair.example/tickets/[secret].\n"
        "Reset: https://fair.example/reset/[secret]\n"
        "Fair 12 at https://fair.example/events/12/fair.ics"
    )
