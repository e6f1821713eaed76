"""Reading a whole document: its sentences, conjuncts, list items,
definitions and table cells each read once (``reading``), the agreement's own
names for modes and data patched in, the document passes run (``passes``),
and the tables read by column (``tables``). The result is one
``DocumentReading``, which the topic decisions read."""

from __future__ import annotations

import re

from ..model import Clause, Segmentation, Sentence
from ..nlp.definitions import (Definition, TermIndex, definitions_in, is_pointer, split_definitions,
                               table_definition)
from ..nlp.parties import find_parties, first_person_role, parties_by_contrast
from ..nlp.stem import stem
from ..nlp.terms import Annotated, TermMatcher
from ..rules import RuleSet
from .amended_cells import apply_cell_amendments
from .conjuncts import conjuncts
from .labels import grammar_of, topic_label
from .names import alias_patcher, compound_aliases, data_terms, data_words, described_products, equated_names, glossed_names, \
    labelled_names, mode_aliases, unit_genus
from .passes import elections, AMENDS, QUOTED_WORDING, non_contractual, restated_rows, run_passes
from .reading import NUMBER_LABEL, data_sources, excluded_terms, matcher_for, matcher_labels, read_sentence
from .records import DocumentReading, SentenceReading
from .references import lettered_points, parse_refs
from .tables import PROSE_WORDS, refers_elsewhere, row_names


_DEFINING_HEADER = re.compile(r"\b(?:term|terms|definition|definitions|meaning|defined|means)\b", re.I)


def _defines(header: tuple[str, ...]) -> bool:
    """Is a table a definitions table ("Term | Meaning")? An order form's
    "Item | Details" or "Topic | Special term" rows are terms of the deal,
    not definitions. A table with no header row may be either."""
    return not header or bool(_DEFINING_HEADER.search(" ".join(header))) and not re.search(
        r"special\s+term|commercial\s+term", " ".join(header), re.I)


_NOT_APPLICABLE = re.compile(r"^(?:not\s+applicable|n/?a)\.?$", re.I)


def _cell_prose(clause: Clause, alone: bool = False, elsewhere=lambda cell: False) -> list[str]:
    """The prose cells of a table row, each as "Row label: cell". Short
    values ("29 days", "No", "United States") are left to the column
    reading; the header row is not prose, unless it is the table's only row
    ("| Batch Data | any available region |"), which is then read whole."""
    if len(clause.cells) < 2:
        return []
    if clause.cells == clause.header:
        if not alone:
            return []
        return [f"{' '.join(clause.cells[0].split())}: " + "; ".join(" ".join(c.split()) for c in clause.cells[1:])]
    label = " ".join(clause.cells[0].split())
    if not clause.header and label and all(len(c.split()) < PROSE_WORDS for c in clause.cells[1:]):
        # A row of a table with no header ("Real-time inputs and outputs | 30 days"): no column says
        # what its short values are, so the row is read as its label and values.
        return [f"{label}: " + "; ".join(" ".join(c.split()) for c in clause.cells[1:] if c.strip())]
    if not label or len(label.split()) > 6:
        label = ""
    # The row's short answers go with its prose as context: "Access logging (On the roadmap): Planned ...".
    # ("not applicable" under another column says nothing of the prose: it is no carve-out of the row)
    short = [" ".join(c.split()) for c in clause.cells[1:] if c.strip() and len(c.split()) < PROSE_WORDS
             and not _NOT_APPLICABLE.match(c.strip())]
    if label and short:
        label = f"{label} ({'; '.join(short)})"
    out = []
    for j, cell in enumerate(clause.cells):
        words = cell.split()
        if j == 0 or len(words) < PROSE_WORDS or elsewhere(cell):
            continue  # a short answer, or "not applicable - see batch result files"
        text = " ".join(words)
        out.append(f"{label}: {text}" if label else text)
    return out


def _label_answers_carve_nothing(r: SentenceReading) -> None:
    """A table cell read as prose carries its row's short answers in its label ("Message Batches
    (...; Not available; ...; No): ..."). Those answer their own columns, which the column reading
    weighs; a "Not available" among them carves nothing out of the prose cell."""
    m = r.modes
    if r.clause.kind != "table_row" or not m.batch_excluded or not m.cue:
        return
    colon = r.text.find("): ")
    at = r.text.find(m.cue)
    if r.text != r.clause.text and colon > 0 and 0 <= at < colon:
        m.batch_excluded, m.cue = [], ""


_ITEM_MARK = re.compile(r"^\s*(?:[-\u2022\u2013*\u25cf]|\(?[a-z]{1,3}\)|\(?[ivx]{1,5}\)|\(?\d{1,2}\))\s+")


def _list_item(text: str) -> str | None:
    """The words of a list item ("- keep Customer Data only in Canada;",
    "(b) not use Customer Data to train models."), or None when the text
    starts a sentence of its own."""
    m = _ITEM_MARK.match(text)
    body = text[m.end():] if m else text.strip()
    if not body or not (m or body[:1].islower()):
        return None
    return body.rstrip(" ;.").removesuffix(" and").removesuffix(" or") + "."


# A lead-in that only sets the scene ("If this Agreement terminates:", "For every batch prediction
# job:") governs each item that follows, even an item that is a sentence of its own.
# A lead-in that ranks the documents its items name.
# ("in this order" ending the lead-in; not "In this Order Form and in the Schedule:")
_RANKING_LEAD = re.compile(r"\bin\s+(?:this|the\s+following)\s+(?-i:order)(?:\s+of\s+(?:precedence|priority))?\s*$"
                           r"|\border\s+of\s+(?:precedence|priority)\b", re.I)
_ADVERBIAL_LEAD = re.compile(r"^(?:if|when|whenever|where|upon|on|for|in respect of|with respect to|following|"
                             r"after|before|unless|in the event|during)\b(?!.*\b(?:shall|will|must|may|agrees?|undertakes?)\b)",
                             re.I)


# A clause label left at the start of a lead-in ("5.2 ", "(a) ", "B. ", "Section 4 "), but
# not a short first word ("For every batch job", "If this Agreement terminates").
_LEAD_LABEL = re.compile(r"^\s*(?:(?:section|clause|article|paragraph|schedule|annex|part)\s+\S+\s+|"
                         r"[(\[]?\d{1,3}(?:\.\d{1,3})*[)\].]?\s+|[(\[][A-Za-z]{1,4}[)\]]\s+|[A-Za-z][.)]\s+)", re.I)


# A lead-in that names what its items give values of ("Retention by object type:", "Retention
# periods:", "Hosting locations:"): a short phrase with no verb of obligation, and items of the form
# "label: short value" ("Job input files: 30 days from upload"), not notes ("Important: ...").
_LABEL_LEAD = re.compile(r"^[A-Z][\w/&()\-]*(?:[ ,][\w/&()\-]+){0,7}:$")
_LABEL_ITEM = re.compile(r"^\s*[^:;.]{2,80}:\s+(?P<value>\S.*)$")
_OBLIGATION = re.compile(r"\b(?:shall|will|must|may|agrees?|undertakes?|means|includes?)\b", re.I)


# New wording that opens with a defined term ('Claim Content" means ...', its opening quote taken as
# the quote around the new wording).
_TERM_THEN_MEANS = re.compile(r"^[^\"\u201c\u201d]{1,60}[\"\u201d]\s+(?:means|shall\s+mean|includes|has\s+the\s+meaning)\b")
# A duty whose terms follow in items: "The Provider shall host Bank Data as follows:".
_DUTY_LEAD = re.compile(r"\b(?:shall|will|must|undertakes?\s+to|agrees?\s+to)\b.*\b(?:as\s+follows|the\s+following)$", re.I)


def _duty_label_item(text: str) -> bool:
    """A short "label: value" item, with no verb of its own ("Hosting location: Frankfurt"), not a
    statement under a label ("Transfer approval: The Bank confirms that ...")."""
    m = _LABEL_ITEM.match(text)
    label = text[:text.find(":")].split()
    # (not "Live API - Hosting location: Johannesburg": a row for a named service, which says whose it is)
    return bool(m and not _OBLIGATION.search(text) and len(m.group("value").split()) <= 12
                and not any(w[:1].isupper() or w in ("-", "\u2013", "\u2014") for w in label[1:])
                and not re.search(r"\b(?:is|are|has|have|was|were|confirms?|acknowledges?)\b", m.group("value")))


def _label_item(lead: str, text: str) -> bool:
    m = _LABEL_ITEM.match(text)
    return bool(m and _LABEL_LEAD.match(lead + ":") and not _OBLIGATION.search(lead)
                and not _OBLIGATION.search(text) and len(m.group("value").split()) <= 8)


# "The Contractor's obligations under this Agreement apply to the Bulk Request Method, except Article 10
# (Domestic Processing)": an umbrella, and the sections it withholds from what it names.
_EXCEPTED = re.compile(r"^(?P<head>.*?\b(?:apply|applies|extend|extends|shall\s+apply|shall\s+extend)\s+(?:also\s+|equally\s+)?to\s+"
                       r"(?P<what>(?:[^,;()]|\([^()]{1,40}\)){3,80}?)),?\s+(?:except|save|other\s+than|excluding|with\s+the\s+exception\s+of)\s+(?:for\s+)?"
                       r"(?P<refs>(?:(?:Articles?|Sections?|Clauses?|Paragraphs?|Nos?\.)\s*[\w.()]+(?:\s*\([A-Z][^()]{0,40}\))?"
                       r"(?:\s*(?:,|and|or)\s*)?)+)\.?\s*$")
# "Annex 3 applies to ..., with the exception of No. 4": items of the annex the umbrella names.
_HEAD_ANNEX = re.compile(r"\b(Schedule|Annex|Appendix|Exhibit|Attachment)\s+([0-9]{1,3}|[IVXLC]{1,6}|[A-Z])\b")


# "Sections 12.3 and 12.7, but not Section 12.6, apply to Bulk Processing files": the sections named,
# and one the statement names only to leave out.
_BUT_NOT = re.compile(r"^(?P<a>(?:Sections?|Clauses?|Articles?|Paragraphs?)\s+[^,;]{1,40}),\s+but\s+not\s+"
                      r"(?P<refs>(?:Sections?|Clauses?|Articles?|Paragraphs?)\s+[\w.()]+(?:\s+(?:and|or)\s+[\w.()]+)*),\s+"
                      r"(?P<verb>apply|applies|extend|extends|shall\s+apply|shall\s+extend)\s+(?P<what>to\s+.+?)\.?\s*$")


def _excepted_sections(text: str) -> list[str]:
    """The umbrella, then a carve-out of the sections it withholds, each as a sentence of its own."""
    def withheld(refs: str, what: str) -> str:
        plural = re.search(r"\b(?:and|or|Sections|Clauses|Articles|Paragraphs)\b", refs)
        return f"{refs} {'do' if plural else 'does'} not apply {what}."
    b = _BUT_NOT.match(text.strip())
    if b:
        return [f"{b.group('a')} {b.group('verb')} {b.group('what')}.", withheld(b.group("refs"), b.group("what"))]
    m = _EXCEPTED.match(text.strip())
    if not m:
        return []
    refs = m.group("refs").strip().rstrip(",").rstrip(".")
    annex = _HEAD_ANNEX.search(m.group("head"))
    if annex and refs.startswith("No") and " of " not in refs:
        refs = f"{refs} of {annex.group(1)} {annex.group(2)}"
    return [m.group("head").strip() + ".", withheld(refs, "to " + m.group("what").strip())]


# "Clause 15.1 reaches batch result files, but batch input files are destroyed only on the Supplier's
# annual archive purge": a scope statement by section, then a clause with a subject and verb of its own.
# ("The exception in Section 6.3 does not apply to Batch Jobs, and all Batch Job inputs and outputs are
# deleted thirty (30) days after receipt": the clause after ", and" has a subject and verb of its own too)
_SCOPE_BUT = re.compile(r"^(?P<scope>(?:[\w.()-]+\s+){0,4}(?:(?:sub-?)?(?:clauses?|sections?|articles?|paragraphs?)|\u00a7+)\s*[\w.()]+"
                        r"(?:\s*(?:,|and|or|to)\s*[\w.()]+)*\s+[^,;]{3,120}?)(?:,?\s+but|,\s+and(?!\s+(?:these|those|such|they|it|them)\b))\s+"
                        r"(?P<rest>(?:the\s+|all\s+|any\s+)?[\w-]+(?:\s+[\w-]+){0,5}?\s+(?:is|are|shall|will|may|must)\b.+)$", re.I)


def _scope_then_clause(text: str, verbs: tuple[str, ...]) -> list[str]:
    """The scope statement and the clause after its "but" (or ", and"), each as a sentence of its own, when the
    first names a section and a scope verb (``verbs``) and the second has its own subject and verb."""
    m = _SCOPE_BUT.match(text.strip())
    if not m or not re.search(r"\b(?:" + "|".join(re.escape(v) for v in verbs) + r")\w*\b", m.group("scope"), re.I):
        return []
    rest = m.group("rest").strip()
    return [m.group("scope").strip() + ".", rest[0].upper() + rest[1:]]


# "The commitments on data location in this Article apply to all processing modes: Party B stores and
# processes the Data of Party A only in Singapore": a scope statement, then after its colon the clause
# it speaks of, with a subject and verb of its own.
# ("Clause 12(2) does not apply to batch jobs: batch input files and batch output files are retained
# in accordance with clause 12(1) only": the clause after the colon in lower case, its subject coordinated)
_SCOPE_COLON = re.compile(r"^(?P<scope>[^:]{12,240}?):\s+(?P<rest>(?:the\s+|each\s+|every\s+|all\s+)?[A-Za-z][\w'-]*(?:\s+[\w'-]+){0,7}?\s+"
                          r"(?:shall|will|must|may|is|are|does|do|[a-z]+s)\b[^:]{12,})$")


# A provision named without a number: "this paragraph", "the breach notification duty".
_PROVISION_WORDS = re.compile(r"\bthis\s+(?:paragraph|clause|section|article|schedule)\b|\b(?:duty|duties|obligations?|commitments?)\b", re.I)


def _scope_colon_clause(text: str, verbs: tuple[str, ...]) -> list[str]:
    """The scope statement before a colon and the clause after it, each a sentence of its own,
    when the first has a scope verb (``verbs``) and the second its own subject and verb."""
    m = _SCOPE_COLON.match(text.strip())
    if not m or not re.search(r"\b(?:" + "|".join(re.escape(v) for v in verbs) + r")\w*\b", m.group("scope"), re.I):
        return []
    rest = m.group("rest").strip()
    scope = m.group("scope")
    if rest[:1].islower() and not ((parse_refs(scope) or _PROVISION_WORDS.search(scope))
                                   and re.search(r"\b(?:not|never|no|none|nothing|neither)\b", scope, re.I)):
        # In small letters, only after a negative statement about a provision, lest its negation reach the
        # clause that says what applies ("Clause 12(2) does not apply to batch jobs: batch input files ... are
        # retained in accordance with clause 12(1) only", "No part of the Services ... falls outside the
        # breach notification duty in this paragraph: we will report ..."); otherwise the colon's clause goes on with the
        # sentence ("For the Bulkverwerking the same term as in artikel 7.1 applies: input files ... are
        # kept ...", "Zero data retention applies to every request ...: neither the Supplier nor ...").
        return []
    return [m.group("scope").strip() + ".", rest[0].upper() + rest[1:]]


# "Batch jobs fall within clause 9.1 but outside clause 9.2": where a subject falls, named by section.
_REFS_WORDS = r"(?:(?:sub-?)?(?:clauses?|sections?|articles?|paragraphs?)|\u00a7+)\s*[\w.()]+(?:\s*(?:,|and|or|to)\s*[\w.()]+)*"
_FALLS = re.compile(rf"^(?P<subj>.{{3,120}}?)\s+(?:falls?|lies?|comes?|are|is)\s+(?P<a>within|outside)\s+(?:the\s+scope\s+of\s+)?(?P<ra>{_REFS_WORDS})"
                    rf"(?:,?\s+(?:but|and|while|whereas)\s+(?:(?:falls?|lies?|comes?|are|is)\s+)?(?P<b>within|outside)\s+(?:the\s+scope\s+of\s+)?"
                    rf"(?P<rb>{_REFS_WORDS}))?\.?\s*$", re.I)

# Two sections contrasted for one subject, the relation said another way in each conjunct: "Scheduled
# Bulk Completions are subject to clause 7.1 but are outside clause 7.2", "... fall within clause 7.2
# though not within clause 7.1". (A relation on its own, "are subject to clause 7.1", is read as it stands.)
_RELATION = r"(?:not\s+)?(?:within|outside|beyond|subject\s+to|covered\s+by|governed\s+by|excluded\s+from|exempt(?:ed)?\s+from)"
_INSIDE = ("within", "subject", "covered", "governed")
_CONTRASTED = re.compile(
    rf"^(?P<subj>.{{3,120}}?)\s+(?:falls?|lies?|comes?|are|is|remains?|(?:shall|will)\s+(?:be|remain))\s+(?P<a>{_RELATION})\s+"
    rf"(?:the\s+scope\s+of\s+)?(?P<ra>{_REFS_WORDS}),?\s+(?:but|while|whereas|though|although|yet)\s+"
    rf"(?:(?:falls?|lies?|comes?|are|is|remains?|(?:shall|will)\s+(?:be|remain))\s+)?"
    # ("... within the scope of Section 7.1 but not of Section 7.2": the relation elided after "not")
    rf"(?:(?P<b>{_RELATION})\s+|(?P<elided>not)\s+(?:of\s+|in\s+|under\s+)?)"
    rf"(?:the\s+scope\s+of\s+)?(?P<rb>{_REFS_WORDS})\.?\s*$", re.I)


def _falls_within(text: str) -> list[str]:
    """"Batch jobs fall within clause 9.1 but outside clause 9.2": what each section named does for
    the subject, as sentences of their own ("Clause 9.1 applies to batch jobs.", "Clause 9.2 does not
    apply to batch jobs.")."""
    m = _CONTRASTED.match(text.strip()) or _FALLS.match(text.strip())
    if not m or re.search(r"(?i)\b(?:no|none|nothing|neither|nor|not|never)\b", m.group("subj")):
        return []  # "No Request, including one of an Overnight Run, is outside the scope of clause 15.1": read as it stands
    subj = m.group("subj").strip()
    subj = subj[0].lower() + subj[1:] if subj[:1].isupper() and not subj.split()[0].isupper() and len(subj.split()[0]) > 1 \
        and subj.split()[0].lower() in ("batch", "asynchronous", "bulk", "the", "all", "any") else subj

    def said(where: str, refs: str) -> str:
        refs = refs.rstrip(".")
        plural = re.search(r"\b(?:and|or|clauses|sections|articles|paragraphs)\b|\u00a7\u00a7", refs, re.I)
        head = refs[0].upper() + refs[1:]
        where = " ".join(where.lower().split())
        inside = where.startswith(_INSIDE)
        if where.startswith("not "):
            inside = not where[4:].startswith(_INSIDE)
        if inside:
            return f"{head} {'apply' if plural else 'applies'} to {subj}."
        return f"{head} {'do' if plural else 'does'} not apply to {subj}."
    out = [said(m.group("a"), m.group("ra"))]
    if m.group("b"):
        out.append(said(m.group("b"), m.group("rb")))
    elif "elided" in m.groupdict() and m.group("elided"):
        out.append(said("not " + m.group("a"), m.group("rb")))
    return out


# "This Addendum applies to all modes of processing including the Batch Processing Service, and shall
# prevail over the Principal Agreement in respect of ...": where it applies, and what it prevails over.
_SCOPE_AND_PRECEDENCE = re.compile(r"^(?P<subj>.{2,80}?)\s+(?P<a>(?:shall\s+|will\s+)?(?:applies|apply|extends?)\s+to\s+.+?),\s+and\s+"
                                   r"(?P<b>(?:shall|will)\s+(?:prevail|take\s+precedence|control)\b.+)$")


_INLINE_LEAD = re.compile(r"^(?P<lead>[^:;]{12,300}?(?:shall|will|must|agrees?\s+to|undertakes?\s+to)\s*:)\s*\((?P<first>a|i|1)\)\s+(?P<rest>.+)$", re.S)
_INLINE_NEXT = re.compile(r"\s*[;,]\s*(?:and\s+|or\s+|and/or\s+)?\((?:[b-z]|ii|iii|iv|v|vi|[2-9])\)\s+")


def _inline_items(text: str) -> list[str]:
    """The items of a list written inside one sentence after a lead-in that ends in a duty
    ("the Service Provider shall: (a) ...; (b) ...; and (c) ..."), each with the lead-in."""
    m = _INLINE_LEAD.match(text)
    if m is None:
        return []
    items = [i.strip() for i in _INLINE_NEXT.split(m.group("rest")) if i.strip()]
    lead = m.group("lead").rstrip(": ")
    return [f"{lead} {item}" for item in items] if len(items) >= 2 else []


def _pointer_apart(text: str, mutable: tuple[str, ...]) -> list[str]:
    """"Result files ... are kept for thirty (30) days; Party B retains inputs as described in its
    Trust Center, as amended from time to time": clauses joined by a semicolon, only some of which
    rest on a page the other side can change (``mutable``: the cue file's mutable_reference words),
    are read one by one, so that the pointer takes nothing from the clause beside it."""
    parts = [p for p in re.split(r"\s*;\s+", text) if p.strip()]
    if len(parts) < 2:
        return []
    marked = [any(re.search(r"\b" + re.escape(m) + r"\b", part, re.I) for m in mutable) for part in parts]
    return parts if any(marked) and not all(marked) else []


def _scope_and_precedence(text: str) -> list[str]:
    """A scope statement and a precedence clause joined under one subject, as two sentences."""
    m = _SCOPE_AND_PRECEDENCE.match(text.strip())
    if not m:
        return []
    return [f"{m.group('subj')} {m.group('a')}.", f"{m.group('subj')} {m.group('b')}"]


# The head of a term for the ways of using the service ("Service Modes", "Access Channels").
_MODE_HEAD = re.compile(r"\b(?:Modes?|Channels?|Methods?|Routes?|Tiers?|Options?)$")


def _under_mode_line(readings: list[SentenceReading]) -> list[tuple[int, str]]:
    """Label lines that follow, line after line, a first line naming batch alone ("Mode: Batch
    prediction jobs", "Service line 2 - Batch prediction jobs"), with that mode added to their words."""
    out: list[tuple[int, str]] = []
    mode: str | None = None
    for k, r in enumerate(readings):
        m = r.modes
        first = r.text.split(":", 1)[0]
        at = r.ann.tokens[m.batch_included[0][0]].idx if m.batch_included else -1
        dash = max(first.find(" - "), first.find(" \u2013 "))
        # (or, in a paragraph of label lines, "... Use for training: none. Modality B - Batch processing.
        # Retention: ...": a mode line after label lines of its own)
        starts = r.clause.text.startswith(r.text[:24]) or (
            k > 0 and readings[k - 1].clause.id == r.clause.id and readings[k - 1].label_line and 0 <= dash < at)
        if (starts and len(first.split()) <= 12 and at >= 0 and not m.sync
                and not m.batch_excluded and not r.durations
                # "Mode: Batch prediction jobs" (the mode is the value, and the line commits nothing), or
                # "Service line 2 - Batch prediction jobs" (the mode after the dash of a line that names it)
                and ((r.label_line and at > len(first) and not r.commitments and len(r.text.split()) <= 8
                      and r.function != "scope"  # "Service: Batch API" scopes the whole form already
                      and not any(ch in r.text[len(first) + 1:] for ch in ",;/&") and " and " not in r.text)
                     or 0 <= dash < at < len(first)
                     # "Stapelverarbeitung (batch)" as a short title over "- Retention: 30 days" lines
                     or (r.function == "heading" and not r.commitments and len(r.text.split()) <= 6))):
            s, e = m.batch_included[0]
            mode = " ".join(r.ann.word(i) for i in range(s, e))
            continue
        if mode and r.label_line and not m.batch_included and not m.sync and not m.all_modes:
            out.append((k, f"{r.text.rstrip(' .;')} (for {mode})."))
            continue
        mode = None
    return out


def _item_clause(clause: Clause) -> bool:
    """Is ``clause`` a list item: "(b) ...", "- ...", or numbered "(b)" by Word?"""
    return bool(_ITEM_MARK.match(clause.text)) or (clause.section or "").endswith(")")


# A lead-in to a list of definitions: "the following capitalised terms have the meaning set out below:",
# "In this Agreement the following definitions apply:", "the expressions below shall mean:".
_DEFINITIONS_LEAD = re.compile(r"\b(?:terms?|expressions?|words?)\b[^:]{0,80}\b(?:meanings?|mean|defined)\b|\bdefinitions?\s+(?:apply|below)\b"
                               r"|\bhave\s+the\s+following\s+meanings?\b", re.I)
# An item of such a list: "Administrator Data: all data ...", "(a) Batch Service: the service ...".
_TERM_ITEM = re.compile(r"^\W*(?:\(?[a-z0-9]{1,3}[.)]\s+)?(?P<term>[A-Z][\w'\u2019-]*(?:\s+(?:[A-Z][\w'\u2019-]*|of|and|for|the)){0,5})"
                        r"\s*:\s+(?P<rest>\S.*)$")
_REPLACES_WORDS = re.compile(
    # (also without "the words": 'In paragraph 6, "30 days" is replaced with "45 days"')
    r"(?:\bthe\s+words?\s+|(?<=\s))[\"\u201c](?P<old>[^\"\u201d]{2,120})[\"\u201d]\s+(?:are|is|shall\s+be)\s+(?:hereby\s+)?"
    r"(?:replaced|substituted)\s+(?:by|with)\s+(?:the\s+words?\s+)?[\"\u201c](?P<new>[^\"\u201d]{2,120})[\"\u201d]", re.I)
_IN_ANNEX = re.compile(r"\b((?:Annex|Annexure|Schedule|Appendix|Exhibit|Attachment)\s+(?:[0-9]{1,3}|[IVXLC]{1,6}|[A-Z]))\b")
_ROW_NAMED = re.compile(r"\brow\s+[\"\u201c]([^\"\u201d]{2,60})[\"\u201d]", re.I)
_ONLY_FOR = re.compile(r"\b(?:in\s+respect\s+of|as\s+regards|for)\s+(?P<scope>[^,;]{3,80}?)\s+only\b", re.I)


def _amended(text: str, m: re.Match[str], seg: Segmentation) -> list[tuple[str, str | None]]:
    """The sentences of the clause an amendment names, with its words replaced:
    each as (the amended text, the old sentence it supersedes or None when the
    amendment is limited to part of what the clause covers)."""
    refs = [r for r in parse_refs(text[:m.start()]) if r[:1].isdigit()]
    annex = _IN_ANNEX.search(text, 0, m.start()) if not refs else None
    if not refs and not annex:
        return []
    # ("In Annex 3, row "Batch Jobs", the retention entry "30 days" is replaced by "45 days"": an entry
    # of a part named by its title, in the row the amendment names)
    ref = refs[0] if refs else " ".join(annex.group(1).split())
    old, new = m.group("old"), m.group("new")
    row = _ROW_NAMED.search(text, 0, m.start())
    limit = _ONLY_FOR.search(text)
    out = []
    for clause in seg.clauses:
        if (clause.section or "").rpartition(", ")[2].lower() != ref.lower():
            continue
        for sent in clause.sentences:
            at = sent.text.lower().find(row.group(1).lower()) if row else 0
            if at >= 0 and old.lower() in sent.text.lower()[at:] and not _REPLACES_WORDS.search(sent.text):
                k = sent.text.lower().index(old.lower(), at)
                body = NUMBER_LABEL.sub("", sent.text[:k] + new + sent.text[k + len(old):], count=1).strip()
                if limit:
                    out.append((f"In respect of {limit.group('scope')} only, {body[:1].lower() + body[1:]}", None))
                else:
                    out.append((body, sent.text))
    return out


def _batch_relative(a, batch: list[tuple[int, int]]) -> str | None:
    """"batch jobs, which always remain in the EU" -> "batch jobs always remain
    in the EU": a non-restrictive relative clause whose antecedent is the batch
    words, with them as its subject (up to the end of the clause)."""
    n = len(a)
    for s, e in batch:
        while e < n and e - s < 5 and a.word(e)[:1].isupper() and a.word(e).isalpha():
            e += 1  # "the Asynchronous Scoring Service, which ...": the rest of the name
        if e + 2 < n and a.word(e).isalpha() and a.word(e).islower() and a.word(e + 1) == ",":
            e += 1  # "batch prediction jobs, which ...": the noun the batch words modify
        if e + 1 < n and a.word(e) == "," and a.word(e + 1).lower() in ("which", "whose"):
            end = next((i for i in range(e + 2, n) if a.word(i) in (";", ":")), n)
            if end - (e + 2) < 2:
                continue
            lo, hi = a.tokens[s].idx, a.tokens[e - 1].idx + len(a.tokens[e - 1].text)
            body_lo = a.tokens[e + 2].idx
            body_hi = a.tokens[end - 1].idx + len(a.tokens[end - 1].text)
            if a.word(e + 1).lower() == "whose":
                # "batch jobs, whose input files and output files are deleted 30 days after receipt" -> "the
                # input files and output files of batch jobs are deleted ...": what is theirs, said of them
                verb = next((i for i in range(e + 3, end) if a.norm(i) in _RELATIVE_VERBS), None)
                if verb is None:
                    continue
                subject = a.text[body_lo:a.tokens[verb].idx].strip()
                return f"The {subject} of {a.text[lo:hi]} {a.text[a.tokens[verb].idx:body_hi]}".strip()
            return f"{a.text[lo:hi]} {a.text[body_lo:body_hi]}".strip()
    return None


_RELATIVE_VERBS = frozenset(stem(w) for w in ("are", "is", "shall", "will", "must", "remain", "remains", "stay", "stays"))


def _rows_applied_to_sync(readings: list[SentenceReading]) -> None:
    """"| Security incident notification | Notify the Client within 48 hours ... | Real-Time
    API; Member Chat |": a row whose cell lists only real-time services (an "Applies to"
    column) limits the row's commitment to them."""
    by_row: dict[str, list[SentenceReading]] = {}
    for r in readings:
        if r.clause.kind == "table_row" and not r.table_kind:
            by_row.setdefault(r.clause.id, []).append(r)
    for row in by_row.values():
        if len(row) < 2 or any(x.modes.batch for x in row):
            continue
        for x in row:
            a = x.ann
            cell = a.text.partition(": ")[2] if ": " in a.text else ""
            at = len(a.text) - len(cell)
            parts = [p for p in re.split(r"[;,]|\band\b", cell) if p.strip()]
            sync_at = [a.tokens[s_].idx for s_, _ in a.spans("v:synchronous")]
            if not cell or not parts or len(sync_at) < len(parts):
                continue
            bounds, pos = [], at
            for p_ in re.split(r"([;,]|\band\b)", cell):
                bounds.append((pos, pos + len(p_), p_))
                pos += len(p_)
            if all(any(lo <= k < hi for k in sync_at) for lo, hi, p_ in bounds if p_.strip() and p_.strip() not in (";", ",", "and")):
                for y in row:
                    if y is not x and y.commitments:
                        y.modes.sync_limited = True
                        y.modes.cue = y.modes.cue or cell[:60]


def _quoted(r: SentenceReading, sentence: Sentence) -> SentenceReading:
    """A conjunct's reading quotes (and spans) the whole sentence it is part of."""
    if r.text != sentence.text:
        r.unit = r.text
        r.text, r.end = sentence.text, sentence.start + len(sentence.text)
    return r


class _BuyerPaper:
    """The matcher, for an agreement on the buyer's paper, where "we" is the
    customer and "you" the provider: the pronouns' party labels are swapped."""

    _FIRST = {"we", "us", "our", "ours"}
    _SECOND = {"you", "your", "yours"}

    def __init__(self, matcher: TermMatcher) -> None:
        self.matcher = matcher

    def annotate_many(self, texts: list[str]) -> list[Annotated]:
        return [self._swap(a) for a in self.matcher.annotate_many(texts)]

    def _swap(self, a: Annotated) -> Annotated:
        prov, cust = a.matches.get("v:provider_parties", ()), a.matches.get("v:customer_parties", ())
        if not prov and not cust:
            return a
        words = lambda sp: {a.norm(i) for i in range(*sp)}  # noqa: E731
        new_prov = [sp for sp in prov if not words(sp) & self._FIRST] + [sp for sp in cust if words(sp) & self._SECOND]
        new_cust = [sp for sp in cust if not words(sp) & self._SECOND] + [sp for sp in prov if words(sp) & self._FIRST]
        matches = dict(a.matches)
        matches["v:provider_parties"], matches["v:customer_parties"] = tuple(sorted(new_prov)), tuple(sorted(new_cust))
        return Annotated(a.text, a.tokens, {k: v for k, v in matches.items() if v})


# "It shall not be understood that ...", "Nothing shall be construed to mean that ...": a denial of what follows.
_NOT_UNDERSTOOD = re.compile(r"^\W*(?:it\s+(?:shall|will|is|must)\s+not\s+be\s+(?:understood|construed|interpreted|deemed|read)|"
                             r"nothing\s+(?:in\s+this\s+\w+\s+)?(?:shall|will)\s+be\s+(?:understood|construed|interpreted|read)\s+to\s+mean)"
                             r"\s+that\s+", re.I)


def _undenied(text: str) -> str:
    """The clause a denying frame governs, its own negation taken away ("It shall not be understood that
    batch requests are not subject to X" -> "batch requests are subject to X"); unchanged when that
    clause has no negation of its own."""
    m = _NOT_UNDERSTOOD.match(text)
    if m is None:
        return text
    rest = text[m.end():]
    neg = re.search(r"\b(?:are|is|shall|will|do|does)\s+not\b", rest)
    if neg is None:
        return text
    return rest[:1].upper() + rest[1:neg.end() - 3].rstrip() + rest[neg.end():]


# "shall not fail to", "will not omit to": a duty, said by denying its breach.
_NOT_FAIL = re.compile(r"\b(shall|will|must|may)\s+(?:not|never)\s+(?:fail|omit|neglect)\s+to\s+", re.I)


# "Batch inputs: 30 days", "Everything else: thirty (30) days", "Batch outputs: until you delete them".
_LABEL_VALUE = re.compile(r"^\s*(?P<label>[A-Za-z][\w ()/&,-]{2,80}?)\s*(?::|\s\|)\s*(?P<value>[^:|]{2,60}?)\s*\.?\s*$")
_BARE_PERIOD = re.compile(r"^(?:(?:up\s+to|no\s+more\s+than|at\s+most|max(?:imum)?\.?)\s+)?"
                          r"(?:\d{1,4}|[a-z]+(?:-[a-z]+)?(?:\s+\(\d{1,4}\))?)\s+(?:calendar\s+|business\s+|working\s+)?"
                          r"(?:days?|weeks?|months?|years?|hours?)"
                          r"|until\s+(?:you|we|the\s+\w+|it|they)\s+(?:delete|deletes|remove|removes|erase|erases)\s+(?:them|it)$"
                          # ("Batch output files: until deleted by the BANK")
                          r"|until\s+(?:deleted|removed|erased)(?:\s+by\s+(?:you|us|the\s+\w+))?\.?$", re.I)
_LABEL_FILLER = {"and", "or", "the", "all", "other", "of", "for", "everything", "else", "file", "files", "&", "/", "(", ")", ",", "-"}


def _label_as_keeping(text: str, a: Annotated, clause: Clause, not_files: frozenset[str],
                      service_nouns: frozenset[str] = frozenset()) -> str | None:
    """A label line or a two-cell row with no header whose label names only the customer's files and
    processing modes and whose value is a bare period: the files kept for that period, in words."""
    if clause.kind == "table_row" and (clause.header or len(clause.cells) != 2):
        return None
    m = _LABEL_VALUE.match(text)
    if m is None or not _BARE_PERIOD.match(m.group("value").strip()):
        return None
    end = len(m.group("label"))
    named = [sp for label in ("v:input_artifacts", "v:output_artifacts", "v:data_objects", "v:batch", "v:synchronous")
             for sp in a.spans(label)]
    toks = [i for i, t in enumerate(a.tokens) if t.idx < m.start("label") + end]
    if not toks:
        return None
    if not any(a.has(x) for x in ("v:input_artifacts", "v:output_artifacts", "v:data_objects")) and \
            not a.word(toks[0]).lower().startswith("everything"):
        return None
    for i in toks:
        if any(s <= i < e for s, e in named) or a.word(i).lower() in _LABEL_FILLER:
            continue
        if a.word(i)[:1].isupper() and a.word(i).lower() not in not_files and any(i < s <= i + 3 for s, _ in named):
            continue  # a product's name before its mode: "Overnight Processing (batch) inputs"
        if a.word(i).lower() in service_nouns and any(e == i for label in ("v:batch", "v:synchronous") for _, e in a.spans(label)):
            continue  # the noun a mode word names a service with: "of the Interactive Tier", "batch queue"
        return None  # "Response time: 4 hours", "Notice period: 30 days": not a keeping period of files
    value = m.group("value").strip().rstrip(".")
    return f"{m.group('label').strip()} are kept {'' if value.lower().startswith('until') else 'for '}{value}."


def _listed_bodies(definitions: dict[str, Definition], def_readings: dict[str, SentenceReading],
                   clauses: tuple[Clause, ...]) -> list[tuple[str, Definition]]:
    """Definitions that end in a colon ('"Customer Data" means:'), each with the items numbered
    under its clause ("2(c)(i)", "2(c)(ii)") written after it as its body."""
    out: list[tuple[str, Definition]] = []
    at = {c.id: k for k, c in enumerate(clauses)}
    for term, d in definitions.items():
        r = def_readings.get(term)
        if d.inline or r is None or not d.text.rstrip().endswith(":") or not r.clause.section:
            continue
        k = at.get(r.clause.id)
        if k is None:
            continue
        items: list[Clause] = []
        for c in clauses[k + 1:]:
            if not (c.section or "").startswith(r.clause.section + "(") or c.kind == "table_row":
                break
            items.append(c)
        if items:
            text = d.text.rstrip() + " " + " ".join(c.text.strip() for c in items)
            out.append((term, Definition(term, text, d.start, items[-1].end, d.clause_id)))
    return out


def read_document(seg: Segmentation, ruleset: RuleSet) -> DocumentReading:
    """Read every sentence (and definition-table row) of ``seg``."""
    seg, amended_rows = apply_cell_amendments(seg)  # "the cell ... on the row "Night Run" is replaced with ...": the table as amended
    matcher = matcher_for(ruleset)
    vocab = ruleset.vocabulary
    preamble = " ".join(c.text for c in seg.clauses[:12])[:4000]
    party_words = (vocab.get("provider_parties", ()), vocab.get("customer_parties", ()),
                   vocab.get("provider_name_hints", ()), vocab.get("customer_name_hints", ()))
    cue_words = (lambda name: ruleset.cues.categories[name].phrases
                 if ruleset.cues is not None and name in ruleset.cues.categories else ())
    we = first_person_role(preamble, *party_words, body=" ".join(c.text for c in seg.clauses)[:40000],
                           supply=cue_words("supply_verb"), custody=cue_words("custody_verb"))
    parties = parties_by_contrast(" ".join(c.text for c in seg.clauses)[:20000],
                                  find_parties(preamble, *party_words, we=we), *party_words[:2])
    if we == "customer":
        matcher = _BuyerPaper(matcher)  # type: ignore[assignment]

    # Each unit is a sentence, or one conjunct of a coordinated scope statement
    # ("Clause 7.1 applies to batch jobs; clause 7.2 does not"), read on its
    # own and quoted as the whole sentence.
    # ... and restrictions said as a predicate ("whereas the audit rights in s. 6.4 are limited to the
    # real-time API"); the one-word ones ("only") are adverbs, no predicate of their own.
    verbs = (tuple(vocab.get("umbrella_verbs", ())) + tuple(vocab.get("applicability", ()))
             + tuple(w for w in vocab.get("restriction", ()) if " " in w))
    if ruleset.cues is not None:  # "nothing ... shall exclude the Batch Service from clause 12.3"
        verbs += ruleset.cues.categories["exclusion_predicate"].phrases
        if "scope_predicate" in ruleset.cues.categories:  # "Batch Jobs fall within paragraph C.2 but not within C.4"
            verbs += ruleset.cues.categories["scope_predicate"].phrases
    cats = ruleset.cues.categories if ruleset.cues is not None else {}
    mutable = cats["mutable_reference"].phrases if "mutable_reference" in cats else ()
    units: list[tuple[Clause, Sentence, str, list[str] | None]] = []
    lead: str | None = None  # "Vendor will, for all Services including the Batch API:" before its list items
    rows_per_header: dict[tuple[str, ...], int] = {}
    for clause in seg.clauses:
        if clause.kind == "table_row":
            rows_per_header[clause.header] = rows_per_header.get(clause.header, 0) + 1
    for clause in seg.clauses:
        if clause.kind == "heading":
            lead = None
            continue
        if clause.kind == "table_row":
            # Everything is prose: a cell that says something ("Client Data stays in
            # Australia; bulk jobs may run in Singapore") is read as a sentence, with
            # its row's label as context ("Hosting: ..."), and quoted as the row.
            units += [(clause, Sentence(clause.text, clause.start, clause.end), text, None)
                      for text in _cell_prose(clause, alone=rows_per_header.get(clause.header) == 1,
                                              elsewhere=lambda cell: refers_elsewhere(cell, ruleset))]
            continue
        before = None
        for k, sent in enumerate(clause.sentences):
            item = _list_item(sent.text) if lead is not None and k == 0 else None
            if item is not None:
                # A list item completes its lead-in: "Vendor will, for all Services
                # including the Batch API: - keep Customer Data only in Canada;"
                units.append((clause, sent, f"{lead} {item}", None))
                before = sent.text
                continue
            if lead is not None and k == 0 and _RANKING_LEAD.search(lead):
                # "If documents conflict, they control in this order:" over "(a) Amendment No. 2, as to the
                # Batch Inference Service; (b) the BAA, ...": each item ranks documents with its lead-in
                units.append((clause, sent, f"{lead} {sent.text}", None))
                before = sent.text
                continue
            term_item = _TERM_ITEM.match(sent.text) if lead is not None and k == 0 and _DEFINITIONS_LEAD.search(lead) else None
            if term_item is not None:
                # "the following capitalised terms have the meaning set out below:" over "Administrator Data:
                # all data ... including Input Files and Result Files": each item defines its term.
                units.append((clause, sent, f'"{term_item.group("term")}" means {term_item.group("rest")}', None))
                before = sent.text
                continue
            if lead is not None and k == 0 and _label_item(lead, sent.text):
                # "Retention by object type:" over "Job input files (Async Jobs): 30 days from upload":
                # each short "label: value" item is a value of what the lead-in names.
                units.append((clause, sent, f"{lead}: {sent.text.rstrip(' ;.')}.", None))
                before = sent.text
                continue
            if lead is not None and k == 0 and _DUTY_LEAD.search(lead) and _duty_label_item(sent.text):
                # "The Provider shall host Bank Data as follows:" over "Hosting location: European Economic
                # Area (Frankfurt)": the label gives a value of the duty, and is read with it.
                units.append((clause, sent, f"{lead} {sent.text}", None))
                before = sent.text
                continue
            if lead is not None and k == 0 and _ADVERBIAL_LEAD.match(lead) and _item_clause(clause) \
                    and not _DEFINITIONS_LEAD.search(lead):  # (not "For the purposes of this Agreement, the terms below have the following meanings:")
                # "For every batch prediction job: (ii) Osprey will make those records available ...":
                # the item is read as "For every batch prediction job, Osprey will make ...".
                units.append((clause, sent, f"{lead}, {sent.text}", None))
                before = sent.text
                continue
            lead = None
            quoted = QUOTED_WORDING.match(sent.text)
            if quoted and AMENDS.search(quoted.group("head")):
                # "clause 7.4 is deleted and replaced with the following: "7.4 Clause 7.3 applies ..."":
                # the amendment, then the new wording read in its own right.
                body = quoted.group("body")
                if _TERM_THEN_MEANS.match(body):
                    # 'is replaced with: "Claim Content" means ...': the quote opened the defined term
                    body = sent.text[quoted.start("body") - 1] + body
                units += [(clause, sent, quoted.group("head"), None), (clause, sent, body, None)]
                before = sent.text
                continue
            items = _inline_items(sent.text)
            if items:
                # "On termination the Service Provider shall: (a) cease processing Institution Data; (b) erase
                # all Prompts ...; and (c) deliver a certificate": each item completes the lead-in on its own.
                units += [(clause, sent, item, None) for item in items]
                before = sent.text
                continue
            defs = split_definitions(sent.text) if '"' in sent.text or "\u201c" in sent.text else None
            if defs:
                units += [(clause, sent, part, None) for part in defs]
                before = sent.text
                continue
            refs = parse_refs(sent.text)
            # "Letter a) of paragraph 1 applies ...; letter b) does not": read with the points written
            # as the clauses are numbered, so that each conjunct names its own.
            pointed = lettered_points(sent.text)
            # ("Batch jobs fall within clause 9.1 but outside clause 9.2": each section's answer, first)
            parts = (_falls_within(sent.text) if refs else []) or (conjuncts(pointed, verbs, before, refs) if verbs else []) \
                or (_scope_then_clause(sent.text, verbs) if refs and verbs else [])
            if not parts and refs:
                parts = _excepted_sections(sent.text)
            if not parts:
                parts = _scope_and_precedence(sent.text)
            if not parts and verbs and ": " in sent.text:
                parts = _scope_colon_clause(sent.text, verbs)
            if not parts and mutable:
                parts = _pointer_apart(sent.text, mutable)
            units += [(clause, sent, part, None) for part in parts] if parts else [(clause, sent, sent.text, refs)]
            before = sent.text
        last = clause.sentences[-1].text.rstrip() if clause.sentences else ""
        if last.endswith(":") and (len(last.split()) >= 3 or _LABEL_LEAD.match(last)):
            lead = _LEAD_LABEL.sub("", last[:-1], count=1).strip()
    # "Party B shall not fail to apply paragraph 1 to Batch input files": two negatives, read as the duty.
    units = [(c, sent, _NOT_FAIL.sub(r"\1 ", t), refs) if _NOT_FAIL.search(t) else (c, sent, t, refs)
             for c, sent, t, refs in units]
    # "It shall not be understood that batch requests are not subject to ...": the framing denies the
    # denial, so batch requests are subject to it.
    units = [(c, sent, _undenied(t), refs) if _NOT_UNDERSTOOD.match(t) else (c, sent, t, refs)
             for c, sent, t, refs in units]
    anns = matcher.annotate_many([t for _, _, t, _ in units])
    # "Batch outputs: until you delete them", "Real-time inputs and outputs | 30 days": a label that
    # names only files and modes, and a bare period, say how long those files are kept ("Response
    # time: 4 hours" names no files: the cue file's non_file_label words).
    not_files = grammar_of(ruleset).non_file_label
    cues = ruleset.cues
    service_nouns = cues.words("service_noun") if cues is not None and "service_noun" in cues.categories else frozenset()
    kept = {k: said for k, ((c, _, t, _), a) in enumerate(zip(units, anns))
            for said in [_label_as_keeping(t, a, c, not_files, service_nouns)] if said}
    if kept:
        for k, a in zip(kept, matcher.annotate_many(list(kept.values()))):
            c, s, _, refs = units[k]
            units[k], anns[k] = (c, s, kept[k], refs), a
    readings = [read_sentence(c, t, s.start, a, ruleset, parties, refs) for (c, s, t, refs), a in zip(units, anns)]
    for r in readings:
        _label_answers_carve_nothing(r)
    # A scope statement may say something of batch in a relative clause: "The exception in
    # clause 7.2 does not apply to batch jobs, which always remain in the EU." The relative
    # clause, with batch as its subject, is read as a statement of its own.
    said = [(u, text) for u, r in zip(units, readings) if r.function == "scope"
            for text in [_batch_relative(r.ann, r.modes.batch)] if text]
    # "Clause 6.1 of the MSA is amended so that, in respect of Batch Output Files only, the
    # words "thirty (30) days" are replaced by the words "sixty (60) days"": the clause as
    # amended is read in its own right (limited to what the amendment names), quoted as the
    # amendment; without a limit, the words replaced no longer commit to anything.
    replaced: list[str] = []
    for u in list(units):
        m = _REPLACES_WORDS.search(u[2])
        if m:
            for text, old_sentence in _amended(u[2], m, seg):
                said.append((u, text))
                if old_sentence is not None:
                    replaced.append(old_sentence)
    if said:
        more = matcher.annotate_many([text for _, text in said])
        units += [(c, s, text, None) for (c, s, _, _), text in said]
        readings += [read_sentence(c, text, s.start, a, ruleset, parties) for ((c, s, _, _), text), a in zip(said, more)]
    headed = _under_mode_line(readings)
    if headed:
        # "Mode: Batch prediction jobs" over "Use for model training: excluded": each label line
        # of the block is read for the mode its first line names.
        more = matcher.annotate_many([text for _, text in headed])
        for (k, text), a in zip(headed, more):
            c, s, _, refs = units[k]
            units[k] = (c, s, text, refs)
            readings[k] = read_sentence(c, text, s.start, a, ruleset, parties, refs)
    for r in readings:
        if r.text in replaced:
            r.function, r.commitments, r.affirmative_use = "superseded", set(), set()
    read_texts = [r.text for r in readings]  # what each unit read: a conjunct, or one definition of several
    readings = [_quoted(r, s) for r, (_, s, _, _) in zip(readings, units)]

    definitions: dict[str, Definition] = {}
    def_readings: dict[str, SentenceReading] = {}
    own_text: list[tuple[SentenceReading, Definition]] = []
    later: dict[str, list[tuple[Definition, int]]] = {}  # term -> its other definitions, by unit
    for k, r in enumerate(readings):
        for d in definitions_in(read_texts[k], r.start, r.clause.id, r.clause.heading):
            later.setdefault(d.term, []).append((d, k))
            # A pointer ("has the meaning given in Schedule 4") gives way to the definition it points to.
            if d.term not in definitions or (is_pointer(definitions[d.term]) and not is_pointer(d)):
                definitions[d.term] = d
                def_readings[d.term] = r
                if d.inline and d.text != read_texts[k]:
                    own_text.append((r, d))
    if own_text:
        # 'the Services Agreement No. 12 (the "Main Agreement"), under which ...; II - ... the
        # Batch Service': an inline term is read from the words it names, not the whole sentence.
        for (r, d), a in zip(own_text, matcher.annotate_many([d.text for _, d in own_text])):
            def_readings[d.term] = read_sentence(r.clause, d.text, d.start, a, ruleset, parties)
    listed = _listed_bodies(definitions, def_readings, seg.clauses)
    if listed:
        # '"Customer Data" means:' over "(i) the prompts ..., including the input files of Batch Jobs;
        # and" and "(ii) the outputs ...": a definition whose body is the list of items below it.
        for (term, d), a in zip(listed, matcher.annotate_many([d.text for _, d in listed])):
            definitions[term] = d
            def_readings[term] = read_sentence(def_readings[term].clause, d.text, d.start, a, ruleset, parties)
    table_defs = []
    for clause in seg.clauses:
        if clause.kind == "table_row" and clause.cells != clause.header and _defines(clause.header):
            d = table_definition(clause.cells, clause.start, clause.end, clause.id)
            if d and d.term not in definitions:
                definitions[d.term] = d
                table_defs.append((clause, d))
    if table_defs:
        t_anns = matcher.annotate_many([d.text for _, d in table_defs])
        for (clause, d), a in zip(table_defs, t_anns):
            def_readings[d.term] = read_sentence(clause, d.text, d.start, a, ruleset, parties)

    index = TermIndex(list(definitions))
    for k, r in enumerate(readings):
        if read_texts[k] != r.text:
            # One definition of several in a sentence, a conjunct, or a clause as amended:
            # the terms its own words use.
            own = {d.term for d in definitions_in(read_texts[k], r.start, r.clause.id, r.clause.heading)} if r.is_definition else set()
            r.terms_used = [t for t in index.uses(read_texts[k]) if t not in own]
        else:
            r.terms_used = [t for t in index.uses(r.text) if definitions[t].start != r.start or definitions[t].inline]
    split = {id(r) for k, r in enumerate(readings) if read_texts[k] != r.text and r.is_definition}
    for r in def_readings.values():
        if not r.terms_used and id(r) not in split:
            r.terms_used = index.uses(r.text)

    cues = ruleset.cues
    contrast = cues.words("mode_contrast") if cues is not None and "mode_contrast" in cues.categories else frozenset()
    documents = cues.words("document_noun") if cues is not None and "document_noun" in cues.categories else frozenset()
    aliases = mode_aliases(def_readings, data_words(ruleset), parties, contrast, documents)
    if cues is not None and "product_verb" in cues.categories:
        # Products the agreement introduces by describing them ("Relay Overnight accepts a
        # file of requests ... asynchronously"), where no definition names them.
        described = described_products(readings, "\n".join(c.text for c in seg.clauses), set(definitions),
                                       parties, data_words(ruleset), cues.words("product_verb"),
                                       cues.words("product_hedge"), cues.words("product_continuation"),
                                       cues.words("service_noun"))
        for name, kind in described.items():
            aliases.setdefault(name, kind)
    # "Item 2" where an order table's line 2 is the batch service.
    for name, kind in row_names(seg, ruleset, matcher).items():
        aliases.setdefault(name, kind)
    # "Queued Workloads (Lumenwright's asynchronous batch service)": a name glossed with its mode.
    for name, kind in glossed_names(readings, parties, data_words(ruleset), aliases).items():
        if name not in definitions:
            aliases.setdefault(name, kind)
    # "Offline Scoring Job: the Provider's asynchronous service under which ...", a line of an order form.
    for name, kind in labelled_names(readings, parties).items():
        if name not in definitions:
            aliases.setdefault(name, kind)
    # A party is never a processing mode ("the Administrator", whose company name is
    # "... Health Administrators"), nor are the terms built on its name ("Administrator Data").
    party_names = {p.lower() for p in parties.provider + parties.customer}
    party_names |= {p[4:] for p in party_names if p.startswith("the ")}
    for name in [t for t in aliases if t.lower() in party_names]:
        del aliases[name]
    units = cues.words("work_unit") if cues is not None and "work_unit" in cues.categories else frozenset()
    aliases.update(compound_aliases(def_readings, aliases, data_words(ruleset), parties, units))
    # '"Scheduled Bulk Completions" means Tier C as described in the Service Description': "Tier C" too.
    for name, kind in equated_names(aliases, def_readings, parties).items():
        aliases.setdefault(name, kind)
    data = data_terms(def_readings, aliases, parties)
    data_set = set(vocab.get("data_objects", ()))
    labels = [k for k, terms in matcher_labels(ruleset).items() if data_set and data_set <= set(terms)]
    # Services named after what they produce ("Scheduled Bulk Completions" means the Supplier's service ...).
    services = frozenset(t for t, k in aliases.items() if k in ("batch", "sync") and t in def_readings
                         and " " in t and unit_genus(def_readings[t].text, t))
    patch = alias_patcher(aliases, data, labels, services)
    if aliases or data:
        # Read again, with the agreement's own names, every sentence that uses them.
        reread: dict[int, SentenceReading] = {}
        for i, r in enumerate(readings):
            patched = patch(r.ann)
            if patched is not r.ann:
                new = read_sentence(r.clause, patched.text, r.start, patched, ruleset, parties)
                new.text, new.end, new.unit = r.text, r.end, r.unit  # a conjunct keeps quoting its sentence
                new.terms_used = r.terms_used
                new.aliases_used = [t for t in aliases if t in r.text]
                reread[id(r)] = new
                readings[i] = new
        # "... does not apply to data of the Evening Scoring Service, which is stored and processed only in the
        # EEA": a relative clause whose antecedent is batch only by the agreement's own name
        relatives = [(r, text) for r in reread.values() if r.function == "scope"
                     for text in [_batch_relative(r.ann, r.modes.batch)] if text and not any(x.unit == text for x in readings)]
        if relatives:
            for (r, text), a in zip(relatives, matcher.annotate_many([text for _, text in relatives])):
                new = read_sentence(r.clause, text, r.start, patch(a), ruleset, parties)
                new.text, new.end, new.unit = r.text, r.end, text
                readings.append(new)
        for term, r in list(def_readings.items()):
            if id(r) in reread:
                def_readings[term] = reread[id(r)]
            else:
                patched = patch(r.ann)
                if patched is not r.ann:
                    new = read_sentence(r.clause, r.text, r.start, patched, ruleset, parties)
                    new.terms_used, new.unit = r.terms_used, r.unit
                    def_readings[term] = new
    for r in readings:
        if r.terms_used and r.ann.has("v:data_objects"):
            r.data_sources = data_sources(r.ann, r.terms_used)
            if (r.commitments and not r.modes.batch and r.modes.sync
                    and any(aliases.get(t) == "sync" for t in r.data_sources)):
                # "Customer Data processed through the Interactive Services": the route the
                # data comes by limits the commitment to a real-time mode.
                r.modes.sync_limited = True
                r.modes.cue = r.modes.cue or next(t for t in r.data_sources if aliases.get(t) == "sync")
    for r in readings:
        if r.clause.id in amended_rows and not r.table_kind:
            r.function, r.commitments, r.affirmative_use = "superseded", set(), set()  # the row as printed, replaced
    _rows_applied_to_sync(readings)
    run_passes(readings, seg, ruleset)
    for term, r in list(def_readings.items()):
        if r.function == "superseded":
            # 'The definition of "Agency Data" in clause 1.1 is deleted and replaced with: "Agency Data"
            # means ...': the term means what the amendment says, wherever in the bundle it stands.
            new_def = next(((d, readings[k]) for d, k in reversed(later.get(term, ()))
                            if readings[k].function != "superseded" and not is_pointer(d)), None)
            if new_def is not None:
                definitions[term], def_readings[term] = new_def
    from .tables import read_tables

    readings.extend(read_tables(seg, ruleset, matcher, parties, patch, list(aliases)))
    restated_rows(readings)
    non_contractual(readings)
    elections(readings)
    headings = sorted({c.heading for c in seg.clauses if c.heading})
    heading_topics = {}
    for heading, a in zip(headings, matcher.annotate_many(headings)):
        heading_topics[heading] = {rule.topic for rule in ruleset.rules if a.has(topic_label(rule))}
    for r in def_readings.values():
        r.terms_excluded = excluded_terms(r.ann, r.terms_used)
    enumerated = next((r for r in readings if r.ann.has("v:mode_words") and r.modes.batch_included
                       and r.modes.sync and not r.modes.batch_excluded), None)
    # '"Service Modes": the online mode ... and the batch mode ...': a term for the modes, defined by
    # listing them with batch among them; "in all Service Modes" speaks of every mode the term lists.
    mode_sets = {t: d for t, d in def_readings.items() if _MODE_HEAD.search(t) and d.modes.batch_included
                 and d.modes.sync and not d.modes.batch_excluded and t not in aliases}
    if mode_sets:
        every = re.compile(r"\b(?:all|any|each|every|both|either|whichever)\s+(?:of\s+the\s+)?(?:"
                           + "|".join(re.escape(t) for t in sorted(mode_sets, key=len, reverse=True)) + r")\b")
        for r in readings:
            if not r.is_definition and every.search(r.text) and not r.modes.batch_excluded:
                r.modes.all_modes = True
        enumerated = enumerated or next(iter(mode_sets[t] for t in sorted(mode_sets)))
    named_documents = frozenset(t for t in def_readings if t.split() and t.split()[-1].lower() in documents)
    unit_terms = frozenset(t for t in def_readings if t.split() and stem(t.split()[-1]) in units)
    return DocumentReading(seg, readings, definitions, def_readings, parties, heading_topics, aliases,
                           enumerated, dict(ruleset.vocabulary), named_documents, units=unit_terms,
                           grammar=grammar_of(ruleset))


__all__ = ["read_document"]
