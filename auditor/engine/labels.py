"""Matcher labels of a rule's term lists: one naming scheme for the matcher and its readers."""

from __future__ import annotations

from ..rules import Rule


def group_label(rule: Rule, pattern: int, group: int) -> str:
    """The matcher label of a term group of one of a rule's patterns."""
    return f"r:{rule.id}:p{pattern}:req{group}"


def topic_label(rule: Rule) -> str:
    return f"r:{rule.id}:topic"


def ignore_label(rule: Rule) -> str:
    return f"r:{rule.id}:ignore"


def column_label(rule: Rule, column: int) -> str:
    return f"r:{rule.id}:col{column}"
