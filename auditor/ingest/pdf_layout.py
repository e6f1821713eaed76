"""From PDF page lines to blocks.

1. Running headers and footers: a line in the top or bottom 8% of a page
   whose text (digits replaced by ``#``) appears there on at least half of
   the pages (and at least two) is dropped, and so is a page-number-only
   line there ("3", "- 3 -", "Page 3 of 12", "3 | Confidential").
2. Paragraphs: a line starts a new block after a vertical gap clearly larger
   than the document's typical line gap, when it starts with a clause
   number or label, when it or the line before is a heading (larger or bold
   font, or a short ALL-CAPS line), or when the previous line ended a
   sentence well short of the right margin or this line is indented after
   a finished sentence. Lines are joined with a space; "reten-" + "tion"
   becomes "retention".
3. Page breaks: a paragraph that does not end a sentence is joined with the
   next page's first paragraph when that one does not start a clause and
   starts in lowercase or plainly continues the sentence (``page`` and
   ``page_end`` then differ).
4. Tables become ``table_row`` drafts at their place in the reading order; a
   table continuing at the top of the next page keeps its header.
5. Two columns: when a page has a ``gutter`` (see :func:`find_gutter`),
   lines and tables that cross it are full-width and split the page into
   bands; within a band the left column is read before the right, and
   margins are measured per column.
"""

from __future__ import annotations

import math
import re
from statistics import median

from auditor.english import count

from .blocks import LABEL_LINE, Draft, clause_start, ends_sentence, heading_candidate, is_short_line, table_drafts
from .pdf import Line, PageContent, Table

MARGIN_SHARE = 0.08
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)
_PAGE_NUMBER_LABEL = re.compile(r"^(?:(?:page\s*)?\d{1,4}\s*\|\s*\S.{0,60}|\S.{0,60}\|\s*(?:page\s*)?\d{1,4})$", re.I)
_CONNECTORS = frozenset(
    "a an the and or nor of to in on for with by at from as per any all such its their this that which who "
    "shall will may must not be is are including under between than".split()
)


def is_page_number(text: str) -> bool:
    """True for page-number-only lines such as "3", "- 3 -", "Page 3 of 12"."""
    s = " ".join(text.split())
    return bool(_PAGE_NUMBER.match(s) or _PAGE_NUMBER_LABEL.match(s))


def join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph with a space, except after a word
    broken by a hyphen: "reten-" + "tion" gives "retention" (next line starts
    in lowercase), "COVID-" + "19" gives "COVID-19" (capital or digit)."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out.endswith("\u00ad"):
            out = out[:-1] + line
        elif len(out) >= 2 and out[-1] == "-" and out[-2].isalpha() and line[:1].isalnum():
            out = (out[:-1] if line[:1].islower() else out) + line
        else:
            out = out + " " + line
    return out


def _zone(line: Line, page: PageContent) -> str | None:
    if line.top < page.height * MARGIN_SHARE:
        return "top"
    if line.bottom > page.height * (1 - MARGIN_SHARE):
        return "bottom"
    return None


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def strip_running_lines(pages: list[PageContent]) -> None:
    """Remove running headers/footers and page numbers in place."""
    seen: dict[tuple[str, str], set[int]] = {}
    for page in pages:
        for line in page.lines:
            zone = _zone(line, page)
            if zone:
                seen.setdefault((zone, _margin_key(line.text)), set()).add(page.number)
    needed = max(2, math.ceil(len(pages) / 2))
    running = {key for key, where in seen.items() if len(where) >= needed}
    for page in pages:
        kept = []
        for line in page.lines:
            zone = _zone(line, page)
            if zone and ((zone, _margin_key(line.text)) in running or is_page_number(line.text)):
                continue
            kept.append(line)
        page.lines = kept
        page.tables = [t for t in page.tables if not _table_in_margin(t, page)]


def _table_in_margin(table: Table, page: PageContent) -> bool:
    return table.bottom < page.height * MARGIN_SHARE or table.top > page.height * (1 - MARGIN_SHARE)


class _Stats:
    """Document-wide typography: body font size, line gap, bold usage."""

    def __init__(self, pages: list[PageContent]) -> None:
        weights: dict[float, int] = {}
        bold_chars = total_chars = 0
        for page in pages:
            for line in page.lines:
                n = len(line.text)
                weights[line.size] = weights.get(line.size, 0) + n
                total_chars += n
                bold_chars += n if line.bold else 0
        self.body_size = max(weights, key=lambda s: (weights[s], -s)) if weights else 10.0
        self.bold_is_signal = total_chars > 0 and bold_chars / total_chars < 0.5
        gaps = []
        for page in pages:
            ordered = [it for it in _reading_order(page) if isinstance(it, Line)]
            body = [ln for ln in ordered if abs(ln.size - self.body_size) <= 0.6]
            for prev, cur in zip(body, body[1:]):
                gap = cur.top - prev.bottom
                if -2 <= gap <= 3 * self.body_size:
                    gaps.append(gap)
        self.line_gap = median(gaps) if gaps else 0.3 * self.body_size
        self.para_gap = self.line_gap + max(3.0, 0.45 * self.body_size)

    def is_heading(self, line: Line, column_width: float) -> str | None:
        """"strong" for a short line in a larger font, "weak" for a short bold
        or ALL-CAPS line (a heading only where a block may start), else None."""
        text = line.text.strip()
        if not is_short_line(text) or text.endswith((".", ";", ",")) or not any(c.isalpha() for c in text):
            return None
        start = clause_start(text)
        if start is not None and start.kind in ("bullet", "paren"):
            return None
        if line.size >= self.body_size * 1.15:
            return "strong"
        if self.bold_is_signal and line.bold:
            return "weak"
        narrow = column_width <= 0 or (line.x1 - line.x0) < 0.75 * column_width
        return "weak" if narrow and heading_candidate(text, allow_title=False) else None


def _source(first: int, last: int) -> str:
    return f"page {first}" if first == last else f"pages {first}-{last}"


def find_gutter(spans: list[tuple[float, float, float, float]], width: float) -> float | None:
    """The x of a vertical gap between two columns of prose, or None.

    ``spans`` are text runs ``(x0, x1, top, bottom)``. A gutter lies in the
    middle 40% of the page, is at least 8 points wide, is crossed by at most
    a fifth of the runs (titles, centred footers), and has at least five
    pairs of runs side by side, each column's runs filling a quarter of the
    page width (so an unruled two-column list is not mistaken for columns).
    """
    spans = [s for s in spans if s[1] - s[0] >= 1.0]
    if len(spans) < 10 or width <= 0:
        return None
    mid = width / 2
    if sum(1 for s in spans if s[0] < mid < s[1]) > 0.5 * len(spans):
        return None  # the usual single-column page: most lines cross the middle
    lo, hi = 0.3 * width, 0.7 * width
    cuts = sorted({lo, hi, *(x for s in spans for x in (s[0], s[1]) if lo < x < hi)})
    best: tuple[int, float, float] | None = None
    for a, b in zip(cuts, cuts[1:]):
        if b - a < 8.0:
            continue
        centre = (a + b) / 2
        crossing = sum(1 for s in spans if s[0] < centre < s[1])
        key = (crossing, -(b - a), centre)
        if best is None or key < best:
            best = key
    if best is None or best[0] > 0.2 * len(spans):
        return None
    gutter = best[2]
    left = [s for s in spans if s[1] <= gutter]
    right = [s for s in spans if s[0] >= gutter]
    if min(len(left), len(right)) < 5:
        return None
    if min(median(s[1] - s[0] for s in left), median(s[1] - s[0] for s in right)) < 0.25 * width:
        return None
    pairs = sum(1 for r in right if any(min(r[3], q[3]) - max(r[2], q[2]) > 0 for q in left))
    return gutter if pairs >= 5 else None


def _reading_order(page: PageContent) -> list[Line | Table]:
    """Lines and tables in reading order: top to bottom, and on a two-column
    page, band by band with the left column before the right."""
    items: list[tuple[float, int, Line | Table]] = [(ln.top, 0, ln) for ln in page.lines]
    items += [(t.top, 1, t) for t in page.tables]
    items.sort(key=lambda it: (it[0], it[1]))
    gutter = page.gutter
    if gutter is None:
        return [it[2] for it in items]
    out: list[Line | Table] = []
    left: list[Line | Table] = []
    right: list[Line | Table] = []
    for _, _, item in items:
        side = _side(item, gutter)
        if side == 0:
            out += left + right + [item]
            left, right = [], []
        else:
            (left if side < 0 else right).append(item)
    return out + left + right


def _side(item: Line | Table, gutter: float) -> int:
    """-1 left of the gutter, 1 right of it, 0 across it."""
    if item.x1 <= gutter + 1:
        return -1
    if item.x0 >= gutter - 1:
        return 1
    return 0


def _page_drafts(page: PageContent, stats: _Stats) -> list[Draft]:
    """Blocks of one page in reading order (lines and tables by position)."""
    items = _reading_order(page)
    body = [ln for ln in page.lines if abs(ln.size - stats.body_size) <= 0.6] or page.lines
    margins: dict[int, tuple[float, float]] = {}
    for side in {0, -1, 1} if page.gutter is not None else {0}:
        own = [ln for ln in body if page.gutter is None or _side(ln, page.gutter) == side] or body
        margins[side] = (min((ln.x0 for ln in own), default=0.0), max((ln.x1 for ln in own), default=0.0))

    def bounds(line: Line) -> tuple[float, float]:
        return margins[_side(line, page.gutter) if page.gutter is not None else 0]

    drafts: list[Draft] = []
    current: list[Line] = []
    current_heading = False
    table_no = 0

    def flush() -> None:
        nonlocal current, current_heading
        if current:
            text = join_lines([ln.text.strip() for ln in current])
            start = clause_start(text)
            drafts.append(
                Draft(
                    text=text,
                    kind="heading" if current_heading else "paragraph",
                    source=_source(page.number, page.number),
                    page=page.number,
                    page_end=page.number,
                    level=start.depth if current_heading and start is not None else None,
                    extra={"size": current[0].size, "bold": current[0].bold},
                )
            )
        current, current_heading = [], False

    for item in items:
        if isinstance(item, Table):
            flush()
            table_no += 1
            rows = [(cells, f"page {page.number}, table {table_no}, row {r}") for r, cells in enumerate(item.rows, 1)]
            drafts.extend(table_drafts(rows, page=page.number))
            continue
        line = item
        left, right = bounds(line)
        strength = stats.is_heading(line, right - left)
        heading = strength is not None
        if strength == "weak" and current and not current_heading:
            # Bold or capitals alone do not break a running sentence ("... the GDPR").
            prev = current[-1]
            heading = ends_sentence(prev.text) or line.top - prev.bottom > stats.para_gap
        if current and _starts_block(current[-1], line, current_heading, heading, stats, left, right):
            flush()
        if not current:
            current_heading = heading
        elif current_heading and not heading:
            flush()
            current_heading = False
        current.append(line)
    flush()
    return drafts


def _starts_block(
    prev: Line, line: Line, prev_heading: bool, heading: bool, stats: _Stats, left: float, right: float
) -> bool:
    text = line.text.strip()
    if clause_start(text, prev.text) is not None:
        return True
    if prev_heading:
        # A heading wrapped over two lines continues in the same style.
        return not (heading and line.size == prev.size and line.top - prev.bottom <= stats.para_gap)
    if heading:
        return True
    if line.top - prev.bottom > stats.para_gap:
        return True
    width = right - left
    if (LABEL_LINE.match(text) and (LABEL_LINE.match(prev.text.strip()) or prev.text.rstrip().endswith((".", ":")))
            and width > 0 and prev.x1 < right - max(0.12 * width, 40.0)):
        return True  # order-form lines ("Hosting region: Canada"), each short of the margin, are statements apart
    if ends_sentence(prev.text):
        width = right - left
        if width > 0 and prev.x1 < right - max(0.12 * width, 40.0):
            return True  # last line of a paragraph stops short of the margin
        if line.x0 > prev.x0 + 10 and line.x0 > left + 10:
            return True  # first-line indent after a finished sentence
    return False


def _continues(prev: Draft, nxt: Draft) -> bool:
    """True if ``nxt`` (first block of a page) continues ``prev`` (last block
    of the page before)."""
    if prev.kind != "paragraph" or nxt.kind != "paragraph" or ends_sentence(prev.text):
        return False
    if clause_start(nxt.text) is not None:
        return False
    first = nxt.text.lstrip()[:1]
    if first.islower() or first.isdigit() or first in ",;:)]”’":
        return True
    last_word = prev.text.rstrip().split()[-1].lower() if prev.text.split() else ""
    if prev.text.rstrip().endswith((",", "-", "–", "—", "(")) or last_word in _CONNECTORS:
        return True
    # A long unfinished sentence continues even into a capitalised word.
    return len(prev.text.split()) >= 8 and prev.extra.get("size") == nxt.extra.get("size")


def _merge(prev: Draft, nxt: Draft) -> Draft:
    prev.text = join_lines([prev.text, nxt.text])
    prev.page_end = nxt.page_end
    prev.source = _source(prev.page or 0, prev.page_end or 0)
    return prev


def layout_document(pages: list[PageContent]) -> tuple[list[Draft], list[str]]:
    """Turn extracted pages into block drafts and warnings."""
    warnings: list[str] = []
    strip_running_lines(pages)
    stats = _Stats(pages)
    drafts: list[Draft] = []
    for page in pages:
        if page.undecodable:
            warnings.append(
                f"page {page.number} has {count(page.undecodable, 'character')} without a Unicode mapping; "
                "text may be incomplete"
            )
        if page.has_images and not page.lines and not page.tables:
            warnings.append(f"page {page.number} has images but no text layer (scanned?)")
        page_drafts = _page_drafts(page, stats)
        if not page_drafts:
            continue
        first = page_drafts[0]
        if drafts and _continues(drafts[-1], first):
            _merge(drafts[-1], first)
            page_drafts = page_drafts[1:]
        elif drafts and first.kind == "table_row" and drafts[-1].kind == "table_row":
            page_drafts = _continue_table(drafts[-1], page_drafts)
        drafts.extend(page_drafts)
    return drafts, warnings


def _continue_table(prev: Draft, page_drafts: list[Draft]) -> list[Draft]:
    """A table at the top of a page with the column count of the table that
    ended the page before is its continuation: keep that table's header and
    drop a repeated header row."""
    width = len(prev.cells)
    table_rows: list[Draft] = []
    for d in page_drafts:
        if d.kind != "table_row" or d.source.rsplit(", row", 1)[0] != page_drafts[0].source.rsplit(", row", 1)[0]:
            break
        table_rows.append(d)
    if any(len(d.cells) != width for d in table_rows):
        return page_drafts
    if table_rows and table_rows[0].cells == prev.header:
        page_drafts = page_drafts[1:]
        table_rows = table_rows[1:]
    for d in table_rows:
        d.header = prev.header
    return page_drafts
