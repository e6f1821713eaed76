"""Frozen statements from the engine's readings, and topic decision traces."""

from __future__ import annotations

from ..statements import Period, Statement, TopicTrace, TraceStep
from .reading import mode_at
from .records import DocumentReading, SentenceReading
from .topic import TopicResult


def _words(r: SentenceReading, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    toks = r.ann.tokens
    return tuple(" ".join(t.text for t in toks[s:e]) for s, e in spans)


def statement(r: SentenceReading) -> Statement:
    a = r.ann
    m = r.modes
    periods = tuple(Period(d.label(), d.days, (r.row_mode or "general") if r.table_kind else mode_at(r, d.start))
                    for d in r.durations)
    places = tuple(dict.fromkeys(" ".join(t.text for t in a.tokens[s:e]) for s, e in a.spans("v:places")))
    negative = bool(a.spans("v:negation")) or bool(a.spans("v:prohibition"))
    function = "table" if r.table_kind else r.function
    return Statement(
        clause_id=r.clause.id, section=r.clause.section, text=r.text, start=r.start, end=r.end,
        function=function, actor=r.actor, polarity="negative" if negative else "affirmative",
        topics=tuple(sorted(r.commitments)), uses=tuple(sorted(r.affirmative_use)),
        mentions=tuple(sorted(r.topic_mentions)),
        objects=tuple(k for k, v in (("inputs", r.inputs), ("outputs", r.outputs)) if v),
        modes_included=_words(r, m.batch_included), modes_excepted=_words(r, m.batch_excluded),
        sync_modes=_words(r, m.sync), limited_to_sync=m.sync_limited, negated_exclusion=m.negated_exclusion,
        region_escape=m.region_escape, periods=periods, places=places, targets=tuple(r.refs),
        terms=tuple(r.terms_used), cue=m.cue,
        row=f"{r.table_cell} ({r.row_mode or 'no mode'})" if r.table_kind else None, label_line=r.label_line,
        cite=r.clause.cite,
    )


def statements(doc: DocumentReading) -> tuple[Statement, ...]:
    return tuple(statement(r) for r in doc.sentences)


def trace(topic: str, result: TopicResult, explanation: str) -> TopicTrace:
    steps = tuple(TraceStep(c.role, c.reading.clause.id, c.reading.clause.section, c.reading.text,
                            c.reading.clause.cite) for c in result.cited)
    return TopicTrace(topic, result.status, result.reason, explanation, steps)
