"""Amendments that replace one cell of a table ("In the table in section 4.1 of the Order, the cell in
the column "Retention of Customer Data" on the row "Night Run" is replaced in its entirety with the
following: "Input Files and Result Files: 30 days""), applied to the table before it is read.

The row and the column are found by the names the amendment quotes; the table by the section it
sits in and, in a bundle, by the file the amendment names ("of the Order"), else the amendment's own
file. The new wording is read where the old one stood, with the row and column as its context, as
any cell is (the row's printed words, read as a sentence, say nothing any more); the amendment's own
sentence acts on the text of the agreement, not on data. An
amendment whose row, column or table cannot be found changes nothing (the table is read as it
stands)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Clause, Segmentation
from .precedence import FILE_NAME, file_named

_Q = "\"\u201c\u201d"
_TABLE = re.compile(r"\btable\s+(?:in|of|under|at)\s+(?:section|clause|paragraph|article|point|\u00a7)\s*(?P<ref>\d{1,3}(?:\.\d{1,3})*)"
                    r"(?:\s+of\s+the\s+(?P<doc>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}))?", re.I)
_COLUMN = re.compile(rf"\bcolumn\s+(?:headed\s+|entitled\s+|titled\s+)?[{_Q}](?P<name>[^{_Q}]{{1,80}})[{_Q}]", re.I)
_ROW = re.compile(rf"\brow\s+(?:headed\s+|entitled\s+|titled\s+|for\s+)?[{_Q}](?P<name>[^{_Q}]{{1,80}})[{_Q}]", re.I)
_REPLACED = re.compile(rf"\b(?:is|shall\s+be)\s+(?:hereby\s+)?(?:deleted\s+and\s+)?(?:replaced|substituted)(?:\s+in\s+(?:its|their)\s+entirety)?"
                       rf"\s+(?:with|by)(?:\s+the\s+following(?:\s+(?:text|wording|entry))?)?\s*:?\s*"
                       rf"[{_Q}](?P<new>[^{_Q}]{{1,400}})[{_Q}]?", re.I)


def _file(section: str | None) -> str | None:
    own = (section or "").split(", ")[0]
    return own if FILE_NAME.match(own) else None


def _number(section: str | None) -> str:
    return (section or "").rpartition(", ")[2]


def amends_cell(text: str) -> bool:
    """Does ``text`` replace a cell of a table (the table, the column, the row and "is replaced")?"""
    table, new = _TABLE.search(text), _REPLACED.search(text + ' "…"')
    return bool(table and new and _COLUMN.search(text) and _ROW.search(text) and table.start() < new.start())


def apply_cell_amendments(seg: Segmentation) -> tuple[Segmentation, frozenset[str]]:
    """``seg`` with every cell an amendment replaces holding the amendment's wording, and the ids of
    the rows changed. A row keeps its text as the document prints it, which is what evidence quotes;
    its cells, which the table is read from, hold the wording in force."""
    changed: dict[int, Clause] = {}
    files = sorted({f for f in (_file(c.section) for c in seg.clauses) if f})
    for i, clause in enumerate(seg.clauses):
        if clause.kind == "table_row" or "row" not in clause.text.lower():
            continue
        text = clause.text
        if text.rstrip().endswith(":") and i + 1 < len(seg.clauses):
            text += " " + seg.clauses[i + 1].text  # the new wording set out as a paragraph of its own
        table, column, row, new = _TABLE.search(text), _COLUMN.search(text), _ROW.search(text), _REPLACED.search(text)
        if not (table and column and row and new) or not table.start() < new.start():
            continue
        own = _file(clause.section)
        target = file_named(table.group("doc"), [f for f in files if f != own]) if table.group("doc") and files else None
        target = target or own
        ref = table.group("ref")
        for k, c in enumerate(seg.clauses):
            if c.kind != "table_row" or not c.header or _file(c.section) != target:
                continue
            number = _number(c.section)
            if not (number == ref or number.startswith(ref + ".") or number.startswith(ref + "(")):
                continue
            col = next((j for j, h in enumerate(c.header) if h.strip().lower() == column.group("name").strip().lower()), None)
            if col is None or col >= len(c.cells) or not any(
                    cell.strip().lower() == row.group("name").strip().lower() for cell in c.cells[:col]):
                continue
            base = changed.get(k, c)
            changed[k] = replace(base, cells=base.cells[:col] + (new.group("new").strip(),) + base.cells[col + 1:])
    if not changed:
        return seg, frozenset()
    return (replace(seg, clauses=tuple(changed.get(k, c) for k, c in enumerate(seg.clauses))),
            frozenset(c.id for c in changed.values()))
