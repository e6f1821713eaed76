"""Coordinated scope statements, read one conjunct at a time.

"Clause 7.1 applies to batch jobs; clause 7.2 does not." says two things
about two sections. Read as one sentence it names both sections and both
polarities; read by conjunct, the first extends clause 7.1 to batch and the
second, once its elided predicate is restored from the first ("clause 7.2
does not apply to batch jobs"), carves batch out of clause 7.2.

A sentence is split only when every conjunct names a section (or annex) and
is a statement of scope: it has a scope verb of the rule set (``apply``,
``extend``, ``cover``, ``subject to``...) or is an elided one ("clause 7.2
does not", "but not clause 7.2").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .references import parse_refs, ref_spans

# A proviso is a conjunct of its own: "Clause 12.1 shall not apply to the Batch
# Service, save that nothing in this clause shall exclude it from clause 12.3".
_BOUNDARY = re.compile(r"\s*;\s*|,?\s+(?=(?:but|whereas|while)\s)|,\s+(?=and\s)|,\s+(?=(?:save|provided|except)(?:,\s+however,)?\s+that\s)"
                       # ("clause 8.2 ... is deleted in its entirety and clause 8.1 ... applies to batch prediction jobs")
                       r"|(?:(?<=entirety)|(?<=deleted)|(?<=repealed)|(?<=revoked)|(?<=removed))\s+"
                       r"(?=and\s+(?:the\s+)?(?:clauses?|sections?|articles?|paragraphs?|numerals?|\u00a7)\s)", re.I)
_LEAD = re.compile(r"^(?:and|but|whereas|while|save\s+that|provided(?:,\s+however,)?\s+that|except\s+that)\s+", re.I)
# "...; provided, however, that the Service Level Credits shall not apply to ...": a proviso
# with a subject of its own, read on its own even when it names no section.
_PROVISO = re.compile(r"^provided(?:,\s+however,)?\s+that\s+(?!it\b|they\b|such\b|this\b|the\s+same\b)", re.I)
_COORDINATED = re.compile(r";|\b(?:but|whereas|while|and)\s|\b(?:save|provided|except)\s+that\s", re.I)
# "clause 7.2 does not", "those in clause 7.2 shall not", "clause 7.2 does not do so"
# ... "Section 6 (Audit) is not so extended", "is not so applied": the predicate named again by "so"
_ELIDED = re.compile(r"^(?P<subj>.+?)\s+(?P<aux>does|do|did|shall|will|must|is|are)\s+not(?:\s+do\s+so|\s+so\s+(?:extended|applied|covered))?\s*[.;:]?\s*$",
                     re.I)
_SO_PREDICATE = re.compile(r"\bnot\s+so\s+\w+\s*[.;:]?\s*$", re.I)
# "but not clause 7.2"
_NOT_SUBJECT = re.compile(r"^not\s+(?P<subj>.+?)\s*[.;:]?\s*$", re.I)
_MODALS = {"shall", "will", "must", "does", "do", "also", "equally", "likewise", "similarly", "only"}
_BE = {"is", "are"}
_AUX = {"shall", "will", "must"}


@lru_cache(maxsize=16)
def _verbs(words: tuple[str, ...]) -> re.Pattern[str]:
    """Scope verbs as a pattern: each word, or its stem with any ending ("applies")."""
    alternatives = sorted({re.escape(w[:-1] if w.endswith("y") else w) for w in words if w}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\w*\b", re.I)


def conjuncts(text: str, verbs: tuple[str, ...], before: str | None = None,
              refs: list[str] | None = None) -> list[str]:
    """The texts to read for ``text``, one per conjunct, elided predicates
    restored; empty when the sentence is not a coordinated scope statement.

    ``before`` is the sentence before in the same clause: a sentence that is
    one elided conjunct ("Clause 7.1 applies to batch jobs. Clause 7.2 does
    not.") takes its predicate from there. ``refs`` are ``text``'s section
    references, when the caller has them.
    """
    refs = parse_refs(text) if refs is None else refs
    stripped = text.strip()
    parts = [p for p in _BOUNDARY.split(stripped) if p and p.strip()]
    if not refs:
        # "The confidentiality and audit commitments extend to bulk inference jobs; the hosting
        # commitment does not.": provisions named by topic, the second conjunct elided.
        return _by_provision(parts, _verbs(verbs)) if before is None else []
    # A sentence that is one elided conjunct ("Clause 7.2 does not."), not one whose last conjunct is.
    elided = before is not None and len(parts) == 1 and bool(
        _ELIDED.match(stripped) or _NOT_SUBJECT.match(_LEAD.sub("", stripped)))
    own_subject = len(parts) == 2 and _PROVISO.match(parts[1].strip()) is not None
    if not elided and (not _COORDINATED.search(text) or (len(refs) < 2 and len(ref_spans(text)) < 2 and not own_subject)):
        return []  # a split needs a section named in each conjunct, or a proviso with its own subject
    verb = _verbs(verbs)
    previous: tuple[str, int] | None = None  # the last conjunct with a scope verb, and where its predicate starts
    if elided:
        previous = _last_scope(before or "", verb)
        if previous is None:
            return []
    if len(parts) < 2 and previous is None:
        return []
    out: list[str] = []
    for raw in parts:
        part = _LEAD.sub("", raw.strip())
        if not parse_refs(part) and not (own_subject and raw is parts[-1] and verb.search(part)):
            return []
        elided = _ELIDED.match(part)
        bare_not = _NOT_SUBJECT.match(part)
        if (elided or bare_not) and previous is not None and (not verb.search(part) or _SO_PREDICATE.search(part)):
            if elided:
                subject, aux = elided.group("subj"), elided.group("aux")
            else:
                subject, aux = bare_not.group("subj"), "does"  # type: ignore[union-attr]
            out.append(_restored(subject, aux, *previous))
            continue
        m = verb.search(part)
        if m is None:
            if _REMOVED.search(part) and len(parts) > 1:
                out.append(part)  # "Numeral 6.2 is hereby deleted, and numeral 6.1 shall apply in full to ...": each its own
                continue
            return []
        if previous is not None:
            # "Section 5 applies to the Batch Prediction service, whereas Section 6 is not applicable to
            # it": the pronoun stands for what the conjunct before applied its section to
            target = _OBJECT.search(previous[0], previous[1])
            if target is not None:
                part = _PRONOUN_OBJECT.sub(lambda x: x.group(1) + target.group("obj"), part)
        previous = _with_predicate(part, m)
        out.append(part)
    return out


# What a scope verb applies its section to: "applies to the Batch Prediction service".
_OBJECT = re.compile(r"\b(?:to|for)\s+(?P<obj>[^,;:]{3,80}?)\s*$", re.I)
_PRONOUN_OBJECT = re.compile(r"\b((?:to|for)\s+)(?:it|them)\b(?=\s*[.;:]?\s*$)", re.I)


# A subject that names provisions by what they are about: "the hosting commitment", "the audit obligations".
_PROVISION = re.compile(r"\b(?:commitments?|obligations?|duty|duties|undertakings?|provisions?|protections?|requirements?)\b", re.I)


def _by_provision(parts: list[str], verb: re.Pattern[str]) -> list[str]:
    """Two conjuncts about provisions named by topic, the second elided ("...; the hosting
    commitment does not"), as two sentences; none when the sentence is not so built."""
    if len(parts) != 2:
        return []
    first, second = (_LEAD.sub("", p.strip()) for p in parts)
    m = verb.search(first)
    elided = _ELIDED.match(second)
    if m is None or elided is None or verb.search(second) or not _PROVISION.search(first[:m.start()]) \
            or not _PROVISION.search(elided.group("subj")):
        return []
    return [first, _restored(elided.group("subj"), elided.group("aux"), *_with_predicate(first, m))]


def _last_scope(sentence: str, verb: re.Pattern[str]) -> tuple[str, int] | None:
    """The last conjunct of ``sentence`` that names a section and has a scope
    verb, and where its predicate starts."""
    found = None
    for raw in _BOUNDARY.split(sentence.strip()):
        part = _LEAD.sub("", raw.strip())
        m = verb.search(part)
        if m is not None and parse_refs(part):
            found = _with_predicate(part, m)
    return found


def _with_predicate(part: str, verb: re.Match[str]) -> tuple[str, int]:
    """A conjunct with a scope verb, and where its predicate starts."""
    return part.rstrip(" .;:"), _predicate_start(part, verb.start())


def _restored(subject: str, aux: str, previous: str, at: int) -> str:
    """The elided conjunct whose contrasted element is ``subject``, in full.

    When the previous conjunct's section is its subject ("Clause 7.1 applies
    to batch jobs; clause 7.2 does not"), ``subject`` takes the predicate:
    "clause 7.2 does not apply to batch jobs". When its section is the object
    ("Batch jobs are subject to Section 5, but not Section 6"), ``subject``
    replaces that section: "Batch jobs are not subject to Section 6".
    """
    after = [(cs, ce) for cs, ce in ref_spans(previous) if cs >= at]
    # (a reference in brackets inside the subject is no subject: "The Overnight Run (the facility
    # described in Schedule 1) is subject to Clause 9")
    if after and not [1 for cs, _ in ref_spans(previous) if cs < at and not _in_brackets(previous, cs)]:
        cs, ce = after[0]
        title = _TITLE.match(previous, ce)  # "Clause 9 (Hosting)": the section's title goes with it
        ce = title.end() if title else ce
        predicate = previous[at:cs] + subject + previous[ce:]
        return _negated(previous[:at].strip(), "does", predicate)
    return _negated(subject, aux, previous[at:])


_REMOVED = re.compile(r"\b(?:is|are|shall\s+be)\s+(?:hereby\s+)?(?:deleted|repealed|revoked|struck\s+out)\b", re.I)
_TITLE = re.compile(r"\s*\([A-Z][^()]{1,40}\)")


def _in_brackets(text: str, at: int) -> bool:
    return text.count("(", 0, at) > text.count(")", 0, at)


def _predicate_start(part: str, verb_at: int) -> int:
    """Where the predicate begins: at the scope verb, or at the auxiliaries and
    adverbs just before it ("shall also apply", "are subject to")."""
    words = list(re.finditer(r"\S+", part[:verb_at]))
    start = verb_at
    for w in reversed(words):
        if w.group().lower() in _MODALS | _BE | {"be"}:
            start = w.start()
        else:
            break
    return start


def _negated(subject: str, aux: str, predicate: str) -> str:
    """``subject`` + ``aux`` + "not" + the predicate in its base form."""
    words = predicate.split()
    be = None
    while words and words[0].lower() in _MODALS | _BE:
        w = words.pop(0).lower()
        be = w if w in _BE else be
        aux = w if w in _AUX and aux.lower() in ("does", "do") else aux
    if not words:
        return f"{subject} {aux} not"
    if be is not None or aux.lower() in _BE:
        return f"{subject} {be or aux} not {' '.join(words)}"
    head = words[0]
    low = head.lower()
    if low.endswith("ies"):
        head = head[:-3] + "y"
    elif low.endswith(("ches", "shes", "sses", "xes")):
        head = head[:-2]
    elif low.endswith("s") and not low.endswith("ss"):
        head = head[:-1]
    return f"{subject} {aux} not {' '.join([head] + words[1:])}"
