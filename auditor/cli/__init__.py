"""The ``auditor`` command line: one click group, its commands in three modules.

* :mod:`.common`           exit codes, messages, the clock, the shared reading options;
* :mod:`.files`            atomic file writing with the user's umask permissions;
* :mod:`.commands_audit`   ``audit``, ``explain``, ``rules``, ``eval``, ``cases``;
* :mod:`.commands_review`  ``review``, ``signoff``, ``annotate``, ``diff``;
* :mod:`.commands_portfolio` ``portfolio`` (the register's agreements as a matrix);
* :mod:`.register_hook`    ``audit --db``: reuse stored results, store new ones;
* :mod:`.prompts`          the questions ``review -i`` asks.

Exit codes, as linters use them: 0 ready / signed off; 1 gaps found, not
signed off, a new gap or an interrupted review; 2 not assessable, bad usage,
bad rules or a bad decisions file.

Heavy imports (spaCy, pdfplumber, python-docx, lxml, Jinja2) happen inside
commands, so ``auditor --help`` is instant.
"""

from __future__ import annotations

import sys

import click

from auditor import __version__

from .commands_audit import COMMANDS as AUDIT_COMMANDS
from .commands_portfolio import COMMANDS as PORTFOLIO_COMMANDS
from .commands_review import COMMANDS as REVIEW_COMMANDS
from .common import EXIT_ERROR, EXIT_OK, EXIT_OPEN


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def main() -> None:
    """Audit AI-services agreements: do the data commitments explicitly cover batch processing?"""


for _command in AUDIT_COMMANDS + REVIEW_COMMANDS + PORTFOLIO_COMMANDS:
    main.add_command(_command)

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_OPEN", "main"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
