"""The questions ``auditor review -i`` asks, one open finding at a time.

Every decision is recorded the moment its last answer is given, so an
interrupt (Ctrl-C) or the end of the input (a pipe that runs dry) loses
only the finding being answered, never the ones before it: :func:`ask`
returns what was recorded and whether it was interrupted, and the caller
saves it. A decision is chosen by its number, its name or an unambiguous
prefix ("2", "risk", "false"); ``risk_accepted`` and ``false_positive``
need a rationale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # pragma: no cover
    from auditor.model import DocumentReport
    from auditor.review.decisions import DecisionsFile

SKIP = "skip"
QUOTE_LIMIT = 300


@dataclass(frozen=True)
class Session:
    """What an interactive review produced."""

    dfile: DecisionsFile
    recorded: int
    interrupted: bool


def _valid_date(value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date written YYYY-MM-DD") from None


def _choice(choices: tuple[str, ...]):
    from auditor.review.decisions import AmbiguousDecision, decision_from_text

    def convert(value: str) -> str:
        try:
            picked = decision_from_text(value, choices)
        except AmbiguousDecision as exc:
            raise click.BadParameter(str(exc)) from None
        if picked is None:
            raise click.BadParameter(f"'{value}' is not one of the numbers 1 to {len(choices)} or a decision named above")
        return picked

    return convert


def _required(what: str):
    def convert(value: str) -> str:
        if not value.strip():
            raise click.BadParameter(f"{what} is required")
        return value.strip()

    return convert


def ask(dfile: DecisionsFile, report: DocumentReport, today: str) -> Session:
    """Prompt for every open finding without a decision that applies; stop cleanly on interrupt or end of input."""
    from auditor.report.common import clean, location, status_label, trim
    from auditor.review.carry import needs_decision, open_findings, record_decision, resolve
    from auditor.review.decisions import DECISION_HELP, DECISIONS, NEEDS_RATIONALE

    todo = [f for f in open_findings(report) if needs_decision(f, dfile, report.sha256)]
    if not todo:
        click.echo("Every open finding already has a decision.")
        return Session(dfile, 0, False)
    choices = DECISIONS + (SKIP,)
    width = max(len(c) for c in choices)
    reviewer = role = ""
    recorded = 0
    try:
        for n, finding in enumerate(todo, start=1):
            click.echo(f"\n[{n}/{len(todo)}] {clean(finding.title)}: {status_label(finding.status).upper()} "
                       f"({finding.id})")
            click.echo(f"  {clean(finding.explanation)}")
            for e in finding.evidence[:2]:
                click.echo(f"  > {trim(e.text, QUOTE_LIMIT)} ({location(e)})")
            res = resolve(finding, dfile, report.sha256)
            if res.reopened:
                click.echo(f"  {res.note}")
            for k, d in enumerate(choices, start=1):
                click.echo(f"    {k}  {d:<{width}}  {DECISION_HELP.get(d, 'leave it for later')}")
            choice = click.prompt("Decision (number or name)", default=SKIP, value_proc=_choice(choices))
            if choice == SKIP:
                continue
            reviewer = click.prompt("Reviewer (your name)", default=reviewer or None,
                                    value_proc=_required("a reviewer's name"))
            role = click.prompt("Role", default=role or "", show_default=bool(role)).strip()
            if choice in NEEDS_RATIONALE:
                rationale = click.prompt("Rationale (required)", value_proc=_required("a rationale"))
            else:
                rationale = click.prompt("Rationale", default="", show_default=False).strip()
            when = click.prompt("Date (YYYY-MM-DD)", default=today, value_proc=_valid_date)
            dfile = record_decision(dfile, finding, report.sha256, decision=choice, reviewer=reviewer, role=role,
                                    date=when, rationale=rationale)
            recorded += 1
    except (click.Abort, KeyboardInterrupt, EOFError):
        click.echo("", err=True)
        return Session(dfile, recorded, True)
    return Session(dfile, recorded, False)
