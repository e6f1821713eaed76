"""Reading commands: ``audit``, ``explain``, ``rules``, ``eval`` and ``cases``.

Exit codes (see :mod:`auditor.cli.common`): 0 every document is ready for
sign-off; 1 gaps found; 2 a document could not be assessed, bad usage or bad
rules.
"""

from __future__ import annotations

import click

from typing import TYPE_CHECKING

from auditor.english import count

from .batch import Run, Sources, audit_agreements, collect, run_options, source_options, start_workers
from .common import (EXIT_ERROR, EXIT_OK, EXIT_OPEN, Reading, audit_run, config, err, fail, load_rules,
                     reading_options, rules_dir_or_config, rules_option, terminal_width, timestamp, width_option)
from .files import write_output
from .register_hook import RegisterOptions, open_ledger, register_options

if TYPE_CHECKING:  # pragma: no cover
    from auditor.model import DocumentReport

EXIT_GAPS = EXIT_OPEN
FORMATS = ("text", "json", "md", "html")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Report format [default: text, or the configuration's].")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to a file instead of standard output.")
@click.option("--no-timestamp", is_flag=True, help="Omit the generation time from md/html reports.")
@width_option
@reading_options
@source_options
@run_options
@click.option("-q", "--quiet", is_flag=True, help="No progress on standard error.")
@register_options
def audit(paths: tuple[str, ...], fmt: str | None, output: str | None, no_timestamp: bool, width: int | None,
          reading: Reading, sources: Sources, run: Run, quiet: bool, register: RegisterOptions) -> None:
    """Audit agreements: files, folders (.txt, .md, .docx, .pdf, and .doc, .rtf, .odt through
    LibreOffice), each sub-folder as one agreement (--bundle-dirs), or a manifest (--manifest)."""
    from auditor.report import render

    fmt = fmt or config().format or "text"
    agreements = collect(paths, sources, reading.bundle).agreements
    # With a register, workers start only once the register shows something to audit.
    with start_workers(run, reading.rules_dir, 0 if register.db else len(agreements)) as pool:
        ruleset = load_rules(reading.rules_dir)
        ledger = open_ledger(register, ruleset, reading, run.limits)  # --db: lookup -> audit only what changed -> store
        reports = audit_agreements(agreements, ruleset, reading.rules_dir, reading.load_options(), run, quiet, pool,
                                   ledger=ledger)
    if ledger:
        ledger.finish(quiet)
    stamp = None if (no_timestamp or fmt in ("text", "json")) else timestamp()
    columns = (width or 80) if output else terminal_width(width)  # a file is not a terminal
    write_output(output, render(audit_run(ruleset, reports), fmt, generated_at=stamp, width=columns))
    raise SystemExit(_summarise(reports, quiet))


def _summarise(reports: list[DocumentReport], quiet: bool) -> int:
    """Say how a run of several agreements went (unless ``quiet``); its exit code."""
    from auditor.model import GAPS, NOT_ASSESSABLE

    failed = [r.agreement.id if r.agreement is not None else r.path for r in reports if r.verdict == NOT_ASSESSABLE]
    if not quiet and len(reports) > 1:
        err(f"{count(len(reports), 'document')}: {sum(r.verdict == GAPS for r in reports)} with gaps, "
            f"{len(failed)} not assessable" + (": " + ", ".join(failed) if failed else ""))
    if failed:
        return EXIT_ERROR
    return EXIT_GAPS if any(r.verdict == GAPS for r in reports) else EXIT_OK


@click.command("explain")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--text", "text", default=None, help="Explain this text (a sentence or a passage) instead of files.")
@reading_options
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Show every sentence, not only those that say something about a topic or a mode.")
def explain_cmd(paths: tuple[str, ...], text: str | None, reading: Reading, fmt: str, show_all: bool) -> None:
    """Show each statement as read (function, actor, polarity, object, modes,
    periods, places, targets) and the decision trace of every topic."""
    from auditor.model import IngestError
    from auditor.pipeline import explain_bundle, explain_path, explain_string
    from auditor.report.explain_text import render_explain, render_explain_json

    if (text is None) == (not paths):
        err("error: give files or --text, not both and not neither")
        raise SystemExit(EXIT_ERROR)
    ruleset = load_rules(reading.rules_dir)
    options = reading.load_options()
    if text is not None:
        jobs = [("<text>", lambda: explain_string(text, ruleset))]
    elif reading.bundle:
        jobs = [(" + ".join(paths), lambda: explain_bundle(list(paths), ruleset, **options))]
    else:
        jobs = [(p, lambda p=p: explain_path(p, ruleset, **options)) for p in paths]
    failed = False
    for name, job in jobs:
        try:
            statements, traces = job()
        except IngestError as exc:
            err(f"error: {name}: {exc.message} [{exc.code}]")
            failed = True
            continue
        click.echo(render_explain_json(name, statements, traces) if fmt == "json"
                   else render_explain(name, statements, traces, show_all), nl=False)
    raise SystemExit(EXIT_ERROR if failed else EXIT_OK)


@click.group()
def rules() -> None:
    """List, validate and test rule files."""


@rules.command("list")
@rules_option
def rules_list(rules_dir: str | None) -> None:
    """List the rules of a rule set."""
    ruleset = load_rules(rules_dir)
    click.echo(f"{ruleset.name} {ruleset.version} ({ruleset.path}) sha256 {ruleset.sha256}")
    for r in ruleset.rules:
        items = ",".join(str(i) for i in r.checklist_items)
        click.echo(f"  {r.id:<20} topic={r.topic:<19} severity={r.severity:<8} checklist={items:<4} "
                   f"examples={len(r.examples):<3} {r.title}")


@rules.command("explain")
@click.argument("rule")
@rules_option
@click.option("--format", "fmt", type=click.Choice(("text", "md")), default="text", show_default=True)
@width_option
def rules_explain(rule: str, rules_dir: str | None, fmt: str, width: int | None) -> None:
    """Print a rule's documentation, generated from its YAML (RULE: an id or a topic)."""
    from auditor.report.rule_doc import render_md, render_text
    from auditor.rules.docs import UnknownRule, rule_doc

    try:
        doc = rule_doc(load_rules(rules_dir), rule)
    except UnknownRule as exc:
        fail(f"error: {exc.message}")
    click.echo(render_md(doc) if fmt == "md" else render_text(doc, terminal_width(width)), nl=False)


@rules.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def rules_check(directory: str | None) -> None:
    """Validate rule files; errors name the file, line, rule and key."""
    ruleset = load_rules(directory)
    examples = sum(len(r.examples) for r in ruleset.rules)
    click.echo(f"ok: {count(len(ruleset.rules), 'rule')}, {count(examples, 'example')}, version {ruleset.version} "
               f"({ruleset.path})")


@rules.command("test")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("-v", "--verbose", is_flag=True, help="Show every example, not only failures.")
def rules_test(directory: str | None, verbose: bool) -> None:
    """Run every rule's examples (text + expected status)."""
    from auditor.examples import run_examples

    from auditor.cases import cue_cases, run_cases

    ruleset = load_rules(directory)
    results = run_examples(ruleset)
    failed = [r for r in results if not r.passed]
    for r in results:
        if verbose or not r.passed:
            mark = "ok  " if r.passed else "FAIL"
            click.echo(f"{mark} {r.location()} {r.rule.id}: expected {r.example.status}, got {r.got}")
            if not r.passed:
                click.echo(f"     {r.explanation}")
    cues = run_cases(cue_cases(ruleset), ruleset)
    cue_failed = [o for o in cues.outcomes if not o.passed]
    for o in cues.outcomes:
        if verbose or not o.passed:
            click.echo(f"{'ok  ' if o.passed else 'FAIL'} {o.case.location()} cue {o.case.id} {o.topic}: "
                       f"expected {o.expected}, got {o.got}")
            if not o.passed and o.explanation:
                click.echo(f"     {o.explanation}")
    passed = len(results) - len(failed) + cues.total - len(cue_failed)
    click.echo(f"{passed} passed, {len(failed) + len(cue_failed)} failed "
               f"({count(len(results), 'rule example')}, {count(cues.total, 'cue case')})")
    raise SystemExit(EXIT_GAPS if failed or cue_failed else EXIT_OK)


@click.command("eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@rules_option
@click.option("--min-accuracy", type=float, default=0.0, show_default=True,
              help="Exit 1 when accuracy is below this share (0-1).")
@run_options
@click.option("-q", "--quiet", is_flag=True, help="No progress on standard error.")
def eval_cmd(directory: str, rules_dir: str | None, min_accuracy: float, run: Run, quiet: bool) -> None:
    """Evaluate on a labelled corpus (DIRECTORY/labels.yaml)."""
    from auditor.evaluate import LabelsError, evaluate, format_result

    rules_dir = rules_dir_or_config(rules_dir)
    ruleset = load_rules(rules_dir)
    try:
        result = evaluate(directory, ruleset, lambda agreements: audit_agreements(
            agreements, ruleset, rules_dir, {}, run, quiet))
    except LabelsError as exc:
        err(f"error: {exc}")
        raise SystemExit(EXIT_ERROR) from None
    click.echo(format_result(result), nl=False)
    cases_false = result.cases.false_covered if result.cases is not None else 0
    raise SystemExit(EXIT_GAPS if result.false_covered or cases_false or result.accuracy < min_accuracy else EXIT_OK)


@click.command("cases")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@rules_option
@click.option("-v", "--verbose", is_flag=True, help="Show every case, not only failures.")
def cases_cmd(paths: tuple[str, ...], rules_dir: str | None, verbose: bool) -> None:
    """Run language case files (YAML; directories are searched for *.yaml)."""
    from auditor.cases import CaseFileError, case_files, format_tally, load_cases, run_cases

    ruleset = load_rules(rules_dir)
    cases = []
    problems: list[str] = []
    for path in case_files(list(paths)):
        try:
            cases.extend(load_cases(path))
        except CaseFileError as exc:
            problems.extend(exc.problems)
    for problem in problems:
        err(f"case file error: {problem}")
    if problems:
        raise SystemExit(EXIT_ERROR)
    tally = run_cases(cases, ruleset)
    click.echo(format_tally(tally, verbose), nl=False)
    raise SystemExit(EXIT_OK if tally.passed == tally.total else EXIT_GAPS)


COMMANDS = (audit, explain_cmd, rules, eval_cmd, cases_cmd)
