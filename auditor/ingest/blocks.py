"""Shared building blocks for the readers.

* :class:`Draft` is a block before it has offsets; every reader produces a
  list of drafts and :func:`assemble` turns them into ``Document.text`` and
  ``Block`` records (normalising text, dropping empty blocks, enforcing
  ``Limits.max_chars``).
* :func:`clause_start` / :func:`starts_clause` recognise the clause numbers
  and labels that begin a new block in text files and PDFs.
* :func:`is_all_caps`, :func:`is_title_like`, :func:`ends_sentence` are the
  small layout heuristics the text and PDF readers share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.model import Block, IngestError
from auditor.english import NUMBER_WORDS, ORDINAL_WORDS

from .docx_numbering import roman
from .limits import Limits
from .normalize import normalize_cells, normalize_text

SEPARATOR = "\n\n"


@dataclass
class Draft:
    """A block under construction (no offsets yet, text not yet normalised)."""

    text: str
    kind: str = "paragraph"
    source: str = ""
    page: int | None = None
    page_end: int | None = None
    style: str | None = None
    level: int | None = None
    numbering: str | None = None
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)  # reader scratch space


def table_drafts(rows: list[tuple[list[str], str]], *, page: int | None = None) -> list[Draft]:
    """Turn ``(cells, source)`` rows of one table into ``table_row`` drafts.

    Rows whose cells are all empty are skipped; the first remaining row is
    the header, carried by every row including itself, unless it reads as a
    row of data: a numbered item ("Item 13 | Zero data retention | ...") or a
    cell that is a sentence. A table without a header carries none.
    """
    out: list[Draft] = []
    kept = [(normalize_cells(cells), src) for cells, src in rows]
    kept = [(cells, src) for cells, src in kept if any(cells)]
    if not kept:
        return out
    head = kept[0][0] if not _data_row(kept[0][0]) else _keyed_header([cells for cells, _ in kept])
    for cells, src in kept:
        out.append(
            Draft(
                text=" | ".join(cells),
                kind="table_row",
                source=src,
                page=page,
                page_end=page,
                cells=cells,
                header=head,
            )
        )
    return out


# "Item 13", "Row 4", "No. 2": the first cell of a numbered row of data, never a column's name.
_ITEM_CELL = re.compile(r"^(?:Item|Row|No\.?|Nr\.?)\s*\d{1,3}[a-z]?\.?$", re.I)


# ("Item 2. Service: Batch Endpoint": the row's number before its first label)
_LABELLED_CELL = re.compile(r"^(?:(?:Item|Row|No\.?)\s*\d{1,3}[a-z]?[.:)]?\s+)?[A-Z][\w'/ -]{1,30}:\s+\S")
_ROW_NUMBER = re.compile(r"^(?:Item|Row|No\.?)\s*\d{1,3}[a-z]?[.:)]?\s+(?=[A-Z])")
_PERIOD_CELL = re.compile(r"^\s*(?:\d{1,4}|[a-z]+(?:\s+\(\d{1,4}\))?)\s+(?:calendar\s+|business\s+)?(?:days?|weeks?|months?|years?)\s*$", re.I)


def _keyed_header(rows: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The column names of a table whose every cell names its own column ("Service: Batch Inference |
    Hosting location: Singapore | Data retention: 29 days"): the labels, where each row has the same
    ones in the same places; none otherwise."""
    def labels(cells: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_ROW_NUMBER.sub("", c).split(":", 1)[0].strip() if _LABELLED_CELL.match(c) else "" for c in cells)
    first = labels(rows[0])
    if sum(1 for x in first if x) < 2 or any(labels(cells) != first for cells in rows[1:]):
        return ()
    return first


def _data_row(cells: tuple[str, ...] | list[str]) -> bool:
    """Is a table's first row data rather than its header: a numbered item, a cell holding a list
    or a cell holding a sentence ("Applies to Interactive Requests: prompts and responses are not stored once ...")?"""
    if len(cells) < 2:
        return False
    if _ITEM_CELL.match(cells[0].strip()) or any(_PERIOD_CELL.match(c) for c in cells):
        return True  # (a column is not named "30 days": "Real-time inputs and outputs | 30 days" is a row)
    if sum(1 for c in cells if _LABELLED_CELL.match(c)) >= 2:
        return True  # "Service: Interactive Inference | Hosting location: Singapore": each cell names its own column
    if any(re.search(r"\w;\s+\w", c) for c in cells):
        return True  # "Services | Standard API; Batch API": a list in one cell is a value, never a column's name
    return any(len(c.split()) >= 8 and c.rstrip().endswith(".") for c in cells)


def assemble(drafts: list[Draft], limits: Limits) -> tuple[str, tuple[Block, ...]]:
    """Normalise drafts and lay them out as ``Document.text`` with offsets.

    Table rows keep ``text == " | ".join(cells)`` exactly (so an empty
    first or last cell leaves a bare " | " at that end). Raises
    ``IngestError("too_large")`` as soon as the text passes
    ``limits.max_chars``.
    """
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for d in drafts:
        if d.kind == "table_row":
            cells = normalize_cells(d.cells)
            if not any(cells):
                continue
            text = " | ".join(cells)
            header = normalize_cells(d.header)
        else:
            text = normalize_text(d.text)
            cells, header = (), ()
            if not text:
                continue
        start = pos + (len(SEPARATOR) if parts else 0)
        end = start + len(text)
        if end > limits.max_chars:
            raise IngestError(
                "too_large",
                f"document text exceeds the limit of {limits.max_chars:,} characters",
            )
        parts.append(text)
        blocks.append(
            Block(
                text=text,
                start=start,
                end=end,
                kind=d.kind,
                source=d.source,
                page=d.page,
                page_end=d.page_end if d.page is not None else None,
                style=d.style,
                level=d.level,
                numbering=d.numbering,
                cells=cells,
                header=header,
            )
        )
        pos = end
    return SEPARATOR.join(parts), tuple(blocks)


# --------------------------------------------------------------------------- clause labels

_ROMAN = r"(?:[ivxlcdm]{1,7}|[IVXLCDM]{1,7})"
# ... and "s. 11.4", "sec. 3": sections as Canadian and statute-style drafting abbreviates them.
# ("point 4.3": a numbered point, as Norwegian standard agreements number their clauses)
# ("cl. 9.3(c)": a clause as Australian drafting abbreviates it)
_LABEL_WORDS = r"(?:(?i:section|clause|article|schedule|annex|annexure|annexe|anexo|appendix|exhibit|attachment|part|paragraph|para\.|art\.|sec\.|point|cl\.)|s\.)"

# "5." / "12." (any text after); "5.2" / "5.2.1" / "5.2." (not followed by a
# lowercase word, so "1.5 million" is not a clause); "(a)" "(iv)" "(A)" "(1)";
# "a)" "iv)" "1)"; bullets.
_NUMBERED = re.compile(r"^(?P<label>\d{1,3}\\?\.)(?:\s+|$)")  # "12\. Warranties": Markdown's escaped dot
# ("8.4 bis", "12.3.2 ter": a clause inserted after 8.4, as Belgian, French and Luxembourg drafting numbers it)
_DOTTED = re.compile(r"^(?P<label>\d{1,3}(?:\.\d{1,3})+\.?(?:\s+(?:bis|ter|quater)\b)?)(?:\s+(?![a-z])|$)")
# "4(a)", "11(b)(ii)": a section with its lettered parts, as US terms number them.
_NUMBER_PARTS = re.compile(r"^(?P<label>\d{1,3}(?:\.\d{1,3}){0,3}(?:\((?:[a-z]{1,4}|\d{1,2})\)){1,3}\.?)(?:\s+(?=[A-Z\"\u201c(])|$)")
# "H.1.b.", "C.4": vendor terms' lettered sections and their parts; "H. TERM AND TERMINATION".
# "B-4": paragraph 4 of Exhibit B, as exhibits number their items.
_LETTER_NUMBER = re.compile(r"^(?P<label>[A-Z](?:\.|-(?=\d))\d{1,3}(?:\.(?:\d{1,3}|[a-z]{1,4}))*\.?)(?:\s+|$)")
_LETTER = re.compile(r"^(?P<label>[A-Z]\.)\s+(?=[A-Z\"\u201c])")
# "b. ...", "ii. ...": sub-items with a dot (only after a line that ends a clause or opens a list).
_DOTTED_SUB = re.compile(r"^(?P<label>(?:[a-z]|[ivx]{2,5})\.)\s+(?=[A-Za-z\"\u201c(])")
# What follows a number that measures rather than numbers: "2.50 USD per million tokens", "30 %".
# "ten\n(10) business days", "2.50 USD per million tokens", "30 %": a wrapped line going on with a sentence.
_MEASURE = re.compile(r"\s*(?:%|(?:USD|EUR|GBP|CAD|AUD|CHF|JPY|SGD|NZD)\b|per\s?cent\b|(?:calendar\s+|business\s+|working\s+)?"
                      r"(?:days?|weeks?|months?|years?|hours?|minutes?)\b)")
# "Schedule 4(2) of the Act", "Section 7(b) applies": a reference running on, not a label.
_REFERENCE_RUNS_ON = re.compile(r"\s*\([^)]{1,12}\)\s+(?:of|to|and|or|is|are|applies|apply|shall|will|does|do)\b", re.I)
# "§ 9", "§9", "§ 1 (8)", "§ 11.1", "§ 4 para. 1": German- and Swiss-style sections and their paragraphs.
_SECTION_SIGN = re.compile(r"^\u00a7\s*(?P<num>\d{1,3}[a-z]?(?:\.\d{1,3}){0,3})"
                           r"(?:\s*(?P<para>\(\d{1,2}[a-z]?\))|\s+(?:para\.|paragraph|Abs\.|sec\.|item)\s*(?P<pnum>\d{1,2}[a-z]?)\b\.?)?\.?(?:\s+|$)")
_PAREN = re.compile(r"^(?P<label>\((?:[a-z]{1,2}|[A-Z]{1,2}|" + _ROMAN + r"|\d{1,3})\))(?:\s+|$)")
_HALF_PAREN = re.compile(r"^(?P<label>(?:[a-z]|" + _ROMAN + r"|\d{1,3})\))(?:\s+|$)")
_BULLET = re.compile(r"^(?P<label>[-*•–·▪◦‣●○■□➢►+])(?:\s+)")
# "Section 7", "ARTICLE III", "Schedule 2", "Annex II", "Appendix A" ...
_WORD_LABEL = re.compile(
    # ("ARTICLE 8/2", paragraph 2 of article 8; "Article (12), Paragraph (1)", both numbers in brackets)
    r"^(?P<label>" + _LABEL_WORDS + r"\s+(?:\d{1,3}/\d{1,2}(?![\d/])|\(\d{1,3}\)(?:,\s+(?i:paragraph|para\.)\s+\(\d{1,2}\))?|\d{1,3}(?:\.\d{1,3})*(?!\.?\d)(?:\s+(?:bis|ter|quater)\b)?|" + _ROMAN + r"|[A-Z])\.?"
    r"(?:\s+(?i:para\.|par\.|paragraph)\s*(?:\d{1,2}[a-z]?\b(?!\.\d)|\(\d{1,2}\)))?)"  # "Art. 1 para. 4", "Article 10 paragraph (2)"
    r"(?:\s+\((?-i:[a-z])[a-z ]{2,30}\)(?=:))?"  # "Article 10 paragraph (2) (original text): ..."
    r"(?P<rest>\s*(?:$|[-–—:.]|[A-Z(\"“'‘]).*)?$"
)


@dataclass(frozen=True)
class ClauseStart:
    """A recognised clause label at the start of a line."""

    label: str
    kind: str  # numbered | paren | bullet | word | letter
    rest: str  # the line after the label

    @property
    def depth(self) -> int | None:
        """Numbering depth for "5" (1), "5.2" (2), "5.2.1" (3); None otherwise."""
        if self.kind != "numbered":
            return None
        return len([p for p in self.label.split(".") if p])


def clause_start(line: str, previous: str | None = None) -> ClauseStart | None:
    """Return the clause label ``line`` starts with, if any.

    Word labels (Section, Clause, Article, Schedule, Annex, Appendix,
    Exhibit, Attachment, Part) count only when followed by the end of the
    line, a separator or a capital, so a wrapped cross-reference such as
    "Clause 5.2, the Supplier", "Section 7 of this Agreement" or "Schedule
    4(2) of the Act" does not; nor does a number that measures ("2.50 USD").
    A sub-item with a dot ("b. ...", "ii. ...") counts only when ``previous``,
    the line before, is given and ends a clause or opens a list (";", ":",
    ".", "and", "or"), so a wrapped "v. Jones" or "p. 4" does not; a lettered
    label ("B. ...", "H.1.b. ...") only when there is no line before, or it
    ends that way or is a title, so "... set out in Appendix" / "B. The
    Provider ..." stays one sentence.
    """
    s = line.strip()
    if not s or s.startswith("\u00a7\u00a7"):  # "§§ 3 to 5 apply ...": a reference, not a label
        return None
    if previous is not None and (s[:1].isdigit() or _PART_NAMED.match(s) or _PROVISION_NAMED.match(s)) \
            and _CITES_ON.search(previous):
        # "... from Articles 3 to" / "9. The Services Agreement ...", "... a subprocessor listed in" /
        # "Exhibit C.", "... within the meaning of" / "Article 32 GDPR to secure ...": the number, the
        # part or the provision ends a reference
        return None
    if previous is not None and s[:1].islower() and (_PROVISION_NAMED.match(s) or _PART_NAMED.match(s)) \
            and not _ENDS_ITEM.search(previous) and not heading_candidate(previous, allow_title=True):
        # "... listed in the table at" / "clause 5(2), Global Batch included.": a label is written with a
        # capital; in small letters after a line that runs on, the reference goes on
        return None
    if previous is not None and _inline_list_runs_on(s, previous):
        return None
    m = _BARE_NUMBER.match(s)
    if m and previous is not None and not _MEASURE.match(s, m.end("label")) and (
            previous.rstrip().endswith(".") or (heading_candidate(previous, allow_title=True) and not previous.rstrip()[-1:].isdigit())
            or re.match(r"^(?i:art\.|article)\s+\d", previous.strip())):
        return ClauseStart(m.group("label"), "numbered", s[m.end():].strip())
    m = _SPELLED_LABEL.match(s)
    if m and (m.group("label").isupper() or m.group("label").istitle()):
        return ClauseStart(m.group("label"), "word", m.group("rest").strip().lstrip(".:-\u2013\u2014").strip())
    m = _LITERA.match(s)
    if m:  # "lit. a store Client Data ...": a lettered item, as Swiss and German drafting marks it
        return ClauseStart(f"({m.group('letter')})", "paren", s[m.end():].strip())
    m = _ITEM_LIST.match(s)
    if m:  # "Item 3: dispose of all Company Data ...": an item of the list its lead-in opens
        return ClauseStart(f"({m.group('num')})", "paren", s[m.end():].strip())
    m = _ITEM_NO.match(s) or _QUESTION_NO.match(s) or _ITEM_WORD.match(s)
    if m:
        return ClauseStart(m.group("label"), "word", s[m.end():].strip())
    if s[0].isalpha() and ")" not in s[:9] and not s[:12].casefold().startswith(_LABEL_PREFIXES):
        named = _ANNEX_PARAGRAPH.match(s) if s[0].isupper() and ", " in s[:40] else None
        if named:  # "Principal Agreement, Clause 13.1: ...": a named document's clause
            return ClauseStart(named.group("label"), "word", named.group("rest").strip())
        return _lettered(s, previous)  # a line of prose, or a lettered label
    return _labelled(s)


# "CLAUSE SEVEN - RETENTION", "Clause Twenty-One:", "FIFTH. DELETION. The Distributor shall ...": a clause
# numbered in words, or by an ordinal alone; not "Clause Seven applies to ..." nor "First, the Provider".
_SPELLED_LABEL = re.compile(rf"^(?P<label>(?:(?i:clause|section|article|cl[aá]usula)\s+(?i:{NUMBER_WORDS})|(?i:{ORDINAL_WORDS})(?=\s*[.:\u2013\u2014-]))"
                            rf"(?![-\w]))(?P<rest>\s*(?:$|[-\u2013\u2014:.]\s*(?:$|[A-Z(\"\u201c])|[A-Z(\"\u201c]).*)$")


# "1 The Provider shall ...": a paragraph numbered without a dot, as Swiss and German articles
# number theirs; only after a title or a finished sentence, and not a measure ("30 Days").
_BARE_NUMBER = re.compile(r"^(?P<label>\d{1,2})\s+(?=[A-Z][a-z])")


# "Q2. Where is our data kept?": a numbered question of terms written as questions and answers.
_QUESTION_NO = re.compile(r"^(?P<label>Q\d{1,2})[.:]\s+(?=[A-Z\"\u201c])")
# "No. 2: All administrator access ...", "Nr. 3.1 ...": an item numbered as German and Nordic annexes number them.
_ITEM_LIST = re.compile(r"^Item\s+(?P<num>\d{1,2})\s*[:.\u2013\u2014-]\s+(?=[a-z])")
_LITERA = re.compile(r"^(?:lit|lett?)\.\s*(?P<letter>[a-z])\)?\s+(?=[a-z\"\u201c])")
# "Item 9 – Hosting location: ...": an item of a contract-details schedule (a separator after its number).
_ITEM_WORD = re.compile(r"^(?P<label>Item\s+\d{1,2})\s*[:.\u2013\u2014-]\s+(?=[A-Z\"\u201c])")
_ITEM_NO = re.compile(r"^(?P<label>(?:No|Nr)\.\s*\d{1,2}(?:\.\d{1,2}){0,2})\s*[:.\u2013\u2014-]?\s+(?=[A-Z\"\u201c])")


def _lettered(s: str, previous: str | None) -> ClauseStart | None:
    m = _LETTER_NUMBER.match(s) or _LETTER.match(s)
    if m and (previous is None or _ENDS_ITEM.search(previous) or heading_candidate(previous, allow_title=True)):
        # Not after a line that runs on: "... as set out in Appendix" / "B. The Provider ...".
        return ClauseStart(m.group("label"), "letter", s[m.end():].strip())
    m = _DOTTED_SUB.match(s)
    if m and previous is not None and _ENDS_ITEM.search(previous):
        return ClauseStart(m.group("label"), "paren", s[m.end():].strip())
    return None


_ENDS_ITEM = re.compile(r"(?:[.;:]|\b(?:and|or))[\"'\u201d\u2019)]*\s*$")


_LABEL_PREFIXES = ("section", "clause", "article", "schedule", "annex", "anexo", "appendix", "exhibit", "attachment", "part",
                   "paragraph", "para.", "art.", "sec. ", "s. ", "point ", "cl.", "addendum", "amendment", "side letter",
                   "rider", "supplement")


# "Art. 8, paragraph 1, letter a) - ...", "Art. 8, paragraph 3 - ...", "Art. 2, letter c) ...": an
# article's paragraphs and lettered points, as Italian and Spanish drafting numbers them.
# ("Article 12, Paragraph 3: ...", "Article 12, Paragraph 2, Item 3: ...", "Article 2, Item 11: ...": Japanese
# templates in English)
_ARTICLE_POINT = re.compile(r"^(?P<label>(?i:art\.|article)\s+\d{1,3}(?:(?:\s+\([A-Z][^()]{1,40}\))?,\s+(?i:para\.|paragraph|item)\s*\d{1,2}\b(?!\.\d)"
                            r"(?:,\s+(?i:item)\s+\d{1,2}\b(?!\.\d))?"
                            r"(?:,?\s+(?i:letter|lett\.|lit\.)\s*[a-z]\))?(?=\s+[-\u2013\u2014]\s|:\s|\s*,?\s*(?i:letter|lett|lit))"
                            r"|,\s+(?i:letter|lett\.|lit\.)\s*[a-z]\)"
                            r"|,\s+\u00a7\s*\d{1,2}\.(?=\s+[A-Z\"\u201c])))(?P<rest>(?:\s*[-\u2013\u2014:]\s+|\s+)(?=[A-Z\"\u201c]).*)$")


# "Exhibit B, B.6 Bulk Processing result files ...": a numbered paragraph of an exhibit, named with it.
# ("Exhibit 2, paragraph 6. Upon termination, ...": the word for the paragraph said too)
# ("Addendum I, Article 2: ...", "Side Letter, paragraph 3: ...": an amending document's own article;
# "Data Handling Schedule, paragraph 5.2: ...": a schedule by its name)
_ANNEX_PARAGRAPH = re.compile(r"^(?P<label>(?i:schedule|annex|annexure|appendix|exhibit|attachment)\s+(?:[A-Z]|\d{1,2}|[IVX]{1,4}),\s+"
                              r"(?:(?i:paragraph|para\.?|item|row|No\.)\s*)?"
                              r"(?:[A-Z]\.?)?\d{1,2}(?:\.\d{1,2})*[.:]?(?:\s+(?:bis|ter|quater)\b)?"
                              r"|(?:(?i:addendum|amendment|side\s+letter|rider|supplement)|(?:[A-Z][a-z]+\s+(?:of\s+)?){1,3}"
                              r"(?:Agreement|Deed|Contract|Terms|Letter|Work|Order|Form|Conditions|Schedule|Annex|Exhibit|Appendix))"
                              r"(?:\s+(?:No\.\s*)?(?:\d{1,2}|[IVX]{1,4}|[A-Z]))?,\s+"
                              r"(?i:paragraph|para\.?|item|article|clause|section)\s+\d{1,2}(?:\.\d{1,2})*[.:]?)(?:\s+[-\u2013\u2014])?\s+(?P<rest>(?=[A-Z\"\u201c]).*)$")


def _labelled(s: str) -> ClauseStart | None:
    m = _ANNEX_PARAGRAPH.match(s)
    if m:
        return ClauseStart(m.group("label"), "word", m.group("rest").strip())
    m = _ARTICLE_POINT.match(s)
    if m:
        return ClauseStart(m.group("label"), "word", m.group("rest").strip().lstrip("-\u2013\u2014:").strip())
    m = _SECTION_SIGN.match(s)
    if m:
        para = m.group("para") or (f"({m.group('pnum')})" if m.group("pnum") else "")
        return ClauseStart(m.group("num") + para, "numbered", s[m.end():].strip())
    m = _NUMBER_PARTS.match(s)
    if m:
        return ClauseStart(m.group("label"), "numbered", s[m.end():].strip())
    for pattern, kind in ((_DOTTED, "numbered"), (_NUMBERED, "numbered")):
        m = pattern.match(s)
        if m and not _MEASURE.match(s, m.end()):
            return ClauseStart(m.group("label").replace("\\", ""), kind, s[m.end():].strip())
    for pattern in (_PAREN, _HALF_PAREN):
        m = pattern.match(s)
        if m and not (m.group("label").strip("()").isdigit() and _MEASURE.match(s, m.end())):
            return ClauseStart(m.group("label"), "paren", s[m.end():].strip())
    m = _BULLET.match(s)
    if m:
        return ClauseStart(m.group("label"), "bullet", s[m.end():].strip())
    m = _WORD_LABEL.match(s)
    if m and not _REFERENCE_RUNS_ON.match(s, m.end("label")):
        rest = (m.group("rest") or "").strip()
        rest = rest.lstrip("-–—:.").strip() if rest[:1] in "-–—:." else rest
        return ClauseStart(m.group("label"), "word", rest)
    return None


def _inline_list_runs_on(s: str, previous: str) -> bool:
    """Is ``s`` ("(ii) Embeddings; and (iii) Realtime Voice.") the next item of a list that opened
    inside the line before ("... covers solely the following services: (i) Chat Completions;")? Then
    the list wrapped, and the item goes on with its lead-in rather than opening a clause."""
    m = re.match(r"^\((?P<v>[a-z]{1,4}|\d{1,2})\)\s", s)
    if not m:
        return False
    v = m.group("v")
    if v.isdigit():
        before = str(int(v) - 1) if int(v) > 1 else None
    elif (n := next((k for k in range(2, 40) if roman(k) == v), None)) is not None:
        before = roman(n - 1)  # "(ii)" after "(i)", "(iv)" after "(iii)"
    else:
        before = chr(ord(v) - 1) if len(v) == 1 and v > "a" else None
    if before is None:
        return False
    at = previous.find(f"({before})")
    # ("Article 12(1) The Contractor shall ... from receipt." / "(2) Paragraph (1) applies ...": a
    # numbered paragraph after a finished sentence, not a wrapped list)
    return at > 0 and not previous.lstrip().startswith(f"({before})") and previous[at - 1] in " :" \
        and previous.rstrip().endswith((";", ",", ":", " and", " or"))


_PROVISION_NAMED = re.compile(r"(?i:article|section|clause|paragraph|art\.|sec\.)\s+\d")
_PART_NAMED = re.compile(r"(?i:schedule|annex|annexure|appendix|exhibit|attachment)\s+(?:[A-Z0-9]{1,3}|[IVX]{1,5})\b")
# A line that stops inside a reference: its next number goes on with it ("Articles 3 to" / "9.").
_CITES_ON = re.compile(r"(?:\b(?:articles?|sections?|clauses?|paragraphs?|points?|annex|schedule|appendix)|\u00a7|\d\s+(?:and|or|through)"
                       r"|\b(?:to|of|from|under|in))\s*$", re.I)


def starts_clause(line: str) -> bool:
    """True if ``line`` begins with a clause number, label or bullet."""
    return clause_start(line) is not None


# --------------------------------------------------------------------------- heuristics

_SMALL_WORDS = frozenset(
    "a an the and or nor of to in on for with by at from as per via vs under into "
    "upon over than that this its their our your".split()
)
_TERMINAL = ".;:?!"


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends with terminal punctuation (. ; : ? !), ignoring
    closing quotes and brackets."""
    s = text.rstrip().rstrip("\"'”’)]")
    return bool(s) and s[-1] in _TERMINAL


def is_all_caps(text: str) -> bool:
    """True if ``text`` has at least two letters and no lowercase letter."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def is_title_like(text: str) -> bool:
    """True if every significant word of ``text`` starts with a capital.

    Small words (of, and, the, ...) may be lowercase except the first word.
    """
    words = [w.strip("\"'“”‘’()[],") for w in text.split()]
    words = [w for w in words if any(c.isalpha() for c in w)]
    if not words:
        return False
    for i, w in enumerate(words):
        first = next(c for c in w if c.isalpha())
        if first.isupper():
            continue
        if i > 0 and w.lower() in _SMALL_WORDS:
            continue
        return False
    return True


# An order form's "Label: value" line ("Hosting location: Canada", "Hosting location (all Services,
# including Batch): EU"): a short label, perhaps with one parenthetical, then a colon and its value.
# Such lines are statements of their own, even with no blank line or full stop between them.
LABEL_LINE = re.compile(r"^[A-Z\u00c0-\u00dd][\w/&'\u2019 -]{1,60}(?:\([^()\n]{1,80}\)[\w/&'\u2019 -]{0,20})?:\s+\S")


def is_short_line(text: str, *, max_chars: int = 80, max_words: int = 12) -> bool:
    """True if ``text`` is short enough to be a heading."""
    return 0 < len(text) <= max_chars and len(text.split()) <= max_words


_PLACEHOLDER = re.compile(r"^\[\s*(?:reserved|not\s+used|intentionally\s+(?:omitted|left\s+blank|deleted)|deleted)\b[^\]]*\]\.?$", re.I)


def heading_candidate(text: str, *, allow_title: bool) -> bool:
    """True if a standalone line ``text`` reads as a heading.

    Headings are short, do not end like a sentence and are either ALL CAPS
    (a trailing colon allowed) or, when ``allow_title``, in Title Case.
    Bulleted and lettered items are never headings; "1. DEFINITIONS",
    "5.2 Data Protection" and "Schedule 2 - Data Processing" can be.
    """
    s = text.strip()
    if not is_short_line(s):
        return False
    start = clause_start(s)
    body = s
    if start is not None:
        if start.kind in ("bullet", "paren"):
            return False
        body = start.rest
        if not body:
            return start.kind == "word"
    if _PLACEHOLDER.match(body):
        return False  # "8.1 [Reserved]", "7.2 [Not used]": a clause kept empty, no title
    if is_all_caps(body):
        return not body.rstrip().endswith((".", ";", ",", "?", "!"))
    if allow_title and is_title_like(body):
        # "Name: Jane Doe" and "1 January 2025" are not headings.
        if ":" in body or not any(c.isalpha() for c in body.split()[0]):
            return False
        return not ends_sentence(body) and not body.endswith(",")
    return False
