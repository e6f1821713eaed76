"""Recognising clause labels at the start of a block.

"5.2", "5.2.1", "Section 7", "Clause 7.3", "Article III", "(a)", "(iv)",
"Section 4(b)(ii)" and "4(a)" (a section with its lettered parts),
"Schedule 2", "Annex II", "Appendix A", "Exhibit B", "Part 1"; vendor
numbering such as "H.1.b." (a lettered section with its numbered and
lettered parts, cited as written), "H." opening a lettered section, "b." and
"ii." as sub-items, Markdown list numbering ("*   11.3.") and a Markdown
escaped dot ("12\\. Warranties").

What is not a label: a number that measures something ("12 months after
...", "30 days", "2.50 USD per million tokens"), and a reference that goes on
with the sentence ("Schedule 4(2) of the Act", "Section 7 does not apply").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..english import CARDINAL_WORDS, NUMBER_WORDS, ORDINAL_WORDS, number_from_words

_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)

_ANNEX = re.compile(
    r"^(?P<kind>schedule|annex|annexure|appendix|exhibit|attachment|addendum|part|anexo|annexe)\s+"
    # ("ATTACHMENT SR - SECURITY REQUIREMENTS": a few capitals, then its title)
    r"(?P<num>[0-9]{1,3}|[IVXLC]{1,6}|[A-Z]|(?-i:[A-Z]{2,3})(?=\s*[\u2013\u2014:-]))\b[.:\s\u2013\u2014-]*",
    re.I,
)
_ITEM_SUB = re.compile(r"^Item\s+(?P<num>\d{1,2})\s*[:.\u2013\u2014-]\s+(?=[a-z])")
_LITERA_SUB = re.compile(r"^(?:lit|lett?)\.\s*(?P<num>[a-z])\)?\s+(?=[a-z\"\u201c])")
_ITEM_HEAD = re.compile(r"^Item\s+(?P<num>\d{1,2})\s*[:.\u2013\u2014-]\s+(?=[A-Z\"\u201c])")
_NOTE = re.compile(r"^Note\s+(?P<num>\d{1,2})\s*[:.\u2013\u2014-]\s+(?=\S)")
_ANNEX_PARA = re.compile(r"^(?P<kind>schedule|annex|annexure|appendix|exhibit|attachment|addendum|amendment|side\s+letter|rider|supplement"
                         # ("Principal Agreement, Clause 13.1: ...", "Supplemental Deed, Clause 2.5: ...": a named document's clause;
                         # "Data Handling Schedule, paragraph 5.2: ...": a schedule by its name)
                         r"|(?-i:(?:[A-Z][a-z]+\s+(?:of\s+)?){1,3}(?:Agreement|Deed|Contract|Terms|Letter|Work|Order|Form|Conditions|Schedule|Annex|Exhibit|Appendix)"
                         r"(?:\s+No\.\s*\d{1,3})?(?=,\s+(?i:clause|section|article|paragraph|item)\s)))"
                         r"(?:\s+(?:No\.\s*)?(?P<num>[0-9]{1,3}|[IVXLC]{1,6}|[A-Z]))?"
                         # ("Addendum I, Article 2: ...", "Side Letter, paragraph 3: ...": an amending document's own article)
                         r"(?:\s+\([A-Z][^()]{0,40}\))?,\s+(?:(?:No|Nr)\.\s*|item\s+|row\s+|paragraph\s+|para\.?\s*|(?P<art>article|clause|section)\s+)?"
                         r"(?P<para>(?:[A-Z]\.)?\d{1,2}(?:\.\d{1,2})*(?:\s+(?:bis|ter|quater)\b)?)[.:]?(?:\s+[-\u2013\u2014])?\s+(?=(?-i:[A-Z])|[\"\u201c])", re.I)
# "No. 4: Every access ...", "Nr. 2.1 ...", "Item 3 - ...": a numbered item, as German and Nordic annexes number them.
# "Q2. Where is our data kept?": question 2, which "Questions 2 to 5" cite.
_QUESTION_LABEL = re.compile(r"^Q(?P<num>\d{1,2})[.:]\s+(?=[A-Z\"\u201c])")
_ITEM_LABEL = re.compile(r"^(?:No|Nr)\.\s*(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})\s*[.:\u2013\u2014-]?\s+(?=[A-Z\"\u201c])")
_SECTION_WORD = re.compile(
    r"^(?P<kind>section|clause|article|paragraph|para\.|sec\.|art\.|point|numeral|cl\.|(?-i:s\.))\s+(?P<num>\d{1,3}(?:\.\d{1,3})*(?:\s+(?:bis|ter|quater)\b)?|[IVXLC]{1,6})\b"
    r"(?P<parts>(?:\((?:[a-z]{1,4}|\d{1,2})\)){0,3})\.?[:\s\u2013\u2014-]*",
    re.I,
)
# "Art. 1 para. 4", "Section 3 paragraph 2", "Article 11 paragraph (1)", "Article 10 Clause 2": an article's or a section's paragraph.
# "Art. 8, paragraph 1, letter a) -", "Art. 2, letter c)": Italian and Spanish drafting, a paragraph's
# lettered point ("lettera", "lit.").
_SECTION_PARA = re.compile(
    r"^(?P<kind>section|clause|article|sec\.|art\.)\s+(?P<num>\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\b\.?"
    r"(?:\s+\((?-i:[A-Z])[^()]{1,40}\)(?=,\s+(?:para\.|paragraph|item)\s))?,?"  # "Article 16 (Retention), Paragraph 1:"
    r"(?:,?\s+(?:para\.|para\b|par\.|paragraph|Abs\.|sec\.|item|clause|\u00a7)\s*(?P<open>\()?(?P<pnum>\d{1,2}[a-z]?)(?(open)\)|\b)\.?(?!\d)(?=,?\s+(?:letter|lett\.|lit\.)|,\s+item\s|[:\s\u2013\u2014-]|$))?"
    r"(?:,?\s+(?:item|no\.?|nr\.?|Z\.?)\s*(?P<item>\d{1,2})\b)?"  # "Article 12, Paragraph 2, Item 3", "Section 8 para 3 no 2": the paragraph's item
    r"(?:,?\s+(?:letter|lett\.|lit\.)\s*(?P<letter>[a-z])\)?)?(?(pnum)|(?(letter)|(?!)))[:\s\u2013\u2014-]*",
    re.I,
)
# "§ 9", "§ 1 (8)", "§ 11.1", "§ 4 para. 1": sections by the section sign, with their paragraph.
_SECTION_SIGN = re.compile(r"^\u00a7\s*(?P<num>\d{1,3}[a-z]?(?:\.\d{1,3}){0,3})"
                           r"(?:\s*(?P<para>\(\d{1,2}[a-z]?\))|\s+(?:para\.|paragraph|Abs\.|sec\.|item)\s*(?P<pnum>\d{1,2}[a-z]?)\b\.?)?\.?(?=\s|$)\s*")
# "CLAUSE SEVEN - RETENTION", "Clause Twenty-One:", "CLAUSE TENTH. AUDIT": a clause numbered in words;
# "FIFTH. DELETION.", "Ninth: Audit": an ordinal alone, as translated Spanish and Portuguese contracts number clauses.
_SPELLED_SECTION = re.compile(rf"^(?:clause|section|article|cl[aá]usula)\s+(?P<w>{NUMBER_WORDS})\b(?![-\w])\.?[:\s\u2013\u2014-]*", re.I)
# "5.04 (a) Contractor ...": a lettered part right after a section's number.
_PART_AFTER = re.compile(r"\((?P<p>[a-z]|[ivx]{1,4})\)\s+(?=[A-Z\"\u201c])")
# ... "Article Seven (2):": the article's numbered paragraph after it.
_SPELLED_PARAGRAPH = re.compile(r"\((?P<p>\d{1,2})\)\s*[:.\u2013\u2014-]?\s+(?=[A-Z\"\u201c(])")
# ... and "Ninth. One.", "Seventh. Two.": the clause's paragraph spelled as a cardinal after it (9.1, 7.2).
_CLAUSE_NUMERAL = re.compile(r"\s*,?\s*(?:numeral|paragraph|item)\s+(?P<num>\d{1,3}(?:\.\d{1,3}){1,3})\s*[:.\u2013\u2014-]\s*", re.I)
_ORDINAL_LABEL = re.compile(rf"^(?P<w>{ORDINAL_WORDS})\s*[.:\u2013\u2014-](?:\s*(?P<c>{CARDINAL_WORDS})\s*[.:])?\s+(?=[A-Z\"\u201c])", re.I)
_NUMBER = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3}){0,4}(?:\s+(?:bis|ter|quater)\b)?)(?P<mark>\\?\.|\))?(?=\s|$)\s*")
# "4(a)", "11(b)(ii)": a section with its lettered parts, as US terms number them.
_NUMBER_PARTS = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3}){0,3})(?P<parts>(?:\((?:[a-z]{1,4}|\d{1,2})\)){1,3})\.?(?=\s|$)\s*")
# "H.1", "H.1.b.", "C.4.ii": a lettered section and its parts, as vendor terms number them.
_LETTER_NUMBER = re.compile(r"^(?P<num>(?:[A-Z]|[A-Z]{2,3}(?=-))(?:\.|-(?=\d))\d{1,3}(?:\.(?:\d{1,3}|[a-z]{1,4}))*)\.?(?=\s|$)\s*")  # "H.1.b", "B-4", "SR-1"
# "H. Term and Termination": a lettered section (the segmenter keeps only letters in sequence).
_LETTER = re.compile(r"^(?P<num>[A-Z])\.\s+(?=[A-Z\"\u201c]|$)")
_PAREN = re.compile(r"^\((?P<num>[a-z]{1,3}|[ivxlc]{1,6}|\d{1,2}|[A-Z])\)\s*")
_HALF_PAREN = re.compile(r"^(?P<num>[a-z]|[ivx]{1,4})\)\s+")
# "b. the Customer ...", "ii. Provider will ...": a sub-item numbered with a dot.
_DOTTED_SUB = re.compile(r"^(?P<num>[a-z]|[ivx]{2,5})\.\s+(?=[A-Za-z\"\u201c(])")
# A Markdown list marker before a number or sub-item ("*   11.3.", "- 4.2", "*   a. Provisioning"): that is the label.
_BULLET = re.compile(r"^[-*+\u2022]\s+(?=\d|[a-z]\.\s|[ivx]{2,5}\.\s|\()")

_REFERENCE_GOES_ON = re.compile(r"(?:\([^)]{1,40}\)\s*,?\s*)?(?:of|applies|apply|shall|will|is|are|does|do|and|to|through|extends?)\b", re.I)
# Measures, not numbers of clauses: "12 months after ...", "2.50 USD per million tokens", "30 %".
_MEASURE = re.compile(
    r"(?:%|per\s?cent|percent|(?:calendar\s+|business\s+|working\s+)?(?:days?|weeks?|months?|years?|hours?|minutes?)\b"
    r"|(?:USD|EUR|GBP|CAD|AUD|CHF|JPY|SGD|NZD|dollars?|euros?|pounds?)\b|million\b|billion\b|thousand\b)",
    re.I,
)


# "(Application) ", "(Retention and Destruction) ": an article's title in brackets before its text.
_INLINE_TITLE = re.compile(r"^\((?:[A-Z][\w'-]*)(?:\s+(?:[A-Z][\w'-]*|\d{1,3}|and|of|or|the|to|for|on|in))*\)\s+(?=[A-Z\"\u201c(])")


_FIRST_PARAGRAPH = re.compile(r"^\((\d{1,2})\)\s+(?=\S)")


@dataclass(frozen=True)
class Label:
    kind: str  # annex | section | number | sub | letter
    value: str  # rendered label: "Schedule 2", "7.2", "(a)", "H.1.b", "H"
    rest: str  # the text after the label
    depth: int = 0
    dotless: bool = False  # "1 The Provider shall ...": a number with no dot or bracket after it
    annex: str | None = None  # the annex a paragraph label names with it ("Annex 3 (TOMs), No. 2:")
    paragraph: bool = False  # "Para. 4 ...": a paragraph word and a bare number, the open section's paragraph
    sign: bool = False  # "§ 3. Protection of Content": a section opened by the section sign
    spelled: bool = False  # "CLAUSE FIFTH: CONFIDENTIALITY": a clause numbered in words, whose paragraphs restart at "1."


# "Article (14)", "Clause (7):": a number in brackets after the word, as Arabic-English drafting writes it.
_BRACKETED_NUMBER = re.compile(r"^(?P<kind>section|clause|article|art\.|paragraph|para\.)\s+\((?P<num>\d{1,3})\)(?=[\s:.,\u2013\u2014-])", re.I)


# "ARTICLE 8/2", "Article 1/1 (c)": paragraph 2 of article 8, as Turkish drafting numbers it.
_SLASHED_NUMBER = re.compile(r"^(?P<kind>section|clause|article|art\.|paragraph|para\.)\s+(?P<num>\d{1,3})/(?P<para>\d{1,2})(?=[\s:.,\u2013\u2014-])", re.I)
# "Article (12), Paragraph (1):", "Article (10) Clause (2):": an article's paragraph, both numbers in brackets.
_BRACKETED_PARAGRAPH = re.compile(r"^,?\s*(?P<kind>paragraph|para\.|clause|item)\s+\((?P<num>\d{1,2})\)(?=[\s:.,\u2013\u2014-])", re.I)


_PART_KINDS = {"schedule", "annex", "annexure", "appendix", "exhibit", "attachment", "addendum", "amendment", "side", "rider", "supplement"}


def read_label(text: str) -> Label | None:
    """The clause label at the start of ``text``, if any."""
    bracketed = _BRACKETED_NUMBER.match(text)
    if bracketed:
        rest = text[bracketed.end():]
        para = _BRACKETED_PARAGRAPH.match(rest)
        if para:
            rest = f", {para.group('kind')} {para.group('num')}{rest[para.end():]}"
        text = f"{bracketed.group('kind')} {bracketed.group('num')}{rest}"
    slashed = _SLASHED_NUMBER.match(text)
    if slashed:
        text = f"{slashed.group('kind')} {slashed.group('num')}({slashed.group('para')}){text[slashed.end():]}"
    sub = _ITEM_SUB.match(text) or _LITERA_SUB.match(text)
    if sub:
        # "Item 3: dispose of all Company Data ...", "lit. a store Client Data ...": an item of the list
        # its lead-in opens, as "(3)" and "(a)" are
        return Label("sub", f"({sub.group('num')})", text[sub.end():], depth=0)
    item = _ITEM_HEAD.match(text)
    if item:
        # "Item 9 – Hosting location: New Zealand": an item of a contract-details schedule, which
        # "the Services to which Item 9 applies" names
        return Label("section", f"Item {item.group('num')}", text[item.end():], depth=1)
    note = _NOTE.match(text)
    if note:
        # "Note 1: Beacon shall not use ...": a numbered note, which "the commitment in Note 1" names
        return Label("section", f"Note {note.group('num')}", text[note.end():], depth=1)
    m = _ANNEX.match(text)
    para = _ANNEX_PARA.match(text)
    if para:
        # "Exhibit B, B.6 Bulk Processing result files ...": a numbered paragraph of the exhibit
        num = para.group("num") or ""
        kind = para.group("kind")
        if kind.split()[0].lower() in _PART_KINDS:  # (a named document keeps its own name: "Statement of Work No. 2")
            kind = " ".join(w.capitalize() for w in kind.split())
        value = f"Article {para.group('para')}" if (para.group("art") or "").lower() == "article" else para.group("para")
        return Label("section", value, text[para.end():], depth=para.group("para").count(".") + 1,
                     annex=f"{kind} {num.upper() if len(num) <= 6 else num}".strip())
    if m:
        if _REFERENCE_GOES_ON.match(text[m.end():]) and text[m.end():m.end() + 1] in "(abcdefghijklmnopqrstuvwxyz":
            return None  # "Schedule 4(2) of the Act", "Schedule 2 applies to ...": a reference
        if text[m.end():m.end() + 1] == ";":
            return None  # "Annex II; (iii) this Master Agreement; ...": a wrapped list, not a title
        kind = m.group("kind").capitalize()
        return Label("annex", f"{kind} {m.group('num').upper() if len(m.group('num')) <= 6 else m.group('num')}", text[m.end():])
    m = _ITEM_LABEL.match(text) or _QUESTION_LABEL.match(text)
    if m:
        return Label("number", m.group("num"), text[m.end():], depth=m.group("num").count(".") + 1)
    m = _SECTION_SIGN.match(text)
    if m and not _REFERENCE_GOES_ON.match(text[m.end():]):
        para = m.group("para") or (f"({m.group('pnum')})" if m.group("pnum") else "")
        return Label("number", m.group("num") + para, text[m.end():], depth=m.group("num").count(".") + 1, sign=True)
    m = _SECTION_PARA.match(text) or _SECTION_WORD.match(text)
    if m and (_REFERENCE_GOES_ON.match(text[m.end():]) or text[m.end():m.end() + 1].islower()
              or text[m.end():m.end() + 1] == ","):  # "Article 9, paragraph 1 of the Agreement shall be ..."
        m = None  # "Clause 5 of the Terms applies to ...", "Clause 7.1 governs ...": a reference, not a label
    if m:
        num = m.group("num")
        rest = text[m.end():]
        title = _INLINE_TITLE.match(rest)
        if title and m.group("kind").lower().startswith("art"):
            rest = rest[title.end():]  # "Article 3 (Application) Article 7 shall ...": the article's title
        if "pnum" in m.groupdict():
            para = (f"({m.group('pnum')})" if m.group("pnum") else "") + (f"({m.group('item')})" if m.group("item") else "") \
                + (f"({m.group('letter').lower()})" if m.group("letter") else "")
        else:
            para = m.group("parts").lower()
        if m.group("kind").lower().startswith("art"):
            num = num.upper() if _ROMAN.match(num) else num  # "Article iv" is IV; "Article 10.2 bis" stays
            first = _FIRST_PARAGRAPH.match(rest) if title and not para else None
            if first:  # "Article 6 (Confidentiality) ① Party B shall ...": the article's paragraph (1) begins on its line
                para, rest = f"({first.group(1)})", rest[first.end():]
            return Label("section", f"Article {num}{para}", rest, depth=2 if para else 1)
        kind = m.group("kind").lower()
        return Label("number", num + para, text[m.end():], depth=num.count(".") + 1,
                     paragraph=kind in ("paragraph", "para.") and "." not in num and not para)
    m = _SPELLED_SECTION.match(text)
    if m and not (_REFERENCE_GOES_ON.match(text[m.end():]) or text[m.end():m.end() + 1].islower()):
        number = str(number_from_words(m.group("w")))
        inner = _CLAUSE_NUMERAL.match(text, m.end())
        if inner and inner.group("num").split(".")[0] == number:
            # "CLAUSE EIGHTH, numeral 8.1: The SUPPLIER shall ...": the clause's numbered paragraph
            return Label("number", inner.group("num"), text[inner.end():], depth=inner.group("num").count(".") + 1)
        para = _SPELLED_PARAGRAPH.match(text, m.end())
        if para:
            # "Article Eight (6): For all Services, ...": paragraph (6) of Article 8, as "§ 7 (1)" is of § 7
            # (and "Article Eleven (3) (a) The Service Provider ...": its item (a) too)
            part = _PART_AFTER.match(text, para.end())
            if part:
                return Label("number", f"{number}({para.group('p')})({part.group('p')})", text[part.end():], depth=1)
            return Label("number", f"{number}({para.group('p')})", text[para.end():], depth=1)
        return Label("number", number, text[m.end():], depth=1, spelled=True)
    m = _ORDINAL_LABEL.match(text)
    if m and (m.group("w").isupper() or m.group("w").istitle()):
        if m.group("c") and (m.group("c").isupper() or m.group("c").istitle()):
            value = f"{number_from_words(m.group('w'))}.{number_from_words(m.group('c'))}"
            return Label("number", value, text[m.end():], depth=2)
        return Label("number", str(number_from_words(m.group("w"))), text[m.end():], depth=1)
    bullet = _BULLET.match(text)
    body = text[bullet.end():] if bullet else text
    m = _NUMBER_PARTS.match(body)
    if m and not _REFERENCE_GOES_ON.match(body[m.end():]) and not body[m.end():m.end() + 1].islower():
        num = m.group("num")
        return Label("number", num + m.group("parts"), body[m.end():], depth=num.count(".") + 1)
    m = _NUMBER.match(body)
    if m and not _measure(body, m) and (not bullet or m.group("mark")):
        num = m.group("num")
        part = _PART_AFTER.match(body, m.end())
        if part and not m.group("mark") and "." in num:
            # "5.04 (a) Contractor shall not ...": the section and its first part on one line
            return Label("number", f"{num}({part.group('p')})", body[part.end():], depth=num.count(".") + 1)
        return Label("number", num, body[m.end():], depth=num.count(".") + 1,
                     dotless=not m.group("mark") and "." not in num)
    if bullet:
        m = _PAREN.match(body) or _DOTTED_SUB.match(body)
        return Label("sub", f"({m.group('num')})", body[m.end():]) if m else None
    m = _LETTER_NUMBER.match(text)
    if m:
        num = m.group("num")
        return Label("section", num, text[m.end():], depth=num.count(".") + 1)
    m = _LETTER.match(text)
    if m:
        return Label("letter", m.group("num"), text[m.end():], depth=1)
    m = _PAREN.match(text) or _HALF_PAREN.match(text) or _DOTTED_SUB.match(text)
    if m and not (m.group("num").isdigit() and _MEASURE.match(text[m.end():m.end() + 24])):
        return Label("sub", f"({m.group('num')})", text[m.end():])
    return None


def _measure(text: str, m: re.Match[str]) -> bool:
    """A number that measures ("12 months after", "2.50 USD"), or one with no
    mark that runs on into a lowercase word ("12 weeks' notice"), is no label."""
    rest = text[m.end():m.end() + 24]
    if _MEASURE.match(rest):
        return True
    return not m.group("mark") and "." not in m.group("num") and rest[:1].islower()


def sub_level(value: str, previous: list[str]) -> int:
    """Nesting level of a parenthesised sub-label given the open ones.

    (a) is level 0, (i) level 1, (A) level 2. "(i)" after "(h)" is a letter.
    """
    inner = value.strip("()")
    if inner.isdigit():
        return 2
    if inner.isupper():
        return 2
    if _ROMAN.match(inner) and inner not in ("c", "l", "d", "m"):  # "(c)" is a letter: no list runs to 100
        prev_letter = next((p.strip("()") for p in reversed(previous) if _is_letter(p.strip("()"))), None)
        if inner in ("i", "v", "x") and prev_letter and ord(prev_letter) + 1 == ord(inner):
            return 0
        return 1
    return 0


def _is_letter(s: str) -> bool:
    return len(s) == 1 and s.islower()
