"""Blocks to clauses.

Each block of the document becomes one clause (headings and table rows
included, with their own ``kind``); a paragraph holding a list of lettered
sub-clauses that are sentences of their own ("11.3 If this Agreement
terminates: (a) ...; and (b) Vendor will delete ...") becomes one clause per
item (see :mod:`auditor.segment.inline`). The segmenter tracks the open
section context — annex ("Schedule 2"), lettered section ("H"), numbered
section ("7.2", "H.1"), sub-clauses ("(b)(ii)") and the nearest heading — so
every clause knows the section a lawyer would cite, and splits the clause
into sentences with the legal sentence rules of ``auditor.nlp``.

Every clause also gets a ``cite`` a lawyer can find in Word or a text editor
(see :mod:`auditor.segment.cite`): its section, or where the file has no
numbering above it, the nearest heading and the paragraph's place under it,
its table row, or its paragraph number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Block, Clause, Document, Segmentation, Sentence
from ..nlp import sentence_spans
from .cite import Citer
from .inline import inline_items
from .inline_table import inline_table
from .labels import Label, read_label, sub_level

_STOP = {"and", "or", "of", "the", "to", "for", "in", "on", "a", "an", "with", "by", "&", "-"}
_RUN_IN = re.compile(r"^(?P<h>[A-Z][\w'’/&,-]*(?:\s+[\w'’/&,-]+){0,6})\.\s+(?=[A-Z(\"“])")


_PARAGRAPH = re.compile(r"^(.*?)(\(\d{1,2}[a-z]?\))?$")
_PARTS = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})((?:\((?:[a-z]{1,4}|\d{1,2})\)){1,3})$")


def _next_letter(before: str, value: str) -> bool:
    """Is ``value`` the letter after ``before`` ("(c)" then "(d)")? Then it is its sibling, whichever
    of the two reads as a roman numeral."""
    a, b = before.strip("()"), value.strip("()")
    return len(a) == 1 and len(b) == 1 and a.islower() and b.islower() and ord(a) + 1 == ord(b)


def _sub_kind(value: str, previous: list[str]) -> str:
    """The kind of a parenthesised sub-label: "digit", "upper", "roman" or "letter" ("(i)" after
    "(h)" is a letter)."""
    inner = value.strip("()")
    if inner.isdigit():
        return "digit"
    if inner.isupper():
        return "upper"
    if len(inner) == 1 and any(len(p.strip("()")) == 1 and p.strip("()").islower()
                               and ord(p.strip("()")) + 1 == ord(inner) for p in previous[-1:]):
        return "letter"  # "(c)" after "(b)", "(d)" after "(c)": the next letter, not a roman numeral
    return "roman" if sub_level(value, previous) == 1 else "letter"


@dataclass
class _Context:
    annex: str | None = None
    number: str | None = None
    subs: list[tuple[int, str]] = field(default_factory=list)  # (level, "(a)")
    heading: str | None = None
    letter: str | None = None  # an open lettered section ("H. Term and Termination"): its numbers are "H.1"
    last_letter: str | None = None  # the last lettered section, so that only the next letter opens one
    article: str | None = None  # an open "Article 7" whose paragraphs are numbered "1.", "2." from 1
    sign: str | None = None  # an open "§ 3" (its number), whose paragraphs may be numbered "1.", "2." from 1
    spelled: str | None = None  # an open "CLAUSE FIFTH" (its number), whose paragraphs are numbered "1.", "2." from 1
    kinds: dict[str, str] = field(default_factory=dict)  # sub-label -> the kind it was read as when it opened

    def section(self) -> str | None:
        num = (self.number or "") + "".join(v for _, v in self.subs)
        if self.annex and num:
            return f"{self.annex}, {num}"
        return self.annex or (num or None)

    def accepts(self, label: Label, title: bool) -> bool:
        """A lettered section opens in sequence ("A.", then "B." ...), or as the first of
        a document with a title of two words or more ("H. TERM AND TERMINATION"):
        "J. Smith" under a signature opens nothing."""
        if label.kind != "letter":
            return True
        words = label.rest.split()
        if len(words) == 1 and not words[0].isupper() and not words[0].endswith("."):
            return False  # "J. Smith": an initial and a name
        if self.last_letter is None:
            return label.value == "A" or (title and len(label.rest.split()) >= 2)
        return ord(label.value) == ord(self.last_letter) + 1

    def apply(self, label: Label, *, heading: bool = False, bare: bool = False) -> None:
        """Open ``label``; ``heading`` when its block is a title, ``bare`` when it is a bare number ("1.")."""
        if label.kind == "annex":
            self.annex, self.number, self.subs, self.letter = label.value, None, [], None
        elif label.kind == "letter":
            self.number, self.subs, self.last_letter = label.value, [], label.value
            self.letter = label.value if heading else None
        elif label.kind == "number" and self.number and (self.number.startswith("Article ") or self.number == self.sign
                                                          or self.number == self.spelled) and not label.spelled and \
                not (label.sign and self.number == self.sign) and "." not in label.value and (
                label.dotless or self.article == self.number or (label.value == "1" and not self.subs)):
            # "Art. 7 Incident notification", then "1 The Provider shall ...": paragraph 1 of Article 7;
            # so too "Article 7 (Handling of Personal Information)" then "1. The Contractor shall ...",
            # "2. ...": paragraphs numbered afresh from 1 in each article; and "§ 3. Protection of
            # Content" then "1. The Contractor shall ...": paragraph 1 of § 3, which reads as 3(1).
            self.number = _PARAGRAPH.match(self.number).group(1)
            self.article = self.number
            self.subs = [(sub_level(f"({label.value})", []), f"({label.value})")]
        elif label.kind == "number" and label.paragraph and self.number and self.subs and \
                re.fullmatch(r"\(\d{1,2}[a-z]?\)", self.subs[0][1]):
            # "Section 9 para. 1 The Provider shall ...", then "Para. 4 No mode ...": paragraph (4) of section 9
            self.subs = [(self.subs[0][0], f"({label.value})")]
        elif label.kind in ("number", "section"):
            if label.annex:
                self.annex = label.annex  # "Exhibit B, B.6 ...": a paragraph of the exhibit it names
            value = label.value
            if self.letter and bare and label.kind == "number":
                value = f"{self.letter}.{value}"  # "1." under "H. Term and Termination" is H.1
            elif not (self.letter and value.startswith(self.letter + ".")):
                self.letter = None  # "Section 5", "Article II", "C.2" close a lettered section
            self.number, self.subs = value, []
            self.sign = value if label.sign and "." not in value and "(" not in value else None
            self.spelled = value if label.spelled else None
            head, para = _PARAGRAPH.match(value).groups()
            parts = _PARTS.match(value)
            if para:  # "§ 7 (1)": paragraph (1) of section 7, so a later "(2)" is its sibling
                self.number, self.subs = head, [(sub_level(para, []), para)]
                if head.startswith("Article "):
                    self.article = head  # "Article 8, § 1.", then "§ 2.": the article's paragraphs, numbered afresh
            elif parts:
                # "4(a) The Vendor shall ...", "5.04 (a) Contractor shall ...": its part (a), so a later
                # "(b)" is its sibling (4(b)), not a part of it
                self.number, self.subs = parts.group(1), []
                for part in re.findall(r"\([^()]+\)", parts.group(2)):
                    values = [v for _, v in self.subs]
                    self.subs.append((sub_level(part, values), part))
                    self.kinds[part] = _sub_kind(part, values[:-1] if values else [])
        elif label.kind == "sub":
            # Nesting follows the order in which kinds of label open: "(3)" then "(a)" is 7(3)(a), and
            # a later "(4)" is a sibling of "(3)"; "(a)" then "(i)" then "(b)" is (a)(i), then (b).
            values = [v for _, v in self.subs]
            kind = _sub_kind(label.value, values)
            # (each open label's kind as read when it opened: "(c)" after "(b)" is a letter, so a
            # later "(i)" nests under it rather than following it as a roman numeral)
            same = [k for k, (_, v) in enumerate(self.subs) if self.kinds.get(v, _sub_kind(v, values[:k])) == kind
                    or _next_letter(v, label.value)]
            self.kinds = {v: k for v, k in self.kinds.items() if v in values}
            self.kinds[label.value] = kind
            if same:
                k = same[-1]
                self.subs = self.subs[:k] + [(self.subs[k][0], label.value)]
            elif self.subs:
                self.subs = self.subs + [(max(lv for lv, _ in self.subs) + 1, label.value)]
            else:
                self.subs = [(sub_level(label.value, []), label.value)]

    def nest(self, labels: tuple[str, ...]) -> None:
        """Sub-clauses written inside a paragraph: each deeper than the one before."""
        top = max((lv for lv, _ in self.subs), default=-1)
        self.subs = self.subs + [(top + 1 + k, v) for k, v in enumerate(labels)]


# "Schedule 2: Data Processing", "Part B: Service Terms": a title with its number before the colon.
_STRUCTURAL = re.compile(r"^(?:(?:schedule|annex|annexure|annexe|anexo|appendix|exhibit|attachment|part|article|section|clause|chapter|"
                         r"addendum|title|rider|table)\b|[\dIVXivx(§])", re.I)


def looks_like_heading(text: str) -> bool:
    """A short title line: few words, no sentence punctuation, capitalised."""
    t = text.strip()
    if not t or len(t) > 90 or t.endswith((",", ";", ":")):
        return False
    if t.endswith("."):
        t = t[:-1]
        if len(t.split()) > 5:
            return False
    words = [w for w in re.split(r"\s+", t) if w]
    if not words or len(words) > 10 or re.search(r"[.;!?]\s", t):
        return False
    if ": " in t and not _STRUCTURAL.match(t):
        return False  # "Service: Batch API", "Hosting location: Singapore": a label and its value

    if t.isupper() and any(c.isalpha() for c in t):
        return True
    # Dashes and other marks between title words ("Service-Specific Terms - Harvest Run") are no words.
    content = [w for w in words if w.lower() not in _STOP and any(c.isalnum() for c in w)]
    caps = [w for w in content if w[:1].isupper() or w[:1].isdigit()]
    return bool(content) and len(caps) == len(content)


def _short_title(text: str) -> bool:
    t = text.strip().strip("\u2013\u2014-: ")
    return bool(t) and len(t.split()) <= 10 and not re.search(r"[.;:!?]\s*\S", t) and not t.endswith((",", ";"))


def _label_for(block: Block) -> Label | None:
    if block.numbering:
        found = read_label(block.numbering + " ")
        if found:
            if found.kind == "number" and found.depth == 1 and "list" in (block.style or "").lower():
                # A Word "List Number" item inside a clause is a sub-item, not Section 1.
                return Label("sub", f"({found.value})", block.text)
            return Label(found.kind, found.value, block.text, found.depth)
    return read_label(block.text)


NOTE_KINDS = ("footnote", "endnote")


@dataclass
class _Piece:
    """A clause before it has sentences: a slice of its block."""

    block: Block
    kind: str
    section: str | None
    heading: str | None
    cite: str
    start: int = 0  # slice of block.text
    end: int = -1
    body: int = 0  # where sentences start (after the label), within block.text

    def __post_init__(self) -> None:
        if self.end < 0:
            self.end = len(self.block.text)


def _body_offset(block: Block, label: Label | None) -> int:
    if block.kind == "table_row" or block.numbering or label is None:
        return 0
    return len(block.text) - len(label.rest)


# "9.1 On termination, ... 9.2 On request, ... 9.3 Section 9.1 extends ...": numbered clauses run
# on in one paragraph. A later number of the same clause family, after a sentence's end and before
# a capital, starts a clause of its own.
# ("12(1) The Provider shall ... 12(2) Where the Insurer ...": the paragraph's number in brackets after
# its clause's, the same family written the other way)
_RUN_ON = re.compile(r"(?<=[.;])\s+(?P<num>(?P<major>\d{1,3})(?:\.(?P<minor>\d{1,3})|\((?P<bminor>\d{1,2})\)))\s+(?=[A-Z\"\u201c])")
_OPEN_NUMBER = re.compile(r"^(?P<major>\d{1,3})(?:\.(?P<minor>\d{1,3})|\((?P<bminor>\d{1,2})\))\s+(?=[A-Z\"\u201c])")


_OPEN_WHOLE = re.compile(r"^(?P<major>\d{1,3})\.\s+(?=[A-Z\"\u201c])")


def _minor(m: re.Match) -> tuple[str, int]:
    """A run-on number's way of writing its paragraph ("." or "(") and the paragraph's number."""
    return ("." , int(m.group("minor"))) if m.group("minor") else ("(", int(m.group("bminor")))


# "§ 7 (1) Inputs ... are kept for 30 days. (2) Para. 1 does not apply to ...": numbered paragraphs
# of a section run on in one paragraph. The next paragraph number, after a sentence's end and
# before a capital, starts a clause of its own.
_RUN_ON_PARA = re.compile(r"(?<=[.;])\s+(?P<num>\((?P<minor>\d{1,2})\))\s+(?=[A-Z\"\u201c])")
_OPEN_PARA = re.compile(r"^(?:(?-i:[A-Z]{2,6})\s+(?=\u00a7))?(?:\u00a7\s*|Article\s+|Art\.\s*|Section\s+)\d{1,3}[a-z]?\s*"
                        r"\((?P<minor>\d{1,2})\)\s+(?=[A-Z\"\u201c])")  # "AVV § 8 (1) ...": a document's short name first


# "... whereas Article 18 does not. Article 15. The Contractor shall ... Article 18. The Mutuality may
# inspect ...", "§ 1. Inputs ... § 2. By exception, § 1 does not apply ...": an article or a section
# by its word or sign, closed by its own full stop or colon, after a sentence's end and before a
# capital, opens a clause of its own wherever the paragraph started (not "... under Article 18. The"
# nor "Article 18 does not apply", which cite it).
# ("... delete them. Article (12), Clause (2): No mode ...": numbers in brackets, an article's clause after it)
_RUN_ON_WORD = re.compile(r"(?<=[.;])\s+(?P<num>(?:Article|Art\.|Section|Clause|\u00a7)\s*(?:\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?|\(\d{1,3}\))"
                          r"(?:,?\s+(?:Clause|Paragraph|Para\.|Item)\s+\(\w{1,3}\))*)"
                          r"[.:]\s+(?=[A-Z\"\u201c])")


def _in_sequence(text: str) -> list[re.Match]:
    """Run-on numbers after a sentence's end, two or more of one clause in sequence ("... 6.2 The
    Supplier ... 6.3 Section 6.2 ..."); a single number might be a wrapped reference's tail."""
    seq = [m for m in _RUN_ON.finditer(text) if text[m.start() - 1:m.start()] == "."]
    return [m for k, m in enumerate(seq) if any(
        n.group("major") == m.group("major") and _minor(n)[0] == _minor(m)[0] and abs(_minor(n)[1] - _minor(m)[1]) == 1
        for n in seq[max(0, k - 1):k + 2] if n is not m)]


def _run_on(block: Block) -> list[Block]:
    """``block`` split where a numbered clause runs on after another in the same paragraph."""
    if block.kind != "paragraph" or block.numbering:
        return [block]
    first = _OPEN_NUMBER.match(block.text)
    para = _OPEN_PARA.match(block.text) if first is None else None
    cuts = []
    whole = _OPEN_WHOLE.match(block.text) if first is None and para is None else None
    if whole is not None:
        # "6. The Provider's obligations under this clause 6 apply to ... 6(1) The Provider shall encrypt ...":
        # the clause's first paragraph, and those after it in sequence, run on after its opening words
        way, minor = None, 0
        for m in _RUN_ON.finditer(block.text):
            if m.group("major") == whole.group("major") and (way is None or _minor(m)[0] == way) and _minor(m)[1] == minor + 1:
                cuts.append(m.start("num"))
                way, minor = _minor(m)
    if whole is not None and cuts:
        pass  # the whole clause's paragraphs, found above
    elif first is None and para is None:
        cuts = [m.start("num") for m in _RUN_ON_WORD.finditer(block.text)]
        # "Clause 7.1 applies to the batch jobs; Clause 7.2 does not. 7.1 The CONTRACTOR hosts ... 7.2 The
        # CONTRACTOR shall not ...": numbered clauses after a paragraph's opening words, two or more of one
        # clause in sequence (a single number might be a wrapped reference's tail).
        cuts = sorted(set(cuts) | {m.start("num") for m in _in_sequence(block.text)})
    elif first is not None:
        major, (way, minor) = first.group("major"), _minor(first)
        for m in _RUN_ON.finditer(block.text):
            if m.group("major") == major and _minor(m)[0] == way and minor < _minor(m)[1] <= minor + 9:
                cuts.append(m.start("num"))
                minor = _minor(m)[1]
        # "2.3 The ... commitments in this Appendix apply to all Services ... 6.2 The Supplier shall delete
        # ... 6.3 Section 6.2 does not apply to ...": another clause's paragraphs, in sequence, run on too
        cuts = sorted(set(cuts) | {m.start("num") for m in _in_sequence(block.text) if m.group("major") != major}
                      # ("1.7 ... submitted by the Bank. 5.1 The Supplier shall retain ...": a later section's first
                      # paragraph, after a full stop, opens it)
                      | {m.start("num") for m in _RUN_ON.finditer(block.text) if m.group("major") != major
                         and int(m.group("major")) > int(major) and _minor(m) == (".", 1)
                         and block.text[m.start() - 1:m.start()] == "."})
    else:
        minor = int(para.group("minor")) if para else 0
        for m in _RUN_ON_PARA.finditer(block.text):
            if int(m.group("minor")) == minor + 1:  # only the next number: not "(b) ... (2)" or a repeat
                cuts.append(m.start("num"))
                minor += 1
    if not cuts:
        return [block]
    out = []
    for a, b in zip([0] + cuts, cuts + [len(block.text)]):
        text = block.text[a:b].rstrip()
        start = block.start + a
        out.append(replace(block, text=text, start=start, end=start + len(text),
                           changes=tuple(c for c in block.changes if start <= c.start <= start + len(text))))
    return out


def _same_annex(heading: _Piece, label: Label) -> bool:
    """Is ``label`` ("Annexe C") the annex the heading just read opens ("Exhibit C"), by another name?"""
    own = (heading.section or "").split(", ")[0].split()
    return len(own) == 2 and own[1] == label.value.split()[-1] and own[0] != label.value.split()[0]


def _annex_lists(blocks: tuple[Block, ...] | list[Block]) -> set[int]:
    """The blocks that list a document's annexes rather than open them: "1.2 The following
    appendices form part of the Agreement:" and then "Appendix 1 The Customer's requirements",
    "Appendix 2 ...", each a line of the list; the clauses after them are still the main text."""
    listed: set[int] = set()
    i = 0
    while i < len(blocks):
        run = []
        j = i + 1
        while j < len(blocks) and blocks[j].kind != "table_row" and len(blocks[j].text) <= 120:
            label = _label_for(blocks[j])
            if label is None or label.kind != "annex":
                break
            run.append(blocks[j])
            j += 1
        lead = blocks[i].kind != "table_row" and blocks[i].text.rstrip().endswith(":")
        after = _label_for(blocks[j]) if j < len(blocks) else None
        if len(run) >= 2 and (lead or (len(run) >= 3 and after is not None and after.kind in ("number", "section"))):
            listed.update(id(b) for b in run)
        i = max(j, i + 1)
    return listed


def segment(document: Document) -> Segmentation:
    """Split ``document`` into clauses with section, heading, page, cite and sentences."""
    ctx = _Context()
    citer = Citer()
    pending: list[_Piece] = []
    listed = _annex_lists(document.blocks)
    for block in (piece for whole in document.blocks for piece in _run_on(whole)):
        if block.kind in NOTE_KINDS:
            # A footnote is read with the section of the clause that cites it.
            section = ctx.section()
            pending.append(_Piece(block, block.kind, section, ctx.heading, citer.note(block, section)))
            continue
        if block.kind == "table_row":
            section = ctx.section()
            pending.append(_Piece(block, "table_row", section, ctx.heading, citer.row(block, section, ctx.heading)))
            continue
        label = _label_for(block) if id(block) not in listed else None
        if (label is not None and label.kind == "annex" and pending and pending[-1].kind == "heading"
                and pending[-1].block.kind != "table_row" and _same_annex(pending[-1], label)):
            # "EXHIBIT C - EMAIL EXCHANGE" then "ANNEXE C - ÉCHANGE DE COURRIELS": the same title in another
            # language, under the heading it repeats.
            pending.append(_Piece(block, "heading", pending[-1].section, pending[-1].heading, pending[-1].cite))
            continue
        body = label.rest if label else block.text
        is_heading = block.kind == "heading" or (looks_like_heading(body) if body else label is not None)
        if label is not None and not ctx.accepts(label, is_heading):
            label, body = None, block.text
            is_heading = block.kind == "heading" or looks_like_heading(body)
        if label and label.kind == "annex" and _short_title(body):
            is_heading = True  # "Annex II – Technical and organisational measures"
        if id(block) in listed:
            is_heading = False  # a line of the list of annexes, part of the clause that lists them
        if label:
            ctx.apply(label, heading=is_heading, bare=block.text[:1].isdigit() or bool(block.numbering))
            if label.kind != "sub":
                citer.open(block)
        offset = 0 if label is None or block.numbering else _body_offset(block, label)
        if is_heading:
            ctx.heading = body.strip().rstrip(".") or (label.value if label else None)
            section = ctx.section()
            cite = citer.heading(block, section, ctx.heading, label is not None)
            pending.append(_Piece(block, "heading", section, ctx.heading, cite, body=offset))
            continue
        heading = ctx.heading
        run_in = _RUN_IN.match(body)
        if run_in and looks_like_heading(run_in.group("h")):
            heading = run_in.group("h")
        section = ctx.section()
        cite = citer.paragraph(block, section, ctx.heading)
        table = inline_table(block.text[offset:]) if block.kind == "paragraph" else None
        if table is not None:
            # "ZDR eligibility: Messages API - Yes; Message Batches API - No": one row per offering.
            column, rows = table
            for start, end, cells in rows:
                row = replace(block, cells=cells, header=("Offering", column))
                pending.append(_Piece(row, "table_row", section, heading, cite, start=offset + start,
                                      end=offset + end, body=offset + start))
            continue
        items = inline_items(block.text[offset:])
        if not items:
            pending.append(_Piece(block, "clause", section, heading, cite, body=offset))
            continue
        # "11.3 If this Agreement terminates: (a) ...; and (b) ...": the lead-in, then each item.
        pending.append(_Piece(block, "clause", section, heading, cite, end=offset + items[0][0], body=offset))
        subs = list(ctx.subs)
        ends = [offset + pos for pos, _ in items[1:]] + [len(block.text)]
        for (pos, labels), end in zip(items, ends):
            ctx.subs = list(subs)
            ctx.nest(labels)
            item_section = ctx.section()
            item_cite = citer.item(cite, section, item_section, "".join(labels))
            start = offset + pos
            pending.append(_Piece(block, "clause", item_section, heading, item_cite, start=start, end=end,
                                  body=start + len(labels[-1]) + 1))
        ctx.subs = subs  # the next paragraph is not part of the last item

    # Sentences are split on the clause body, after its label ("5.2", "(a)").
    spans = sentence_spans([p.block.text[p.body:p.end] for p in pending])
    clauses: list[Clause] = []
    for n, (piece, sent_spans) in enumerate(zip(pending, spans), start=1):
        block, off = piece.block, piece.body
        text = block.text[piece.start:piece.end]
        if piece.start or piece.end != len(block.text):
            text = text.rstrip()
        sentences = tuple(
            Sentence(block.text[off + s:off + e], block.start + off + s, block.start + off + e)
            for s, e in sent_spans
        )
        clauses.append(
            Clause(
                id=f"c{n:04d}",
                text=text,
                start=block.start + piece.start,
                end=block.start + piece.start + len(text),
                section=piece.section,
                heading=piece.heading,
                page=block.page,
                page_end=block.page_end,
                kind=piece.kind,
                source=block.source,
                sentences=sentences,
                cells=block.cells,
                header=block.header,
                changes=block.changes,
                comments=block.comments if piece.start == 0 else (),
                cite=piece.cite,
            )
        )
    return Segmentation(document=document, clauses=tuple(clauses))
