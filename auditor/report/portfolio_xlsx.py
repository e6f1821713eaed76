"""The portfolio as an Excel workbook (openpyxl): the matrix, and the counts.

Sheet ``Portfolio`` holds the matrix of :mod:`auditor.report.portfolio`
(same columns, same values), with a frozen header, a filter and each status
cell shaded; every text cell is stored as text, never as a formula. Sheet
``Counts`` holds the statuses counted per topic and per checklist item.

The bytes are deterministic: every part of the package is dated 1980-01-01
(the earliest a zip file can say), and the workbook's created and modified
properties are the generation time when one is given, else that same date.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from auditor.model import COVERED, EXCLUDED, IMPLIED, MISSING, PARTIAL
from auditor.register.portfolio import Count, Portfolio
from auditor.report.portfolio import matrix

_EPOCH = datetime(1980, 1, 1)
_FILLS = {COVERED: "E5F3E9", IMPLIED: "FFF7DB", PARTIAL: "FFEEDD", EXCLUDED: "FDE7E7", MISSING: "FDE7E7"}
_BOLD = Font(bold=True)


def _put(ws, row: int, column: int, value: str | int):  # type: ignore[no-untyped-def]
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _matrix_sheet(ws, portfolio: Portfolio) -> None:  # type: ignore[no-untyped-def]
    lines = matrix(portfolio)
    status_columns = {5 + 2 * i for i in range(len(portfolio.topics))}  # 0-based index of each topic's status
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            cell = _put(ws, r, c, value)
            if r == 1:
                cell.font = _BOLD
            elif c - 1 in status_columns and value in _FILLS:
                cell.fill = PatternFill("solid", fgColor=_FILLS[str(value)])
    ws.freeze_panes = "B2"
    if lines and lines[0]:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(lines[0]))}{len(lines)}"
    for c, name in enumerate(lines[0], start=1):
        width = max(len(str(line[c - 1])) for line in lines)
        ws.column_dimensions[get_column_letter(c)].width = min(max(width, len(str(name))) + 2, 60)


def _counts(ws, row: int, heading: str, counts: tuple[Count, ...]) -> int:  # type: ignore[no-untyped-def]
    if not counts:
        return row
    statuses = [s for s, _ in counts[0].statuses]
    for c, value in enumerate([heading, "title", *statuses, "open_decisions", "agreements_all_covered",
                               "agreements"], start=1):
        _put(ws, row, c, value).font = _BOLD
    for count in counts:
        row += 1
        values = [count.key, count.title, *(n for _, n in count.statuses), count.open_decisions,
                  count.covered_agreements, count.agreements]
        for c, value in enumerate(values, start=1):
            _put(ws, row, c, value)
    return row + 2


def render_xlsx(portfolio: Portfolio, generated_at: datetime | None = None) -> bytes:
    """The workbook's bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Portfolio"
    _matrix_sheet(ws, portfolio)
    counts = wb.create_sheet("Counts")
    row = _counts(counts, 1, "topic", portfolio.topic_counts)
    _counts(counts, row, "checklist_item", portfolio.item_counts)
    counts.column_dimensions["B"].width = 40
    stamp = (generated_at.replace(tzinfo=None) if generated_at else _EPOCH)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "auditor"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _dated(raw.getvalue())


def _dated(data: bytes) -> bytes:
    """The same zip package with every member dated :data:`_EPOCH` (zip dates are wall-clock time otherwise)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_EPOCH.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


__all__ = ["render_xlsx"]
