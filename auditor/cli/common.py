"""What every command shares: exit codes, messages, the clock, and how documents are read.

Every command that reads an agreement (``audit``, ``review``, ``signoff``,
``annotate``, ``diff``) takes the same reading options, defined once here by
:func:`reading_options`: ``--rules``, ``--view``, ``--ocr``, ``--careful-pdf``,
``--max-pages``, ``--max-mb`` and ``--bundle``. A sign-off therefore rests on
the same reading of the document as the audit it follows.

Only click and the standard library are imported at module level, so
``auditor --help`` stays instant.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NoReturn

import click

if TYPE_CHECKING:  # pragma: no cover
    from auditor.model import AuditRun, DocumentReport
    from auditor.rules import RuleSet

    from .config import Config

#: Exit codes, as linters use them.
EXIT_OK = 0  # ready / signed off / written
EXIT_OPEN = 1  # gaps found / not signed off / a new gap / interrupted
EXIT_ERROR = 2  # not assessable, bad usage, bad rules or decisions file


def err(message: str) -> None:
    """One line on standard error."""
    click.echo(message, err=True)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print ``message`` on standard error and exit with ``code``."""
    err(message)
    raise SystemExit(code)


def now() -> datetime:
    """Now in UTC, or ``SOURCE_DATE_EPOCH`` when set (reproducible output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)


def timestamp() -> str:
    """:func:`now` as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return now().strftime("%Y-%m-%dT%H:%M:%SZ")


def config() -> Config:
    """The configuration file in force here (:mod:`.config`); exit 2 when it is not valid."""
    return _config_for(os.getcwd())


@functools.lru_cache(maxsize=8)
def _config_for(cwd: str) -> Config:
    from .config import ConfigError, load_config

    try:
        return load_config(cwd)
    except ConfigError as exc:
        fail("\n".join(f"configuration error: {p}" for p in exc.problems))


def rules_dir_or_config(directory: str | None) -> str | None:
    """``directory``, or else the configuration file's ``rules``, or else None (the bundled playbook)."""
    return directory if directory is not None else config().rules


def load_rules(directory: str | None) -> RuleSet:
    """The rule set in ``directory`` (default: the configuration's, else the bundled playbook);
    exit 2 on rule errors."""
    from auditor.rules import RuleError, load_ruleset

    try:
        return load_ruleset(rules_dir_or_config(directory))
    except RuleError as exc:
        fail("\n".join(f"rules error: {p}" for p in exc.problems))


def terminal_width(width: int | None) -> int:
    """Columns for text output: ``width`` when given, the terminal's width when
    standard output is a terminal, else 80 (a pipe or a file)."""
    import shutil
    import sys

    if width:
        return width
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((80, 24)).columns)
    return 80


width_option = click.option("--width", type=click.IntRange(40, 400), default=None,
                            help="Columns for text output (default: the terminal's width, or 80 when not a terminal).")

rules_option = click.option("--rules", "rules_dir", type=click.Path(file_okay=False), default=None,
                            help="Rule directory (default: the configuration file's, else the bundled playbook).")


@dataclass(frozen=True)
class Reading:
    """How documents are read: the options every reading command shares."""

    rules_dir: str | None = None
    view: str = "accepted"
    ocr: bool = False
    careful_pdf: bool = False
    max_pages: int = 2000
    max_mb: int = 200
    bundle: bool = False

    def load_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`auditor.ingest.load_document`."""
        from auditor.ingest import Limits

        return {"view": self.view, "ocr": self.ocr, "pdf_engine": "careful" if self.careful_pdf else "fast",
                "limits": Limits(max_file_bytes=self.max_mb * 1024 * 1024, max_pages=self.max_pages)}


_READING_OPTIONS = (
    rules_option,
    click.option("--view", type=click.Choice(("accepted", "original")), default="accepted", show_default=True,
                 help="DOCX tracked changes: read the draft with every change accepted, or as before the changes."),
    click.option("--ocr", is_flag=True, help="Read PDF pages without a text layer with OCR (needs tesseract and pdftoppm)."),
    click.option("--careful-pdf", is_flag=True, help="Read PDFs with pdfplumber layout analysis on every page (slower)."),
    click.option("--max-pages", type=click.IntRange(1), default=2000, show_default=True,
                 help="Largest PDF accepted, in pages."),
    click.option("--max-mb", type=click.IntRange(1), default=200, show_default=True, help="Largest file accepted, in MB."),
    click.option("--bundle", is_flag=True, help="Read all the files as one agreement (e.g. MSA + DPA + order form)."),
)
_READING_KEYS = ("rules_dir", "view", "ocr", "careful_pdf", "max_pages", "max_mb", "bundle")


def reading_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared reading options to ``command``; it receives them as one ``reading`` argument."""
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {k: kwargs.pop(k) for k in _READING_KEYS}
        values["rules_dir"] = rules_dir_or_config(values["rules_dir"])
        kwargs["reading"] = Reading(**values)
        return command(*args, **kwargs)

    for option in reversed(_READING_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


def audit_run(ruleset: RuleSet, reports: list[DocumentReport] | tuple[DocumentReport, ...]) -> AuditRun:
    """An :class:`~auditor.model.AuditRun` of ``reports``: topic order, titles and checklist from the rule set."""
    from auditor import __version__
    from auditor.model import AuditRun, RulesetInfo

    return AuditRun(
        auditor_version=__version__,
        ruleset=RulesetInfo(ruleset.version, ruleset.sha256, ruleset.path),
        documents=tuple(reports),
        checklist=tuple(sorted(ruleset.checklist.items())),
        topic_titles={r.topic: r.title for r in ruleset.rules},
        topic_items={r.topic: tuple(r.checklist_items) for r in ruleset.rules},
    )


# --------------------------------------------------------------------------- agreements


def agreement_files(paths: tuple[str, ...], reading: Reading) -> list[str]:
    """The files of one agreement: one file, or with ``--bundle`` several (directories searched)."""
    from auditor.pipeline import expand_paths

    files = expand_paths(list(paths))
    if not files:
        fail("error: no documents found in the paths given")
    if len(files) > 1 and not reading.bundle:
        fail(f"error: {len(files)} files given; add --bundle to read them as one agreement "
             "(e.g. an MSA, its DPA and an order form)")
    missing = [f for f in files if not os.path.isfile(f)]
    if missing:
        fail("\n".join(f"error: {f}: no such file" for f in missing))
    return files


def audit_agreement(files: list[str], ruleset: RuleSet, reading: Reading) -> DocumentReport:
    """Audit one agreement (a file or a bundle); errors of a not-assessable one are printed."""
    from auditor.catalogue import Agreement
    from auditor.catalogue import audit_agreement as audit_one
    from auditor.model import NOT_ASSESSABLE

    report = audit_one(Agreement(" + ".join(files), tuple(files)), ruleset, **reading.load_options())
    if report.verdict == NOT_ASSESSABLE:
        for e in report.errors:
            err(f"error: {report.path}: {e.get('message')} [{e.get('code')}]")
    return report


def agreement_name(files: list[str]) -> str:
    """How an agreement is named in messages and files: its file names joined by " + "."""
    return " + ".join(Path(f).name for f in files)
