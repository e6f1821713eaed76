"""The portfolio: every agreement in the register as one row of a topic matrix.

:func:`build_portfolio` turns the register's agreements into frozen rows
(each topic's status, section and decision state, the verdict, the open
decisions), counts per topic and per checklist item, and the gaps worst
first. The renderers (CSV, XLSX, HTML, JSON Lines) are in ``auditor/report/``;
they all lay out the same :class:`PortfolioRow` data, so they agree.

Ordering is deterministic: rows by agreement id, topics in the rule set's
order, gaps by risk of a false "covered" (excluded, then missing, partial,
implied), open before decided, then agreement and topic order.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from auditor.model import COVERED, EXCLUDED, IMPLIED, MISSING, NOT_ASSESSABLE, PARTIAL, STATUSES, DocumentReport

from .keys import FileDigest
from .records import STATE_DECIDED, STATE_OPEN, RulesetContext, StoredAgreement, TopicEntry

#: Gaps in the order a risk reader takes them: the likeliest false "covered" first.
GAP_ORDER: tuple[str, ...] = (EXCLUDED, MISSING, PARTIAL, IMPLIED)
#: Where per-agreement reports are written, inside the output folder.
AGREEMENTS_DIR = "agreements"
_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def report_name(agreement_id: str) -> str:
    """The per-agreement report's path inside the output folder: readable, and unique per id."""
    slug = _NOT_NAME.sub("-", agreement_id).strip("-.")[:80] or "agreement"
    return f"{AGREEMENTS_DIR}/{slug}-{hashlib.sha256(agreement_id.encode('utf-8')).hexdigest()[:8]}.html"


@dataclass(frozen=True)
class PortfolioRow:
    """One agreement: each topic's entry (topic order), its verdict and decisions."""

    agreement_id: str
    label: str
    files: tuple[FileDigest, ...]
    verdict: str
    topics: tuple[TopicEntry, ...]
    open_decisions: int
    decided: int
    reason: str  # why it is not assessable ("" otherwise)
    report: DocumentReport
    report_path: str
    ruleset: RulesetContext
    auditor_version: str

    def entry(self, topic: str) -> TopicEntry | None:
        for e in self.topics:
            if e.topic == topic:
                return e
        return None

    def to_dict(self) -> dict[str, Any]:
        """One JSON Lines record (builtins only)."""
        return {
            "agreement": self.agreement_id,
            "label": self.label,
            "files": [f.to_dict() for f in self.files],
            "verdict": self.verdict,
            "open_decisions": self.open_decisions,
            "decided": self.decided,
            "reason": self.reason,
            "topics": {e.topic: e.to_dict() for e in self.topics},
            "ruleset": {"version": self.ruleset.version, "sha256": self.ruleset.sha256},
            "auditor_version": self.auditor_version,
            "report": self.report_path,
        }


@dataclass(frozen=True)
class Gap:
    """One topic of one agreement that is not covered."""

    row: PortfolioRow
    entry: TopicEntry


@dataclass(frozen=True)
class Count:
    """Statuses counted over a topic or a checklist item, with the open decisions among them."""

    key: str  # topic, or checklist item number as text
    title: str
    statuses: tuple[tuple[str, int], ...]  # every status in STATUSES order, zeros included
    open_decisions: int
    covered_agreements: int  # agreements with every topic here covered
    agreements: int  # assessed agreements with a topic here


@dataclass(frozen=True)
class Portfolio:
    """Everything the portfolio outputs show."""

    topics: tuple[str, ...]
    topic_titles: dict[str, str]
    checklist: tuple[tuple[int, str], ...]
    rows: tuple[PortfolioRow, ...]
    topic_counts: tuple[Count, ...]
    item_counts: tuple[Count, ...]
    gaps: tuple[Gap, ...]
    verdicts: tuple[tuple[str, int], ...]

    @property
    def not_assessable(self) -> tuple[PortfolioRow, ...]:
        return tuple(r for r in self.rows if r.verdict == NOT_ASSESSABLE)


def _is_open(entry: TopicEntry) -> bool:
    """A gap still waiting for a decision."""
    return entry.state == STATE_OPEN and entry.status != COVERED


def _row(stored: StoredAgreement) -> PortfolioRow:
    report = stored.report
    reason = "; ".join(e.get("message", "") for e in report.errors) if report.verdict == NOT_ASSESSABLE else ""
    return PortfolioRow(stored.agreement_id, stored.label, stored.files, report.verdict, stored.topics,
                        sum(map(_is_open, stored.topics)),
                        sum(e.state == STATE_DECIDED for e in stored.topics), reason, report,
                        report_name(stored.agreement_id), stored.ruleset, stored.auditor_version)


def _context(agreements: tuple[StoredAgreement, ...]) -> RulesetContext | None:
    """The rule set most agreements were last audited under (ties: the latest run's)."""
    if not agreements:
        return None
    tally: dict[str, list[int]] = {}
    for a in agreements:
        tally.setdefault(a.ruleset.sha256, []).append(a.audited_run)
    best = max(tally, key=lambda sha: (len(tally[sha]), max(tally[sha])))
    return next(a.ruleset for a in agreements if a.ruleset.sha256 == best)


def _count(key: str, title: str, cells: list[list[TopicEntry]]) -> Count:
    """Statuses over ``cells`` (per agreement, its entries of this topic or item)."""
    flat = [e for per in cells for e in per]
    statuses = tuple((s, sum(e.status == s for e in flat)) for s in STATUSES)
    extra = sorted({e.status for e in flat} - set(STATUSES))
    statuses += tuple((s, sum(e.status == s for e in flat)) for s in extra)
    return Count(key, title, statuses, sum(map(_is_open, flat)),
                 sum(bool(per) and all(e.status == COVERED for e in per) for per in cells),
                 sum(bool(per) for per in cells))


def build_portfolio(agreements: tuple[StoredAgreement, ...]) -> Portfolio:
    """The portfolio of ``agreements`` (as :meth:`Register.agreements` gives them)."""
    rows = tuple(_row(a) for a in sorted(agreements, key=lambda a: a.agreement_id))
    context = _context(agreements)
    topics = list(context.topic_order if context else ())
    titles = dict(context.topic_titles if context else {})
    for row in rows:  # topics of other rule sets, after the main one's
        for e in row.topics:
            if e.topic not in topics:
                topics.append(e.topic)
                titles.setdefault(e.topic, row.ruleset.topic_titles.get(e.topic, e.topic))
    titles = {t: titles.get(t) or t.replace("_", " ").capitalize() for t in topics}
    checklist = tuple(context.checklist) if context else ()
    items = dict(context.topic_items) if context else {}
    topic_counts = tuple(_count(t, titles[t], [[e] if (e := r.entry(t)) else [] for r in rows]) for t in topics)
    item_counts = tuple(
        _count(str(n), f"{n}. {text}", [[e for t in topics if n in items.get(t, ()) and (e := r.entry(t))] for r in rows])
        for n, text in checklist)
    position = {t: i for i, t in enumerate(topics)}
    gaps = sorted((Gap(r, e) for r in rows for e in r.topics if e.status in GAP_ORDER),
                  key=lambda g: (GAP_ORDER.index(g.entry.status), g.entry.state != STATE_OPEN,
                                 g.row.agreement_id, position[g.entry.topic]))
    verdicts: dict[str, int] = {}
    for r in rows:
        verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    return Portfolio(tuple(topics), titles, checklist, rows, topic_counts, item_counts, tuple(gaps),
                     tuple(sorted(verdicts.items())))


__all__ = ["AGREEMENTS_DIR", "Count", "GAP_ORDER", "Gap", "Portfolio", "PortfolioRow", "build_portfolio",
           "report_name"]
