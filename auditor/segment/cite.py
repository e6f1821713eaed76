"""What a lawyer cites to find a clause when the file gives it no number.

A numbered clause is cited by its section ("11.3(b)", "Schedule 2, 4.1",
"H.1.b"). Above the first number, or in a file with none, a clause is cited
by what Word and a text editor show:

* under a heading, the heading and the paragraph's place under it:
  ``“Data Commitments” ¶ 2`` (Word's navigation pane lists the headings);
* with no heading above it, its paragraph counted from the start of the
  file, ``¶ 12``; in a PDF, counted from the top of its page (the report
  adds the page: ``¶ 3, p. 4``);
* a table row, by its table and row as the reader counted them
  (``table 2, row 3``; in a PDF, the table on its page);
* a footnote or endnote, by its number (``footnote 1``).

A numbered section ends, for citing, at a styled heading with no number of
the same or a higher rank than the one that opened it (a Word "Heading 2"
after "3. Logging." written as a paragraph): the paragraphs under "Abuse
Monitoring" are cited as ``“Abuse Monitoring” ¶ 1``, not as section 3.

Paragraphs are the blocks the reader found: Word paragraphs with text,
blank-line separated paragraphs and numbered lines of a text file, PDF
paragraphs. A text file adds the line a text editor goes to:
``¶ 12 (line 22)``.
"""

from __future__ import annotations

from ..model import Block

_HEADING_MAX = 48


def _quoted(heading: str) -> str:
    h = " ".join(heading.split())
    if len(h) > _HEADING_MAX:
        cut = h[: _HEADING_MAX - 1]
        h = (cut[: cut.rfind(" ")] if " " in cut[_HEADING_MAX // 2:] else cut).rstrip(" ,;:") + "\u2026"
    return f"\u201c{h}\u201d"


def _line(block: Block) -> str:
    return f" ({block.source})" if block.source.startswith("line") else ""


def _numbered(section: str | None) -> bool:
    return bool(section) and not section.startswith("(")  # type: ignore[union-attr]


class Citer:
    """Counts a file's paragraphs, headings and table rows in reading order."""

    def __init__(self) -> None:
        self.paragraphs = 0  # from the start of the file
        self.under = 0  # since the last heading
        self.on_page: dict[int, int] = {}
        self.tables = 0
        self.rows = 0
        self.header: tuple[str, ...] | None = None  # the open table's header (None: not in a table)
        self.opened: int | None = None  # heading level of the block that opened the section (None: a paragraph)
        self.detached = False  # an unnumbered heading has ended the section, for citing

    def open(self, block: Block) -> None:
        """A label opened a section (not a sub-clause) in ``block``."""
        self.opened = block.level if block.kind == "heading" else None
        self.detached = False

    def _numbered(self, section: str | None) -> bool:
        return _numbered(section) and not self.detached

    def _count(self, block: Block) -> None:
        self.paragraphs += 1
        self.under += 1
        self.header = None
        if block.page is not None:
            self.on_page[block.page] = self.on_page.get(block.page, 0) + 1

    def _place(self, block: Block, heading: str | None) -> str:
        if block.page is not None:
            return f"\u00b6 {self.on_page[block.page]}"
        if heading:
            return f"{_quoted(heading)} \u00b6 {self.under}"
        return f"\u00b6 {self.paragraphs}"

    def heading(self, block: Block, section: str | None, heading: str | None, labelled: bool) -> str:
        self._count(block)
        self.under = 0
        if not labelled and block.kind == "heading" and block.level is not None and (
                self.opened is None or block.level <= self.opened):
            self.detached = True
        if self._numbered(section):
            return section  # type: ignore[return-value]
        if block.page is not None or not heading:
            return self._place(block, None) + _line(block)
        return _quoted(heading) + _line(block)

    def paragraph(self, block: Block, section: str | None, heading: str | None) -> str:
        self._count(block)
        if self._numbered(section):
            return section  # type: ignore[return-value]
        return self._place(block, heading) + _line(block)

    def item(self, cite: str, section: str | None, item_section: str | None, labels: str) -> str:
        """A sub-clause written inside a paragraph: its section, or the paragraph's cite with its labels."""
        if self._numbered(item_section) and self._numbered(section):
            return item_section  # type: ignore[return-value]
        place, paren, line = cite.partition(" (line")
        return f"{place}{labels}" + (f"{paren}{line}" if paren else "")

    def row(self, block: Block, section: str | None, heading: str | None) -> str:
        if self.header != block.header:
            self.tables += 1
            self.rows = 0
            self.header = block.header
        self.rows += 1
        if self._numbered(section):
            return section  # type: ignore[return-value]
        if "table" in block.source:
            # The reader's own count: Word's tables and rows, or the table on a PDF page.
            where = block.source[block.source.index("table"):]
        else:
            where = f"table {self.tables}, row {self.rows}"
        if heading and block.page is None:
            where = f"{_quoted(heading)}, {where}"
        return where + _line(block)

    def note(self, block: Block, section: str | None) -> str:
        if self._numbered(section):
            return section  # type: ignore[return-value]
        return block.source.split(" (")[0] or "note"
