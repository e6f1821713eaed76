"""Plain-text and Markdown reader.

Decoding is BOM-aware (UTF-8, UTF-16, UTF-32), then strict UTF-8, then the
charset-normalizer best guess (preferring Windows-1252 when it is among the
equally good candidates) with a warning naming the encoding.

Contracts saved as text are usually hard-wrapped, so consecutive non-blank
lines are joined into one paragraph, except that a line starting with a
clause number or label ("5.2", "(a)", "Section 7", a bullet ...) starts a
new block, and short ALL-CAPS or Title Case lines standing alone are
headings. Lines written with ``|`` separators are table rows. For Markdown
(``.md``) ``#`` and underlined headings, tables, list items, block quotes
and inline emphasis/links are understood as well.
"""

from __future__ import annotations

from dataclasses import replace

import re
import unicodedata

from auditor.model import IngestError

from .blocks import LABEL_LINE as _LABEL_LINE, Draft, clause_start, heading_candidate, is_all_caps, table_drafts
from .normalize import normalize_text

# Byte-order marks, longest first (the UTF-32-LE mark starts like UTF-16-LE's).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_OK_CONTROLS = frozenset("\t\n\r\x0b\x0c")
_MAX_CONTROL_SHARE = 0.01
_PREFERRED_GUESS = "cp1252"

BINARY_MESSAGE = "binary data, not a document"


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes as text, or raise ``IngestError``.

    Returns the text and any warnings (e.g. "decoded as cp1252 (not valid
    UTF-8)"). Raises ``unsupported_format`` for binary data and ``corrupt``
    for text whose byte-order mark does not match its content.
    """
    warnings: list[str] = []
    text: str | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                name = codec.upper()
                raise IngestError("corrupt", f"text starts with a {name} byte-order mark but is not valid {name}") from None
            break
    if text is None and b"\x00" in data:
        codec = _bomless_utf16(data)
        if codec is None:
            raise IngestError("unsupported_format", BINARY_MESSAGE)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise IngestError("unsupported_format", BINARY_MESSAGE) from None
        warnings.append(f"decoded as {codec} (no byte-order mark)")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, encoding = _guess_decode(data)
            warnings.append(f"decoded as {encoding} (not valid UTF-8); check accented letters and quotes")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise IngestError("unsupported_format", BINARY_MESSAGE)
    return text, warnings


def _bomless_utf16(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the NUL bytes sit in every other
    position, as in mostly-ASCII UTF-16 text without a byte-order mark."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def _guess_decode(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise IngestError("unsupported_format", BINARY_MESSAGE)
    best = matches[0]
    for m in matches:
        if m.chaos <= best.chaos + 0.01 and _PREFERRED_GUESS in m.could_be_from_charset:
            try:
                return data.decode(_PREFERRED_GUESS), _PREFERRED_GUESS
            except UnicodeDecodeError:
                break
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return str(best), best.encoding


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:200_000]
    bad = sum(1 for c in sample if c not in _OK_CONTROLS and unicodedata.category(c) == "Cc")
    return bad / len(sample)


# --------------------------------------------------------------------------- parsing

_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_ATX = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)$")
_RULE = re.compile(r"^(?:(?:[-*_=~]\s*){3,})$")
_FENCE = re.compile(r"^(```|~~~)")
# A line that opens a definition ('"Deferred Job" means ...'): a paragraph of its own.
_DEFINITION_LINE = re.compile(r"^\s*[\"\u201c\u00ab]\s?[A-Z\u00c0-\u00dd][^\"\u201c\u201d\u00bb]{0,60}[\"\u201d\u00bb]\s+(?:\([^()]{1,60}\)\s+)?"
                              r"(?:means|shall\s+mean|has\s+the\s+meaning|refers\s+to)\b")
_QUOTE = re.compile(r"^(?:>\s?)+")
# "+----+----+" borders, and "-----+-----" rules under a header whose cells are split by bars
# "[1] For asynchronous batch jobs, ...": a footnote's own line.
# ("[^1]: During capacity peaks, ...": a Markdown footnote, cited as "France[^1]")
_NOTE_LINE = re.compile(r"^\[(\^?\d{1,2})\]:?\s+(?=\S)")
_GRID = re.compile(r"^(?:\+[-=+:]+\+|[-=]{3,}(?:\+[-=]{3,})+)$")
_SEP_CELL = re.compile(r"^:?[-=]{1,}:?$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_MD_CODE = re.compile(r"`+([^`]*)`+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def markdown_inline(text: str) -> str:
    """Strip Markdown inline markup: links and images keep their text,
    emphasis markers and code backticks go, escapes are resolved."""
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EM.sub(lambda m: m.group(1) or m.group(2) or "", text)
    return _MD_ESCAPE.sub(r"\1", text)


_GAP = re.compile(r"\S+(?:\s\S+)*")


def _columns(raw: str) -> list[tuple[int, str]]:
    """The cells of a line laid out in columns: runs of text parted by two spaces or more, with
    the column each starts at."""
    line = raw.expandtabs(8).rstrip()
    return [(m.start(), m.group(0)) for m in _GAP.finditer(line)]


_KEY_VALUE = re.compile(r"^(?P<key>\S[^:]{0,80}:)\s{2,}(?P<value>\S.*)$")


def _key_values(raw_lines: list[str], i: int) -> tuple[int, list[tuple[str, int]]]:
    """The particulars laid out as a key column and a value column that starts at line ``i``
    ("Hosting location:        Hong Kong SAR (storage and", "                          processing)",
    "Data retention (Bulk Inference", "Service input files):    30 days"): how many lines it takes,
    and one "Key: value" text per record with the number of its first line. A record's key may wrap
    over lines of its own before the line that ends it with a colon; its value may wrap onto lines
    indented to the value column. At least two records whose values start in the same column, and
    every line of the run one of these; (0, []) otherwise."""
    run = []
    j = i
    while j < len(raw_lines) and raw_lines[j].strip():
        run.append(raw_lines[j].rstrip())
        j += 1
    keyed = [m for m in map(_KEY_VALUE.match, run) if m]
    if len(keyed) < 2 or len({m.start("value") for m in keyed}) != 1 or "|" in "".join(run):
        return 0, []
    col = keyed[0].start("value")
    records: list[tuple[str, int]] = []
    key: list[str] = []
    first = i
    for k, line in enumerate(run):
        m = _KEY_VALUE.match(line)
        if m and m.start("value") == col:
            key.append(m.group("key").strip())
            records.append((" ".join(key) + " " + m.group("value").strip(), first if len(key) > 1 else i + k))
            key = []
        elif not line[:col].strip() and records and not key:
            text, at = records[-1]
            records[-1] = (text + " " + line.strip(), at)  # the value going on in its column
        elif len(line) < col and not line.rstrip().endswith(":"):
            if not key:
                first = i + k
            key.append(line.strip())  # a key wrapped onto the next line
        else:
            return 0, []
    if key:
        return 0, []
    return len(run), records


def _aligned_rows(raw_lines: list[str], i: int) -> tuple[int, list[tuple[list[str], str]]]:
    """The table laid out with spaces that starts at line ``i`` ("Item  Deployment Type  Unit
    price" over "1     Regional Standard  4.10"): how many lines it takes, and its rows with their
    sources. A header and at least two rows, each of three cells or more, whose cells start where
    the header's do; a rule of dashes under the header is skipped, and a line whose first column is
    empty goes on with the cells of the row above ("Queued Jobs  Files of up to 50,000 requests" /
    "             processes asynchronously"). (0, []) when the lines are not one."""
    if i >= len(raw_lines) or "  " not in raw_lines[i] or "|" in raw_lines[i]:
        return 0, []
    head = _columns(raw_lines[i])
    if len(head) < 3 or len(head) > 12 or any(len(c) > 40 for _, c in head):
        return 0, []
    starts = [x for x, _ in head]
    rows: list[tuple[list[str], int, int]] = [([c for _, c in head], i, i)]
    j = i + 1
    while j < len(raw_lines) and raw_lines[j].strip() and "|" not in raw_lines[j]:
        cells = _columns(raw_lines[j])
        if j == i + 1 and len(cells) == len(head) and all(set(c) <= set("-=") for _, c in cells):
            j += 1  # the rule under the header
            continue
        if len(cells) == len(head) and sum(1 for (x, _), y in zip(cells, starts) if abs(x - y) <= 1) >= len(head) - 1:
            rows.append(([c for _, c in cells], j, j))
        elif len(rows) > 1 and cells and cells[0][0] > starts[0] + 1 and all(
                any(abs(x - y) <= 1 for y in starts[1:]) for x, _ in cells):
            prev, first, _ = rows[-1]
            merged = list(prev)
            for x, c in cells:
                k = min(range(1, len(starts)), key=lambda n: abs(starts[n] - x))
                merged[k] = f"{merged[k]} {c}".strip()
            rows[-1] = (merged, first, j)
        else:
            break
        j += 1
    if len(rows) < 3:
        return 0, []
    return j - i, [(cells, _source(a + 1, b + 1)) for cells, a, b in rows]


def _is_table_line(line: str) -> bool:
    return "|" in line or bool(_GRID.match(line))


def _split_row(line: str) -> list[str]:
    s = line.strip()
    s = s.replace("\\|", "\x00")
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip().replace("\x00", "|") for c in s.split("|")]


def _is_separator_row(line: str) -> bool:
    if _GRID.match(line):
        return True
    cells = [c for c in _split_row(line) if c]
    return bool(cells) and all(_SEP_CELL.match(c.replace(" ", "")) for c in cells)


def _source(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"





def _short_title(rest: str) -> bool:
    """"Incident notification", "Processing modes": a few words after an article's
    number, capitalised and with no sentence end, as civil-law drafting titles them."""
    words = rest.split()
    return (0 < len(words) <= 5 and rest[:1].isupper() and not rest.rstrip().endswith((".", ";", ",", ":"))
            and not any(w.lower() in ("shall", "must", "will", "may", "is", "are") for w in words))

_ORDERED = re.compile(r"^(?P<indent>[ \t]*)(?P<num>\d{1,3})\.(?=\s)")


def _nest_ordered(raw: list[str], lines: list[str]) -> list[str]:
    """Markdown ordered lists nested by indentation ("3. **Confidentiality.**" over an
    indented "1. The Provider shall ..."): the inner items are clauses 3.1, 3.2, as
    the rendered document numbers them for its reader."""
    out = list(lines)
    stack: list[tuple[int, str]] = []  # (indent, full number) of the open items
    for i, r in enumerate(raw):
        m = _ORDERED.match(r.expandtabs(4))
        if not m:
            if r.strip() and not r[:1].isspace():
                stack = []  # unindented prose ends the list
            continue
        indent = len(m.group("indent"))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        number = f"{stack[-1][1]}.{m.group('num')}" if stack else m.group("num")
        stack.append((indent, number))
        if "." in number and out[i].startswith(m.group("num") + "."):
            out[i] = number + out[i][len(m.group("num")):]
    return out


class _Parser:
    """Line-oriented block builder for text and Markdown."""

    def __init__(self, markdown: bool) -> None:
        self.md = markdown
        self.drafts: list[Draft] = []
        self._notes: list[tuple[int, str]] = []  # (index among the drafts, number) of each footnote
        self.lines: list[str] = []
        self.first = 0
        self.last = 0
        self.kind = "paragraph"
        self.level: int | None = None
        self.list_item = False

    # -- current paragraph -------------------------------------------------

    def _start(self, line: str, lineno: int, *, list_item: bool = False) -> None:
        self.list_item = list_item
        self.lines = [line]
        self.first = self.last = lineno
        self.kind = "paragraph"
        self.level = None

    def _flush(self) -> None:
        """Emit the current paragraph. It always ends at a break (blank line,
        new clause, table, heading or end of file), so a paragraph of a single
        heading-like line is a heading."""
        if not self.lines:
            return
        text = " ".join(self.lines)
        kind, level = self.kind, self.level
        if kind == "paragraph" and len(self.lines) == 1 and not self.list_item:
            if heading_candidate(text, allow_title=True):
                kind = "heading"
                start = clause_start(text)
                level = start.depth if start is not None else None
        self.drafts.append(Draft(text=text, kind=kind, level=level, source=_source(self.first, self.last)))
        self.lines = []

    def _emit(self, text: str, lineno: int, kind: str, level: int | None = None) -> None:
        self.drafts.append(Draft(text=text, kind=kind, level=level, source=_source(lineno, lineno)))

    # -- main loop ------------------------------------------------------------

    def parse(self, text: str) -> list[Draft]:
        raw_lines = _LINE_SPLIT.split(text)
        lines = [normalize_text(r) for r in raw_lines]
        if self.md:
            lines = _nest_ordered(raw_lines, lines)
        n = len(lines)
        i = 0
        while i < n:
            line, lineno = lines[i], i + 1
            if self.md:
                line = _QUOTE.sub("", line).strip()
                if _FENCE.match(line):
                    self._flush()
                    i += 1
                    continue
            if not line:
                self._flush()
                i += 1
                continue
            note = _NOTE_LINE.match(line)
            if note and re.search(rf"\S\[{re.escape(note.group(1))}\]", text[:sum(len(r) + 1 for r in raw_lines[:i])]):
                # "[1] For asynchronous batch jobs, result files are retained for 60 days.": a footnote,
                # cited as "30 days.[1]" earlier, read with the clause that cites it.
                self._flush()
                self._start(line[note.end():].strip(), lineno)
                self.kind = "footnote"
                self._notes.append((len(self.drafts), note.group(1)))
                i += 1
                continue
            if note and self.kind == "footnote":
                self._flush()  # "[3] ..." that nothing cites, after a footnote: a line of its own
            keyed, records = (0, []) if self.md or (self.lines and not _KEY_VALUE.match(raw_lines[i])) \
                else _key_values(raw_lines, i)
            if keyed:
                self._flush()
                for text, at in records:
                    self._start(normalize_text(text), at + 1)
                    self._flush()
                i += keyed
                continue
            aligned, rows = (0, []) if self.md else _aligned_rows(raw_lines, i)
            if aligned:
                self._flush()
                self.drafts.extend(table_drafts(rows))
                i += aligned
                continue
            if _is_table_line(line):
                j = i
                while j < n and lines[j] and _is_table_line(lines[j]):
                    j += 1
                if line.startswith("|") or j - i >= 2:
                    self._flush()
                    lead, bar, rest = line.partition("|")
                    if lead.strip().endswith(":") and rest.rstrip().endswith("|"):
                        # "Order Form, Part B: | Workload | Processing region |": a caption, then the table
                        self._emit(lead.strip(), lineno, "paragraph")
                        lines[i] = bar + rest
                    self._table(lines, i, j)
                    i = j
                    continue
            if self.md:
                m = _ATX.match(line)
                if m:
                    self._flush()
                    self._emit(markdown_inline(m.group(2) or ""), lineno, "heading", len(m.group(1)))
                    i += 1
                    continue
            if _SETEXT.match(line) and len(self.lines) == 1 and self.kind == "paragraph":
                if self.md or len(line) >= 3:
                    self.kind, self.level = "heading", 1 if line[0] == "=" else 2
                    self._flush()
                    i += 1
                    continue
            if _RULE.match(line):
                self._flush()
                i += 1
                continue
            if self.md:
                line = markdown_inline(line)
            elif "**" in line or "__" in line:
                line = _MD_STRONG.sub(r"\2", line)  # "**Breach Notice.**" in a plain-text export: emphasis, not words
            nxt = lines[i + 1] if i + 1 < n else ""
            start = clause_start(line, self.lines[-1] if self.lines else None)
            if start is not None:
                stripped = self.md and start.kind == "bullet" and start.label in "-*+"
                self._flush()
                if (start.kind == "word" and start.rest and (heading_candidate(line, allow_title=True) or _short_title(start.rest))
                        and (nxt[:1].isupper() or nxt[:1] in "\"\u201c'\u00ab" or clause_start(nxt, line) is not None)):
                    # "Schedule 14 - Glossary" on a line of its own, the glossary's first
                    # entry on the next: a heading, not the start of a wrapped sentence.
                    self._emit(line, lineno, "heading")
                    i += 1
                    continue
                # Markdown list markers are markup, not contract text.
                self._start(start.rest if stripped else line, lineno, list_item=stripped)
            elif not self.lines and not (_LABEL_LINE.match(line) and _LABEL_LINE.match(nxt)) and (
                    self._caps_heading(line, nxt) or self._title_heading(line, nxt)):
                # (not "Service: Batch API" over "Hosting location: Singapore": two order-form lines)
                self._emit(line, lineno, "heading")
            elif self.lines and self.lines[-1].rstrip().endswith(".") and (
                    _DEFINITION_LINE.match(line) or (_DEFINITION_LINE.match(nxt) and heading_candidate(line, allow_title=True))):
                # A definition after a finished sentence, or a title over definitions
                # ("Definitions"), starts afresh even without a blank line before it.
                self._flush()
                if _DEFINITION_LINE.match(line):
                    self._start(line, lineno)
                else:
                    self._emit(line, lineno, "heading")
            elif self.lines and _LABEL_LINE.match(line) and (
                    _LABEL_LINE.match(self.lines[0]) or _LABEL_LINE.match(self.lines[-1])
                    or self.lines[-1].endswith((".", ":"))):
                # Order-form lines, one "Label: value" each ("Hosting location: Canada"),
                # are separate statements even without blank lines between them (and when a
                # value wraps onto a second line).
                self._flush()
                self._start(line, lineno)
            elif self.lines:
                self.lines.append(line)
                self.last = lineno
            else:
                self._start(line, lineno)
            i += 1
        self._flush()
        return self._notes_placed()

    def _notes_placed(self) -> list[Draft]:
        """Each footnote right after the block that cites it ("... for 30 days.[1]"), as Word's are."""
        if not self._notes:
            return self.drafts
        notes = dict(self._notes)
        out: list[tuple[int, Draft]] = [(k, d) for k, d in enumerate(self.drafts) if k not in notes]
        for k, number in self._notes:
            marker = f"[{number}]"
            cites = [j for j, (orig, d) in enumerate(out) if orig < k and d.kind != "footnote" and marker in d.text]
            if cites:
                # the marker goes, as a Word footnote's reference mark does: "30 days.[1]" reads "30 days."
                orig, cited = out[cites[-1]]
                out[cites[-1]] = (orig, replace(cited, text=cited.text.replace(marker, "", 1)))
            at = cites[-1] + 1 if cites else len(out)
            while at < len(out) and out[at][1].kind == "footnote":
                at += 1
            note = self.drafts[k]
            out.insert(at, (k, replace(note, source=f"footnote {number.lstrip('^')} ({note.source})")))
        return [d for _, d in out]

    @staticmethod
    def _caps_heading(line: str, nxt: str) -> bool:
        """An ALL-CAPS line opening a group is a heading even without a blank
        line after it, unless the next line continues it: a lowercase start,
        or more capitals of similar length (an all-caps liability clause is
        hard-wrapped at one width; a heading is much shorter than the text
        under it)."""
        if not nxt or not heading_candidate(line, allow_title=False) or not is_all_caps(line):
            return False
        if clause_start(nxt) is not None:
            return True
        if nxt[:1].islower():
            return False
        return not is_all_caps(nxt) or len(line) < 0.6 * len(nxt)

    @staticmethod
    def _title_heading(line: str, nxt: str) -> bool:
        """A short Title Case line opening a group ("Service-Specific Terms - Harvest
        Run") is a heading when the next line starts a sentence or a clause of its
        own and is much longer: a wrapped sentence's first line is as long as the
        lines after it."""
        if not nxt or not heading_candidate(line, allow_title=True) or is_all_caps(line):
            return False
        if clause_start(nxt) is not None or _DEFINITION_LINE.match(nxt):
            return True  # a numbered clause, or a definition ('"Night Run" means ...'), under a title
        return nxt.lstrip("\"'\u201c\u2018\u00ab (*")[:1].isupper() and len(line) < 0.6 * len(nxt)

    def _table(self, lines: list[str], i: int, j: int) -> None:
        if all(len(_split_row(lines[k])) <= 1 for k in range(i, j) if not _is_separator_row(lines[k])):
            self._boxed(lines, i, j)
            return
        rows: list[tuple[list[str], str]] = []
        firsts: list[int] = []
        inner = [k for k in range(i + 1, j - 1) if _GRID.match(lines[k])]
        if len(inner) >= 2 and all(k + 1 < j and not _GRID.match(lines[k + 1]) for k in inner):
            # A grid table whose rules part every row ("+----+----+" between records): the lines between
            # two rules are one row, its cells wrapped ("| Data Zone Standard | ... |" / "| (US) | ... |").
            self.drafts.extend(table_drafts(self._grid_rows(lines, i, j)))
            return
        for k in range(i, j):
            if _is_separator_row(lines[k]):
                continue
            cells = _split_row(lines[k])
            if self.md:
                cells = [markdown_inline(c) for c in cells]
            if rows and lines[k].lstrip().startswith("|") and not lines[firsts[0] - 1].lstrip().startswith("|"):
                cells = [""] + cells  # rows drawn without outer bars: a leading bar follows an empty first cell
            if rows and len(rows) > 1 and cells and not cells[0] and any(cells) and len(cells) == len(rows[-1][0]):
                # A wrapped row: its first cell empty, the rest going on from the line above
                # ("Batch API | Not available | Input files and" / " | | result files: 29 days").
                prev = rows[-1][0]
                rows[-1] = ([(p + " " + c).strip() if c else p for p, c in zip(prev, cells)], _source(firsts[-1], k + 1))
                continue
            rows.append((cells, _source(k + 1, k + 1)))
            firsts.append(k + 1)
        self.drafts.extend(table_drafts(rows))


    def _grid_rows(self, lines: list[str], i: int, j: int) -> list[tuple[list[str], str]]:
        rows: list[tuple[list[str], str]] = []
        cells: list[str] = []
        first = 0
        for k in range(i, j + 1):
            if k == j or _is_separator_row(lines[k]):
                if cells and any(cells):
                    rows.append(([markdown_inline(c) if self.md else c for c in cells], _source(first, k)))
                cells = []
                continue
            parts = _split_row(lines[k])
            if not cells:
                cells, first = parts, k + 1
            elif len(parts) == len(cells):
                cells = [f"{a} {b}".strip() for a, b in zip(cells, parts)]
            else:
                cells = cells + parts[len(cells):] if len(parts) > len(cells) else cells
        return rows

    def _boxed(self, lines: list[str], i: int, j: int) -> None:
        """Text drawn in a frame ("+----+" borders, "| ... |" margins): one column is no table, but
        prose, its wrapped lines joined and a numbered item starting a paragraph of its own."""
        self._flush()
        for k in range(i, j):
            if _is_separator_row(lines[k]):
                continue
            cells = _split_row(lines[k])
            text = (markdown_inline(cells[0]) if self.md else cells[0]).strip() if cells else ""
            if not text:
                self._flush()
            elif self.lines and clause_start(text, self.lines[-1]) is None:
                self.lines.append(text)
                self.last = k + 1
            else:
                self._flush()
                self._start(text, k + 1)
        self._flush()


def read_text(text: str, *, markdown: bool) -> list[Draft]:
    """Split decoded text into block drafts (see the module docstring)."""
    return _Parser(markdown).parse(text)
