"""A rule's documentation, generated from its YAML (``auditor rules explain ID``).

:func:`rule_doc` turns a loaded :class:`~auditor.rules.model.Rule` into a
:class:`RuleDoc` of plain strings: what the rule is about, what it searches
for (its term groups, with the shared vocabularies they use named as
``$name`` rather than spelled out), which statuses it can give and what
decides each, its remediation language and its examples with their expected
statuses. Nothing here is written by hand per rule: change the YAML and the
documentation changes with it. Rendering lives in
:mod:`auditor.report.rule_doc`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .model import Rule, RuleSet

STATUS_ORDER = ("covered", "implied", "partial", "excluded", "missing")


class UnknownRule(LookupError):
    """No rule has this id, former id (alias) or topic."""

    def __init__(self, key: str, ruleset: RuleSet):
        self.key = key
        ids = [r.id for r in ruleset.rules]
        names = ids + [r.topic for r in ruleset.rules] + [a for r in ruleset.rules for a in r.aliases]
        close = difflib.get_close_matches(key, names, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "."
        self.message = f"unknown rule '{key}'{hint} Known rules: {', '.join(ids)} (a topic name works too)."
        super().__init__(self.message)


@dataclass(frozen=True)
class Pattern:
    """One way a sentence becomes a commitment: a word from every group."""

    groups: tuple[str, ...]  # each group's words, joined ("retain, retention, $data_objects")
    limits: tuple[str, ...]  # "all within 30 words", "group 1 before group 3", ...


@dataclass(frozen=True)
class RuleDoc:
    id: str
    topic: str
    title: str
    path: str  # the rule file within its rule set: "rules/retention.yaml"
    severity: str
    checklist: tuple[tuple[int, str], ...]  # (item, text), the primary first
    aliases: tuple[str, ...]
    description: str
    patterns: tuple[Pattern, ...]
    conditions: tuple[str, ...]  # what else a commitment needs, or what makes a match no commitment
    scope_terms: str  # words umbrella and carve-out clauses use to name the topic
    columns: tuple[tuple[str, str], ...]  # (header words, how the column is read)
    vocabularies: tuple[tuple[str, int, str], ...]  # ($name, how many terms, the first few)
    statuses: tuple[tuple[str, str], ...]  # (status, what decides it)
    remediation: tuple[tuple[str, str], ...]  # (status or "default", text)
    examples: tuple[tuple[str, str, str], ...]  # (expected status, text, note)


def find_rule(ruleset: RuleSet, key: str) -> Rule:
    """The rule whose id, former id or topic is ``key`` ("retention", "data-protection",
    "data_protection"); raises :class:`UnknownRule`."""
    wanted = key.strip()
    for rule in ruleset.rules:
        if wanted in (rule.id, rule.topic) or wanted in rule.aliases or wanted.replace("_", "-") == rule.id:
            return rule
    raise UnknownRule(wanted, ruleset)


def _named(terms: tuple[str, ...], vocab: Mapping[str, tuple[str, ...]]) -> list[str]:
    """``terms`` with every run that is a whole vocabulary written as ``$name``, as in the YAML."""
    names = sorted((n for n, words in vocab.items() if words), key=lambda n: -len(vocab[n]))
    out: list[str] = []
    i = 0
    while i < len(terms):
        for name in names:
            words = vocab[name]
            if tuple(terms[i:i + len(words)]) == tuple(words) and len(words) > 1:
                out.append(f"${name}")
                i += len(words)
                break
        else:
            out.append(terms[i])
            i += 1
    return out


def _limits(rule: Rule, k: int) -> tuple[str, ...]:
    out = []
    if rule.window(k):
        out.append(f"all within {rule.window(k)} words")
    order = rule.order(k)
    if order:
        out.append(" before ".join(f"group {i + 1}" for i in order))
    gap = rule.gap(k)
    if gap:
        a, b, n = gap
        out.append(f"group {b + 1} at most {n} words after group {a + 1}")
    return tuple(out)


def _conditions(rule: Rule, ruleset: RuleSet) -> tuple[str, ...]:
    out = []
    if rule.actor == "provider":
        out.append("The provider must be the one bound (not the customer, not a third party).")
    if rule.polarity == "prohibition":
        out.append("The commitment is a prohibition (\"shall not use ... to train\"); a permission that "
                   "names batch (\"may use batch outputs to improve\") is a carve-out.")
    if rule.negated_action == "carve_out":
        out.append("A negated action that names batch (\"batch jobs are not logged\") takes batch out.")
    elif rule.negated_action == "absent":
        out.append("A negated action (\"Client Data is not treated as confidential\") is no commitment.")
    if rule.discretion == "none":
        out.append("A discretion (\"the Provider may ...\", \"at its discretion\") leaves the provider free "
                   "and commits to nothing.")
    if rule.not_on:
        out.append(f"An action on the {rule.not_on}'s own conduct (\"may audit the Customer's compliance\") "
                   "commits to nothing.")
    for terms, window in rule.ignore_near:
        shown = ", ".join(f'"{t}"' for t in terms[:8])
        more = f" and {len(terms) - 8} more" if len(terms) > 8 else ""
        out.append(f"A match within {window} words of {shown}{more} is a look-alike, not a commitment.")
    if rule.secondary_to:
        out.append(f"A sentence that is also a {_topics(rule.secondary_to, ruleset)} commitment counts here only "
                   "when no other commitment of this topic exists.")
    if rule.end_of_term_to:
        out.append(f"A sentence tied to the end of the agreement (\"on termination ... within 30 days\") belongs "
                   f"to {_topics(rule.end_of_term_to, ruleset)}, and counts here only when nothing else does.")
    if rule.schedule_terms:
        out.append("Only periods of sentences holding " + ", ".join(rule.schedule_terms[:6])
                   + (" ..." if len(rule.schedule_terms) > 6 else "") + " are compared.")
    return tuple(out)


def _topics(topics: tuple[str, ...], ruleset: RuleSet) -> str:
    titles = {r.topic: r.topic.replace("_", " ") for r in ruleset.rules}
    return " or ".join(titles.get(t, t.replace("_", " ")) for t in topics)


_COLUMN_KINDS = {
    "schedule": "a period per row (\"29 days\"), compared between batch and other rows",
    "eligibility": "eligibility per row (\"ZDR eligible: No\" on a batch row carves batch out)",
    "prohibited_use": "a forbidden use per row (\"Used for training: Yes\" on a batch row carves batch out)",
    "region": "a processing location per row, checked against the committed region",
    "commitment": "a commitment per row, read with the row's processing mode",
}


def _statuses(rule: Rule) -> tuple[tuple[str, str], ...]:
    topic = rule.topic.replace("_", " ")
    covered = (f"A {topic} commitment exists and explicitly extends to batch: the clause names batch or "
               "asynchronous processing inclusively, or relies on a defined term whose definition names batch, "
               "or an umbrella clause applies it (generally, by topic or by section) to processing modes "
               "including batch; and nothing carves batch out.")
    if rule.artifacts:
        covered += " Batch inputs and batch outputs must both be reached"
        covered += " on the same schedule as synchronous traffic." if rule.schedule else "."
    excluded = ["batch is carved out (\"does not apply to batch jobs\"), or the commitment is limited to modes "
                "that leave batch out (\"solely for real-time requests\"); a specific carve-out beats any umbrella"]
    if rule.schedule:
        excluded.append("batch has a different period from other traffic (\"thirty (30) days\" = \"30 days\", "
                        "\"until deleted\")")
    if rule.region:
        excluded.append("batch may be processed outside the committed region (\"in any geography\")")
    if rule.polarity == "prohibition":
        excluded.append("batch data may be used for what the commitment forbids")
    out = [("covered", covered),
           ("implied", f"A {topic} commitment exists but names no processing mode, and no definition or umbrella "
                       "brings batch in. \"All processing modes\" alone does not name batch.")]
    if rule.artifacts:
        out.append(("partial", "Batch is named, but only batch inputs or only batch outputs are reached."))
    text = "; ".join(excluded)
    out.append(("excluded", text[0].upper() + text[1:] + "."))
    out.append(("missing", f"No sentence or table cell matches a pattern above: there is no {topic} commitment. "
                           "The finding says how many sentences were read and for which words."))
    return tuple(out)


def rule_doc(ruleset: RuleSet, key: str) -> RuleDoc:
    """The documentation of the rule named ``key`` (id, former id or topic)."""
    rule = find_rule(ruleset, key)
    vocab = ruleset.vocabulary
    patterns = tuple(Pattern(tuple(", ".join(_named(g, vocab)) for g in groups), _limits(rule, k))
                     for k, groups in enumerate(rule.patterns()))
    used = sorted({w[1:] for p in patterns for g in p.groups for w in g.split(", ") if w.startswith("$")})
    vocabularies = tuple((f"${n}", len(vocab[n]), ", ".join(vocab[n][:6]) + (", ..." if len(vocab[n]) > 6 else ""))
                         for n in used)
    remediation = tuple((k, " ".join(v.split())) for k, v in sorted(
        rule.remediation.items(), key=lambda kv: (kv[0] != "default", STATUS_ORDER.index(kv[0])
                                                  if kv[0] in STATUS_ORDER else 9)) if v)
    return RuleDoc(
        id=rule.id, topic=rule.topic, title=rule.title, path="/".join(Path(rule.path).parts[-2:]), severity=rule.severity,
        checklist=tuple((n, " ".join(ruleset.checklist.get(n, "").split())) for n in rule.checklist_items),
        aliases=rule.aliases, description=" ".join(rule.description.split()), patterns=patterns,
        conditions=_conditions(rule, ruleset), scope_terms=", ".join(_named(rule.topic_terms, vocab)),
        columns=tuple((", ".join(_named(c.match, vocab)), _COLUMN_KINDS.get(c.kind, c.kind))
                      for c in rule.table_columns),
        vocabularies=vocabularies, statuses=_statuses(rule), remediation=remediation,
        examples=tuple((e.status, e.text.strip(), e.note) for e in rule.examples),
    )


__all__ = ["Pattern", "RuleDoc", "UnknownRule", "find_rule", "rule_doc"]
