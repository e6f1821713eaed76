"""The portfolio dashboard: one self-contained HTML file.

Inline CSS, no scripts, fonts, images or other external assets (a
Content-Security-Policy meta tag forbids them too); rendered from
``templates/portfolio.html.j2`` with autoescaping on, so agreement names and
contract text reach the page escaped. It shows the gaps worst first (the
likeliest false "covered" first: excluded, missing, partial, implied), the
agreements that could not be assessed, the agreement-by-topic matrix (each
cell the status and the section it rests on, each agreement linked to its
own report), and the statuses counted per topic and per checklist item.

Each matrix cell carries ``data-topic``, ``data-status`` and ``data-section``
and each row ``data-agreement``, so the page can be checked against the
JSON Lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.model import GAPS, NOT_ASSESSABLE, NOT_ASSESSED, READY, STATUSES
from auditor.register.portfolio import Count, Gap, Portfolio, PortfolioRow
from auditor.register.records import STATE_DECIDED, TopicEntry
from auditor.report.common import clean, plural, status_label, verdict_label
from auditor.report.html import MARKS, _environment

TEMPLATE = "portfolio.html.j2"
TITLE = "Agreement portfolio: batch-processing coverage"
VERDICT_WORDS = {READY: "ready for sign-off", GAPS: "with gaps", NOT_ASSESSABLE: "not assessable"}


@dataclass(frozen=True)
class CellView:
    topic: str
    status: str
    status_class: str
    status_label: str
    section: str
    state: str


@dataclass(frozen=True)
class RowView:
    agreement: str
    label: str
    link: str
    verdict: str
    verdict_label: str
    verdict_class: str
    open_decisions: int
    decided: int
    reason: str
    cells: tuple[CellView, ...]


@dataclass(frozen=True)
class GapView:
    agreement: str
    link: str
    topic_title: str
    cell: CellView
    decision: str  # who decided what, or why it is open


@dataclass(frozen=True)
class CountView:
    key: str
    title: str
    counts: tuple[int, ...]  # in DashboardView.statuses order
    open_decisions: int
    covered_agreements: int
    agreements: int


@dataclass(frozen=True)
class DashboardView:
    title: str
    generated_at: str
    summary: str
    rulesets: tuple[str, ...]
    topics: tuple[tuple[str, str], ...]  # (key, title)
    statuses: tuple[tuple[str, str], ...]  # (status, label)
    rows: tuple[RowView, ...]
    gaps: tuple[GapView, ...]
    not_assessable: tuple[RowView, ...]
    topic_counts: tuple[CountView, ...]
    item_counts: tuple[CountView, ...]


def _cell(topic: str, entry: TopicEntry | None) -> CellView:
    if entry is None:
        return CellView(topic, "", "none", "—", "", "")
    status = clean(entry.status)
    return CellView(topic, status, status if status in STATUSES else "unknown", status_label(status),
                    clean(entry.section), clean(entry.state))


def _row(portfolio: Portfolio, row: PortfolioRow) -> RowView:
    verdict_class = {READY: "clear", GAPS: "gaps", NOT_ASSESSABLE: "na"}.get(row.verdict, "unknown")
    return RowView(clean(row.agreement_id), clean(row.label), row.report_path, clean(row.verdict),
                   verdict_label(row.verdict), verdict_class, row.open_decisions, row.decided, clean(row.reason),
                   tuple(_cell(t, row.entry(t)) for t in portfolio.topics))


def _decision(entry: TopicEntry) -> str:
    d = entry.decision
    if d.state == STATE_DECIDED:
        who = d.reviewer or "an unnamed reviewer"
        return clean(f"{d.decision.replace('_', ' ')} by {who}" + (f", {d.date}" if d.date else ""))
    return clean(f"open: {d.reason}" if d.reason else "open")


def _gap(portfolio: Portfolio, gap: Gap) -> GapView:
    return GapView(clean(gap.row.agreement_id), gap.row.report_path, portfolio.topic_titles[gap.entry.topic],
                   _cell(gap.entry.topic, gap.entry), _decision(gap.entry))


def _count(count: Count, statuses: tuple[str, ...]) -> CountView:
    by = dict(count.statuses)
    return CountView(clean(count.key), clean(count.title), tuple(by.get(s, 0) for s in statuses),
                     count.open_decisions, count.covered_agreements, count.agreements)


def dashboard_view(portfolio: Portfolio, generated_at: str | None = None) -> DashboardView:
    """The dashboard's view of ``portfolio``."""
    statuses = tuple(s for s in STATUSES
                     if s != NOT_ASSESSED or any(dict(c.statuses).get(s) for c in portfolio.topic_counts))
    verdicts = ", ".join(f"{n} {VERDICT_WORDS.get(v) or verdict_label(v).lower()}" for v, n in portfolio.verdicts)
    waiting = sum(r.open_decisions for r in portfolio.rows)
    summary = (plural(len(portfolio.rows), "agreement") + (f": {verdicts}" if verdicts else "")
               + f"; {plural(len(portfolio.gaps), 'gap')}, {waiting} awaiting a decision")
    rulesets = sorted({f"{r.ruleset.version} (SHA-256 {r.ruleset.sha256})" for r in portfolio.rows})
    rows = tuple(_row(portfolio, r) for r in portfolio.rows)
    return DashboardView(
        title=TITLE, generated_at=clean(generated_at), summary=summary, rulesets=tuple(clean(r) for r in rulesets),
        topics=tuple((t, clean(portfolio.topic_titles[t])) for t in portfolio.topics),
        statuses=tuple((s, status_label(s)) for s in statuses), rows=rows,
        gaps=tuple(_gap(portfolio, g) for g in portfolio.gaps),
        not_assessable=tuple(r for r in rows if r.verdict == NOT_ASSESSABLE),
        topic_counts=tuple(_count(c, statuses) for c in portfolio.topic_counts),
        item_counts=tuple(_count(c, statuses) for c in portfolio.item_counts),
    )


def render_html(portfolio: Portfolio, generated_at: str | None = None) -> str:
    """The dashboard as one HTML document."""
    return _environment().get_template(TEMPLATE).render(v=dashboard_view(portfolio, generated_at), marks=MARKS)


__all__ = ["DashboardView", "dashboard_view", "render_html"]
