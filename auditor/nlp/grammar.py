"""The reading's grammar words, from the rule set's ``cues.yaml``, and the
structural readings built on them: negated subjects, deferrals, pointers.

Word classes are sets of folded forms (see :mod:`auditor.nlp.stem`); phrase
categories are matched in sentences as labels ``c:<category>``. Nothing here
is a word list of its own: every word comes from the cue file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .stem import stem
from .terms import Annotated

Span = tuple[int, int]


@dataclass(frozen=True)
class Grammar:
    negation_gap: frozenset[str]
    negation_idiom: frozenset[str]
    protective_action: frozenset[str]
    different_terms: frozenset[str]
    exclusion_predicate: frozenset[str]
    data_use: frozenset[str]
    passive_aux: frozenset[str]
    clause_break: frozenset[str]
    verb_chain: frozenset[str]
    treated_as: frozenset[str]
    exception_noun: frozenset[str]
    region_noun: frozenset[str]
    exclusion_verb: frozenset[str]
    condition: frozenset[str]
    document_noun: frozenset[str]
    honour_verb: frozenset[str]
    negated_subject_ends: frozenset[tuple[str, ...]]
    other_traffic: frozenset[str] = frozenset()
    procedure_word: frozenset[str] = frozenset()
    clause_joiner: frozenset[str] = frozenset()
    new_clause_modal: frozenset[str] = frozenset()
    grant_verb: frozenset[str] = frozenset()
    subject_gap: frozenset[str] = frozenset()
    passive_be: frozenset[str] = frozenset()
    condition_opener: frozenset[str] = frozenset()
    place_qualifier: frozenset[str] = frozenset()
    control_verb: frozenset[str] = frozenset()
    time_opener: frozenset[str] = frozenset()
    back_subject: frozenset[str] = frozenset()
    time_noun: frozenset[str] = frozenset()
    batch_modifier: frozenset[str] = frozenset()
    work_unit: frozenset[str] = frozenset()
    attestation: frozenset[str] = frozenset()
    person_noun: frozenset[str] = frozenset()
    customer_store: frozenset[str] = frozenset()
    prevent_verb: frozenset[str] = frozenset()
    assent_verb: frozenset[str] = frozenset()
    held_participle: frozenset[str] = frozenset()
    awaiting_participle: frozenset[str] = frozenset()
    measure_noun: frozenset[str] = frozenset()
    place_quantifier: frozenset[str] = frozenset()
    erasure_verb: frozenset[str] = frozenset()
    processing_verb: frozenset[str] = frozenset()
    counted_part: frozenset[str] = frozenset()  # lower-case words, as written
    non_file_label: frozenset[str] = frozenset()  # lower-case words, not folded: labels are compared as written
    removal_verb: frozenset[str] = frozenset()  # "Nothing ... removes Deferred Jobs from the reach of ...": denied, it keeps in
    cell_no: frozenset[str] = frozenset()  # lower-case words, as written: a table cell's "no" ("No", "Não", "N/A")
    cell_yes: frozenset[str] = frozenset()  # lower-case words, as written: a table cell's "yes" ("Yes", "Sim", "Oui")
    routine_work: frozenset[str] = frozenset()  # "nightly backup jobs": the provider's housekeeping, no batch mode
    named_work_unit: frozenset[str] = frozenset()  # "the Overnight Analysis Service": a unit only inside a capitalised name
    mode_contrast: frozenset[str] = frozenset()  # "as distinct from", "unlike": a mode set against, not named as one's own
    size_word: frozenset[str] = frozenset()  # lower-case words, as written: "no more than", "up to" before a count
    law_noun: frozenset[str] = frozenset()  # lower-case words, as written: "Act (Canada)" names a statute's jurisdiction
    reports: re.Pattern[str] | None = None  # "Our Trust FAQ says ...": what a text outside the agreement says
    recorded: re.Pattern[str] | None = None  # "EL CONTRATISTA stated that ...": words a party was recorded saying
    proposes: re.Pattern[str] | None = None  # "We propose that ...": asked for, not agreed
    standing_deadline: re.Pattern[str] | None = None  # "are erased within 30 days"
    regime_event: re.Pattern[str] | None = None  # "request", "termination", "end of": what sets a deletion off
    execution_verb: frozenset[str] = frozenset()  # "made and signed in Jakarta": where the agreement was signed
    service_level: frozenset[str] = frozenset()  # "no availability target": a service level, not a scope word's complement
    possessive: frozenset[str] = frozenset()  # "as are its input files": the batch service's own files
    pronoun: frozenset[str] = frozenset()  # "nor any result of it": what a pronoun points back to
    front_opener: frozenset[str] = frozenset()  # "for jobs submitted through the Queue, the input file ...": a fronted phrase
    pertaining: frozenset[str] = frozenset()  # "result data pertaining to batch processing"
    content_noun: frozenset[str] = frozenset()  # "request data", "results files": the content an artifact word names
    job_kind: frozenset[str] = frozenset()  # "fine-tuning jobs", "deletion events": a topic word naming a kind of job or event
    copy_noun: frozenset[str] = frozenset()  # "all copies of the Service Provider's SDK": the copies are its too
    gloss_stop: frozenset[str] = frozenset()  # "(neither the request file nor ... is stored)": a statement, no gloss
    relative_word: frozenset[str] = frozenset()  # "(files of requests that the Customer lodges ...)": a gloss goes on
    service_noun: frozenset[str] = frozenset()  # "the Overnight Processing service (...)": a word that heads a service's name
    supply_verb: frozenset[str] = frozenset()  # "the job files which the Bank transmitted": what the customer hands over
    meaning_verb: frozenset[str] = frozenset()  # "Nothing in this Schedule means that ...": a statement said of the text
    institution_noun: frozenset[str] = frozenset()  # lower-case: "the Czech National Bank" is a body, not a place
    company_suffix: tuple[str, ...] = ()  # "HELIOS INFERENCE GmbH": the legal form that ends a company's name


def grammar_from(cues: object) -> Grammar:
    """A :class:`Grammar` from a loaded :class:`~auditor.rules.cues.Cues`."""
    w = cues.words  # type: ignore[attr-defined]
    return Grammar(w("negation_gap"), w("negation_idiom"), w("protective_action"), w("different_terms"),
                   w("exclusion_predicate"), w("data_use"), w("passive_aux"), w("clause_break"),
                   w("verb_chain"), w("treated_as"), w("exception_noun"),
                   w("region_noun"), w("exclusion_verb"), w("condition"), w("document_noun"), w("honour_verb"),
                   cues.ends("negated_subject"),  # type: ignore[attr-defined]
                   w("other_traffic"), w("procedure_word"), w("clause_joiner"), w("new_clause_modal"),
                   w("grant_verb"), w("subject_gap"), w("passive_be"), w("condition_opener"),
                   w("place_qualifier"), w("control_verb"), w("time_opener"),
                   w("back_subject"), w("time_noun"), w("batch_modifier"), w("work_unit"),
                   w("attestation"), w("person_noun"), w("customer_store"), w("prevent_verb"),
                   w("assent_verb"), w("held_participle"), w("awaiting_participle"),
                   w("measure_noun"), w("place_quantifier"), w("erasure_verb"), w("processing_verb"),
                   frozenset(p.lower() for p in _phrases(cues, "counted_part")), frozenset(p.lower() for p in _phrases(cues, "non_file_label")),
                   w("removal_verb"), frozenset(p.lower() for p in _phrases(cues, "cell_no")),
                   frozenset(p.lower() for p in _phrases(cues, "cell_yes")),
                   w("routine_work") if "routine_work" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   w("named_work_unit") if "named_work_unit" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   w("mode_contrast") if "mode_contrast" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   frozenset(p.lower() for p in _phrases(cues, "size_word")),
                   frozenset(p.lower() for p in _phrases(cues, "law_noun")),
                   *_sayings(cues),
                   execution_verb=w("execution_verb") if "execution_verb" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   service_level=w("service_level") if "service_level" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   possessive=w("possessive") if "possessive" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   pronoun=w("pronoun") if "pronoun" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   front_opener=w("front_opener") if "front_opener" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   pertaining=w("pertaining") if "pertaining" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   content_noun=w("content_noun") if "content_noun" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   job_kind=w("job_kind") if "job_kind" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   copy_noun=w("copy_noun") if "copy_noun" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   gloss_stop=w("gloss_stop") if "gloss_stop" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   relative_word=w("relative_word") if "relative_word" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   service_noun=w("service_noun") if "service_noun" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   supply_verb=w("supply_verb") if "supply_verb" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   meaning_verb=w("meaning_verb") if "meaning_verb" in cues.categories else frozenset(),  # type: ignore[attr-defined]
                   institution_noun=frozenset(p.lower() for p in _phrases(cues, "institution_noun")),
                   company_suffix=tuple(cues.categories["company_suffix"].phrases) if "company_suffix" in cues.categories else ())  # type: ignore[attr-defined]


def _phrases(cues: object, name: str) -> tuple[str, ...]:
    got = cues.categories.get(name)  # type: ignore[attr-defined]
    return got.phrases if got is not None else ()


def _either(phrases: tuple[str, ...], inflected: bool = False) -> str:
    """A regular-expression alternation of ``phrases``, longest first, any
    spacing between their words; ``inflected`` lets each end in more letters
    ("terminat" + "ion")."""
    if not phrases:
        return r"(?!x)x"  # matches nothing
    alts = [r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=lambda p: (-len(p), p))]
    return r"\b(?:" + "|".join(alts) + (r")\w*" if inflected else r")\b")


def _sayings(cues: object) -> tuple[re.Pattern[str], ...]:
    """The sentence patterns built on the cue words of texts and sayings:
    reports, recorded words, proposals, and standing erasure deadlines with
    the events that set a deletion regime off."""
    said = _either(_phrases(cues, "report_verb"))
    texts = _either(_phrases(cues, "outside_text"))
    # "Our Trust FAQ says", "The Vendor's proposal states", "Our data sheet for batch says"
    reports = re.compile(r"^\W*(?:our|its|your|their|(?:the\s+)?[A-Z][\w-]*['\u2019]s|the)\s+(?:[\w-]+\s+){0,3}?"
                         + texts + r"(?:\s+(?:for|on|about)\s+[\w-]+(?:\s+[\w-]+)?)?\s+(?:currently\s+|also\s+)?"
                         + said, re.I)
    # (after a label, "Minutes, item 3: ...", or an opening phrase, "Asked by the Director, ...")
    recorded = re.compile(r"^\W*(?:[^:]{1,60}:\s+)?(?:[A-Z][^,:;.]{1,60},\s+)?(?:the\s+|el\s+|la\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\s+"
                          r"(?:(?:had\s+|has\s+)?" + _either(_phrases(cues, "recorded_verb")) + r")(?:\s+[^,.;]{0,40}?)?\s+that\b")
    # (after an opening phrase too, "In our April draft we had proposed that ...", "As discussed on our call
    # of May 2, we suggest that ...": a memo's narrative of what was asked)
    proposes = re.compile(r"^\W*(?:[^:]{1,60}:\s+)?(?:(?:in|as|on|at|during|after|following)\s+[^,:;.]{1,60}?,?\s+)?"
                          r"(?:we|i|the\s+[A-Z]?\w+|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\s+"
                          r"(?:had\s+|have\s+|has\s+)?(?:would\s+like\s+to\s+)?" + _either(_phrases(cues, "proposal_verb")) + r"\s+that\b", re.I)
    deadline = re.compile(r"\b(?:are|is)\s+(?:\w+ly\s+)?" + _either(_phrases(cues, "erasure_participle"))
                          # ("are deleted by Party B within thirty (30) days": the agent named between)
                          + r"\s+(?:by\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){0,2}\s+)?(?:\w+ly\s+)?"
                          + _either(_phrases(cues, "deadline_word")), re.I)
    # (and a party's request, "within 30 days of the Customer's request": the possessive makes it an event)
    regime = _either(_phrases(cues, "regime_event"), True) + r"|\b\w+['\u2019]s\s+request"
    return reports, recorded, proposes, deadline, re.compile(regime, re.I)


_CLAUSE_OPENERS = {",", ";", ":", "and", "but", "or", "that", "-", "\u2014", "\u2013"}


def negated_subjects(a: Annotated, g: Grammar) -> list[tuple[int, int, int]]:
    """Negative or quantified subjects at the start of a clause, each as
    (cue start, cue end, end of its reach): "No category of request ... is
    exempted", "None of the routes ... falls outside", "Nothing in this
    clause excludes", "Neither the Vendor nor its sub-processors will".
    A cue followed by an idiom word ("no later than", "no more than") is no
    subject."""
    out = []
    n = len(a)
    firsts = {p[0] for p in g.negated_subject_ends}
    for s, e in a.spans("c:negated_subject"):
        if s > 0 and a.norm(s - 1) not in _CLAUSE_OPENERS and not _NUMBER_LABEL.match(a.word(s - 1)):
            continue  # "8.7 No processing mode ...": a clause number opens the clause too
        if e < n and a.norm(e) in g.negation_idiom:
            continue
        # ... "except" ends its reach; "excepted", the predicate it negates, does not.
        end = next((i for i in range(e, n) if a.norm(i) in firsts and _ends_at(a, i, g.negated_subject_ends)
                    and not _idiom_after(a, i, g) and not a.word(i).lower().endswith("ed")
                    and not manner_however(a, i)), n)
        out.append((s, e, end))
    # "none of" and "none" both match: keep the longest cue at each start.
    best: dict[int, tuple[int, int, int]] = {}
    for s, e, end in out:
        if s not in best or e > best[s][1]:
            best[s] = (s, e, end)
    return sorted(best.values())


_NUMBER_LABEL = re.compile(r"^\(?(?:\d+(?:\.\d+)*\.?|[a-z]|[ivx]+)\)$|^\d+(?:\.\d+)*\.?$")


def manner_however(a: Annotated, i: int) -> bool:
    """"No Society Data, however submitted, shall be used ...": "however" of manner, inside
    the subject, not the conjunction that opens a contrasting clause ("; however, ...")."""
    return a.norm(i) == "however" and i + 1 < len(a) and a.word(i + 1) not in (",", ";", ":")


def is_number_label(word: str) -> bool:
    """A clause number standing as a word of the sentence: "7.2", "(a)", "iv)"."""
    return _NUMBER_LABEL.match(word) is not None


def _idiom_after(a: Annotated, i: int, g: Grammar) -> bool:
    """Is the word at ``i`` part of an idiom ("including but not limited to"),
    not a break between clauses?"""
    return i + 2 < len(a) and a.norm(i + 1) in ("not", "n't") and a.norm(i + 2) in g.negation_idiom


def _ends_at(a: Annotated, i: int, ends: frozenset[tuple[str, ...]]) -> bool:
    word = a.norm(i)
    return any(p[0] == word and tuple(a.norm(k) for k in range(i, min(i + len(p), len(a)))) == p for p in ends)


def denied_grant(a: Annotated, g: Grammar, reaches: list[tuple[int, int, int]]) -> Span | None:
    """A grant that a negated subject denies: "Nothing in this Agreement
    grants Client any right to audit", "No provision of these Terms shall be
    construed to permit Vendor to ...". The grant verb is the first verb of
    the subject's reach (after auxiliaries and "be construed to"); ``reaches``
    are the sentence's :func:`negated_subjects`."""
    for _, e, end in reaches:
        for i in range(e, min(end, e + 12)):
            if a.norm(i) in g.grant_verb:
                return (i, i + 1)
            if a.word(i) in (",", ";", ":"):
                break
    return None


def _granted_exception(a: Annotated, g: Grammar, s: int) -> bool:
    """An exception noun that a grant verb makes, a few words before it: "Nothing in this
    Agreement permits any exception to clause 10.1", "No provision creates an exemption for
    batch jobs". Under a negated subject the exception is denied."""
    if a.norm(s) not in g.exception_noun:
        return False
    return any(a.norm(i) in g.grant_verb for i in range(max(0, s - 3), s))


def in_reach(reaches: list[tuple[int, int, int]], i: int) -> bool:
    return any(e <= i < end for _, e, end in reaches)


def negated_exclusions(a: Annotated, g: Grammar, reaches: list[tuple[int, int, int]],
                       exceptions: list[Span]) -> list[Span]:
    """Exclusion predicates that a negation turns into an inclusion: under a
    negated subject ("None of the routes falls outside these obligations",
    "No category of request is exempted from this clause") or negated
    directly ("shall not exclude any asynchronous job from clause 2.1")."""
    out = []
    n = len(a)
    negs = [ne for _, ne in a.spans("v:negation")]
    places = [ps for ps, _ in a.spans("v:places")]
    candidates = list(exceptions) + [(i, i + 1) for i in range(n) if a.norm(i) in g.exclusion_predicate]
    for s, e in sorted(set(candidates)):
        if any(e <= ps <= e + 2 for ps in places) or any(a.norm(i) in g.region_noun for i in range(e, min(e + 3, n))):
            continue  # "nothing is sent outside Canada", "outside that region": a place, not a provision left out
        if in_reach(reaches, s):
            # "No Customer Material ... shall be disclosed to any third party other than a
            # Sub-processor": a connective ("other than", "except") excepts from the duty,
            # it does not deny an exclusion; only an exclusion word does ("is exempted").
            if (a.norm(s) in g.exclusion_predicate or a.norm(s) in ("exclusion", "does")
                    or any(ns == s for ns, _ in a.spans("v:negation")) or _granted_exception(a, g, s)):
                out.append((s, e))
            continue
        for ne in negs:
            j = ne
            while j < s and (a.norm(j) in g.negation_gap or a.norm(j) in g.passive_aux):
                j += 1
            if j == s:
                out.append((s, e))
                break
    return out


def is_url(word: str) -> bool:
    w = word.lower()
    return w.startswith(("http://", "https://", "www.")) or (w.count(".") >= 1 and "/" in w and " " not in w
                                                              and w.split("/")[0].count(".") >= 1
                                                              and w.split("/")[0].replace(".", "").isalnum())


def points_outside(a: Annotated) -> bool:
    """The statement rests on a page outside the agreement that the other
    side can change: a pointer (a URL, "available at", "website") and a
    mutable reference ("as updated from time to time")."""
    if not a.has("c:mutable_reference"):
        return False
    return a.has("c:pointer") or any(is_url(t.text) for t in a.tokens)


def deferred(a: Annotated) -> bool:
    """The statement leaves its subject for later ("to be agreed", "in a
    later side letter")."""
    return a.has("c:deferral")


def in_party_name(a: Annotated, i: int) -> bool:
    """Is token ``i`` part of a party's name ("Covered Entity", "Service Provider")?"""
    return any(s <= i < e for label in ("v:customer_parties", "v:provider_parties") for s, e in a.spans(label))


def main_scope_predicate(a: Annotated, g: Grammar) -> Span | None:
    """The sentence's scope predicate ("apply", "extend", "reach", "hold
    for"...) when it is the main verb: no modal or auxiliary before it,
    other than its own ("shall also apply", "is subject to"). "The Vendor's
    duties on privacy and audit extend to bulk jobs" has one; "The Provider
    shall apply encryption to batch data" has one too, with the duty after
    it; "The Provider shall ensure that the measures apply ..." has none."""
    # A party's name is no predicate: "Covered Entity" holds no "cover".
    preds = [p for p in a.spans("c:scope_predicate") if not in_party_name(a, p[0])]
    # An opening phrase is not the predicate: "Subject to these Terms, you may ...".
    while preds and preds[0][0] <= 1 and any(a.word(i) == "," for i in range(preds[0][1], min(preds[0][1] + 8, len(a)))):
        preds.pop(0)
    if preds and (a.norm(0).startswith("notwithstand") or opening_phrase(a, 0)):
        # ... however many phrases it chains: "Notwithstanding clause 8.1, but subject to
        # clause 10, results files ... shall be retained for 180 days": the main clause
        # starts after the last comma before its modal.
        modal = next((s for s, _ in main_modals(a)), None)
        if modal is not None:
            intro = max((i for i in range(modal) if a.word(i) == ","), default=-1)
            preds = [p for p in preds if p[0] > intro]
    if not preds:
        return None
    s, e = preds[0]
    if e < len(a) and a.norm(e) == "by":
        return None  # a passive with its agent: "This Addendum is governed by the law of Scotland"
    head = s  # where the verb chain starts: "shall also apply" -> "shall"
    for ms, me in main_modals(a):
        if me > s:
            continue
        if all(a.norm(i) in g.verb_chain or a.norm(i) in g.passive_aux for i in range(me, s)):
            head = min(head, ms)
            continue
        return None
    if head > 0 and any(pe == head for _, pe in list(a.spans("v:provider_parties")) + list(a.spans("v:customer_parties"))):
        return None  # a party's act: "The Processor shall apply the measures to ..."
    return s, e


def is_predicate(a: Annotated, s: int, g: Grammar) -> bool:
    """Is the word at ``s`` a main verb: right after a modal or auxiliary
    (through adverbs: "shall also apply", "are equally subject to"), or the
    first verb of a sentence with no modal before it ("These commitments
    also apply to ...")? "in accordance with all applicable laws" is not."""
    if opening_phrase(a, s):
        return False  # "Subject to these Terms, you may ..."
    if a.word(s).lower().endswith("ing"):
        return False  # "including": a list marker, never the main verb
    modals = sorted(x for x, _ in main_modals(a))
    j = s - 1
    while j >= 0 and (a.norm(j) in g.verb_chain or a.norm(j) in g.passive_aux) and not any(m == j for m in modals):
        j -= 1
    if j >= 0 and any(m <= j < e for m, e in main_modals(a)):
        return True
    return not any(m < s for m in modals)


_DETERMINERS = {stem(w) for w in ("every", "each", "the", "any", "an", "a", "this", "these", "such", "all", "its",
                                   "their", "our")}
_RELATIVE = {stem(w) for w in ("where", "which", "that", "who", "whom", "whose", "when", "whether", "how")}


def main_modals(a: Annotated) -> list[Span]:
    """Modals and auxiliaries of the main clause: not those of a relative
    clause inside the subject ("Every undertaking about where Client Data
    is kept extends to ...")."""
    out = []
    for ms, me in sorted(list(a.spans("v:modal")) + list(a.spans("v:permission"))):
        if any(a.norm(i) in _RELATIVE for i in range(max(0, ms - 4), ms)):
            continue
        if ms > 0 and a.norm(ms - 1) in _DETERMINERS:
            continue  # a noun: "Every undertaking in this Addendum ..."
        if me - ms == 1 and a.word(ms).lower().endswith(("ings", "ments")):
            continue  # a plural noun: "inspection and examination undertakings", "commitments"
        out.append((ms, me))
    return out


def opening_phrase(a: Annotated, s: int) -> bool:
    """Does the word at ``s`` open the sentence with a phrase closed by a
    comma ("Subject to these Terms, you may ...")?"""
    if s > 1:
        return False
    comma = next((i for i in range(s + 1, min(s + 8, len(a))) if a.word(i) == ","), None)
    # "Applies to: all endpoints, including ...": a label, whose verb is the predicate.
    return comma is not None and not any(a.word(i) == ":" for i in range(s + 1, comma))


@lru_cache(maxsize=64)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")", re.I)


def may_hold(a: Annotated, words: frozenset[str]) -> bool:
    """A quick test on the text before a token scan: could a word of this
    class (by its folded form, a prefix of the word) occur in the sentence?"""
    return bool(words) and _word_pattern(words).search(a.text) is not None


def bracket_spans(a: Annotated) -> list[tuple[int, int]]:
    """Token spans inside round brackets, the brackets included (outermost pairs)."""
    out, depth, start = [], 0, 0
    for i in range(len(a)):
        w = a.word(i)
        if w == "(":
            if depth == 0:
                start = i
            depth += 1
        elif w == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out
