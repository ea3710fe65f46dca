"""The "{name:int}" of our routes: only numbers an id column can hold.

Starlette's own int convertor takes any run of digits, so /fairs/99999999999 reached the
database: PostgreSQL refuses a number past 2**31 - 1 for an integer column and SQLite one past
2**63 - 1, a server error instead of "Page not found". This one does not match such a number,
so the route does not match and the answer is the 404 page. It replaces Starlette's "int" when
fairplanner.web is imported, before any route is made (a route reads its convertors when it
is made).
"""

from __future__ import annotations

from starlette.convertors import IntegerConvertor, register_url_convertor

from fairplanner.numbers import at_most_pattern


class IdConvertor(IntegerConvertor):
    regex = at_most_pattern()


register_url_convertor("int", IdConvertor())
