"""One topic's verdict from a document's sentence readings.

Order of precedence, worst first, so that nothing weaker can hide a gap:

1. ``excluded``: a carve-out reaches the topic (an exception or negated
   applicability naming batch, a definition that excludes batch, a
   limitation to real-time modes, batch allowed outside the region, a
   permission to use batch data, a table row saying batch is not eligible)
   or batch has a different schedule. A specific carve-out beats any
   umbrella clause or definition.
2. ``covered`` / ``partial``: a commitment reaches batch expressly, through
   a definition that names batch, or through an umbrella clause whose scope
   (by section, topic or the whole agreement) includes it. For schedule
   topics both batch inputs and outputs must be reached, else ``partial``.
3. ``implied``: a commitment exists but nothing brings batch in.
4. ``missing``: no commitment.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ..model import COVERED, EXCLUDED, IMPLIED, MISSING, PARTIAL, ROLE_CARVE_OUT, ROLE_COMMITMENT, \
    ROLE_DEFINITION, ROLE_LIMITATION, ROLE_SCHEDULE, ROLE_UMBRELLA
from ..nlp.grammar import Grammar
from ..nlp.scope import merge
from ..nlp.stem import stem
from ..nlp.terms import Annotated
from ..rules import Rule
from .durations import Duration, find_durations, same_period
from .labels import schedule_label, topic_label
from .names import artifacts_of_batch, data_genus, singular
from .precedence import FILE_NAME, Ranking, file_of, ranking, set_aside
from .reading import action_spans, mode_at, strength
from .records import DocumentReading, SentenceReading
from .references import annex_of, parse_refs, ref_spans, resolve_paragraphs, section_in, top_section


ClauseIndex = dict[str, tuple[str | None, set[str]]]  # clause id -> (top section, topics committed)


# A defined term that names a service, not data or an artifact: "HIPAA-Eligible Services", "Batch API".
_SERVICE_HEAD = re.compile(r"\b(?:services?|APIs?|platform|interfaces?|offerings?|products?|endpoints?)$", re.I)


@dataclass
class Cited:
    reading: SentenceReading
    role: str


@dataclass
class TopicResult:
    status: str
    reason: str  # machine-readable reason, used by explain.py
    cited: list[Cited] = field(default_factory=list)
    detail: dict[str, str] = field(default_factory=dict)


# A definition that leaves its members to a list elsewhere: "as listed in the Particular Conditions".
_LISTED_IN = re.compile(r"\b(?:as\s+)?(?:listed|set\s+out|specified|identified|indicated|enumerated)\s+in\s+the\s+[A-Z]", re.I)


# "... are Customer Data", "... shall also be treated as Client Data", "... form part of the Customer
# Content": the predicate of a statement that says what the term's data includes.
_MEMBER_PREDICATE = (r"\b((?:are|is|shall\s+be|will\s+be|constitute|constitutes)(?:\s+not)?)\s+"
                     r"(?:(?:also|likewise|equally|deemed|to\s+be|treated\s+as|considered|regarded\s+as|"
                     r"(?:form\s+)?part\s+of|included\s+in)\s+)*")
_NOT_BEFORE = re.compile(r"\bnot\s*$|\bnever\s*$|\bnot\b[^,;.]{0,12}$", re.I)


# "...; provided that, for the purposes of clause 12 (Security) only, Service Data includes Batch Files":
# a re-inclusion for named clauses inside the definition itself.
_PURPOSE_PROVISO = re.compile(r"\bfor\s+the\s+purposes?\s+of\b[^.;]{0,80}?\bonly\b", re.I)


def _only_in_purpose_proviso(r: SentenceReading) -> bool:
    """Does batch stand in ``r`` only inside a re-inclusion for named clauses ("for the purposes of
    clause 12 only, Service Data includes Batch Files")? Then the definition itself leaves batch where
    the words before it put it; the re-inclusion is read per clause (:meth:`_Definitions.reincluded`)."""
    m = _PURPOSE_PROVISO.search(r.text)
    return m is not None and all(r.ann.tokens[s].idx >= m.start() for s, _ in r.modes.batch_included)


# '"Lodgement" means a file of requests ...', '"Job Files" means the files ...': a definition whose genus is a file.
_FILE_GENUS = re.compile(r"[\"\u201d]\s*(?:means|shall\s+mean|refers\s+to)\s+(?:a|an|the|any|each|every|all)?\s*(?:[\w-]+\s+){0,2}?"
                         r"(?:files?|uploads?|submissions?|payloads?|documents?|records?)\b", re.I)


class _Definitions:
    """Whether a defined term (directly or through the terms it uses) names batch."""

    def __init__(self, doc: DocumentReading, depth: int, data_words: set[str],
                 input_words: tuple[str, ...] = (), output_words: tuple[str, ...] = ()):
        self.doc = doc
        self.depth = depth
        self.data_words = data_words
        parties = doc.parties.provider + doc.parties.customer
        self.parties = {p.lower() for p in parties}
        self._memo: dict[str, tuple[str | None, list[SentenceReading]]] = {}
        self._glossed: dict[str, bool] = {}  # term -> glossed in English as data where defined
        self.output_words = {stem(w) for w in output_words}
        self.input_words = {stem(w) for w in input_words}

    def data_like(self, term: str) -> bool:
        """"Customer Data", "Inputs", "Service Content": a term for data, not a party or a product.
        So is a term in another language glossed in English where it is defined: '"Datos del
        Banco" (Bank Data): ...'."""
        if stem(term.split()[-1]) in self.data_words:
            return True
        if term not in self._glossed:
            d = self.doc.definition_readings.get(term)
            m = None if d is None else re.search(rf"{re.escape(term)}[\"\u201d]?\s*\(([A-Za-z][\w\s-]{{1,40}})\)", d.text)
            self._glossed[term] = m is not None and stem(m.group(1).split()[-1].lower()) in self.data_words
        return self._glossed[term]

    def _lists_batch(self, r: SentenceReading, term: str, depth: int) -> tuple[str, list[SentenceReading]] | None:
        """The chain through a term ``r`` (the definition of ``term``) lists whose definition brings
        batch in, if any."""
        for used in r.terms_used:
            if used != term and used not in r.terms_excluded and self.data_like(used):
                st, chain = self.state(used, depth + 1)
                if st == "in":
                    return "in", [r] + chain
        return None

    def state(self, term: str, depth: int = 0) -> tuple[str | None, list[SentenceReading]]:
        """"in", "out" or None for ``term``, with the definitions relied on.

        A chain is followed only through terms for data ("Customer Data"
        means Inputs and Outputs; "Inputs" means ... including batch), never
        through party names or product names used inside a definition.
        """
        if term in self._memo:
            return self._memo[term]
        if term.lower() in self.parties or term in self.doc.documents:
            return None, []  # 'This Batch and Flex Processing Addendum (the "Addendum")' names a document
        r = self.doc.definition_readings.get(term)
        result: tuple[str | None, list[SentenceReading]] = (None, [])
        if r is not None:
            if r.modes.batch_excluded or (r.modes.sync_limited and not r.modes.batch_included) or (
                    r.modes.batch_included and _denied_membership(r, term)):
                result = ("out", [r])
            elif r.sync_definition and self.data_like(term):
                # A term for data defined as real-time traffic only ("means Inputs
                # submitted through the Interactive API"): a limit, unless the
                # statement using it names batch too, or the definition lists beside
                # it a term that brings batch in ('"Submitted Content" means prompts sent
                # to the Interactive Service and Job Files', "Job File" being a batch file).
                listed = self._lists_batch(r, term, depth) if depth < self.depth else None
                result = listed or ("sync", [r])
            elif r.modes.batch_included and not _only_in_purpose_proviso(r):
                result = ("in", [r])
            elif depth < self.depth:
                self._memo[term] = (None, [])  # cycle guard
                found: dict[str, list[SentenceReading]] = {}
                # A term for data is scoped by whatever its definition names: "personal
                # data processed in providing the Services" reaches what the Services are.
                follow_all = self.data_like(term)
                for used in r.terms_used:
                    if used != term and (self.data_like(used) or (follow_all and used.lower() not in self.parties)):
                        st, chain = self.state(used, depth + 1)
                        if st == "in" and used in r.terms_excluded:
                            st = "out"  # "Customer Data other than Queue Artefacts": batch taken out
                        elif st == "out" and used in r.terms_excluded:
                            st = None  # "other than Interactive-only Data" leaves nothing of batch out
                        if st and st not in found:
                            found[st] = [r] + chain
                # Batch named anywhere in the chain brings it in; a real-time-only
                # part ("Interactive Data") does not take it out again.
                for st in ("out", "in", "sync"):
                    if st in found and not (st == "sync" and len(found) > 1):
                        result = (st, found[st])
                        break
            if result[0] is None and _LISTED_IN.search(r.unit or r.text):
                # '"Contracted Modalities": the modalities ... as listed in the Particular Conditions',
                # where the Particular Conditions list them under that heading, the Batch API among them.
                listed = self._listed(term)
                if listed is not None:
                    result = ("in", [r, listed])
            if result[0] is None and self.data_like(term):
                # "For clarity, files submitted to or produced by the Batch Inference API are Customer
                # Data and not Usage Data": a statement that batch's files are the term's data.
                # ("Request files lodged for batch jobs are not Client Content": batch's files left out)
                member = self._member(term)
                if member is not None:
                    result = ("out" if member[1] else "in", [r, member[0]])
        self._memo[term] = result
        return result

    def _listed(self, term: str) -> SentenceReading | None:
        """The first statement naming batch under a heading that is the term itself ("1. CONTRACTED
        MODALITIES ... b) Batch API (procesamiento por lotes): asynchronous execution of files")."""
        want = term.lower().strip()
        for x in self.doc.sentences:
            heading = re.sub(r"^[\W\d]+|[\W]+$", "", (x.clause.heading or "")).lower()
            if heading == want and x.modes.batch_included and not x.modes.batch_excluded and not x.is_definition:
                return x
        return None

    def _member(self, term: str) -> tuple[SentenceReading, bool] | None:
        """A statement, outside the definition, whose subject names batch and whose predicate is
        the term ("Batch input and result files are also Customer Data", "Files lodged for bulk
        jobs shall be treated as Client Data"), and whether it denies membership ("... are not
        Client Content")."""
        pattern = re.compile(_MEMBER_PREDICATE + rf"(?:the\s+)?{re.escape(term)}(?![\w-])", re.I)
        for x in self.doc.sentences:
            if x.is_definition or term not in x.terms_used:
                continue
            m = pattern.search(x.text)
            if m is None or _FOR_PURPOSES.search(x.text):
                continue  # (not "... are Customer Data for the purposes of clause 9.1": a re-inclusion, for that clause)
            negated = _NOT_BEFORE.search(x.text, 0, m.start() + len(m.group(1))) is not None
            named = x.modes.batch_excluded if negated and x.modes.batch_excluded else x.modes.batch_included
            if not named or (not negated and x.modes.batch_excluded):
                continue
            at = len(x.ann.text) - len(x.text) + m.start() if x.ann.text.endswith(x.text) else m.start()
            if any(x.ann.tokens[s0].idx < at for s0, _ in named):
                return x, negated
        return None

    def reincluded(self, term: str, r: SentenceReading) -> list[SentenceReading]:
        """The statement that puts batch back into ``term`` for the clause ``r`` sits in, when
        the term's definition leaves batch out: '"Service Data" means ..., excluding Bulk Files;
        provided that, for the purposes of Article 11 only, Service Data includes Bulk Files',
        "12.2 For the purposes of Clause 12.1 only, Company Data shall include Batch Files",
        "batch request files and batch result files are Customer Data for the purposes of
        clause 12". Empty when none reaches ``r``."""
        own = r.clause.section
        for x, refs in self._reinclusions().get(term, ()):
            if x is not r and any(section_in(own, ref, annex_of(x.clause.section)) for ref in refs):
                return [x]
        return []

    def reinclusion_artifacts(self, x: SentenceReading) -> tuple[bool, bool]:
        """What of batch a re-inclusion brings back: what it names, else both."""
        if x.batch_objects is not None and any(x.batch_objects):
            return x.batch_objects
        named = [self.artifacts(t) for t in x.terms_used if t in self.doc.definition_readings
                 and self.doc.definition_readings[t].modes.batch_included]
        named = [n for n in named if any(n)]
        if named:
            return any(i for i, _ in named), any(o for _, o in named)
        return (x.inputs, x.outputs) if (x.inputs or x.outputs) else (True, True)

    def _reinclusions(self) -> dict[str, list[tuple[SentenceReading, list[str]]]]:
        key = ("reinclusions",)
        got = self._memo.get(key)  # type: ignore[call-overload]
        if got is not None:
            return got  # type: ignore[return-value]
        found: dict[str, list[tuple[SentenceReading, list[str]]]] = {}
        seen: set[int] = set()
        defined: dict[int, list[str]] = {}
        for t, d in self.doc.definition_readings.items():
            defined.setdefault(id(d), []).append(t)
        pool = list(self.doc.sentences) + list(self.doc.definition_readings.values())
        for x in pool:
            if id(x) in seen or not _FOR_PURPOSES.search(x.text):
                continue
            seen.add(id(x))
            for m in _FOR_PURPOSES.finditer(x.text):
                part = _segment_at(x.text, m.start())
                refs = parse_refs(m.group(0))
                if not refs or _NEGATED_PART.search(part):
                    continue
                if not (_BATCH_WORD.search(part) or any(
                        t in part and t in self.doc.definition_readings and self.doc.definition_readings[t].modes.batch_included
                        and not self.doc.definition_readings[t].modes.batch_excluded for t in x.terms_used)
                        or (_ANAPHOR_FILES.search(part) and x.modes.batch_excluded)):
                    continue
                if not _INCLUSION_VERB.search(part):
                    continue
                for t in set(x.terms_used) | set(defined.get(id(x), ())):
                    if self.data_like(t) and re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", part) \
                            and self.state(t)[0] == "out":
                        found.setdefault(t, []).append((x, refs))
        self._memo[key] = found  # type: ignore[index]
        return found

    def artifacts(self, term: str, depth: int = 0) -> tuple[bool, bool]:
        """Which batch artifacts (inputs, outputs) ``term`` reaches through its
        definition. A definition that names batch reaches what it names (both,
        when it names neither); one made of other terms ("Customer Content"
        means Prompts and Responses) reaches what each of them reaches, so a
        mode-silent "Responses" leaves batch outputs unreached."""
        key = ("artifacts", term)
        if key in self._memo:
            return self._memo[key]  # type: ignore[return-value]
        self._memo[key] = (False, False)  # cycle guard
        r = self.doc.definition_readings.get(term)
        result = (False, False)
        if r is not None and term.lower() not in self.parties:
            if (r.modes.batch_included and not r.modes.batch_excluded and not self.data_like(term)
                    and _SERVICE_HEAD.search(term)):
                # A service, not data ("the Message Batches API (the interface through which the
                # Customer submits a file of requests ...)"): what its batch words name, all of it
                # for a bare mode.
                result = r.batch_objects or (True, True)
            elif r.modes.batch_included and not r.modes.batch_excluded and self.data_like(term) and self._batch_only_in_terms(r):
                # "Customer Content means all prompts ... and Batch Job Inputs ..., and all Outputs": batch is
                # named only inside terms defined elsewhere, and reaches what those terms reach.
                result = self._through_terms(r, term, depth) if depth < self.depth else (False, False)
            elif r.modes.batch_included and not r.modes.batch_excluded:
                result = (r.inputs, r.outputs) if (r.inputs or r.outputs) else (True, True)
            elif depth < self.depth:
                result = self._through_terms(r, term, depth)
            if result == (False, False) and self.data_like(term):
                # "Request files lodged for deferred batch jobs, and their result files, are also
                # Client Content": what the statement of membership names.
                member = self._member(term)
                if member is not None and not member[1]:
                    x = member[0]
                    result = x.batch_objects if x.batch_objects is not None and any(x.batch_objects) else (
                        (x.inputs, x.outputs) if (x.inputs or x.outputs) else (True, True))
            if result == (True, True) and self.data_like(term) and self._customer_supplied(r.unit or r.text):
                result = (True, False)  # "all data which Quellwerk provides to Harrow Peak": what goes in
            head = stem(term.split()[-1].lower())
            if (result == (True, True) and len(term.split()) > 1 and (head in self.input_words) != (head in self.output_words)
                    and data_genus(r.unit or r.text, term, self.data_words)):
                # '"Batch Job Input" means a file of requests ... with results returned within 24 hours':
                # the name says which side it is; the results are what the input is for.
                result = (head in self.input_words, head in self.output_words)
        self._memo[key] = result  # type: ignore[assignment]
        return result

    def _through_terms(self, r: SentenceReading, term: str, depth: int) -> tuple[bool, bool]:
        """The batch artifacts a definition reaches through the terms for data it uses."""
        ins = outs = False
        follow_all = self.data_like(term)
        for used in r.terms_used:
            if used in r.terms_excluded:
                continue
            if used != term and (self.data_like(used) or (follow_all and used.lower() not in self.parties)):
                i, o = self.artifacts(used, depth + 1)
                if i or o:
                    # "the outputs of Job Files": derived from batch artifacts, of its own kind.
                    m = re.search(rf"\b(?P<w>\w+)\s+(?:of|from|generated\s+from|produced\s+(?:by|from)|returned\s+for)\s+"
                                  rf"(?:the\s+|any\s+|all\s+|such\s+|an?\s+)?{re.escape(used)}", r.unit or r.text)
                    kind = stem(m.group("w")) if m else ""
                    if kind in self.output_words:
                        i, o = False, True
                    elif kind in self.input_words:
                        i, o = True, False
                ins, outs = ins or i, outs or o
        return ins, outs

    def _one_side(self, term: str) -> bool:
        """Is ``term`` defined as one side of batch's files ('"Lodgement" means a file of requests
        submitted for asynchronous batch processing')?"""
        d = self.doc.definition_readings.get(term)
        # (a kind of file, not a unit of work, "Asynchronous Jobs", or a service, "Batch Processing",
        # whose files are what the words around it name)
        return d is not None and term not in self.doc.units and bool(d.modes.batch_included) \
            and not d.modes.batch_excluded and d.inputs != d.outputs and _FILE_GENUS.search(d.text) is not None

    def _batch_only_in_terms(self, r: SentenceReading) -> bool:
        """Are all of a definition's batch words inside other defined terms for data it uses ("... and
        Batch Job Inputs submitted by the Customer", not "... of any Batch Job")? Those terms' own
        definitions then say what is batch."""
        text = r.ann.text
        nouns = self.input_words | self.output_words | self.data_words | {"file"}
        spans = [m.span() for t in r.terms_used if t in self.doc.definition_readings
                 # (a name for batch is a mode, unless it names one side of batch's files: '"Lodgement"
                 # means a file of requests submitted for asynchronous batch processing')
                 and ((self.data_like(t) and t not in self.doc.aliases) or self._one_side(t))
                 and not _SERVICE_HEAD.search(t)
                 and not _SERVICE_DEFINED.search(self.doc.definition_readings[t].text)  # "Batch Prediction" means the ... service
                 for m in re.finditer(r"(?<![\w-])" + re.escape(t) + r"(?:s|es)?(?![\w-])(?:\s+(?P<next>[a-z]+))?", text)
                 # (not "Batch Prediction input files": a name that modifies the noun after it)
                 if not (m.group("next") and not m.group("next").endswith("ed") and stem(m.group("next")) in nouns)]
        return bool(spans) and all(any(s <= r.ann.tokens[b].idx < e for s, e in spans) for b, _ in r.modes.batch_included)

    def _customer_supplied(self, text: str) -> bool:
        """Does a definition of data limit it to what the customer supplies ("all data
        which the Client provides to the Vendor", "data submitted by Quellwerk"), with no
        word for what the provider returns ("and the results generated for it")?"""
        customers = [re.escape(c) for c in self.doc.parties.customer if c]
        if not customers:
            return False
        who = rf"(?:the\s+)?(?:{'|'.join(customers)})"
        supplied = re.search(rf"\b(?:which|that)\s+{who}\s+(?:\w+\s+)?(?:{_SUPPLY_VERBS})\b"
                             rf"|\b(?:{_SUPPLIED})\s+(?:\w+\s+){{0,4}}?by\s+{who}\b", text, re.I)
        if not supplied:
            return False
        words = {stem(w) for w in re.findall(r"[A-Za-z]+", text.lower())}
        return not (words & self.output_words) and not words & _RETURN_WORDS


# "for the purposes of Article 11 only", "for the purposes of clauses 9 and 12": a re-inclusion's reach.
# ... and "for Question 11 only", "for clause 12 only": the same reach, said without "the purposes of".
_FOR_PURPOSES = re.compile(r"\bfor\s+(?:the\s+)?purposes?\s+of\s+(?:this\s+|that\s+)?(?:clauses?|articles?|sections?|paragraphs?|questions?|"
                           r"Art\.|\u00a7+)\s*[0-9IVX][\w.()]*(?:(?:,\s*|\s+and\s+|\s+to\s+)[0-9][\w.()]*)*"
                           r"|\bfor\s+(?:clauses?|articles?|sections?|paragraphs?|questions?|Art\.|\u00a7+)\s*[0-9IVX][\w.()]*"
                           r"(?:(?:,\s*|\s+and\s+|\s+to\s+)[0-9][\w.()]*)*(?=,?\s+only\b)", re.I)
_BATCH_WORD = re.compile(r"\b(?:batch|bulk|asynchronous|async|offline|overnight|deferred)\w*", re.I)
_ANAPHOR_FILES = re.compile(r"\b(?:such|those|these|the\s+excluded|the\s+foregoing)\s+(?:\w+\s+)?(?:files?|data|jobs?|items?|materials?)\b", re.I)
_INCLUSION_VERB = re.compile(r"\b(?:includes?|including|(?:shall|will)\s+include|deemed\s+(?:to\s+be|part\s+of)|treated\s+as|"
                             r"are|is|form\s+part\s+of|shall\s+be|(?:shall|will)\s+also\s+(?:be|include))\b", re.I)
_NEGATED_PART = re.compile(r"\b(?:not|never|no|excluding|excludes?|other\s+than)\b", re.I)


def _segment_at(text: str, at: int) -> str:
    """The part of a sentence around ``at``: from the last ";" (or "however", "provided") before
    it to the next ";"."""
    start = 0
    for m in re.finditer(r";|\bhowever\b|\bprovided\b|\bit being understood\b|\bdespite\b|\b(?:save|except|but)\s+that\b",
                         text[:at], re.I):
        start = m.end()
    end = text.find(";", at)
    return text[start:end if end >= 0 else len(text)]


# '"Batch Prediction" means the Provider service through which ...': a service, whatever its name's last word.
_SERVICE_DEFINED = re.compile(r"\b(?:means|refers\s+to)\s+(?:the|a|an|any|each)?\s*(?:[\w-]+\s+){0,3}?"
                              r"(?:services?|APIs?|interfaces?|platform|features?|offerings?|modes?|endpoints?|facility|tier|queue)\b", re.I)
_SUPPLY_VERBS = "provides|submits|uploads|sends|transmits|supplies|lodges|inputs|transfers|discloses"
_SUPPLIED = "provided|submitted|uploaded|sent|transmitted|supplied|lodged|input|transferred|disclosed"
_RETURN_WORDS = {stem(w) for w in ("generated", "generates", "produced", "produces", "returned", "returns",
                                   "derived", "created", "creates")}


def _is_umbrella(r: SentenceReading, defs: _Definitions) -> tuple[bool, list[SentenceReading]]:
    """A clause that extends commitments (named by section, topic, the whole
    agreement or "this Section") to batch, expressly or through a definition."""
    if r.table_kind or r.is_definition or r.modes.batch_excluded or r.modes.negated_applicability or r.function in (
            "question", "deferral", "pointer", "heading", "superseded", "precedence", "recital", "summary", "report"):
        return False, []  # "[Bank: does 6.1 reach results files from the Batch Service?" asks; it applies nothing
    a = r.ann
    if not (r.umbrella_predicate or r.function == "scope" or r.modes.negated_exclusion) or r.off_topic:
        return False, []
    if _ENGAGED_SUBJECT_TO.search(r.text) and not _APPLIES.search(r.text):
        # "The BANK engages the PROVIDER to render the Services ..., subject to this Agreement": the
        # engagement, made on the agreement's terms; it extends no commitment to any mode.
        return False, []
    if not r.refs and _UNRESOLVED_REF.search(r.text):
        # "The commitment in subsection (c)(ii) above extends to Batch API files", where no
        # clause is numbered so: what it names is not found, so it reaches nothing rather than all.
        return False, []
    if r.modes.batch_included:
        return True, []
    for t in r.terms_used:
        st, chain = defs.state(t)
        if st == "in" and not _in_relative_clause(r.text, t):
            return True, chain
    if r.modes.all_modes and defs.doc.modes_enumerated is not None:
        # "Art. 3 to Art. 9 apply equally to both processing modes", where
        # Art. 2(1) lists the modes as synchronous and batch processing.
        return True, [defs.doc.modes_enumerated]
    return False, []


_ENGAGED_SUBJECT_TO = re.compile(r"\b(?:engag|appoint|render|perform|provid|suppl|deliver)\w*\b[^.;]{0,80}\bServices?\b"
                                 r"[^.;]{0,80}\bsubject\s+to\s+(?:the\s+terms\s+of\s+)?(?:this|the)\s+(?:Agreement|Contract|MSA)\b", re.I)
_APPLIES = re.compile(r"\b(?:appl(?:y|ies)|extends?|govern|governs|covers?|includ\w*|alike|equally)\b", re.I)


# A reference to a numbered part that reading could not resolve to any section.
# (Numbered ones are resolved, or left out on purpose, as "by reference to this Section 1.6" is.)
_UNRESOLVED_REF = re.compile(r"\b(?:sub-?)?(?:sections?|clauses?|paragraphs?|articles?|subsections?|items?)\s+"
                             r"\([a-z0-9]{1,4}\)(?:\([a-z0-9]{1,4}\))*", re.I)


_RELATIVE_OPENER = re.compile(r"\b(?:on|in|under|by|through|for)\s+which\b|\bwhereby\b", re.I)


def _in_relative_clause(text: str, term: str) -> bool:
    """Is ``term`` named only inside a relative clause ("This Agreement governs
    the terms on which the Client may call off the Services")? Then it says
    what the statement is about, not what its commitments apply to."""
    at = text.find(term)
    return at > 0 and _RELATIVE_OPENER.search(text, 0, at) is not None


def _same_place(a: SentenceReading, b: SentenceReading) -> bool:
    if a.clause.id == b.clause.id:
        return True
    ta, tb = top_section(a.clause.section), top_section(b.clause.section)
    if ta and tb:
        return ta == tb
    return bool(a.clause.heading) and a.clause.heading == b.clause.heading


# "Schedule 2, clause 4: The Supplier must not ...": the references that open a line are its label.
_LABEL_REF = re.compile(r"^\s*(?:[A-Z][A-Za-z]+\s+)?[\dA-Z][\w.()]*(?:,\s*(?:clause|section|paragraph)\s+[\w.()]+)?\s*:")



# "remains subject to", "without prejudice to", "notwithstanding": words before a reference that keep
# another section's rule in force rather than take content from it.
_SUBJECT_TO_REF = re.compile(r"(?:subject\s+to|without\s+prejudice\s+to|notwithstanding)\s+(?:the\s+)?"
                             r"(?:(?:sub-?)?(?:sections?|clauses?|articles?|paragraphs?)\s+)?\S*$", re.I)


_CHECKS_REF = re.compile(r"\bcompl(?:iance|ies|y|ying)\s+with\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
                         r"(?:(?:sub-?)?(?:sections?|clauses?|articles?|paragraphs?)|\u00a7+)\s*\d", re.I)


def _ref_at(text: str, ref: str) -> int:
    """Where the citation of ``ref`` in ``text`` ends (0 when it is not cited as written)."""
    m = re.search(rf"(?<![\w.]){re.escape(ref)}(?!\w)", text)
    return m.start() + len(ref) if m else 0


@dataclass(frozen=True)
class _Scope:
    """What a scope statement (umbrella or carve-out) reaches, for one topic.

    ``kind`` is "all", "none", "file" (the commitments of the bundle file
    ``annex``), "annex" (those of the schedule or attachment ``annex``), "sections" (the sections in ``refs``, else ``fallback``), "clause" (the commitments of clause ``clause_id``),
    "place" (its own clause, top section or, without numbering, heading) or
    "self" (a statement that is itself a commitment: its own place).
    """

    stmt: SentenceReading
    kind: str
    refs: tuple[str, ...] = ()
    annex: str | None = None
    fallback: bool = False
    clause_id: str = ""
    parts: bool = False  # its sections are numbered in a sibling Part of the same document
    carve: bool = False  # a carve-out, not an umbrella
    until: int = -1  # "clause" pointing back ("This includes ..."): only commitments that start before it

    def reaches(self, target: SentenceReading) -> bool:
        kind = self.kind
        if kind == "all":
            return True
        if kind == "none":
            return False
        if kind == "sections":
            annex = self.annex
            if self.parts and _sibling(annex, annex_of(target.clause.section)):
                annex = annex_of(target.clause.section)
            # A commitment that takes its content from a named part ("apply the
            # security controls in Schedule B") is reached with it; by a carve-out,
            # only when every part it names is carved out ("audit compliance with
            # Sections 5 and 6" stands for batch when only Section 6 does not extend).
            if any(section_in(target.clause.section, ref, annex) for ref in self.refs):
                return True
            if self.carve and not _LABEL_REF.match(target.text):
                return (bool(target.refs) and all(ref in self.refs for ref in target.refs)) or self.fallback
            # (not "... and remains subject to Section 3 until overwritten": another section's rule kept
            # over the data, not content the commitment takes)
            # (nor "to audit the Supplier's compliance with Clauses 7 to 11": the sections checked,
            # not content the commitment takes; it stays outside an umbrella over Clauses 7 to 10)
            return (not _CHECKS_REF.search(target.text) and any(
                ref in target.refs and not _SUBJECT_TO_REF.search(target.text, 0, _ref_at(target.text, ref))
                for ref in self.refs)) or self.fallback
        if kind == "clause":
            return target.clause.id == self.clause_id and (self.until < 0 or target.start < self.until)
        if kind == "file":
            return (target.clause.section or "").split(", ")[0] == self.annex
        if kind == "annex":
            return annex_of(target.clause.section) == self.annex
        if kind == "self":
            return target is self.stmt or _same_place(self.stmt, target)
        return _same_place(self.stmt, target)

    def reaches_any(self, commitments: list[SentenceReading]) -> bool:
        if self.kind == "self":
            return True  # its own commitment
        if self.kind in ("all", "none"):
            return self.kind == "all"
        return any(self.reaches(c) for c in commitments) or (self.kind == "sections" and self.fallback)


# "the retention commitments in this Section 6", "the deletion obligations under Article 11": the
# sections named, as far as they hold commitments of the topic said.
_TOPIC_QUALIFIED = re.compile(r"\b(?!(?:the|its|their|all|any|these|those|such|of|other|Provider's|Supplier's)\s)[A-Za-z-]{4,}\s+"
                              r"(?:commitments?|obligations?|duties|undertakings?|requirements?|rights?)\s+"
                              r"(?:in|of|under|set\s+out\s+in|contained\s+in)\s+(?:this\s+|that\s+)?"
                              r"(?:sections?|clauses?|articles?|paragraphs?|\u00a7)", re.I)


def _scope(stmt: SentenceReading, topic: str, commitments: list[SentenceReading], umbrella: bool = False,
           clauses: ClauseIndex | None = None, heading_topics: dict[str, set[str]] | None = None,
           named_memo: dict[tuple[tuple[str, ...], str | None], bool] | None = None,
           topic_words: str = "", sections: frozenset[str] = frozenset()) -> _Scope:
    """The scope of a statement (umbrella or carve-out) for ``topic``.

    Scope is read in this order: the statement's own commitment; section
    references ("Sections 7 through 9"); the whole agreement ("this DPA");
    topics it names ("the retention commitments"); and otherwise its own
    clause (or, for carve-outs and "this Section" umbrellas, its section).
    A party's obligation (see :func:`_operative`) names a topic
    (``topic_words``: the matcher label of the topic's words), a section or
    the whole agreement only with its scope words; otherwise it mentions
    them in passing ("... deleted when the retention period in clause 5.1
    expires"), and its exception is to that obligation alone.
    """
    if topic in stmt.commitments and not (stmt.carve_topics and topic not in stmt.carve_topics):
        return _Scope(stmt, "self")
    if topic in stmt.carve_topics and not stmt.refs:
        return _Scope(stmt, "all")  # "Batch files are not covered by this exit deletion": the topic it names
    refs, designated = _scope_refs(stmt) if stmt.refs else ([], False)
    operative = _operative(stmt)
    if refs and stmt.topic_mentions and topic not in stmt.topic_mentions and _TOPIC_QUALIFIED.search(stmt.text):
        return _Scope(stmt, "none")  # "The retention commitments in this Section 6 extend to ...": not its deletion clause
    if refs and (not operative or designated):
        annex = annex_of(stmt.clause.section)
        if stmt.ref_document:
            own_file = (stmt.clause.section or "").split(", ")[0]
            named_file = _named_file(stmt.ref_document, commitments) or _only_other_file(stmt, refs, commitments)
            if named_file:
                annex = named_file
            elif "." in own_file and _named_file(stmt.ref_document, [stmt]) is None:
                # "clauses 3 to 6 of the Data Processing Terms", said in the addendum of a bundle:
                # when no file of the bundle with this topic's commitments is that document, the
                # sections named are not this file's own.
                annex = f"{stmt.ref_document} (another document)"
        key = (tuple(refs), annex)
        named = None if named_memo is None else named_memo.get(key)
        if named is None:  # do the sections it names hold any of the topic's commitments?
            named = any(section_in(c.clause.section, ref, annex) or ref in c.refs for c in commitments for ref in refs)
            if named_memo is not None:
                named_memo[key] = named
        if not named and umbrella and stmt.modes.exception_denied:
            # "§ 8 (2) By way of exception, the Contractor may use samples ... (3) The exception in para. 2 does
            # not apply to batch": the exception named holds no commitment; batch stays under the rule it
            # was an exception to, in the section the exception sits in.
            parents = [p for p in dict.fromkeys(_parent_ref(ref) for ref in refs) if p]
            if parents and any(section_in(c.clause.section, p, annex) for c in commitments for p in parents):
                return _Scope(stmt, "sections", tuple(parents), annex)
        parts = False
        if not named and annex and _PART.match(annex):
            # "Clauses 3 to 7 apply ..." in Part A of a DPA whose clauses 3 to 7 are in Part B.
            parts = any(_sibling(annex, annex_of(c.clause.section)) and
                        section_in(c.clause.section, ref, annex_of(c.clause.section))
                        for c in commitments for ref in refs)
        # When the sections it names hold no such commitment here (another file,
        # other numbering), it falls back on the topic it names, if any; when
        # they do, it reaches those and no others. Sections that are here but
        # hold other topics ("para. 1 does not apply to batch; such data is erased
        # when the storage period under Art. 6 expires") keep it to them.
        elsewhere = not (named or parts) and not any(section_in(sec, ref, annex) for sec in sections for ref in refs)
        if elsewhere and _dangling(stmt, refs, annex, sections):
            elsewhere = False  # "The audit rights in para. 12 extend to batch" where this file has no para. 12
        return _Scope(stmt, "sections", tuple(refs), annex, elsewhere and topic in stmt.topic_mentions,
                      parts=parts, carve=not umbrella)
    if stmt.clause.kind in ("footnote", "endnote") and not stmt.general and clauses:
        # "[2] Not applicable to inputs submitted under the discounted batch plan.": a footnote
        # says what it says of the clause that cites it (the one before it that commits to anything).
        cited = max((cid for cid, (_, topics) in clauses.items() if topics and cid < stmt.clause.id), default=None)
        if cited is not None:
            return _Scope(stmt, "clause", clause_id=cited)
    # "... on termination of this Addendum" in a commitment does not make it about the whole Addendum.
    general = stmt.general and (not operative or _named(stmt, stmt.ann.spans("v:general_scope")))
    own_annex = annex_of(stmt.clause.section)
    if general and own_annex and _THIS_ANNEX.match(stmt.text) and _ANNEX_HEAD.match(own_annex.split(", ")[-1]):
        # "SR-1 Scope. This Attachment applies to every Service Tier ...": the attachment it is in.
        return _Scope(stmt, "annex", annex=own_annex)
    own_file = _own_document(stmt) if general else None
    if own_file:
        # In a bundle, "This DPA applies to ... Overnight Processing" reaches the DPA's own
        # commitments, not the hosting clause of the MSA beside it.
        return _Scope(stmt, "file", annex=own_file)
    if general and stmt.topic_mentions <= {"data_protection"}:
        named_topics = merge([sp for label, spans in stmt.ann.matches.items()
                              if label.startswith("r:") and label.endswith(":topic") for sp in spans])
        provisions = {ps for ps, _ in stmt.ann.spans("c:provision_noun")}
        if len(named_topics) >= 2 and named_topics[-1][1] in provisions:
            # (not "This Privacy and Security Schedule applies to every processing mode": the document's name)
            # "The confidentiality, security and data protection obligations in this Agreement apply
            # equally to Batch Jobs": data protection named beside its siblings is that topic alone
            return _Scope(stmt, "all" if topic in stmt.topic_mentions else "none")
        return _Scope(stmt, "all")  # "the data protection terms of this Agreement": all data commitments
    passing = operative and topic_words != "" and topic in stmt.topic_mentions and \
        stmt.ann.has(topic_words) and not _named(stmt, stmt.ann.spans(topic_words))
    if stmt.topic_mentions and not passing:
        return _Scope(stmt, "all" if topic in stmt.topic_mentions else "none")
    if general:
        return _Scope(stmt, "all")
    if umbrella and not stmt.anaphora:
        # No named target: it extends the commitments of its own clause ("5.3
        # ... This limit applies in the same way to batch input files"), or,
        # when its clause has none, the nearest clause before it in the same
        # section ("7.2 Result files ... are subject to the same limit").
        anchor = _anchor_clause(stmt, clauses or {})
        # "We keep Inputs for 30 days. This includes the batch input files. Outputs
        # are kept for 30 days too.": a pronoun points back, not to what follows.
        back = stmt.start if stmt.points_back and anchor == stmt.clause.id else -1
        return _Scope(stmt, "clause", clause_id=anchor, until=back)
    if operative and not umbrella:
        # "The Provider shall erase ..., save where ...": the exception is to
        # that obligation, whether or not a loaded rule reads it as a commitment.
        return _Scope(stmt, "none")
    own_topics = (clauses or {}).get(stmt.clause.id, (None, set()))[1]
    if own_topics:
        if umbrella:
            # "These commitments also apply to batch jobs" points back to the
            # commitments of its own clause, and extends no others: those stated
            # before it.
            return (_Scope(stmt, "clause", clause_id=stmt.clause.id,
                           until=stmt.start if stmt.anaphora or stmt.points_back else -1)
                    if topic in own_topics else _Scope(stmt, "none"))
        # "... is not covered by that commitment": the commitments of its own clause.
        return _Scope(stmt, "all" if topic in own_topics else "none")
    if heading_topics and heading_topics.get(stmt.clause.heading or ""):
        # A "Scope note" under "Technical and Organisational Measures" is about those measures.
        return _Scope(stmt, "all" if topic in heading_topics[stmt.clause.heading or ""] else "none")
    return _Scope(stmt, "place")




_THIS_ANNEX = re.compile(r"^\W*(?:[\w.-]+\s+)?(?:[A-Z][a-z]+\.\s+)?(?:this|these)\s+(?:schedule|annex|annexure|appendix|exhibit|attachment)\b", re.I)
_ANNEX_HEAD = re.compile(r"^(?:schedule|annex|annexure|appendix|exhibit|attachment)\s", re.I)


def _own_document(stmt: SentenceReading) -> str | None:
    """The file of a bundle a statement's "this DPA", "this Addendum", "these Terms"
    names: its own file. "This Agreement" (which its schedules and addenda form part
    of) and wording that names no document ("the data commitments") name none."""
    own = (stmt.clause.section or "").split(", ")[0]
    if not FILE_NAME.search(own):
        return None  # not a file of a bundle ("1.2" is a section)
    if stmt.label_line and stmt.function == "scope":
        return own  # "Service: Batch API" in an order form scopes that form, not the MSA beside it
    for s, e in stmt.ann.spans("v:general_scope"):
        words = [stmt.ann.norm(i) for i in range(s, e)]
        if words[0] in ("thi", "this", "these", "thes") and words[-1] not in ("agreement", "contract"):
            return own
    return None


_PART = re.compile(r"^(?P<pre>.*?)(?:, )?Part [A-Z0-9IVX]{1,4}$")


def _named_file(document: str, commitments: list[SentenceReading]) -> str | None:
    """The file of a bundle that "the Terms" or "the Master Agreement" names:
    the one whose name holds its words ("harbour-mutual-terms.txt")."""
    words = [stem(w) for w in re.findall(r"[A-Za-z]+", document.lower()) if w not in ("the", "of")]
    files = {c.clause.section.split(", ")[0] for c in commitments if c.clause.section and ", " in c.clause.section}
    for name in sorted(files):
        parts = {stem(w) for w in re.findall(r"[a-z]+", name.lower())}
        if "." in name and words and all(w in parts or (w == "msa" and "master" in parts) for w in words):
            return name
    return None


def _only_other_file(stmt: SentenceReading, refs: list[str], commitments: list[SentenceReading]) -> str | None:
    """"Clauses Fifth and Seventh of the Contract", said in an addendum of a bundle whose file names do not
    say which is the Contract ("contrato-marco-ia.docx"): the one other file whose numbered sections named
    hold commitments, when there is exactly one."""
    own = (stmt.clause.section or "").split(", ")[0]
    found = {f for c in commitments for f in [(c.clause.section or "").split(", ")[0]]
             if f != own and "." in f and any(section_in(c.clause.section, ref, f) for ref in refs)}
    return found.pop() if len(found) == 1 else None


def _sibling(own: str | None, other: str | None) -> bool:
    """"Part A" and "Part B" of one document (of one file in a bundle)."""
    if not own or not other or own == other:
        return False
    a, b = _PART.match(own), _PART.match(other)
    return bool(a and b and a.group("pre") == b.group("pre"))


def _scope_words(a: Annotated, *more: str) -> list[tuple[int, int]]:
    """Token spans of the words that state scope ("apply", "extend", "subject to"...)."""
    return merge([span for label in ("v:applicability", "v:umbrella_verbs") + more for span in a.spans(label)])


_AFTER_MODAL = {"not", "n't", "also", "only", "equally", "likewise", "similarly", "be", "been", "further", "always"}


def _operative(stmt: SentenceReading) -> bool:
    """Is the statement an obligation in its own right ("The Provider shall
    erase ..., except that ..."), rather than a statement of scope ("Clause
    7.2 shall not apply to batch jobs", "Batch jobs are subject to clause
    6.1", "are excluded from this obligation")? It is when it commits to a
    topic, or when a party is followed by a modal and a verb other than a
    scope or exception word, whichever rules are loaded."""
    if stmt.commitments:
        return True
    a = stmt.ann
    words = _scope_words(a, "v:exception")
    parties = list(a.spans("v:provider_parties")) + list(a.spans("v:customer_parties"))
    n = len(a)
    for ms, me in a.spans("v:modal"):
        if not any(0 <= ms - pe <= 2 for _, pe in parties):
            continue  # a party's obligation ("The Provider shall erase"), not a description
        j = me
        while j < n and a.norm(j) in _AFTER_MODAL:
            j += 1
        if j < n and a.word(j)[:1].isalpha() and not any(ws <= j < we for ws, we in words):
            return True
    return False


def _named(stmt: SentenceReading, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> bool:
    """Does one of these token spans name what the statement's scope words
    apply to: closely followed by one ("the retention commitments do not
    apply"), or closely following one ("not subject to clause 6.2")?"""
    words = _scope_words(stmt.ann)
    return any(0 <= ws - me <= 6 or 0 <= ms - we <= 2 for ms, me in spans for ws, we in words)


def _each_of(r: SentenceReading, term: str) -> bool:
    """Does the clause range over every one of the services a term names ("In the provision of each
    of the Processing Services, the Provider shall ...", "for every Covered Service")? A service
    term so quantified is the clause's scope, not a name used in passing."""
    return re.search(rf"\b(?:in|for|under|across|throughout|within|of|to)\s+(?:each|every|all)\s+(?:one\s+)?(?:of\s+)?(?:the\s+)?"
                     rf"{re.escape(term)}(?![\w-])", r.text, re.I) is not None


# Where a leave is limited: "..., provided that Feedback shall not include ... any Covered Data".
_LEAVE_PROVISO = re.compile(r",?\s+(?:provided\s+(?:always\s+|however\s+)?that|save\s+that|except\s+that|on\s+condition\s+that)\b", re.I)


def _excepted_objects(x: SentenceReading) -> tuple[bool, bool] | None:
    """The artifacts the batch words an exception takes out name ("save for batch result files":
    outputs); None when the batch words stand alone ("save for batch jobs")."""
    a = x.ann
    ins, outs = a.spans("v:input_artifacts"), a.spans("v:output_artifacts")
    got_in = got_out = False
    for _, e in x.modes.batch_excluded:
        got_in = got_in or any(e <= s0 <= e + 1 for s0, _ in ins)
        got_out = got_out or any(e <= s0 <= e + 1 for s0, _ in outs)
    return (got_in, got_out) if (got_in or got_out) else None


def _lifted(carve: list[Cited], readings: list[SentenceReading], topic: str = "",
            commitments: list[SentenceReading] | None = None) -> list[Cited]:
    """The carve-outs left once a later clause takes an exception away: "6.1 ...
    for no more than 30 days, except for asynchronous jobs. 6.2 The exception in
    clause 6.1 does not apply to batch input files or batch output files." The
    clause that denies the exception names the carve-out's own section. So too a
    commitment of the topic that names batch and sets the limit aside by name:
    "Despite Note 3 of the Order Form, the Provider shall not use Customer Data from
    Data Zone Batch deployments to train or improve any model". So too a scope statement
    that sets the limit aside and applies named sections to batch: "Notwithstanding Section
    2.3 of the Terms, Sections 6 and 7 of the Terms apply to Bulk Jobs" lifts 2.3 for a topic
    whose commitment sits in 6 or 7, not for one whose commitment sits in 8."""
    def whole_batch(u: SentenceReading) -> bool:
        # (not "no Batch Job containing Medical Information may run outside Israel": a part of batch)
        return bool(u.modes.batch_included) and not u.modes.batch_excluded and not any(
            _SUBSET_AFTER.match(u.text, u.ann.tokens[e - 1].idx + len(u.ann.word(e - 1))) for _, e in u.modes.batch_included)

    # (not "The exception in numeral 6.2 shall not apply to batch jobs that contain Personal Data": the
    # exception stands for the rest of batch)
    denials = [u for u in readings if u.modes.exception_denied and u.modes.batch_included and u.refs
               and not u.modes.batch_excluded and whole_batch(u)]

    def wide_enough(u: SentenceReading, x: SentenceReading) -> bool:
        # A denial for part of batch lifts only an exception for no more than that part: "The exception
        # for batch result files in clause 11.2 is withdrawn" lifts "save for batch result files".
        if u.batch_objects in (None, (True, True)) or not u.modes.exception_denied:
            return True
        got = x.batch_objects if x.batch_objects is not None else _excepted_objects(x)
        return got is not None and all(b <= a for a, b in zip(u.batch_objects, got))
    denials += [u for u in readings if topic and topic in u.commitments and u.refs and _DESPITE.match(u.text)
                and whole_batch(u)]
    appliers = [u for u in readings if topic and commitments and u.function == "scope" and len(u.refs) > 1
                and _DESPITE.match(u.text) and whole_batch(u) and not u.modes.negated_applicability]
    if not denials and not appliers:
        return carve

    annexes = {id(u): _cited_annex(u, readings) for u in denials + appliers}

    def names(u: SentenceReading, x: SentenceReading, ref: str) -> bool:
        return _cites(annexes[id(u)], x, ref)

    def applied(x: SentenceReading) -> bool:
        for u in appliers:
            limits = [ref for ref in u.refs if u is not x and names(u, x, ref)]
            if limits and any(names(u, c, ref) for c in commitments or [] for ref in u.refs if ref not in limits):
                return True
        return False

    def lifted(x: SentenceReading) -> bool:
        if applied(x):
            return True
        return any(u is not x and wide_enough(u, x) and (any(names(u, x, ref) for ref in u.refs)
                                   # "Order Form, Note 3: The model-improvement commitment applies to ...": the
                                   # label the text opens with
                                   or any(re.match(rf"^(?:[^:]{{0,40}},\s*)?{re.escape(ref)}\s*[:.]\s", x.text)
                                          for ref in u.refs if not ref[0].isdigit()))
                   for u in denials)

    kept = [c for c in carve if c.role not in (ROLE_CARVE_OUT, ROLE_LIMITATION) or not lifted(c.reading)]
    if len(kept) == len(carve):
        return carve
    return kept if any(c.role != ROLE_DEFINITION for c in kept) else []


def _set_aside(readings: list[SentenceReading], topic: str) -> dict[int, tuple[bool, bool]]:
    """The readings a commitment of the topic that names batch sets aside by name ("Notwithstanding
    Section 4 of the Product Terms, ..."), with the batch artifacts the setting aside is for ("...,
    Deferred Processing input files shall be retained for no more than 30 days": the input files only)."""
    out: dict[int, tuple[bool, bool]] = {}
    for u in readings:
        if topic not in u.commitments or not u.refs or not _DESPITE.match(u.text) or not u.modes.batch_included:
            continue
        annex = _cited_annex(u, readings)
        for x in readings:
            if x is not u and any(_cites(annex, x, ref) for ref in u.refs):
                out[id(x)] = u.batch_objects if u.batch_objects is not None and any(u.batch_objects) else (True, True)
    return out


def _cited_annex(u: SentenceReading, readings: list[SentenceReading]) -> str | None:
    """Where the sections ``u`` cites are: "Section 2.3 of the Terms", said in a side letter of a
    bundle, is the file that is the Terms; otherwise ``u``'s own annex or file."""
    return (_named_file(u.ref_document, readings) if u.ref_document else None) or annex_of(u.clause.section)


def _cites(annex: str | None, x: SentenceReading, ref: str) -> bool:
    """Is ``x`` in the section ``ref`` of ``annex`` ("4" holds 4.2 and 4(b))?"""
    own = (x.clause.section or "").rpartition(", ")[2]
    return bool(own) and annex_of(x.clause.section) == annex and (
        own == ref or own.startswith(ref + ".") or own.startswith(ref + "("))


# A sentence whose subject is a provision ("Para. 1 sentence 2 does not apply to result files ...;
# those files are kept until ..."): what it says of that provision's reach, whatever else it goes on to say.
_REF_SUBJECT = re.compile(r"^(?:(?:the\s+)?(?:para(?:graph)?s?\.?|clauses?|sections?|articles?|art\.|sentences?|\u00a7)\s*[0-9(])", re.I)


# "The same period applies to ...", "... are likewise subject to", "applies equally": a statement that
# gives batch what the clause before it gives, by pointing back at it.
_SAME_AS_BEFORE = re.compile(r"\bthe\s+same\b|\blikewise\b|\bequally\b|\bin\s+the\s+same\s+(?:way|manner)\b|"
                             r"\bmutatis\s+mutandis\b|\bcorrespondingly\b", re.I)


def _parent_ref(ref: str) -> str:
    """The section a numbered part sits in: "8(2)" -> "8", "4.2" -> "4", "7(3)(b)" -> "7(3)"; "" for a top one."""
    m = re.match(r"^(.*?)(?:\(\w{1,4}\)|\.\d{1,3})$", ref)
    return m.group(1) if m and m.group(1) else ""


# "Despite Note 3 of the Order Form, ...", "Notwithstanding clause 6.2, ...": a clause set aside by name.
_DESPITE = re.compile(r"^\W*(?:[^,:;]{0,40}[:,]\s*){0,2}(?:despite|notwithstanding|in\s+derogation\s+(?:of|from))\b", re.I)


# Words after batch's name that pick out part of it: "Batch Jobs containing Medical Information".
_SUBSET_AFTER = re.compile(r"\s*,?\s*(?:containing|that\s+contains?|which\s+contains?|involving|that\s+involves?|with|"
                           r"relating\s+to|in\s+respect\s+of|whose|where|if|when|of\s+type)\b", re.I)


def _exceptions_denied(readings: list[SentenceReading]) -> dict[int, int]:
    """The periods that are exceptions taken away from batch, as reading id -> how many of its
    periods are kept (from the first): "4.2 Files that fail validation are held for 90 days.
    4.3 The exception in clause 4.2 does not apply to batch jobs" (all of 4.2's); "may keep
    flagged content for up to two years; batch jobs are not subject to that exception" (the
    sentence's own exception); "... for 30 days, save flagged content for two years; that
    exception does not apply to batch jobs" (all but the rule's first period). Such a period is
    not the schedule batch is set against."""
    out: dict[int, int] = {}
    for u in readings:
        m = u.modes
        if not (m.exception_denied and m.batch_included) or m.batch_excluded:
            continue
        if u.refs:
            for x in readings:
                own = (x.clause.section or "").rpartition(", ")[2]
                if x is not u and x.durations and own and annex_of(x.clause.section) == annex_of(u.clause.section) \
                        and any(own == ref or own.startswith(ref + ".") for ref in u.refs):
                    out[id(x)] = 0
        elif u.durations:
            out[id(u)] = 0 if len(u.durations) == 1 else 1
        else:
            before = [x for x in readings if x.clause.id == u.clause.id and x.start < u.start and x.durations]
            if before:
                out[id(before[-1])] = 0 if len(before[-1].durations) == 1 else 1
    return out


def _denied_membership(r: SentenceReading, term: str) -> bool:
    """Does the definition say that what batch names is not the term ('"Audited
    Systems" means ...; the systems of grouped deferred processing will not be
    Audited Systems')?"""
    # (or "... are 'Customer Storage Content' and not Your Content")
    m = re.search(r"\b(?:(?:will|shall|do|does|are|is)\s+not|and\s+not|but\s+not)\s+(?:be\s+)?(?:an?\s+|the\s+|part\s+of\s+(?:the\s+)?)?"
                  + re.escape(term), r.text)
    if not m:
        return False
    at = len(r.text[:m.start()])
    return any(r.ann.tokens[s].idx < at for s, _ in r.modes.batch_included if r.ann.tokens[s].idx > r.text.find(term) + len(term))


def _settled(carve: list[Cited], sentences: list[SentenceReading], shared: _Shared) -> list[Cited]:
    """The carve-outs left once the bundle's order of precedence settles conflicts:
    a commitment that names batch expressly prevails over a carve-out in a file it
    outranks ("these Special Conditions prevail, then the DPA, then the Product
    Terms"), or in a file or section its "Notwithstanding ..." opening sets aside."""
    prevailing = [c for c in sentences if c.modes.batch_included and not c.modes.batch_excluded
                  and not c.table_kind and c.function in ("obligation", "prohibition")]
    if not prevailing:
        return carve
    aside = {id(c): set_aside(c, list(shared.files)) for c in prevailing}

    def beaten(x: SentenceReading) -> bool:
        fx = file_of(x)
        for c in prevailing:
            if c is x:
                continue
            files, refs = aside[id(c)]
            if shared.ranking.outranks(file_of(c), fx) or (fx is not None and fx in files):
                return True
            if refs and file_of(c) == fx and any(section_in(x.clause.section, ref, annex_of(c.clause.section))
                                                  for ref in refs):
                return True
        return False

    kept = [c for c in carve if c.role == ROLE_DEFINITION or not beaten(c.reading)]
    return kept if any(c.role != ROLE_DEFINITION for c in kept) else []


def _batch_artifact_term(doc: DocumentReading, term: str) -> bool:
    """Is ``term`` defined as artifacts of batch alone ('"Result File" means the file
    of scores produced by an Overnight Scoring Run')?"""
    d = doc.definition_readings.get(term)
    return d is not None and bool(d.modes.batch_included) and not d.modes.sync and (d.inputs or d.outputs)


_INCLUDES = re.compile(r"\b(?:includes?|including|comprises?|comprising)\b", re.I)


def _only_batch_artifacts(doc: DocumentReading, term: str) -> bool:
    """Is ``term`` defined as batch artifacts and nothing else ('"Bulk Result" means a results
    file returned by the Bulk Correspondence Service'; not '"Member Data" includes the input
    files and result files of overnight batch runs', which is more than those)?"""
    d = doc.definition_readings.get(term)
    return _batch_artifact_term(doc, term) and d is not None and not _INCLUDES.search(d.unit or d.text)


def _batch_paragraph(r: SentenceReading, readings: list[SentenceReading]) -> bool:
    """Is ``r``, naming no mode itself, the next sentence of a paragraph whose sentence before it
    is about batch alone ("The input files ... of a Batch Prediction Job remain at rest in the London
    region. The prediction step itself may be carried out ... in any geography.")?"""
    if r.modes.batch or r.modes.sync or r.modes.all_modes or r.table_kind:
        return False
    before = [x for x in readings if x.clause.id == r.clause.id and x.start < r.start and not x.table_kind]
    if not before:
        return False
    last = max(before, key=lambda x: x.start)
    return (bool(last.modes.batch_included) and not last.modes.sync and not last.modes.batch_excluded
            and bool(last.commitments) and last.function in ("obligation", "prohibition"))


def _definition_exclusion(r: SentenceReading) -> bool:
    """A definition that leaves batch out of its term ('"Usage Data" ... does not include the
    contents of Batch API files, which form part of Customer Data'): it says what the term is, and
    carves batch out only of commitments that rely on the term (through the definition chain)."""
    return r.is_definition and bool(r.modes.batch_excluded)


def _dangling(stmt: SentenceReading, refs: list[str], annex: str | None, sections: frozenset[str]) -> bool:
    """In a bundle, do plain-numbered references name sections that no file
    has, where the statement's own file is numbered the same way? Such a
    reference reaches nothing; it does not stand for the topic it names. (In a
    single text, an extract may cite clauses it does not quote.)"""
    if stmt.ref_document or not annex or not FILE_NAME.match(annex) or not all(r[:1].isdigit() for r in refs):
        return False
    own = [sec.rpartition(", ")[2] for sec in sections if annex_of(sec) == annex]
    # ... and no other file of the bundle has them either (a reference that forgot to name its document).
    anywhere = {sec.rpartition(", ")[2] for sec in sections}
    return any(num[:1].isdigit() for num in own) and not any(
        num == ref or num.startswith(ref + ".") or num.startswith(ref + "(") for num in anywhere for ref in refs)


# "... outside the scope of", "excluded from", "exempt from": what comes next is what the statement carves from.
_OUTSIDE_OF = re.compile(r"\b(?:(?:outside|beyond)\s+(?:of\s+)?(?:the\s+)?(?:(?:scope|ambit|reach|operation)\s+of\s+)?|"
                         r"(?:excluded|exempt(?:ed)?|carved\s+out)\s+from\s+(?:the\s+(?:scope|ambit|operation)\s+of\s+)?)$", re.I)


def _scope_refs(stmt: SentenceReading) -> tuple[list[str], bool]:
    """The sections a scope statement is about, and whether its wording says so.

    A reference names what the scope words apply to when it is the nearest
    reference before them ("Clause 6.1 applies to batch jobs and clause 6.2
    is to be agreed": 6.1 only) or follows them closely ("not subject to
    clause 6.2"). Other references are mentioned in passing ("save where ...,
    in which case it is deleted when the retention period in clause 5.1
    expires"). Without such a reference, every reference of the sentence.
    """
    if stmt.scope_refs is not None:
        return stmt.scope_refs, stmt.scope_named
    a = stmt.ann
    words = _scope_words(a)
    named: list[tuple[int, int]] = []
    if words and stmt.refs:
        starts = [t.idx for t in a.tokens]
        mentions = [(bisect_left(starts, cs), bisect_left(starts, ce), cs, ce) for cs, ce in ref_spans(a.text)]
        for k, (rs, re_, cs, ce) in enumerate(mentions):
            nxt = mentions[k + 1][0] if k + 1 < len(mentions) else len(starts)
            if any((0 <= ws - re_ <= 6 and ws < nxt) or 0 <= rs - we <= 2 for ws, we in words):
                named.append((cs, ce))
    if stmt.refs and stmt.modes.batch_excluded:
        # "Result files of the batch queue fall outside the scope of § 1": the reference is what is carved from.
        named += [(cs, ce) for cs, ce in ref_spans(a.text) if _OUTSIDE_OF.search(a.text, 0, cs) and (cs, ce) not in named]
    own = stmt.clause.section.rpartition(", ")[2] if stmt.clause.section else None
    refs = [r for cs, ce in named for r in resolve_paragraphs(parse_refs(a.text[cs:ce]), own, a.text[cs:ce]) if r != own]
    if not refs:
        refs = stmt.refs
    refs = refs + [r for r in stmt.inherited_refs if r not in refs]
    stmt.scope_refs, stmt.scope_named = refs, bool(named)
    return refs, bool(named)


def _reaches(stmt: SentenceReading, topic: str, target: SentenceReading | None,
             commitments: list[SentenceReading], umbrella: bool = False,
             clauses: ClauseIndex | None = None,
             heading_topics: dict[str, set[str]] | None = None, topic_words: str = "",
             sections: frozenset[str] = frozenset()) -> bool:
    """Does a scope statement (umbrella or carve-out) reach ``topic`` (or ``target``)?"""
    scope = _scope(stmt, topic, commitments, umbrella, clauses, heading_topics, topic_words=topic_words,
                   sections=sections)
    return scope.reaches_any(commitments) if target is None else scope.reaches(target)


def _lifts_leave(stmt: SentenceReading, topic: str, commitments: list[SentenceReading], **scope) -> bool:
    """A carve-out by section number whose sections only give leave ("5.2 Interactive
    calls may be served from the United Kingdom"): "Clause 5.2 does not apply to batch
    jobs" takes away an exception to the residency commitment, and carves nothing out."""
    if not stmt.refs:
        return False
    reach = _scope(stmt, topic, commitments, False, scope.get("clauses"), scope.get("heading_topics"),
                   topic_words=scope.get("topic_words", ""), sections=scope.get("sections", frozenset()))
    reached = [c for c in commitments if reach.reaches(c)]
    return bool(reached) and all(c.gives_leave for c in reached)


class _UmbrellaIndex:
    """The first umbrella (in document order) that reaches a commitment,
    found through indexes on what each can reach rather than by trying every
    umbrella on every commitment, which grows with the square of the length."""

    def __init__(self, scopes: list[_Scope]):
        self.scopes = scopes
        self.first_all: int | None = None
        self.by_clause: dict[str, int] = {}
        self.by_top: dict[str, int] = {}  # "place" umbrellas with a top section
        self.by_heading_any: dict[str, int] = {}  # "place" umbrellas without one: any commitment under the heading
        self.by_heading_plain: dict[str, int] = {}  # with one: commitments under the heading without a section
        self.sections: list[int] = []  # tried one by one: the first umbrella naming each set of sections
        self.pointing_back: list[int] = []  # tried one by one: they reach only what comes before them
        self._in: dict[tuple[int, str | None], bool] = {}
        signatures = set()
        for i, sc in enumerate(scopes):
            if sc.kind == "all" or (sc.kind == "sections" and sc.fallback):
                self.first_all = i if self.first_all is None else self.first_all
            elif sc.kind in ("sections", "file", "annex"):
                if (sc.kind, sc.refs, sc.annex) not in signatures:  # a later one naming the same sections never comes first
                    signatures.add((sc.kind, sc.refs, sc.annex))
                    self.sections.append(i)
            elif sc.kind == "clause" and sc.until >= 0:
                self.pointing_back.append(i)
            elif sc.kind == "clause":
                self.by_clause.setdefault(sc.clause_id, i)
            elif sc.kind == "place":
                clause = sc.stmt.clause
                self.by_clause.setdefault(clause.id, i)
                top = top_section(clause.section)
                if top:
                    self.by_top.setdefault(top, i)
                    if clause.heading:
                        self.by_heading_plain.setdefault(clause.heading, i)
                elif clause.heading:
                    self.by_heading_any.setdefault(clause.heading, i)

    def first(self, target: SentenceReading) -> _Scope | None:
        clause = target.clause
        found = [self.first_all, self.by_clause.get(clause.id)]
        top = top_section(clause.section)
        if top:
            found.append(self.by_top.get(top))
        if clause.heading:
            found.append(self.by_heading_any.get(clause.heading))
            if not top:
                found.append(self.by_heading_plain.get(clause.heading))
        best = min((i for i in found if i is not None), default=None)
        for i in self.pointing_back:
            if best is not None and i > best:
                break
            if self.scopes[i].reaches(target):
                best = i
                break
        for i in self.sections:
            if best is not None and i > best:
                break
            key = (i, clause.section)
            hit = self._in.get(key)
            if hit is None:
                hit = self._in[key] = self.scopes[i].reaches(target)
            if hit:
                best = i
                break
        return None if best is None else self.scopes[best]


def _batch_in_opener(u: SentenceReading) -> bool:
    """Are all of the statement's batch words in an opening phrase closed by a comma ("For the
    Batch API, this includes ...")?"""
    a = u.ann
    comma = next((i for i in range(min(len(a), 10)) if a.word(i) == ","), None)
    return comma is not None and all(e <= comma for _, e in u.modes.batch_included)


def _sync_bound(r: SentenceReading) -> bool:
    """A statement tied to real-time traffic alone ("the inputs and outputs of the Interactive API")."""
    return bool(r.modes.sync) and not r.modes.batch_included and not r.modes.all_modes and not r.sync_inclusive


_QUALIFIER = re.compile(r"^\s+(?:of|for|in|through|via|from|(?:submitted|sent|uploaded)\s+(?:to|through|via))\s+(?:the\s+)?$",
                        re.I)


def _qualified_by_sync(r: SentenceReading, term: str) -> bool:
    """Is ``term`` followed by the real-time mode that qualifies it ("the Client Data of the
    Interactive Service", "Customer Data submitted to the real-time API")?"""
    at = r.text.find(term)
    if at < 0:
        return False
    end = at + len(term)
    starts = [r.ann.tokens[s].idx for s, _ in r.modes.sync]
    return any(0 < s - end <= 30 and _QUALIFIER.match(r.text[end:s]) for s in starts)


def _names_section(u: SentenceReading, r: SentenceReading) -> bool:
    """Does the scope statement ``u`` name the section ``r`` sits in ("Clause 5.01 applies to batch")?"""
    own = r.clause.section.rpartition(", ")[2] if r.clause.section else ""
    return bool(own) and any(own == ref or own.startswith((ref + ".", ref + "(")) for ref in u.refs)


def _anchor_clause(stmt: SentenceReading, clauses: ClauseIndex) -> str:
    own = stmt.clause.id
    if clauses.get(own, (None, set()))[1]:
        return own
    if not stmt.clause.section:
        # Unnumbered lines ("Hosting location: Canada" / "Applies to: all endpoints,
        # including the Batch API"): the line just before.
        ids = sorted(clauses)
        before = [cid for cid in ids if cid < own]
        if before and clauses[before[-1]][1] and clauses[before[-1]][0] is None:
            return before[-1]
        return own
    section = top_section(stmt.clause.section)
    before = [cid for cid, (sec, topics) in clauses.items() if topics and cid < own and sec == section]
    return max(before) if before and section else own


_OBJECT_GAP = frozenset({"the", "a", "an", "its", "their", "our", "any", "such", "this", "that", "those", "these", "of"})


def _object_of_action(r: SentenceReading, rule: Rule, term: str) -> bool:
    """Is every mention of ``term`` the object of the topic's action, what is trained or improved
    ("... to improve the API", "to train its Models"), and so no data the sentence uses?"""
    a = r.ann
    acts = action_spans(a, rule)
    starts = [i for i, tok in enumerate(a.tokens) if a.text.startswith(term, tok.idx)]
    if not acts or not starts:
        return False
    return all(any(e <= i <= e + 3 and all(a.norm(k) in _OBJECT_GAP or a.word(k) in ("'s", "\u2019s") for k in range(e, i))
                   for _, e in acts) for i in starts)


def _leave_through_term(r: SentenceReading, topic: str, defs: _Definitions) -> list[SentenceReading]:
    """The definition chain of a defined term, used inside the leave a prohibition's sentence
    gives, whose definition brings batch in; empty when there is none."""
    lo, hi, acts = r.leave_spans[topic]
    text = r.ann.text
    named = {t: [m.span() for m in re.finditer(r"(?<![\w-])" + re.escape(t) + r"(?![\w-])", text)] for t in r.terms_used}
    if all(any(s <= at < e for spans in named.values() for s, e in spans) for at in acts):
        return []  # "may use Service Improvement Data to compute invoices": the action word is only in a name
    for t in r.terms_used:
        st, chain = defs.state(t)
        if st == "in" and any(lo <= s < hi for s, _ in named[t]):
            return list(chain)
    return []


def _artifact_holders(r: SentenceReading, doc: DocumentReading, defs: _Definitions) -> list[str]:
    """The terms ``r`` uses that are defined as batch artifacts ('"Batch Files" means the files the
    Bank uploads to the Batch API'), not as the batch mode or its units of work ("Tranche Jobs")."""
    return [t for t in r.terms_used if t in doc.definition_readings
            and doc.definition_readings[t].modes.batch_included
            and (doc.definition_readings[t].inputs or doc.definition_readings[t].outputs)
            # ('"Batch Requests" means the JSONL input files of batch jobs' is files, though)
            and (t not in doc.aliases or artifacts_of_batch(doc.definition_readings[t], defs.data_words))
            and (t not in doc.units or _only_batch_artifacts(doc, t))]


def _standalone_holders(r: SentenceReading, doc: DocumentReading, defs: _Definitions) -> tuple[bool, bool] | None:
    """The batch artifacts ``r`` reaches when every batch word in it sits inside a term defined as
    batch artifacts that stands as a noun phrase of its own ("Inputs, Batch Inputs and Outputs";
    "all Customer Data, Batch Deliverables included"): what those definitions name. None when a
    batch word is outside such a term or the term modifies or is governed by other words ("Offline
    Job input files", "the result files of QUEUED WORKLOADS"), where the sentence's own nouns tell."""
    holders = _artifact_holders(r, doc, defs)
    if not holders or not r.modes.batch_included:
        return None
    a = r.ann
    text = a.text
    found: list[tuple[int, int, str]] = []
    for t in holders:
        found += [(m.start(), m.end(), t) for m in _term_forms(t).finditer(text)]
    used: set[str] = set()
    for s0, _ in r.modes.batch_included:
        at = a.tokens[s0].idx
        hit = next(((x, y, t) for x, y, t in found if x <= at < y), None)
        if hit is None:
            return None
        x, y, t = hit
        before = [w.lower() for w in text[:x].split()[-3:]]
        while before and before[-1] in ("the", "a", "an", "any", "all", "each", "every", "its", "their", "such"):
            before.pop()
        after = text[y:].lstrip()
        if (before and before[-1] in ("of", "from", "for", "by", "in", "through", "via", "under", "to")) \
                or re.match(r"[a-z]", after) and not re.match(r"(?:and|or|included|including|are|is|shall|will|must|"
                                                               r"which|that|as|for|within|on|at|after|when)\b", after):
            return None
        used.add(t)
    named = [defs.artifacts(t) for t in sorted(used)]
    if not any(i or o for i, o in named):
        return None
    return any(i for i, _ in named), any(o for _, o in named)


def _permission_reaches_batch(r: SentenceReading) -> bool:
    """A sentence that prohibits and permits: is batch on the permitted side?"""
    a = r.ann
    # The permission's clause starts after the last comma or "that" before it: "..., it being
    # understood that pseudonymised samples of Batch Endpoint jobs may be used to improve ...".
    perms = [max([i + 1 for i in range(s) if a.word(i) in (",", ";") or a.word(i).lower() == "that"] or [s])
             for s, _ in a.spans("v:permission")]
    # ... or a proviso that states the use ("..., provided that data submitted through the Batch API is used ...")
    perms += [i for i in range(len(a)) if a.word(i).lower() in ("provided", "save", "except", "understood")
              and i + 1 < len(a) and a.word(i + 1).lower() == "that"]
    # ... or a contrasting clause that states it ("..., but batch outputs are used to improve models")
    perms += [i for i in range(1, len(a)) if a.word(i).lower() in ("but", "however", "whereas") or a.word(i) == ";"]
    return bool(perms) and any(s >= min(perms) for s, _ in r.modes.batch_included)


def _table_cover(r: SentenceReading) -> bool:
    kind, pol = r.table_kind, r.table_polarity
    return (kind == "schedule" or (kind in ("eligibility", "commitment", "region") and pol == "yes")
            or (kind == "prohibited_use" and pol == "no"))


_PURPOSE = re.compile(r"\b(?:for\s+the\s+purposes?\s+of|solely\s+for|only\s+for|in\s+order\s+to)\b", re.I)


# An exception or condition opened between an action and a term: the term is in it, not the action's object.
_EXCEPT_BETWEEN = re.compile(r"\b(?:except|unless|save|provided|other\s+than|following|in\s+the\s+event|if|where|when)\b", re.I)


def _object_term(r: SentenceReading, rule: Rule, defs: _Definitions) -> str | None:
    """The defined term the commitment's action is done to: the first one
    after the action word ("audit Supplier's Processing Activities"), party
    names aside. Its definition, whatever its head noun, says what the
    commitment reaches."""
    if not r.terms_used:
        return None
    toks = r.ann.tokens
    best: tuple[int, str] | None = None
    # "keeps prompts and completions for no longer than 30 days ..., solely for the purpose of
    # detecting misuse of the Services": artifacts named first are the object, not a term in
    # the purpose after them.
    named = [toks[x].idx for label in ("v:input_artifacts", "v:output_artifacts", "v:data_objects")
             for x, _ in r.ann.spans(label)]
    for s, e in action_spans(r.ann, rule):
        after = toks[e - 1].idx + len(toks[e - 1].text) if e > 0 else 0
        for t in r.terms_used:
            if t.lower() in defs.parties:
                continue
            if rule.polarity == "prohibition" and _SERVICE_HEAD.search(t):
                continue  # "... to train models or to improve any of the Contracted Services": what is improved, not the data
            d = defs.doc.definition_readings.get(t)
            k = r.text.find(t, after)
            if k >= 0 and _EXCEPT_BETWEEN.search(r.text, after, k):
                continue  # "may audit the facilities ..., except following a Security Incident": a condition, not the object
            direct = k >= 0 and re.fullmatch(r"\s*(?:the|all|any|each|its|their)?\s*", r.text[after:k]) is not None
            if d is None or not (d.ann.has("v:data_objects") or direct):
                # "records of the Services": a product, not operations on the customer's data; but
                # "audit the Audit Scope", the action's own object, is what the definition says.
                continue
            if k >= 0 and any(after <= x < k for x in named) and not any(k <= x < k + len(t) for x in named) \
                    and _PURPOSE.search(r.text, after, k):
                continue
            if k >= 0 and (best is None or k < best[0] or (k == best[0] and len(t) > len(best[1]))):
                best = (k, t)  # at the same place, the longer term: "Pilot Data", not "Pilot"
        if best is not None:
            break
    return best[1] if best else None


def _same_for_all(r: SentenceReading, tables: list[SentenceReading]) -> bool:
    """Does every other row of the same table answer the same column the
    same way ("ZDR eligible: No" for the real-time endpoint as well as for
    batch)? Then batch is not treated differently: no carve-out."""
    header = r.clause.header
    column = (r.table_cell or "").partition(":")[0]
    others = [x for x in tables if x is not r and x.clause.header == header and x.table_kind == r.table_kind
              and (x.table_cell or "").partition(":")[0] == column and x.row_mode != "batch"]
    return bool(others) and all(x.table_polarity == r.table_polarity for x in others)


def _table_carve(r: SentenceReading) -> bool:
    kind, pol = r.table_kind, r.table_polarity
    return ((kind in ("eligibility", "commitment", "region") and pol == "no")
            or (kind == "prohibited_use" and pol == "yes"))


def place_map(vocabulary: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], dict[str, set[str]]]:
    """The rule set's places as data: ``place_aliases`` entries "EU = European
    Union" (one place, two names) or "Zurich in Switzerland" (a place inside
    another), and one ``region_<name>`` vocabulary per region listing the places
    inside it (``region_european_economic_area``: Norway, Sweden ...)."""
    aliases = {}
    wider: dict[str, set[str]] = {}
    for entry in vocabulary.get("place_aliases", ()):
        short, _, full = entry.partition("=")
        if full.strip():
            aliases[short.strip().lower()] = full.strip().lower()
            continue
        inner, sep, outer = entry.partition(" in ")  # "Zurich in Switzerland": a place inside another
        if sep and outer.strip():
            wider.setdefault(outer.strip().lower(), set()).add(inner.strip().lower())
    for name, members in vocabulary.items():
        if name.startswith("region_"):
            wide = name[len("region_"):].replace("_", " ")
            wider.setdefault(wide, set()).update(aliases.get(m.lower(), m.lower()) for m in members)
    for wide in list(wider):  # regions inside regions: Europe holds the EEA, which holds the EU
        for inner in list(wider[wide]):
            wider[wide] |= wider.get(inner, set())
    return aliases, wider


def _place_name(tokens: list) -> str:
    """A place as written, lower-cased, hyphens closed up ("us-central", not "us - central")."""
    return re.sub(r"\s*-\s*", "-", " ".join(t.text for t in tokens)).lower()


def _places(r: SentenceReading, aliases: dict[str, str]) -> set[str]:
    out = set()
    for s, e in r.ann.spans("v:places"):
        name = _place_name(r.ann.tokens[s:e])
        out.add(aliases.get(name, name))
    return out


def _apposed(r: SentenceReading, aliases: dict[str, str], wider: dict[str, set[str]]) -> set[str]:
    """Places named together with a place inside them ("Tokyo, Japan", "Canada
    (Quebec)"): the wider name only locates the narrower one."""
    toks = r.ann.tokens
    spans = sorted(r.ann.spans("v:places"))
    names = [aliases.get(_place_name(toks[s:e]), _place_name(toks[s:e])) for s, e in spans]
    out = set()
    for (s1, e1), n1, (s2, e2), n2 in zip(spans, names, spans[1:], names[1:]):
        if all(toks[i].text in (",", "(", ")") for i in range(e1, s2)) and s2 - e1 <= 2:
            if n2 in wider.get(n1, ()):
                out.add(n1)
            elif n1 in wider.get(n2, ()):
                out.add(n2)
    return out


def _places_by_mode(r: SentenceReading, aliases: dict[str, str],
                    wider: dict[str, set[str]] | None = None) -> tuple[set[str], set[str]]:
    """The places a statement names for general traffic and for batch, each
    tied to the mode of the clause it sits in ("Client Data stays in
    Australia; bulk jobs may run in Singapore")."""
    general: set[str] = set()
    batch: set[str] = set()
    toks = r.ann.tokens
    cells = r.text.split("|")[1:] if r.clause.kind == "table_row" and not r.modes.sync else []
    listed = bool(cells) and all(len(part.split()) <= 6 for cell in cells for part in cell.split(";"))
    apposed = _apposed(r, aliases, wider) if wider else set()
    spans = r.ann.spans("v:places")
    outer = [(s, e) for s, e in spans if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)]
    # A list of places ends where its last place does: "in the United States or Japan for batch inference".
    list_end = {}
    for k in range(len(outer) - 1, -1, -1):
        s, e = outer[k]
        nxt = outer[k + 1] if k + 1 < len(outer) else None
        joined = nxt is not None and all(r.ann.norm(i) in (",", "or", "and", "the", "and/or") for i in range(e, nxt[0]))
        list_end[s] = list_end[nxt[0]] if joined else toks[e - 1].idx + len(toks[e - 1].text)
    for s, e in spans:
        if any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans):
            continue  # "Wales" inside "New South Wales"
        name = _place_name(toks[s:e])
        name = aliases.get(name, name)
        if r.table_kind:  # a region cell: its row's mode ("| GPU capacity for batch inference | Oregon, USA |")
            mode = r.row_mode or "general"
        elif listed:
            # A row read as prose ("Bulk Runs | South Africa; Kenya; Ireland"): its semicolons
            # separate the items of one cell, not clauses; the row's mode holds for them all.
            mode = "batch" if r.modes.batch_included else "general"
        else:
            mode = mode_at(r, toks[s].idx, list_end.get(s)) if r.modes.batch_included else "general"
        if mode in ("general", "sync", "all"):
            general.add(name)
        if mode in ("batch", "all") and name not in apposed:
            batch.add(name)  # "Canada (Quebec)" for batch: Quebec is where batch goes, "Canada" only locates it
    return general, batch


# "anywhere within the Data Zone, which ... consists only of Canada Central and Canada East",
# "in any data centre within the EU": a way out bounded by the places named after it.
_BOUNDED = re.compile(r"\b(?:anywhere|any\s+(?:[\w-]+\s+){0,2}?(?:region|regions|location|locations|data\s+cent(?:re|er)s?|"
                      r"geography|country|countries|site|sites|facility|facilities))\b"
                      # "... within the Data Zone", "..., provided that the data centre is located within the EU"
                      r"(?:\s+(?:of|operated\s+by)\s+(?:the\s+)?[\w-]+)?(?:\s+(?:within|inside|in)\b|[^.;]{0,80}?\b(?:provided|on\s+condition)\s+that\s+"
                      # (the proviso about the place the way out names, not "provided that outputs are written back to India")
                      r"(?:the|such|each|that|every)\s+(?:[\w-]+\s+){0,2}?(?:region|location|data\s+cent(?:re|er)|country|site|facility|geography)s?"
                      r"\s+(?:is|are|be|remains?)\s+(?:located|situated|hosted)\s+(?:within|inside|in)\b)"
                      r"(?!\s+(?:which|whichever|what|any|all|every|each)\b)", re.I)


_AMENDMENT_VERB = re.compile(r"\b(?:is|are|shall\s+be)\s+(?:hereby\s+)?(?:replaced|deleted|struck(?:\s+out)?|removed)\b", re.I)


def _quoted_in_amendment(r: SentenceReading) -> bool:
    """Is the way out only quoted by an amendment that edits the text ('In the row "Batch Jobs", the mark
    in the column "Processed in any geography" is replaced by "-"')? Words quoted before the verb that
    replaces or deletes them are mentioned, not agreed; the words put in their place ("... is replaced
    by the following: '...'", "is amended by adding: '...'") are agreed."""
    cue = r.modes.cue
    verbs = [v.start() for v in _AMENDMENT_VERB.finditer(r.text)] if cue else []
    if not verbs:
        return False
    for m in re.finditer(r"[\"\u201c]([^\"\u201d]{1,200})[\"\u201d]", r.text):
        if cue.lower() not in m.group(1).lower():
            continue
        if _NEW_WORDS_BEFORE.search(r.text[max(0, m.start() - 40):m.start()]):
            return False  # the words put in: agreed
        if any(v >= m.end() for v in verbs):
            return True  # the words taken out
    return False


_NEW_WORDS_BEFORE = re.compile(r"(?:(?:replaced|substituted)\s+(?:by|with)|following(?:\s+wording)?\s*:?|adding(?:\s+at\s+the\s+end)?\s*:?"
                               r"|insert(?:ed|ing)?(?:\s+at\s+the\s+end)?\s*:?|to\s+read)\s*$", re.I)


def _bounded_escape(r: SentenceReading, commitments: list[SentenceReading], vocabulary: dict[str, tuple[str, ...]]) -> bool:
    """Is the way out a statement gives bounded by places that all lie inside what the agreement
    commits to elsewhere? Then batch stays in the committed region."""
    m = _BOUNDED.search(r.text)
    if m is None:
        return False
    aliases, wider = place_map(vocabulary)
    stop = min([i for i in (r.text.find(";", m.end()), r.text.find(". ", m.end())) if i >= 0] or [len(r.text)])
    after = {aliases.get(_place_name(r.ann.tokens[s:e]), _place_name(r.ann.tokens[s:e]))
             for s, e in r.ann.spans("v:places") if m.end() <= r.ann.tokens[s].idx < stop}
    committed = set().union(*(_places(c, aliases) for c in commitments if c is not r and not c.modes.region_escape)) \
        if commitments else set()
    if not after or not committed:
        return False

    def inside(p: str) -> bool:
        # ... or its adjective ("Canadian customers" beside "Canada"), or a region named after it ("Canada East")
        return any(p == c or p in wider.get(c, ()) or p.startswith(c + " ")
                   or (len(c) > 3 and p.startswith(c[:-1]) and p.endswith(("ian", "ese", "ish")) and len(p) - len(c) <= 3)
                   for c in committed)
    return all(inside(p) for p in after)


def _outside_denied(r: SentenceReading) -> bool:
    """Does a negation govern going "outside" the place the sentence names ("which shall not be
    scheduled on any capacity located outside the Kingdom of Saudi Arabia")?"""
    a = r.ann
    return any(a.word(i).lower() == "outside" and any(i - 12 <= ns < i and not any(a.word(k) in (";", ".") for k in range(ns, i))
                                             for ns, _ in a.spans("v:negation"))
               for i in range(len(a)))


def _other_places(sentences: list[SentenceReading], vocabulary: dict[str, tuple[str, ...]],
                  processing: frozenset[str] = frozenset()) -> tuple[SentenceReading, SentenceReading, set[str]] | None:
    """A residency statement naming batch that allows places the general
    commitment does not ("batch requests may be routed to Singapore or the
    United States" against "only in data centres located in Australia")."""
    aliases, wider = place_map(vocabulary)
    read = [(r, *_places_by_mode(r, aliases, wider)) for r in sentences]
    general = [(r, g) for r, g, _ in read if g and not r.table_kind and r.clause.kind != "table_row"]
    if not general:  # the committed places come from the prose; a table widens them only when it is all there is
        general = [(r, g) for r, g, _ in read if g]
    allowed = set().union(*(g for _, g in general)) if general else set()
    if not allowed:
        # Every place is batch's: "each Overnight Scoring Run is processed in Australia"
        # then "may route the Overnight Scoring Run to Singapore". The places a duty
        # names are the committed ones; leave to go elsewhere takes batch out of them.
        general = [(r, b) for r, _, b in read if b and not r.gives_leave and r.modes.batch_included]
        leaves = [(r, g, b) for r, g, b in read if r.gives_leave]
        if not leaves and processing:
            # Batch's files kept in one place and its jobs run in another: "All files submitted
            # through the Batch Service ... are stored in the Cape Town data centre" and "Batch
            # Service jobs are executed on GPU clusters in the Netherlands". The place its data is
            # kept is the committed one; processing elsewhere takes batch out of it.
            def runs(r: SentenceReading) -> bool:
                return any(r.ann.norm(i) in processing for i in range(len(r.ann)))
            stored = [(r, b) for r, b in general if not runs(r)]
            general = stored
            # (not "process them only in Ireland or the Netherlands": a place of processing of its own,
            # bound by "only", is a commitment too)
            leaves = [(r, set(), b) for r, b in [(r, b) for r, _, b in read if b and r.modes.batch_included
                                                 and not r.gives_leave] if runs(r) and not r.ann.has("v:restriction")] \
                if stored else []
        allowed = set().union(*(b for _, b in general)) if general else set()
        read = leaves
    if not allowed:
        return None
    for wide in list(allowed):
        allowed |= wider.get(wide, set())
    for r, _, batch in read:
        if batch and (r.modes.batch_included or r.table_kind) and not r.modes.batch_excluded:
            if _outside_denied(r):
                continue  # "... shall not be scheduled on any capacity outside the Kingdom": a duty to stay, no leave
            extra = batch - allowed
            if extra and not any(batch <= wider.get(p, set()) | {p} for p in allowed):
                return general[0][0], r, extra
    return None


_Timed = tuple[float, SentenceReading, str, bool]  # days, the statement, the words, counted in business days


def _period_objects(entry: _Timed) -> tuple[bool, bool]:
    """The artifacts of the clause a period sits in (the whole statement's, for a table cell)."""
    days, r, label, _ = entry
    for d, objects in zip(r.durations, r.period_objects):
        if d.label() == label and d.days == days:
            return objects
    return r.inputs, r.outputs


def _same_side(b: _Timed, general: list[_Timed]) -> list[_Timed]:
    """The general periods a batch period is set against: those for the same artifacts when
    both sides say ("Retention of outputs: Until deleted" for batch against the outputs
    column of the real-time row, not the inputs column of a file-storage row), else all."""
    side = _period_objects(b)
    if side not in ((True, False), (False, True)):
        return general
    other = (not side[0], not side[1])
    same = [g for g in general if _period_objects(g) != other]
    return same or general


# Where the part of a sentence a period belongs to opens: "...; provided that logs of access to Queue
# Files are retained for ninety (90) days only".
_PART_OPENS = re.compile(r";|\bprovided(?:\s+(?:further|always|however))?\s+that\b|\bexcept\b|\bsave\b|\bbut\b|\bwhereas\b", re.I)


def _batch_term_part(r: SentenceReading, at: int, terms: tuple[str, ...]) -> bool:
    """Is the period at ``at`` in a later part of ``r`` (after a semicolon, a proviso or an exception)
    that names a term defined as batch artifacts ("provided that logs of access to Queue Files are
    retained for ninety (90) days", where "Queue Files" means the files of the batch queue)?"""
    if not terms:
        return False
    lo = max((m.end() for m in _PART_OPENS.finditer(r.text, 0, at)), default=0)
    if lo == 0:
        return False
    return _names_term(r.text[lo:at], terms)


def _term_forms(term: str) -> re.Pattern[str]:
    """A defined term as written, in the plural or the singular, as a whole word."""
    forms = "|".join(re.escape(f) for f in sorted({term, singular(term)}, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{forms})(?![\w-])")


def _names_term(text: str, terms: tuple[str, ...]) -> bool:
    return any(_term_forms(t).search(text) for t in terms)


def _other_data_part(r: SentenceReading, at: int, terms: tuple[str, ...]) -> bool:
    """Is the period at ``at`` in the opening part of a sentence split by a proviso, a part that names
    other data and no term defined as batch artifacts ("keep those records of access to Client Data
    for five (5) years; provided that records of access to Deferred Files ...")?"""
    opens = [m.start() for m in _PART_OPENS.finditer(r.text)]
    if not opens or any(o < at for o in opens):
        return False
    a = r.ann
    data = any(a.tokens[s0].idx < at for s0, _ in a.spans("v:data_objects"))
    return data and not _names_term(r.text[:at], terms)


def _schedule(rows: list[SentenceReading], batch_held: frozenset[int] = frozenset(),
              denied: dict[int, int] | None = None, batch_terms: tuple[str, ...] = ()) -> tuple[list[_Timed], list[_Timed]]:
    """The periods of ``rows``, for other traffic and for batch. ``batch_held`` are the
    readings whose only data are terms defined as batch artifacts ("Bulk Results remain
    available for 90 days", where "Bulk Result" means a results file of the batch service):
    their periods are batch's. ``denied``: exceptions taken away from batch (see
    :func:`_exceptions_denied`), whose periods are not set against batch's."""
    general, batch = [], []
    for r in rows:
        keep = (denied or {}).get(id(r), len(r.durations))
        for n, d in enumerate(r.durations):
            if n >= keep:
                continue
            mode = (r.row_mode or "general") if r.table_kind else mode_at(r, d.start)
            if mode == "general" and (id(r) in batch_held and not _other_data_part(r, d.start, batch_terms)
                                      or _batch_term_part(r, d.start, batch_terms)):
                mode = "batch"
            if mode in ("general", "sync", "all"):
                general.append((d.days, r, d.label(), d.business))
            if mode in ("batch", "all"):
                batch.append((d.days, r, d.label(), d.business))
    return general, batch


@dataclass
class _Shared:
    """What every topic's decision reads the same way: computed once per document."""

    defs: _Definitions
    clauses: ClauseIndex
    umbrellas: list[tuple[SentenceReading, list[SentenceReading]]]
    tables: list[SentenceReading]  # table readings
    scoped: list[SentenceReading]  # sentences that carve out, limit, escape the region or use data
    sections: frozenset[str] = frozenset()  # every clause's section: is a referenced section here at all?
    ranking: Ranking = Ranking()  # which file of a bundle prevails over which
    files: tuple[str, ...] = ()  # the files of a bundle


def _shared(doc: DocumentReading, depth: int, data_words: set[str]) -> _Shared:
    key = ("decide", depth, frozenset(data_words))
    got = doc.cache.get(key)
    if isinstance(got, _Shared):
        return got
    vocab = doc.vocabulary
    defs = _Definitions(doc, depth, data_words, tuple(vocab.get("input_artifacts", ())),
                        tuple(vocab.get("output_artifacts", ())))
    clauses: ClauseIndex = {}
    for r in doc.sentences:
        if not r.table_kind:
            entry = clauses.setdefault(r.clause.id, (top_section(r.clause.section), set()))
            entry[1].update(r.commitments | r.affirmative_use)
    umbrellas = []
    for r in doc.sentences:
        ok, chain = _is_umbrella(r, defs)
        if ok:
            umbrellas.append((r, chain))
    tables = [r for r in doc.sentences if r.table_kind]
    # A limit to a list of named products leaves batch out only when the agreement
    # names a batch product somewhere ("2.1 The Services comprise ... and the Batch API").
    names_batch = any(r.modes.batch_included for r in doc.sentences) or "batch" in doc.aliases.values()
    scoped = [r for r in doc.sentences if not r.table_kind and not (r.off_topic or r.disapplied or r.function == "superseded")
              and not _definition_exclusion(r) and (
        r.modes.batch_excluded or r.modes.sync_limited or r.modes.region_escape or r.affirmative_use or r.leave_spans
        or (r.modes.products_limited and names_batch) or r.overrides
        or (r.modes.negated_applicability and (r.function == "scope" or _REF_SUBJECT.match(r.text)) and r.inputs != r.outputs))]
    sections = frozenset(r.clause.section for r in doc.sentences if r.clause.section)
    files = tuple(sorted({f for r in doc.sentences for f in [file_of(r)] if f}))
    doc.cache[key] = shared = _Shared(defs, clauses, umbrellas, tables, scoped, sections,
                                      ranking(doc.sentences) if len(files) > 1 else Ranking(), files)
    return shared


# "erased within the same 30 days": a deadline said to be another clause's ("kept for the same 30
# days" is a keeping period, not a deadline).
_SAME = re.compile(r"\b(?:within|by\s+the\s+end\s+of)\s+(?:the|that)\s+same\b", re.I)




# A heading over the deletion regime: "Return and Deletion", "Exit", "Termination".
_REGIME_HEADING = re.compile(r"\b(?:delet|eras|destr|return|exit|terminat|expir|off-?boarding|dispos)", re.I)


# The first column of a table whose rows are artifacts: "Artefact | Retention", "Data type | ...".
_ARTIFACT_HEAD = re.compile(r"^\s*(?:artefacts?|artifacts?|data(?:\s+(?:type|category|item|element))?|content(?:\s+type)?|"
                            r"file(?:\s+type)?s?|object|record\s+type)\s*$", re.I)


# "kept for 90 days after termination": a period counted from the end of the agreement.
_AFTER_END = re.compile(r"\b\d*\s*(?:days?|weeks?|months?|years?)\s+(?:after|following|from|beyond)\s+(?:the\s+)?"
                        r"(?:termination|expiry|expiration|end\s+of\s+the\s+agreement)", re.I)


def _counted_from_end(r: SentenceReading) -> bool:
    """Does every period of ``r`` run from the end of the agreement ("within ninety (90) days after
    termination")?"""
    return bool(r.durations) and all(
        (m := _AFTER_END.search(r.text, d.start, d.end + 40)) is not None and m.start() < d.end for d in r.durations)


def _regime_trigger(r: SentenceReading) -> bool:
    """Tied to the end of the agreement or to a request for deletion, or about back-up
    copies ("backups are purged within 90 days"): the deletion regime."""
    return r.ann.has("c:agreement_end") or r.ann.has("c:deletion_request") or r.ann.has("c:backup_copy")


def _keeps(r: SentenceReading, rule: Rule, g: Grammar | None) -> bool:
    """Does the statement keep data ("retain", "held for"), not only erase it ("purge")? An action
    word of the rule that is no erasing verb (the cue file's erasure_verb)."""
    erase = g.erasure_verb if g is not None else frozenset()
    # (not a keeping the exception allows: "delete Customer Content within thirty days, except where
    # retention is required by applicable law")
    opens = [x for x, _ in r.ann.spans("v:exception")]
    return any(r.ann.norm(s) not in erase and not any(0 < s - x <= 6 and not any(r.ann.word(k) in (";", ".") for k in range(x, s))
                                                     for x in opens)
               for s, _ in action_spans(r.ann, rule))


def _standing_deadline(text: str, g: Grammar | None) -> bool:
    """A standing practice in the passive, its deadline after it ("are erased within 30 days", "is
    deleted no later than 45 days"), that no event of a deletion regime sets off (a request,
    termination, an exit: the cue file's regime_event words, which the regime's own cues may lack)."""
    return g is not None and g.standing_deadline is not None and bool(g.standing_deadline.search(text)) \
        and not (g.regime_event is not None and g.regime_event.search(text))


def _parent_section(section: str | None) -> str:
    """The section a numbered paragraph sits in ("A.4.4" -> "A.4", "Schedule A, 9.1" -> "Schedule A, 9")."""
    head, _, tail = (section or "").rpartition(", ")
    body = tail.rsplit(".", 1)[0] if "." in tail else tail.split("(")[0]
    return f"{head}, {body}" if head else body


def _batch_own_time(sentences: list[SentenceReading], readings: list[SentenceReading],
                    rule: Rule) -> tuple[SentenceReading, SentenceReading, Duration, Duration] | None:
    """A time limit a commitment of a topic with no schedule check sets for all traffic, and another
    one a sentence beside it (in its clause or section) sets for batch alone, for the same measure:
    "The Provider shall notify personal data breaches within 24 hours. For incidents that affect only
    batch jobs, the notification period is 72 hours." Batch is held to other terms. The batch
    sentence shares a word of the commitment's action ("notify", "notification")."""
    if rule.region:
        return None  # places, not times, are what a residency commitment is held to
    def timed(r: SentenceReading) -> list[Duration]:
        return r.durations or find_durations(r.text)

    # batch-alone sentences of no other topic ("... keep those logs for two years" is another
    # topic's own period), with their periods
    alone = [(b, timed(b)) for b in readings
             if not b.table_kind and b.clause.kind != "table_row" and b.modes.batch_included and not b.modes.batch_excluded
             and not b.modes.sync and not b.modes.all_modes and not (b.commitments - {rule.topic})]
    alone = [(b, t) for b, t in alone if t]
    if not alone:
        return None
    for g in sentences:
        if g.modes.batch or g.function not in ("obligation", "prohibition") or g.table_kind or g.clause.kind == "table_row":
            continue
        g_times = timed(g)
        if not g_times:
            continue
        stems = {g.ann.norm(i)[:5] for s, e in action_spans(g.ann, rule) for i in range(s, e) if len(g.ann.norm(i)) >= 5}
        if not stems:
            continue
        for b, b_times in alone:
            if b is g:
                continue
            if b.clause.id != g.clause.id and _parent_section(b.clause.section) != _parent_section(g.clause.section):
                continue
            if not any(b.ann.norm(i)[:5] in stems for i in range(len(b.ann))):
                continue
            for bd in b_times:
                if not any(same_period(bd.days, gd.days, bd.business, gd.business) for gd in g_times):
                    return g, b, g_times[0], bd
    return None


def decide(doc: DocumentReading, rule: Rule, depth: int, data_words: set[str]) -> TopicResult:
    topic = rule.topic
    shared = _shared(doc, depth, data_words)
    defs, clauses = shared.defs, shared.clauses
    readings = doc.sentences
    sentences = [r for r in readings if not r.table_kind and topic in r.commitments and r.function != "question"]
    if rule.secondary_to:
        # "Result files of batch runs are kept for 90 days after termination": a keeping period
        # counted from the end of the agreement is when they are deleted, the deletion regime's.
        sentences += [r for r in readings if not r.table_kind and topic not in r.commitments and r.durations
                      and r.commitments & set(rule.secondary_to) and r.ann.has("c:agreement_end") and _AFTER_END.search(r.text)
                      and r.function == "obligation" and r.modes.batch_included]
        # "Inputs are deleted 30 days after receipt" is a retention limit; when the
        # agreement has a deletion regime of its own (on termination or request),
        # that regime decides deletion.
        # "... are erased within the same 30 days": a deadline said to be the regime's own is the regime.
        regime_days = {d.days for x in sentences if _regime_trigger(x) for d in x.durations}
        own = [r for r in sentences if not (r.commitments & set(rule.secondary_to)) or _regime_trigger(r)
               or (_SAME.search(r.text) and any(d.days in regime_days for d in r.durations))]
        if own:
            sentences = own
    if rule.end_of_term_to:
        # "Synchronous traffic: inputs and outputs are erased within 30 days": a deadline for deleting
        # the customer's files that no event of the deletion regime sets off (termination, a request,
        # back-ups), in its clause or its heading, is how long they live in the normal course.
        regime = {r.clause.id for r in readings if _regime_trigger(r)}
        sentences += [r for r in readings if not r.table_kind and topic not in r.commitments and r.durations
                      and r.commitments & set(rule.end_of_term_to) and r.function == "obligation"
                      and any(r.ann.has(f"v:{k}") for k in ("input_artifacts", "output_artifacts", "data_objects"))
                      and r.clause.id not in regime
                      and _standing_deadline(r.text, doc.grammar)
                      and not _REGIME_HEADING.search(r.clause.heading or "")]
    if rule.end_of_term_to:
        # "On termination, delete all Inputs, including copies held in back-ups, within
        # 30 days" is the deletion regime, not how long data is kept in the normal course.
        # (nor "Following termination, we will not take any action to erase Your Content for 30 days":
        # a hold after the end, the deletion regime's business, though it deletes nothing)
        own = [r for r in sentences if not ((r.commitments | r.action_denied) & set(rule.end_of_term_to) and _regime_trigger(r))]
        # When every keeping statement is of that regime, one that keeps ("held for 21 days, after
        # which ...; on termination ...") still says how long data lives in the normal course; one
        # whose only keeping words are erasing ones does not: "Within 30 days after termination, erase
        # all Insurer Data ... and purge any back-up copies on its normal back-up cycle, which shall
        # not exceed 90 days" is no retention.
        # (nor "Output files that remain in the results store on termination shall be deleted within
        # ninety (90) days after termination": its only period runs from the end of the agreement)
        sentences = own or [r for r in sentences if _keeps(r, rule, doc.grammar) and not _counted_from_end(r)]
    # "for no longer than the Retention Period", where "Retention Period" means "such period
    # as the Parties may agree": the commitment's measure is left for later, so no commitment.
    deferred = {t: topic in d.topic_mentions for t, d in doc.definition_readings.items()
                if d.ann.has("c:deferral") and t in doc.definitions and not doc.definitions[t].inline
                and not defs.data_like(t) and t not in doc.aliases}
    if deferred:
        # The term defers this topic's measure ("Retention Period"), or stands where the period
        # would be in a commitment that states none ("for no longer than the Holding Period").
        sentences = [r for r in sentences if not any(
            t in deferred and (deferred[t] or (rule.schedule and not find_durations(r.text))) for t in r.terms_used)]
    table = [r for r in readings if r.table_kind and topic in r.commitments]
    commitments = sentences + table
    if rule.region and sentences and not table and all(r.gives_leave and not r.modes.batch for r in sentences):
        # "The Supplier may transfer Buyer Personal Data to any country outside the United Kingdom,
        # provided that ...": leave to move data, with no place it must stay, commits to no place.
        return TopicResult(MISSING, "none", [])

    carve: list[Cited] = []
    scope = {"clauses": clauses, "heading_topics": doc.heading_topics, "topic_words": topic_label(rule),
             "sections": shared.sections}
    # (a clause that names batch artifacts by a term defined as them counts: "Job Files are kept on the
    # same thirty day schedule", where "Job Files" means the files of the Asynchronous Queue)
    # (nor one that gives batch the measure of the clause before it: "For Batch Jobs, the same storage
    # period applies ...")
    direct_any = any(not r.modes.batch_excluded and r.function in ("obligation", "prohibition") and (
        r.modes.batch_included or any(_batch_artifact_term(doc, t) and defs.state(t)[0] == "in" for t in r.terms_used))
                     for r in sentences) or any(
        r.function == "scope" and r.modes.batch_included and not r.modes.batch_excluded and _SAME_AS_BEFORE.search(r.text)
        for r in readings)
    direct_batch = rule.schedule and any(r.modes.batch_included and not r.modes.batch_excluded and r.durations
                                         for r in sentences)
    # "Batch prediction jobs are outside this clause 49, save that nothing in this clause excludes
    # batch prediction jobs from clause 49.2": a carve-out of a clause reaches none of the
    # sub-clauses a denied exclusion names.
    restorers = [u for u in readings if u.modes.negated_exclusion and u.modes.batch_included and u.refs
                 and not u.modes.batch_excluded]

    def carvable(r: SentenceReading) -> list[SentenceReading]:
        """The commitments a carve-out by section may reach: not those in a sub-clause that a
        denial of exclusion names inside the range the carve-out names (a specific carve-out
        still beats a general denial)."""
        if not restorers or not r.refs:
            return commitments
        inner = [ref for u in restorers for ref in u.refs
                 if any(ref != own and ref.startswith(own + ".") for own in r.refs)]
        return [c for c in commitments if not any(section_in(c.clause.section, ref, annex_of(r.clause.section))
                                                  for ref in inner)]
    for r in shared.scoped:  # sentences in document order; table rows (read last) follow
        m = r.modes
        if r.carve_topics and topic not in r.carve_topics and m.batch_excluded and not (m.sync_limited or m.region_escape):
            continue  # "not covered by this exit deletion" takes batch out of deletion, not of retention
        if m.batch_excluded and _reaches(r, topic, None, carvable(r), **scope):
            if rule.region and _lifts_leave(r, topic, commitments, **scope):
                continue
            if (rule.end_of_term_to and r.commitments & set(rule.end_of_term_to) and _regime_trigger(r)
                    and _counted_from_end(r)):
                continue  # "By way of exception ..., batch results files shall remain available for ninety (90)
                # days following the termination": an exception to the deletion regime, not to retention
            carve.append(Cited(r, ROLE_CARVE_OUT))
        elif (m.sync_limited or m.products_limited) and not m.batch_included and _reaches(r, topic, None, carvable(r), **scope):
            if topic in r.commitments and r.durations and direct_batch:
                # "Inputs and Outputs submitted through the Real-Time API are retained for 30 days"
                # beside "Batch API input files are retained for 30 days": real-time traffic's
                # own period, set against batch's, not a limit that leaves batch out.
                continue
            carve.append(Cited(r, ROLE_LIMITATION))
        elif (rule.schedule and m.negated_applicability and (r.function == "scope" or _REF_SUBJECT.match(r.text))
              and r.inputs != r.outputs
              and not (m.batch_included or m.sync or m.all_modes) and r.refs
              and _reaches(r, topic, None, commitments, **scope)):
            # "Article 7(1) does not apply to result files, which Dalbit deletes under its lifecycle
            # policy": one side of every mode's data, batch's too, taken out of the schedule.
            carve.append(Cited(r, ROLE_CARVE_OUT))
        elif r.overrides and m.batch_included and (topic not in r.commitments or r.gives_leave) and \
                _reaches(r, topic, None, commitments, **scope):
            carve.append(Cited(r, ROLE_CARVE_OUT))  # "Notwithstanding clause 9.1, the Provider may ... Economy Tier requests"
        elif rule.region and m.region_escape and not m.exception_denied and not _quoted_in_amendment(r) and (
                m.batch_included or _batch_paragraph(r, readings)) and (
                topic in r.commitments or topic in r.topic_mentions) and not _bounded_escape(r, commitments, doc.vocabulary):
            # (not "may process ... outside the United States to manage overflow; batch jobs are
            # not subject to this exception": the way out is closed to batch)
            carve.append(Cited(r, ROLE_CARVE_OUT))
        elif topic in r.affirmative_use and m.batch_included and not m.exception_denied and (
                topic not in r.commitments or _permission_reaches_batch(r)):
            # (not "Supplier may use Inputs to train ..., save that the exception in this clause
            # does not apply to batch jobs": the leave is taken away from batch)
            carve.append(Cited(r, ROLE_CARVE_OUT))
        elif topic in r.leave_spans and topic in r.commitments and not m.batch_excluded and _leave_through_term(r, topic, defs):
            # "shall not use Bank Data to train models, except that the Model Provider may use
            # Service Improvement Data to improve its models", where that term's definition
            # includes the results of batch jobs: the leave reaches batch.
            carve.append(Cited(r, ROLE_CARVE_OUT))
            carve.extend(Cited(c, ROLE_DEFINITION) for c in _leave_through_term(r, topic, defs))
        elif topic in r.affirmative_use and topic not in r.commitments and not m.batch_excluded:
            # "Veridian may use Tranche Results ... to improve its ranking models", where
            # "Tranche Results" means the result files of the batch service.
            # A denied action over a term for every mode's data ("will not take any action to erase
            # Your Content for 30 days") holds all of it alike, and takes nothing from batch alone.
            # (nor "may use the Feedback to improve the Services, provided that Feedback shall not include
            # ... any Covered Data": a term named only in a proviso that keeps it out of the leave)
            # (nor "may use feedback ... to improve the API", where "API" lists the Batch API: the term is
            # what is improved, not the data used)
            proviso = _LEAVE_PROVISO.search(r.text)
            chain = next((ch for t in r.terms_used for st, ch in [defs.state(t)] if st == "in" and (
                topic not in r.action_denied or _only_batch_artifacts(doc, t) or doc.aliases.get(t) == "batch")
                and not (proviso and r.text.find(t) > proviso.start()) and not _object_of_action(r, rule, t)), None)
            if chain is not None:
                carve.append(Cited(r, ROLE_CARVE_OUT))
                carve.extend(Cited(c, ROLE_DEFINITION) for c in chain)
    for r in shared.tables:
        if topic in r.commitments and r.row_mode == "batch" and _table_carve(r) and not _same_for_all(r, shared.tables):
            carve.append(Cited(r, ROLE_CARVE_OUT))
    for r in sentences:
        states = {t: defs.state(t) for t in r.terms_used}
        for t in r.terms_used:
            st, chain = states[t]
            if st == "sync" and (r.modes.batch_included or any(s == "in" for s, _ in states.values())):
                continue  # "via Instant Extraction or Async Extraction Jobs": batch is named beside it
            if st == "sync" and direct_any:
                # "Online Requests are served from asia-southeast1" beside "... including the request
                # files and result files of every Batch Job, only in asia-southeast1": real-time
                # traffic's own clause, not a limit on the clause that names batch.
                break
            if st == "out" and defs.reincluded(t, r):
                continue  # left out of the term, put back into it for this clause
            if st in ("out", "sync"):
                carve.append(Cited(r, ROLE_COMMITMENT))
                carve.extend(Cited(c, ROLE_DEFINITION) for c in chain)
                break
    if carve:
        carve = _lifted(carve, readings, topic, commitments)
    if carve and shared.files:
        carve = _settled(carve, sentences, shared)
    if carve:
        best = sorted(sentences, key=lambda r: -strength(r))[:1]
        extra = [Cited(c, ROLE_COMMITMENT) for c in best if all(c is not x.reading for x in carve)]
        return TopicResult(EXCLUDED, "carve_out", carve + extra)

    if rule.region:
        odd = _other_places(sentences + [r for r in table if r.table_kind == "region"], doc.vocabulary,
                           doc.grammar.processing_verb if doc.grammar is not None else frozenset())
        if odd and shared.files and not _settled([Cited(odd[1], ROLE_CARVE_OUT)], sentences, shared):
            odd = None  # "Notwithstanding the Deployment Table in the Product Terms, ... only in the EU"
        if odd:
            g, b, extra = odd
            return TopicResult(EXCLUDED, "places", [Cited(b, ROLE_CARVE_OUT), Cited(g, ROLE_COMMITMENT)],
                               {"batch": ", ".join(sorted(extra)), "general": ", ".join(sorted(_places(g, place_map(doc.vocabulary)[0])))})

    if rule.schedule:
        timed = commitments
        if rule.schedule_terms:  # "access logs ... are retained for ninety days", not "on 30 days' notice"
            label = schedule_label(rule)
            timed = [r for r in commitments if r.table_kind or r.ann.has(label)]
        held = frozenset(id(r) for r in timed if not r.table_kind and not r.modes.batch and not r.modes.sync
                         and any(_only_batch_artifacts(doc, t) for t in r.terms_used)
                         and not any(defs.data_like(t) and not _only_batch_artifacts(doc, t) for t in r.terms_used))
        general, batch = _schedule(timed, held, _exceptions_denied(readings),
                                   tuple(t for t in sorted(doc.definition_readings) if _only_batch_artifacts(doc, t)))
        # "Notwithstanding Section 4 of the Product Terms, Cerulean shall retain ..., the files of Batch
        # Jobs included, for no longer than 30 days": what Section 4 gave batch is set aside (what it
        # gives other traffic stands: "Notwithstanding clause 8.1, batch result files ... 180 days").
        aside = _set_aside(readings, topic)
        batch = [b for b in batch if id(b[1]) not in aside
                 or not all(o <= a for o, a in zip(_period_objects(b), aside[id(b[1])]))]
        # "retain Inputs and Outputs for no longer than the applicable Retention Period", where
        # "Retention Period" means 30 days for Interactive Requests and one month for Batch Jobs:
        # the periods of the defined measure, each for the mode its definition ties it to.
        for r in timed:
            if r.durations or r.table_kind:
                continue
            for t in r.terms_used:
                d = doc.definition_readings.get(t)
                # Only a term for the measure itself ("Retention Period"), defined in the topic's own
                # words; not a name for the batch service whose turnaround its definition states.
                if (d is None or not (d.modes.batch or d.modes.sync) or topic not in d.topic_mentions
                        or t in doc.aliases or defs.data_like(t)):
                    continue
                for dur in find_durations(d.text):
                    mode = mode_at(d, dur.start)
                    if mode in ("general", "sync", "all"):
                        general.append((dur.days, d, dur.label(), dur.business))
                    if mode in ("batch", "all"):
                        batch.append((dur.days, d, dur.label(), dur.business))
        if not general and rule.artifacts:
            # No general period, but batch inputs and batch outputs on different ones:
            # "batch input files ... 30 days"; "batch output files ... until Bank deletes them".
            general = [b for b in batch if _period_objects(b) == (True, False)]
            batch = [b for b in batch if _period_objects(b) == (False, True)]
        if general and batch:
            odd = [b for b in batch if not any(same_period(b[0], g[0], b[3], g[3]) for g in _same_side(b, general))]
            if odd:
                b = odd[0]
                g = next(x for x in _same_side(b, general) if not same_period(x[0], b[0], x[3], b[3]))
                cited = [Cited(g[1], ROLE_SCHEDULE)] + ([Cited(b[1], ROLE_SCHEDULE)] if b[1] is not g[1] else [])
                return TopicResult(EXCLUDED, "schedule", cited, {"batch": b[2], "general": g[2]})
    else:
        odd_time = _batch_own_time(sentences, readings, rule)
        if odd_time is not None:
            g, b, gd, bd = odd_time
            return TopicResult(EXCLUDED, "schedule", [Cited(g, ROLE_SCHEDULE), Cited(b, ROLE_SCHEDULE)],
                               {"batch": bd.label(), "general": gd.label()})

    umbrellas = [(r, chain) for r, chain in shared.umbrellas if topic not in r.commitments]
    chains = {id(u): chain for u, chain in umbrellas}
    named: dict[tuple[tuple[str, ...], str | None], bool] = {}
    index = _UmbrellaIndex([_scope(u, topic, commitments, umbrella=True, clauses=clauses, named_memo=named,
                                   sections=shared.sections,
                                   topic_words=topic_label(rule))
                            for u, _ in umbrellas])

    covers: list[tuple[list[Cited], bool, bool]] = []
    reincluded = False  # a cover through a term that leaves batch out but takes it back for the clause
    for r in sentences:
        if r.modes.batch_included:
            ins, outs = r.batch_objects or (r.inputs, r.outputs)
            if r.batch_objects is None and not (r.inputs or r.outputs):
                # The batch words are a defined name for batch artifacts: "delete Quill
                # Nightly Deliverables", which "means the output files of the batch service".
                # (not "the files sent to and returned by Lot Processing", where "Lot Processing" means
                # "the submission of files of requests executed asynchronously": a name for the mode)
                named = [defs.artifacts(t) for t in r.terms_used if t in doc.definition_readings
                         and doc.definition_readings[t].modes.batch_included
                         and (t not in doc.aliases or artifacts_of_batch(doc.definition_readings[t], defs.data_words))
                         and (doc.definition_readings[t].inputs or doc.definition_readings[t].outputs)]
                if named:
                    ins, outs = any(i for i, _ in named), any(o for _, o in named)
            elif r.batch_objects is None:
                # "Prompts, completions and Batch Files are kept ... for 30 days", where "Batch Files"
                # means the files the Bank uploads: batch is named only inside terms defined as batch
                # artifacts, and reaches what those definitions name.
                holders = _artifact_holders(r, doc, defs)
                words = [" ".join(r.ann.word(i) for i in range(s0, e0)).lower() for s0, e0 in r.modes.batch_included]
                if holders and all(any(w in t.lower() for t in holders) for w in words):
                    named = [defs.artifacts(t) for t in holders]
                    if any(i or o for i, o in named):
                        ins, outs = any(i for i, _ in named), any(o for _, o in named)
            else:
                # The batch word of a defined term stays in it: in "Inputs, Batch Inputs and Outputs"
                # it does not carry over to "Outputs", a term of its own.
                own = _standalone_holders(r, doc, defs)
                if own is not None:
                    ins, outs = ins and own[0], outs and own[1]
            if r.batch_objects is not None and not (ins and outs):
                # "Claims files lodged for each Overnight Scoring Run, and the Result Files produced
                # from them": a term defined as batch artifacts ("Result File" means the file
                # produced by an Overnight Scoring Run) names the other side of batch.
                named_modes = {" ".join(r.ann.word(i) for i in range(s0, e0)).lower() for s0, e0 in r.modes.batch_included}
                for i, o in (defs.artifacts(t) for t in r.terms_used
                             if defs.data_like(t) and t not in doc.aliases and t.lower() not in named_modes
                             and _batch_artifact_term(doc, t)
                             # (not "the output files in Batch Job Content": the term holds what was picked from it)
                             and not re.search(rf"\b(?:files?|outputs?|inputs?|results?|responses?|prompts?)\s+(?:in|within|of|from)\s+"
                                               rf"(?:the\s+|any\s+|all\s+)?{re.escape(t)}", r.text, re.I)):
                    ins, outs = ins or i, outs or o
            covers.append(([Cited(r, ROLE_COMMITMENT)], ins, outs))
            continue
        if r.modes.all_modes:
            # "in every Processing Mode", where "Processing Modes" is defined with batch among them.
            named = next((chain for t in r.terms_used for st, chain in [defs.state(t)] if st == "in"), None)
            if named is None and doc.modes_enumerated is not None:
                named = [doc.modes_enumerated]
            if named:
                covers.append(([Cited(r, ROLE_COMMITMENT)] + [Cited(c, ROLE_DEFINITION) for c in named],
                               r.inputs or not r.outputs, r.outputs or not r.inputs))
                continue
        via = None
        # Only the definition of the data the commitment protects brings batch in
        # ("Customer Data" means inputs ... including batch), or of the service the
        # data comes through ("PHI received through the Services"), not a product or
        # service name used in passing ("... to perform the Services").
        obj = _object_term(r, rule, defs)
        for t in r.terms_used:
            if not defs.data_like(t) and t != obj and t not in r.data_sources and not _each_of(r, t):
                continue
            if _sync_bound(r) and _qualified_by_sync(r, t):
                continue  # "the Client Data of the Interactive Service": the real-time part of the term only
            st, chain = defs.state(t)
            back = defs.reincluded(t, r) if st == "out" else []
            if back:
                # Batch left out of the term, but put back into it for this clause.
                ins, outs = defs.reinclusion_artifacts(back[0])
                covers.append(([Cited(r, ROLE_COMMITMENT)] + [Cited(c, ROLE_DEFINITION) for c in chain + back], ins, outs))
                reincluded = True
                break
            if st == "in":
                via = chain
                break
        else:
            back = []
        if back:
            continue
        if via:
            ins, outs = (False, False)
            for t in r.terms_used:
                if defs.data_like(t) or t == obj:
                    i, o = defs.artifacts(t)
                    ins, outs = ins or i, outs or o
            if not (ins or outs):
                ins, outs = r.inputs or any(c.inputs for c in via), r.outputs or any(c.outputs for c in via)
            covers.append(([Cited(r, ROLE_COMMITMENT)] + [Cited(c, ROLE_DEFINITION) for c in via], ins, outs))
            continue
        found = index.first(r)
        if found is not None and _sync_bound(r) and not _names_section(found.stmt, r) and not (
                _SAME_AS_BEFORE.search(found.stmt.text)
                and (found.kind == "clause" or _anchor_clause(found.stmt, clauses) == r.clause.id)):
            # "retain the inputs and outputs of the Interactive API for 30 days" under "This DPA
            # applies to ... the Services": the clause is about real-time traffic, and an umbrella
            # that does not name it does not move it to batch. One that points back at this
            # clause ("6.2 The same period applies to the input and output files of batch jobs")
            # extends what it says, whatever traffic the clause was written for.
            found = None
        if found is not None:
            u = found.stmt
            # An umbrella that names artifacts ("Result files generated by
            # Offline Jobs are subject to the same limit") extends only those.
            if u.batch_objects is not None:
                ins, outs = u.batch_objects
            elif u.modes.batch_included and (u.inputs != u.outputs) and _batch_in_opener(u):
                # "For the Batch API, this includes the input files you uploaded": the opener
                # names the mode, the clause after it names what is brought in.
                ins, outs = u.inputs, u.outputs
            elif u.modes.batch_included:  # a bare mode: "apply equally to Batch Jobs and their result files"
                ins, outs = r.inputs, r.outputs
            else:
                ins, outs = (u.inputs, u.outputs) if (u.inputs or u.outputs) else (r.inputs, r.outputs)
            covers.append(([Cited(r, ROLE_COMMITMENT), Cited(u, ROLE_UMBRELLA)]
                           + [Cited(c, ROLE_DEFINITION) for c in chains[id(u)]], ins, outs))
    for r in table:
        if r.row_mode == "batch" and _table_cover(r):
            if not (r.inputs or r.outputs) and r.clause.header and _ARTIFACT_HEAD.match(r.clause.header[0]):
                continue  # "Error file | 30 days" in a table of artifacts: neither the inputs nor the outputs
            covers.append(([Cited(r, ROLE_COMMITMENT)], r.inputs, r.outputs))

    if covers:
        covers.sort(key=lambda cover: len(cover[0]) > 1)  # a clause naming batch itself first, then those reached through others
        cited = [c for group, _, _ in covers for c in group]
        if rule.artifacts:
            explicit = [(i, o) for _, i, o in covers]
            inputs = any(i or not o for i, o in explicit)
            outputs = any(o or not i for i, o in explicit)
            if not (inputs and outputs):
                return TopicResult(PARTIAL, "inputs_only" if inputs else "outputs_only", cited)
        reason = "umbrella" if any(c.role == ROLE_UMBRELLA for c in cited) else (
            "definition" if any(c.role == ROLE_DEFINITION for c in cited) else "direct")
        if reason == "definition" and reincluded and all(len(group) > 1 for group, _, _ in covers):
            reason = "reinclusion"
        return TopicResult(COVERED, reason, cited)

    if commitments:
        scoped = [r for r in sentences if r.modes.sync and not r.modes.all_modes and not r.sync_inclusive]
        if sentences and len(scoped) == len(sentences) and not table:
            return TopicResult(EXCLUDED, "sync_only", [Cited(r, ROLE_LIMITATION) for r in scoped])
        ranked = sorted(commitments, key=lambda r: -strength(r))[:3]
        return TopicResult(IMPLIED, "silent", [Cited(r, ROLE_COMMITMENT) for r in ranked])
    return TopicResult(MISSING, "none", [])
