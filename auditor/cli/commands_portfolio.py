"""``auditor portfolio``: the register's agreements as a matrix, a dashboard and JSON Lines.

Writes into the output folder ``portfolio.csv``, ``portfolio.xlsx``,
``portfolio.html``, ``portfolio.jsonl`` and ``agreements/<name>.html`` (each
agreement's own audit report). Exit codes: 0 written; 2 no usable register or
the folder cannot be written.
"""

from __future__ import annotations

import click

from .common import EXIT_OK, err, fail, now
from .files import write_atomic

OUTPUTS = ("portfolio.csv", "portfolio.xlsx", "portfolio.html", "portfolio.jsonl")


@click.command("portfolio")
@click.option("--db", required=True, type=click.Path(dir_okay=False),
              help="The register written by `auditor audit ... --db`.")
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False),
              help="Folder to write the portfolio into (made when missing).")
@click.option("--no-timestamp", is_flag=True, help="Omit the generation time (HTML, XLSX).")
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
def portfolio(db: str, outdir: str, no_timestamp: bool, quiet: bool) -> None:
    """Write the agreement-by-topic portfolio of a register: CSV, XLSX, HTML dashboard, JSON Lines."""
    from pathlib import Path

    from auditor.register import Register, RegisterError
    from auditor.register.portfolio import build_portfolio
    from auditor.report.common import plural
    from auditor.report.portfolio import render_agreement, render_csv, render_jsonl
    from auditor.report.portfolio_html import render_html
    from auditor.report.portfolio_xlsx import render_xlsx

    try:
        with Register.open(db, create=False) as register:
            stored = register.agreements()
    except RegisterError as exc:
        fail(f"error: {exc}")
    book = build_portfolio(stored)
    when = None if no_timestamp else now().replace(microsecond=0)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else None
    files: dict[str, str | bytes] = {
        "portfolio.csv": render_csv(book),
        "portfolio.xlsx": render_xlsx(book, when),
        "portfolio.html": render_html(book, stamp),
        "portfolio.jsonl": render_jsonl(book),
    }
    for row in book.rows:
        files[row.report_path] = render_agreement(row, stamp)
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        fail(f"error: {out}: not a folder")
    try:
        for name, content in files.items():
            write_atomic(out / name, content)
    except OSError as exc:
        fail(f"error: {out}: cannot write ({exc.strerror or exc})")
    if not quiet:
        err(f"wrote {', '.join(str(out / n) for n in OUTPUTS)} and {plural(len(book.rows), 'agreement report')} "
            f"({out / 'agreements'}): {len(book.gaps)} gaps")
    raise SystemExit(EXIT_OK)


COMMANDS = (portfolio,)
