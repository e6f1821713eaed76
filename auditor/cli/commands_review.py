"""Review and sign-off commands: ``review``, ``signoff``, ``annotate``, ``diff``.

Each takes an agreement as ``audit`` does: one file, or with ``--bundle``
several files (or a directory) read as one agreement, through the same
reading options (:func:`auditor.cli.common.reading_options`). A bundle has
one decisions file, named after its first file (``msa.bundle.decisions.yaml``
next to ``msa.docx``).

Exit codes:

* ``review``   0 the decisions file was written (or is up to date); 1 interrupted (what was
  decided is saved) or a decision from Word conflicts with one recorded; 2 bad contract or decisions file.
* ``signoff``  0 signed off; 1 not signed off; 2 unreadable contract or bad decisions file.
* ``annotate`` 0 the reviewed copies were written; 2 not a DOCX / unreadable.
* ``diff``     0 no new gap; 1 a topic got worse; 2 an unreadable draft or bad decisions file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .common import (EXIT_ERROR, EXIT_OK, EXIT_OPEN, Reading, agreement_files, agreement_name, audit_agreement,
                     audit_run, err, fail, load_rules, now, reading_options, timestamp)
from .files import save_decisions, write_atomic, write_output

if TYPE_CHECKING:  # pragma: no cover
    from auditor.model import DocumentReport
    from auditor.review.decisions import DecisionsFile

SIGNOFF_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json",
                   ".docx": "docx"}

decisions_option = click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False), default=None,
                                help="Decisions file (default: next to the contract, named after it: "
                                     "draft.decisions.yaml for draft.docx, msa.bundle.decisions.yaml "
                                     "for a bundle whose first file is msa.docx).")


def _decisions(files: list[str], explicit: str | None, must_exist: bool = False) -> DecisionsFile:
    from auditor.review.decisions import DecisionsError, agreement_decisions_path, load_decisions

    path = explicit or str(agreement_decisions_path(files))
    if must_exist and explicit and not os.path.exists(path):
        fail(f"error: {path}: decisions file not found")
    try:
        return load_decisions(path)
    except DecisionsError as exc:
        fail("\n".join(f"error: {line}" for line in exc.lines()))


def _assessable(files: list[str], reading: Reading, what: str) -> tuple[Any, DocumentReport]:
    """The rule set and the audit of an agreement; exit 2 when it cannot be assessed."""
    from auditor.model import NOT_ASSESSABLE

    ruleset = load_rules(reading.rules_dir)
    report = audit_agreement(files, ruleset, reading)
    if report.verdict == NOT_ASSESSABLE:
        fail(f"error: {agreement_name(files)}: not assessable; {what}")
    return ruleset, report


def _plural(n: int, word: str) -> str:
    from auditor.english import count

    return count(n, word)


# --------------------------------------------------------------------------- review


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@decisions_option
@reading_options
@click.option("-i", "--interactive", is_flag=True, help="Ask for a decision on each open finding without one.")
@click.option("--from-docx", "from_docx", multiple=True, type=click.Path(dir_okay=False),
              help="Read decisions from the replies to auditor's comments in this reviewed copy "
                   "(written by `auditor annotate`). Repeat for each reviewed file of a bundle.")
def review(paths: tuple[str, ...], decisions_path: str | None, reading: Reading, interactive: bool,
           from_docx: tuple[str, ...]) -> None:
    """Create or update the agreement's decisions file with every open finding."""
    from auditor.review.carry import update_for_report
    from auditor.review.decisions import DecisionsError

    files = agreement_files(paths, reading)
    _, report = _assessable(files, reading, "there is nothing to review")
    dfile = _decisions(files, decisions_path)
    updated, changes = update_for_report(dfile, report, document_name=agreement_name(files))
    for c in changes:
        click.echo(f"  {c.finding_id:<28} {c.action}" + (f": {c.note}" if c.note else ""))
    conflicts = 0
    if from_docx:
        updated, conflicts = _import_from_word(updated, report, from_docx)
    session = None
    if interactive:
        from .prompts import ask

        session = ask(updated, report, now().date().isoformat())
        updated = session.dfile
    try:
        written = save_decisions(updated)
    except DecisionsError as exc:
        fail("\n".join(f"error: {line}" for line in exc.lines()))
    except OSError as exc:
        fail(f"error: {updated.path}: cannot write ({exc.strerror or exc})")
    open_count = sum(1 for f in report.findings if f.status != "covered")
    verb = "wrote" if written else "up to date:"
    extra = f", {_plural(session.recorded, 'decision')} recorded now" if session is not None else ""
    click.echo(f"{verb} {updated.path} ({_plural(open_count, 'open finding')}{extra})")
    if session is not None and session.interrupted:
        err(f"interrupted: {_plural(session.recorded, 'decision')} taken before the interruption "
            f"{'is' if session.recorded == 1 else 'are'} saved in {updated.path}")
        raise SystemExit(EXIT_OPEN)
    raise SystemExit(EXIT_OPEN if conflicts else EXIT_OK)


def _import_from_word(dfile: DecisionsFile, report: DocumentReport,
                      reviewed: tuple[str, ...]) -> tuple[DecisionsFile, int]:
    """Record the decisions answered in Word; print what was recorded, skipped or in conflict."""
    from auditor.review.word_replies import CONFLICT, RECORDED, WordError, apply_answers, read_answers

    answers = []
    for path in reviewed:
        try:
            answers += read_answers(path)
        except WordError as exc:
            fail(f"error: {exc}")
    dfile, outcomes = apply_answers(dfile, report, answers)
    for o in outcomes:
        click.echo(f"  {o.finding_id:<28} {o.action} from Word: {o.note}")
    recorded = sum(o.action == RECORDED for o in outcomes)
    conflicts = sum(o.action == CONFLICT for o in outcomes)
    click.echo(f"from Word: {_plural(recorded, 'decision')} recorded, {_plural(conflicts, 'conflict')} "
               f"(never overwritten), {_plural(len(outcomes) - recorded - conflicts, 'answer')} not used")
    return dfile, conflicts


# --------------------------------------------------------------------------- signoff


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@decisions_option
@reading_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report here; the format follows the extension (.html, .md, .json, .docx). "
                   "Default: Markdown on standard output.")
def signoff(paths: tuple[str, ...], decisions_path: str | None, reading: Reading, output: str | None) -> None:
    """Sign-off report for an agreement: exit 0 only when signed off."""
    fmt = "md"
    if output not in (None, "-"):
        fmt = SIGNOFF_FORMATS.get(Path(str(output)).suffix.lower(), "")
        if not fmt:
            fail(f"error: {output}: cannot tell the report format from the extension; "
                 f"use {', '.join(sorted(SIGNOFF_FORMATS))}")
    from importlib import import_module

    from auditor.model import NOT_ASSESSABLE
    from auditor.review.signoff import build_signoff

    files = agreement_files(paths, reading)
    ruleset = load_rules(reading.rules_dir)
    report = audit_agreement(files, ruleset, reading)
    dfile = _decisions(files, decisions_path, must_exist=True)
    run = audit_run(ruleset, [report])
    result = build_signoff(report, dfile, ruleset=run.ruleset, auditor_version=run.auditor_version,
                           checklist=run.checklist, topic_titles=run.topic_titles, generated_at=timestamp(),
                           topic_items=run.topic_items)
    content = import_module(f"auditor.report.signoff_{fmt}").render(result)
    try:
        write_output(output, content)
    except OSError as exc:
        fail(f"error: {output}: cannot write ({exc.strerror or exc})")
    err(f"{result.document_name}: {result.state}" + (f" ({len(result.remaining)} open)" if not result.signed_off else ""))
    if report.verdict == NOT_ASSESSABLE:
        raise SystemExit(EXIT_ERROR)
    raise SystemExit(EXIT_OK if result.signed_off else EXIT_OPEN)


# --------------------------------------------------------------------------- annotate


def _reviewed_name(path: str) -> str:
    p = Path(path)
    return str(p.with_name(p.stem + ".reviewed.docx"))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(), default=None,
              help="The reviewed copy (default: <draft>.reviewed.docx next to the draft); "
                   "for a bundle, a directory for the reviewed copies.")
@reading_options
@click.option("--all", "include_covered", is_flag=True, help="Comment on covered findings too.")
@click.option("--redline", is_flag=True,
              help="Also insert each rule's suggested remediation as a tracked change by \"auditor\".")
def annotate(paths: tuple[str, ...], output: str | None, reading: Reading, include_covered: bool,
             redline: bool) -> None:
    """Copy each DOCX of an agreement with one Word comment per finding, on the clause it concerns."""
    files = agreement_files(paths, reading)
    drafts = [f for f in files if Path(f).suffix.lower() == ".docx"]
    if not drafts:
        fail(f"error: {agreement_name(files)}: annotate works on Word .docx files only")
    bundle = len(files) > 1
    if bundle and output and os.path.isfile(output):
        fail(f"error: {output}: for a bundle, -o names a directory for the reviewed copies")
    from auditor.report.annotate_docx import AnnotateError, annotate_docx
    from auditor.report.common import trim
    from auditor.review.placement import findings_by_file

    ruleset, report = _assessable(files, reading, "no comments written")
    shares = findings_by_file(report, drafts, include_covered=include_covered)
    stamp = timestamp()
    for draft in drafts:
        if bundle:
            target = str(Path(output) / Path(_reviewed_name(draft)).name) if output else _reviewed_name(draft)
        else:
            target = output or _reviewed_name(draft)
        if Path(target).exists() and Path(target).resolve() == Path(draft).resolve():
            fail(f"error: {target}: the output must not be the input file")
        share = shares[draft]
        try:
            data, placed = annotate_docx(draft, share.findings, ruleset, notes=share.notes, redline=redline,
                                         date=stamp)
            write_atomic(target, data)
        except AnnotateError as exc:
            fail(f"error: {exc}")
        except OSError as exc:
            fail(f"error: {target}: cannot write ({exc.strerror or exc})")
        for p in placed:
            click.echo(f"  {p.finding_id:<28} paragraph {p.paragraph + 1} ({p.anchor}): {trim(p.text, 70)}"
                       + (" [suggestion tracked]" if p.suggested else ""))
        click.echo(f"wrote {target} ({_plural(len(placed), 'comment')})")


# --------------------------------------------------------------------------- diff


@click.command("diff")
@click.argument("old", type=click.Path(exists=True))
@click.argument("new", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True)
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False), default=None,
              help="Decisions file: say per topic whether its decision carries over to NEW or is reopened.")
@reading_options
def diff(old: str, new: str, fmt: str, decisions_path: str | None, reading: Reading) -> None:
    """Compare two versions of an agreement per topic; exit 1 when a new gap appears.

    OLD and NEW are files, or directories holding the files of a bundle
    (with --bundle); files are paired by name, else by their order.
    """
    from auditor.model import NOT_ASSESSABLE
    from auditor.report.diff import RENDERERS
    from auditor.review.diff import compare

    ruleset = load_rules(reading.rules_dir)
    old_files, new_files = agreement_files((old,), reading), agreement_files((new,), reading)
    old_report = audit_agreement(old_files, ruleset, reading)
    new_report = audit_agreement(new_files, ruleset, reading)
    bad = [r.path for r in (old_report, new_report) if r.verdict == NOT_ASSESSABLE]
    if bad:
        fail(f"error: not assessable: {', '.join(bad)}")
    dfile = _decisions(new_files, decisions_path, must_exist=True) if decisions_path else None
    result = compare(old_report, new_report, dfile)
    click.echo(RENDERERS[fmt](result), nl=False)
    raise SystemExit(EXIT_OPEN if result.new_gap else EXIT_OK)


COMMANDS = (review, signoff, annotate, diff)
