"""The agreement's own names: defined terms for processing modes and for data.

Read from the definitions before sentences are read, so that "Flex",
"Deferred Queue" or "Member Information" count wherever the rule
vocabularies would count "batch" or "customer data".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from ..nlp.definitions import inside_longer_name, umlaut_plurals
from ..nlp.parties import Parties
from ..nlp.stem import stem
from ..nlp.terms import Annotated
from ..rules import RuleSet

if TYPE_CHECKING:  # pragma: no cover
    from .records import SentenceReading

def data_words(ruleset: RuleSet) -> set[str]:
    """Folded single words that name data ("data", "input", "content"...)."""
    vocab = ruleset.vocabulary
    return {stem(w) for key in ("data_objects", "input_artifacts", "output_artifacts")
            for w in vocab.get(key, ()) if " " not in w}


# A definition that points to another ("has the meaning given in the Order Form") says nothing of the
# term's sense itself.
_POINTS_ELSEWHERE = re.compile(r"^\W{0,3}\s*(?:shall\s+)?ha(?:s|ve)\s+the\s+meaning\s+(?:given|set\s+out|ascribed|assigned)", re.I)


def mode_aliases(def_readings: dict[str, SentenceReading], words: set[str], parties: Parties,
                 contrast: frozenset[str] = frozenset(), documents: frozenset[str] = frozenset()) -> dict[str, str]:
    """Names the agreement defines for a processing mode.

    "Flex" (defined as queued, asynchronous processing), "Deferred Jobs",
    "Offline Jobs" become batch names; "Interactive Sessions" or "Tamarack
    API" (defined as synchronous) become real-time names. A term for data
    ("Customer Data") or one whose definition spans both modes ("Services")
    is not a mode name. A term whose own words are a batch name but whose
    definition is real-time ('"Flex processing" means requests sent one at a
    time and answered live') is a real-time name; not when the real-time words
    are contrasted (``contrast``: "outside real time", "unlike interactive calls").
    A term for a document (``documents``: "the Addendum", however its title
    names batch) is no mode name.
    """
    party_names = {p.lower() for p in parties.provider + parties.customer}
    out: dict[str, str] = {}
    described_terms: set[str] = set()
    # '"Print Batch" means the set of policy documents that the Insurer releases for printing':
    # batch only in the term's own words, and nothing in the definition about processing
    # requests. Its batch is another sense of the word; so is that of terms defined by it.
    for term, r in sorted(def_readings.items()):
        own = _own_spans(r.ann, term)
        if _POINTS_ELSEWHERE.search(r.text[r.text.find(term) + len(term):]):
            continue  # '"Batch inference" has the meaning given in the Order Form': its definition is elsewhere
        if (term and r.is_definition and own and not r.modes.batch and not r.modes.sync
                and any(sp in own for sp in r.ann.spans("v:batch")) and not _PROCESSING.search(r.text[r.text.find(term) + len(term):])):
            # '"Arquivo de Lote" means the monthly billing file sent to the CONTRATANTE': the batch word of the
            # term is read in the sense its definition gives (billing), so the term names no mode
            out[term] = "none"
            continue
        if (term and r.is_definition and own and r.modes.batch and all(sp in own for sp in r.modes.batch)
                and not r.modes.sync and not _PROCESSING.search(r.text[r.text.find(term) + len(term):])
                and not (r.ann.has("c:batch_grouped") or r.ann.has("c:batch_deferred"))):
            out[term] = "none"
    unmoded = [t for t, k in out.items() if k == "none"]
    for term, r in sorted(def_readings.items()):
        if term in out:
            continue
        head = stem(term.split()[-1]) if term else ""
        # "Standard Requests", "Batch Requests": a request is the unit of a mode, so
        # a term headed by it names a mode; other data heads name data.
        if not term or (head in words and head != "request" and not unit_genus(r.text, term)) \
                or term.lower() in party_names or (len(term) < 3 and not (len(term) == 2 and term.isupper() and term.isalpha())):
            continue
        if head in documents or term.split()[-1].lower() in documents:
            continue  # 'This Batch and Flex Processing Addendum (the "Addendum")': a document, not a mode
        if data_genus(r.text, term, words) and _batch_only_included(r):
            continue  # '"Tuning Samples" means anonymised extracts of Outputs, including outputs of batch jobs': data
        m = r.modes
        own = _own_spans(r.ann, term)
        if unmoded and m.batch and all(_inside_term(r.ann, sp, unmoded) or sp in own for sp in m.batch):
            continue  # '"Print File" means the file the Insurer transmits for a Print Batch'
        contrasted = any(r.ann.norm(i) in contrast for s0, _ in m.sync for i in range(max(0, s0 - 2), s0))
        # "processes asynchronously, outside the Interactive Service": a real-time name the
        # definition sets itself against is no real-time part of it.
        plain_sync = [sp for sp in m.sync if not any(r.ann.norm(i) in contrast for i in range(max(0, sp[0] - 2), sp[0]))]
        # ... and a batch name it sets itself against ("the synchronous chat interface, as distinct from the
        # file-based Batch Runs") is no batch part of a real-time one
        set_against = [sp for sp in m.batch_included if plain_sync and contrasted_before(r.ann, sp[0], contrast)]
        # Batch words the definition denies ("Flex is neither batch nor asynchronous") are no batch in it.
        if (own and any(sp in own for sp in m.batch) and m.sync and not any(sp not in own for sp in m.batch_included)
                and not contrasted and not (r.ann.has("c:batch_grouped") or r.ann.has("c:batch_deferred"))):
            # '"Flex processing" means requests sent one at a time ... answered live': the
            # term's own words are a batch name elsewhere, but what defines it is real-time.
            out[term] = "sync"
            continue
        # "... the answers not being returned in real time but collected the next morning": a
        # service defined by denying it is real-time is the other mode.
        denied_sync = [sp for sp in m.sync if sp not in own and any(
            0 < sp[0] - ne <= 5 and r.ann.word(ns).lower() in ("not", "never", "n't") for ns, ne in r.ann.spans("v:negation"))]
        if r.is_definition and m.sync and len(denied_sync) == len(m.sync) and not m.batch_excluded and not m.all_modes:
            out[term] = "batch"
            continue
        # A service described as batch without the word: files of many requests,
        # completed later ("when capacity permits", "within 48 hours").
        described = (not m.batch and not m.sync and r.is_definition
                     and r.ann.has("c:batch_grouped") and r.ann.has("c:batch_deferred"))
        # ("the asynchronous, file-based Processing Mode in which ...": the kind it is, not every mode)
        every = [sp for sp in r.ann.spans("v:all_modes") if not _kind_span(r.ann, sp)] if m.all_modes else []
        if (m.batch_included or described) and not plain_sync and not every and not m.batch_excluded:
            out[term] = "batch"
            if described:
                described_terms.add(term)
        elif m.sync and not [sp for sp in m.batch_included if sp not in set_against] and not m.all_modes:
            out[term] = "sync"
    # A definition that names one mode and uses a name for the other ("Services"
    # means the processing of Standard Requests and Deferred Jobs) spans both. A
    # service described as batch without the word ("the modality of the Services by
    # which the Client deposits a file of requests ...") is part of the wider term it
    # uses, not both modes; each is judged against the names as first read.
    first = dict(out)
    for term in sorted(first):
        if term in described_terms or first[term] == "none":
            continue
        r = def_readings[term]
        kinds = {first.get(t) for t in r.terms_used if t != term and not _genus(r.text, t)
                 and not _contrasted(r.text, t, contrast)}
        if ("sync" if first[term] == "batch" else "batch") in kinds:
            del out[term]
    return out


def contrasted_before(a, at: int, contrast: frozenset[str]) -> bool:
    """Is a contrast word ("distinct", "unlike", "rather") among the six words before ``at``, in
    the same clause?"""
    for i in range(at - 1, max(-1, at - 7), -1):
        if a.word(i) in (",", ";", ":", "."):
            return False
        if a.norm(i) in contrast:
            return True
    return False


# Where the kind a definition starts from ends: a clause, a list, a qualifier.
_GENUS_END = {"that", "which", "who", "whose", "including", "includes", "submitted", "sent", "uploaded", "lodged",
              "for", "through", "via", "by", "in", "to", "from", "under", "when", "where", "whether", "and", "or"}
# Words that make the kind a mode or a unit of work, not data.
_UNIT_WORDS = {stem(w) for w in ("job", "jobs", "run", "runs", "service", "services", "API",
                                 "mode", "modes", "queue", "tier", "channel", "endpoint", "processing", "batch",
                                 "batches", "interface", "set", "submission", "task", "tasks", "workload", "option",
                                 "offering", "facility", "product", "feature", "programme", "program")}


def data_genus(text: str, term: str, words: set[str]) -> bool:
    """Does the definition start from a kind of data ('"Tuning Samples" means anonymised extracts of
    Outputs, ...', '"Archive Copies" means copies of Customer Content held ...')? With batch only in
    what it includes, such a term names data; "a set of requests" and "the service" are units and modes."""
    if stem(term.split()[-1].lower()) in _UNIT_WORDS:
        return False
    m = re.search(r"\b(?:means|shall\s+mean)\s+(.*)", text[text.find(term) + len(term):] if term in text else text)
    if not m:
        return False
    kind = []
    for w in re.findall(r"[A-Za-z][\w'-]*|[,;:(]", m.group(1))[:9]:
        if w in (",", ";", ":", "(") or w.lower() in _GENUS_END:
            break
        kind.append(stem(w.lower()))
    return any(w in words for w in kind) and not any(w in _UNIT_WORDS for w in kind)


def _kind_span(a: Annotated, sp: tuple[int, int]) -> bool:
    """Is ``sp`` the kind a definition starts from: a few words after "means", a clause or
    phrase after it ("means the asynchronous, file-based Processing Mode in which ...")?"""
    at = next((i for i in range(sp[0]) if a.norm(i) in ("mean", "means") or a.word(i).lower() == "means"), None)
    if at is None or sp[0] - at > 6:
        return False
    if any(a.norm(i) in _GENUS_END or a.word(i) in (";", ":", "(") for i in range(at + 1, sp[0])):
        return False
    return sp[1] >= len(a) or a.norm(sp[1]) in _GENUS_END or a.word(sp[1]) in (",", ";", ".", "(")


def unit_genus(text: str, term: str) -> bool:
    """Is the kind a definition starts from a service, a mode or a unit of work, whatever the
    term's own last word ('"Scheduled Bulk Completions" means the Supplier's service under which
    ...')? The kind's head is its last word before a clause, a list or "of"."""
    m = re.search(r"\b(?:means|shall\s+mean)\s+(.*)", text[text.find(term) + len(term):] if term in text else text)
    if not m:
        return False
    # "the asynchronous, file-based Processing Mode": adjectives in a row, a comma between them
    value = re.sub(r"^((?:the|a|an)\s+[a-z][\w-]*),\s+(?=[a-z])", r"\1 ", m.group(1), flags=re.I)
    kind = []
    for w in re.findall(r"[A-Za-z][\w'-]*|[0-9][\d.,]*|[,;:(]", value)[:6]:
        if w in (",", ";", ":", "(") or w.lower() in _GENUS_END or w.lower() in ("of", "as"):
            break
        if (w[0].isdigit() and not kind) or w.lower() == "per":
            return False  # "EUR 1.60 per job": a price, not a kind
        kind.append(w)
    # "means Tier C as described in ...": the kind, then its designation
    if len(kind) >= 2 and re.fullmatch(r"[A-Z0-9]{1,3}", kind[-1]) and kind[-2][:1].isupper():
        kind.pop()
    return bool(kind) and not kind[-1].endswith("'s") and stem(kind[-1].lower()) in _UNIT_WORDS


_DETERMINERS = {"the", "a", "an", "any", "all", "each", "its", "their"}
# Words that end the kind a definition starts from: a relative clause or a prepositional phrase.
_AFTER_KIND = {"that", "which", "who", "and", "or", "by", "for", "from", "in", "to", "through", "with", "via", "under"}


def artifacts_of_batch(r: SentenceReading, words: set[str]) -> bool:
    """Does the definition name files or data of the batch mode ('"Batch Requests" means the JSONL
    input files of batch jobs', '... means the files the Mutual lodges with the asynchronous batch
    interface')? Its kind is data (not "requests", which are also the mode's units), then either
    "of" and the batch words, or a relative clause that names batch."""
    a = r.ann
    n = len(a)
    at = next((i for i in range(n) if a.norm(i) in ("mean", "means") or a.word(i).lower() == "means"), None)
    if at is None:
        return False
    i = at + 1
    while i < n and a.norm(i) in _DETERMINERS:
        i += 1
    kind: list[int] = []
    while i < n and a.word(i)[:1].isalpha() and a.norm(i) not in _DETERMINERS and a.norm(i) not in _AFTER_KIND | {"of"} \
            and not (kind and a.word(i).lower().endswith("ed")) and len(kind) < 4 \
            and not (kind and _subject_of_relative(a, kind[-1], i)):
        kind.append(i)
        i += 1
    if not kind or stem(a.word(kind[-1]).lower()) not in words or stem(a.word(kind[-1]).lower()) == "request":
        return False
    if any(stem(a.word(k).lower()) in _UNIT_WORDS for k in kind):
        return False
    batch_at = [s for s, _ in r.modes.batch]
    if i < n and a.norm(i) == "of":
        # "input files of batch jobs", "the files of the Batch API" (not "files of requests which ...")
        return any(i < s <= i + 3 for s in batch_at)
    # "the files the Mutual lodges with the asynchronous batch interface", "files that the Bank
    # uploads to the Batch API", "the output files produced by the overnight batch service": a
    # clause or phrase about the files, naming batch.
    return i < n and (a.norm(i) in _DETERMINERS or a.norm(i) in _AFTER_KIND or a.word(i).lower().endswith("ed")
                      or _subject_of_relative(a, kind[-1], i)) \
        and any(s > i for s in batch_at)


def _subject_of_relative(a, last: int, i: int) -> bool:
    """Does token ``i`` open a relative clause without "that" after the kind ending at ``last``
    ("the output files Provider produces for ...", "the files we return"): a name in capitals
    after lower-case words, or a personal pronoun?"""
    w = a.word(i)
    return (a.word(last).islower() and w[:1].isupper() and w.isalpha() and w not in ("I",)) \
        or (a.word(last).islower() and a.norm(i) in ("we", "you", "it", "they"))


def _batch_only_included(r: SentenceReading) -> bool:
    """Are all the batch words of a definition inside what it includes ("..., including outputs of
    Overnight Batch jobs")? The term is then wider than batch."""
    inclusive = [s for s, _ in r.ann.spans("v:inclusive")]
    return bool(r.modes.batch) and bool(inclusive) and all(s > min(inclusive) for s, _ in r.modes.batch)


def _genus(text: str, term: str) -> bool:
    """Is ``term`` the kind the definition starts from ('"Economy Tier" means the
    discounted Service Tier under which ...'), rather than one of its parts?"""
    names = "|".join(re.escape(v) for v in {term, singular(term)})
    return re.search(rf"\bmeans\s+(?:the|a|an|any|each)\s+(?:[a-z][\w-]*,?\s+){{0,2}}(?:{names})\b(?!\s*(?:,|and\b|or\b))",
                     text) is not None


def compound_aliases(def_readings: dict[str, SentenceReading], aliases: dict[str, str], words: set[str],
                     parties: Parties, units: frozenset[str] = frozenset()) -> dict[str, str]:
    """Defined terms built on a name for a mode: '"Tranche Job" means each such file
    and its processing', where "Tranche" is the batch product, names batch as "Batch
    Job" would; so does a unit of work (``units``: job, run, task ...) defined by
    that name alone ('"Tranche Job" means a single tranche submitted under Tranche
    Processing'). Other terms ("Customer Data" means all data submitted to ...
    Tranche Processing; "Agreement" means these terms and the Tranche Terms) are
    left to the definition chain, and a term built on names of both modes names
    neither."""
    out: dict[str, str] = {}
    party_names = {p.lower() for p in parties.provider + parties.customer}
    for term in sorted(set(def_readings) - set(aliases)):
        kinds = {k for name, k in aliases.items()
                 if name != term and re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", term)}
        if not kinds and term.lower() not in party_names and stem(term.split()[-1]) in units:
            kinds = {aliases[t] for t in def_readings[term].terms_used if t in aliases and t != term}
            r = def_readings[term]
            if r.modes.sync or r.modes.all_modes or (kinds == {"batch"} and r.modes.batch_excluded):
                kinds = set()
        if len(kinds) == 1:
            out[term] = kinds.pop()
    return out


# Words of a definition that describe processing by the service: a batch-named term
# whose definition has none of them ("Print Batch", "premium collection batch") is no mode.
_PROCESSING = re.compile(r"\b(?:requests?|prompts?|jobs?|models?|API|APIs|endpoints?|interface|asynchronous(?:ly)?|"
                         r"inference|predictions?|processing|processed|completions?|outputs?|results?|tokens?|"
                         r"queue[sd]?|service)\b", re.I)


def _contrasted(text: str, term: str, contrast: frozenset[str]) -> bool:
    """Is every use of ``term`` in ``text`` set against ("outside the Interactive Service",
    "unlike Live Calls")?"""
    uses = [m.start() for m in re.finditer(re.escape(term), text)]
    return bool(uses) and all(
        any(stem(w) in contrast or w in contrast for w in re.findall(r"[A-Za-z]+", text[max(0, k - 20):k].lower())[-2:])
        for k in uses)


def _inside_term(a: Annotated, span: tuple[int, int], terms: list[str]) -> bool:
    """Does a vocabulary span lie inside an occurrence of one of ``terms``?"""
    start, end = a.tokens[span[0]].idx, a.tokens[span[1] - 1].idx + len(a.tokens[span[1] - 1].text)
    for t in terms:
        for m in re.finditer(re.escape(t), a.text, re.I):
            if m.start() <= start and end <= m.end() + 2:  # "Print Batches"
                return True
    return False


def _own_spans(a: Annotated, term: str) -> set[tuple[int, int]]:
    """The vocabulary spans that lie inside the defined term's own words, where it is defined."""
    at = a.text.find(term)
    if at < 0:
        return set()
    toks = [i for i, t in enumerate(a.tokens) if at <= t.idx < at + len(term)]
    if not toks:
        return set()
    return {sp for spans in a.matches.values() for sp in spans if toks[0] <= sp[0] and sp[1] <= toks[-1] + 1}


def data_terms(def_readings: dict[str, SentenceReading], aliases: dict[str, str], parties: Parties) -> list[str]:
    """Defined terms for data: '"Member Information" means nonpublic personal
    information ... submitted to Provider'. Their uses count as data wherever
    a rule asks for data."""
    party_names = {p.lower() for p in parties.provider + parties.customer}
    out = []
    alias_keys = {a.lower().rstrip("s") for a in aliases}
    for term, r in sorted(def_readings.items()):
        if term.lower() in party_names or len(term.split()) > 4 or len(term) < 3:
            continue
        toks = r.ann.tokens
        start = next((i for i, t in enumerate(toks) if t.norm in _DEF_VERBS or t.norm.startswith("exclud")
                      or (t.norm in ("doe", "does", "shall") and i + 2 < len(toks) and toks[i + 1].norm == "not"
                          and toks[i + 2].norm.startswith("includ"))), 0)
        if toks and (toks[start].norm.startswith("exclud") or toks[start].norm in ("doe", "does", "shall")):
            # '"Confidential Information" excludes Company Data', '... does not include Company Data': what the
            # term is not, no data of its own
            continue
        # (batch words the definition only leaves out do not make it a mode's name: '"Confidential
        # Information" includes all Company Data, excluding data in files uploaded for Bulk Processing')
        named_modes = [b for b in r.modes.batch if b not in r.modes.batch_excluded] or r.modes.sync
        if term.lower().rstrip("s") in alias_keys or (named_modes and not (
                term not in aliases and _batch_only_included(r) and not r.modes.sync)):
            # A name for a mode or a product is not data, unless what it names is the
            # mode's files: '"Quill Nightly Deliverables" means the output files produced
            # by the overnight batch service' is batch and data at once.
            head = [t.norm for t in r.ann.tokens[start + 1:start + 5]]
            if not any(h in _FILE_HEADS for h in head):
                continue
        if any(start <= s <= start + 6 for s, _ in r.ann.spans("v:data_objects")):
            out.append(term)
    return out


_FILE_HEADS = {stem(w) for w in ("file", "files", "artifact", "artefact", "record", "records")}


_DEF_VERBS = {"mean", "means", "include", "includ", "refer", "is", "are", "compris", ":"}


_OTHER_MODE = {"v:batch": "v:synchronous", "v:synchronous": "v:batch"}


def singular(name: str) -> str:
    """The singular of a plural name's last word ("Deferred Jobs" -> "Deferred Job",
    "Batch Queries" -> "Batch Query", "Night Batches" -> "Night Batch", "NIGHT WORKLOADS" ->
    "NIGHT WORKLOAD")."""
    if name.isupper():
        return singular(name.lower()).upper()
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("ches", "shes", "sses", "xes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith(("ss", "us", "is")):
        return name[:-1]
    return name


# The labels of artifacts and data a service's name may hold in its own words ("Summaries").
_ARTIFACT_LABELS = ("v:input_artifacts", "v:output_artifacts", "v:data_objects")


def alias_patcher(aliases: dict[str, str], data: list[str], data_labels: list[str],
                  services: frozenset[str] = frozenset()) -> Callable[[Annotated], Annotated]:
    """A function adding the agreement's own names to a sentence's matches:
    defined mode names as batch/real-time mentions, defined data terms as data.
    In the names of ``services`` ("Overnight Summaries", defined as "the service in
    which ..."), the words for artifacts are part of the name, not artifacts."""
    names = {t: ("v:batch",) if k == "batch" else ("v:synchronous",) if k == "sync" else ("-v:batch",)
             for t, k in aliases.items()}
    for t in data:
        names[t] = names.get(t, ()) + tuple(data_labels)
    data_set = frozenset(data)
    if not names:
        return lambda a: a
    # A name of several words is also the name with its first letter in lower case
    # ('"Flex processing" means ...', used as "flex processing").
    spelled = {t: t for t in names}
    for t in list(names):
        # A plural name is also used in the singular ('"Night Runs" means ...', "any Night Run").
        one = singular(t) if " " in t else t  # not "Services" -> "Service Provider"
        if one != t:
            spelled.setdefault(one, t)
        for form in umlaut_plurals(t):  # "Massenauftrag", used as "Massenauftr\u00e4ge"
            spelled.setdefault(form, t)
    for t in list(spelled):
        if " " in t and t[0].isupper():
            spelled.setdefault(t[0].lower() + t[1:], spelled[t])
        elif " " in t and t[0].islower():
            spelled.setdefault(t[0].upper() + t[1:], spelled[t])  # "Overnight queue jobs ..." at a sentence's start
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(spelled, key=len, reverse=True))
                         # (not "item 1.2", a section, for the order line "Item 1")
                         + r")(?:s|es|S|ES)?(?![\w-]|[.,]\d)")

    def patch(a: Annotated) -> Annotated:
        found = list(pattern.finditer(a.text))
        if not found:
            return a
        matches = {k: list(v) for k, v in a.matches.items()}
        added = False
        for m in found:
            if inside_longer_name(a.text, m.start(), m.end()):
                continue  # "This Master Services Agreement": a document's name, not the Services
            toks = [i for i, t in enumerate(a.tokens) if m.start() <= t.idx < m.end()]
            if toks:
                span = (toks[0], toks[-1] + 1)
                if spelled[m.group(1)] in services:
                    for label in _ARTIFACT_LABELS:
                        kept = [(s, e) for s, e in matches.get(label, ()) if not (span[0] <= s and e <= span[1])]
                        if len(kept) != len(matches.get(label, ())):
                            matches[label] = kept
                            added = True
                as_class = span[0] >= 1 and a.tokens[span[0] - 1].norm in ("as", "constitut", "constitute")
                for label in names[spelled[m.group(1)]]:
                    if as_class and spelled[m.group(1)] in data_set and label in data_labels:
                        continue  # "are not treated as Confidential Information": the term names a status, not data
                    if label.startswith("-"):
                        # "Print Batch": the term is another sense of the word, no batch mention.
                        gone = [(s, e) for s, e in matches.get(label[1:], ()) if s < span[1] and span[0] < e]
                        if gone:
                            matches[label[1:]] = [sp for sp in matches[label[1:]] if sp not in gone]
                            added = True
                        continue
                    other = _OTHER_MODE.get(label)
                    if other and any(s < span[1] and span[0] < e for s, e in matches.get(other, ())):
                        # The agreement's own definition decides: "flex processing", defined as
                        # real-time, is no batch name here, nor is the "Flex tier" it heads.
                        matches[other] = [(s, e) for s, e in matches[other] if not (s < span[1] and span[0] < e)]
                        added = True
                    if not any(s <= span[0] and span[1] <= e for s, e in matches.get(label, ())):
                        matches.setdefault(label, []).append(span)
                        added = True
                if spelled[m.group(1)] in data_set and not as_class and any(
                        s < span[1] and span[0] < e for s, e in matches.get("v:other_objects", ())):
                    # '"Confidential Information" includes all Company Data': the agreement's own definition
                    # makes the term the customer's data, not the other party's information
                    matches["v:other_objects"] = [(s, e) for s, e in matches["v:other_objects"] if not (s < span[1] and span[0] < e)]
                    added = True
        if not added:
            return a  # nothing the vocabularies had not already found
        return Annotated(a.text, a.tokens, {k: tuple(sorted(set(v))) for k, v in matches.items() if v})

    return patch




# A sentence that introduces a product by its name: "Nocturne is our asynchronous
# batch product", "Relay Overnight accepts a file of requests ...", "The Tideline
# service processes each file asynchronously". The label before it is skipped.
_LEAD_LABEL = re.compile(r"^\s*(?:(?:\([0-9A-Za-z]{1,5}\)|[A-Z]?\.?[0-9]+(?:\.[0-9]+)*\.?|[A-Z]\.)\s+)*")
_NAMING = re.compile(r"(?:(?:The|Our)\s+)?(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})\s+(?=[a-z])")
_NEXT_WORD = re.compile(r"\s+([A-Za-z']+)")
_COMMON_NAMING = re.compile(r"(?:The|Our)\s+(?P<name>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){1,3})")


# Labels of remarks, not names: "Note:", "Comment:", "Q:", "Answer:".
_ANNOTATION_LABELS = {"note", "notes", "nb", "n.b.", "comment", "comments", "remark", "remarks", "example", "question",
                      "answer", "q", "a", "response", "status", "explanation", "clarification"}


def described_products(readings: list[SentenceReading], text: str, known: set[str], parties: Parties,
                       words: set[str], verbs: frozenset[str], hedges: frozenset[str],
                       follow: frozenset[str], nouns: frozenset[str] = frozenset()) -> dict[str, str]:
    """Names of products the agreement introduces by describing them, not by a
    definition: the subject of a sentence whose verb says what the product does
    or is (``verbs``: "is", "accepts", "processes", "lets" ...) and whose words
    describe one processing mode only ("asynchronously", "a file of requests ...
    within 24 hours"; "in real time"), without negation or a word of option
    (``hedges``: "can", "may", "supports", "also" ...). What the next sentence
    says counts too, when its subject (``follow``: "we", "it",
    or the provider) goes on about the product: "Relay Overnight accepts a file
    of requests. We process the requests asynchronously."

    The name must be written as a proper name: capitalised inside sentences
    elsewhere in the agreement and never in lower case, so "Responses are
    delivered asynchronously" or "Usage is reconciled in a batch" name nothing.
    A name of a party, of data ("Customer Content") or one the agreement defines
    (``known``) is left to its definition. A name described as both modes is
    neither.
    """
    party_names = {p.lower() for p in parties.provider + parties.customer}
    known_lower = {k.lower().rstrip("s") for k in known}
    by_clause: dict[str, list[SentenceReading]] = {}
    for r in readings:
        by_clause.setdefault(r.clause.id, []).append(r)
    found: dict[str, set[str]] = {}
    for r in readings:
        a = r.ann
        lead = _LEAD_LABEL.match(a.text)
        if r.clause.kind == "heading":
            # "B.2 Lattice Tidewater (batch inference)": a heading that glosses the product.
            g = _GLOSSED.match(a.text, lead.end() if lead else 0)
            kind = _described_mode(r) if g else None
            if kind and not _vocabulary_name(a, g.start("name"), g.end("name")) and _proper_name(g.group("name"), text):
                found.setdefault(g.group("name"), set()).add(kind)
            continue
        item = _GLOSS_ITEM.match(r.text) if r.clause.kind == "clause" and not r.is_definition else None
        if item:
            # "You offer three ways to use the models: - live calls: ...; - the overnight
            # queue: we upload a file of requests, you run them asynchronously ...": a
            # glossary in a list names each mode by what it describes, in any case.
            name = item.group("name")
            at = a.text.find(name + ":")
            kind = _glossed_mode(r, at, at + len(name)) if at >= 0 else None
            after = a.text[at + len(name) + 1:].lstrip() if at >= 0 else ""
            if (kind and name.lower() not in party_names and not any(stem(w) in words for w in name.lower().split())
                    and name.lower() not in _ANNOTATION_LABELS and not re.match(r"(?i)(?:this|these|that|it|they)\b", after)):
                # (not "- Note: this includes JSONL files uploaded to the Message Batches API": a note on
                # the line before, which names no mode)
                found.setdefault(name, set()).add(kind)
            continue
        if r.is_definition or r.clause.kind != "clause" or r.off_topic:
            continue  # "Scheduled Workloads are charged at half the rate for Real-Time Requests"
        m = _NAMING.match(a.text, lead.end() if lead else 0)
        common = None
        if m is None or m.group("name") in ("The", "Our"):
            # "The overnight queue lets you lodge a file of requests": a service named by
            # common words, headed by a word for a service (``nouns``: queue, lane, tier ...).
            common = _COMMON_NAMING.match(a.text, lead.end() if lead else 0)
            if common is None:
                continue
            words_ = common.group("name").split()
            head = next((k for k in range(1, len(words_)) if stem(words_[k]) in nouns), None)
            if head is None:
                continue
            m = common
        name = m.group("name") if common is None else " ".join(words_[:head + 1])
        s = m.start("name")
        e = s + len(name)
        nxt = _NEXT_WORD.match(a.text, e)
        if nxt is None or stem(nxt.group(1).lower()) not in verbs:
            continue  # decided from the text, before any token is built: "Each party shall ..."
        lname = name.lower()
        if lname in party_names or lname.rstrip("s") in known_lower or any(lname == p or lname.endswith(" " + p) for p in party_names):
            continue
        toks = [i for i, t in enumerate(a.tokens) if s <= t.idx < e]
        if not toks or toks[-1] + 1 >= len(a):
            continue
        if any(stem(a.norm(i)) in words for i in toks):
            continue  # "Customer Content is processed asynchronously ...": data, not a product
        if _vocabulary_name(a, s, e):
            continue  # a name the vocabularies already read ("Batch API", "Interactive Sessions")
        if any(a.norm(i) in hedges for i in range(toks[-1] + 1, len(a))) or a.has("v:negation"):
            continue
        kind = _described_mode(r)
        sentences = by_clause[r.clause.id]
        at = next((k for k, x in enumerate(sentences) if x is r), -1)
        if kind is None and 0 <= at < len(sentences) - 1:
            # The next sentence goes on about the product when the provider or a pronoun
            # is its subject: "Relay Night accepts a file of requests. We process the
            # requests asynchronously."
            x = sentences[at + 1]
            if (not x.ann.has("v:negation") and not x.off_topic and len(x.ann)
                    and not any(x.ann.norm(i) in hedges for i in range(len(x.ann)))
                    and (x.ann.norm(0) in follow or any(s0 == 0 for s0, _ in x.ann.spans("v:provider_parties")))):
                kind = _described_mode(x)
        if kind is None or (common is None and not _proper_name(name, text)):
            continue
        found.setdefault(name, set()).add(kind)
    return {n: k.pop() for n, k in sorted(found.items()) if len(k) == 1}


_GLOSSED = re.compile(r"(?:(?:The|Our)\s+)?(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})\s*\([^()]{3,60}\)\s*$")


_GLOSS_ITEM = re.compile(r"^\s*(?:[-*\u2022\u2013]|\([a-z0-9]{1,3}\))\s+(?:the\s+|an?\s+)?"
                         r"(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}):\s+\S")


def _glossed_mode(r: SentenceReading, start: int, end: int) -> str | None:
    """The one mode a glossary item's description names, the name's own words aside."""
    a = r.ann
    inside = {i for i, t in enumerate(a.tokens) if start <= t.idx < end}
    if not inside or r.off_topic:
        return None  # "- Batch API: 50% of the Interactive API rate": a price, not a gloss
    m = r.modes
    batch = [sp for sp in m.batch_included if sp[0] not in inside]
    sync = [sp for sp in m.sync if sp[0] not in inside]
    colon = max(inside) + 1
    own = any(sp[0] in inside for sp in m.batch + m.sync)
    if own and not any(colon < sp[0] <= colon + 4 for sp in batch + sync):
        # A name the vocabulary already reads is glossed as the other mode only when the
        # description says so at once: "flex processing: a live call we send ...".
        return None
    if batch and not sync and not m.all_modes:
        return "batch"
    if sync and not batch and not m.all_modes:
        return "sync"
    return None


def _vocabulary_name(a: Annotated, start: int, end: int) -> bool:
    """Whether the characters ``start``-``end`` hold words a vocabulary reads."""
    toks = [i for i, t in enumerate(a.tokens) if start <= t.idx < end]
    return any(ps <= toks[-1] and toks[0] < pe for label, spans in a.matches.items() if label.startswith("v:")
               for ps, pe in spans) if toks else True


def _described_mode(r: SentenceReading) -> str | None:
    m = r.modes
    batch = (m.batch and not m.batch_excluded) or (r.ann.has("c:batch_grouped") and r.ann.has("c:batch_deferred"))
    if batch and not m.sync and not m.all_modes:
        return "batch"
    if m.sync and not m.batch and not m.all_modes:
        return "sync"
    return None


def _proper_name(name: str, text: str) -> bool:
    """Written capitalised inside a sentence somewhere, and never in lower case."""
    if re.search(r"(?<![\w-])" + re.escape(name.lower()) + r"(?![\w-])", text):
        return False
    for k in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
        before = re.search(r"(\S+)[ \t]+$", text[max(0, k.start() - 40):k.start()])
        word = before.group(1) if before else ""
        if word and word[-1] not in ".!?:" and (word[0].islower() or word[-1] in ",;(-\u2013\u2014" or word[0] == "("):
            return True
    return False


_NAME_STOP = {"The", "A", "An", "This", "These", "Each", "Any", "All", "Its", "Their", "Our", "Your"}


_GLOSS_OPENERS = {"including", "includes", "excluding", "other", "except", "save", "such", "for", "e.g.", "i.e.", "eg", "ie",
                  "if", "where", "which", "that", "whether", "as", "and", "or", "not", "in", "with", "without", "together"}


_LABELLED_NAME = re.compile(r"^\s*(?P<name>[A-Z][\w'\u2019-]*(?:[ -][A-Z][\w'\u2019-]*){0,4})\s*:\s+(?P<value>\S.*)$", re.S)


_EQUATED = re.compile(r"\bmeans\s+(?:the\s+)?(?P<name>[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|[A-Z0-9]{1,3}))*)\s+(?:as\s+(?:described|defined|set\s+out|specified)|of\s+the|in\s+the|under\s+the)\b")


def equated_names(aliases: dict[str, str], def_readings: dict[str, SentenceReading], parties: Parties) -> dict[str, str]:
    """Names a mode's defined term is equated with: '"Scheduled Bulk Completions" means Tier C as
    described in the Service Description, under which ...' makes "Tier C" the batch name too, as
    the Service Description calls it ("Access logs for Tier C are kept for seven days")."""
    party_names = {p.lower() for p in parties.provider + parties.customer}
    out: dict[str, str] = {}
    for term, kind in sorted(aliases.items()):
        r = def_readings.get(term)
        if r is None or kind not in ("batch", "sync"):
            continue
        m = _EQUATED.search(r.text)
        if m is None or m.start() > r.text.find(term) + len(term) + 12:
            continue
        name = m.group("name")
        if len(name) >= 4 and " " in name and name.lower() not in party_names and name not in aliases:
            out[name] = kind
    return out


def labelled_names(readings: list[SentenceReading], parties: Parties) -> dict[str, str]:
    """Names an order form or service description defines on a line of their own, a name and a
    colon before a service of one mode: "Offline Scoring Job: the Provider's asynchronous service
    under which the Reinsurer uploads a JSONL file of requests ..." makes "Offline Scoring Job" a
    batch name, "Real-time Endpoint: the Provider's synchronous inference API" a real-time one.
    The value must start from a service or a unit of work ("EUR 1.60 per 1,000 requests" is a
    price, "Hosting location: Ireland" a place)."""
    party_names = {p.lower() for p in parties.provider + parties.customer}
    out: dict[str, str] = {}
    for r in readings:
        m = _LABELLED_NAME.match(r.text)
        if not r.label_line or m is None or not (r.modes.batch or r.modes.sync):
            continue
        name, value = m.group("name").strip(), m.group("value")
        # A description, not a value ("Service: Batch API (asynchronous)" names the row's service)
        if not re.match(r"(?:the|a|an|our|its|their|[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*['\u2019]s)\s", value, re.I) \
                or stem(name.split()[-1].lower()) in _UNIT_WORDS and " " not in name:
            continue
        if len(name) < 4 or name.lower() in party_names or not unit_genus(f'"{name}" means {value}', name):
            continue
        a = r.ann
        colon = next((i for i in range(len(a)) if a.word(i) == ":"), None)
        if colon is None:
            continue
        batch = [sp for sp in r.modes.batch_included if sp[0] > colon]
        sync = [sp for sp in r.modes.sync if sp[0] > colon]
        if bool(batch) != bool(sync) and not r.modes.batch_excluded and not r.modes.all_modes:
            out.setdefault(name, "batch" if batch else "sync")
    return out


def glossed_names(readings: list[SentenceReading], parties: Parties, words: set[str] = frozenset(),
                  aliases: dict[str, str] | None = None) -> dict[str, str]:
    """Names the agreement glosses in brackets with a mode: "all workloads, including Queued
    Workloads (Lumenwright's asynchronous batch service)" makes "Queued Workloads" a batch name,
    "Live Workloads (real-time API calls)" a real-time one, wherever the name is used again.
    A gloss that lists a name the agreement defines for the other mode (``aliases``) lists the
    parts of a suite: "Underwriting Assistant (Messages Interface and Message Batches)" is both."""
    other = {n: k for n, k in (aliases or {}).items() if k in ("batch", "sync")}
    party_names = {p.lower() for p in parties.provider + parties.customer}
    data = set(words)
    out: dict[str, str] = {}
    for r in readings:
        m = r.modes
        if not (m.batch or m.sync) or "(" not in r.text:
            continue
        a = r.ann
        n = len(a)
        for o in range(1, n):
            if a.word(o) != "(":
                continue
            c = next((k for k in range(o + 1, min(o + 16, n)) if a.word(k) in (")", "(")), None)
            if c is None or a.word(c) != ")":
                continue
            if a.word(o + 1).lower() in _GLOSS_OPENERS:
                continue  # "Customer Outputs (including those of any Batch Job)": what it includes, no gloss
            inside_batch = [sp for sp in m.batch if o < sp[0] and sp[1] <= c]
            inside_sync = [sp for sp in m.sync if o < sp[0] and sp[1] <= c]
            if bool(inside_batch) == bool(inside_sync) or any(sp in m.batch_excluded for sp in inside_batch):
                continue
            gloss = " ".join(a.word(i) for i in range(o + 1, c))
            if any(k != ("batch" if inside_batch else "sync") and re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", gloss)
                   for n, k in other.items()):
                continue  # a part of the other mode listed too
            k = o
            while k > 0 and a.word(k - 1)[:1].isupper() and a.word(k - 1).isalpha() and o - k < 4:
                k -= 1
            named = [a.word(i) for i in range(k, o)]
            while named and named[0] in _NAME_STOP:
                named = named[1:]
            # the name itself is no mode word already ("the Batch API (asynchronous)")
            if not named or any(s0 < o and e0 > o - len(named) for s0, e0 in m.batch + m.sync):
                continue
            name = " ".join(named)
            if len(name) < 4 or name.lower() in party_names or stem(named[-1].lower()) in data:
                continue  # ("Customer Outputs (...)": data, not a service)
            if any(ps < o and pe > o - len(named) for ps, pe in a.spans("v:places")):
                continue  # "Hosting location: Japan (real-time inference)": where that mode runs, not its name
            if _CLAUSE_OF.search(a.text[:a.tokens[o].idx]):
                continue  # "Section 9.4 of the Agreement (Batch Exclusion)": the title a clause goes by
            out.setdefault(name, "batch" if inside_batch else "sync")
    return out


# "Section 9.4 of the Agreement (", "clause 12 of this Contract (": a clause of a document, its title after.
_CLAUSE_OF = re.compile(r"(?:\u00a7\s*|\b(?:section|clause|article|paragraph|art\.)\s+)[\w.()]{1,12}\s+of\s+(?:the|this)\s+"
                        r"(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*\s*$", re.I)
