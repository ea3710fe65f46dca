"""The web layer. Importing it first makes every route's "{...:int}" take only numbers an id
column can hold (fairplanner/web/convertors.py)."""

from fairplanner.web import convertors as convertors
