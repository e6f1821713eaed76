"""Review and sign-off commands: ``review``, ``signoff``, ``annotate``, ``diff``.

Registered on the ``auditor`` group at the end of :mod:`auditor.cli`. Only
click and the standard library are imported here at module level; the audit
pipeline, YAML, Jinja2 and python-docx are imported inside the commands, so
``auditor --help`` stays instant.

Exit codes follow the rest of the tool:

* ``review``   0 the decisions file was written (or is up to date); 2 bad contract or decisions file.
* ``signoff``  0 signed off; 1 not signed off; 2 unreadable contract or bad decisions file.
* ``annotate`` 0 the commented copy was written; 2 not a DOCX / unreadable.
* ``diff``     0 no new gap; 1 a topic got worse; 2 an unreadable draft or bad decisions file.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:  # pragma: no cover
    from .model import DocumentReport
    from .review.decisions import DecisionsFile
    from .rules import RuleSet

EXIT_OK, EXIT_OPEN, EXIT_ERROR = 0, 1, 2
SIGNOFF_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json",
                   ".docx": "docx"}

rules_option = click.option("--rules", "rules_dir", type=click.Path(file_okay=False), default=None,
                            help="Rule directory (default: the bundled playbook).")
decisions_option = click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False), default=None,
                                help="Decisions file (default: next to the contract, named after it: "
                                     "draft.decisions.yaml for draft.docx).")


def _fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    click.echo(message, err=True)
    raise SystemExit(code)


def _now() -> datetime:
    """Now in UTC, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)


def _timestamp() -> str:
    return _now().strftime("%Y-%m-%dT%H:%M:%SZ")


def _ruleset(rules_dir: str | None) -> RuleSet:
    from .rules import RuleError, load_ruleset

    try:
        return load_ruleset(rules_dir)
    except RuleError as exc:
        _fail("\n".join(f"rules error: {p}" for p in exc.problems))


def _audit(path: str, ruleset: RuleSet) -> DocumentReport:
    """Audit one contract; exit 2 when it is missing or not assessable."""
    from .model import NOT_ASSESSABLE
    from .pipeline import audit_path

    if not os.path.isfile(path):
        _fail(f"error: {path}: no such file")
    report = audit_path(path, ruleset)
    if report.verdict == NOT_ASSESSABLE:
        for e in report.errors:
            click.echo(f"error: {path}: {e.get('message')} [{e.get('code')}]", err=True)
    return report


def _decisions(contract: str, explicit: str | None, must_exist: bool = False) -> DecisionsFile:
    from .review.decisions import DecisionsError, default_decisions_path, load_decisions

    path = explicit or str(default_decisions_path(contract))
    if must_exist and explicit and not os.path.exists(path):
        _fail(f"error: {path}: decisions file not found")
    try:
        return load_decisions(path)
    except DecisionsError as exc:
        _fail("\n".join(f"error: {line}" for line in exc.lines()))


def _write_output(output: str, content: str | bytes) -> None:
    import tempfile

    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)


# --------------------------------------------------------------------------- review


def _valid_date(value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date written YYYY-MM-DD") from None


def _ask(dfile: DecisionsFile, report: DocumentReport) -> tuple[DecisionsFile, int]:
    """Prompt for every open finding without a decision that applies; return the file and how many were recorded."""
    from .report.common import clean, location, status_label
    from .review.carry import needs_decision, open_findings, record_decision, resolve
    from .review.decisions import DECISION_HELP, DECISIONS

    todo = [f for f in open_findings(report) if needs_decision(f, dfile, report.sha256)]
    if not todo:
        click.echo("Every open finding already has a decision.")
        return dfile, 0
    reviewer = role = ""
    recorded = 0
    today = _now().date().isoformat()
    for n, finding in enumerate(todo, start=1):
        click.echo(f"\n[{n}/{len(todo)}] {clean(finding.title)}: {status_label(finding.status).upper()} ({finding.id})")
        click.echo(f"  {clean(finding.explanation)}")
        for e in finding.evidence[:2]:
            click.echo(f"  > {clean(e.text)[:300]} ({location(e)})")
        res = resolve(finding, dfile, report.sha256)
        if res.reopened:
            click.echo(f"  {res.note}")
        for d in DECISIONS:
            click.echo(f"    {d:<20} {DECISION_HELP[d]}")
        choice = click.prompt("Decision (or skip)", type=click.Choice(DECISIONS + ("skip",)), default="skip")
        if choice == "skip":
            continue
        reviewer = click.prompt("Reviewer (your name)", default=reviewer or None).strip()
        role = click.prompt("Role", default=role or "", show_default=bool(role)).strip()
        rationale = click.prompt("Rationale", default="", show_default=False).strip()
        when = click.prompt("Date (YYYY-MM-DD)", default=today, value_proc=_valid_date)
        dfile = record_decision(dfile, finding, report.sha256, decision=choice, reviewer=reviewer, role=role,
                                date=when, rationale=rationale)
        recorded += 1
    return dfile, recorded


@click.command()
@click.argument("contract", type=click.Path(dir_okay=False))
@decisions_option
@rules_option
@click.option("-i", "--interactive", is_flag=True, help="Ask for a decision on each open finding without one.")
def review(contract: str, decisions_path: str | None, rules_dir: str | None, interactive: bool) -> None:
    """Create or update the decisions file with every open finding of CONTRACT."""
    from .model import NOT_ASSESSABLE
    from .review.carry import update_for_report
    from .review.decisions import DecisionsError
    from .review.writer import save_decisions

    ruleset = _ruleset(rules_dir)
    report = _audit(contract, ruleset)
    if report.verdict == NOT_ASSESSABLE:
        _fail(f"error: {contract}: not assessable; there is nothing to review")
    dfile = _decisions(contract, decisions_path)
    updated, changes = update_for_report(dfile, report)
    for c in changes:
        click.echo(f"  {c.finding_id:<28} {c.action}" + (f": {c.note}" if c.note else ""))
    recorded = 0
    interrupted = False
    if interactive:
        try:
            updated, recorded = _ask(updated, report)
        except click.Abort:
            interrupted = True
            click.echo("\ninterrupted: saving the decisions recorded so far", err=True)
        # Decisions recorded in this session are written below, like the rest.
    try:
        written = save_decisions(updated)
    except DecisionsError as exc:
        _fail("\n".join(f"error: {line}" for line in exc.lines()))
    except OSError as exc:
        _fail(f"error: {updated.path}: cannot write ({exc.strerror or exc})")
    open_count = sum(1 for f in report.findings if f.status != "covered")
    verb = "wrote" if written else "up to date:"
    extra = f", {recorded} recorded now" if interactive else ""
    click.echo(f"{verb} {updated.path} ({open_count} open finding{'s' if open_count != 1 else ''}{extra})")
    raise SystemExit(EXIT_OPEN if interrupted else EXIT_OK)


# --------------------------------------------------------------------------- signoff


@click.command()
@click.argument("contract", type=click.Path(dir_okay=False))
@decisions_option
@rules_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report here; the format follows the extension (.html, .md, .json, .docx). "
                   "Default: Markdown on standard output.")
def signoff(contract: str, decisions_path: str | None, rules_dir: str | None, output: str | None) -> None:
    """Sign-off report for CONTRACT: exit 0 only when signed off."""
    fmt = "md"
    if output not in (None, "-"):
        fmt = SIGNOFF_FORMATS.get(Path(str(output)).suffix.lower(), "")
        if not fmt:
            _fail(f"error: {output}: cannot tell the report format from the extension; "
                  f"use {', '.join(sorted(SIGNOFF_FORMATS))}")
    from . import __version__
    from .model import NOT_ASSESSABLE, RulesetInfo
    from .report.common import TOPIC_ORDER
    from .review.signoff import build_signoff

    ruleset = _ruleset(rules_dir)
    report = _audit(contract, ruleset)
    dfile = _decisions(contract, decisions_path, must_exist=True)
    result = build_signoff(report, dfile, ruleset=RulesetInfo(ruleset.version, ruleset.sha256, ruleset.path),
                           auditor_version=__version__, checklist=tuple(sorted(ruleset.checklist.items())),
                           topic_titles={r.topic: r.title for r in ruleset.rules}, generated_at=_timestamp(),
                           topic_order=TOPIC_ORDER)
    content: Any
    if fmt == "html":
        from .report.signoff_html import render as render_html
        content = render_html(result)
    elif fmt == "json":
        from .report.signoff_json import render as render_json
        content = render_json(result)
    elif fmt == "docx":
        from .report.signoff_docx import render as render_docx
        content = render_docx(result)
    else:
        from .report.signoff_md import render as render_md
        content = render_md(result)
    if output in (None, "-"):
        click.echo(content, nl=False)
    else:
        _write_output(str(output), content)
    click.echo(f"{result.document_name}: {result.state}"
               + (f" ({len(result.remaining)} open)" if not result.signed_off else ""), err=True)
    if report.verdict == NOT_ASSESSABLE:
        raise SystemExit(EXIT_ERROR)
    raise SystemExit(EXIT_OK if result.signed_off else EXIT_OPEN)


# --------------------------------------------------------------------------- annotate


@click.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="The commented copy (default: <draft>.reviewed.docx next to the draft).")
@rules_option
@click.option("--all", "include_covered", is_flag=True, help="Comment on covered findings too.")
def annotate(draft: str, output: str | None, rules_dir: str | None, include_covered: bool) -> None:
    """Copy DRAFT.docx with one Word comment per finding, on the clause it concerns."""
    if Path(draft).suffix.lower() != ".docx":
        _fail(f"error: {draft}: annotate works on Word .docx files only")
    from .model import NOT_ASSESSABLE
    from .review.annotate import AnnotateError, annotate_docx

    ruleset = _ruleset(rules_dir)
    report = _audit(draft, ruleset)
    if report.verdict == NOT_ASSESSABLE:
        _fail(f"error: {draft}: not assessable; no comments written")
    target = output or str(Path(draft).with_name(Path(draft).stem + ".reviewed.docx"))
    try:
        placed = annotate_docx(draft, target, report, ruleset, include_covered=include_covered,
                               date=_timestamp())
    except AnnotateError as exc:
        _fail(f"error: {exc}")
    except OSError as exc:
        _fail(f"error: {target}: cannot write ({exc.strerror or exc})")
    for p in placed:
        click.echo(f"  {p.finding_id:<28} paragraph {p.paragraph + 1} ({p.anchor}): {p.text[:70]}")
    click.echo(f"wrote {target} ({len(placed)} comment{'s' if len(placed) != 1 else ''})")


# --------------------------------------------------------------------------- diff


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True)
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False), default=None,
              help="Decisions file: say per topic whether its decision carries over to NEW or is reopened.")
@rules_option
def diff(old: str, new: str, fmt: str, decisions_path: str | None, rules_dir: str | None) -> None:
    """Compare two drafts per topic; exit 1 when a new gap appears."""
    from .model import NOT_ASSESSABLE
    from .review.diff import RENDERERS, compare

    ruleset = _ruleset(rules_dir)
    old_report, new_report = _audit(old, ruleset), _audit(new, ruleset)
    bad = [r.path for r in (old_report, new_report) if r.verdict == NOT_ASSESSABLE]
    if bad:
        _fail(f"error: not assessable: {', '.join(bad)}")
    dfile = _decisions(new, decisions_path, must_exist=True) if decisions_path else None
    result = compare(old_report, new_report, dfile)
    click.echo(RENDERERS[fmt](result), nl=False)
    raise SystemExit(EXIT_OPEN if result.new_gap else EXIT_OK)


__all__ = ["annotate", "diff", "review", "signoff"]
