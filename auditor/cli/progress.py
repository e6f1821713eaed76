"""Progress on standard error: a rich progress bar on a terminal, ``[n/N] label`` lines otherwise.

Nothing at all with ``-q``. Messages about one agreement (its errors) are
printed above the bar, never through it.
"""

from __future__ import annotations

import sys
from typing import Any

from .common import err


class Progress:
    """Counts agreements as they finish (use ``with``)."""

    def __init__(self, total: int, quiet: bool = False, what: str = "agreements") -> None:
        self.total, self.quiet, self.what = total, quiet, what
        self.count = 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> "Progress":
        if not self.quiet and self.total > 0 and _stderr_is_terminal():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

            self._bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("{task.fields[label]}"), console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(f"auditing {self.what}", total=self.total, label="")
        return self

    def advance(self, label: str) -> None:
        """One more agreement done."""
        self.count += 1
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=1, label=label)
        else:
            err(f"[{self.count}/{self.total}] {label}")

    def message(self, text: str) -> None:
        """A line on standard error, above the bar when there is one (shown even with ``-q``)."""
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False)
        else:
            err(text)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
