"""``auditor rules explain ID``: a rule's documentation as text or Markdown.

The content comes from :func:`auditor.rules.docs.rule_doc` (generated from
the rule's YAML); this module only lays it out. Text wraps at word
boundaries with hanging indents to the width given; Markdown escapes every
string from the rule files.
"""

from __future__ import annotations

import textwrap

from auditor.report.markdown import md_escape
from auditor.rules.docs import RuleDoc


def _wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=indent,
                         subsequent_indent=indent if hanging is None else hanging,
                         break_long_words=True, break_on_hyphens=False) or [indent.rstrip()]


def _ruleset_file(doc: RuleDoc) -> str:
    return doc.path.rpartition("/")[0] + "/ruleset.yaml" if "/" in doc.path else "ruleset.yaml"


def _checklist(doc: RuleDoc) -> str:
    items = [f"{n}" + (" (primary)" if k == 0 and len(doc.checklist) > 1 else "") for k, (n, _) in enumerate(doc.checklist)]
    return ", ".join(items)


def render_text(doc: RuleDoc, width: int = 80) -> str:
    """The documentation of one rule, for a terminal ``width`` columns wide."""
    width = max(width, 40)
    out = _wrap(f"{doc.id} \u2014 {doc.title}", width)
    meta = f"topic {doc.topic} \u00b7 severity {doc.severity} \u00b7 checklist item {_checklist(doc)} \u00b7 {doc.path}"
    out += _wrap(meta, width, "  ", "    ")
    if doc.aliases:
        out += _wrap("former ids: " + ", ".join(doc.aliases), width, "  ")
    if doc.description:
        out += [""] + _wrap(doc.description, width, "  ")
    for n, text in doc.checklist:
        out += _wrap(f"Checklist item {n}: {text}", width, "  ", "    ")

    out += ["", "What it searches for"]
    out += _wrap("A sentence or table cell is a commitment when it holds a word from every group of one pattern:",
                 width, "  ")
    for k, pattern in enumerate(doc.patterns, start=1):
        head = f"Pattern {k}" + (f" ({'; '.join(pattern.limits)})" if pattern.limits else "")
        out += _wrap(head + ":", width, "  ")
        for g, group in enumerate(pattern.groups, start=1):
            out += _wrap(f"group {g}: {group}", width, "    ", "             ")
    for condition in doc.conditions:
        out += _wrap(f"- {condition}", width, "  ", "    ")
    if doc.scope_terms:
        out += _wrap(f"Umbrella and carve-out clauses name this topic by: {doc.scope_terms}", width, "  ", "    ")
    for match, how in doc.columns:
        out += _wrap(f"A table column headed {match}: {how}", width, "  ", "    ")
    if doc.vocabularies:
        out += _wrap(f"Vocabularies ({_ruleset_file(doc)}):", width, "  ")
        for name, count, first in doc.vocabularies:
            out += _wrap(f"{name} ({count} terms): {first}", width, "    ", "      ")

    out += ["", "Statuses and what decides each"]
    for status, text in doc.statuses:
        out += _wrap(f"{status}: {text}", width, "  ", "    ")

    out += ["", "Remediation"]
    for status, text in doc.remediation:
        label = "default" if status == "default" else f"when {status}"
        out += _wrap(f"{label}: {text}", width, "  ", "    ")

    out += ["", f"Examples ({len(doc.examples)}, run by `auditor rules test`)"]
    for k, (status, text, note) in enumerate(doc.examples, start=1):
        out += _wrap(f"{k}. expected {status}" + (f" \u2014 {note}" if note else ""), width, "  ", "     ")
        for para in text.splitlines():
            if para.strip():
                out += _wrap(para.strip(), width, "     ", "     ")
    return "\n".join(out) + "\n"


def render_md(doc: RuleDoc) -> str:
    """The documentation of one rule as Markdown."""
    e = md_escape
    out = [f"# {e(doc.id)}: {e(doc.title)}", "",
           "| | |", "|---|---|",
           f"| Topic | {e(doc.topic)} |", f"| Severity | {e(doc.severity)} |",
           f"| Checklist item | {e(_checklist(doc))} |", f"| Rule file | `{doc.path.replace('`', '')}` |"]
    if doc.aliases:
        out.append(f"| Former ids | {e(', '.join(doc.aliases))} |")
    out.append("")
    if doc.description:
        out += [e(doc.description), ""]
    for n, text in doc.checklist:
        out += [f"> **Checklist item {n}:** {e(text)}", ""]

    out += ["## What it searches for", "",
            "A sentence or table cell is a commitment when it holds a word from every group of one pattern.", ""]
    for k, pattern in enumerate(doc.patterns, start=1):
        head = f"**Pattern {k}**" + (f" ({e('; '.join(pattern.limits))})" if pattern.limits else "")
        out += [head + ":", ""]
        out += [f"{g}. {e(group)}" for g, group in enumerate(pattern.groups, start=1)] + [""]
    out += [f"- {e(c)}" for c in doc.conditions]
    if doc.conditions:
        out.append("")
    if doc.scope_terms:
        out += [f"Umbrella and carve-out clauses name this topic by: {e(doc.scope_terms)}", ""]
    if doc.columns:
        out += ["| Table column headed | Read as |", "|---|---|"]
        out += [f"| {e(match)} | {e(how)} |" for match, how in doc.columns] + [""]
    if doc.vocabularies:
        out += [f"| Vocabulary ({e(_ruleset_file(doc))}) | Terms | First terms |", "|---|---|---|"]
        out += [f"| {e(name)} | {count} | {e(first)} |" for name, count, first in doc.vocabularies] + [""]

    out += ["## Statuses and what decides each", "", "| Status | Decided by |", "|---|---|"]
    out += [f"| `{status}` | {e(text)} |" for status, text in doc.statuses] + [""]

    out += ["## Remediation", ""]
    for status, text in doc.remediation:
        out += [f"**{'Default' if status == 'default' else 'When ' + e(status)}:**", "", f"> {e(text)}", ""]

    out += [f"## Examples ({len(doc.examples)}, run by `auditor rules test`)", ""]
    for k, (status, text, note) in enumerate(doc.examples, start=1):
        out += [f"{k}. Expected **{e(status)}**" + (f": {e(note)}" if note else ""), ""]
        paras = [f"   > {e(para)}" for para in text.splitlines() if para.strip()]
        out += [line for k2, para in enumerate(paras) for line in ([para] if k2 == 0 else ["   >", para])] + [""]
    return "\n".join(out).rstrip("\n") + "\n"
