"""Spreadsheet-safe CSV cells (OWASP "CSV injection").

A spreadsheet treats a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so a biography that puts ``=HYPERLINK(...)`` into a place name could run
in the reviewer's spreadsheet. Text written for review goes through :func:`csv_safe_cell`,
which puts an apostrophe in front of such a cell (spreadsheets show the rest as text and drop
the apostrophe when they save). Plain numbers (``-0.1257``) are left alone: they are not
formulas. Our own readers undo the apostrophe with :func:`csv_unsafe_cell`, so a file written
by geostory reads back to the same values.

>>> csv_safe_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> csv_safe_cell("-0.1257"), csv_safe_cell("Paris")
('-0.1257', 'Paris')
>>> csv_unsafe_cell(csv_safe_cell("@SUM(A1)"))
'@SUM(A1)'
>>> csv_unsafe_cell("'quoted'")
"'quoted'"
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_PREFIXES", "csv_safe_cell", "csv_unsafe_cell"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def csv_safe_cell(value: str) -> str:
    """``value`` with an apostrophe in front when a spreadsheet would run it as a formula."""
    if value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_unsafe_cell(value: str) -> str:
    """Undo :func:`csv_safe_cell`: drop an apostrophe that stands before a formula prefix."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
