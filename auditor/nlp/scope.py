"""Reading the scope of a processing-mode mention in one sentence.

Spotting "batch" is not enough; the question is whether the sentence puts
batch *inside* or *outside* what it commits to. The readings here are
driven by vocabularies from the rule set (labels ``v:<name>`` on an
``Annotated`` sentence):

* exception markers before a mention carve it out ("other than requests
  submitted through the Batch API"), and a few verb forms after it do too
  ("batch jobs are excluded from ...") unless negated or the exclusion is
  *from* a harmful use ("excluded from model training" protects);
* a negated applicability word takes batch out ("does not apply to batch",
  "batch is not eligible for zero data retention", "but not for batch"),
  while a negated prohibited action does not ("shall not train on batch
  inputs" is a commitment that covers batch), and "not limited to" puts
  things back in;
* a restriction word governing a real-time mention limits the statement to
  modes that exclude batch ("solely for real-time requests");
* a region-escape phrase not under negation lets data leave the region
  ("may be processed in any geography").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .sentences import SPELLED_NUMBERS
from .grammar import Grammar, in_reach, may_hold, negated_exclusions, negated_subjects
from .terms import Annotated

Span = tuple[int, int]

_ELLIPSIS_GAP = {"for", "to", "in", "on", "with", "by", "of", "the", "any", "via", "through"}
# How a unit of work comes to be ("jobs run through", "requests submitted to")
_RUN_WORDS = frozenset({"run", "executed", "processed", "submitted", "lodged", "sent", "placed", "queued"})


def merge(spans: tuple[Span, ...] | list[Span]) -> list[Span]:
    """Overlapping spans merged into their union, in order."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def near(spans: tuple[Span, ...] | list[Span], target: Span, window: int) -> bool:
    s, e = target
    return any(a - e <= window and s - b <= window for a, b in spans)


def mentions(a: Annotated, label: str, ignore_label: str | None = None, window: int = 0) -> list[Span]:
    """Spans of ``label``, dropping those within ``window`` tokens of ``ignore_label``."""
    spans = merge(a.spans(label))
    if ignore_label and window:
        ignore = a.spans(ignore_label)
        spans = [s for s in spans if not near(ignore, s, window)]
    return spans


_OUTSIDE_CLAUSE = {"under", "within", "subject", "governed", "covered"}
_CLAUSE_WORDS = {"claus", "clause", "section", "paragraph", "articl", "article", "schedul", "schedule", "annex", "para", "§"}


def _batch_as_verb(a: Annotated, m: Span) -> bool:
    """"shall not batch such notices with routine communications": "batch" as a
    verb after a negation or a modal, whose object is not a request or a file,
    names no processing mode."""
    s, e = m
    if e - s != 1 or a.word(s).lower() not in ("batch", "batched") or s == 0:
        return False
    before = a.norm(s - 1)
    if before not in ("not", "never", "n't", "shall", "will", "may", "must", "can"):
        return False
    nxt = next((i for i in range(e, min(e + 3, len(a))) if a.norm(i) not in ("such", "the", "these", "those", "its", "any", "all")), None)
    return nxt is not None and a.word(nxt)[:1].isalpha() and a.norm(nxt) not in ("and", "or", "of", "for", "in", "through", "via") and not (
        a.has("v:input_artifacts") and any(x <= nxt < y for x, y in a.spans("v:input_artifacts"))) and a.norm(nxt) not in _WORK_NOUNS


_WORK_NOUNS = frozenset({"request", "requests", "job", "jobs", "file", "files", "prompt", "prompts", "call", "calls",
                         "workload", "workloads"})


_NUMBER = re.compile(r"^(?:\d[\d,.]*|[()])$")
_CLAUSE_OPENERS = frozenset({"we", "you", "they", "it", "he", "she", "our", "your", "its", "their", "the", "a", "an",
                             "is", "are", "was", "were", "shall", "will", "must", "may", "has", "have"})


def _collective(a: Annotated, m: Span, size_words: frozenset[str] = frozenset()) -> bool:
    """"each batch of redemption statements that the Society sends for printing": "batch
    of" and a plural noun that is neither the customer's data nor work sent to a model is a
    bundle of things, not a processing mode ("a batch of requests" is one). A size before
    the noun (the cue file's size_word words and numbers: "in batches of no more than 500
    pages") is read through."""
    s, e = m
    if e - s != 1 or a.word(s).lower() not in ("batch", "batches") or e + 1 >= len(a) or a.norm(e) != "of":
        return False
    head = None
    sized = False
    for i in range(e + 1, min(e + 10, len(a))):
        if head is None and (a.word(i).lower() in size_words or _NUMBER.match(a.word(i))):
            sized = True
            continue  # "of up to 1,000", "of no more than five hundred (500)"
        if not a.word(i)[:1].isalpha() or a.norm(i) in ("that", "which", "who", "for", "to", "from", "by", "in", "and", "or"):
            break
        if sized and head is not None:
            break  # a count is followed by its noun: "of no more than 500 pages before upload"
        if a.word(i).lower() in _CLAUSE_OPENERS:
            break  # "each batch of hardware security modules we deploy": a relative clause begins
        head = i
    if head is None or not a.word(head).lower().endswith("s"):
        return False
    inside = [sp for label in ("v:data_objects", "v:input_artifacts", "v:output_artifacts") for sp in a.spans(label)]
    return a.norm(head) not in _WORK_NOUNS and a.word(head).lower() not in _WORK_NOUNS and not any(
        x <= head < y for x, y in inside)


def _counted_part(a: Annotated, m: Span, g: Grammar) -> bool:
    """"under all Lots", "Lot 4 (Bulk Processing)": a one-word batch name that is also a noun for a
    numbered or counted part of a framework (the cue file's counted_part words), with a number after
    it or a quantifier before it, names that part, not a mode ("the Overnight Lot Service", a
    translated "lote", does)."""
    s, e = m
    if e - s != 1 or a.word(s).lower() not in g.counted_part:
        return False
    after = a.word(e) if e < len(a) else ""
    return (s > 0 and a.norm(s - 1) in ("all", "each", "every", "any", "both", "other")) or \
        bool(re.match(r"^(?:\d{1,2}[A-Za-z]?|[IVX]{1,4})$", after))


def _negated_before(a: Annotated, index: int, reach: int = 3) -> bool:
    neg = a.spans("v:negation")
    return any(0 <= index - e <= reach for _, e in neg)


_LIST_BREAKS = {";", ":", ".", "but", "except", "unless", "provided", "save", "which", "that", "if", "where", "while", "whereas",
                # (not "is not stored in the EU and may be processed in any geography": a clause of its own)
                "may", "shall", "will", "can", "must", "might", "could", "is", "are", "be", "was", "were", "being"}


def _negated_list(a: Annotated, index: int) -> bool:
    """Is the word at ``index`` a later item of a list a negated verb takes as its object ("shall not
    select a global endpoint or a multi-region location")? The negation reaches every item."""
    for _, ne in a.spans("v:negation"):
        if 0 < index - ne <= 10:
            words = [a.word(i).lower() for i in range(ne, index)]
            if any(w in ("or", "nor", "and") for w in words) and not any(w in _LIST_BREAKS for w in words):
                return True
    return False


@dataclass(slots=True)
class ModeReading:
    batch: list[Span] = field(default_factory=list)
    batch_excluded: list[Span] = field(default_factory=list)
    sync: list[Span] = field(default_factory=list)
    sync_limited: bool = False
    all_modes: bool = False
    negated_applicability: bool = False
    region_escape: bool = False
    negated_exclusion: bool = False  # "None of the routes ... falls outside these obligations": an inclusion
    exception_denied: bool = False  # "the exception in this clause does not apply to batch jobs"
    products_limited: bool = False  # "applies only to the Chat API and the Embeddings API": named products, no batch
    cue: str = ""  # the words that carved batch out or limited the statement

    @property
    def batch_included(self) -> list[Span]:
        return [m for m in self.batch if m not in self.batch_excluded]


def _words(a: Annotated, span: Span) -> str:
    s, e = span
    toks = a.tokens[s:e]
    return "".join(t.text + (" " if t.ws else "") for t in toks).strip()


def _exception_spans(a: Annotated, g: Grammar, reaches: list[tuple[int, int, int]] = ()) -> list[Span]:  # type: ignore[assignment]
    """Exception markers that really except something (not those a negated
    subject reaches: "No category of request is exempted")."""
    out = []
    restriction = a.spans("v:restriction_words")
    harm = a.spans("v:harmful_uses")
    n = len(a)
    for s, e in merge(a.spans("v:exception")):
        if any(rs == e for rs, _ in restriction):  # "but not limited to"
            continue
        if any(a.norm(i) in g.different_terms for i in range(e, min(e + 4, n))):
            continue  # "shall not apply a different period to batch jobs": a promise of equal terms
        if _negated_before(a, s, 2) or in_reach(reaches, s):  # "shall not be excluded", "None ... is excluded"
            continue
        if _subject_is_exception(a, g, s):
            continue  # "The exception does not apply to batch jobs": the exception is what is denied
        if _confined_exception(a, g, s, e):
            continue  # "the exclusion of the Batch Service in section 4.2 concerns the service levels only"
        # "excluded from model training" protects rather than carves out.
        if e < n and a.tokens[e].norm == "from" and any(0 <= hs - e <= 4 for hs, _ in harm):
            continue
        if _alternative_period(a, e):
            continue  # "save where a job fails, in which case its files are deleted when the period in 4.1 expires"
        k = e + 1 if e < n and a.norm(e) == "that" else e
        denied = next(((ns, end) for ns, _, end in reaches if ns == k or ns <= k < end), None)
        perms = {x for x, _ in a.spans("v:permission")}
        if denied is not None and any(a.norm(i) in g.exclusion_verb or a.norm(i) in g.exclusion_predicate
                                      or a.norm(i) in g.grant_verb or i in perms
                                      for i in range(k, min(denied[1] + 1, n))):
            # "save that nothing in this clause excludes batch files" denies an exclusion, "save that
            # nothing in this clause permits the use of batch inputs to train" denies a leave (not
            # "save that nothing in this clause shall restrict where batch jobs run": a freedom)
            continue
        out.append((s, e))
    return out


# A sentence whose object points back ("we may process them in any region") may
# take its mode from the sentence before (see the engine's passes).
_PRONOUN = re.compile(r"\b(?:them|they|these|those|it)\b", re.I)


def _quantified_place(a: Annotated, g: Grammar) -> tuple[int, int] | None:
    """"any Supplier region", "any of our data centres", "all locations": a
    quantifier over places (the span from the quantifier to the place noun)."""
    if not any(a.norm(i) in g.place_quantifier for i in range(len(a))):
        return None
    for s in range(len(a)):
        if a.norm(s) in g.place_quantifier:
            if s + 1 < len(a) and a.word(s + 1).lower() in ("such", "these", "those", "said"):
                continue  # "available in all such regions": the regions already named, no escape
            # "any region", "any of our data centres", "any of the Provider's global regions"
            k = next((i for i in range(s + 1, min(s + 6, len(a))) if a.norm(i) in g.region_noun), None)
            # not "any of our EU regions": a place pins them
            if k is not None and not any(s < ps < k for ps, _ in a.spans("v:places")) and not _pinned_after(a, s, k, g):
                return s, k
    return None


_CHANGE_WORDS = frozenset(("add", "adding", "addition", "change", "changing", "introduce", "introducing",
                           "open", "opening", "designate", "designating", "relocate", "relocating", "use", "using"))
_NOTICE_WORDS = frozenset(("notice", "notify", "notification", "inform", "informs", "consent", "approval",
                           "prior", "before", "advance"))


# "..., the execution of batch requests in any other geography being forbidden": the way out, forbidden.
# "Outside the zero data retention arrangement", "outside the scope of § 1": outside an arrangement or a
# part of the agreement, not outside a place.
_OUTSIDE_ARRANGEMENT = re.compile(r"^(?:the\s+|this\s+|that\s+|any\s+|its\s+|our\s+)?(?:[\w-]+\s+){0,3}?"
                                  r"(?:scope|arrangement|programme|program|regime|commitments?|obligations?|undertakings?|clause|"
                                  r"section|article|paragraph|retention|ZDR|terms|offering|option|protections?|coverage)\b", re.I)
def _named_place_after(a: Annotated, e: int, g: Grammar) -> bool:
    """"the multi-region selected by the Customer in the Order Form, namely the European Union",
    "whichever of the Vendor's regions in Canada": the wide word is pinned to a place the sentence
    names for it."""
    for i in range(e, min(e + 14, len(a))):
        if a.word(i) in (";", "."):
            return False
        if a.word(i).lower() in _PINNING and any(i < ps <= i + 3 for ps, _ in a.spans("v:places")):
            return True
        if i <= e + 1 and a.norm(i) in ("in", "within") and (i == e or a.word(e).lower() == "else") and any(
                i < ps <= i + 2 for ps, _ in a.spans("v:places")):
            return True  # "anywhere else in Turkey", "elsewhere in the EU": a place, compared as one
        if a.norm(i) in ("in", "within") and i > e and a.norm(i - 1) in g.region_noun and _pinned_after(a, e, i - 1, g):
            return True
    return False


def _pinned_after(a: Annotated, s: int, k: int, g: Grammar) -> bool:
    """"only in Canada, in whichever of the Vendor's regions in Canada the Customer selects": the
    place after the place noun at ``k`` is one the sentence commits to before the quantifier at
    ``s``, so the choice stays inside it. (Not "any NordNuage region in North America", where the
    sentence names no such place before: a wider place than the commitment, compared as a place.)"""
    if not (k + 2 < len(a) and a.norm(k + 1) in ("in", "within")):
        return False
    after = [a.word(ps).lower() for ps, _ in a.spans("v:places") if k + 1 < ps <= k + 3]
    return bool(after) and any(a.word(ps).lower() in after for ps, _ in a.spans("v:places") if ps < s)


_PINNING = {"namely", "i.e.", "being", "viz", "specifically"}
# ("..., cross-region inference profiles are deactivated": the way out, switched off)
# "permit access from abroad only with the prior written consent of the Bank": leave the customer alone
# gives, one case at a time; without it, the data stays.
_CONSENT_GATE = re.compile(r"^(?:[\w-]+\s+){0,3}?(?:only|solely|exclusively)\s+(?:with|after|upon|on|following|subject\s+to)\s+"
                           r"(?:the\s+|its\s+|their\s+)?(?:\w+\s+'s\s+|\w+'s\s+)?(?:(?:prior|express|explicit|specific|written|advance)\s+)*"
                           r"(?:consent|approval|authori[sz]ation|agreement|permission)\b", re.I)
# ("cross-region inference disabled": the participle alone, as a table cell says it; not "unless disabled")
_FORBIDDEN_AFTER = re.compile(r"^(?:(?!unless\b|until\b|if\b|where\b|when\b|except\b)[\w-]+\s+){0,3}?"
                              r"(?:(?:being|is|are|shall\s+be|be|remains?|shall\s+remain)\s+)?(?:strictly\s+|expressly\s+|permanently\s+)?"
                              r"(?:forbidden|prohibited|not\s+permitted|not\s+allowed|deactivated|disabled|switched\s+off|turned\s+off|not\s+enabled)\b", re.I)


def _change_noticed(a: Annotated, s: int) -> bool:
    """Is the quantified place at ``s`` what a notice or consent duty is about ("notify Customer
    before adding any hosting location", "with thirty days' notice of any new region", "only with
    the Bank's prior consent to any change of location")? A duty about changing places, not leave
    to process anywhere."""
    before = [a.word(i).lower() for i in range(max(0, s - 8), s)]
    if not any(w in _NOTICE_WORDS or w.startswith("notif") for w in before):
        return False
    near = before[-2:]
    return bool(near) and (near[-1] in _CHANGE_WORDS or near[-1] == "of" or (len(near) == 2 and near[0] in _CHANGE_WORDS))


def _leave_restricted(a: Annotated, start: int, end: int, mention: int, negs: tuple[Span, ...] | list[Span]) -> bool:
    """Is the exception from ``start`` to ``end`` a clause that takes back, where batch is named,
    a leave the sentence gave before it ("Provider may use Customer Data to train its models,
    except that it will not use Customer Data from batch jobs for any training")? What the
    exception names is then under the prohibition, not outside a duty."""
    if not _denying_exception_clause(a, end, mention, negs):
        return False
    return any(p < start and not any(0 <= ns - p <= 3 for ns, _ in negs) and not any(ns < p for ns, _ in negs)
               for p, _ in a.spans("v:permission"))


def _denying_exception_clause(a: Annotated, end: int, mention: int, negs: tuple[Span, ...] | list[Span]) -> bool:
    """Does the exception ending at ``end`` open a clause of its own ("except
    that ...") that holds a negation before the batch words at ``mention``,
    with no clause break between?"""
    if end >= len(a) or a.norm(end) != "that":
        return False
    if any(a.word(i) in (";", ".") for i in range(end, mention)):
        return False
    return any(end < ns < mention for ns, _ in negs)


def _alternative_period(a: Annotated, end: int) -> bool:
    """Does the exception ending at ``end`` give what it excepts a period of
    its own ("save where a job fails, in which case its files are deleted
    when the period in clause 4.1 expires")? Then it moves them to another
    schedule, which the schedule check compares, rather than out of the
    commitment."""
    for cs, ce in a.spans("c:alternative_treatment"):
        if end <= cs <= end + 12:
            # A period of its own, with a number ("deleted 90 days after upload"); a
            # pointer to another clause's period ("only when the period in clause 7.1
            # expires") may hide a different schedule, so the exception stands.
            return any(ce <= ps and any(_NUMBER.match(a.word(i)) for i in range(max(ce, ps - 3), ps))
                       for ps, _ in a.spans("v:period_words"))
    return False


_NUMBER = re.compile(r"^\(?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|"
                     r"fifteen|twenty|thirty|sixty|ninety)\)?$", re.I)


def _subject_is_exception(a: Annotated, g: Grammar, verb: int) -> bool:
    """Is the subject of the predicate at ``verb`` an exception ("The
    exception does not apply", "the Feedback exclusion shall not extend")?
    The subject runs from the last comma or clause break before the
    predicate; an opening phrase ("By way of derogation from Art. 2, para. 1
    does not apply") is not part of it."""
    if not may_hold(a, g.exception_noun):
        return False
    # (the dots of "The exception in Ninth. Two. shall not apply" number a paragraph; they break nothing)
    start = max([i + 1 for i in range(verb) if (a.norm(i) in g.clause_break or a.word(i) == ",")
                 and not (a.word(i) == "." and i > 0 and a.word(i - 1).lower() in SPELLED_NUMBERS)] or [0])
    harm = a.spans("v:harmful_uses")
    # "The exclusion from model training in § 9 (1)" names the protection itself, not an exception to one.
    return any(a.norm(i) in g.exception_noun and not (
        i + 1 < verb and a.norm(i + 1) == "from" and any(0 <= hs - (i + 1) <= 3 for hs, _ in harm))
        for i in range(start, verb))


def _confined_exception(a: Annotated, g: Grammar, s: int, e: int) -> bool:
    """Is the exception word at ``s`` a noun naming an exception made by another provision, which the
    sentence confines to a subject of its own ("the exclusion of the Batch Service in section 4.2
    concerns the service levels only")? The sentence speaks about that exception and narrows it; it
    excepts nothing itself. The noun has a determiner, a provision named after it (the cue file's
    provision_noun) before any verb, then a restriction ("only", "limited to") in its clause."""
    if a.norm(s) not in g.exception_noun or s < 1 or a.norm(s - 1) not in ("the", "this", "that", "such", "any"):
        return False
    n = len(a)
    provisions = [ps for ps, _ in a.spans("c:provision_noun")]
    end = next((i for i in range(e, n) if a.norm(i) in g.clause_break or a.word(i) in (";", ".")), n)
    ref = next((ps for ps in provisions if e <= ps < min(e + 10, end) and ps + 1 < n and a.word(ps + 1)[:1].isdigit()), None)
    if ref is None or any(a.norm(i) in g.exclusion_verb or a.norm(i) in g.exclusion_predicate for i in range(e, end)):
        return False
    return any(ref < rs < end for rs, _ in a.spans("v:restriction"))


def _exception_denied(a: Annotated, g: Grammar) -> bool:
    """"The exception does not apply to batch jobs", "the Feedback exclusion
    shall not extend to batch": a negated applicability whose subject is an
    exception takes the exception away, which keeps batch in."""
    applic = dict(a.spans("v:applicability"))
    n = len(a)
    for ns, ne in list(a.spans("v:negation")) + [(s, s + 1) for s, _ in a.spans("c:negated_subject")]:
        j = ne
        named = _negated_subject_names_exception(a, g, ne)
        if named is not None:
            # "nothing in this proviso shall extend to batch files": the negated subject is
            # restricted to the exception, and its modal comes before the applicability word.
            j = named + 1
            while j < n and a.word(j).lower() in _MODALS:
                j += 1
        while j < n and a.norm(j) in g.negation_gap and j not in applic:
            j += 1
        if j not in applic:
            continue
        if named is not None and a.word(j).lower().startswith("extend") and a.norm(applic[j]) != "to":
            continue  # "nothing in this proviso shall extend the period of the input files": lengthen, not reach
        if named is not None or _subject_is_exception(a, g, ns) or _exception_after(a, g, applic[j]):
            return True
    return False


_MODALS = ("shall", "will", "may", "can", "is", "are", "does", "do")


def _negated_subject_names_exception(a: Annotated, g: Grammar, ne: int) -> int | None:
    """Where a negated subject is narrowed to an exception ("nothing in this proviso",
    "none of the exceptions"), the index of the exception noun; else None."""
    if ne >= len(a) or a.word(ne - 1).lower() not in ("nothing", "none", "no") or a.word(ne).lower() not in ("in", "of"):
        return None
    for k in range(ne + 1, min(ne + 5, len(a))):
        if a.norm(k) in g.exception_noun:
            return k
        if a.word(k).lower() not in ("the", "this", "that", "these", "those", "such", "any", "foregoing", "preceding"):
            return None
    return None


def _exception_after(a: Annotated, g: Grammar, at: int) -> bool:
    """Is what a negated applicability word takes an exception ("batch jobs are not subject to
    that exception", "cannot benefit from the exemption in clause 4.2")? Up to three words of
    determiner or preposition come between."""
    for i in range(at, min(at + 4, len(a))):
        if a.norm(i) in g.exception_noun:
            return True
        if a.norm(i) not in ("from", "for", "to", "of", "under", "by", "within", "the", "that", "this", "such", "any", "an", "a"):
            return False
    return False


def _reset_between(a: Annotated, start: int, end: int, g: Grammar) -> bool:
    inclusive = a.spans("v:inclusive")
    if any(start <= s < end for s, _ in inclusive):
        return True
    return any(a.tokens[i].norm in g.clause_break for i in range(start, end))


# Verbs of switching on or putting to use: what is not to be switched on is described, not allowed.
_SWITCHES = ("enabl", "activat", "provision", "deploy", "offer", "select", "permit", "allow", "turn", "switch", "use")
_MOVES = ("transfer", "mov", "process", "stor", "rout", "send", "export", "host", "access", "replicat", "leav", "run", "execut", "perform", "schedul", "dispatch", "allocat", "deploy", "plac", "kept", "keep", "held", "hold")


def _time_after(a: Annotated, e: int, g: Grammar) -> bool:
    """Do the words after an escape word name a time, not a place ("outside
    Business Hours", "outside the maintenance window")? A place first
    ("outside Australia during business hours") keeps the escape."""
    places = {s for s, _ in a.spans("v:places")}
    for i in range(e, min(e + 3, len(a))):
        if i in places or not a.word(i)[:1].isalnum():
            return False
        if a.norm(i) in g.time_noun:
            return True
    return False


def _negated_movement(a: Annotated, s: int, g: Grammar) -> bool:
    """"shall not transfer Client Data, including batch data, outside the UK":
    a negation governing a movement verb earlier in the same clause. A prohibition governs it
    the same way ("refrain from accessing that data from outside the Kingdom", "is prohibited
    from transferring ... outside")."""
    for ns, ne in a.spans("v:prohibition"):
        # the word after the cue ("from", "to"), then the movement
        if ne <= s and s - ne <= 30 and not _reset_between_hard(a, ne, s) and any(
                t.norm.startswith(_MOVES) for t in a.tokens[ne:ne + 3]):
            return True
    for ns, ne in a.spans("v:negation"):
        if ne > s or s - ne > 30 or _reset_between_hard(a, ne, s) or _modal_conjunct(a, ne, s, g):
            continue
        if any(t.norm.startswith(_MOVES) for t in a.tokens[ne:ne + 3]):
            return True
        # "shall not enable the Global Batch Deployment Type, or any other Deployment Type that may
        # process data outside Canada": the way out describes what is not to be done or used.
        if any(t.norm.startswith(_SWITCHES) for t in a.tokens[ne:ne + 3]) and any(
                a.norm(i) in ("that", "which") for i in range(ne + 1, s)) and not any(
                a.norm(i) in ("except", "save", "unless", "provided", "other") and a.word(i - 1) in (",", ";")
                for i in range(ne, s)):
            return True
    return False


def _modal_conjunct(a: Annotated, start: int, end: int, g: Grammar) -> bool:
    """Is there a clause of its own between ``start`` and ``end``, opened by a conjunction and a modal
    ("is not stored in the EU and may be processed in any geography")? A negation before it does not
    reach past it."""
    return any(a.norm(i) in ("and", "or", "but") and a.norm(i + 1) in g.new_clause_modal for i in range(start, end - 1))


def _reset_between_hard(a: Annotated, start: int, end: int) -> bool:
    return any(a.tokens[i].norm in (";", ".", "but", "however") for i in range(start, end))


def _scope_end(a: Annotated, start: int, window: int) -> int:
    """Where a restriction's scope ends: a clause break or ``window`` tokens."""
    end = min(len(a), start + window)
    for i in range(start, end):
        if a.norm(i) in (";", ".", ":", "but", "whereas", "except", "although", "though", "albeit"):
            return i
    return end


def _in_relative(a: Annotated, lo: int, at: int) -> bool:
    """Is the word at ``at`` inside a relative clause of the subject that opened after ``lo``
    ("None of the routes by which requests reach the Platform, ... falls outside")?"""
    rel = max((i for i in range(lo, at) if a.norm(i) in ("which", "that", "who", "whom", "whose")), default=None)
    return rel is not None and not any(a.word(i) in (",", ";") for i in range(rel, at))


# Words between a batch name and "available" when the name is what is (not) made available:
# "make the Batch API available", "the Batch API is not currently available".
_PREPOSITIONS = frozenset({"for", "to", "with", "of", "in", "on", "at", "by", "from", "under", "and", "or"})
_THEME_GAP = frozenset({"is", "are", "be", "been", "being", "not", "n't", "currently", "generally", "yet", "made", "always"})


def _service_offered(a: Annotated, s: int, e: int, g: Grammar) -> bool:
    """Is the availability word at ``s`` said of the batch service itself ("nothing ... obliges
    Pinecrest to make the Batch API available at any particular throughput", "the Batch API is not
    available in every region")? Offering the service is not its scope: no commitment is withheld
    from batch. "Zero data retention is not available for batch jobs" and "batch jobs are not
    available for zero data retention" (a "for"/"to" complement) withhold one."""
    if not a.norm(s).startswith(("availab", "unavailab")):
        return False
    if e < len(a) and a.norm(e) in g.service_level:
        return True  # "The overnight queue has no availability target": a service level, nothing withheld
    if e < len(a) and a.norm(e) in ("for", "to", "with"):
        return False
    for bs, be in a.spans("v:batch"):
        # past the head noun of the name ("the batch service", "batch jobs are not available")
        head = be + 1 if be < s and a.word(be).isalpha() and a.norm(be) not in _THEME_GAP and a.norm(be) not in _PREPOSITIONS else be
        if be <= s and all(a.norm(i) in _THEME_GAP for i in range(head, s)):
            return True
    return False


def _attributive(a: Annotated, s: int) -> bool:
    """Is the availability word at ``s`` an adjective after a noun ("None of the submission routes
    available to Plan ... falls outside Article 10"), not the predicate: no verb before it?"""
    return (a.norm(s).startswith("availab") and s > 0 and a.word(s - 1).isalpha()
            and a.norm(s - 1) not in ("is", "are", "be", "been", "not", "made", "make", "remain", "remains", "wa", "were", "becom")
            and a.word(s - 1).lower() not in ("is", "are", "be", "been", "not", "made", "remain", "remains", "was", "were", "become", "becomes", "never", "no", "nor")
            and s + 1 < len(a) and a.norm(s + 1) in ("to", "for")
            # ... and the predicate still to come ("... falls outside Article 10")
            and any(k > s + 1 for label in ("v:applicability", "v:modal", "v:exception", "v:region_escape", "c:scope_predicate",
                                            "c:exclusion_predicate") for k, _ in a.spans(label)))


def _heads_name(a: Annotated, s: int) -> bool:
    """Is the scope word at ``s`` the noun heading a batch name before it ("the Global Batch offer")?
    After a singular name a verb would agree ("the Batch API applies"); a bare form is a noun."""
    word = a.word(s).lower()
    return not word.endswith(("s", "ed", "ing")) and any(
        be == s and not a.word(be - 1).lower().endswith("s") for _, be in a.spans("v:batch"))


def _list_mark(a: Annotated, s: int) -> bool:
    """"included" (or "comprised", "embraced" after a name between commas: "the Global Batch offer
    comprised,") marks the subject's own list, not the clause's verb."""
    return a.norm(s) == "includ" or (a.norm(s) in ("compris", "embrac") and a.word(s).lower().endswith("ed")
                                     and s + 1 < len(a) and a.word(s + 1) in (",", ")"))


def _negated_applicability(a: Annotated, g: Grammar, reaches: list[tuple[int, int, int]]) -> tuple[bool, str, int]:
    # (not "outside the reach of Section 6.1": after a determiner the scope word is a noun)
    # (nor "the Global Batch offer": a noun heading the batch name)
    applic = [(s, e) for s, e in a.spans("v:applicability") if not _service_offered(a, s, e, g)
              and not (s > 0 and a.word(s - 1).lower() in ("the", "its", "their", "this", "that"))
              and not _heads_name(a, s) and not _attributive(a, s)]
    n = len(a)
    # A negated subject ("Neither the logging obligation nor the audit right
    # extends to ...", "No part of this Section applies to ...") negates the
    # main verb of its clause, however far it is.
    for ns, ne, end in reaches:
        # "None of the routes, the Batch API included, is ...": "included" marks the subject's own list.
        # "No processing mode offered under this Addendum ... falls outside": a participle
        # with no auxiliary of its own modifies the subject; it is not the clause's verb.
        hit = next(((s, e) for s, e in applic if ne <= s < end and not _list_mark(a, s) and not _in_relative(a, ne, s)
                    and not (a.word(s).lower().endswith("ed") and s > 0 and a.norm(s - 1) not in g.passive_be
                             and a.norm(s - 1) not in ("shall", "will", "must", "may", "not", "be", "been"))), None)
        if hit and any(a.norm(i) in g.exception_noun for i in range(ne, hit[0])):
            continue  # "neither the exclusion nor the exemption extends to batch files": nothing is excepted
        if hit and any(a.norm(i) == "without" for i in range(ne, hit[0])):
            continue  # "No batch job shall be processed without the security measures ... being applied to it": every one is
        if hit and any(a.norm(i) in g.removal_verb for i in range(ne, hit[0])):
            # "Nothing in this DPA removes Deferred Jobs from the reach of Sections 3 through 8": the
            # negation denies the removal; what reaches batch still does
            continue
        if hit:
            return True, _words(a, (ns, min(ns + 3, n))) + " ... " + _words(a, hit), ns
    negations = a.spans("v:negation")
    for ns, ne in negations:
        if any(s == ns for s, _, _ in reaches):
            continue
        if _denied_statement(a, g, reaches, ns):
            continue  # "Nothing in this Schedule means that batch jobs are not covered by paragraph 9.1": denied
        if any(pe == ns for _, pe in negations):
            continue  # "doesn't cease to apply": a negated negation applies
        if _subject_is_exception(a, g, ns):
            continue  # "The exception does not apply to batch jobs": the carve-out is removed, not made
        if any(a.norm(i) in g.condition or a.norm(i) == "long" for i in range(max(0, ns - 6), ns)) and not any(  # ("as long as")
                a.word(i) in (",", ";") for i in range(max(0, ns - 6), ns)):
            continue  # "... for as long as the Controller has not exercised the opt-out": a condition's own negation
        if any(a.norm(i) == "after" and i + 1 < ns and a.norm(i + 1) == "which" for i in range(max(0, ns - 5), ns)):
            continue  # "..., after which they are no longer available": the end of the period, not batch left out
        j = ne
        hops = 0
        while j < n and hops < 5 and a.norm(j) in g.negation_gap and not any(s == j for s, _ in applic):
            j += 1
            hops += 1
        for s, e in applic:
            if s == j or (s, e) == (ns, ne):  # (ns, ne): a word that is its own negation ("ineligible")
                tail = {a.norm(i) for i in range(e, min(e + 4, n))}
                if tail & g.different_terms:  # "shall not apply a different period to batch"
                    break
                if a.word(s).lower().startswith("bind") and not any(bs >= e for bs, _ in a.spans("v:batch")):
                    # "does not bind the Vendor in respect of the overnight bulk run" takes out what follows it;
                    # "terms, including its statement on batch files, ... do not bind the State" takes out nothing
                    break
                if _to_limit(a, e):
                    break  # "may not invoke the asynchronous nature of batch jobs in order to limit their application"
                if any(a.norm(i) in g.exception_noun for i in range(e, min(e + 4, n))):
                    break  # "Batch files cannot benefit from the exception in Paragraph (1)": the exception is denied
                if a.word(s).lower().startswith(("enabl", "activat", "select", "elect")) and (any(
                        e <= bs <= e + 2 and all(a.norm(i) in ("the", "a", "an", "any", "its") for i in range(e, bs))
                        for bs, _ in a.spans("v:batch")) or (ns > 0 and a.norm(ns - 1) in ("shall", "will", "must"))):
                    # "NLCS shall not enable the Global Batch Deployment Type", "Halden shall not enable any
                    # extended result storage for Batch Coding Jobs": a duty not to switch something on, not
                    # batch left out of anything ("zero data retention is not enabled for batch" is)
                    break
                return True, _words(a, (ns, e)), ns
    return False, "", 0


def _in_conformity_phrase(a: Annotated, at: int) -> bool:
    """Is the word at ``at`` inside a phrase fronted before the clause's subject that names the rule
    the clause conforms to ("Consistent with CMS requirements governing offshore subcontractors ...,
    the Contractor shall not store ... outside the United States")? It says why, not where."""
    for cs, _ in a.spans("c:conformity_opener"):
        if cs > 1 or (cs == 1 and not a.word(0)[:1].isdigit()) or at < cs:
            continue
        comma = next((i for i in range(cs, len(a)) if a.word(i) in (",", ";", ":")), None)
        if comma is not None and a.word(comma) == "," and at < comma and a.has("v:modal") and any(
                ms > comma for ms, _ in a.spans("v:modal")):
            return True
    return False


def _compared(a: Annotated, lo: int, at: int) -> bool:
    """Is the real-time mention at ``at`` the term of a comparison after the restriction ("only in US
    regions, as it does for online prediction", "just as for real-time requests")? It is what the
    clause is likened to, not what it is limited to."""
    for k in range(max(lo, at - 6), at):
        # (not "as regards real-time requests", "as to real-time requests": what the clause concerns)
        if a.norm(k) in ("as", "like") and k + 1 < at and a.norm(k + 1) in ("it", "they", "we", "is", "are", "with") or (
                a.norm(k) == "as" and k >= 1 and a.norm(k - 1) in ("just", "same", "way", "equally")):
            return True
    return False


def _denied_statement(a: Annotated, g: Grammar, reaches: list[tuple[int, int, int]], at: int) -> bool:
    """Is the negation at ``at`` inside a statement that a negated subject denies, the clause its verb
    of meaning says "that" of ("Nothing in this Schedule means that batch jobs are not covered by
    paragraph 9.1", "Nothing herein implies that ... does not apply")? Two negatives: what the inner
    one denies stands. (Not "Neither the Inputs that Issuer submits ... nor ...": a relative "that".)"""
    for _, ne, end in reaches:
        if ne < at < end and any(a.norm(t) == "that" and a.norm(t - 1) in g.meaning_verb for t in range(ne + 1, at)):
            return True
    return False


# The words that join a second mode to the first: "for real-time inference and for batch inference".
_COORDINATED_MODE = frozenset({",", "and", "or", "and/or", "for", "to", "the", "as", "well", "in", "any", "all"})


def _to_limit(a: Annotated, e: int) -> bool:
    """Is what the negation denies done "(in order) to limit" something, in the same clause?
    Denying a way to limit is no carve-out."""
    limits = {s for s, _ in a.spans("v:restriction_words")}
    return any(a.norm(i) == "to" and i + 1 in limits for i in range(e, min(e + 16, len(a) - 1))
               if not any(a.word(k) in (";", ".") for k in range(e, i)))


# Every reading below starts from one of these labels: a mode mention, "all
# modes", a negation (negated applicability) or a region escape.
_MODE_CUES = ("v:batch", "v:synchronous", "v:all_modes", "v:negation", "v:region_escape")


_NEW_SUBJECT = frozenset({"the", "this", "that", "such", "its", "each", "any"})
_NEGATED_MODAL = frozenset({"shall", "will", "doe", "does", "do", "must", "may", "is", "are"})


def _own_clause_before(a: Annotated, e: int, at: int) -> bool:
    """Does the batch mention ending at ``e`` sit in a clause of its own before (or after) the negation
    at ``at`` ("warrants that Data Zone Batch deployments store ... only within the EU Data
    Zone and that no Global deployment type is enabled")? The negation is then not about it."""
    if e > at:
        # "Section 6.2 does not apply to Message Batches; the inputs and the results of Message Batches are
        # deleted ...": a mention after the semicolon that closes the negated clause (not an item of a list
        # the negated clause opens with a colon: "does not apply to: (a) ...; (b) batch jobs")
        words = [a.word(i) for i in range(at, e)]
        return ";" in words and ":" not in words
    if any(a.word(i) == ";" or (a.norm(i) == "that" and a.norm(i - 1) in ("and", "or", ","))
           for i in range(max(e, 1), at)):
        return True
    # "..., including the output files of the Batch API, only in the Kingdom, and the second sentence of
    # Section 4.1 shall not apply": a coordinated clause with a subject of its own
    # (not "..., and the instruction requirement above does not apply to them": a pronoun takes the batch
    # words up again)
    if any(a.norm(i) in ("them", "it", "thereto", "those", "these", "such") for i in range(at, min(at + 6, len(a)))):
        return False
    return any(a.word(i - 1) == "," and a.norm(i) in ("and", "but") and a.norm(i + 1) in _NEW_SUBJECT
               and at >= 1 and a.norm(at - 1) in _NEGATED_MODAL for i in range(max(e, 1), at - 2))


def _not_a_member(a: Annotated, g: Grammar, s: int, e: int) -> str:
    """"Batch Inference is not a Canadian Region Service", "Global Batch is not one of
    the Covered Services": the batch words denied membership of a named class, which
    puts them outside whatever that class is promised."""
    n = len(a)
    # ... after the rest of the subject the batch words sit in: "files uploaded for batch processing
    # and the result files derived from them do not constitute Service Data"
    at = next((i for i in range(e, min(e + 14, n - 2)) if a.word(i) in (",", ";", ":")
               or (a.norm(i + 1) == "not" and (a.norm(i) in g.passive_be or a.norm(i) in ("do", "doe", "does", "shall", "will")))), None)
    if at is None or a.word(at) in (",", ";", ":"):
        return ""
    if a.norm(at) not in g.passive_be:
        if not (at + 3 < n and a.norm(at + 2) in ("constitut", "constitute", "form")):
            return ""  # "do not constitute", "shall not form part of"
        j = at + 3
        if a.norm(j) == "part" and j + 1 < n and a.norm(j + 1) == "of":
            j += 2
        if j < n and a.norm(j) in ("the", "a", "an"):
            j += 1
        return _words(a, (s, j + 1)) if j < n and a.word(j)[:1].isupper() else ""
    e = at
    j = e + 2
    if a.norm(j) in ("a", "an"):
        j += 1
    elif j + 1 < n and a.norm(j) in ("one", "part") and a.norm(j + 1) == "of":
        j += 2
    elif a.norm(j) == "among":
        j += 1
    else:
        return ""
    if j < n and a.norm(j) == "the":
        j += 1
    if j < n and a.word(j)[:1].isupper():
        return _words(a, (s, j + 1))
    return ""


_CONCESSIVE = {"although", "though", "albeit", "whereas"}


def _concession(a: Annotated) -> int | None:
    """Where a concessive clause opens (", although the Vendor also offers ..."), if anywhere."""
    return next((i for i in range(1, len(a)) if a.norm(i) in _CONCESSIVE and a.word(i - 1) in (",", ";", "even")), None)


def _products_limited(a: Annotated, scope_window: int) -> tuple[bool, str]:
    """"Zero data retention applies only to the following endpoints: (a) Chat Completions;
    (b) Embeddings; and (c) Transcription": a restriction to a list of named products
    that names no batch one. Whether that leaves batch out depends on the agreement
    naming a batch product elsewhere, which the decision knows."""
    for rs, re_ in a.spans("v:restriction"):
        if _negated_before(a, rs, 2):
            continue
        end = _scope_end(a, re_, 4 * scope_window)  # a list runs to the end of its clause
        if rs == 0:
            # "Solely in respect of the Chat Completions API and the Embeddings API, the Service Provider
            # shall ...": a fronted restriction is a phrase that ends at its comma
            end = next((i for i in range(re_, end) if a.word(i) == ","), end)
        lo = re_
        announced = False
        if end < len(a) and a.norm(end) == ":" and end - re_ <= 8:
            # "only to the following services: (a) ...; (b) ...": the list after the colon, whose
            # items the words before it call products ("endpoints: Responses and Embeddings").
            announced = any(a.norm(i) in _PRODUCT_NOUNS for i in range(re_, end))
            lo, end = end + 1, len(a)
        if re_ < len(a) and a.norm(re_) == ":":
            # "for the following Services only: the Chat API and the Embeddings API": the list
            # the restriction announces follows its colon.
            lo, end = re_ + 1, len(a)  # ... to the end of the sentence, past the items' semicolons
            announced = any(a.norm(i) in _PRODUCT_NOUNS for i in range(max(0, rs - 4), rs))
        elif end == re_ or a.norm(re_) in (".", ";", ","):  # post-positive: "in the Live API, Assist and Embed only"
            lo = next((i + 1 for i in range(rs - 1, max(-1, rs - 16), -1) if a.norm(i) in ("to", "in", "for", "through", "mean", "means")), rs)
            end = rs
        if _product_list(a, lo, end, announced) >= 2:
            return True, _words(a, (min(rs, lo), min(max(end, re_), lo + 14)))
    return False, ""


_PRODUCT_NOUNS = {"servic", "service", "endpoint", "api", "apis", "product", "model", "offering", "tier", "interfac", "interface"}


# ... and the names of applications a list of products holds: "the Coding Assistant", "the Provider Portal"
_APP_NOUNS = {"assistant", "portal", "console", "platform", "app", "application", "applic"}


def _products_qualifying(a: Annotated, g: Grammar) -> tuple[bool, str]:
    """"Bank Data submitted to the Chat Completions API, the Embeddings API or the Assistants API",
    "Section 6.1 applies to the Coding Assistant, the Eligibility Lookup API and the Provider Portal":
    the data, or the provision, said to be of a list of named products, each an API, a service or an
    endpoint, and no batch one among them. A list that closed is as much a limit as "only"; whether it
    leaves batch out depends on the agreement naming a batch product elsewhere."""
    n = len(a)
    applying = {k for s0, e0 in a.spans("v:applicability") for k in range(s0, e0)}
    for i in range(1, n - 3):
        if a.norm(i) not in ("to", "through", "via") or not (
                a.norm(i - 1) in g.supply_verb or a.word(i - 1).lower() in g.supply_verb or i - 1 in applying):
            continue
        hi = i + 1
        while hi < n and (a.word(hi)[:1].isupper() or a.word(hi) == "," or a.norm(hi) in ("and", "or", "the", "its", "our")
                          or a.norm(hi) in _PRODUCT_NOUNS):
            hi += 1
        if hi < n and a.norm(hi) not in (".", ";", "for", "to", "in", "under", "as", "shall", "will", "is", "are"):
            continue  # the list runs into more words of its own: not a closed list of names
        products = sum(1 for k in range(i + 1, hi) if (a.norm(k) in _PRODUCT_NOUNS or a.word(k).lower() in _APP_NOUNS)
                       and a.word(k)[:1].isupper())
        if products >= 2 and _product_list(a, i + 1, hi, announced=True) >= 2:
            return True, _words(a, (i - 1, min(hi, i + 14)))
    return False, ""


def _product_list(a: Annotated, lo: int, hi: int, announced: bool = False) -> int:
    """How many named products a list between tokens ``lo`` and ``hi`` holds:
    items split at commas, semicolons, "and"/"or" and "(a)" labels, each named
    by a capitalised word or an "API"/"endpoint" word; an item that names a
    party, a place, data or a section is no product, and makes it no list."""
    items, current = [], []
    for i in range(lo, hi):
        w = a.word(i)
        if w == "," and i + 1 < hi and a.norm(i + 1) in ("which", "who", "whose", "where"):
            break  # "..., which the Contractor shall operate only from Athens": a relative clause ends the list
        if w in (",", ";") or a.norm(i) in ("and", "or") or re.fullmatch(r"\(?[a-z]{1,3}\)|\(?[ivx]{1,4}\)", w):
            if current:
                items.append(current)
            current = []
        elif w not in ("(", ")", ":", "."):
            current.append(i)
    if current:
        items.append(current)
    parties = [sp for label in ("v:provider_parties", "v:customer_parties") for sp in a.spans(label)]
    blocked = parties + list(a.spans("v:places"))
    data = a.spans("v:data_objects")
    count = data_items = 0
    for item in items:
        # (not a party's word that starts a product's name: "the Provider Portal")
        if any(s <= k < e and not ((s, e) in parties and e in item and a.word(e)[:1].isupper()) for k in item for s, e in blocked) \
                or any(a.word(k)[:1].isdigit() for k in item):
            return 0
        names = [k for k in item if a.word(k)[:1].isupper() or a.norm(k) in ("api", "endpoint")]
        words = [k for k in item if a.word(k)[:1].isalpha() and a.word(k).lower() not in _LIST_FILLER]
        if not words:
            continue  # "the", a label
        if not names or 2 * len(names) <= len(words):
            return 0  # "only to perform the Services, as Required by Law": a purpose, not a list of products
        if all(any(s <= k < e for s, e in data) for k in names):
            data_items += 1  # "Embeddings" may be a product or data; "Customer Data" is data
        count += 1
    if announced:
        return count  # "the following endpoints: Responses and Embeddings": named as products
    return 0 if data_items == count else count  # "only to Customer Data and Personal Data": data, not products


# Words of a list item that are neither product names nor content: "to the following endpoints: (a) ...".
_LIST_FILLER = {"to", "the", "a", "an", "for", "in", "of", "by", "through", "via", "following", "our", "its", "their",
                "each", "any", "all", "b", "c", "d", "i", "ii", "iii", "iv",
                "la", "le", "les", "el"}  # "la Console": an article in a product's own name


def read_modes(a: Annotated, *, grammar: Grammar, ignore_window: int, scope_window: int,
               region: bool = False, cell: bool = False) -> ModeReading:
    """How one sentence (or, with ``cell``, a table cell of locations) treats
    batch and synchronous processing."""
    r = ModeReading()
    g = grammar
    # "any Supplier region" matters where batch is named, or in a table cell of
    # locations whose row names it ("Batch API | ... | Sydney, or any Supplier region").
    quantified = _quantified_place(a, g) if region and (
        cell or len(a) <= 8 or "v:batch" in a.matches or _PRONOUN.search(a.text)) else None
    if quantified is None and not any(label in a.matches for label in _MODE_CUES):
        if a.has("v:restriction"):
            r.products_limited, r.cue = _products_limited(a, scope_window)
        if not r.products_limited:
            r.products_limited, r.cue = _products_qualifying(a, g)
        return r  # nothing else below can fire without one of these
    r.batch = [m for m in mentions(a, "v:batch", "v:batch_ignore", ignore_window)
               if not _batch_as_verb(a, m) and not _collective(a, m, g.size_word) and not _counted_part(a, m, g)]
    r.sync = [s for s in mentions(a, "v:synchronous") if not any(bs <= s[0] < be for bs, be in r.batch)]
    r.all_modes = a.has("v:all_modes")
    reaches = negated_subjects(a, g) if a.has("c:negated_subject") else []
    negated, neg_cue, neg_at = _negated_applicability(a, g, reaches)
    r.negated_applicability = negated
    exceptions = _exception_spans(a, g, reaches) if r.batch else []  # read only against a batch mention
    if r.batch and (reaches or a.has("v:negation") or a.has("c:negated_subject")):
        # Two negatives: "None of the routes, the bulk queue included, falls
        # outside these obligations", "shall not exclude any batch job from".
        restriction = a.spans("v:restriction_words")
        raw = [x for x in merge(a.spans("v:exception")) if not any(rs == x[1] for rs, _ in restriction)]  # "but not limited to"
        r.exception_denied = _exception_denied(a, g) and not negated
        r.negated_exclusion = (bool(negated_exclusions(a, g, reaches, raw)) or r.exception_denied
                               or any(_denied_statement(a, g, reaches, ns) for ns, _ in a.spans("v:negation"))) and not negated
    withdrawn_at = None
    if r.batch and not r.exception_denied and a.has("c:withdrawal") and not negated:
        # "The exception for batch result files in clause 11.2 is withdrawn": taken away, as a denied
        # one is; the exception named in its subject excepts nothing.
        withdrawn_at = next((ws for ws, _ in a.spans("c:withdrawal") if _subject_is_exception(a, g, ws)), None)
        if withdrawn_at is not None:
            r.exception_denied = r.negated_exclusion = True
    negs = a.spans("v:negation")
    # "The exception for asynchronous jobs found in the standard terms does not apply to this
    # Agreement": the exception named before the denial excepts nothing.
    denied_at = min((ns for ns, _ in negs), default=None) if r.exception_denied else None

    for m in r.batch:
        s, e = m
        cue = ""
        for xs, xe in exceptions:
            if withdrawn_at is not None and xs < withdrawn_at:
                continue
            if denied_at is not None and xs < denied_at:
                continue
            if xe < s and _leave_restricted(a, xs, xe, s, negs):
                continue  # "may use Customer Data to train, except that it will not use data from batch jobs"
            # (further, inside one noun phrase: "Customer Data other than data contained in request files or
            # results files submitted to or produced by the Batch API": no punctuation and no verb of its own between)
            if xe <= s and (s - xe <= scope_window or (
                    s - xe <= 2 * scope_window and not any(a.word(i) in (",", ";", ":", "(", ")") for i in range(xe, s))
                    and not any(xe <= ms < s for ms, _ in a.spans("v:modal")))) and not _reset_between(a, xe, s, g):
                cue = _words(a, (xs, xe))
            elif xe < s and _denying_exception_clause(a, xe, s, negs):
                # "..., except that Customer may not audit the infrastructure on which batch
                # prediction jobs are executed": the clause the exception opens denies the duty there.
                cue = _words(a, (xs, xe + 1))
        # After the mention: "Batch jobs fall outside clause 6.1", "... are exempted from".
        e0 = e
        if e < len(a) and a.word(e) == "(":
            # "Data lodged through the Overnight Queue (the deferred, asynchronous processing of files of
            # requests) is excluded from this Section 11": past the name's own parenthesis
            close = next((i for i in range(e + 1, min(e + 30, len(a))) if a.word(i) == ")"), None)
            e = close + 1 if close is not None else e
        reach = e + 6
        comma = next((i for i in range(e, min(e + 3, len(a) - 1)) if a.word(i) == ","), None)
        if comma is not None and a.norm(comma + 1) in ("which", "who", "that", "being", "namely", "mean"):
            # "batch pipelines, which run on a third-party cluster, are outside ...": past the relative clause
            # (or an aside: "Data lodged through the Overnight Service, being the Vendor's deferred bulk
            # processing product, is excluded from this Clause 10")
            close = next((i for i in range(comma + 2, min(comma + 20, len(a))) if a.word(i) == ","), None)
            reach = close + 6 if close is not None else reach
        else:
            # "Batch input and output files held in the Federation's storage account are excluded
            # from ...": to the verb that ends the subject the batch words head, however long.
            verb = next((i for i in range(e, min(e + 20, len(a))) if a.norm(i) in g.passive_be
                         or a.word(i) in (",", ";", ":", "(", ")")), None)
            if verb is not None and a.norm(verb) in g.passive_be:
                reach = max(reach, verb + 3)
        post = next((i for i in range(e, min(reach, len(a))) if a.norm(i) in g.exclusion_predicate
                     and (a.norm(i - 1) in g.passive_aux or a.norm(i - 1) in g.verb_chain
                          or a.norm(i - 1) in g.exclusion_verb
                          # "(overflow batch workloads excepted, ...)", "batch outputs excepted:"
                          or (i - e <= 2 and (i + 1 >= len(a) or a.word(i + 1) in (",", ")", ":", ";", "-", "\u2013", "\u2014"))))), None)
        if post is not None and not cue and not _negated_before(a, post, 2) and not in_reach(reaches, post) and not (
                post + 1 < len(a) and a.norm(post + 1) == "from" and any(0 <= hs - post <= 5 for hs, _ in a.spans("v:harmful_uses"))):
            cue = _words(a, (s, post + 1))
        e = e0
        if not cue:
            cue = _not_a_member(a, g, s, e)
        # "Batch prediction jobs ... are processed on the sub-processor's standard terms and not
        # under clause 68.1": the batch subject is put outside the clause the negation names.
        if not cue and s <= 2:
            for ns, ne in negs:
                if ne > e and ne + 1 < len(a) and a.norm(ne) in _OUTSIDE_CLAUSE and any(
                        a.norm(i) in _CLAUSE_WORDS for i in range(ne + 1, min(ne + 4, len(a)))):
                    cue = _words(a, (ns, min(ne + 3, len(a))))
                    break
        # "available for real-time requests but not for batch"; "applies to real-time requests only and not
        # to jobs run through the Bulk Endpoint": the units of work, and how they run, before the batch name
        for ns, ne in negs:
            gap = a.tokens[ne:s]
            if a.tokens[ns].norm == "not" and ne <= s and (
                    (len(gap) <= 2 and all(t.norm in _ELLIPSIS_GAP for t in gap))
                    or (len(gap) <= 6 and gap and gap[0].norm in _ELLIPSIS_GAP and any(t.norm in g.work_unit for t in gap)
                        and all(t.norm in _ELLIPSIS_GAP or t.norm in g.work_unit or t.text.lower() in _RUN_WORDS for t in gap))):
                cue = _words(a, (ns, e))
        if not cue and negated and not _own_clause_before(a, e, neg_at):
            cue = neg_cue
        if cue:
            r.batch_excluded.append(m)
            r.cue = r.cue or cue

    # "apply solely to Interactive Sessions": a restriction whose scope holds
    # a real-time mode and no batch mode limits the statement; any batch
    # mention elsewhere in the sentence ("Because Offline Jobs are ...") is
    # then outside it.
    for rs, re_ in a.spans("v:restriction"):
        if not r.sync or _negated_before(a, rs, 2) or in_reach(reaches, rs):
            continue  # "not only real-time but also ...", "no provision of it is limited to real-time use"
        # Post-positive: "apply to data processed through the Interactive Services only".
        post = next((sp for sp in r.sync if 0 <= rs - sp[1] <= 1), None)
        # "... cover Interactive Requests only; Scheduled Inference runs are handled under ...":
        # batch named only after the clause breaks is outside the limited clause.
        stop = next((i for i in range(re_, len(a)) if a.word(i) in (";", ":")), len(a))
        if re_ + 1 < len(a) and a.word(re_) == "," and a.norm(re_ + 1) in ("and", "but", "whereas", "while", "whilst"):
            stop = re_  # "... governs real-time requests only, and batch jobs are processed as ...": a clause of its own
        if post and not any(bs < stop for bs, _ in r.batch_included):
            r.sync_limited = True
            r.cue = r.cue or _words(a, (post[0], re_))
            # What the next clause says of batch is what it gets instead: it is left out.
            r.batch_excluded.extend(m for m in r.batch_included if m[0] > stop)
            break
        end = _scope_end(a, re_, scope_window)
        if end < len(a) and a.norm(end) == ":" and end - re_ <= 5:
            # "apply solely to the following Services: (i) ...; (ii) ...; and (iii) ...": the list is the scope.
            end = len(a)
        if any(end <= bs <= end + 4 and all(a.norm(i) in _COORDINATED_MODE for i in range(end, bs)) for bs, _ in r.batch):
            continue  # "only in Japan, for real-time inference and for batch inference alike": both modes
        if any(re_ <= ss < end and not _compared(a, re_, ss) for ss, _ in r.sync) and not any(re_ <= bs < end for bs, _ in r.batch) and not (
                r.negated_exclusion and r.batch and all(in_reach(reaches, bs) for bs, _ in r.batch)):
            # (not "... solely within Indonesia in respect of real-time requests, provided that nothing in this
            # paragraph shall exclude files submitted for batch processing from that obligation": batch put back)
            r.sync_limited = True
            r.cue = r.cue or _words(a, (rs, min(end, re_ + 5)))
            r.batch_excluded.extend(m for m in r.batch if m not in r.batch_excluded)
            break

    concession = _concession(a) if not r.sync_limited and r.batch else None
    if not r.sync_limited and not r.batch:
        r.products_limited, cue = _products_limited(a, scope_window)
        r.cue = r.cue or cue
    elif concession is not None and all(bs > concession for bs, _ in r.batch) and any(
            rs < concession for rs, _ in a.spans("v:restriction")):
        # "applies only to the Chat Completions endpoint and the Embeddings endpoint, although the Vendor
        # also offers a Batch endpoint": batch is named in a concession, outside the list that limits.
        limited, cue = _products_limited(a, scope_window)
        if limited:
            r.products_limited, r.cue = True, r.cue or cue
            r.batch_excluded.extend(m for m in r.batch if m not in r.batch_excluded)
    elif not r.sync_limited and r.batch and all(
            any(0 <= rs - e <= 1 and re_ < len(a) and a.norm(re_) == ":" for rs, re_ in a.spans("v:restriction"))
            for _, e in r.batch):
        # "for the following Services only: the Chat API and the Embeddings API": the batch-naming
        # word is narrowed to the products listed after the colon, which name no batch product.
        limited, cue = _products_limited(a, scope_window)
        if limited:
            r.products_limited, r.cue = True, r.cue or cue
            r.batch_excluded.extend(m for m in r.batch if m not in r.batch_excluded)

    if not r.products_limited and not r.batch and not r.sync:
        limited, cue = _products_qualifying(a, g)
        if limited:
            r.products_limited, r.cue = True, r.cue or cue
    if region:
        if quantified is not None:
            s, k = quantified
            if not _negated_before(a, s, 4) and not _negated_list(a, s) and not _negated_movement(a, s, g) and not in_reach(reaches, s) and not any(
                    0 <= s - re_ <= 2 for _, re_ in a.spans("v:restriction")) and not _change_noticed(a, s) \
                    and not _FORBIDDEN_AFTER.match(" ".join(a.word(i) for i in range(k + 1, min(k + 9, len(a))))):
                r.region_escape = True
                r.cue = r.cue or _words(a, (s, k + 1))
        for s, e in a.spans("v:region_escape"):
            if not _negated_before(a, s, 4) and not _negated_list(a, s) and not _negated_movement(a, s, g) and not in_reach(reaches, s) and not any(
                0 <= s - re_ <= 2 for _, re_ in a.spans("v:restriction")
            ) and not _time_after(a, e, g) and not _change_noticed(a, s) and not _FORBIDDEN_AFTER.match(
                " ".join(a.word(i) for i in range(e, min(e + 8, len(a))))) and not _CONSENT_GATE.match(
                " ".join(a.word(i) for i in range(e, min(e + 12, len(a))))) and not any(
                pe == s for _, pe in a.spans("v:places")  # "the US Cross-Region Inference Profile": pinned to a place
            ) and not _in_conformity_phrase(a, s) and not (a.word(e - 1).lower() == "outside" and _OUTSIDE_ARRANGEMENT.match(
                " ".join(a.word(i) for i in range(e, min(e + 6, len(a)))))) and not _named_place_after(a, e, g):
                r.region_escape = True
                r.cue = r.cue or _words(a, (s, e))
                break
    return r
