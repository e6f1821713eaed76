"""Matcher labels of a rule's term lists: one naming scheme for the matcher and its readers."""

from __future__ import annotations

from ..nlp.grammar import Grammar, grammar_from
from ..rules import Rule, RuleSet


def group_label(rule: Rule, pattern: int, group: int) -> str:
    """The matcher label of a term group of one of a rule's patterns."""
    return f"r:{rule.id}:p{pattern}:req{group}"


def topic_label(rule: Rule) -> str:
    return f"r:{rule.id}:topic"


def ignore_label(rule: Rule, group: int = 0) -> str:
    """The matcher label of one group of a rule's look-alike words (``ignore_near``)."""
    return f"r:{rule.id}:ignore" + (f"{group}" if group else "")


def ignore_labels(rule: Rule) -> tuple[tuple[str, int], ...]:
    """Each group of a rule's look-alike words as (matcher label, window)."""
    return tuple((ignore_label(rule, k), window) for k, (_, window) in enumerate(rule.ignore_near))


def schedule_label(rule: Rule) -> str:
    return f"r:{rule.id}:sched"


def column_label(rule: Rule, column: int) -> str:
    return f"r:{rule.id}:col{column}"


_GRAMMARS: dict[int, tuple[object, Grammar]] = {}


def grammar_of(ruleset: RuleSet) -> Grammar:
    """The reading's grammar words of ``ruleset`` (its ``cues.yaml``), built once per rule set."""
    cues = ruleset.cues
    if cues is None:
        raise ValueError("the rule set has no cues; load it with load_ruleset()")
    got = _GRAMMARS.get(id(cues))
    if got is not None and got[0] is cues:
        return got[1]
    grammar = grammar_from(cues)
    if len(_GRAMMARS) > 16:
        _GRAMMARS.clear()
    _GRAMMARS[id(cues)] = (cues, grammar)
    return grammar
