"""A finished form is freed at once, not left for the garbage collector (web/forms.py,
`without_cycle`): under load, forms left over piled up and the collector's passes over them
paused every request in flight."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from starlette.datastructures import FormData
from wtforms import Form, RadioField, StringField

from fairplanner.web.forms import bind
from fairplanner.web.forms_tickets import RegistrationForm

BOOKING = FormData(
    [
        ("name", "Sam Jones"),
        ("email", "sam@example.org"),
        ("places", "2"),
        ("companions", "1"),
        ("heard_from", "leaflet"),
        ("submission_key", "abc123"),
    ]
)


@pytest.fixture
def no_collector() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def test_a_checked_booking_form_is_freed_without_the_collector(no_collector: None) -> None:
    form = bind(RegistrationForm, BOOKING)
    assert form.validate(), form.errors
    assert form.booker().places == 2
    gone = weakref.ref(form)
    del form
    assert gone() is None
    assert gc.collect() == 0


def test_a_form_shown_empty_is_freed_too(no_collector: None) -> None:
    form = bind(RegistrationForm)
    gone = weakref.ref(form)
    del form
    assert gone() is None


class _Chooser(Form):
    # A choices function is given the form: it reaches it through the weak link.
    colour = RadioField(
        "Colour", choices=lambda form, field: [("red", "Red"), ("blue", f"Blue {field.name}")]
    )
    note = StringField("Note")


def test_fields_still_reach_their_form_while_it_is_held(no_collector: None) -> None:
    form = bind(_Chooser, FormData([("colour", "blue"), ("note", "hi")]))
    assert form.validate(), form.errors
    assert [label for _, label, *_ in form.colour.iter_choices()] == ["Red", "Blue colour"]
    assert form.note._form.note is form.note
