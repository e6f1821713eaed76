"""The portfolio as tables: the matrix shared by CSV and XLSX, the CSV, and JSON Lines.

One row per agreement (ordered by id), with these columns:

``agreement``, ``label``, ``verdict``, ``open_decisions``, ``decided``,
then for each topic in the rule set's order ``<topic>`` (its status) and
``<topic>_section`` (the section its finding rests on), then ``report`` (the
per-agreement HTML report, relative to the output folder).

A topic an agreement has no status for (not assessable, or another rule set)
is left empty. In the CSV, a text cell that a spreadsheet would take for a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is written with a leading ``'``; the XLSX stores every cell as
text or number, never as a formula. JSON Lines holds
:meth:`PortfolioRow.to_dict`, one agreement per line, keys in a fixed order.

The per-agreement reports are the audit's own HTML report of that agreement
(:func:`auditor.report.html.render`), byte for byte what ``auditor audit
FILE --format html`` writes with the same generation time.
"""

from __future__ import annotations

import csv
import io
import json

from auditor.register.portfolio import Portfolio, PortfolioRow
from auditor.report import html

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def matrix_header(portfolio: Portfolio) -> list[str]:
    """The matrix's column names."""
    head = ["agreement", "label", "verdict", "open_decisions", "decided"]
    for topic in portfolio.topics:
        head += [topic, f"{topic}_section"]
    return head + ["report"]


def matrix_row(portfolio: Portfolio, row: PortfolioRow) -> list[str | int]:
    """One agreement's cells, in :func:`matrix_header` order."""
    cells: list[str | int] = [row.agreement_id, row.label, row.verdict, row.open_decisions, row.decided]
    for topic in portfolio.topics:
        entry = row.entry(topic)
        cells += [entry.status, entry.section] if entry else ["", ""]
    return cells + [row.report_path]


def matrix(portfolio: Portfolio) -> list[list[str | int]]:
    """Header and rows."""
    return [matrix_header(portfolio)] + [matrix_row(portfolio, r) for r in portfolio.rows]  # type: ignore[list-item]


def csv_safe(value: str | int) -> str | int:
    """A text cell that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render_csv(portfolio: Portfolio) -> str:
    """The matrix as CSV (RFC 4180: comma separated, CRLF line ends, quoted where needed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in matrix(portfolio):
        writer.writerow([csv_safe(v) for v in line])
    return out.getvalue()


def render_jsonl(portfolio: Portfolio) -> str:
    """One JSON object per agreement and line."""
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in portfolio.rows)


def render_agreement(row: PortfolioRow, generated_at: str | None = None) -> str:
    """The agreement's own HTML audit report, from its stored result."""
    return html.render(row.ruleset.run(row.auditor_version, (row.report,)), generated_at=generated_at)


__all__ = ["csv_safe", "matrix", "matrix_header", "matrix_row", "render_agreement", "render_csv", "render_jsonl"]
