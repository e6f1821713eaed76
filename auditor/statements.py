"""Statements: what each sentence (or conjunct, or table cell) of an
agreement says, as frozen records.

This module imports nothing from the engine. The engine builds one
:class:`Statement` per reading (``auditor.engine.statements``), and
``auditor explain`` prints them with the decision trace of every topic, so
a lawyer asking "why excluded?" and a developer writing a case read the
same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FUNCTIONS = ("obligation", "prohibition", "permission", "definition", "scope", "deferral", "pointer",
             "question", "description", "table", "recital", "summary", "report")


@dataclass(frozen=True)
class Period:
    text: str  # as written: "thirty (30) days"
    days: float
    mode: str  # what it governs: general | sync | batch | all


@dataclass(frozen=True)
class Statement:
    clause_id: str
    section: str | None
    text: str
    start: int
    end: int
    function: str  # one of FUNCTIONS
    actor: str | None  # provider | customer | None
    polarity: str  # affirmative | negative
    topics: tuple[str, ...]  # topics committed to
    uses: tuple[str, ...]  # topics whose duty the statement denies or whose forbidden use it permits
    mentions: tuple[str, ...]  # topics it names (scope statements reach these)
    objects: tuple[str, ...]  # inputs / outputs
    modes_included: tuple[str, ...]  # words naming batch inside its scope
    modes_excepted: tuple[str, ...]  # words naming batch carved out
    sync_modes: tuple[str, ...]  # real-time words
    limited_to_sync: bool
    negated_exclusion: bool  # "none of the routes ... falls outside": an inclusion
    region_escape: bool
    periods: tuple[Period, ...]
    places: tuple[str, ...]
    targets: tuple[str, ...]  # sections it refers to
    terms: tuple[str, ...]  # defined terms it relies on
    cue: str = ""  # the words that carved out or limited
    row: str | None = None  # for a table cell: "Header: value" and the row's mode
    label_line: bool = False
    cite: str = ""  # where a lawyer finds it: the section, else heading and paragraph ("¶ 12")

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "periods":
                value = [{"text": p.text, "days": round(p.days, 2), "mode": p.mode} for p in value]
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


@dataclass(frozen=True)
class TraceStep:
    role: str  # commitment | definition | umbrella | carve-out | limitation | schedule
    clause_id: str
    section: str | None
    text: str
    cite: str = ""


@dataclass(frozen=True)
class TopicTrace:
    topic: str
    status: str
    reason: str
    explanation: str
    steps: tuple[TraceStep, ...] = field(default=())
