"""The decisions file as text: commented, deterministic YAML.

:func:`dump_decisions` lays the file out for people (an explanatory comment
block, one entry per finding, decision fields first, recorded context under a
comment). Writing it to disk (atomically, keeping ``<file>.bak``, refusing a
file changed since it was read) is :func:`auditor.cli.files.save_decisions`.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from .decisions import (DATE_RE, CONTEXT_FIELDS, DECISION_FIELDS, DECISION_HELP, DECISIONS, SCHEMA_VERSION,
                        Decision, DecisionsFile)


def _scalar(value: Any) -> str:
    """One YAML scalar on one line (strings quoted when YAML would misread them)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str) and DATE_RE.match(value):
        return value
    out = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
    out = out.removesuffix("\n...\n").rstrip("\n")
    if "\n" in out:
        out = json.dumps(value, ensure_ascii=False)
    return out


def _kv(indent: str, key: str, value: Any) -> str:
    text = _scalar(value)
    return f"{indent}{key}: {text}" if text else f"{indent}{key}:"


def _entry_lines(entry: Decision, indent: str, list_item: bool = False) -> list[str]:
    lines: list[str] = []
    first = True
    for key in DECISION_FIELDS + CONTEXT_FIELDS:
        if key == CONTEXT_FIELDS[0] and not list_item:
            lines.append(f"{indent}# recorded by auditor; do not edit")
        prefix = indent
        if list_item and first:
            prefix = indent[:-2] + "- "
        first = False
        lines.append(_kv(prefix, key, getattr(entry, key)))
    if entry.previous and not list_item:
        lines.append(f"{indent}previous:   # earlier decisions, reopened because the clause changed")
        for prev in entry.previous:
            lines += _entry_lines(prev, indent + "    ", list_item=True)
    return lines


def header_comment(document: str | None) -> list[str]:
    """The comment block that opens every decisions file."""
    width = max(len(d) for d in DECISIONS)
    lines = [
        f"# Review decisions for {document or 'the contract'}, kept by `auditor review`.",
        "#",
        "# One entry per open finding (a topic that is not `covered`), keyed by finding id.",
        "# Fill in, for each:",
        "#   decision:   one of",
    ]
    lines += [f"#                 {d.ljust(width)}  {DECISION_HELP[d]}" for d in DECISIONS]
    lines += [
        "#   reviewer:   your full name (a decision without a named reviewer does not count)",
        "#   role:       e.g. Senior Counsel, Technology",
        "#   date:       YYYY-MM-DD",
        "#   rationale:  why, in a sentence or two",
        "#",
        "# The fields under 'recorded by auditor' (status, topic, fingerprint = hash of the clause",
        "# text, document_sha256, explanation) tie the decision to the clause it rested on. When a",
        "# later draft changes that clause the decision is reopened: `auditor review` then keeps it",
        "# under 'previous' and asks again. Decisions that still apply are never changed; the",
        "# previous version of this file is kept as <this file>.bak.",
    ]
    return lines


def dump_decisions(dfile: DecisionsFile) -> str:
    """Serialise ``dfile`` as commented, human-editable YAML (deterministic)."""
    lines = header_comment(dfile.document) + [
        "",
        f"schema_version: {SCHEMA_VERSION}",
        _kv("", "document", dfile.document),
        _kv("", "document_sha256", dfile.document_sha256),
    ]
    if not dfile.entries:
        lines.append("findings: {}")
    else:
        lines.append("findings:")
        for fid, entry in dfile.entries.items():
            lines += ["", f"  {_scalar(fid)}:"] + _entry_lines(entry, "    ")
    return "\n".join(lines) + "\n"
