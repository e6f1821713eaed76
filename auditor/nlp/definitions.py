"""Defined terms and their definitions.

Recognised forms:
    "Customer Data" means ...            (also: shall mean, refers to, includes, has the meaning)
    Customer Data: means ... / "Customer Data": all data ...
    ... inputs and outputs (together, the "Customer Data") ...
    ... each such file and its processing is a "Cargo Job" ...
    a two-column definitions table: | "Customer Data" | all inputs ... |
Curly and straight quotes both work; an unquoted Title Case term followed
by "means" is accepted too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parties import company_before

_Q_OPEN = "\"\u201c\u201f\u2018'\u00ab"
_Q_CLOSE = "\"\u201d\u2019'\u00bb"
_TERM = r"[A-Z][\w&/'\u2019-]*(?:\s+(?:of|and|or|the|to|for|in|[A-Z0-9][\w&/'\u2019-]*)){0,5}"
_VERB = r"(?:means|mean|shall\s+mean|will\s+mean|refers\s+to|refer\s+to|shall\s+refer\s+to|includes|shall\s+include|excludes|shall\s+exclude|does\s+not\s+include|shall\s+not\s+include|is\s+defined\s+as|has\s+the\s+meaning|comprises|denotes|designates|shall\s+designate)"
_LEAD = re.compile(
    rf"^\s*(?:\d{{1,2}}\u00b0\s+|[\(\[]?(?:[a-z0-9]{{1,4}}|[IVX]{{1,5}})[\)\].]\s+)?(?:[{_Q_OPEN}](?P<q>[^{_Q_CLOSE}]{{2,80}})[{_Q_CLOSE}]"
    # ('"Process" and "Processing" mean ...': terms defined together)
    rf"(?:\s*(?:,|and|or)\s*[{_Q_OPEN}](?P<q2>[^{_Q_CLOSE}]{{2,80}})[{_Q_CLOSE}])?|(?P<u>{_TERM}))"
    # a gloss may stand between the term and its verb: '(or "Bank Data")', a translation '(« File de nuit »)'
    rf"\s*(?:\((?P<gloss>[^()]{{1,60}})\)\s*)?(?::\s*|,?\s+){_VERB}\b",
)
_VERB_HINTS = ("mean", "refer", "include", "exclude", "defined", "comprise", "denote", "designate")  # every _VERB holds one
# 'The "Overnight Run" is the asynchronous batch service ...' (a quoted term, then is/are).
_IS = re.compile(rf"^\s*(?:[\(\[]?(?:[a-z0-9]{{1,4}}|[IVX]{{1,5}})[\)\].]\s+)?(?:The\s+|An?\s+)?[{_Q_OPEN}](?P<q>[^{_Q_CLOSE}]{{2,80}})[{_Q_CLOSE}]\s+(?:is|are)\s+(?:a|an|the|any|each|all)\b")
# ('"Deferred Queue Service" (Servicio de Cola Diferida): the modality ...': a translation between)
# (after an item number: '4\u00b0 "Mutuality Data" (\u00ab Donn\u00e9es de la Mutualit\u00e9 \u00bb): all data ...')
# ('"Procesamiento Masivo Diferido" or "PMD": the service by which ...': a short name beside the term)
_COLON = re.compile(rf"^\s*(?:\d{{1,2}}\u00b0\s+|[\(\[]?(?:[a-z0-9]{{1,4}}|[IVX]{{1,5}})[\)\].]\s+)?[{_Q_OPEN}](?P<q>[^{_Q_CLOSE}]{{2,80}})[{_Q_CLOSE}]"
                    rf"(?:\s*(?:,|and|or)\s*[{_Q_OPEN}](?P<q2>[^{_Q_CLOSE}]{{2,80}})[{_Q_CLOSE}])?"
                    rf"\s*(?:\((?P<gloss>[^()]{{1,60}})\)\s*)?[:\u2013\u2014-]\s+\S")
_INLINE = re.compile(
    rf"\((?:(?:the|each|a|an|together|collectively|individually|hereinafter|herein|referred\s+to\s+as|"
    rf"as\s+the|jointly|each\s+a|and\s+each\s+a|in\s+each\s+case)[,\s]+)*[{_Q_OPEN}](?P<q>[^{_Q_CLOSE}]{{2,60}})[{_Q_CLOSE}]"
    rf"(?:\s+or\s+(?:the\s+)?[{_Q_OPEN}](?P<q2>[^{_Q_CLOSE}]{{2,60}})[{_Q_CLOSE}])?\s*\)"
)

# '... each such file and its processing is a "Cargo Job"', 'files so submitted are called "Tranche Files"'.
_BEING = re.compile(rf"[{_Q_OPEN}](?P<q>[A-Z][^{_Q_CLOSE}]{{1,60}})[{_Q_CLOSE}],?\s+(?:being|which\s+is|that\s+is)\s+(?:a|an|the|[A-Z][\w-]*['\u2019]s)\s")
_INLINE_IS = re.compile(
    rf"\b(?:(?:is|are|(?:shall|will)\s+be)(?:\s+(?:called|referred\s+to\s+as|known\s+as))?|called|referred\s+to\s+as|known\s+as)"
    rf"\s+(?:(?:a|an|the|each\s+a)\s+)?[{_Q_OPEN}](?P<q>[A-Z][^{_Q_CLOSE}]{{1,60}})[{_Q_CLOSE}]")


_GLOSS = re.compile(r"^\s*(?:the\s+)?[\"\u201c]?(?P<g>[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|of|and|the|for))*)[\"\u201d]?\s*$")


@dataclass(frozen=True)
class Definition:
    term: str
    text: str  # the defining text (sentence, or clause for table definitions)
    start: int  # document offsets of ``text``
    end: int
    clause_id: str
    inline: bool = False


def _clean(term: str) -> str:
    return re.sub(r"\s+", " ", term).strip(" ,.;:")


def _title_form(term: str) -> str | None:
    """'"CUSTOMER PERSONAL DATA" means ...', which the clauses may write "Customer Personal Data": a
    term of several words defined in capitals, in title case (None for any other term)."""
    words = term.split()
    if len(words) > 1 and term.isupper() and any(len(w) > 3 for w in words):
        return " ".join(w.lower() if w.lower() in _MINOR_WORDS and k else w.capitalize() for k, w in enumerate(words))
    return None


_MINOR_WORDS = frozenset({"of", "and", "or", "the", "a", "an", "for", "to", "in", "on", "by"})


# ('Annex A (Definitions), item 4 - "Client Data" means ...': a label set off by a dash, too)
_LABELLED = re.compile(rf"^\s*[^:\"\u201c]{{1,60}}?(?::|\s[-\u2013\u2014])\s+(?=[{_Q_OPEN}])")


def _unlabelled(sentence: str) -> str:
    """'Overnight Summaries: "Overnight Summaries" means ...': the definition after its label."""
    m = _LABELLED.match(sentence)
    return sentence[m.end():] if m else sentence


# "2. Message Batches – the Borealis service through which ...", '"5) Bank Data – any data ... transmitted by
# the Bank"': an unquoted term set off by a dash, as continental agreements list their definitions.
_DASHED = re.compile(rf"^\s*[{_Q_OPEN}]?\s*(?P<label>\d{{1,2}}[).]\s+|\((?:[a-z]{{1,3}}|\d{{1,2}})\)\s+|[a-z][).]\s+)?"
                     rf"(?P<u>{_TERM})\s+[\u2013\u2014]\s+(?P<body>\S.*)$", re.S)
# The headings of a list of definitions.
_DEFINITIONS_HEADING = re.compile(r"\b(?:definitions?|defined\s+terms|interpretation|glossary|terms\s+used)\b", re.I)


def _dashed(sentence: str, heading: str | None) -> re.Match[str] | None:
    """'Term – text' as a definition: under a heading of definitions, or as a numbered item whose text
    opens in lower case ("5) Bank Data – any data ..."), never "Jan Sowa – President of the Board"."""
    if "\u2013" not in sentence and "\u2014" not in sentence:
        return None
    m = _DASHED.match(sentence)
    if m is None:
        return None
    term = m.group("u")
    if term.split()[0].lower() in _NOT_TERMS or len(term.split()) > 5 or len(m.group("body").split()) < 3:
        return None
    under = heading is not None and _DEFINITIONS_HEADING.search(heading) is not None
    if not under and not (m.group("label") and m.group("body")[:1].islower()):
        return None
    return m


def definitions_in(sentence: str, start: int, clause_id: str, heading: str | None = None) -> list[Definition]:
    """Definitions made by one sentence (document offset ``start``); ``heading`` is its clause's,
    which lets a list of definitions set its terms off by a dash alone."""
    sentence = _unlabelled(sentence)
    out: list[Definition] = []
    m = _lead(sentence) or _COLON.match(sentence) or _IS.match(sentence) or _dashed(sentence, heading)
    if m:
        term = _clean(m.groupdict().get("q") or m.groupdict().get("u") or "")
        if term and not term.lower().startswith(("this ", "the following")):
            out.append(Definition(term, sentence, start, start + len(sentence), clause_id))
            title = _title_form(term) if m.groupdict().get("q") else None
            if title:
                out.append(Definition(title, sentence, start, start + len(sentence), clause_id))
        second = _clean(m.groupdict().get("q2") or "")
        if second and second != term:
            out.append(Definition(second, sentence, start, start + len(sentence), clause_id))
        gloss = _GLOSS.match(m.groupdict().get("gloss") or "")
        if gloss and "\u00ab" in sentence[:m.start("gloss")]:
            # '« Données du Client » (Client Data) means ...': the term in the agreement's own
            # language, glossed in English; the English name is the one the clauses use.
            out.append(Definition(_clean(gloss.group("g")), sentence, start, start + len(sentence), clause_id))
    for m in _INLINE.finditer(sentence):
        # 'the Services Agreement No. 12 (the "Main Agreement")': the term names the words
        # before it, back to the start of their clause, not the rest of a long sentence.
        lo = max(sentence.rfind(";", 0, m.start()), sentence.rfind(": ", 0, m.start())) + 1
        while lo < m.start() and sentence[lo].isspace():
            lo += 1
        # ... unless the sentence goes on to define it ('Customer Content (the "Content") means ...').
        text = sentence if re.match(rf"\s*,?\s*{_VERB}\b", sentence[m.end():]) else sentence[lo:m.end()]
        if text is sentence:
            lo = 0
        elif company_before(sentence[lo:m.start()]):
            # '"Batch API" means the interface of Helix Reasoning, Inc. ("Helix")': the term
            # names the company, not the words before it in its clause.
            name = company_before(sentence[lo:m.start()]) or ""
            lo = sentence.rfind(name, lo, m.start())
            text = sentence[lo:m.end()]
        for group in ("q", "q2"):
            term = _clean(m.group(group) or "")
            if term and (not out or out[0].term != term):
                out.append(Definition(term, text, start + lo, start + lo + len(text), clause_id, inline=True))
    for m in _BEING.finditer(sentence):
        # 'the "Overnight Processing", being Tasman's asynchronous batch service under which ...':
        # the term, and what it is said to be, to the end of its item.
        term = _clean(m.group("q"))
        if term and all(d.term != term for d in out):
            end = sentence.find(";", m.end())
            text = sentence[m.start():end if end > 0 else len(sentence)]
            out.append(Definition(term, text, start + m.start(), start + m.start() + len(text), clause_id, inline=True))
    for m in _INLINE_IS.finditer(sentence):
        term = _clean(m.group("q"))
        if m.start() > 0 and term and all(d.term != term for d in out):
            out.append(Definition(term, sentence, start, start + len(sentence), clause_id, inline=True))
    return out


_EACH = re.compile(
    # ('"Batch Input File" and "Batch Output File" mean, respectively, ...': terms defined together)
    rf"(?:[{_Q_OPEN}][^{_Q_CLOSE}]{{2,80}}[{_Q_CLOSE}]\s*(?:,|and|or)\s*)?"
    rf"[{_Q_OPEN}](?P<q>[^{_Q_CLOSE}]{{2,80}})[{_Q_CLOSE}]\s*(?:\((?:or\s+)?[{_Q_OPEN}][^{_Q_CLOSE}]{{1,40}}[{_Q_CLOSE}]\)\s*)?"
    rf"(?::\s*|,?\s+){_VERB}\b")
_LEAD_IN = re.compile(r"^\s*(?:[\(\[]?[a-z0-9]{1,4}[\)\].]\s+)?(?:in|for\s+the\s+purposes\s+of|under)\s+this\s+[A-Za-z ]{2,40},\s*$", re.I)


# '"Input Files" and "Result Files" mean, respectively, the files that ... and the files that ...'
_RESPECTIVELY = re.compile(
    rf"^\s*(?:[\(\[]?(?:[a-z0-9]{{1,4}}|[IVX]{{1,5}})[\)\].]\s+)?(?P<terms>(?:[{_Q_OPEN}][^{_Q_CLOSE}]{{2,80}}[{_Q_CLOSE}]\s*(?:,|and|or)?\s*){{2,4}})"
    rf"(?:(?:mean|shall\s+mean|will\s+mean|refer\s+to)\s*,?|:)\s*respectively\s*,?\s*(?P<rest>.+)$", re.S)
_QUOTED_TERM = re.compile(rf"[{_Q_OPEN}](?P<q>[^{_Q_CLOSE}]{{2,80}})[{_Q_CLOSE}]")


def _respectively(sentence: str) -> list[str] | None:
    """'"Input Files" and "Result Files" mean, respectively, the files that the Bank uploads and
    the files that the service returns': one definition per term, each with its own part."""
    m = _RESPECTIVELY.match(sentence)
    if not m:
        return None
    terms = [t.group("q") for t in _QUOTED_TERM.finditer(m.group("terms"))]
    rest = m.group("rest").strip().rstrip(".")
    parts = re.split(r"\s*;\s*(?:and\s+)?|,?\s+and\s+(?=(?:the|a|an|any|all|each)\b)|,\s+(?=(?:the|a|an|any|all|each)\b)", rest)
    if len(parts) != len(terms):
        return None
    return [f'"{t}" means {p.strip()}.' for t, p in zip(terms, parts)]


def split_definitions(sentence: str) -> list[str] | None:
    """The definitions of a sentence that makes several ('In this Agreement,
    "Job Files" means ..., "Results" means ..., and "Client Material"
    means ...'), one text each; None when it makes at most one and has no
    lead-in. Each part is read on its own, so each term gets its own
    definition."""
    if not any(h in sentence for h in _VERB_HINTS) and "respectively" not in sentence:
        return None
    respective = _respectively(sentence)
    if respective:
        return respective
    found = list(_EACH.finditer(sentence))
    if not found:
        return None
    lead = sentence[:found[0].start()]
    if len(found) < 2 and not (lead.strip() and _LEAD_IN.match(lead)):
        return None
    if lead.strip() and not _LEAD_IN.match(lead) and len(found) < 2:
        return None
    parts = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(sentence)
        part = re.sub(r"[\s,;]*(?:\band\b|\bor\b)?[\s,;]*$", "", sentence[m.start():end])
        if k + 1 == len(found):
            part = sentence[m.start():end].strip()
        parts.extend(_respectively(part) or [part])
    return parts


def table_definition(cells: tuple[str, ...], start: int, end: int, clause_id: str) -> Definition | None:
    """A row of a two-column definitions table: term | meaning."""
    if len(cells) != 2 or not cells[0].strip() or len(cells[1].split()) < 3:
        return None
    term = _clean(cells[0].strip(_Q_OPEN + _Q_CLOSE + " "))
    if not term or len(term.split()) > 6 or not term[0].isupper():
        return None
    return Definition(term, cells[1], start, end, clause_id)


def _lead(sentence: str) -> re.Match[str] | None:
    """'"X" means/includes ...', or an unquoted 'Customer Data means ...'.

    Without quotes only "means"/"refers to" define, and never a pronoun or
    determiner: "That includes batch files" defines nothing.
    """
    if not any(h in sentence for h in _VERB_HINTS):
        return None  # no defining verb: the pattern cannot match
    m = _LEAD.match(sentence)
    if m and not m.group("q"):
        term = m.group("u") or ""
        verb = sentence[m.end() - 12:m.end()].lower()
        if term.split()[0].lower() in _NOT_TERMS or not re.search(r"mean|refer", verb):
            return None
    return m


_NOT_TERMS = {"this", "that", "these", "those", "it", "they", "such", "each", "any", "all", "the", "a", "an",
              "which", "who", "what", "there", "here", "we", "you", "our", "your", "its", "their", "no", "every"}


def is_definition_sentence(sentence: str, heading: str | None = None) -> bool:
    """A sentence whose main job is to define a term ("X" means ...); ``heading`` as for
    :func:`definitions_in`."""
    sentence = _unlabelled(sentence)
    return bool(_lead(sentence) or _COLON.match(sentence) or _IS.match(sentence) or _dashed(sentence, heading))


def is_pointer(definition: "Definition") -> bool:
    """'"Overnight Run" has the meaning given in paragraph 2 of Schedule 4.'"""
    return bool(re.search(r"\bhas\s+the\s+meaning\s+(?:given|set\s+out|ascribed|assigned)", definition.text))


_UMLAUT = {"a": "\u00e4", "o": "\u00f6", "u": "\u00fc", "au": "\u00e4u"}
_SPELLED_UMLAUT = {"a": "ae", "o": "oe", "u": "ue", "au": "aeu"}
_LAST_VOWEL = re.compile(r"(au|[aou])([^aeiou\u00e4\u00f6\u00fc\s-]*)$")


def umlaut_plurals(term: str) -> list[str]:
    """German plurals that change the last stem vowel of a defined term: "Massenauftrag" ->
    "Massenauftr\u00e4ge" (or "Massenauftraege" where umlauts are spelled out), "Datensatz" ->
    "Datens\u00e4tze", "Lauf" -> "L\u00e4ufe"; with "-er" too ("Wort" -> "W\u00f6rter"). English names have
    no umlaut, so no English word is read as one of these."""
    m = _LAST_VOWEL.search(term)
    if m is None or len(term) < 4:
        return []
    head, vowel, tail = term[:m.start()], m.group(1), m.group(2)
    return [f"{head}{table[vowel]}{tail}{end}" for table in (_UMLAUT, _SPELLED_UMLAUT) for end in ("e", "er")]


class TermIndex:
    """Finds uses of defined terms in text (case-sensitive, plural-tolerant)."""

    def __init__(self, terms: list[str]):
        self.terms = sorted(set(terms), key=len, reverse=True)
        # A term defined in the plural ("Service Channels") is also used in the singular.
        self._canon = {t: t for t in self.terms}
        for t in self.terms:
            if t[-1:] in ("s", "S") and not t.lower().endswith("ss") and len(t) > 4:  # ("QUEUED WORKLOADS" too)
                self._canon.setdefault(t[:-1], t)
            for form in umlaut_plurals(t):
                self._canon.setdefault(form, t)
        forms = sorted(self._canon, key=len, reverse=True)
        self._re = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in forms) + r")(?:s|es|S|ES|'s|\u2019s)?(?![\w-])")
            if forms else None
        )

    def uses(self, text: str) -> list[str]:
        if self._re is None:
            return []
        seen: list[str] = []
        pos = 0
        while (m := self._re.search(text, pos)) is not None:
            pos = max(m.end(), pos + 1)
            if m.group(1)[:4].lower() == "the ":
                # "the Company Data": the article of a longer term, not the party "the Company"
                inner = self._re.match(text, m.start() + 4)
                if inner is not None and inner.end() > m.end():
                    m, pos = inner, inner.end()
            term = self._canon[m.group(1)]
            if _NAME_GOES_ON.match(text, m.end()) and (term != m.group(1) or inside_longer_name(text, m.start(), m.end())):
                continue  # "Service Provider" is a name of its own, not the singular of "Services"
            if _COMPOUND_BEFORE.search(text, 0, m.start()):
                continue  # "the Real-Time Services", "the Non-Batch Services": a name of their own, not the Services
            if term not in seen:
                seen.append(term)
        return seen


_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z][a-z]")
_COMPOUND_BEFORE = re.compile(r"\b[A-Z][a-z]*-[A-Z][a-z]+[ \t]+$")
_NAME_BEFORE = re.compile(r"(?<![.!?:;]\s)(?<!^)\b[A-Z][a-z]+[ \t]+$")


def inside_longer_name(text: str, start: int, end: int) -> bool:
    """Do capitalised words stand on both sides of ``text[start:end]``, so that it is the
    middle of a longer name ("This Master Services Agreement" names a document, not the
    Services)?"""
    return bool(_NAME_GOES_ON.match(text, end) and _NAME_BEFORE.search(text, 0, start))
