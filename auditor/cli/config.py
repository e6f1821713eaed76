"""The configuration file: ``auditor.toml``, or ``[tool.auditor]`` in ``pyproject.toml``.

Looked for from the working directory upwards; the first folder holding an
``auditor.toml``, or a ``pyproject.toml`` with a ``[tool.auditor]`` table,
gives it. Every key is optional; a command-line option always wins::

    rules = "playbook/rules"       # rule folder, relative to this file (every command)
    exclude = ["*.old.*", "drafts/**"]   # globs a folder walk leaves out (audit)
    jobs = 4                       # worker processes (audit, eval); default: every core
    format = "html"                # report format of audit: text, json, md or html
    timeout_s = 300                # each document's time limit in seconds (0: none)
    max_memory_mb = 2048           # each worker's memory cap in MB (0: none)

The file is validated when it is read: an unknown key, a value of the wrong
kind or a rules folder that does not exist is an error naming the file and
line (``auditor.toml:3: key 'jobs': ...``), and the command stops (exit 2).
Standard library only (``tomllib``).
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FILE_NAME = "auditor.toml"
PYPROJECT = "pyproject.toml"
REPORT_FORMATS = ("text", "json", "md", "html")
KEYS = ("rules", "exclude", "jobs", "format", "timeout_s", "max_memory_mb")


class ConfigError(Exception):
    """A configuration file that cannot be used; each problem names the file (and line)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Config:
    """What the configuration file sets (None: not set there)."""

    path: str | None = None
    rules: str | None = None
    exclude: tuple[str, ...] | None = None
    jobs: int | None = None
    format: str | None = None
    timeout_s: float | None = None
    max_memory_mb: int | None = None
    keys: tuple[str, ...] = field(default=())


def find_config_file(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The configuration file for ``start`` (default: the working directory), or None."""
    folder = Path(start or os.getcwd()).resolve()
    for here in (folder, *folder.parents):
        candidate = here / FILE_NAME
        if candidate.is_file():
            return candidate
        pyproject = here / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return re.search(r"^\s*\[tool\.auditor\]\s*$", pyproject.read_text(encoding="utf-8"), re.M) is not None
    except (OSError, UnicodeDecodeError):
        return False


def load_config(start: str | os.PathLike[str] | None = None) -> Config:
    """The configuration in force for ``start`` (an empty :class:`Config` when there is none)."""
    path = find_config_file(start)
    return Config() if path is None else read_config(path)


def read_config(path: Path) -> Config:
    """Read and validate one configuration file (raises :class:`ConfigError`)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})"]) from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ConfigError([f"{path}:{line.group(1) if line else 1}: not valid TOML: {exc}"]) from None
    start = 0  # where the settings begin in the text
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("auditor", {})
        start = max(text.find("[tool.auditor]"), 0)
        if not isinstance(data, dict):
            raise ConfigError([f"{path}:{text[:start].count(chr(10)) + 1}: [tool.auditor] must be a table"])
    checker = _Checker(path, text, start)
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            checker.fail(key, "unknown key" + (f"; did you mean '{close[0]}'?" if close else
                                                f"; allowed: {', '.join(KEYS)}"))
            continue
        values[key] = getattr(checker, key)(key, value)
    if checker.problems:
        raise ConfigError(checker.problems)
    return Config(path=str(path), keys=tuple(values), **values)


class _Checker:
    """One validator per key, each returning the value to keep."""

    def __init__(self, path: Path, text: str, start: int) -> None:
        self.path, self.text, self.start = path, text, start
        self.problems: list[str] = []

    def line(self, key: str) -> int:
        """The line setting ``key`` (the first after the settings begin)."""
        match = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.M).search(self.text, self.start)
        return self.text[: match.start() if match else self.start].count("\n") + 1

    def fail(self, key: str, message: str) -> None:
        self.problems.append(f"{self.path}:{self.line(key)}: key '{key}': {message}")

    def rules(self, key: str, value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be the path of a rule folder, as a string")
            return None
        folder = (self.path.parent / value).resolve()
        if not folder.is_dir():
            self.fail(key, f"rule folder {folder} does not exist")
            return None
        return str(folder)

    def exclude(self, key: str, value: Any) -> tuple[str, ...] | None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, 'must be a list of glob patterns, e.g. ["*.old.docx", "archive/**"]')
            return None
        return tuple(value)

    def jobs(self, key: str, value: Any) -> int | None:
        return self._whole(key, value, 1)

    def max_memory_mb(self, key: str, value: Any) -> int | None:
        return self._whole(key, value, 0)

    def timeout_s(self, key: str, value: Any) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            self.fail(key, "must be a number of seconds, 0 or more (0: no limit)")
            return None
        return float(value)

    def format(self, key: str, value: Any) -> str | None:
        if value not in REPORT_FORMATS:
            self.fail(key, f"must be one of {', '.join(REPORT_FORMATS)}")
            return None
        return str(value)

    def _whole(self, key: str, value: Any, least: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            self.fail(key, f"must be a whole number of at least {least}")
            return None
        return value
