"""The reviewer's decisions file: a human-editable YAML record per finding.

A decisions file sits next to the contract (``draft.decisions.yaml`` for
``draft.docx``) and holds, for every open (non-covered) finding, keyed by the
finding's stable id ("retention/excluded"):

* what the lawyer decided: ``decision`` (one of :data:`DECISIONS`),
  ``reviewer``, ``role``, ``date`` (YYYY-MM-DD) and ``rationale``;
* what the decision rested on, recorded by ``auditor review``: ``status``,
  ``fingerprint`` (hash of the clause text), ``document_sha256``, ``topic``
  and ``explanation``;
* ``previous``: earlier decisions on the same finding that were reopened
  because the clause they rested on changed.

Loading validates everything and reports problems with the file and line
(``draft.decisions.yaml: line 12: decision 'aproved' is not one of ...``).
Writing lives in :mod:`auditor.review.writer`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SCHEMA_VERSION = 1

AMENDMENT_REQUESTED = "amendment_requested"
RISK_ACCEPTED = "risk_accepted"
FALSE_POSITIVE = "false_positive"
RESOLVED_IN_DRAFT = "resolved_in_draft"
DECISIONS: tuple[str, ...] = (AMENDMENT_REQUESTED, RISK_ACCEPTED, FALSE_POSITIVE, RESOLVED_IN_DRAFT)
#: Decisions that close a finding for sign-off (when a reviewer is named).
ACCEPTING: frozenset[str] = frozenset(DECISIONS) - {AMENDMENT_REQUESTED}
#: Decisions that count only with a rationale: accepting a gap or overruling the audit says why.
NEEDS_RATIONALE: frozenset[str] = frozenset({RISK_ACCEPTED, FALSE_POSITIVE})

DECISION_HELP: dict[str, str] = {
    AMENDMENT_REQUESTED: "ask the provider to change the draft (keeps it NOT signed off)",
    RISK_ACCEPTED: "accept the gap as it stands",
    FALSE_POSITIVE: "the auditor misread the draft; the commitment does reach batch",
    RESOLVED_IN_DRAFT: "resolved elsewhere in this draft or a document forming part of it",
}

DECISION_FIELDS: tuple[str, ...] = ("decision", "reviewer", "role", "date", "rationale")
CONTEXT_FIELDS: tuple[str, ...] = ("status", "topic", "fingerprint", "document_sha256", "explanation")
ENTRY_KEYS: tuple[str, ...] = DECISION_FIELDS + CONTEXT_FIELDS + ("previous",)
TOP_KEYS: tuple[str, ...] = ("schema_version", "document", "document_sha256", "findings")

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FINDING_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*/[a-z_]+$")


class AmbiguousDecision(ValueError):
    """Text that starts more than one decision ("r" for risk_accepted and resolved_in_draft)."""

    def __init__(self, text: str, matches: tuple[str, ...]):
        self.text = text
        self.matches = matches
        super().__init__(f"'{text}' could be {' or '.join(matches)}; type more of it")


def decision_from_text(text: str, choices: tuple[str, ...] = DECISIONS) -> str | None:
    """The decision ``text`` names: its number in ``choices`` (1-based), the value, or an unambiguous prefix.

    Spaces, hyphens and case do not matter ("Risk accepted", "risk-acc",
    "2"). Returns None when nothing matches; raises :class:`AmbiguousDecision`
    for a prefix of several.
    """
    key = re.sub(r"[\s_-]+", "_", text.strip().lower()).strip("_.")
    if not key:
        return None
    if key.isdigit():
        n = int(key)
        return choices[n - 1] if 1 <= n <= len(choices) else None
    if key in choices:
        return key
    matches = tuple(c for c in choices if c.startswith(key))
    if len(matches) > 1:
        raise AmbiguousDecision(text.strip(), matches)
    return matches[0] if matches else None


class DecisionsError(Exception):
    """A decisions file that cannot be used; every problem names file and line."""

    def __init__(self, path: str, problems: list[tuple[int | None, str]]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One message per problem: ``FILE: line N: problem``."""
        return [f"{self.path}: line {n}: {msg}" if n else f"{self.path}: {msg}" for n, msg in self.problems]


@dataclass(frozen=True)
class Decision:
    """One finding's entry in the decisions file (decided or still blank)."""

    finding_id: str
    decision: str | None = None
    reviewer: str | None = None
    role: str | None = None
    date: str | None = None
    rationale: str | None = None
    status: str | None = None
    topic: str | None = None
    fingerprint: str | None = None
    document_sha256: str | None = None
    explanation: str | None = None
    previous: tuple["Decision", ...] = ()
    line: int = 0

    @property
    def decided(self) -> bool:
        """True when a decision value is filled in."""
        return bool(self.decision)

    @property
    def named(self) -> bool:
        """True when a reviewer is named."""
        return bool(self.reviewer and self.reviewer.strip())

    def to_dict(self) -> dict[str, Any]:
        """Plain data, in file order (``previous`` last, when present)."""
        data: dict[str, Any] = {k: getattr(self, k) for k in DECISION_FIELDS + CONTEXT_FIELDS}
        if self.previous:
            data["previous"] = [p.to_dict() for p in self.previous]
        return data


@dataclass(frozen=True)
class DecisionsFile:
    """A loaded (or new) decisions file."""

    path: str
    document: str | None = None
    document_sha256: str | None = None
    entries: dict[str, Decision] = field(default_factory=dict)
    loaded_sha256: str | None = None  # hash of the bytes read; None for a new file

    @property
    def exists(self) -> bool:
        """True when this was read from disk."""
        return self.loaded_sha256 is not None


def default_decisions_path(contract: str | os.PathLike[str]) -> Path:
    """``<dir>/<stem>.decisions.yaml`` next to the contract."""
    p = Path(contract)
    return p.with_name(p.stem + ".decisions.yaml")


def agreement_decisions_path(files: list[str] | tuple[str, ...]) -> Path:
    """The decisions file of an agreement: ``<stem>.decisions.yaml``, or ``<stem>.bundle.decisions.yaml``
    for a bundle, next to its (first) file."""
    if len(files) == 1:
        return default_decisions_path(files[0])
    first = Path(files[0])
    return first.with_name(first.stem + ".bundle.decisions.yaml")


# --------------------------------------------------------------------------- loading


class _Map(dict):  # type: ignore[type-arg]
    """A mapping that remembers the line of each key and value."""

    line: int = 0
    key_lines: dict[Any, int]
    value_lines: dict[Any, int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader recording line numbers and duplicate keys."""

    duplicates: list[tuple[int, str]]


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.key_lines, out.value_lines = {}, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool, _dt.date)) and key is not None:
            loader.duplicates.append((line, "a key must be plain text"))
            continue
        if key in out:
            loader.duplicates.append((line, f"'{key}' appears twice (first at line {out.key_lines[key]})"))
            continue
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = line
        out.value_lines[key] = value_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
# Dates stay text (validated by us, so "2025-13-45" is an error with a line, not a crash).
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _choices(value: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, allowed, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"is not one of {', '.join(allowed)}{hint}"


def _entry(fid: str, raw: Any, line: int, problems: list[tuple[int | None, str]], nested: bool = False) -> Decision:
    """Validate one finding entry; problems are appended, a best-effort Decision returned."""
    if raw is None:
        raw = _Map()
        raw.line, raw.key_lines, raw.value_lines = line, {}, {}
    if not isinstance(raw, _Map):
        problems.append((line, f"finding '{fid}' must be a mapping of fields (decision, reviewer, ...)"))
        return Decision(fid, line=line)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        kline = raw.key_lines.get(key, raw.line)
        vline = raw.value_lines.get(key, kline)
        allowed = ENTRY_KEYS[:-1] if nested else ENTRY_KEYS
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (allowed: {', '.join(allowed)})"
            problems.append((kline, f"finding '{fid}': unknown key '{key}'{hint}"))
            continue
        if key == "previous":
            items = value if isinstance(value, list) else None
            if items is None:
                problems.append((vline, f"finding '{fid}': 'previous' must be a list of earlier decisions"))
                continue
            values[key] = tuple(_entry(fid, item, getattr(item, "line", vline), problems, nested=True) for item in items)
            continue
        if value is None or value == "":
            continue
        if key == "date":
            if isinstance(value, _dt.datetime):
                value = value.date()
            if isinstance(value, _dt.date):
                value = value.isoformat()
            elif not (isinstance(value, str) and DATE_RE.match(value.strip()) and _valid_date(value.strip())):
                problems.append((vline, f"date '{value}' is not a valid date written YYYY-MM-DD"))
                continue
            values[key] = value.strip()
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or (
                key in ("fingerprint", "document_sha256") and not isinstance(value, str)):
            problems.append((vline, f"{key} must be text, not {type(value).__name__}"
                             + (" (quote it)" if not isinstance(value, (dict, list)) else "")))
            continue
        value = str(value).strip()
        if key == "decision" and value not in DECISIONS:
            problems.append((vline, f"decision '{value}' {_choices(value, DECISIONS)}"))
            continue
        values[key] = value
    return Decision(fid, line=raw.line, **values)


def _valid_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_decisions(text: str, path: str) -> DecisionsFile:
    """Parse and validate decisions YAML; raise :class:`DecisionsError` naming lines."""
    loader = _LineLoader(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DecisionsError(path, [(line, f"not valid YAML: {exc.problem or exc.context}")]) from None
    except yaml.YAMLError as exc:
        raise DecisionsError(path, [(None, f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    problems: list[tuple[int | None, str]] = list(loader.duplicates)
    if data is None:
        data = _Map()
        data.line, data.key_lines, data.value_lines = 1, {}, {}
    if not isinstance(data, _Map):
        raise DecisionsError(path, [(1, "the file must be a mapping with a 'findings' key")])
    for key in data:
        if key not in TOP_KEYS:
            problems.append((data.key_lines[key], f"unknown key '{key}' (allowed: {', '.join(TOP_KEYS)})"))
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        problems.append((data.value_lines.get("schema_version"), f"schema_version {version!r} is not {SCHEMA_VERSION}"))
    findings = data.get("findings")
    entries: dict[str, Decision] = {}
    if findings is not None and not isinstance(findings, _Map):
        problems.append((data.value_lines.get("findings"), "'findings' must map finding ids to entries"))
    elif findings:
        for fid, raw in findings.items():
            line = findings.key_lines[fid]
            if not isinstance(fid, str) or not _FINDING_ID.match(fid):
                problems.append((line, f"'{fid}' is not a finding id such as 'retention/excluded'"))
                continue
            entries[fid] = _entry(fid, raw, line, problems)
    if problems:
        raise DecisionsError(path, sorted(problems, key=lambda p: (p[0] or 0, p[1])))
    doc = data.get("document")
    sha = data.get("document_sha256")
    return DecisionsFile(path=path, document=str(doc) if doc is not None else None,
                         document_sha256=str(sha) if sha is not None else None, entries=entries,
                         loaded_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def load_decisions(path: str | os.PathLike[str]) -> DecisionsFile:
    """Load a decisions file; a missing file gives an empty, not-yet-existing one."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        return DecisionsFile(path=str(p))
    except OSError as exc:
        raise DecisionsError(str(p), [(None, f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DecisionsError(str(p), [(None, "not UTF-8 text")]) from None
    loaded = parse_decisions(text, str(p))
    return dataclasses.replace(loaded, loaded_sha256=hashlib.sha256(raw).hexdigest())
