"""Typed rule records, built from validated YAML."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cues import Cues

from dataclasses import dataclass, field
from typing import Mapping

SEVERITIES = ("info", "low", "medium", "high", "critical")
ACTORS = ("provider", "any")
POLARITIES = ("any", "prohibition")
NEGATED_ACTIONS = ("commitment", "carve_out", "absent")
COLUMN_KINDS = ("schedule", "eligibility", "prohibited_use", "region", "commitment")
EXAMPLE_STATUSES = ("covered", "implied", "partial", "excluded", "missing")


@dataclass(frozen=True)
class TableColumn:
    """How to read a table column whose header matches ``match``."""

    match: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Example:
    status: str
    text: str
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Rule:
    id: str
    topic: str
    title: str
    checklist_items: tuple[int, ...]
    severity: str
    description: str
    require: tuple[tuple[str, ...], ...]  # term groups, vocabulary references expanded
    alternatives: tuple[tuple[tuple[str, ...], ...], ...]  # further patterns (or_require)
    windows: tuple[int, ...]  # per pattern: max words spanned by its hits (0 = sentence)
    orders: tuple[tuple[int, ...], ...]  # per pattern: group indices whose hits come in this order
    # Look-alike words and how near a hit they set it aside, one (terms, window) per group:
    # "invoice" within 6 words, "capacity planning" within 12.
    ignore_near: tuple[tuple[tuple[str, ...], int], ...]
    actor: str
    polarity: str
    topic_terms: tuple[str, ...]
    artifacts: bool
    schedule: bool
    region: bool
    table_columns: tuple[TableColumn, ...]
    remediation: Mapping[str, str]
    examples: tuple[Example, ...]
    path: str = ""
    aliases: tuple[str, ...] = ()
    negated_action: str = "commitment"  # "carve_out": "batch jobs are not logged" takes batch out
    discretion: str = "commitment"  # "none": "We may delete ..." leaves the provider free, and commits to nothing
    schedule_terms: tuple[str, ...] = ()
    adjacent: tuple[tuple[int, int, int] | None, ...] = ()
    secondary_to: tuple[str, ...] = ()  # a sentence that is also a commitment of these topics counts only without others
    end_of_term_to: tuple[str, ...] = ()
    provider_only: frozenset[int] = frozenset()  # patterns that commit only when the customer is not the actor
    not_on: str = ""  # "customer": an action on that party's own conduct ("audit the Customer's compliance") commits to nothing  # such a sentence tied to the end of the agreement belongs to those topics

    def patterns(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """The primary pattern and its alternatives; any one makes a commitment."""
        return (self.require,) + self.alternatives

    def window(self, k: int) -> int:
        return self.windows[k] if k < len(self.windows) else 0

    def gap(self, k: int) -> tuple[int, int, int] | None:
        return self.adjacent[k] if k < len(self.adjacent) else None

    def order(self, k: int) -> tuple[int, ...]:
        return self.orders[k] if k < len(self.orders) else ()

    @property
    def checklist_item(self) -> int:
        return self.checklist_items[0]

    def remediation_for(self, status: str) -> str:
        return self.remediation.get(status) or self.remediation.get("default", "")


@dataclass(frozen=True)
class RuleSet:
    version: str
    name: str
    sha256: str
    path: str
    checklist: Mapping[int, str]
    vocabulary: Mapping[str, tuple[str, ...]]
    settings: Mapping[str, int]
    rules: tuple[Rule, ...]
    files: tuple[str, ...] = field(default=())
    cues: "Cues | None" = None  # cues.yaml: the reading's grammar words

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(r.topic for r in self.rules)

    def rule_for(self, topic: str) -> Rule:
        for r in self.rules:
            if r.topic == topic:
                return r
        raise KeyError(topic)

    def only(self, rule_ids: set[str]) -> "RuleSet":
        """The same rule set limited to some rules (used to run examples)."""
        keep = tuple(r for r in self.rules if r.id in rule_ids or r.topic in rule_ids)
        return RuleSet(self.version, self.name, self.sha256, self.path, self.checklist,
                       self.vocabulary, self.settings, keep, self.files, self.cues)
