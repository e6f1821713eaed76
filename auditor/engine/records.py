"""The frozen-shape records that reading produces and deciding reads: one
``SentenceReading`` per sentence, conjunct or table cell, and the
``DocumentReading`` that holds them. This module imports nothing from the
rest of the engine but durations, so every stage can use the records without
reaching into another stage."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Clause, Segmentation
from ..nlp.definitions import Definition
from ..nlp.grammar import Grammar
from ..nlp.parties import Parties
from ..nlp.scope import ModeReading
from ..nlp.terms import Annotated
from .durations import Duration


@dataclass(slots=True)
class SentenceReading:
    clause: Clause
    text: str
    start: int
    end: int
    ann: Annotated
    modes: ModeReading
    is_definition: bool = False
    actor: str | None = None
    commitments: set[str] = field(default_factory=set)  # topics committed to
    affirmative_use: set[str] = field(default_factory=set)  # prohibition topics stated affirmatively
    action_denied: set[str] = field(default_factory=set)  # topics whose own action is negated ("are not deleted")
    topic_mentions: set[str] = field(default_factory=set)
    refs: list[str] = field(default_factory=list)
    general: bool = False
    anaphora: bool = False
    points_back: bool = False  # its subject is a bare pronoun before a scope verb ("This includes ...", "It also covers ...")
    inputs: bool = False
    outputs: bool = False
    durations: list[Duration] = field(default_factory=list)
    terms_used: list[str] = field(default_factory=list)
    off_topic: bool = False  # about fees, SLAs, capacity... and no data topic
    table_cell: str | None = None  # "Header: value" for table readings
    table_kind: str | None = None
    table_polarity: str | None = None  # yes | no | None
    row_mode: str | None = None  # batch | sync | None (table rows)
    aliases_used: list[str] = field(default_factory=list)  # defined names for a mode in this sentence
    disapplied: bool = False  # switched off by the next sentence ("That statement does not apply to the Bank.")
    scope_refs: list[str] | None = None  # the refs its scope words name (worked out when its scope is read)
    scope_named: bool = False  # ... named by the wording rather than all of its refs
    function: str = "description"  # obligation | prohibition | permission | definition | scope | deferral | pointer | precedence | question | description
    label_line: bool = False  # "Hosting location: Canada": a label and its value
    inherited_refs: list[str] = field(default_factory=list)
    ref_document: str | None = None
    carve_topics: set[str] = field(default_factory=set)  # topics an exclusion names: "not covered by this exit deletion"  # "Clause 5 of the Terms": the other document its references are in  # sections reached through a denied exception
    unit: str = ""  # the words read, when only part of the quoted sentence (a conjunct, one definition of several)
    umbrella_predicate: bool = False  # an umbrella word is its main predicate ("These commitments also apply to")
    sync_inclusive: bool = False  # its real-time words are one side of an open choice ("whether in real time or otherwise")
    data_sources: list[str] = field(default_factory=list)  # terms the data comes through: "PHI received through the Services"
    gives_leave: bool = False  # its main modal permits ("may be served from the United Kingdom"), by a party other than the customer
    sync_definition: bool = False  # a definition ("means") whose only modes are real-time ones: it leaves batch out
    batch_objects: tuple[bool, bool] | None = None  # (inputs, outputs) its batch words name, when they name any
    period_objects: list[tuple[bool, bool]] = field(default_factory=list)  # per duration: the artifacts of its clause
    overrides: bool = False  # "Notwithstanding clause 9.1, the Provider may ...": leave that sets a referenced clause aside
    terms_excluded: list[str] = field(default_factory=list)  # defined terms a definition leaves out ("other than Queue Artefacts")
    leave_spans: dict[str, tuple[int, int, tuple[int, ...]]] = field(default_factory=dict)  # prohibition topic -> characters of ann.text a permission gives leave for, and its action words


@dataclass
class DocumentReading:
    segmentation: Segmentation
    sentences: list[SentenceReading]
    definitions: dict[str, Definition]
    definition_readings: dict[str, SentenceReading]
    parties: Parties
    heading_topics: dict[str, set[str]] = field(default_factory=dict)  # heading text -> topics it names
    aliases: dict[str, str] = field(default_factory=dict)  # defined term -> "batch" | "sync"
    modes_enumerated: SentenceReading | None = None  # where the agreement lists its modes, batch among them
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the rule set's vocabularies
    documents: frozenset[str] = frozenset()  # defined terms that name a document ("the Addendum"), never a mode
    units: frozenset[str] = frozenset()  # defined terms headed by a unit of work ("Asynchronous Job"): jobs, not what they carry
    cache: dict[object, object] = field(default_factory=dict, repr=False)  # per-document work shared by topics
    grammar: Grammar | None = None  # the rule set's cue words, as the reading used them


__all__ = ["DocumentReading", "SentenceReading"]
