"""Section references in contract prose and where a clause falls under them.

"Sections 5 to 8", "Clause 10.2(b)", "Art. 3 to Art. 9", "paragraphs 1 to 3
of Schedule 3", "Schedule 2", and numbering such as "Article 3(1)" or
"Schedule 2, 1.3" on the clause side.
"""

from __future__ import annotations

import re

from ..english import NUMBER_WORDS, SPELLED_PARAGRAPH, may_spell_paragraph, number_from_words, spelled_paragraph_number

_OF_ANNEX = re.compile(r"\s+(?:of|in)\s+(?P<this>the\s+|this\s+)?(Schedule|Annex|Annexe|Anexo|Appendix|Exhibit|Attachment|Part)\s+([0-9]{1,3}|[IVXLC]{1,6}|[A-Z])\b", re.I)
# (with the words a translation keeps: "Cláusula 9", "Cláusulas 10 and 11", "Artigo 5", "Artículo 7")
_REF_WORD = re.compile(r"^(?:(?:[Ss]ub-?)?[Ss]ections?|(?:[Ss]ub-?)?[Cc]lauses?|[Cc]l[a\u00e1]usulas?|[Aa]rt[i\u00ed]culos?|[Aa]rtigos?|[Aa]rtikel(?:en)?|[Aa]rticles?|Arts?\.|[Pp]aragraphs?|[Qq]uestions?|[Nn]umerals?|[Pp]oints?)\s*")
_LEAD_WORD = re.compile(r"^(?:Article|Art\.|Clause|Section|Paragraph)\s+", re.I)
_PROVISION_IN = re.compile(r"\b(?:obligations?|commitments?|undertakings?|duty|duties|restrictions?|requirements?|prohibitions?|"
                           r"periods?|exceptions?|carve-outs?|limits?)\s+(?:in|under|of|set\s+out\s+in)\s+"
                           r"(?P<ref>\d{1,3}(?:\.\d{1,3})+(?:\([a-z0-9]{1,4}\))*|\d{1,3}\([a-z0-9]{1,4}\)(?:\([a-z0-9]{1,4}\))*)(?![\d.])")
_LETTERED_REF = re.compile(r"\b(?:(?:[Ss]ub-?)?[Ss]ections?|(?:[Ss]ub-?)?[Cc]lauses?|[Pp]aragraphs?|[Pp]oints?|[Ii]tems?)\s+"
                           r"(?P<list>[A-Z]\.\d{1,3}(?:\.(?:\d{1,3}|[a-z]{1,3}))*(?:\s*(?:,|and|or|to|through)\s*(?:[A-Z]\.)?\d{1,3}(?:\.(?:\d{1,3}|[a-z]{1,3}))*)*)")
_SPLIT = re.compile(r"\s*((?:up\s+)?(?:to|through)\s+and\s+including|,|and/or|and|or|to|through|-|\u2013)\s*")
_REF = re.compile(
    r"(?:\b(?:(?:[Ss]ub-?)?[Ss]ections?|(?:[Ss]ub-?)?[Cc]lauses?|[Cc]l[a\u00e1]usulas?|[Aa]rt[i\u00ed]culos?|[Aa]rtigos?|[Aa]rtikel(?:en)?|[Pp]aragraphs?|[Aa]rticles?|Questions?(?=\s\d)|[Nn]umerals?(?=\s\d)|[Pp]oints?(?=\s\d{1,3}\.\d)|(?<!percentage )(?<!basis )[Pp]oints?(?=\s\d{1,3}\b(?!\.\d))|[Pp]aras?\.|Arts?\.|[Cc]ls?\.|[Ss]ecs?\.|ss?\.(?=\s?\d)|Nos?\.(?=\s?\d)|[Ii]tems?(?=\s\d{1,3}\.\d)|[Ii]tems?(?=\s\d{1,3}(?:\s*(?:to|through|-|\u2013|and|,)\s*\d{1,3})*\s+of\s+(?:(?:this|the)\s+)?(?:Annex|Annexure|Schedule|Appendix|Exhibit|Attachment|Part)\b))|\u00a7\u00a7?)\s*"
    r"(?P<list>\d+(?:\.\d+)*(?:\s?\([a-z0-9]{1,4}\))*(?:\s*(?:(?:up\s+)?(?:to|through)\s+and\s+including|,|and/or|and|or|to|through|-|\u2013)\s*(?:(?:[Ss]ections?|[Cc]lauses?|[Aa]rticles?|Arts?\.|[Pp]aragraphs?)\s*)?\d+(?:\.\d+)*(?:\s?\([a-z0-9]{1,4}\))*)*)"
)
# The document a number names: "Amendment No. 2", "Change Order No. 4", "Statement of Work No. 3".
_DOCUMENT_BEFORE_NO = re.compile(r"\b(?:amendment|order|variation|addendum|agreement|work|sow|letter|notice|protocol|"
                                 r"contract|invoice|change|deed|rider|supplement|memorandum)\s*$", re.I)
_ANNEX_REF = re.compile(r"\b(Schedule|Annex|Appendix|Exhibit|Attachment|Addendum|Anexo|Annexe)\s+([A-Z]{1,3}-\d{1,2}|[0-9]{1,3}|[IVXLC]{1,6}|[A-Z])\b(?!\s*(?:means|shall))")
# "paragraph (1)", "paragraphs (2) and (3)": paragraphs of the citing section ("§ 7 (3)"),
# returned as "(1)" for the reader to resolve against its own section.
_PARA_REF = re.compile(r"\b(?:[Pp]aragraphs?|[Ss]ub-?sections?)\s+(?P<list>\(\d{1,2}[a-z]?\)(?:\([a-z]\))?(?:\s*(?:,|and|or|to)\s*\(\d{1,2}[a-z]?\)(?:\([a-z]\))?)*)")
_PARA = re.compile(r"\(\d{1,2}[a-z]?\)(?:\([a-z]\))?")
_DIGIT = re.compile(r"\d")
_REF_HINTS = ("sec", "cl", "para", "art", "\u00a7", "s.", "no.", "item", "question", "numeral", "point")  # every _REF match holds one of these (lower-cased) and a digit ("Question 5": terms written as questions)
# ("... exempt from this Part D.": a lettered Part at the end of a sentence, not "Part D.5")
_PARTS_REF = re.compile(r"\bParts?\s+(\d{1,2}|[A-Z](?!\w|\.\w))\b(?:\s*(to|through|-|\u2013|and|or|,)\s*(\d{1,2}|[A-Z](?!\w|\.\w))\b)?(?!\s*(?:means|shall))")
_ANNEX_HINTS = ("Schedule", "Annex", "Appendix", "Exhibit", "Attachment", "Addendum", "Anexo")
# "this Clause Seven", "Section Twenty-One": numbers spelled out, as "CLAUSE SEVEN" headings number them.
# ("Cláusulas Sexta through Décima": a Spanish word for the clauses, kept in a translation)
_WORD_REF = re.compile(rf"\b(?:clauses?|sections?|articles?|cl[aá]usulas?)\s+(?P<a>{NUMBER_WORDS})(?![\w-])"
                       rf"(?:\s*(?P<op>to|through|and|or|-|,|y|e)\s*(?:(?:clauses?|sections?|articles?|cl[aá]usulas?)\s+)?(?P<b>{NUMBER_WORDS})(?![\w-]))?", re.I)


# The words after a list's second item: ", Séptima y Novena" (read one at a time, from where the last ended).
_WORD_LIST_MORE = re.compile(rf"\s*(?P<op>,|and|or|y|e)\s*(?P<w>{NUMBER_WORDS})(?![\w-])", re.I)


def _word_list_end(text: str, m: re.Match[str]) -> int:
    """Where a list of clauses cited by ordinal words ends: past ", Séptima y Novena"."""
    at = m.end()
    if m.group("op") in (",", "y", "e"):
        while (more := _WORD_LIST_MORE.match(text, at)) is not None:
            at = more.end()
            if more.group("op") != ",":
                break
    return at


# "Articles IV through VII and Article IX": articles numbered in Roman numerals, whose sections
# may be numbered 4.01, 4.02 ... or be the article itself ("Article IX").
_ROMAN_ARTICLES = re.compile(r"\b(?i:articles?)\s+(?P<a>[IVXL]{1,6})\b(?:\s*(?P<op>,|and|or|to|through|-|\u2013)\s*(?:(?i:articles?)\s+)?(?P<b>[IVXL]{1,6})\b)?")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(numeral: str) -> int:
    total = 0
    for k, ch in enumerate(numeral):
        value = _ROMAN[ch]
        total += -value if k + 1 < len(numeral) and _ROMAN[numeral[k + 1]] > value else value
    return total


def _roman_refs(text: str) -> list[str]:
    """"Articles IV through VII and Article IX" -> Article IV, 4, ..., Article IX, 9."""
    out: list[str] = []
    for m in _ROMAN_ARTICLES.finditer(text):
        a = _roman(m.group("a"))
        b = _roman(m.group("b")) if m.group("b") else a
        numbers = range(a, b + 1) if m.group("op") and m.group("op").lower() in ("to", "through", "-", "\u2013") and 0 < b - a <= 20 \
            else dict.fromkeys([a, b])
        for n in numbers:
            out += [f"Article {_numeral(n)}", str(n)]
    return out


def _numeral(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _word_refs(text: str) -> list[str]:
    """ "Clause Seven", "Clauses Five to Seven", "Section Twenty-One", "CLAUSES SIXTH to EIGHTH": spelled-out numbers."""
    out = []
    for m in _WORD_REF.finditer(text):
        a = number_from_words(m.group("a"))
        b = number_from_words(m.group("b")) if m.group("b") else a
        if m.group("op") and m.group("op").lower() in ("to", "through", "-") and 0 < b - a <= 20:
            out += [str(n) for n in range(a, b + 1)]
        else:
            out += [str(a)] + ([str(b)] if b != a else [])
        if m.group("op") in (",", "y", "e"):
            # "Cláusulas Quinta, Sexta, Séptima y Novena": the rest of the list
            end, at = _word_list_end(text, m), m.end()
            while at < end and (more := _WORD_LIST_MORE.match(text, at)) is not None:
                out.append(str(number_from_words(more.group("w"))))
                at = more.end()
    return out


# ... "sections 4 (security of processing), 5 (location of processing)": a title in small letters, of two words or more
_TITLE_AFTER_NUMBER = re.compile(r"(\d)\s*\((?:[A-Z][A-Za-z][^()]{2,40}|[a-z]{3,}\s[a-z][^()]{1,40})\)")


# Lettered points of a paragraph, as Italian and Spanish drafting cites them: "Art. 8, paragraph 1,
# letter a)" is Article 8(1)(a); "letter a) of paragraph 1" is point (a) of this article's paragraph 1.
_ARTICLE_POINT = re.compile(r"\b(?:Art\.|Article)\s+(\d{1,3}),?\s+(?:paragraph|para\.)\s+\(?(\d{1,2})\)?"
                            r"(?:,?\s+(?:letter|lett\.|lit\.)\s*([a-z])\)?)?", re.I)
_POINT_OF_PARA = re.compile(r"\b(?:letter|lett\.|lit\.)\s*([a-z])\)?\s+of\s+(?:paragraph|para\.)\s+(\d{1,2})\b", re.I)
_BARE_POINT = re.compile(r"\b(?:letter|lett\.|lit\.)\s*([a-z])\)", re.I)


_ITEM_REF = re.compile(r"\bItems?\s+(\d{1,2})\b(?!\.\d)(?!\s*[:.\u2013\u2014-]\s)")
_NOTE_REF = re.compile(r"\bNotes?\s+(\d{1,2})\b(?!\s*[:.\u2013\u2014-]\s)")
_THIS_ARTICLE = re.compile(r"\s+of\s+this\s+(?:Article|Clause|Section)\b", re.I)
_OF_THIS = re.compile(r"\b(?:paragraph|para\.|par\.)\s+(\d{1,2})\s+of\s+this\s+(?:Article|Clause|Section)\b", re.I)


# ("§ 11 sec. 1": Polish drafting's "ust." translated as "section", a paragraph of § 11)
_SECTION_PARA_REF = re.compile(r"(\u00a7|Section|Sec\.|Clause|Article|Art\.)\s*(\d{1,3}[a-z]?)\s*,?\s+(?:para\.|par\.|paragraph|Abs\.|sec\.)\s*"
                               r"(?:\((\d{1,2})\)|(\d{1,2})\b(?!\.\d))(?!\s*,?\s*(?:lit\.|lett\.|letter)\s)")  # (a lettered point: _ARTICLE_POINT)


# ... and the rest of a list or range in brackets: "Articles (5) to (7)", "Articles (5), (6) or (8)".
_BRACKETED = re.compile(r"\b(Articles?|Clauses?|Sections?|ARTICLES?|CLAUSES?|SECTIONS?)(\s+)\((\d{1,3})\)"
                        r"((?:\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|to\s+|through\s+|until\s+|-\s*|\u2013\s*)\(\d{1,3}\)(?!\s*\())*)(?!\s*\()")
_BRACKET_ITEM = re.compile(r"\((\d{1,3})\)")


# "Article 8/1", "ARTICLE 11/4": paragraph 1 of article 8, as Turkish drafting numbers it ("Madde 8/1").
_SLASHED = re.compile(r"\b(Articles?|Clauses?|Sections?|Paragraphs?|ARTICLES?|CLAUSES?|SECTIONS?|PARAGRAPHS?|[Pp]aragraphs?)(\s+)(\d{1,3})/(\d{1,2})\b")


def unbracket(text: str) -> str:
    """``text`` with numbers written in brackets after the word ("Article (9)", "Paragraph (2)", as
    Arabic-English drafting cites them) written bare, each character where it was; and a paragraph
    after a slash ("Article 8/1") written as the numbering reads it ("Article 8(1)")."""
    if "/" in text:
        text = _SLASHED.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}({m.group(4)})", text)
    return _BRACKETED.sub(lambda m: f"{m.group(1)}{m.group(2)} {m.group(3)} " + _BRACKET_ITEM.sub(r" \1 ", m.group(4)),
                          text) if "(" in text else text


def lettered_points(text: str) -> str:
    """``text`` with lettered points written as the numbering the clauses carry."""
    text = unbracket(text)
    if "para" in text or "par." in text or "Abs." in text or "sec." in text:
        # "§ 7 para. 1", "Section 4 paragraph 2 sentence 1": paragraph 1 of § 7, numbered 7(1)
        text = _SECTION_PARA_REF.sub(lambda m: f"{m.group(1)} {m.group(2)}({m.group(3) or m.group(4)})", text)
    if "etter" not in text and "lit." not in text and "lett." not in text and "," not in text and " of this " not in text:
        return text
    text = _ARTICLE_POINT.sub(lambda m: f"Article {m.group(1)}({m.group(2)})" + (f"({m.group(3).lower()})" if m.group(3) else ""), text)
    # "paragraph 1 of this Article", said in clause 5.4: clause 5.1.
    text = _OF_THIS.sub(lambda m: f"paragraph ({m.group(1)})", text)
    para = _POINT_OF_PARA.search(text)
    text = _POINT_OF_PARA.sub(lambda m: f"paragraph ({m.group(2)})({m.group(1).lower()})", text)
    if para:  # "...; letter b) does not": a point of the same paragraph
        text = _BARE_POINT.sub(lambda m: f"paragraph ({para.group(2)})({m.group(1).lower()})", text)
    return text


_SPELLED_REF = re.compile(rf"(?P<kind>\b(?:paragraphs?|clauses?|sections?)\s+)?(?P<num>{SPELLED_PARAGRAPH})\.?", re.I)


def _spelled_ref(m: re.Match[str]) -> str:
    number = spelled_paragraph_number(m.group("num"))
    return f"{m.group('kind')}{number}" if m.group("kind") else f"clause {number}"


_SUBSECTION = re.compile(r"\b(?:(?:[Ss]ection|[Cc]lause)\s+(?P<n>\d{1,3}),\s+)?[Ss]ubsection\s+(?P<sub>\d{1,2})(?![\d(]|\.\d)\b(?:,\s+paragraph\s+\d{1,2}\b)?")


def parse_refs(text: str) -> list[str]:
    """Section numbers a sentence refers to: "Sections 5 to 8" -> 5, 6, 7, 8."""
    refs: list[str] = []
    consumed: list[tuple[int, int]] = []
    text = lettered_points(text)
    if "ubsection" in text:
        # Nordic drafting: "section 4, subsection 2, paragraph 3" is clause 4.2 (its point 3 no clause of its
        # own), and a bare "subsection 1" a sibling of the citing clause, as "paragraph (1)" is.
        text = _SUBSECTION.sub(lambda m: f"Section {m.group('n')}.{m.group('sub')}" if m.group("n")
                               else f"paragraph ({m.group('sub')})", text)
    if "," in text:
        # "Appendix C, paragraph 3": paragraph 3 of Appendix C, one reference
        text = _ANNEX_THEN_PARA.sub(lambda m: f"paragraph {m.group(3)} of {m.group(1)} {m.group(2)}", text)
    if may_spell_paragraph(text) and _SPELLED_REF.search(text):
        # "paragraph Sixth.Two. of the Contract", "The period in Ninth. One. applies": 6.2, 9.1
        text = _SPELLED_REF.sub(_spelled_ref, text)
    if "(" in text:
        # "Sections 8 (Security), 11 (No Training) and 13 (Audit)": a section's title after its number.
        text = _TITLE_AFTER_NUMBER.sub(r"\1", text)
    low = text.lower()
    numbered = _DIGIT.search(text) is not None and any(h in low for h in _REF_HINTS)
    spelled = _word_refs(text) if ("clause" in low or "section" in low or "article" in low or "usula" in low) else []
    if "rticle" in text:
        spelled += [r for r in _roman_refs(text) if r not in spelled]
    if _DIGIT.search(text) and _PROVISION_IN.search(text):
        # "the obligation in 3.4(a) extends to ...": a provision named with its number and no word for it
        for m in _PROVISION_IN.finditer(text):
            spelled.append(m.group("ref").replace(" (", "("))
            consumed.append(m.span("ref"))
    if numbered and _LETTERED_REF.search(text):
        # "Clauses C.2 to C.4", "Section H.1.b": sections of a lettered part, as vendor terms number them.
        for m in _LETTERED_REF.finditer(text):
            parts = _SPLIT.split(m.group("list"))
            prev, i = None, 0
            while i < len(parts):
                part = parts[i].strip()
                if part in ("to", "through", "-", "\u2013") and prev and i + 1 < len(parts):
                    nxt = parts[i + 1].strip()
                    nxt = nxt if nxt[:1].isalpha() else f"{prev.split('.')[0]}.{nxt}"
                    spelled += [r for r in _expand_range(prev, nxt) if r not in spelled]
                    prev, i = nxt, i + 2
                    continue
                if part[:1].isalpha() and "." in part:
                    spelled.append(part)
                    prev = part
                i += 1
            consumed.append(m.span())
    if "number" in low and _DIGIT.search(text):
        # "falls outside number 1", "the exception in number 9.1": a numbered paragraph, as Spanish
        # drafting in English cites it ("número"), after a preposition
        for m in _NUMBER_REF.finditer(text):
            spelled.append(m.group("n"))
            consumed.append(m.span())
    if not numbered and not any(h in text for h in _ANNEX_HINTS) and "Part " not in text and "Note " not in text \
            and "Item " not in text:
        return spelled  # the patterns below cannot match: skip scanning them
    for m in _REF.finditer(text) if numbered else ():
        if m.group(0)[:2] in ("No", "Nr") and _DOCUMENT_BEFORE_NO.search(text, 0, m.start()):
            continue  # "Amendment No. 2, item 3: ...": the name of a document, not an item of this one
        # "paragraphs 1 to 3 of Schedule 3" are paragraphs of that schedule.
        of = _OF_ANNEX.match(text, m.end())
        # ("paragraphs 2 through 4 of this Exhibit 2": the citing clause's own part, so numbers read as its own)
        prefix = f"{of.group(2).capitalize()} {of.group(3)}, " if of and (of.group("this") or "").strip().lower() != "this" else ""
        if of:
            consumed.append((of.start(), of.end()))
        start = len(refs)
        parts = _SPLIT.split(m.group("list"))
        prev: str | None = None
        i = 0
        while i < len(parts):
            part = _REF_WORD.sub("", parts[i].strip())
            if part.endswith("and including"):
                part = "to"  # "Article 7 up to and including Article 10"
            if part in ("to", "through", "-", "\u2013") and prev and i + 1 < len(parts):
                nxt = _REF_WORD.sub("", parts[i + 1].strip())
                refs.extend(_expand_range(prev, nxt))
                prev = nxt
                i += 2
                continue
            if part and part[0].isdigit():
                part = part.replace(" (", "(")  # "§ 5 (2)" is 5(2)
                refs.append(part)
                prev = part
            i += 1
        refs[start:] = [prefix + r for r in refs[start:]]
    for m in _PARA_REF.finditer(text) if numbered else ():
        refs.extend(_PARA.findall(m.group("list")))
    for m in _ANNEX_REF.finditer(text):
        if any(a <= m.start() < b for a, b in consumed):
            continue
        refs.append(f"{m.group(1).capitalize()} {m.group(2)}")
    for m in _PARTS_REF.finditer(text) if "Part" in text else ():
        # "Parts 2 to 5 of this Schedule": the Parts, as clauses numbered "Part 3, 3.1" name them.
        if any(a <= m.start() < b for a, b in consumed):
            continue  # "Paragraphs 1 to 5 of this Part 2": the Part those paragraphs belong to, not all of it
        if not m.group(1).isdigit():  # "Part C applies to ...": a lettered Part, and the one after "and"
            refs += [f"Part {m.group(1)}"] + ([f"Part {m.group(3)}"] if m.group(3) and not m.group(3).isdigit() else [])
            continue
        lo, hi = int(m.group(1)), int(m.group(3) or m.group(1))
        if m.group(2) and m.group(2).lower() in ("and", "or", ","):
            refs += [f"Part {lo}", f"Part {hi}"]
        elif 0 <= hi - lo <= 20:
            refs += [f"Part {n}" for n in range(lo, hi + 1)]
    if "Note" in text:  # "the commitment in Note 1": a numbered note
        refs += [f"Note {n}" for n in _NOTE_REF.findall(text)]
    if "Item " in text:  # "Services to which Item 9 applies": an item of a contract-details schedule
        refs += [f"Item {n}" for n in _ITEM_REF.findall(text)]
    return list(dict.fromkeys(refs + spelled))


# "Paragraph 1", "para. 2": in a clause that is itself a numbered paragraph ("§ 6 (4)"),
# a paragraph of the same section.
_DECIMAL = re.compile(r"^((?:[^,]+, )?(?:Article |Section |Clause )?\d{1,3})\.\d{1,3}$")
_BARE_PARA = re.compile(r"\b(?:[Pp]aragraphs?|[Pp]aras?\.|[Ss]ec\.)\s+(\d{1,2})\b(?!\.\d|[\d(])(?!\s+of\b)")
_OWN_PARA = re.compile(r"\(\d{1,2}[a-z]?\)$")
_SIGN_PARA = re.compile(r"\u00a7\s*(\d{1,2})\b(?![.\d(])")


# ("Clause  1  of this Article": the brackets as :func:`unbracket` leaves them, spaces in their place)
_BRACKETED_PARA = re.compile(r"\b(?:clause|paragraph|para\.|item)\s(?:\s*\(|\s)(\d{1,2})(?:\)|\s|$)", re.I)


def resolve_paragraphs(refs: list[str], section: str | None, text: str = "") -> list[str]:
    """"(1)" in a clause numbered "7(3)" is paragraph 7(1); so is "Paragraph 1"
    when ``text``, the citing words, write it so."""
    if section and text and _OWN_PARA.search(section) and ("aragraph" in text or "ara." in text or "ec." in text):
        bare = set(_BARE_PARA.findall(text))
        refs = [f"({r})" if r in bare else r for r in refs]
    if section and text and _OWN_PARA.search(section):
        # "Clause (1) of this Article" in clause "Article 12(2)": the article's paragraph, its number in brackets
        bare = set(_BRACKETED_PARA.findall(text))
        refs = [f"({r})" if r in bare else r for r in refs]
    if section and text and section.startswith("Article ") and _OWN_PARA.search(section) and "\u00a7" in text:
        # "§ 2. Batch output files are outside the scope of § 1": in an article whose paragraphs are
        # numbered "§ 1", "§ 2" ("Article 12, § 1."), a paragraph of the same article.
        bare = set(_SIGN_PARA.findall(text))
        refs = [f"({r})" if r in bare else r for r in refs]
    if not section or not any(r.startswith("(") for r in refs):
        return refs
    head = re.sub(r"(?:\(\w{1,4}\))+$", "", section)
    decimal = _DECIMAL.match(head)
    if decimal and not _OWN_PARA.search(section):
        # "paragraph 1 of this Article" in clause 5.4 (paragraphs numbered 5.1, 5.2, ...): clause 5.1
        return [f"{decimal.group(1)}.{r[1:-1]}" if re.fullmatch(r"\(\d{1,2}\)", r) else r for r in refs]
    return [head + r if r.startswith("(") else r for r in refs]


_ANNEX_THEN_PARA = re.compile(r"\b(Schedule|Annex|Annexure|Appendix|Exhibit|Attachment)\s+([A-Z]|\d{1,3}|[IVX]{1,4}),\s+"
                              r"(?:paragraph|para\.|item|point)\s+(\d{1,3}(?:\.\d{1,3})*)\b(?!\.\d)")


_NUMBER_REF = re.compile(r"\b(?:in|under|of|outside|to|from|by|with|and|than)\s+(?:the\s+|this\s+)?numbers?\s+(?P<n>\d{1,3}(?:\.\d{1,3})*)\b"
                         r"(?!\s*(?:%|per\b|days?\b|months?\b|years?\b|hours?\b))", re.I)
_WORD_BRACKETED = re.compile(r"\b(?:clause|article|section)\s+\(\d{1,3}\)", re.I)


def ref_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the references in ``text``, as :func:`parse_refs`
    reads them: "paragraphs 1 to 3 of Schedule 3" is one reference, and
    ``parse_refs`` of a span's text gives that reference's sections."""
    spans: list[tuple[int, int]] = []
    whole = [m.span() for m in _SECTION_PARA_REF.finditer(text)] if ("para" in text or "par." in text or "Abs." in text or "sec." in text) else []
    whole += [m.span() for m in _ANNEX_THEN_PARA.finditer(text)] if "," in text else []
    for m in _REF.finditer(text) if _DIGIT.search(text) else ():
        if any(a <= m.start() < b for a, b in whole):
            continue  # "§ 7 para. 1": one reference, paragraph 1 of § 7
        of = _OF_ANNEX.match(text, m.end())
        spans.append((m.start(), of.end() if of else m.end()))
    spans += whole
    spans += [m.span() for m in _PARA_REF.finditer(text) if not any(a <= m.start() < b for a, b in whole)]
    if _DIGIT.search(text):
        spans += [m.span() for m in _LETTERED_REF.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    spans += [m.span() for m in _ANNEX_REF.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    if "rticle" in text:
        spans += [m.span() for m in _ROMAN_ARTICLES.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    low = text.lower()
    if "clause" in low or "section" in low or "article" in low or "usula" in low:
        spans += [(m.start(), _word_list_end(text, m)) for m in _WORD_REF.finditer(text)
                  if not any(a <= m.start() < b for a, b in spans)]
    if "number" in text.lower():
        spans += [m.span() for m in _NUMBER_REF.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    if "(" in text:
        # "Clause (1)", "Article (12)": the number in brackets, as Arabic-English drafting cites it
        spans += [m.span() for m in _WORD_BRACKETED.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    # "paragraph 1 of this Article": the words that make it a paragraph of the citing article
    spans = [(a, b + this.end()) if (this := _THIS_ARTICLE.match(text[b:])) else (a, b) for a, b in spans]
    if "ubsection" in text:
        # "section 4, subsection 2": one reference, clause 4.2
        spans = [(a, b + sub.end()) if (sub := _SUB_AFTER.match(text[b:])) else (a, b) for a, b in spans]
        spans = [(a, b) for a, b in spans if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in spans)]
    return sorted(spans)


_SUB_AFTER = re.compile(r",\s+[Ss]ubsection\s+\d{1,2}(?![\d(]|\.\d)(?:,\s+paragraph\s+\d{1,2}\b)?")


def _expand_range(a: str, b: str) -> list[str]:
    pa, pb = a.split("."), b.split(".")
    if len(pa) == len(pb) and pa[:-1] == pb[:-1] and pa[-1].isdigit() and pb[-1].isdigit():
        lo, hi = int(pa[-1]), int(pb[-1])
        if 0 <= hi - lo <= 50:
            return [".".join(pa[:-1] + [str(n)]) for n in range(lo, hi + 1)]
    return [a, b]


_LETTERED = re.compile(r"^[A-Z]\.\d")


_FILE_LIKE = re.compile(r"^[^\s,]*[A-Za-z][^\s,]*\.(?:txt|md|markdown|docx|pdf|doc|rtf|odt|html?)$", re.I)


def section_in(section: str | None, ref: str, own_annex: str | None) -> bool:
    """Does a clause numbered ``section`` fall under reference ``ref``?"""
    if not section:
        return False
    # ("C.2": a section of a lettered part, numbered like any other: its "C.2.1", "C.2(a)", not "C.20")
    if ref[0].isalpha() and ", " not in ref and not _LETTERED.match(ref):  # Schedule 2, Annex II
        letter = ref.rpartition(" ")[2]
        head, sep, rest = section.partition(", ")
        if sep and _FILE_LIKE.match(head) and own_annex and (own_annex == head or own_annex.startswith(head + ", ")):
            section = rest  # "Part B" said in a file of a bundle: that file's Part B
        # "B-4" is paragraph 4 of Exhibit B (of Schedule B, Annex B: whichever is lettered B).
        # "Part D" of an agreement whose sections are lettered "D.1", "D.5" (no Part heading of its own)
        return section == ref or section.startswith(ref + ",") or (
            len(letter) == 1 and letter.isupper() and section.rpartition(", ")[2].startswith(letter + "-")) or (
            ref.startswith("Part ") and len(letter) == 1 and ", " not in section and section.startswith(letter + "."))
    annex, _, num = section.rpartition(", ") if ", " in section else (None, "", section)
    if ", " in ref:  # "Schedule 3, 1": paragraph 1 of Schedule 3
        ref_annex, _, ref = ref.partition(", ")
        if annex != ref_annex:
            return False
    elif (annex or None) != (own_annex or None) and annex:
        return False
    num = _LEAD_WORD.sub("", num)  # "Article 3(1)" is numbered 3(1)
    return num == ref or num.startswith(ref + ".") or num.startswith(ref + "(")


def annex_of(section: str | None) -> str | None:
    if section and ", " in section:
        # "Schedule 2, 1.3" -> "Schedule 2"; in a bundle "msa.md, Part B, 7.1" -> "msa.md, Part B"
        head, _, last = section.rpartition(", ")
        # ("Attachment SR, SR-1": paragraph SR-1 of the attachment)
        # ("msa.pdf, Article 3(1)": an article of the file, as a number is)
        return head if last[:1].isdigit() or last.startswith("(") or re.match(r"[A-Z]{1,3}[-.]\d", last) \
            or _ARTICLE_SECTION.match(last) else section
    if section and section[0].isalpha() and not section.startswith("(") and not _ARTICLE_SECTION.match(section):
        return section
    return None


# "Article 11(1)", "Article 7": a numbered article of the document itself, not an annex.
_ARTICLE_SECTION = re.compile(r"^(?:Article|Art\.)\s+[\dIVXL]")


def top_section(section: str | None) -> str | None:
    """"Schedule 2, 5.2(a)" -> "Schedule 2, 5"; "5.2(a)" -> "5"."""
    if not section:
        return None
    annex, _, num = section.rpartition(", ") if ", " in section else ("", "", section)
    top = re.split(r"[.(]", num, maxsplit=1)[0]
    if not top:
        return section
    return f"{annex}, {top}" if annex else top


