"""Reading one sentence against the rule set.

The output is one ``SentenceReading`` (see ``records``) per sentence,
conjunct or table cell of interest: what it does (its function), which
topics it commits to, who the actor is, how it treats batch and synchronous
processing, which artifacts, durations and section references it carries.
``document`` reads a whole document with it; ``topic`` turns readings into
verdicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..model import Clause, Sentence
from ..nlp.definitions import is_definition_sentence
from ..nlp.parties import Parties
from ..nlp.grammar import Grammar, bracket_spans, deferred, is_number_label, denied_grant, in_party_name, in_reach, may_hold, negated_subjects, is_predicate, is_url, main_modals, manner_however, main_scope_predicate, opening_phrase, points_outside
from ..nlp.stem import stem
from ..nlp.scope import ModeReading, merge, mentions, near, read_modes
from ..nlp.terms import Annotated, TermMatcher
from ..rules import Rule, RuleSet
from .durations import UNTIL_DELETED, find_durations
from .labels import column_label, grammar_of, group_label, ignore_label, ignore_labels, schedule_label, topic_label
from .references import parse_refs, resolve_paragraphs
from .records import SentenceReading



def matcher_labels(ruleset: RuleSet) -> dict[str, tuple[str, ...]]:
    labels: dict[str, tuple[str, ...]] = {f"v:{k}": v for k, v in ruleset.vocabulary.items()}
    if ruleset.cues is not None:
        labels.update(ruleset.cues.matcher_labels())
    for rule in ruleset.rules:
        for k, pattern in enumerate(rule.patterns()):
            for i, group in enumerate(pattern):
                labels[group_label(rule, k, i)] = group
        for k, (terms, _) in enumerate(rule.ignore_near):
            labels[ignore_label(rule, k)] = terms
        labels[topic_label(rule)] = rule.topic_terms
        if rule.schedule_terms:
            labels[schedule_label(rule)] = rule.schedule_terms
        for i, col in enumerate(rule.table_columns):
            labels[column_label(rule, i)] = col.match
    return labels


@lru_cache(maxsize=8)
def _matcher_for(key: str, labels: tuple[tuple[str, tuple[str, ...]], ...]) -> TermMatcher:
    return TermMatcher(dict(labels), nouns=("v:input_artifacts", "v:output_artifacts"))


def matcher_for(ruleset: RuleSet) -> TermMatcher:
    labels = matcher_labels(ruleset)
    return _matcher_for(ruleset.sha256 + ",".join(r.id for r in ruleset.rules), tuple(sorted(labels.items())))


def _store_after(a: Annotated, end: int, stores: frozenset[str]) -> bool:
    """Is the party name ending at ``end`` the owner of a store named right after it
    ("Customer Bucket", "Bank's storage account")?"""
    j = end + 1 if end < len(a) and a.word(end) in ("'s", "\u2019s", "'") else end
    words = [a.word(i).lower() for i in range(j, min(j + 2, len(a)))]
    return bool(words) and (words[0] in stores or a.norm(j) in stores or " ".join(words) in stores)


_OUTSIDE = stem("outside")
_PART_LIKE = re.compile(r"^(?:Part|Schedule|Annex|Appendix|Exhibit|Attachment)\s")


def _bare_name(name: str) -> list[str]:
    words = name.split()
    return words[1:] if len(words) > 1 and words[0].lower() == "the" else words


def _actor(a: Annotated, parties: Parties, openers: frozenset[str] = frozenset(),
           control: frozenset[str] = frozenset(), stores: frozenset[str] = frozenset(),
           assent: frozenset[str] = frozenset()) -> str | None:
    modal = [s for s, _ in a.spans("v:modal")] + [s for s, _ in a.spans("v:permission")]
    if not modal:
        # "Transfer approval: The Bank confirms that it has obtained the approval of the Central Bank":
        # the customer's own word, with no party bound to act and the provider nowhere in it.
        if assent and not a.has("v:provider_parties"):
            cust = {e for _, e in a.spans("v:customer_parties")}
            if any(a.norm(k) in assent and (k in cust or (k - 1 in cust and a.word(k - 1).isalpha() and a.word(k - 1).islower()
                                                         and a.word(k - 1).endswith("ly")))
                   for k in range(1, len(a))):
                return "customer"
        return None
    first = min(modal)
    if any(a.norm(k) == "so" and a.norm(k + 1) == "that" or a.norm(k) == "in" and a.norm(k + 1) == "order"
           for k in range(1, first - 1)):
        # "Result files ... remain stored for sixty (60) days so that the Mutuality can download them":
        # the modal is the purpose clause's; its party does not act in the main clause.
        return None
    # "The Bank agrees that the Provider may use ...": the party agreeing grants; the clause
    # it agrees to has a subject and a modal of its own, and they say who acts.
    while (a.norm(first) in assent and first + 1 < len(a) and a.norm(first + 1) == "that"
           and any(m > first + 1 for m in modal)):
        first = min(m for m in modal if m > first + 1)
    # "The Bank may require the Provider to delete ...": the customer's right is the
    # provider's duty; the party made to act is the actor of what follows "to".
    if first + 2 < len(a) and a.norm(first + 1) in control:
        j = first + 1  # past "request, direct or instruct"
        while j + 2 < len(a) and (a.norm(j + 1) in control or a.norm(j + 1) in (",", "or", "and")):
            j += 1
        for end, role in found_after(a, j, parties):
            if end < len(a) and a.norm(end) == "to":
                return role
    found: list[tuple[int, str]] = []
    for label, role in (("v:provider_parties", "provider"), ("v:customer_parties", "customer")):
        for s, e in merge(a.spans(label)):
            if e <= first:
                found.append((e, role))
    # ... past a leading article, which the sentence may capitalise ("the Society": "The Society shall ...").
    named = [(words, role) for names, role in ((parties.provider, "provider"), (parties.customer, "customer"))
             for name in names for words in [_bare_name(name)] if words and words[0] in a.text]
    if named:
        toks = a.tokens
        head = {t.text for t in toks[:first]}
        for words, role in named:
            if words[0] in head:
                for i in range(0, first - len(words) + 1):
                    if all(toks[i + k].text == w for k, w in enumerate(words)):
                        found.append((i + len(words), role))
    # "Where the Customer uses the Batch API, the uploaded input file is retained ...":
    # a party inside an opening condition is not the sentence's subject.
    opening = _opening_condition(a, openers)
    found = [(e, role) for e, role in found if e > opening]
    # "The Customer Bucket shall be located in ...", "the Bank's storage account must ...": the
    # customer's own store is the subject; what is said of it is the customer's matter.
    # (not "the Provider ... writes output records to the Customer Bucket and shall not retain ...")
    store = next((end for end, role in found if role == "customer" and end < first and _store_after(a, end, stores)), None)
    if stores and store is not None and not any(role == "provider" and end < store for end, role in found):
        return "customer"
    best: tuple[int, str] | None = None
    n = len(a)
    # "... Cirrivia shall honour that opt-out": a name right before the modal is its subject,
    # whoever else the sentence mentions before it ("Where Customer has opted out, ...").
    if first > 0 and a.word(first - 1)[:1].isupper() and a.word(first - 1).isalpha() and not any(
            e == first for e, _ in found) and a.norm(first - 1) not in ("it", "thi", "this", "the", "each"):
        return None
    for end, role in found:
        nxt = a.word(end) if end < n else ""
        if nxt in ("'s", "\u2019s", "'") or (nxt[:1].isupper() and end < first) or (
                end < first and any(s == end for s, _ in a.spans("v:data_objects"))):
            continue  # "Customer Data", "Customer's Confidential Information", "customer data"
        if _by_agent(a, end):
            continue  # "Files lodged by the Client may be held ...": an agent inside the subject
        if end <= first and _after_preposition(a, end):
            continue  # "Any breach affecting personal data processed for the Customer shall be notified": not the subject
        if end < first and any(a.norm(i) in ("that", "which", "whom") for i in range(max(0, end - 4), end)) and (
                end < n and a.word(end)[:1].islower() and a.norm(end) not in ("shall", "will", "must", "may")):
            continue  # "inputs ... that the Client marks as public may be used": the subject's relative clause
        if a.word(end - 1).islower() and a.word(end - 1).endswith("s") and a.norm(end - 1) != a.word(end - 1).lower():
            continue  # "Personal information about the Bank's clients shall remain ...": people, not the party
        if end < first and end < n and a.word(end).lower().endswith("ed") and end + 1 < first:
            continue  # "Input files you uploaded for batch jobs are deleted": a relative clause in the subject
        if end + 1 <= first and _reduced_relative(a, end):
            continue  # "Input files you upload for batch jobs are kept ...": the same, in the present
        if best is None or end > best[0]:
            best = (end, role)
    # A passive's agent after the main verb is the actor: "may be held by the
    # Vendor", "are retained by Provider": modal, auxiliaries, one participle, "by".
    j = first + 1 if a.norm(first) not in ("is", "are", "be") else first
    passive = False
    while j < n and a.norm(j) in ("be", "been", "being", "is", "are", "not", "also", "only"):
        passive = passive or a.norm(j) in ("be", "been", "being", "is", "are")
        j += 1
    if passive and j + 1 < n and a.norm(j + 1) == "by":
        for _, role in found_after(a, j + 1, parties):
            return role
    return best[1] if best else None





_NOT_A_HEAD = {"that", "which", "who", "and", "or", "the", "a", "an", "to", "of", "for", "by", "with", "if", "when", "where",
               "unless", "while", "as", "because", "once", "after", "before", "until", ",", ";", ":", "(", "thi", "this"}


def _reduced_relative(a: Annotated, end: int) -> bool:
    """Is the party name ending at ``end`` the subject of a relative clause with no "that", right
    after the noun it qualifies and before that clause's own verb ("files you upload for ...")?"""
    start = next((s for label in ("v:customer_parties", "v:provider_parties") for s, e in a.spans(label) if e == end), end - 1)
    if start < 1 or end >= len(a):
        return False
    before, after = a.word(start - 1), a.word(end)
    return (before.isalpha() and before.islower() and a.norm(start - 1) not in _NOT_A_HEAD
            and after.isalpha() and after.islower() and a.norm(end) not in ("shall", "will", "must", "may", "can", "is", "are",
                                                                            "also", "not", "hereby", "agre", "agree"))


def _after_preposition(a: Annotated, end: int) -> bool:
    """Is the party name ending at ``end`` the object of a preposition ("processed for the Customer",
    "data of the Mutuality") rather than a subject?"""
    k = end - 1
    while k > 0 and a.word(k)[:1].isupper() and a.word(k).isalpha():
        k -= 1
    if a.norm(k) in ("the", "thi", "this", "each", "any"):
        k -= 1
    return k >= 0 and a.norm(k) in ("for", "to", "of", "from", "with", "behalf", "toward", "towards", "about", "concerning")


def _customer_acts(a: Annotated, rule: Rule, parties: Parties, g: Grammar) -> bool:
    """Every hit of the rule's action has the customer as its own subject, right
    before it ("unless the Bank deletes them earlier", "Customer may delete")."""
    named = [n for n in parties.customer if n in a.text]
    if not a.matches.get("v:customer_parties") and not named:
        return False  # no customer named: the common case, decided without tokens
    acts = action_spans(a, rule)
    if not acts:
        return False
    cust_ends = {e for _, e in a.spans("v:customer_parties")}
    prov_ends = {e for _, e in a.spans("v:provider_parties")}
    for names, ends in ((named, cust_ends), ([n for n in parties.provider if n in a.text], prov_ends)):
        for name in names:
            words = name.split()
            for i in range(len(a) - len(words) + 1):
                if all(a.word(i + k) == w for k, w in enumerate(words)):
                    ends.add(i + len(words))
    modals = {i for label in ("v:modal", "v:permission") for s0, e0 in a.spans(label) for i in range(s0, e0)}
    for s0, _ in acts:
        if s0 > 0 and a.norm(s0 - 1) in g.passive_be:
            return False  # "uploaded by Customer are retained": a passive, whoever is named before it
        j = s0
        while j > 0 and (j - 1 in modals or a.norm(j - 1) in g.subject_gap):
            j -= 1
        if (j not in cust_ends and j >= 1 and a.norm(j - 1) == "and" and any(e0 <= 3 for e0 in cust_ends)
                and not any(p0 < j for p0 in prov_ends)
                and not any(a.word(k) in (";", ":", ".") or a.norm(k) in g.condition_opener for k in range(j))):
            # "The Bank controls the Bank Bucket and deletes input and output files held there itself":
            # a second verb of the sentence's customer subject
            j = min(e0 for e0 in cust_ends if e0 <= 3)
        if j not in cust_ends or j in prov_ends:
            return False
        if any(a.norm(k) in g.condition_opener for k in range(max(0, j - 6), j)):
            return False  # "When you delete a file ..., we remove it": the customer's act is the condition
    return True


def _discretion(a: Annotated, plan: "_Plan", rule: Rule) -> bool:
    """The rule's action is only permitted: "We may delete ... after 30 days", not
    "may only", "may not", "shall ... and may", nor a main clause that states the
    action with a permission in another ("deletes ..., except that batch files may
    be kept")."""
    perm = [(s, e) for s, e in a.spans("v:permission")
            if not any(a.norm(k) in ("not", "only", "n't") for k in range(e, min(e + 2, len(a))))]
    # "may, but shall not be obliged to, delete ...": a duty denied beside the leave binds nothing
    denied = [_DUTY_DENIED_AFTER.match(a.text[a.tokens[s].idx:]) for s, _ in a.spans("v:modal")]
    if not perm or any(a.norm(s) in plan.binding and not d for (s, _), d in zip(a.spans("v:modal"), denied)):
        return False
    ends = [pe for _, pe in perm] + [next((i for i in range(s, len(a)) if a.tokens[i].idx >= a.tokens[s].idx + d.end()), s)
                                     for (s, _), d in zip(a.spans("v:modal"), denied) if d]
    acts = action_spans(a, rule)
    return bool(acts) and all(any(0 <= s - pe <= 3 for pe in ends) for s, _ in acts)


# "shall not be obliged to", "will not be required to", "is under no obligation to": a duty denied.
_DUTY_DENIED_AFTER = re.compile(r"(?:shall|will|must)\s+not\s+be\s+(?:obliged|obligated|required|bound)\s+to\b,?", re.I)


def _provider_acts(a: Annotated, rule: Rule, parties: Parties) -> bool:
    """In a sentence whose first subject is the customer, is the rule's action
    the provider's own, in a clause of its own ("Licensee may delete batch files
    ..., and Licensor shall purge every file so deleted ...")? The party right
    before the modal that governs the action is its subject."""
    acts = action_spans(a, rule)
    modals = sorted(s for s, _ in list(a.spans("v:modal")) + list(a.spans("v:permission")))
    names = [_bare_name(name) for name in parties.provider]
    for s, _ in acts:
        m = max((x for x in modals if x < s and s - x <= 4), default=None)
        if m is None or m == 0:
            continue
        if any(e == m for _, e in a.spans("v:provider_parties")):
            return True
        if any(len(w) <= m and all(a.word(m - len(w) + k) == w[k] for k in range(len(w))) for w in names):
            return True
    return False


def _opening_condition(a: Annotated, openers: frozenset[str]) -> int:
    """The token after the comma that closes a condition opening the sentence
    ("Where the Customer uses the Batch API, ..."), or 0."""
    k = 1 if len(a) and is_number_label(a.word(0)) else 0  # "7.2 Where ..."
    if k >= len(a) or a.norm(k) not in openers:
        return 0
    modals = [s for s, _ in a.spans("v:modal")]
    for i in range(k + 1, min(len(a), k + 25)):
        if a.word(i) == ",":
            # "Upon termination the Bank shall delete the SDK, API keys and ...": no comma closes the
            # opening phrase, and the first one falls inside the main clause, whose modal came before
            # it and none after ("Where the Bank may ask, the Provider shall ..." has one after).
            if any(k < m < i for m in modals) and not any(m > i for m in modals):
                return 0
            return i + 1
        if a.word(i) in (";", ":", "."):
            return 0
    return 0


def _modified_work_units(a: Annotated, g: Grammar, names: bool = True) -> Annotated:
    """"bulk overnight coding jobs", "asynchronous claims-triage runs": a batch word
    modifying a unit of work through other modifiers is a batch mention, as "bulk
    jobs" is."""
    have = a.spans("v:batch")
    found = []
    for i in range(len(a) - 1):
        if a.norm(i) not in g.batch_modifier or any(s <= i < e for s, e in have):
            continue
        # "the Nightly Scoring Run", "the Overnight Analysis Service": a capitalised name, its words capitalised too
        named = names and a.word(i)[:1].isupper() and a.word(i + 1)[:1].isupper()
        for k in range(i + 1, min(i + 4, len(a))):
            if a.norm(k) in g.routine_work:
                break  # "nightly backup jobs": the provider's housekeeping
            # (or the name and the common noun after it: "the Bulk Scoring service")
            if a.norm(k) in g.work_unit or (named and a.norm(k) in g.named_work_unit and (a.word(k)[:1].isupper() or k >= i + 2)):
                if not any(s <= i and k < e for s, e in have):  # ("bulk jobs" is in the word lists already)
                    found.append((i, k + 1))
                break
            if not (a.word(k).isalpha() or "-" in a.word(k)) or a.word(k)[:1].islower() != (not named):
                break
    if not found:
        return a
    matches = dict(a.matches)
    matches["v:batch"] = tuple(sorted(set(have) | set(found)))
    return Annotated(a.text, a.tokens, matches)


_NAME_LABELS = ("v:customer_parties", "v:provider_parties", "v:customer_name_hints", "v:provider_name_hints")


def _without_name_words(a: Annotated, names: list[tuple[int, int]]) -> Annotated:
    """``a`` without look-alike and ignore-word hits that lie inside a party's name."""
    def inside(sp: tuple[int, int]) -> bool:
        return any(x <= sp[0] and sp[1] <= y and (x, y) != sp for x, y in names)
    drop = {k for k, v in a.matches.items() if (k == "v:non_data_subjects" or k.endswith(":ignore"))
            and any(inside(sp) for sp in v)}
    if not drop:
        return a
    matches = {k: (tuple(sp for sp in v if not inside(sp)) if k in drop else v) for k, v in a.matches.items()}
    return Annotated(a.text, a.tokens, {k: v for k, v in matches.items() if v})


_NOT_NAME = {"the", "a", "an", "any", "all", "this", "such", "its", "their", "each", "of", "and", "or"}


def _information_names(a: Annotated, plan: _Plan, other: tuple[str, ...]) -> Annotated:
    """A capitalised name for information ("Member Information", "Nonpublic Personal
    Information", "Patient Information") is the customer's data, as "Fund Data" is,
    unless it names something else ("Confidential Information", "Account
    Information", in the rule set's other objects)."""
    others = {o.lower() for o in other if o.lower().endswith("information")}
    found = []
    for i in range(1, len(a)):
        if a.word(i) != "Information":
            continue
        j = i
        while j > 0 and i - j < 3 and a.word(j - 1)[:1].isupper() and a.word(j - 1).isalpha() \
                and a.word(j - 1).lower() not in _NOT_NAME:
            j -= 1
        name = " ".join(a.word(k) for k in range(j, i + 1)).lower()
        if j < i and not any(name.endswith(o) for o in others):
            found.append((j, i + 1))
    return _as_data(a, plan, found)


def _as_data(a: Annotated, plan: _Plan, found: list[tuple[int, int]]) -> Annotated:
    """``a`` with the token spans ``found`` read as the customer's data, where no data word is already."""
    if not found:
        return a
    matches = dict(a.matches)
    for label in sorted(plan.data_groups) + ["v:data_objects"]:
        have = matches.get(label, ())
        matches[label] = tuple(sorted(set(have) | {sp for sp in found if not any(x <= sp[0] < y for x, y in have)}))
    return Annotated(a.text, a.tokens, matches)


_RECEIVED = stem("received")


def _other_than_provider(a: Annotated, k: int) -> bool:
    """Does a capitalised name that is not the provider's start at ``k`` (past "the")? Information
    received from it is the other party's ("all information received from the AFP")."""
    k += a.norm(k) == "the" if k < len(a) else 0
    return k < len(a) and a.word(k)[:1].isupper() and a.word(k).isalpha() and not any(
        s <= k < e for s, e in a.spans("v:provider_parties"))


def _owned_information(a: Annotated, plan: _Plan) -> Annotated:
    """The customer's information is the customer's data: "the information of the BANK", "all
    information of the Bank in its possession", "the Fund's information" (not "Confidential
    Information of the Bank", a name of its own, nor information of the provider's)."""
    starts = {s for s, _ in a.spans("v:customer_parties")}
    ends = {e for _, e in a.spans("v:customer_parties")}
    found = []
    for i in range(len(a)):
        if a.word(i).lower() != "information" or (i > 0 and a.word(i - 1)[:1].isupper() and a.word(i - 1).isalpha()
                                                   and a.word(i - 1).lower() not in ("the", "all", "any")):
            continue
        j = i + 1
        if j < len(a) and a.norm(j) == "of":
            j += 1
            if j < len(a) and a.norm(j) == "the":
                j += 1
            if j in starts or (j - 1 in starts and a.norm(j - 1) == "the"):
                found.append((i, i + 1))
                continue
            # "the information of the affiliates, pensioners and beneficiaries of the AFP": the customer's people
            k = j
            while k < min(len(a), j + 10) and ((a.word(k).isalpha() and a.word(k).islower() and a.norm(k) != "of")
                                               or a.word(k) == ","):
                k += 1
            if k > j and k + 1 < len(a) and a.norm(k) == "of" and (k + 1 in starts or (
                    a.norm(k + 1) == "the" and k + 2 in starts)):
                found.append((i, i + 1))
            elif k > j and any(a.norm(x) in plan.grammar.person_noun for x in range(j, k)) and not (
                    k + 1 < len(a) and a.norm(k) == "of" and any(ps in (k + 1, k + 2) for ps, _ in a.spans("v:provider_parties"))):
                # "the information of the pensioners and beneficiaries": the people's information, not the provider's staff's
                found.append((i, i + 1))
        elif j < len(a) and (a.norm(j) in plan.grammar.supply_verb or a.norm(j) == _RECEIVED) and j + 1 < len(a) and a.norm(j + 1) in ("from", "by") and (any(
                cs in (j + 2, j + 3) for cs in starts) or _other_than_provider(a, j + 2)):
            found.append((i, i + 1))  # "all information received from the AFP"
        elif i >= 2 and a.word(i - 1) in ("'s", "\u2019s") and i - 1 in ends:
            found.append((i, i + 1))
    return _as_data(a, plan, found)


def _applies_to_persons(a: Annotated, g: Grammar, names: Parties) -> bool:
    """Does a scope statement apply to persons ("This Addendum applies to Pinecrest and to
    every user Pinecrest authorises to use the Services", "... extends to the Customer's
    Affiliates")? Then it says to whom its document applies, not to which processing.
    "applies to Customer Data" is no person: a party's name heading a longer name is not
    the party."""
    pred = main_scope_predicate(a, g)
    if pred is None:
        return False
    j = pred[1]
    while j < len(a) and (a.norm(j) in ("to", "equally", "also", "only", "and", "both", "the", "every", "each", "all",
                                        "any", "its", "their", "of") or a.word(j) in (",",)):
        j += 1
    if j >= len(a) or any(s == j for s, _ in a.spans("v:data_objects")):
        return False
    if a.norm(j) in g.person_noun:
        # (not "all Member Data", "Patient Information": a person's word that heads a longer name)
        return not (j + 1 < len(a) and a.word(j)[:1].isupper() and a.word(j + 1)[:1].isupper() and a.word(j + 1).isalpha())
    for name in names.customer + names.provider:
        words = name.split()
        if not words or [a.word(k) for k in range(j, min(j + len(words), len(a)))] != words:
            continue
        k = j + len(words)
        if k < len(a) and a.word(k) in ("'s", "\u2019s"):
            return k + 1 < len(a) and a.norm(k + 1) in g.person_noun  # "the Customer's Affiliates"
        return not (k < len(a) and a.word(k)[:1].isupper() and a.word(k).isalpha())  # not "Customer Data"
    return False


def _time_opening(a: Annotated, g: Grammar, binding: frozenset[str]) -> int:
    """The token after the comma closing a time phrase that opens the sentence
    ("Before deletion under Section 8.1, ...", "Prior to any erasure, ..."), or 0.
    A phrase holding a binding verb ("After 30 days the Vendor shall delete
    them, ...") is a clause of its own, not a time phrase."""
    end = _opening_condition(a, g.time_opener)
    if not end:
        return 0
    return 0 if any(a.norm(i) in binding for i in range(end)) else end


def _points_back(a: Annotated, g: Grammar) -> bool:
    """Is the subject a bare pronoun just before a scope verb ("This includes the
    input files ...", "It also covers ...")? Such a sentence speaks of what was
    said before it, not of what follows."""
    k = 1 if len(a) and is_number_label(a.word(0)) else 0
    if k >= len(a) or a.word(k).lower() not in g.back_subject:
        return False
    if any(s == k + 1 for s, _ in a.spans("c:provision_noun")) or (k + 1 < len(a) and a.norm(k + 1) in g.document_noun):
        return False  # "This Clause applies to all processing modes": the clause it names, all of it
    return any(k < s <= k + 3 for label in ("v:umbrella_verbs", "v:applicability") for s, _ in a.spans(label))


def _by_agent(a: Annotated, end: int) -> bool:
    """Is the party ending at ``end`` the agent of a participle ("lodged by the Client")?"""
    k = end - 1
    while k > 0 and a.word(k)[:1].isupper():
        k -= 1
    if k >= 0 and a.norm(k) == "the":
        k -= 1
    return k >= 0 and a.norm(k) == "by"


def found_after(a: Annotated, by: int, parties: Parties) -> list[tuple[int, str]]:
    """The party right after "by" at ``by`` ("by the Vendor", "by Nimbus")."""
    j = by + 1
    if j < len(a) and a.norm(j) == "the":
        j += 1
    out = []
    for label, role in (("v:provider_parties", "provider"), ("v:customer_parties", "customer")):
        for s, e in a.spans(label):
            if s == j and not (e < len(a) and a.word(e) in ("'s", "\u2019s")):
                out.append((e, role))
    for names, role in ((parties.provider, "provider"), (parties.customer, "customer")):
        for name in names:
            words = name.split()
            if all(j + k < len(a) and a.word(j + k) == w for k, w in enumerate(words)):
                out.append((j + len(words), role))
    return out


@dataclass(frozen=True)
class _RulePlan:
    """A rule's matcher labels, worked out once per rule set."""

    rule: Rule
    topic_label: str
    ignore: tuple[tuple[str, int], ...]  # look-alike labels with their windows
    groups: tuple[tuple[str, ...], ...]  # per pattern, the labels of its term groups in order
    needed: tuple[frozenset[str], ...]  # the same as sets, for a quick test
    timed: tuple[bool, ...] = ()  # per pattern: it has a group of period words, so it needs a real period
    law_noun: frozenset[str] = frozenset()  # words for a law, which end a statute's title ("... Secrecy Act")


@dataclass(frozen=True)
class _Plan:
    rules: tuple[_RulePlan, ...]
    scheduled: frozenset[str]  # topics whose periods are compared
    region: bool
    ignore_window: int
    scope_window: int
    grammar: Grammar
    data_groups: frozenset[str]  # term-group labels that list the data objects
    binding: frozenset[str] = frozenset()  # modals that bind ("shall", "will", "must"), not the passive's "is"
    place_names: frozenset[str] = frozenset()  # the places as written, lower-cased (not as folded: "Main" is no "Maine")


_PLANS: dict[int, tuple[RuleSet, _Plan]] = {}


def _plan(ruleset: RuleSet) -> _Plan:
    got = _PLANS.get(id(ruleset))
    if got is not None and got[0] is ruleset:
        return got[1]
    rules = []
    laws = grammar_of(ruleset).law_noun
    for rule in ruleset.rules:
        groups = tuple(tuple(group_label(rule, k, i) for i in range(len(p))) for k, p in enumerate(rule.patterns()))
        periods = set(ruleset.vocabulary.get("period_words", ()))
        timed = tuple(any(periods and periods <= set(g) for g in p) for p in rule.patterns())
        rules.append(_RulePlan(rule, topic_label(rule), ignore_labels(rule), groups, timed=timed,
                               needed=tuple(frozenset(g) for g in groups), law_noun=laws))
    st = ruleset.settings
    data_set = set(ruleset.vocabulary.get("data_objects", ()))
    data_groups = frozenset(label for label, terms in matcher_labels(ruleset).items()
                            if label.startswith("r:") and data_set and data_set <= set(terms))
    grammar = grammar_of(ruleset)
    binding = frozenset(stem(w) for w in ruleset.vocabulary.get("modal", ()) if " " not in w) - grammar.passive_aux
    plan = _Plan(tuple(rules), frozenset(r.topic for r in ruleset.rules if r.schedule),
                 any(r.region for r in ruleset.rules), st["batch_ignore_window"], st["scope_window"],
                 grammar, data_groups, binding,
                 frozenset(re.sub(r"\s*-\s*", "-", p.lower()) for p in ruleset.vocabulary.get("places", ())))
    if len(_PLANS) > 16:
        _PLANS.clear()
    _PLANS[id(ruleset)] = (ruleset, plan)
    return plan


_FRONTED_EXCEPTION = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:except|save|subject\s+to|notwithstanding|without\s+prejudice\s+to)\b", re.I)


_TITLE_LINKS = frozenset({"of", "to", "and", "the", "on", "for", "in", "&"})


def _statute_titles(a: Annotated, law_nouns: frozenset[str]) -> list[tuple[int, int]]:
    """Token spans of statutes named in full: capitalised words (and the small words of a title)
    that end in a word for a law ("the Public Access to Information and Secrecy Act")."""
    out = []
    for k in range(1, len(a)):
        if not (a.word(k)[:1].isupper() and a.word(k).lower() in law_nouns):
            continue
        i = k
        while i > 0 and k - i < 12 and (a.word(i - 1)[:1].isupper() or a.norm(i - 1) in _TITLE_LINKS) and a.word(i - 1) not in (",", ";"):
            i -= 1
        while i < k and a.norm(i) in _TITLE_LINKS:
            i += 1
        if k - i >= 2:
            out.append((i, k + 1))
    return out


def _fronted_exception(a: Annotated) -> int:
    """The token after the comma that closes an exception or proviso phrase opening the sentence
    ("Except as provided in clause 8.2, ...", "Subject to Section 4, ..."), or 0."""
    if not _FRONTED_EXCEPTION.match(a.text):
        return 0
    for i in range(min(len(a), 20)):
        if a.word(i) in (";", ":", "."):
            return 0
        if a.word(i) == ",":
            return i + 1
    return 0


def _groups_hit(a: Annotated, rp: _RulePlan, label_line: tuple[int, int] | None = None,
                data_groups: frozenset[str] = frozenset(), time_opening: int = 0,
                attestation: frozenset[str] = frozenset(), skip: frozenset[int] = frozenset()) -> bool:
    """Some pattern has a hit in every term group, each on words no other group used.

    In a label line ("Hosting location: Canada", "Retention period: 30
    days") the label names an attribute of the customer's data, so a group
    of data objects is met by the label itself. An action named inside a
    time phrase opening the sentence (before ``time_opening``: "Before
    deletion under Section 8.1, ...") says when the sentence applies, not
    what it commits to."""
    present = a.matches.keys()
    if label_line is not None:
        present = set(present) | data_groups
    for labels in rp.needed:
        if present >= labels:
            break
    else:
        return False
    rule = rp.rule
    ignore = [(a.spans(label), window) for label, window in rp.ignore if a.has(label)]
    statutes = _statute_titles(a, rp.law_noun) if rp.law_noun else []
    front = _fronted_exception(a)
    if front:
        # "Except as provided in clause 8.2, Inputs and Outputs are retained for 30 days": the fronted
        # phrase's words ("in clause") say nothing of the clause after its comma
        ignore = [(tuple(sp for sp in spans if sp[0] >= front), window) for spans, window in ignore]
    # A word of the rule inside a real-time product's capitalised name is the name's: the "Secure" of
    # "Secure File Connector". (A batch name's words may be what is done: "carry out every Overnight Run
    # only in New South Wales", "all Covered Processing in the Selected Region".)
    names = [(s0, e0) for s0, e0 in a.spans("v:synchronous")
             if e0 - s0 > 1 and all(a.word(i)[:1].isupper() for i in range(s0, e0))]
    for k, labels in enumerate(rp.groups):
        if k in skip:
            continue
        groups = []
        for gi, label in enumerate(labels):
            hits = a.spans(label)
            if names and gi == 0:
                hits = tuple(h for h in hits if not any(s0 <= h[0] and h[1] <= e0 and e0 - s0 > h[1] - h[0] for s0, e0 in names))
            if not hits and label_line is not None and label in data_groups:
                # (or its last word, when the label also holds the topic's word and that word is no word of
                # the rule's: "Retention - Consulta: 30 days", not "Security and confidentiality: as provided ...")
                last = label_line[1] - 1
                hits = (label_line,) + (((last, label_line[1]),) if not any(
                    s <= last < e for group in rp.groups for lab in group for s, e in a.spans(lab)) else ())
            found = hits
            for spans, window in ignore:
                hits = tuple(h for h in hits if not near(spans, h, window) and not _near_past_asides(a, spans, h, window))
            if len(hits) < len(found) and label == labels[0]:
                # "... may audit the usage metering data to confirm fees, and shall cooperate with that
                # audit": a word that points back at a look-alike is that look-alike
                hits = tuple(h for h in hits if not (h[0] >= 1 and a.norm(h[0] - 1) in _ANAPHORIC
                                                     and any(x < h[0] and x not in {y for y, _ in hits} for x, _ in found)))
            if time_opening and label == labels[0]:
                hits = tuple(h for h in hits if h[0] >= time_opening)
            if label == labels[0] and hits and statutes:
                # "in accordance with the Public Access to Information and Secrecy Act (2009:400)": words of a
                # statute's title, however its name runs, are the name's, not what the sentence does
                # (a phrase of the rule's, "access to information"; not a single word such as the "Security" of
                # the "Insurance Data Security Model Law", which says what the law the party complies with is about)
                hits = tuple(h for h in hits if not (h[1] - h[0] >= 2 and any(s0 <= h[0] and h[1] <= e0 for s0, e0 in statutes)))
            if label == labels[0] and a.has("v:privacy_statutes"):
                # "under section 17 of the Act respecting the protection of personal information": the rule's
                # word inside a statute's title is part of the name, not what the sentence does
                titles = a.spans("v:privacy_statutes")
                hits = tuple(h for h in hits if not any(s <= h[0] and h[1] <= e and e - s > h[1] - h[0] for s, e in titles))
            if attestation and label == labels[0]:
                # "provide a certificate of deletion": the action names what is attested, not what is done
                hits = tuple(h for h in hits if not (h[0] >= 2 and a.norm(h[0] - 1) == "of"
                                                     and a.norm(h[0] - 2) in attestation))
            if not hits:
                break
            groups.append(hits)
        else:
            if rp.timed and rp.timed[k] and not _kept_for(a.text):
                continue  # "stored ... during periods of peak demand": no period is stated
            if _assign(groups, [], rule.window(k), rule.order(k), rule.gap(k), _bracketed_before(a)):
                return True
    return False


_ANAPHORIC = frozenset({"that", "such", "this", "said", "same", "those", "these"})
_WITHIN = re.compile(r"\bwithin\s+$", re.I)
_ERASE = re.compile(r"\b(?:delet|eras|purg|destr|wip|remov)\w*", re.I)


def _kept_for(text: str) -> bool:
    """Does the sentence state how long something is kept? A period after
    "within" is a deadline ("makes a result file available for download
    within 24 hours"), unless it is one for erasing."""
    periods = find_durations(text)
    if not periods or _ERASE.search(text):
        return bool(periods)
    return any(not _WITHIN.search(text[max(0, d.start - 8):d.start]) for d in periods)


def _bracketed_before(a: Annotated) -> tuple[int, ...]:
    """For each token index, how many tokens before it lie inside round brackets: an aside
    ("(including bulk input files and bulk result files)") adds no distance between the words it
    stands between."""
    inside = [0] * (len(a) + 1)
    spans = bracket_spans(a) if "(" in a.text else []
    for s0, e0 in spans:
        if e0 - s0 - 2 < 3:
            continue  # "(30)", "(the Bank)": a number said again or a short name, part of the phrase
        for i in range(s0, e0):
            inside[i + 1] = 1
    for i in range(1, len(inside)):
        inside[i] += inside[i - 1]
    return tuple(inside)


def _assign(groups: list[tuple[tuple[int, int], ...]], used: list[tuple[int, int]], within: int,
            order: tuple[int, ...] = (), gap: tuple[int, int, int] | None = None,
            inside: tuple[int, ...] = ()) -> bool:
    """One hit per group, on words no other group used, all within ``within``
    words (those inside brackets between them not counted), and the groups named
    in ``order`` appearing in that order."""
    if len(used) == len(groups):
        ordered = [used[i][0] for i in order]
        if gap is not None and not 0 <= used[gap[1]][0] - used[gap[0]][1] <= gap[2]:
            return False
        return ordered == sorted(ordered)
    for h in groups[len(used)][:12]:
        if any(h[0] < e and s < h[1] for s, e in used):
            continue
        if within and used:
            hi, lo = max(h[1], *(e for _, e in used)), min(h[0], *(s for s, _ in used))
            if hi - lo - ((inside[hi] - inside[lo]) if inside else 0) > within:
                continue
        if _assign(groups, used + [h], within, order, gap, inside):
            return True
    return False


def action_spans(a: Annotated, rule: Rule) -> list[tuple[int, int]]:
    """Hits of the first (action) group of every pattern."""
    return [h for k in range(len(rule.patterns())) for h in a.spans(group_label(rule, k, 0))]


def whole_action_spans(a: Annotated, rule: Rule) -> list[tuple[int, int]]:
    """:func:`action_spans` of the patterns whose every group has a hit ("records"
    in "books and records" is no action of "record ... access" when nothing is accessed)."""
    return [h for k, groups in enumerate(rule.patterns())
            if all(a.has(group_label(rule, k, j)) for j in range(len(groups)))
            for h in a.spans(group_label(rule, k, 0))]


_STRONG = {"shall", "will", "must", "undertake", "agree", "commit", "warrant", "ensur", "never"}


def strength(r: "SentenceReading") -> int:
    """How clearly a sentence reads as a binding commitment (for ranking evidence)."""
    score = 2 if r.actor == "provider" else 0
    if any(t.norm in _STRONG for t in r.ann.tokens):
        score += 2
    return score


_CONTRASTING = {";", "but", "however", "whereas", "although", "though"}


# Words for going away from a committed place, whatever place: "to its overseas capacity", "abroad".
_AWAY = frozenset({"overseas", "offshore", "abroad", "outside", "elsewhere", "foreign", "international", "global"})


def _prevention_leave(a: Annotated, g: Grammar) -> int | None:
    """Where a denied prevention gives leave to take batch away ("nothing in this Section 8 shall
    prevent the Vendor from routing batch jobs to its overseas capacity"): the verb of preventing,
    with a negation or negated subject shortly before it, "from" after it, batch words after that
    and a word for going away or a place after those."""
    negs = [ns for ns, _ in list(a.spans("v:negation")) + list(a.spans("c:negated_subject"))]
    places = [ps for ps, _ in a.spans("v:places")]
    for i in range(1, len(a)):
        if a.norm(i) not in g.prevent_verb or not any(0 < i - ns <= 10 for ns in negs):
            continue
        frm = next((k for k in range(i + 1, min(i + 8, len(a))) if a.norm(k) == "from"), None)
        if frm is None:
            continue
        batch = [bs for bs, _ in a.spans("v:batch") if bs > frm]
        if batch and any(k > batch[0] and (a.word(k).lower() in _AWAY or k in places) for k in range(batch[0], len(a))):
            return i
    return None


def _prevents_from(a: Annotated, at: int, g: Grammar) -> bool:
    """Does a verb of preventing follow the negation ending at ``at``, with "from" after
    it ("does not prevent the Contractor from using", "nothing precludes Vendor from")?"""
    verb = next((i for i in range(at, min(at + 2, len(a))) if a.norm(i) in g.prevent_verb), None)
    return verb is not None and any(a.norm(i) == "from" for i in range(verb + 1, min(verb + 8, len(a))))


def _bracketed_tokens(a: Annotated) -> set[int]:
    """The tokens inside brackets (the brackets too)."""
    return {i for s, e in bracket_spans(a) for i in range(s, e)}


def _prohibits(a: Annotated, rule: Rule, g: Grammar) -> bool:
    """A negation or prohibition before the topic's action word."""
    acts = action_spans(a, rule)
    cues = list(a.spans("v:negation")) + list(a.spans("v:prohibition"))
    norms = [t.norm for t in a.tokens]
    # A modal opening a new coordinated clause (", and may use") ends a cue's reach.
    breaks = [i for i in range(1, len(norms)) if norms[i] in g.new_clause_modal and
              any(norms[k] in g.clause_joiner and not manner_however(a, k) for k in range(max(0, i - 3), i))]

    # "does not prevent the Contractor from using ...": a negated verb of preventing gives leave
    cues = [(cs, ce) for cs, ce in cues if not _prevents_from(a, ce, g)]
    # (words in brackets are an aside, not distance: "No Reinsurer Data, whether ..., shall be used by
    # Longbird, or (so far as Longbird can procure it) by Microsoft, to train ...")
    aside = _bracketed_tokens(a) if "(" in a.text else set()
    for s, _ in acts:
        for _, ce in cues:
            if 0 <= s - ce - sum(1 for i in aside if ce <= i < s) <= 30 and not any(ce <= b < s for b in breaks):
                return True
    # "Training on Customer Data is prohibited": the prohibition follows the
    # action, and is not only a condition ("may use ... unless Customer opts out").
    return any(0 <= cs - ae <= 6 and not any(a.norm(i) in g.condition for i in range(max(0, cs - 4), cs))
               for _, ae in acts for cs, _ in a.spans("v:prohibition"))




_NEW_NP = {"all", "any", "the", "each", "every", "its", "their", "other"}
_NP_STOP = {"of", "for", "to", "are", "is", "be", "shall", "will", "must", "may", "were", "was", "in", "on", "with",
            "by", "which", "that", "within", "after", "under", "through", "via", "from", "retain", "kept", "stor",
            "delet", "held"}


_MEANS = re.compile(r"[\"\u201d]\s*(?:means|shall\s+mean|refers\s+to)\b")


def _exhaustive(a: Annotated, modes: ModeReading) -> bool:
    """'"Training Exclusion Data" means Inputs submitted through the
    Interactive API': a definition by "means" lists what the term is, so
    naming only a real-time channel leaves batch out. "Includes", or an
    inclusive word before the real-time words ("including real-time
    requests"), gives examples instead."""
    if not _MEANS.search(a.text):
        return False
    first = min(s for s, _ in modes.sync)
    return not any(e <= first for _, e in a.spans("v:inclusive"))


_DEFINED = re.compile(r"^\s*[\"\u201c]([^\"\u201d]{2,60})[\"\u201d]")


def _denied_membership(a: Annotated, text: str, modes: ModeReading) -> str:
    """A definition that says batch data is not the defined term: '"Customer
    Data" means data submitted through the Console; data submitted through
    the Batch API is "Bulk Data" and is not Customer Data'. Returns the words
    that say so, or ""."""
    m = _DEFINED.match(text)
    if not m:
        return ""
    term = re.escape(m.group(1))
    first_batch = min(a.tokens[s].idx for s, _ in modes.batch_included)
    d = re.search(rf"\b(?:is|are)\s+not\s+(?:part\s+of\s+|included\s+in\s+)?(?:the\s+)?{term}\b", text[first_batch:])
    return d.group(0) if d else ""


def _denied_mode(a: Annotated, text: str) -> int | None:
    """Where a definition denies its own term a kind ("Flex is neither batch nor
    asynchronous processing", "Flex is not a batch service"): the offset after
    the negation, or None. The denial runs to the end of its clause."""
    m = _DEFINED.match(text)
    if not m:
        return None
    term = re.escape(m.group(1))
    d = re.search(rf"\b{term}\s+(?:is|are|shall\s+not\s+be|will\s+not\s+be)\s+(?:not\s+|neither\s+|never\s+)?", text[m.end():])
    if not d:
        return None
    at = m.end() + d.end()
    negs = [a.tokens[s].idx for s, _ in a.spans("v:negation")]
    if not any(m.end() + d.start() < x <= at + 1 for x in negs):
        return None
    return at


def _scope_names_only_sync(a: Annotated, modes: ModeReading, g: Grammar) -> bool:
    """A scope statement whose object is real-time modes and nothing else
    ("Clause 25.1 applies to the Real-Time Services, which are: Chat Assist
    and Live Summarise") states the clause's whole reach, so batch is left
    out. An additive word ("also applies", "as well") or any mode word that
    reaches batch makes it a partial list instead."""
    if not modes.sync or modes.batch or modes.all_modes or a.has("v:negation") or a.has("c:additive"):
        return False
    pred = main_scope_predicate(a, g)
    return pred is not None and all(s >= pred[1] for s, _ in modes.sync)


def _excluded_from(a: Annotated, plan: _Plan) -> set[str]:
    """The topics an exclusion names as what batch is taken out of: "Batch
    files are not covered by this exit deletion", "batch jobs are exempt
    from the retention commitments". Empty when it names none (then its
    scope is read from its references and place)."""
    n = len(a)
    negs = [ne for _, ne in a.spans("v:negation")]
    cues = ([e for _, e in a.spans("v:exception")] + [i + 1 for i in range(n) if a.norm(i) in plan.grammar.exclusion_predicate]
            + [e for s, e in a.spans("v:applicability") if any(0 <= s - ne <= 3 for ne in negs)])
    out: set[str] = set()
    for e in cues:
        for rp in plan.rules:
            if any(e <= s <= e + 5 for s, _ in a.spans(rp.topic_label)):
                out.add(rp.rule.topic)
    return out


# Participles between an artifact and the batch words that made or took it.
_MADE_OUT = {stem(w) for w in ("produced", "generated", "returned", "created")}
_MADE_BY = {stem(w) for w in ("produced", "generated", "returned", "created", "submitted", "uploaded", "lodged")}


_MADE_BY_NOW = _MADE_BY | {stem(w) for w in ("generates", "produces", "returns", "creates", "receives", "accepts")}
_BACK_PRONOUNS = {"it", "they"}
_WORK_NOUNS = {stem(w) for w in ("job", "jobs", "run", "runs", "batch", "batches", "request", "requests", "task", "tasks")}


# Words after which a list of what a sentence names opens: "includes ...", "means ...".
# Verbs by which the customer sends files in ("the files that the Bank delivers for ...").
_SUBMIT_VERBS = frozenset(stem(w) for w in ("deliver", "delivers", "upload", "uploads", "submit", "submits", "send", "sends",
                                            "lodge", "lodges", "provide", "provides", "transmit", "transmits", "deposit", "deposits"))
_LIST_OPENERS = frozenset({"includ", "include", "includes", "mean", "means", "cover", "covers", "compris", "compriss"})
_OBJECT_PREPS = frozenset({"of", "from", "for", "to", "through", "via", "by", "in", "with", "using", "under", "as"})


def _files_after(a: Annotated, y: int, nouns: frozenset[str], coordinated: bool = False) -> bool:
    """Is the word before ``y`` followed by one of ``nouns`` ("files", "data": the cue file's content_noun),
    directly or across a coordinated modifier ("batch request files", "request data", "batch request and
    result files"; only the latter when ``coordinated``)?"""
    n = len(a)
    return (not coordinated and y < n and a.norm(y) in nouns) or (
        y + 2 < n and a.norm(y) in ("and", "or") and a.word(y + 1).isalpha() and a.norm(y + 2) in nouns)


_RUN_WORDS = {"run", "runs", "executed", "processed", "submitted", "sent", "queued", "placed", "lodged", "hosted"}
_PARTICIPLE_PREPS = {"with", "to", "in", "into", "on", "by", "through", "via", "from", "for"}
_JOB_NOUNS = {"job", "jobs", "run", "runs", "batch", "batches", "workload", "workloads", "task", "tasks"}


def _coordinated_participle(a: Annotated, j: int) -> bool:
    """Is token ``j`` part of "lodged with or" / "uploaded to and" before a second participle
    ("... lodged with or generated by its Batch API")?"""
    n = len(a)
    if a.word(j).lower().endswith("ed") and j + 2 < n and a.norm(j + 1) in _PARTICIPLE_PREPS and a.norm(j + 2) in ("and", "or"):
        return True
    return (a.norm(j) in _PARTICIPLE_PREPS and j >= 1 and a.word(j - 1).lower().endswith("ed")
            and j + 1 < n and a.norm(j + 1) in ("and", "or"))


def _relative_owner(a: Annotated, y: int, g: Grammar) -> bool:
    """Does a relative clause whose subject is a pronoun follow the artifact ending at ``y`` (past one
    noun of its own: "the result reports that it generates")?"""
    k = y + 1 if y < len(a) and a.word(y).isalpha() and a.word(y).islower() and a.norm(y) not in ("that", "which", "of") else y
    return k + 1 < len(a) and a.norm(k) in ("that", "which") and a.norm(k + 1) in g.pronoun


def _clause_break_between(a: Annotated, lo: int, hi: int) -> bool:
    """Is there a break between two coordinated clauses (";", ", and", ", but") from ``lo`` to ``hi``?"""
    return any(a.word(i) == ";" or (a.word(i) == "," and i + 1 < len(a) and a.norm(i + 1) in ("and", "but", "whereas", "while"))
               for i in range(lo, hi))


def _outer_resumes(a: Annotated, comma: int) -> bool:
    """After the comma that may close an inserted "including ..." phrase, does the outer list go on with
    a name of its own (", and Completions"), not the phrase's own list (", output files and error files")?"""
    k = comma + 1
    if k < len(a) and a.norm(k) in ("and", "or"):
        k += 1
    return k < len(a) and a.word(k)[:1].isupper()


def _fronted_objects(a: Annotated, modes: ModeReading, got: tuple[bool, bool], g: Grammar) -> tuple[bool, bool]:
    """``got``, with the artifacts of a clause opened by a fronted phrase that names batch ("for jobs
    submitted through the Batch API, the input file and the result file are kept ..."): from the comma
    that closes the phrase to the end of the clause."""
    n = len(a)
    ins, outs = got
    for s, e in modes.batch_included:
        start = max([i + 1 for i in range(s) if a.word(i) in (";", ":")] or [0])
        if not (start < s and any(a.norm(i) in g.front_opener for i in range(start, min(start + 4, s)))):
            continue
        comma = next((i for i in range(e, min(e + 6, n)) if a.word(i) == ","), None)
        if comma is None:
            continue
        end = next((i for i in range(comma + 1, n) if a.word(i) in (";", ".")), n)
        ins = ins or artifact_named(a, "v:input_artifacts", g, a.tokens[comma].idx, a.tokens[end - 1].idx + 1)
        outs = outs or artifact_named(a, "v:output_artifacts", g, a.tokens[comma].idx, a.tokens[end - 1].idx + 1)
    return ins, outs


def _owned_by_batch(a: Annotated, modes: ModeReading, got: tuple[bool, bool], g: Grammar) -> tuple[bool, bool]:
    """``got`` (the batch artifacts named), with those a possessive pronoun after the batch words
    gives the batch service ("..., as are its input files"). A party or another traffic named
    between the batch words and the pronoun is the nearer owner ("the Bank's", "interactive")."""
    last = max(e for _, e in modes.batch_included)
    others = [s for label in ("v:provider_parties", "v:customer_parties", "v:synchronous") for s, _ in a.spans(label)]
    sides = []
    for label, have in (("v:input_artifacts", got[0]), ("v:output_artifacts", got[1])):
        sides.append(have or any(
            x > last and not any(last <= o < x for o in others) and (any(
                a.norm(k) in g.possessive and all(a.word(i).isalpha() and a.word(i).islower() for i in range(k + 1, x))
                for k in range(max(last, x - 3), x))  # "its corresponding result file"
                # "any file deposited in the Night Run, nor any result of it": the pronoun after "of"
                or (y + 1 < len(a) and a.norm(y) == "of" and a.norm(y + 1) in g.pronoun)
                # "the result reports that it generates": the pronoun is the subject of the relative clause
                or _relative_owner(a, y, g))
            for x, y in a.spans(label)))
    return sides[0], sides[1]


def _batch_objects(a: Annotated, modes: ModeReading, g: Grammar) -> tuple[bool, bool] | None:
    """The artifacts the batch words themselves name: "batch input files",
    "Batch Inputs", "the outputs of batch jobs", "inputs and outputs of
    Batch API requests". None when some batch words are a bare mode
    ("including batch", "Batch Jobs and their result files"): a mode named
    on its own brings all of its traffic, so the sentence's artifacts stand."""
    ins = a.spans("v:input_artifacts")
    outs = tuple(sp for sp in a.spans("v:output_artifacts") if not _completion_event(a, *sp, g))
    n = len(a)
    got_in = got_out = False
    for s, e in modes.batch_included:
        here_in = here_out = False
        opened = next((i for i in range(s - 1, max(-1, s - 5), -1) if a.word(i) in ("(", ")")), None)
        closed = next((i for i in range(e, min(e + 4, n)) if not a.word(i).isalpha()), None)
        if (opened is not None and a.word(opened) == "(" and closed is not None and a.word(closed) == ")"
                and any(e0 == opened for _, e0 in modes.batch_included)):
            continue  # "Deferred Jobs (asynchronous batch requests)": words that gloss a batch name read with it
        opened = next((i for i in range(s - 1, max(-1, s - 20), -1) if a.word(i) in ("(", ")")), None)
        if opened is not None and a.word(opened) == "(" and any(e0 == opened for _, e0 in modes.batch_included) \
                and any(a.word(i) == ")" for i in range(e, min(e + 12, n))) and _noun_gloss(a, opened, g):
            # "the result files of Overnight Jobs (files of requests that the Customer lodges for asynchronous
            # processing)": a longer gloss of the name, whose artifacts say what the mode is
            continue
        if any(0 < s - e0 <= 6 and (a.word(e0).lower() in _RUN_WORDS or a.word(e0).lower().endswith("ed"))
               and e0 + 1 < n and a.norm(e0 + 1) in ("on", "through", "via", "in", "under", "using")
               for _, e0 in modes.batch_included if e0 < s):
            continue  # "the output files of Batch Jobs run on the Data Zone Batch deployment": where those jobs run
        if (opened is not None and a.word(opened) == "(" and closed is not None and a.word(closed) == ")"
                and opened >= 1 and a.word(opened - 1).isalpha()
                and not any(opened < x < closed for x, _ in list(a.spans("v:inclusive")) + list(ins) + list(outs))):
            # "the job files (fichiers de lots)": the batch words gloss the words before them. When
            # those are a name ("summaries produced by the Overnight Summarisation Queue
            # (asynchronous batch)"), the name is the batch words, read in their place.
            name = opened
            while name >= 1 and a.word(name - 1)[:1].isupper() and a.word(name - 1).isalpha():
                name -= 1
            if name == opened or name == 0:
                continue
            s, e = name, opened
        # The noun the batch words modify ("batch input files", "Batch Inputs"),
        # then the rest of its list ("..., results files and backups"). A "batch
        # request" is the job itself.
        head = e
        while (head < min(e + 2, n) and a.word(head)[:1].isalpha() and a.norm(head) not in _NP_STOP
               # (not "batch jobs lodged by the Bank": a participle after the job itself says how it came, not what of it)
               and not (a.word(head - 1).lower() in _JOB_NOUNS and a.word(head).lower() in _RUN_WORDS
                        and head + 1 < n and a.norm(head + 1) in _PARTICIPLE_PREPS)
               # (not "all Batch Payloads and all Outputs": a determiner opens a phrase of its own)
               and not (a.norm(head) in ("and", "or") and head + 1 < n and a.norm(head + 1) in _NEW_NP
                        and a.norm(head + 1) not in ("its", "their"))):  # ("batch submissions and their results": theirs)
            head += 1
        hi = head
        sync_at = {x for x, _ in modes.sync}
        # ... up to a real-time mode word: "batch output files and all interactive inputs and outputs"
        # (nor past the comma that closes an inserted "including ..." phrase: "Prompts, including Batch Job
        # request files, and Completions": the list goes on with the outer noun's, not batch's)
        inserted = any(0 <= s - ie <= 1 and is_ >= 1 and a.word(is_ - 1) == "," for is_, ie in a.spans("v:inclusive"))
        while (hi < min(e + 10, n) and (a.word(hi)[:1].isalpha() or (a.word(hi) == "," and not (
                inserted and _outer_resumes(a, hi))))
               and a.norm(hi) not in _NP_STOP
               and hi not in sync_at
               # (not "batch input files and all Outputs": a determiner opens a phrase of its own)
               and not (a.norm(hi) in ("and", "or") and hi + 1 < n and a.norm(hi + 1) in _NEW_NP)):
            hi += 1

        def named(spans: tuple[tuple[int, int], ...], upto: int) -> bool:
            # Inside the batch words only their head noun counts: "Batch Inputs" names
            # inputs; "Async Extraction Jobs" names a product, not extractions.
            # ... and only in the plural: "Batch Inputs" are inputs, "batch prediction" is a service.
            return any(((e <= x < upto) or (s <= x and y == e and (a.word(y - 1).lower().endswith("s") or _files_after(a, y, g.content_noun, coordinated=True)))
                        or (s <= x < e < y <= upto))  # "batch request files": a noun that runs on past the batch words
                       and not (a.norm(x) == "request" and y - x == 1 and not _files_after(a, y, g.content_noun)
                                # ("Message Batches requests and results": requests beside what comes back are inputs)
                                and not (y + 1 < n and a.norm(y) in ("and", "or") and any(x2 == y + 1 for x2, _ in outs)))
                       for x, y in spans)

        direct = named(ins, head) or named(outs, head)
        if direct:
            here_in, here_out = named(ins, hi), named(outs, hi)
        elif s >= 1 and a.word(s - 1).lower().endswith("ed") and head > e:
            # "all uploaded batch files", "the returned batch files": a participle that names
            # the artifact, before the batch words and their noun.
            here_in = any(y == s and x == s - 1 for x, y in ins)
            here_out = any(y == s and x == s - 1 for x, y in outs)
            if here_in or here_out:
                got_in, got_out = got_in or here_in, got_out or here_out
                continue
        # "the outputs of batch jobs", "inputs and outputs of Batch API requests".
        k = s - 1
        while k > 0 and (a.norm(k) in ("the", "any", "all", "each", "a", "an") or a.word(k)[:1].isupper()):
            k -= 1  # ... and a product name before the batch words: "generated by Nocturne batch jobs"
        if k == 0 and a.norm(k) in ("the", "any", "all", "each", "a", "an"):
            k = -1
        if k >= 1 and a.word(k) == "," and a.norm(k - 1) in _OBJECT_PREPS:
            # "request files queued in, or uploaded to, the Message Batches API", "files that Bank
            # submits to, and results returned by, the Batch API": coordinated phrases that share the
            # batch words; what they name, back to where the list opens, is what batch has.
            lo = max([i + 1 for i in range(k) if a.word(i) in (";", ":") or a.norm(i) in _LIST_OPENERS] or [0])
            here_in = any(lo <= x < k for x, _ in ins)
            here_out = any(lo <= x < k for x, _ in outs)
            if here_in or here_out:
                got_in, got_out = got_in or here_in, got_out or here_out
                continue
        for back in (1, 2):
            # "of overnight batch runs", "for nightly bulk batch jobs": past the words that
            # modify the batch words, to the preposition whose phrase they head.
            p = k - back
            if (k >= 0 and a.norm(k) not in _OBJECT_PREPS and p >= 0 and a.norm(p) in _OBJECT_PREPS
                    and all(a.word(i).isalpha() and a.word(i).islower() and not a.word(i).endswith("ed")
                            for i in range(p + 1, k + 1))):
                k = p
                break
        # ("the output files in Batch Job Content": what the batch words hold)
        if k >= 0 and (a.norm(k) in ("of", "from", "for", "to", "through", "via", "by") or (
                # ... and "files in", "produced in": not "lodged in the Overnight Queue", where the job is put)
                a.norm(k) == "in" and k >= 1 and (a.norm(k - 1) in _MADE_OUT or (
                    any(x <= k - 1 < y for x, y in ins + outs) and not a.word(k - 1).lower().endswith("ed"))))):
            j = k - 1
            if j >= 1 and a.norm(j) in _MADE_BY and any(x <= j - 1 < y for x, y in ins + outs):
                j -= 1  # "result files produced by the Batch Service"
            elif j >= 1 and a.norm(j) in g.pertaining and k < n and a.norm(k) == "to":
                j -= 1  # "request data and result data pertaining to batch processing"
            # ... over the list and the words that modify its nouns: "bulk input files and bulk output files of"
            # (not back past "including": "all Prompts and Outputs, including input files uploaded to the
            # Deferred Processing Facility" names batch's inputs only).
            sync = [(x, y) for x, y in modes.sync]
            crossed: tuple[bool, bool] | None = None  # what was named when "and to" was crossed
            inclusive_at = {i for x, y in a.spans("v:inclusive") for i in range(x, y)}
            while j >= 0 and j not in inclusive_at and not (j >= 2 and a.norm(j) in ("the", "any", "all", "its", "their")
                                  and a.norm(j - 1) in ("and", "or") and a.word(j - 2) == ",") and (
                              # (not past ", and any results of": a new item of a longer list)
                              any(x <= j < y for x, y in ins + outs)
                              # ("result data", "results files": the content an artifact word names)
                              or (a.norm(j) in g.content_noun and any(y == j for _, y in ins + outs))
                              or a.norm(j) in ("and", "or", ",", "/", "the", "any", "all", "its", "their")
                              # "to the input files and to the output files of every Batch API job"
                              or (a.norm(j) == "to" and j >= 1 and a.norm(j - 1) in ("and", "or"))
                              or (a.word(j)[:1].isalpha() and any(x == j + 1 for x, _ in ins + outs))
                              # "the request files and result files lodged with or generated by its Batch API":
                              # a participle and its preposition coordinated with the one before the batch words
                              or _coordinated_participle(a, j)):
                if (a.norm(j) == "request" and not (here_in or here_out) and not _files_after(a, j + 1, g.content_noun)
                        and (j + 1 == k or a.word(j + 1).lower().endswith("ed")) and not (j >= 1 and a.norm(j - 1) == "of")
                        and not any(x <= j < y for x, y in modes.sync)):
                    # "requests lodged through the asynchronous bulk queue", "the requests of batch jobs": a
                    # request is the job itself, what goes in and what comes back
                    here_in = here_out = True
                    break
                if (a.norm(j) in g.work_unit and a.norm(j) not in ("request", "submiss") and j + 1 < n
                        and a.word(j + 1).lower().endswith("ed") and any(x == j + 1 for x, _ in ins)
                        and not any(x <= j < y for x, y in ins + outs)):
                    # "jobs submitted through the Batch API": the participle is the jobs', not a file's. What
                    # batch has is the files "of" them ("the input files and output files of jobs submitted
                    # ..."), else the jobs themselves, what goes in and comes back (not "For jobs submitted
                    # via the Batch API, the uploaded input file is ...": a fronted phrase, its clause's files).
                    # (the work noun may end batch words of its own: "the input files of bulk jobs submitted ...")
                    head = next((bs for bs, be in modes.batch if bs <= j < be), j)
                    if head >= 1 and a.norm(head - 1) == "of":
                        i = head - 2
                        here_in = here_out = False
                        while i >= 0 and (any(x <= i < y for x, y in ins + outs) or a.norm(i) in ("and", "or", ",", "the", "all", "any")
                                          or (a.word(i)[:1].isalpha() and any(x == i + 1 for x, _ in ins + outs))):
                            here_in = here_in or any(x <= i < y for x, y in ins)
                            here_out = here_out or any(x <= i < y for x, y in outs)
                            i -= 1
                        if not (here_in or here_out):
                            here_in = here_out = True
                        break
                    if not (head >= 1 and a.norm(head - 1) in g.front_opener):
                        here_in = here_out = True
                        break
                if crossed is None and a.norm(j) == "to" and j >= 1 and a.norm(j - 1) in ("and", "or"):
                    crossed = (here_in, here_out)
                if crossed is not None and any(x <= j < y for x, y in sync):
                    # "to real-time prompts and completions and to the input files of batch jobs": the
                    # phrase before "and to" has a mode of its own; its artifacts are not batch's.
                    here_in, here_out = crossed
                    break
                if any(x <= j < y for x, y in ins):
                    here_in = True
                if any(x <= j < y for x, y in outs):
                    here_out = True
                j -= 1
                # "the inputs and outputs of synchronous requests and of batch jobs": past a
                # parallel "of <real-time words>" to the artifacts both share.
                at = next((x for x, y in sync if x <= j < y or (y == j and a.norm(j) in ("request", "call"))), None)
                if at is not None and at >= 1 and a.norm(at - 1) == a.norm(k):
                    here_in = here_out = False
                    j = at - 2
        if (not (here_in or here_out) and k >= 1 and (a.norm(k) in ("for", "to", "through", "via", "by", "in", "as") or (
                # "the input files lodged with the Batch Gateway": a participle of sending names the noun before it
                a.norm(k) == "with" and a.norm(k - 1) in _MADE_BY))
                and not (a.norm(k - 1) in ("and", "or") and any(a.norm(i) == a.norm(k) for i in range(max(0, k - 8), k - 1)))):
            # (not "apply to online prediction and to batch jobs": a second phrase like the first, no noun's)
            # "requests of the Principal which are queued for asynchronous processing": the noun
            # the batch words' phrase modifies, past a relative clause or a participle.
            j = k - 1
            # ... past a relative clause too: "request files that the Service Provider has copied from the
            # Insurer Bucket for Batch Tier jobs".
            reach = 14 if any(a.norm(i) in ("that", "which") for i in range(max(0, k - 14), k)) else 8
            while j >= max(0, k - reach) and a.word(j) not in (",", ";", ":", "(", ")") and a.norm(j) not in g.new_clause_modal:
                if a.word(j).lower().endswith("ed") and any(x <= j < y for x, y in ins + outs) and j >= 1 and (
                        a.word(j - 1)[:1].isalpha() and a.word(j - 1).islower() and a.norm(j - 1) not in g.passive_aux
                        and a.word(j - 1) not in _NOT_A_NOUN and not a.word(j - 1).endswith("ly")):
                    # "all files lodged by the Corporation for Deferred Jobs": a participle that names
                    # the artifact ("lodged", "generated") tells what the noun before it is.
                    here_in = here_in or any(x <= j < y for x, y in ins)
                    here_out = here_out or any(x <= j < y for x, y in outs)
                    j -= 1
                    # ... with the list it closes: "input files and result files uploaded by"
                    while j >= 0 and (any(x <= j < y for x, y in ins + outs) or a.norm(j) in ("and", "or", ",")):
                        here_in = here_in or any(x <= j < y for x, y in ins)
                        here_out = here_out or any(x <= j < y for x, y in outs)
                        j -= 1
                    break
                if a.norm(j) == "fil" and any(a.norm(i) in _SUBMIT_VERBS for i in range(j + 1, k)):
                    # "the files that the Administrator delivers for the Nachtverwerking": files the
                    # customer sends in are the inputs
                    here_in = True
                    break
                if a.word(j).lower().endswith("ed"):
                    j -= 1  # a participle ("submitted", "queued") is not the noun
                    continue
                if any(x <= j < y for x, y in ins) or any(x <= j < y for x, y in outs):
                    # the noun and the rest of its list: "input files and result files submitted through or produced by"
                    # (not back past ", and the" into an item of a longer list: "Real-time prompts and
                    # completions, and the prompts contained in offline inference batches")
                    while j >= 0 and not (j >= 2 and a.norm(j) in ("the", "any", "all") and a.norm(j - 1) in ("and", "or")
                                          and a.word(j - 2) == ",") and (
                            any(x <= j < y for x, y in ins + outs) or a.norm(j) in ("and", "or", ",", "the", "all", "any")
                            or (a.word(j)[:1].isalpha() and any(x == j + 1 for x, _ in ins + outs))):
                        here_in = here_in or any(x <= j < y for x, y in ins)
                        here_out = here_out or any(x <= j < y for x, y in outs)
                        j -= 1
                    break
                j -= 1
        if not (here_in or here_out) and k >= 1 and a.norm(k) in ("that", "which"):
            # "the result files that Lattice Tidewater produces": the batch words are the subject of a
            # relative clause about the noun before it, which is what batch has.
            j = k - 1
            while j >= 0 and (any(x <= j < y for x, y in ins + outs) or a.norm(j) in ("and", "or", ",", "fil")):
                here_in = here_in or any(x <= j < y for x, y in ins)
                here_out = here_out or any(x <= j < y for x, y in outs)
                j -= 1
        if not (here_in or here_out):
            if k >= 0 and a.norm(k) in ("with", "through", "via", "using", "under") and (
                    artifact_named(a, "v:input_artifacts", g) or artifact_named(a, "v:output_artifacts", g)):
                # "input files ... uploaded through the Files API for use with the Batch API": the batch
                # words modify what the sentence names; its own artifacts are what batch reaches.
                here_in, here_out = artifact_named(a, "v:input_artifacts", g), artifact_named(a, "v:output_artifacts", g)
            elif _held_in(a, k, g.awaiting_participle):
                here_in = True  # "audio files waiting in the batch queue": work not yet done, inputs
            elif _held_in(a, k, g.held_participle):
                continue  # "batch results, ... or still held in the Message Batches API": where they lie
            else:
                return None  # a bare mode: "Batch Jobs and their result files", "including batch"
        # "... and to all result files it generates": an artifact the batch words, taken up by a
        # pronoun, made or took.
        # So too "..., and the output files generated from them": made from what the batch words name.
        for x, y in ins + outs:
            if x > e and x - e <= 14 and y + 1 < n and (
                    (a.norm(y) in _BACK_PRONOUNS and a.norm(y + 1) in _MADE_BY_NOW)
                    or (y + 2 < n and a.norm(y) in _MADE_BY and a.norm(y + 1) in ("from", "for", "by")
                        and a.word(y + 2).lower() in ("them", "those", "these", "it", "each"))
                    # ("... and to the result files generated therefrom")
                    or (a.norm(y) in _MADE_BY and a.word(y + 1).lower() in ("therefrom", "thereby", "therewith"))
                    # "... and the results those jobs produce"
                    or (y + 2 < n and a.word(y).lower() in ("those", "these", "such", "the", "that")
                        and a.norm(y + 1) in _WORK_NOUNS and a.norm(y + 2) in _MADE_BY_NOW)):
                here_in = here_in or any(x == i for i, _ in ins)
                here_out = here_out or any(x == i for i, _ in outs)
        if e + 1 < n and a.word(e) == "," and a.norm(e + 1) == "whether":
            # "data submitted through the Batch API, whether input files or result files": the artifacts
            # the batch words stand for, listed after them
            stop = next((i for i in range(e + 2, n) if a.word(i) in (",", ";", ":", ".")), n)
            here_in = here_in or any(e + 1 < x < stop for x, _ in ins)
            here_out = here_out or any(e + 1 < x < stop for x, _ in outs)
        got_in, got_out = got_in or here_in, got_out or here_out
    return (got_in, got_out) if (got_in or got_out) else None


def _held_in(a: Annotated, k: int, participles: frozenset[str]) -> bool:
    """Is the preposition at ``k`` the place something is kept ("still held in the
    Message Batches API", "stored within the batch service")? The batch words then say
    where artifacts named elsewhere in the sentence lie, and bring no traffic of their own.
    ``participles`` are the cue words that count (of keeping, or of waiting)."""
    if k < 1 or a.norm(k) not in ("in", "within", "inside", "on"):
        return False
    j = k - 1
    while j > 0 and a.norm(j) in ("still", "currently", "temporarily", "then", "already"):
        j -= 1
    return a.norm(j) in participles  # cue words are folded as the matcher folds them


def _completion_event(a: Annotated, s: int, e: int, g: Grammar) -> bool:
    """Is the output word at ``s`` the moment a job ends ("after job completion",
    "upon completion of the run", "completion window"), not its completions?"""
    return a.word(s).lower() == "completion" and e - s == 1 and (
        (s > 0 and (a.norm(s - 1) in g.time_opener or a.norm(s - 1) in g.work_unit or a.norm(s - 1) in _EVENT_BEFORE))
        # "queued for asynchronous completion": the same, past an adverb-like modifier
        or (s > 1 and a.norm(s - 2) in _EVENT_BEFORE and a.word(s - 1).isalpha() and a.word(s - 1).islower()
            and a.word(s - 1).endswith(("ous", "al", "ed", "ate")))
        or (e < len(a) and a.norm(e) in _EVENT_AFTER))


_EVENT_BEFORE = {"on", "for", "at", "to", "by"}  # "submitted for completion within 24 hours"
_EVENT_AFTER = {"of", "window", "time", "date", "within", "by", "deadline", "target"}


def artifact_named(a: Annotated, label: str, g: Grammar, lo: int = 0, hi: int | None = None) -> bool:
    """An artifact word that is not about other traffic ("the same as for
    other requests"), between characters ``lo`` and ``hi`` when given."""
    hits = a.spans(label)
    if not hits:
        return False
    if lo or hi is not None:
        top = len(a.text) if hi is None else hi
        hits = tuple(h for h in hits if lo <= a.tokens[h[0]].idx < top)
    sync = a.spans("v:synchronous")
    names = a.spans("v:batch") + sync
    for s, e in hits:
        if any(ns <= s and e <= ne for ns, ne in names):
            continue  # part of a product name: "Async Extraction Jobs"
        before = {a.norm(i) for i in range(max(0, s - 2), s)}
        if before & g.other_traffic:
            continue
        # "Interactive prompts, and input files lodged for batch processing": a batch word of its own after it
        # ("Requests of the Interactive Channel and input files of the Bulk Queue": its own "of" phrase,
        # whatever real-time words stand before it)
        if any(0 <= bs - e <= 3 and all(a.word(i).lower().endswith("ed") or a.norm(i) in _PARTICIPLE_PREPS
                                        or (a.norm(i) in ("of", "the") and a.norm(e) == "of") or any(
                x <= i < y for x, y in hits) for i in range(e, bs)) for bs, _ in a.spans("v:batch")) and (
                not any(0 <= s - e2 <= 1 for _, e2 in sync) or (s >= 1 and a.norm(s - 1) in ("and", "or", ","))) \
                and not _completion_event(a, s, e, g) and not _in_gloss(a, s, g):
            return True
        if any(0 <= s - e2 <= 1 for _, e2 in sync):
            continue
        # "all other Inputs and Outputs": the list after "other" is about other traffic too.
        k = s - 1
        listed = a.spans("v:input_artifacts") + a.spans("v:output_artifacts")
        while k >= 0 and (a.norm(k) in ("and", "or", ",", "/") or any(hs <= k < he for hs, he in listed)):
            k -= 1
        if k < s - 1 and k >= 0 and a.norm(k) in g.other_traffic:
            continue
        # "synchronous requests and responses": both belong to the real-time side (not "Interactive
        # prompts, and input files lodged for batch processing": a comma opens a list item of its own).
        if before & {"and", "or"} and any(0 <= s - e2 <= 4 for _, e2 in sync) and not (s >= 2 and a.word(s - 2) == ","):
            continue
        if a.norm(s) == "request" and e - s == 1 and (
                before & g.procedure_word or (e < len(a) and a.norm(e) in ("of", "for", "from", "by", "to"))):
            continue  # "on Bank's written request", "a request for deletion": procedure, not an artifact
        if _completion_event(a, s, e, g):
            continue  # "after job completion", "upon completion of the run": the moment a job ends, not its output
        if _in_gloss(a, s, g):
            continue  # "Result files generated in the Night Run, being the execution of request files, are kept"
        if s >= 2 and a.norm(s - 1) == "of" and (a.norm(s - 2) in g.service_noun or a.norm(s - 2) in _MANNER_NOUNS):
            continue  # "No mode of submission ... is exempted": a way of submitting, not what is submitted
        return True
    return False


_MANNER_NOUNS = frozenset({stem(w) for w in ("means", "method", "manner", "way", "form", "channel", "kind", "type")})


_GLOSS_OPENERS = frozenset({"being", "i.e.", "ie", "namely", "viz"})


def _in_gloss(a: Annotated, s: int, g: Grammar) -> bool:
    """Is token ``s`` inside a gloss set off by commas after a mode's name (", being the
    asynchronous overnight execution of request files,"): words that say what the mode is,
    not what the sentence is about."""
    k = s - 1
    while k >= 0 and a.word(k) not in (",", "(", ";") and s - k <= 14:
        k -= 1
    if k < 1 or a.word(k) not in (",", "(") or k + 1 >= len(a):
        return False
    named = _mode_name_ends(a, k, g)
    if a.norm(k + 1) not in _GLOSS_OPENERS and not (
            a.word(k) == "(" and named
            and not any(ds <= k - 1 < de for label in ("v:data_objects", "v:input_artifacts", "v:output_artifacts")
                        for ds, de in a.spans(label)) and _noun_gloss(a, k, g)):
        # ("the result files of Overnight Jobs (files of requests that the Customer lodges ...)": a
        # parenthesis right after a mode's name, not a data word's, says what the mode is)
        return False
    if not (named or a.word(k - 1)[:1].isupper()):
        return False  # the gloss follows a mode's name, or a name of the agreement's own ("the Night Run")
    close = ")" if a.word(k) == "(" else ","
    return any(a.word(i) == close for i in range(s, min(len(a), s + 14)))


_FILE_NOUNS = frozenset({stem(w) for w in ("file", "files", "document", "documents", "dataset", "datasets")})
_AUXILIARIES = frozenset({stem(w) for w in ("has", "have", "had", "shall", "will", "may", "does", "did")})


def _sent_files(a: Annotated, g: Grammar) -> tuple[bool, bool]:
    """Files a relative clause says who sent ("the job files which the Bank transmitted", "files that
    the Contractor sends back"): (a file the customer sent, a file the provider sent). A file
    noun whose relative clause has the customer as subject and a supply verb is an input."""
    customer = a.spans("v:customer_parties")
    provider = a.spans("v:provider_parties")
    sent = back = False
    for i in range(1, len(a) - 2):
        if a.norm(i) not in ("which", "that") or a.norm(i - 1) not in _FILE_NOUNS:
            continue
        k = i + 1 + (a.norm(i + 1) == "the")
        who = next((e for s, e in customer if s == k), None)
        side = "customer"
        if who is None:
            who, side = next((e for s, e in provider if s == k), None), "provider"
        if who is None:
            continue
        while who < len(a) and a.norm(who) in _AUXILIARIES:
            who += 1
        if who < len(a) and a.norm(who) in g.supply_verb:
            sent, back = (True, back) if side == "customer" else (sent, True)
    return sent, back


def _mode_name_ends(a: Annotated, k: int, g: Grammar) -> bool:
    """Does a mode's name end at token ``k``, alone or with the word that heads it as a service
    ("Overnight Processing", "the Overnight Processing service": the cue file's service_noun)?"""
    ends = {ne for _, ne in a.spans("v:batch") + a.spans("v:synchronous")}
    # ("the Night Processing service (...)": a capitalised name headed by a service noun is a name too)
    return k in ends or (k >= 2 and a.norm(k - 1) in g.service_noun and (k - 1 in ends or a.word(k - 2)[:1].isupper()))


def _noun_gloss(a: Annotated, opened: int, g: Grammar) -> bool:
    """Does the parenthesis opening at ``opened`` hold a noun phrase that says what a name is ("(files
    of requests that the Customer lodges for asynchronous processing)"), rather than a statement of its
    own ("(neither the request file nor the results file is stored ...)")? A verb or a negation before
    any relative word makes it a statement (the cue file's gloss_stop and relative_word)."""
    for i in range(opened + 1, min(len(a), opened + 40)):
        if a.word(i) == ")" or a.norm(i) in g.relative_word:
            return True
        if a.norm(i) in g.gloss_stop:
            return False
    return False


_PREPOSITIONS = {stem(w) for w in ("during", "in", "for", "under", "on", "at", "with", "after", "before", "within",
                                    "of", "by", "from", "upon")}


def _inside_other_subject(a: Annotated, rule: Rule) -> bool:
    """Are the rule's action words all inside a subject about something
    else (prices, fees, service levels: "The regional prices for batch
    processing in the UK South are set out in the Price List")? The subject
    runs up to the first modal or form of "be"."""
    first = min((s for s, _ in main_modals(a)), default=None)  # "may" counts: "Overnight batch runs may use ..."
    if first is None:
        return False
    start = max([i + 1 for i in range(first) if a.word(i) == ","] or [0])
    # The subject's own noun, not one inside a phrase such as "during a Capacity Event".
    heads = [s for s, _ in a.spans("v:non_data_subjects") if start <= s < first
             and not any(a.norm(i) in _PREPOSITIONS for i in range(start, s))]
    if not heads:
        return False
    acts = action_spans(a, rule)
    return bool(acts) and all(e <= first for _, e in acts)


_DETERMINERS = {stem(w) for w in ("the", "those", "these", "such", "all", "its", "any", "their", "each", "every", "a",
                                   "an", "our", "your")}


def _acts_on_party(a: Annotated, rule: Rule, parties: Parties, role: str, g: Grammar) -> bool:
    """Is every action word of the rule done to the conduct of a party of
    ``role`` ("audit the Customer's compliance")? The
    object is the party's genitive right after the action, past determiners."""
    acts = whole_action_spans(a, rule) or action_spans(a, rule)
    if not acts:
        return False
    for _, e in acts:
        if e < len(a) and a.norm(e) in ("and", "or", ",") and any(s2 in (e + 1, e + 2) for s2, _ in acts):
            continue  # "delete and destroy all copies of ...": the verbs share the object after the last
        if _owner_after(a, e, parties, role, g) is None:
            return False
    return True


def _events_logged(a: Annotated, rule: Rule) -> bool:
    """Is every action of the rule a noun of an event that a logging verb before it records ("shall
    record every access ..., including the creation, retrieval, cancellation and deletion of each
    batch", "logs each deletion of a batch file")? The sentence keeps a log; it deletes nothing."""
    acts = action_spans(a, rule)
    logs = [s for s, _ in a.spans("c:log_verb")]
    return bool(acts) and all(
        a.word(e - 1).lower().endswith(("ion", "ions", "al", "als", "ure", "ures")) and any(
            ls < s and not any(a.word(i) in (";", ".") or a.norm(i) in ("and", "or") and a.norm(i + 1) in ("shall", "will", "must")
                               for i in range(ls, s)) for ls in logs)
        for s, e in acts)


@lru_cache(maxsize=4)
def _company_end(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    forms = "|".join(re.escape(x) for x in sorted(suffixes, key=len, reverse=True))
    return re.compile(rf"^(?:[A-Z][\w&'-]*\s+){{0,4}}(?:{forms})(?![\w])")


def _in_names(a: Annotated, spans: list[tuple[int, int]], g: Grammar) -> bool:
    """Is every span a capitalised word of a name: a company's, one that ends (within four more
    capitalised words) in a legal form of the cue file's company_suffix ("HELIOS INFERENCE GmbH"),
    a document's, capitalised words up to a document noun ("Data Processing Agreement"), or a
    street's, capitalised words before a house number ("Store Kongensgade 40")?"""
    end = _company_end(g.company_suffix) if g.company_suffix else None

    def company(s: int) -> bool:
        m = end.match(a.text[a.tokens[s].idx:a.tokens[s].idx + 80]) if end is not None else None
        return m is not None and m.end() > len(a.word(s))

    def document(s: int) -> bool:
        for k in range(s + 1, min(s + 4, len(a))):
            if not (a.word(k)[:1].isupper() and a.word(k).isalpha()):
                return False
            if a.norm(k) in g.document_noun:
                return True
        return False
    def address(s: int) -> bool:
        # "Store Kongensgade 40, DK-1264 Copenhagen": a street's name, then its number
        k = s + 1
        while k < min(s + 3, len(a)) and a.word(k)[:1].isupper() and a.word(k).isalpha():
            k += 1
        return k > s + 1 and k < len(a) and a.word(k)[:1].isdigit()
    return bool(spans) and all(s > 0 and a.word(s)[:1].isupper() and (company(s) or document(s) or address(s)) for s, _ in spans)


def _kept_by_customer(a: Annotated, stores: frozenset[str]) -> bool:
    """Are the files the sentence keeps in storage the customer holds ("stored in the Bank's Azure
    storage account, which remain there until deleted by the Bank")? A store of the cue file's
    customer_store named as the customer's, after "in" or "within": how long they stay there is the
    customer's matter, not the provider's keeping."""
    for cs, ce in a.spans("v:customer_parties"):
        if not any(a.norm(i) in ("in", "within", "into") for i in range(max(0, cs - 3), cs)):
            continue
        j = ce + 1 if ce < len(a) and a.word(ce) in ("'s", "\u2019s", "'") else ce
        if _store_after(a, ce, stores) or (j < len(a) and a.word(j)[:1].isupper() and _store_after(a, j + 1, stores)):
            return True  # ("the Bank's Azure storage account": a product's name before the store)
    return False


def _assisted_only(a: Annotated, rule: Rule) -> bool:
    """Is every action of the rule inside what an assistance verb before it helps the customer do
    ("shall assist the Company in responding to requests ... for erasure of their Personal Data")?
    "by deleting" (the means of the help) or a verb coordinated with the help ("cooperate ... and
    delete") is the provider's own act; so is anything past a clause break."""
    acts = action_spans(a, rule)
    # (a verb, not a noun's modifier: "support staff", "help desk")
    # (nor a word of a name: "Teller Assist Sessions")
    # (nor a noun after a preposition: "For support, engineers of the Vendor in Bangalore may access ...")
    helps = [s for s, e in a.spans("c:assistance_verb") if e < len(a) and a.word(s).islower()
             and not (s > 0 and a.norm(s - 1) in ("for", "of", "with", "in", "on", "by", "the", "a", "an")) and (
        a.word(e)[:1].isupper() or a.norm(e) in ("the", "with", "in", "a", "an", "any", "it", "its", "to", "when", ",", "and"))]

    def own_verb(s: int, e: int) -> bool:
        return s >= 1 and a.norm(s - 1) in ("and", "or", "by", "then") and not a.word(e - 1).lower().endswith(
            ("ion", "ions", "al", "als", "ure", "ures", "ing"))

    def broken(lo: int, hi: int) -> bool:
        return any(a.word(i) in (";", ".") or (a.norm(i) in ("and", "or") and i + 1 < len(a) and a.norm(i + 1) in (
            "shall", "will", "must")) or (a.norm(i) == "by" and i + 1 < len(a) and a.word(i + 1).lower().endswith("ing"))
            for i in range(lo, hi))

    return bool(acts) and all(
        not own_verb(s, e) and any(hs < s and not broken(hs, s) for hs in helps) for s, e in acts)


def _owner_after(a: Annotated, j: int, parties: Parties, role: str, g: Grammar) -> int | None:
    """The genitive mark ("'s") of a party of ``role`` that owns what the words from ``j`` name,
    past determiners (and, for the provider, "all copies of"), if they start so."""
    label = "v:customer_parties" if role == "customer" else "v:provider_parties"
    names = {n.lower() for n in (parties.customer if role == "customer" else parties.provider)}
    n = len(a)
    while j < n and a.norm(j) in _DETERMINERS:
        j += 1
    if role == "provider" and j + 1 < n and a.norm(j) in g.copy_noun and a.norm(j + 1) == "of":
        j += 2  # "delete and destroy all copies of the Service Provider's SDK": the copies are its too
        while j < n and a.norm(j) in _DETERMINERS:
            j += 1
    own = next((oe for os_, oe in a.spans(label) if os_ == j), None)
    if own is None and j < n and a.word(j).lower() in names:
        own = j + 1
    if own is None or not (own < n and a.word(own) in ("'s", "\u2019s", "'")):
        return None
    if role == "provider" and any(a.norm(k) == "of" for k in range(own + 1, min(own + 4, n))):
        return None  # "the Provider's copies of Customer Data": the customer's data in its hands
    return own


_BACK = {stem(w) for w in ("those", "these", "such", "said")}


def _own_records(a: Annotated, act: int, j: int) -> bool:
    """"Record each access to Customer Data and keep those records for 12 months": records
    pointed back to ("those", "such") that the sentence's own recording made are its logs."""
    return (j < len(a) and a.norm(j) == "record" and a.norm(j - 1) in _BACK
            and any(a.norm(i) in ("record", "log") and a.norm(i + 1) in _DETERMINERS for i in range(act - 1)))


def _denied_asides(a: Annotated) -> list[tuple[int, int]]:
    """Brackets that say what a thing is not: "(job identifier and token count, but not the content
    of any request or result)". The data named there is what the thing leaves out."""
    out, opened = [], None
    denying = ("not", "never", "no", "exclud", "excluding", "without")
    for i in range(len(a)):
        if a.word(i) == "(":
            opened = i
        elif a.word(i) == ")" and opened is not None:
            if any(a.norm(k) in denying for k in range(opened, i)):
                out.append((opened, i))
            opened = None
        elif a.word(i) == "," and i + 1 < len(a) and a.norm(i + 1) in ("which", "that"):
            # "The Supplier's operational logs, which contain no Bank Data, are kept ...": so too a
            # relative clause between commas
            close = next((k for k in range(i + 2, len(a)) if a.word(k) in (",", ";")), None)
            if close is not None and any(a.norm(k) in denying for k in range(i + 2, close)):
                out.append((i, close))
    return out


_RIGHT_NOUNS = frozenset(("right", "rights", "obligation", "obligations", "duty", "duties", "commitment", "commitments",
                          "undertaking", "undertakings", "entitlement", "entitlements"))


def _right_cut_down(a: Annotated) -> tuple[int, int] | None:
    """The span of an exercise_limit cue whose subject names a right or duty ("the audit rights
    under para. 1 are exercised exclusively by way of ... reports"), with no negation just before it
    ("are not limited to"); None otherwise."""
    for s, e in a.spans("c:exercise_limit"):
        if any(0 <= s - ne <= 2 for _, ne in a.spans("v:negation")):
            continue
        start = max([0] + [i + 1 for i in range(s) if a.word(i) in (",", ";", ":")])
        if any(a.word(i).lower() in _RIGHT_NOUNS for i in range(start, s)):
            return s, e
    return None


def _persons_placed(a: Annotated, rule: Rule, g: Grammar) -> bool:
    """"The Vendor's support personnel are located in Singapore and Kuala Lumpur, and batch
    operations staff work from Singapore": persons named before the place verb, and no data, file
    or artifact in the sentence, say where people sit. (Persons who reach data from a place, "staff
    in Toronto may access batch input files", name the data.)"""
    if any(a.has(x) for x in ("v:data_objects", "v:input_artifacts", "v:output_artifacts")):
        return False
    acts = action_spans(a, rule)
    if not acts:
        return False
    first = min(s for s, _ in acts)
    # ... said of them in the passive ("are located", "is based"), not a party's act ("Contractor
    # shall keep Member Records only within the continental United States")
    return first > 0 and a.norm(first - 1) in ("be", "is", "are", "wa", "were", "been") and \
        any(a.norm(i) in g.person_noun for i in range(first))


def _acts_on_other_objects(a: Annotated, rule: Rule, g: Grammar) -> bool:
    """Is every action word of the rule done to something other than the
    customer's data ("retain those logs", "delete Provider's Confidential
    Information", "retain billing records")? The object is the words right
    after the action, past determiners and a party's genitive."""
    acts = whole_action_spans(a, rule) or action_spans(a, rule)
    if not acts:
        return False
    # ... a noun, not a participle the stem also matches: "a registered IT auditor" is no register.
    others = tuple(sp for sp in a.spans("v:other_objects") if not a.word(sp[1] - 1).lower().endswith(("ed", "ing")))
    # A data word inside a longer name of something else is that thing: "the contents of this Agreement".
    modes = a.spans("v:batch") + a.spans("v:synchronous")
    data = [(ds, de) for ds, de in a.spans("v:data_objects")
            if not any(os_ <= ds and de <= oe and oe - os_ > de - ds for os_, oe in others)
            # the "Data" of "Data Zone Batch jobs" names a product: capitalised words running into a mode's name
            and not any(ms <= ds < me or (a.word(ds)[:1].isupper() and 0 < ms - ds <= 3
                                          and all(a.word(i)[:1].isupper() for i in range(ds, ms))) for ms, me in modes)
            and not any(ps < ds < pe for ps, pe in _denied_asides(a))  # "(..., but not the content of any request)"
            and not any(os_ == de for os_, _ in others)]  # "batch upload templates": a data word modifying another noun
    n = len(a)
    for s, e in acts:
        if any(os_ <= s and e <= oe for os_, oe in others):
            return False  # the action word is the object's own name: "as Bank's Confidential Information"
        if s > 0 and a.norm(s - 1) in ("the", "such", "that", "this", "thi") and any(x < s for x, _ in acts) and not (
                e < n and a.norm(e) in ("of", "for")):  # (not "... the retention of batch input files": an object of its own)
            continue  # "shall delete the API keys ... and confirm the deletion in writing": the act already named
        if s > 0 and a.norm(s - 1) in ("be", "been", "is", "are", "wa", "were"):
            # A passive: its object is the subject of its clause ("audit logs relating
            # to batch mode shall be kept for ninety days").
            bounds = [0] + [i + 1 for i in range(s) if a.word(i) in (",", ";") or a.norm(i) == "that"]
            start = bounds.pop()
            while bounds and not any(start <= x < s for x, _ in list(others) + data):
                start = bounds.pop()  # past an inserted phrase: "The statements, including the revenue ..., shall be audited"
            if any(start <= os_ < s for os_, _ in others) and not any(start <= ds < s for ds, _ in data):
                continue
            return False
        j = e
        # "delete or destroy Contractor's Confidential Information": past the other verbs of the pair
        while j + 1 < n and a.norm(j) in ("or", "and", ",") and any(x == j + 1 for x, _ in acts):
            j = next(y for x, y in acts if x == j + 1)
        if j + 2 < n and a.norm(j) in ("or", "and") and a.word(j + 1).isalpha() and a.word(j + 1).islower() \
                and a.norm(j + 2) in _DETERMINERS:
            j += 2  # "delete or return all copies of ...": a verb joined to the action, the same object
        for _ in range(2):
            while j < n and (a.norm(j) in _DETERMINERS or a.word(j) in ("'s", "\u2019s")
                             or (j + 1 < n and a.word(j + 1) in ("'s", "\u2019s"))):
                j += 1
            if j + 1 < n and a.norm(j) in g.copy_noun and a.norm(j + 1) == "of":
                j += 2  # "all copies of the Contractor's SDK": what is copied is the object
            else:
                break
        if any(os_ <= j < oe for os_, oe in others) and not any(ds <= j < de for ds, de in data):
            continue
        if j < n and a.norm(j) in ("them", "they", "it") and s > 0 and a.norm(s - 1) == "and":
            # "shall record access logs for all processing of Client Data ... and keep them for three
            # years": the pronoun is the object of the verb the action is joined to.
            modal = max((x for x, _ in main_modals(a) if x < s), default=None)
            k = modal + 2 if modal is not None else n
            while k < s and (a.norm(k) in _DETERMINERS or a.word(k)[:1].isalpha() and not any(
                    os_ <= k < oe for os_, oe in others) and not any(ds <= k < de for ds, de in data) and k - modal <= 4):
                k += 1
            if k < s and any(os_ <= k < oe for os_, oe in others):
                continue
        if _own_records(a, s, j) and not any(ds > j for ds, _ in data):
            continue
        # ... past a modifier or two: "retains its own system logs", "keeps internal event logs"
        ahead = next((os_ for os_, _ in others if j < os_ <= j + 4), None)  # "keep tamper-evident logs"
        if (ahead is not None and all(a.word(i)[:1].isalpha() or a.word(i) == "-" for i in range(j, ahead))
                and not any(j <= ds < ahead + 1 for ds, _ in data)):
            continue
        return False
    return True


def _listed_mode(a: Annotated, at: int, pred: int, modes: ModeReading) -> bool:
    """Is the word at ``at`` one item of a list of modes ("whether on-demand, Provisioned
    Throughput or batch inference") whose other items name modes?"""
    opener = next((i for i in range(at - 1, max(-1, at - 10), -1) if a.norm(i) in ("whether", "includ", "such")), None)
    return opener is not None and any(at < s < pred for s, _ in modes.batch + modes.sync)


# Words of the agreement struck out by an amendment: 'the words "between 20:00 and 06:00" are deleted'.
_WORDS_DELETED = re.compile(r"\b(?:the\s+)?(?:words?|phrase|wording|sentence|expression|text)\s+[\"\u201c][^\"\u201d]{1,300}[\"\u201d]"
                            r"\s+(?:is|are|shall\s+be|will\s+be)\s+(?:hereby\s+)?(?:deleted|struck(?:\s+out)?|removed|erased)\b", re.I)
_DELETES_CLAUSE = re.compile(r"^\W*(?:\([^()]{0,60}\)\s*)?(?:[A-Z][A-Za-z]+(?:\s+[A-Za-z]+){0,3}\s+[\dIVX]{1,3}[:.]\s+)?(?:Article|Section|Clause|Paragraph)\s+[\w.()]+[^;]*?\b(?:which|that)\s+(?:required|provided|obliged|stated|applied|imposed|extended|set|governed|granted|permitted|allowed)\b"
                             r"[^;]*\b(?:is|are)\s+(?:hereby\s+)?(?:deleted|removed|repealed|revoked|struck)\b"
                             # 'Paragraph 8(2)(b) of the Agreement ("Batch content may be used ...") is repealed': the
                             # provision quoted, then done away with.
                             r"|^\W*(?:Article|Section|Clause|Paragraph|Sub-?section)\s+[\w.()]+[^;\"\u201c]{0,60}?\(\s*[\"\u201c][^\"\u201d]{3,400}[\"\u201d]\s*\)"
                             r"\s*(?:is|are|shall\s+be)\s+(?:hereby\s+)?(?:deleted|removed|repealed|revoked|struck|cancelled|canceled)\b", re.I)


# "... is not an AI service", "is not a machine learning service": what is named is no mode of the AI service.
_NOT_AI = re.compile(r"\b(?:is|are)\s+not\s+(?:an?\s+)?(?:AI|artificial\s+intelligence|machine[- ]learning|generative\s+AI|"
                     r"model|inference)\s+(?:service|product|offering|feature)s?\b", re.I)


_TRUE_MODALS = frozenset(stem(w) for w in ("shall", "will", "must", "should", "would", "can", "cannot"))


def _uses_data_for(a: Annotated, rule: Rule, g: Grammar) -> bool:
    """A permission ("may", "is entitled to") or a use verb before the topic's action. A permission
    whose predicate another modal ends ("may keep the files ..., and shall not use them to train")
    gives no leave for the action after that modal."""
    acts = action_spans(a, rule)
    if a.has("v:permission"):
        perms = a.spans("v:permission")
        modals = [m for m, _ in a.spans("v:modal") if a.norm(m) in _TRUE_MODALS and not any(ps <= m < pe for ps, pe in perms)]
        if not acts or any(any(ps < s and not any(ps < m < s for m in modals) for ps, _ in perms) for s, _ in acts):
            return True
        if not any(ps < s for ps, _ in perms for s, _ in acts):
            return True  # the permission after the action: as before
    acts = action_spans(a, rule)
    return any(a.tokens[i].norm in g.data_use for s, _ in acts for i in range(max(0, s - 12), s))


# A sentence that says what a table holds: "The following table sets out, for each service, the periods
# ..., the use of BANCO Information for training and the locations ...".
_TABLE_SAYS = re.compile(r"^\W*(?:[\w.()]+\s+)?(?:the\s+following|this|the|each)\s+(?:table|matrix|list)\b[^.;]{0,30}?\b"
                         r"(?:sets?\s+out|specifies|lists|describes|shows|indicates|states)\b", re.I)


def _data_free(a: Annotated) -> bool:
    """Is every data word of the sentence said to be absent from what is used ("aggregated service
    telemetry that contains no Customer Data")? Then the use takes none of the customer's data."""
    free = a.spans("c:data_free")
    data = [s for s, _ in a.spans("v:data_objects")]
    return bool(free and data) and all(any(0 <= s - fe <= 2 for _, fe in free) for s in data)


def _asked(a: Annotated, rule: Rule) -> bool:
    """Is every one of the topic's actions inside an indirect question ("sets out
    ... whether it is used for training")? It is asked, not stated."""
    asks = a.spans("c:indirect_question")
    acts = action_spans(a, rule)
    return bool(asks and acts) and all(
        any(qe <= s and not any(a.word(i) in (";", ".") for i in range(qe, s)) for _, qe in asks) for s, _ in acts)


def _action_negated(a: Annotated, rule: Rule, g: Grammar) -> int | None:
    """Where the negation starts when the topic's own action word is what it
    governs, across the words a negation steps over: "Client Data is not
    treated as confidential material", "is not protected". Such a sentence
    states that the duty is absent, so it is no commitment; None otherwise."""
    acts = action_spans(a, rule)
    n = len(a)
    for ns, ne in a.spans("v:negation"):
        j = ne
        while j < n and (a.norm(j) in g.negation_gap or a.norm(j) in g.passive_aux or a.norm(j) in g.treated_as
                         or a.norm(j) in _DETERMINERS):
            j += 1
        # ... and past a name the class is owned by: "not treated as Beacon Confidential Information"
        k = next((k for k in (j + 1, j + 2, j + 3) if any(s == k for s, _ in acts)
                  and all(a.word(i)[:1].isupper() or a.word(i) in ("'s", "\u2019s") for i in range(j, k))), j)
        if any(s == k for s, _ in acts) and a.norm(k) not in g.protective_action:
            return ns  # ("shall not disclose Fund Data" protects: the duty is there)
    return None



# Words before a participle that show it does not modify the noun before it ("whether made
# interactively or lodged in", "they are submitted through").
_NOT_A_NOUN = frozenset({"be", "been", "being", "is", "are", "was", "were", "and", "or", "nor", "but", "whether",
                         "that", "which", "who", "if", "when", "once", "where", "not"})
_PROVISO_WORDS = frozenset({";", "save", "except", "provided", "but", "however", "whereas"})


def _duty_then_denied_to_batch(a: Annotated, rule: Rule, modes: ModeReading, at: int) -> bool:
    """Does the sentence state the duty, and then, after a proviso or a contrast, deny it where
    batch is named ("..., save that Inputs lodged in a Global Batch job are not treated as
    confidential")? ``at`` is where the denial's negation starts."""
    cut = next((i for i in range(at - 1, 0, -1) if a.word(i).lower() in _PROVISO_WORDS), None)
    if cut is None or not any(s < cut for s, _ in action_spans(a, rule)):
        return False
    return any(cut < s < at for s, _ in list(modes.batch_included) + list(modes.batch_excluded))


# A duty the customer bears ("You are responsible for ...", "The Bank shall configure ..."), as against a
# right it holds ("may audit", "shall be entitled to inspect", "shall have access to the logs").
_CUSTOMER_DUTY = re.compile(r"\b(?:is|are)\s+(?:solely\s+)?responsible\s+for\b|\b(?:shall|must)\b", re.I)
# ("shall have full access to the premises": a right, whatever word qualifies the access)
_CUSTOMER_RIGHT = re.compile(r"\b(?:may|right|rights|entitled|permitted|allowed|ha(?:ve|s)\s+(?:\w+\s+){0,2}access|receive|request)\b", re.I)


_PROTECTIONS = {"no", "non", "not", "prohibition", "restriction", "ban", "commitment", "commitments", "exclusion", "protection",
                "protections", "clause", "section", "article", "undertaking", "obligation", "obligations", "covenant", "opt",
                "no-training", "restrictions", "prohibitions"}


def _kept_in_use(a: Annotated, g: Grammar) -> int | None:
    """Where the "from" of a denied exclusion from a use stands ("shall not be excluded from the
    model improvement program", "are not withheld from training"): the use named within a few words
    after it is what batch stays in. None when the exclusion denied is from no such use."""
    harm = [s for s, _ in a.spans("v:harmful_uses")]
    for ns, ne in a.spans("v:negation"):
        for i in range(ne, min(ne + 4, len(a) - 1)):
            if (a.norm(i) in g.exclusion_predicate or a.norm(i) in g.exclusion_verb) and a.norm(i + 1) == "from":
                h = next((h for h in harm if i + 1 < h <= i + 7), None)
                # (not "shall not be excluded from the no-training commitment": a protection, not a use)
                if h is not None and not any(a.word(k).lower().strip("-") in _PROTECTIONS for k in range(i + 2, min(h + 3, len(a)))):
                    return i + 1
    return None


def _duty_denied(a: Annotated, rule: Rule) -> bool:
    """Is the topic's action what a denied duty governs ("has no obligation to erase", "disclaims
    any obligation to retain or purge"), with no un-denied action of the topic before it?"""
    denials = a.spans("c:duty_denied")
    actions = action_spans(a, rule)
    first = min(s for s, _ in denials)
    if any(s < first for s, _ in actions):
        return False  # "shall delete ... within 30 days; it is not required to delete it earlier"
    return any(0 <= s - de <= 6 for s, _ in actions for _, de in denials)


def _duty_before_proviso(a: Annotated, rule: Rule, at: int) -> bool:
    """Does the duty stand, un-negated, before a proviso that denies it only in part ("shall report
    any Security Incident; provided, however, that Unsuccessful Security Incidents need not be
    reported")? ``at`` is where the denial's negation starts."""
    cut = next((i for i in range(at - 1, 0, -1) if a.word(i).lower() in _PROVISO_WORDS), None)
    if cut is None:
        return False
    negs = [s for s, _ in a.spans("v:negation") if s < cut]
    return any(s < cut and not any(0 <= s - n <= 4 for n in negs) for s, _ in action_spans(a, rule))


_BE_WORDS = frozenset({"is", "are", "be", "was", "were"})
# What a service leaves out: "is not part of", "are not included in", "is not provided", "is not offered"
_NOT_OFFERED = ("part", "includ", "provid", "offer", "support", "perform")


def _negated_action(a: Annotated, rule: Rule, g: Grammar) -> bool:
    """The commitment's own verb negated: "are not logged", "will not be
    deleted", "the audit trail is not maintained for batch jobs". Idioms ("no
    later than", "not limited to") and protective prohibitions ("shall not
    disclose the logs") are not."""
    negs = [(s, e) for s, e in a.spans("v:negation") if a.tokens[s].text.lower() in ("not", "n't", "never", "no")
            # (not "... so that they are deleted by the platform even if the Pension Fund does not delete them
            # itself": a concession supposes the act left undone, and denies nothing)
            and not any(a.norm(k) in ("if", "where", "though", "when") and a.norm(k - 1) == "even" for k in range(max(1, s - 8), s))]
    # (not "is not obliged to erase": the word between is a duty, denied, not the act)
    if any(0 <= s - ne <= 2 and not (s - ne == 2 and a.norm(s - 1) == "to" and (a.word(ne).lower().endswith("ed") or a.norm(ne) == "bound"))
           for s, _ in action_spans(a, rule) for _, ne in negs):
        return True
    # "Batch processing workers run without per-access logging": "without" governs its noun phrase.
    for ws, we in a.spans("v:negation"):
        if a.norm(ws) == "without" and any(0 <= s - we <= 4 and not any(a.norm(i) in (",", ";", "and", "or") for i in range(we, s))
                                           for s, _ in action_spans(a, rule)):
            return True
    # "logging of access to the files of batch assignments is not part of the service": the action,
    # named as the subject, is what the service leaves out
    for s, _ in action_spans(a, rule):
        for ns, ne in negs:
            if s < ns <= s + 14 and ns >= 1 and a.norm(ns - 1) in _BE_WORDS and ne < len(a) \
                    and not any(a.word(i) in (";", ":") or a.norm(i) in g.new_clause_modal for i in range(s + 1, ns)) \
                    and a.word(ne).lower().startswith(_NOT_OFFERED):
                return True
    chains = a.spans("c:catenative")
    starts = {s for s, _ in action_spans(a, rule)}
    for _, ne in negs:
        j = ne
        while j < len(a.tokens) and a.tokens[j].norm in g.passive_aux:
            j += 1
        if j >= len(a.tokens):
            continue
        # "will not take any action to intentionally erase": the negation passes on through the
        # chained verb (and a manner adverb) to the action after it.
        k = next((e for s, e in chains if s == j), None)
        if k is not None:
            while k < len(a.tokens) and a.tokens[k].text.lower().endswith("ly"):
                k += 1
            if k in starts:
                return True
        word = a.tokens[j].norm
        if word in g.negation_idiom or word in g.protective_action or not word.isalpha():
            continue
        if j + 1 < len(a.tokens) and a.tokens[j + 1].norm == "to" and not any(s == j for s in starts):
            continue  # "is not obliged to", "is not required to": a duty denied, read as such
        if word.endswith(("ed", "ain", "ept", "eld", "ept")) or a.tokens[j].text.lower().endswith("ed"):
            return True  # a negated passive: "is not maintained", "are not kept"
    return False


_PROVISO = re.compile(r",?\s+(?:provided\s+that|save\s+that|except\s+that|it\s+being\s+understood\s+that|but)\s+", re.I)


def _near_past_asides(a: Annotated, spans: tuple[tuple[int, int], ...], target: tuple[int, int], window: int) -> bool:
    """Are ``spans`` within ``window`` tokens of ``target`` once short asides between commas are
    left out ("may audit, once per calendar year, the metering data": "audit" is next to what it audits)?"""
    s, e = target
    for a0, b0 in spans:
        lo, hi = (e, a0) if a0 >= e else (b0, s)
        if hi - lo <= window:
            continue
        commas = [i for i in range(lo, hi) if a.word(i) == ","]
        # (an aside that holds a number is part of what is said: "retained, for no more than 30 days, ...")
        skipped = sum(y - x + 1 for x, y in zip(commas[::2], commas[1::2])
                      if y - x <= 7 and not any(any(c.isdigit() for c in a.word(i)) for i in range(x, y)))
        if hi - lo - skipped <= window:
            return True
    return False


def _permissions(a: Annotated, reaches: list[tuple[int, int, int]] = ()) -> Iterator[tuple[int, int, int]]:  # type: ignore[assignment]
    """The permissions a sentence gives, as (start, end of the modal, end of what it
    permits): not a denied one ("may not use", "Neither the Vendor nor its sub-processors
    may use", "Nothing in this Agreement allows ...")."""
    negs = a.spans("v:negation")
    for ps, pe in a.spans("v:permission"):
        if in_reach(reaches, ps) or any(0 <= ps - ne <= 2 for _, ne in negs) or any(0 <= ns - pe <= 1 for ns, _ in negs) or any(
                0 <= ps - ne <= 8 and not any(t.norm in (";", "but", "however", ".") for t in a.tokens[ne:ps])
                for ns, ne in negs if a.tokens[ns].text.lower() in ("neither", "nor", "no", "none")):
            continue
        end = next((i for i in range(pe, len(a.tokens)) if a.tokens[i].norm in (";", ".")), len(a.tokens))
        # "may keep the request files ..., and shall not use them to train": another modal opens
        # another predicate, which the permission does not reach.
        end = min([m for m, _ in a.spans("v:modal") if pe <= m < end and a.norm(m) in _TRUE_MODALS
                   and not any(xs <= m < xe for xs, xe in a.spans("v:permission"))] + [end])
        yield ps, pe, end


def _leave_span(a: Annotated, rule: Rule, reaches: list[tuple[int, int, int]],
                customers: list[tuple[int, int]]) -> tuple[int, int, tuple[int, ...]] | None:
    """Where a prohibition's sentence gives leave for the use it forbids ("shall not use Bank
    Data to train models, except that the Model Provider may use Service Improvement Data to
    improve its models"): the character span of what is permitted, from the modal to the end of
    its predicate. Deciding reads the defined terms inside it: their definitions say which
    modes' data the leave reaches, and where its action words are (a defined name such as
    "Service Improvement Data" carries the word without the action). Leave the customer holds
    ("the Bank may use Outputs to improve its own models") is no carve-out."""
    acts = action_spans(a, rule)
    for ps, pe, end in _permissions(a, reaches):
        inside = tuple(a.tokens[s].idx for s, _ in acts if pe <= s < end)
        opens = max([i + 1 for i in range(ps) if a.word(i) in (";", ":", ",") or a.norm(i) in ("but", "however", "except")]
                    or [0])
        if inside and not any(opens <= s < ps for s, _ in customers):
            last = a.tokens[end - 1]
            return a.tokens[ps].idx, last.idx + len(last.text), inside
    return None


def _permitted_batch_use(a: Annotated, rule: Rule, ignore_window: int, g: Grammar,
                         reaches: list[tuple[int, int, int]] = ()) -> bool:  # type: ignore[assignment]
    """A permission that reaches batch data: "..., but Provider may use batch outputs to improve";
    or a proviso stating the use: "..., provided that data submitted through the Batch API is used
    for model improvement unless the Insurer opts out"."""
    batch = mentions(a, "v:batch", "v:batch_ignore", ignore_window)
    acts = action_spans(a, rule)
    negs = a.spans("v:negation")
    for m in _PROVISO.finditer(a.text):
        start = next((i for i, t in enumerate(a.tokens) if t.idx >= m.end()), len(a))
        end = next((i for i in range(start, len(a)) if a.word(i) in (";", ".")), len(a))
        cond = next((i for i in range(start, end) if a.norm(i) in ("unless", "until", "if")), end)
        if (any(start <= s < cond for s, _ in batch) and any(start <= s < cond for s, _ in acts)
                and not any(start <= s < cond for s, _ in negs) and any(a.norm(i) in ("is", "are", "be", "wa", "were") for i in range(start, cond))):
            return True
        # "..., save that nothing in this Section shall prevent the Contractor from using the outputs of
        # batch jobs to tune its classifiers": a prevention denied is leave for what comes after it
        stop = next((i for i in range(start, cond) if a.norm(i) in g.prevent_verb
                     and any(start <= ns < i for ns, _ in list(negs) + list(a.spans("c:negated_subject")))
                     and any(a.norm(k) == "from" for k in range(i + 1, min(i + 8, cond)))), None)
        if stop is not None and any(stop < s < cond for s, _ in batch) and any(stop < s < cond for s, _ in acts):
            return True
    for c in range(1, len(a)):
        # "..., but batch outputs are used to improve models": a contrasting clause that
        # states the use, with a verb of its own and no negation.
        if a.word(c).lower() not in _CONTRASTING:
            continue
        end = next((i for i in range(c + 1, len(a)) if a.word(i) in (";", ".")), len(a))
        if (any(c < s < end for s, _ in batch) and any(c < s < end for s, _ in acts)
                and not any(c < s < end for s, _ in negs + a.spans("v:prohibition")) and not a.spans("v:permission")
                and not any(a.norm(i) in g.exclusion_predicate for i in range(c + 1, end))  # "are excluded from training"
                and any(a.norm(i) in g.data_use for i in range(c + 1, end))  # a use of data, not "the cost of these training sessions"
                and any(a.norm(i) in ("is", "are", "be", "wa", "were") for i in range(c + 1, end))):
            return True
    for ps, pe, end in _permissions(a, reaches):
        # "batch jobs, whose data may be used to improve ...": the relative clause's antecedent.
        rel = next((i for i in range(max(0, ps - 3), ps) if a.norm(i) in ("whos", "which")), None)
        antecedent = rel is not None and any(0 <= rel - e <= 1 for _, e in batch)
        # "...; data submitted via the Batch Inference API may be used to improve ...": batch in the
        # subject of the permission's own clause.
        # (or of the sentence's first clause: "The data sent through the Overnight Jobs may be used ... to
        # improve the models of the CONTRACTOR; all other data of the BANK is excluded from model training")
        opens = max([i + 1 for i in range(ps) if a.word(i) in (";", ":") or a.norm(i) in ("but", "however", "whereas")]
                    or [0])
        # (not a question put: "agree ... whether Batch outputs may be used for model improvement")
        subject = opens >= 0 and any(opens <= s < ps for s, _ in batch) and not any(
            a.norm(i) in ("whether", "if") for i in range(opens, ps))
        if any(pe <= s < end for s, _ in acts) and (antecedent or subject or any(pe <= s < end for s, _ in batch)):
            return True
    return False


# "Confidential Information does not include Customer Data", "Personal Data excludes ...".
_DEFINES_BY_VERB = re.compile(r"^\s*(?:[^,]{0,60},\s*)?(?:the\s+term\s+)?[\"\u201c]?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}[\"\u201d]?\s+"
                              r"(?:does\s+not\s+include|shall\s+not\s+include|does\s+not\s+constitute|shall\s+not\s+constitute|excludes|includes|shall\s+include)\b")
# "Clause 5 of the Terms", "sections 6 and 7 of the Master Agreement": another document of a bundle.
# ("Clauses Fifth and Seventh of the Contract", "paragraph Sixth.Two. of the Contract": numbers spelled too)
_NUM = r"(?:[\d.()a-z]+|[A-Z][a-z]+(?:\s*\.\s*[A-Z][a-z]+)?\.?)"
_OF_DOCUMENT = re.compile(rf"(?:\b(?i:clauses?|cl[a\u00e1]usulas?|sections?|paragraphs?|articles?|art[i\u00ed]culos?|artigos?|numerals?)\s+|\u00a7\u00a7?\s*){_NUM}(?:\s*\([A-Z][^()]{{0,40}}\))?"
                          rf"(?:\s*(?:to|and|through|-|,)\s*{_NUM}(?:\s*\([A-Z][^()]{{0,40}}\))?)*"
                          r"\s+of\s+(?:the|our|your)\s+(?P<doc>(?:[A-Z][\w-]*\s+){0,3}(?:Terms|Agreement|MSA|DPA|Addendum|Order\s+Form|Schedule|Conditions|Contract"
                          # (a translation keeps the original's word: "Cláusula Quinta of the Contrato")
                          r"|Contrato|Convenio|Contrat|TERMS|AGREEMENT|ADDENDUM|ORDER\s+FORM|CONDITIONS|CONTRACT|CONTRATO))\b"
                          # ("The following provisions of the PRINCIPAL AGREEMENT apply to ...:", a list of clauses after)
                          r"|\b(?i:provisions|clauses|sections|articles)\s+of\s+the\s+(?P<doc2>(?:[A-Z][\w-]*\s+){0,3}(?:Terms|Agreement|MSA|DPA|Addendum|Contract"
                          r"|TERMS|AGREEMENT|ADDENDUM|CONTRACT))\b(?=[^.;]*:\s*$)")
_NEGATIVE_VALUE = re.compile(r"^\s*(?:not\s+applicable|n/?a|none|no|not\s+offered|not\s+included|not\s+provided"
                             r"|excluded|not\s+permitted|prohibited|not\s+allowed|never)\s*(?:\((?:for\s+)?[^()]*\))?"
                             # "Audit rights: Not applicable to this Order Form."
                             r"(?:\s+(?:to|under|in|for)\s+(?:this|these|the)\s+(?:[A-Z][\w-]*\s*){1,4})?"
                             # "Training use: None, for all endpoints including Batch"
                             r"(?:,?\s+for\s+(?:all|every|each|any)\s+[^.;:]{1,60})?\s*[.;]?\s*$", re.I)
_SEGMENT = re.compile(r"[^;|]+")


def _negative_labels(text: str) -> list[tuple[int, int]]:
    """Where the labels of a label line's parts ("Interactive scoring: retention 0 days; training use:
    none") whose value is a "no" lie: from the part's start to its last colon."""
    out = []
    for m in _SEGMENT.finditer(text):
        colon = m.group(0).rfind(":")
        if colon > 0 and len(m.group(0)[:colon].split()) <= 6 and _NEGATIVE_VALUE.match(m.group(0)[colon + 1:]):
            out.append((m.start(), m.start() + colon))
    return out


# (letters with accents too: "Retention - Consulta en Línea: thirty (30) days")
# ("Batch inference - Used for model training: No.": the service the line is about, then its label)
_LABEL_LINE = re.compile(r"^\s*(?:[\(\[]?[A-Za-z0-9]{1,4}[\)\].]\s+|[-*\u2022\u2013]\s+)?(?:[A-Z][\w/&]*(?:\s+[\w/&]+){0,3}\s+[-\u2013\u2014]\s+)?(?P<label>[A-Z\u00c0-\u00de](?:[^\W\d_]|[/&\-])*(?:[ \-](?:[^\W\d_]|[/&()\-])+){0,7})\s*:\s+\S")


def label_line(text: str, ann: Annotated) -> tuple[int, int] | None:
    """The token span of the label of a "Label: value" line ("Hosting
    location: Canada", "Retention period: 30 days"), or None. A label has
    no modal, so "The Provider shall: (a) ..." is not one."""
    m = _LABEL_LINE.match(text)
    if not m or ann.has("v:modal") and any(ann.tokens[s].idx < m.end("label") for s, _ in ann.spans("v:modal")):
        return None
    end = m.end("label")
    toks = [i for i, t in enumerate(ann.tokens) if t.idx < end]
    return (toks[0], toks[-1] + 1) if toks else None


_NUMBER_LABEL = re.compile(r"^\s*(?:(?:section|clause|article|paragraph|schedule|annex|part)\s+)?[\(\[]?[0-9A-Za-z]{1,3}(?:\.[0-9]{1,3})*[\)\].]?\s+", re.I)


# A title in sentence case: a noun of action and what it is of ("Retention of batch artifacts",
# "Deletion of job files on exit"), no verb and no digits.
_NOMINAL_TITLE = re.compile(r"^[A-Z][a-z]+(?:tion|sion|ment|age|ing|ance|ence|al)\s+(?:of|for)\s+[^\d]*$")
# A title that says what its clause is about: a capitalised noun phrase, then "relating to", "concerning" ...
_ABOUT_TITLE = re.compile(r"^[A-Z][\w-]*(?:\s+[a-z][\w-]*){0,3}\s+(?:relating\s+to|in\s+relation\s+to|concerning|regarding"
                          r"|with\s+respect\s+to|applicable\s+to)\s+[^\d:;]+$")
_FINITE = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|does|do|did|not|never|no)\b", re.I)


# Words a title leaves in small letters ("... for the Bulk Queue and all other Services")
_TITLE_SMALL_WORDS = frozenset({"other", "with", "from", "into", "under", "upon", "within", "without", "their", "such",
                                "each", "every", "between", "through", "than", "that", "this", "these", "those", "about",
                                "after", "before", "during", "over", "only", "relating", "concerning", "regarding"})


def _is_heading(text: str, ann: Annotated) -> bool:
    """A title rather than a statement: a few words in title case, no verb
    of obligation and no "Label: value" ("6. Data Retention.", "Deletion of
    Batch Data."). Headings commit to nothing."""
    body = _NUMBER_LABEL.sub("", text, count=1).strip().rstrip(".")
    if body.startswith("(") and body.endswith(")") and body.count("(") == 1:
        # "Paragraph 2 (Access and audit).": a title in brackets after its number
        inner = body[1:-1].split()
        return 0 < len(inner) <= 6 and inner[0][:1].isupper() and not ann.has("v:modal") and not ann.has("v:permission")
    if body.endswith(":") and body.count(":") == 1 and _NOMINAL_TITLE.match(body[:-1]) and not _FINITE.search(body) \
            and not ann.has("v:modal") and not ann.has("v:permission") and len(body.split()) <= 8:
        return True  # "12(3) Retention of batch material:": the title its lettered items are listed under
    words = body.split()
    if _ABOUT_TITLE.match(body) and not text.rstrip().endswith((".", ";", ",", "?", "!", ":")) and not _FINITE.search(body) \
            and not ann.has("v:modal") and not ann.has("v:permission") and len(re.sub(r"\([^()]*\)", " ", body).split()) <= 12:
        return True  # "Audit rights relating to the Bulk Queue (asynchronous bulk processing)": what the clause is about
    if not words or len(words) > 14 or ":" in body or ann.has("v:modal") or ann.has("v:permission"):
        return False
    long = [w for w in words if len(w) >= 4 and w[:1].isalpha()]
    if len(words) > 8:
        # "Return and Deletion of Data for the Bulk Queue and all other Services.": a longer title, with
        # no verb, whose words are capitalised but for the small words of a title
        # (not a sentence in capitals: "THE PROCESSOR DISCLAIMS ANY OBLIGATION TO RETAIN ...")
        return (len(long) >= 4 and all(w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in long) and not _FINITE.search(body)
                and not body.isupper()
                and not body.endswith((",", ";")))
    if _NOMINAL_TITLE.match(body) and not text.rstrip().endswith((".", ";", ",", "?", "!")) and not _FINITE.search(body):
        return True  # "Retention of batch artifacts (Stratus-held copies)": a title in sentence case
    return bool(long) and all(w[:1].isupper() for w in long) and not body.endswith((",", ";"))


def _scope_subject(ann: Annotated, plan: _Plan) -> Annotated | None:
    """The subject of a scope statement (the words before its predicate)."""
    pred = main_scope_predicate(ann, plan.grammar)
    if pred is None:
        return None
    cut = {label: tuple(sp for sp in spans if sp[1] <= pred[0]) for label, spans in ann.matches.items()}
    return Annotated(ann.text, ann.tokens[:pred[0]], {k: v for k, v in cut.items() if v})


# A subject that names a duty: "The Contractor's obligation to ...", "the duty of the Supplier to ...".
_DUTY_SUBJECT = re.compile(r"\b(?:(?:obligations?|duty|duties|undertakings?|commitments?)\s+(?:of\s+(?:the\s+)?[\w-]+\s+)?(?:not\s+)?to\s+\w"
                           # "The prohibition on using the ENTITY Data to improve models reaches ..."
                           r"|(?:prohibitions?|ban|restrictions?|bar)\s+(?:on|against)\s+\w)", re.I)


# A duty named as what nothing is exempt from: "No category of request ... is exempted from the
# Supplier's obligation to notify ...", "nothing takes batch jobs outside the Provider's duty to ...".
_EXEMPT_FROM = re.compile(r"\b(?:exempt(?:ed|s)?|excluded|excepted|released|carved\s+out|removed|withdrawn)\s+from\b"
                          r"|\boutside\b", re.I)


def _denied_exemption_duty(ann: Annotated) -> Annotated | None:
    """The duty a denied exemption names, as its own words ("No category of request, including
    requests lodged for deferred processing, is exempted from the Supplier's obligation to notify
    the Fund of a Security Incident within 24 hours"): what batch is kept inside."""
    m = _EXEMPT_FROM.search(ann.text)
    duty = _DUTY_SUBJECT.search(ann.text, m.end()) if m else None
    if duty is None or ann.text.find(";", m.end(), duty.start()) >= 0:
        return None
    at = next((i for i, t in enumerate(ann.tokens) if t.idx >= duty.start()), None)
    if at is None:
        return None
    cut = {label: tuple(sp for sp in spans if sp[0] >= at) for label, spans in ann.matches.items()}
    return Annotated(ann.text, ann.tokens, {k: v for k, v in cut.items() if v})


# Words an amendment takes out of a text: 'Clause 11(2) ("The Supplier shall not use ...") is deleted in
# its entirety', 'is amended by deleting the words "other than Batch Jobs"'. They are mentioned, not agreed.
_TAKEN_OUT = re.compile(r"\b(?:deleted|deleting|deletes|removed|removing|struck|striking|repealed|revoked|cancell?ed|omitted|omitting)\b", re.I)
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{1,600})[\"\u201d]")
_OUT_BEFORE = re.compile(r"\b(?:delet(?:e|es|ed|ing)|remov(?:e|es|ed|ing)|strik(?:e|es|ing)|struck(?:\s+out)?|omit(?:s|ted|ting)?)"
                         r"(?:\s+(?:out|from\s+\w+(?:\s+[\w()]+){0,3}))?(?:\s+(?:the|its|each|both))?(?:\s+(?:words?|phrases?|text|wording|sentences?|"
                         r"expressions?|reference|references))?(?:\s+to)?\s*:?\s*[(]?\s*$", re.I)
# ('The words "excluding Overnight Jobs" in clause 9.1 of the Agreement are deleted': a clause's number on the way)
_OUT_AFTER = re.compile(r"^\s*\)?\s*,?\s*(?:(?:of|in)\s+(?:[^.;\"\u201c]|\.(?=\d)){0,60}?)?(?:is|are|shall\s+be|will\s+be|has\s+been|have\s+been)\s+(?:hereby\s+)?"
                        r"(?:deleted|removed|struck|repealed|revoked|cancell?ed|omitted|withdrawn)\b", re.I)
_IN_BEFORE = re.compile(r"(?:reads?|read\s+as\s+follows|replaced\s+(?:by|with)|substituted\s+(?:by|with)|insert(?:ed|ing)?|add(?:ed|ing)?|following(?:\s+wording)?)"
                        r"\s*:?\s*$", re.I)


def _removed_quotes(text: str) -> list[tuple[int, int]]:
    """The character ranges of quoted words an amendment takes out ('by deleting the words "other than
    Batch Jobs"', 'Clause 11(2) ("The Supplier shall not use ...") is deleted'); never the words it puts
    in ('so that it reads: "..."', 'replaced with: "..."')."""
    out = []
    for m in _QUOTED.finditer(text):
        before = text[max(0, m.start() - 80):m.start()]
        if _IN_BEFORE.search(before):
            continue
        if _OUT_BEFORE.search(before) or _OUT_AFTER.match(text[m.end():m.end() + 120]):
            out.append((m.start(), m.end()))
    return out


# ", meaning the service that runs the Plan's uploaded request files asynchronously,": an aside that says
# what the name before it is.
_GLOSS = re.compile(r",\s+(?:meaning|being|i\.e\.|that\s+is,)\s+[^,;:.]{3,160}?(?=,|;|\.\s|\.?$)")


# "§ 12 of the Agreement (", "clause 9.2 (": a reference, then the title it goes by in parentheses.
_REF_BEFORE_TITLE = re.compile(r"(?:\u00a7\s*\d{1,3}|\b(?:section|clause|article|paragraph|art\.)\s+\d{1,3}(?:\.\d{1,3})*(?:\([a-z0-9]{1,4}\))*)"
                               r"(?:\s+(?:of|to)\s+(?:the|this)\s+(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)?\s*\($", re.I)


def _in_ref_title(ann: Annotated, spans: list[tuple[int, int]]) -> bool:
    """Are all of ``spans`` inside the title a reference goes by ("§ 12 of the Agreement (Prohibition of
    use of Bank Data for model training)"), or the quoted name of a column or heading? Then they name a
    clause or a column; they use nothing."""
    if not spans or ("(" not in ann.text and '"' not in ann.text and "\u201c" not in ann.text):
        return False
    titles = [(m.start(), ann.text.find(")", m.start())) for m in re.finditer(r"\((?=[A-Z])", ann.text)
              if _REF_BEFORE_TITLE.search(ann.text, max(0, m.start() - 60), m.start() + 1)]
    titles = [(a, b) for a, b in titles if b > a]
    # ... and a column or heading by its quoted name: 'The columns "Processing location" and "Use of Bank Data
    # for model improvement" constitute service parameters'
    # (not a cell an amendment rewrites: 'In Annex 3, row "Batch Jobs", the entry "EU/EEA" in the column
    # "Processing location" is replaced by "Switzerland only"', where the column says what the new value is)
    for m in re.finditer(r"[\"\u201c]([^\"\u201d]{2,80})[\"\u201d]", "" if _REWRITES.search(ann.text) else ann.text):
        if _NAMED_BY_QUOTE.search(ann.text, max(0, m.start() - 60), m.start()):
            titles.append((m.start(), m.end() - 1))
    # ... and the words the clause read before it was struck: 'Section 10 (Audit), which read "The Bank may
    # audit the Contractor's processing of batch and real-time data.", is deleted without replacement'
    for m in re.finditer(r"[\"\u201c]([^\"\u201d]{2,300})[\"\u201d]", ann.text):
        if _FORMER_WORDS.search(ann.text, max(0, m.start() - 30), m.start()) and _STRUCK.match(ann.text, m.end() + 1):
            titles.append((m.start(), m.end() - 1))
    # ... and the amendment that strikes the clause so titled, right after it: "§ 10 (Deletion of Bank Data) is
    # deleted" (not "Under Section 9 (Deletion), Customer Data is deleted within 30 days")
    struck = [(m.start(), m.end()) for m in (_STRUCK.match(ann.text, b + 1) for _, b in titles) if m is not None]
    return bool(titles) and all(any(a < ann.tokens[s0].idx < b for a, b in titles)
                                or any(a <= ann.tokens[s0].idx < b for a, b in struck) for s0, _ in spans)


_NAMED_BY_QUOTE = re.compile(r"\b(?:columns?|headings?|rows?|fields?|captions?|entitled|titled|headed)\b"
                             r"(?:\s+[\"\u201c][^\"\u201d]{2,80}[\"\u201d]\s*(?:,|and|or))*\s*$", re.I)
_REWRITES = re.compile(r"\b(?:replaced|replace|amended|amend|substituted|inserted|insert|reads?\s+as\s+follows|shall\s+read)\b", re.I)
_FORMER_WORDS = re.compile(r"\b(?:which|that)\s+(?:read|reads|provided|stated|formerly\s+read)\s*:?\s*$", re.I)
_STRUCK = re.compile(r"\s*,?\s*(?:is|are|shall\s+be|will\s+be)\s+(?:hereby\s+)?(?:deleted|removed|struck(?:\s+out)?|repealed)\b")


def _without_gloss(ann: Annotated) -> Annotated:
    """The sentence as read without the words of an aside that glosses a batch name before it
    ("Result files produced by the Deferred Processing Service, meaning the service that runs the
    Plan's uploaded request files asynchronously, are purged ..."): the files and mode words it
    names describe the service; they are not what the sentence is about."""
    batch_ends = [e for _, e in ann.spans("v:batch")]
    spans = []
    for m in _GLOSS.finditer(ann.text):
        opens = next((i for i, t in enumerate(ann.tokens) if t.idx >= m.start()), None)
        # (the name's own head noun may stand between: "the Deferred Processing Service, meaning ...")
        if opens is not None and any(0 <= opens - e <= 2 for e in batch_ends):
            spans.append((m.start(), m.end()))
    if not spans:
        return ann
    inside = {i for i, t in enumerate(ann.tokens) if any(a <= t.idx < b for a, b in spans)}
    drop = ("v:batch", "v:input_artifacts", "v:output_artifacts", "v:data_objects", "v:synchronous")
    matches = {k: (tuple(sp for sp in v if not any(i in inside for i in range(sp[0], sp[1]))) if k in drop else v)
               for k, v in ann.matches.items()}
    return Annotated(ann.text, ann.tokens, {k: v for k, v in matches.items() if v})


def _without_removed_words(ann: Annotated) -> Annotated:
    """The sentence as read without the words its amendment takes out."""
    gone = _removed_quotes(ann.text)
    if not gone:
        return ann
    inside = {i for i, t in enumerate(ann.tokens) if any(a <= t.idx < b for a, b in gone)}
    if not inside:
        return ann
    matches = {k: tuple(sp for sp in v if not any(i in inside for i in range(sp[0], sp[1]))) for k, v in ann.matches.items()}
    return Annotated(ann.text, ann.tokens, {k: v for k, v in matches.items() if v})


def _without_aside_modals(ann: Annotated) -> Annotated:
    """A modal or a permission word inside brackets belongs to an aside ("shall be used by Longbird, or
    (so far as Longbird can procure it) by Microsoft, to train ..."), when the sentence has a binding
    modal of its own outside them: the aside says how far, not what is allowed."""
    inside = _bracketed_tokens(ann)
    if not inside or not any(s not in inside for s, _ in ann.spans("v:modal")):
        return ann
    matches = dict(ann.matches)
    for label in ("v:permission", "v:modal"):
        if label in matches:
            matches[label] = tuple(sp for sp in matches[label] if sp[0] not in inside)
    return Annotated(ann.text, ann.tokens, {k: v for k, v in matches.items() if v})


# A limit said as a time that must not be passed: "beyond thirty (30) days", "for longer than 30 days".
_BEYOND_PERIOD = re.compile(r"\b(?:beyond|(?:for\s+)?(?:any\s+)?(?:longer|more)\s+than|in\s+excess\s+of|after(?:\s+the\s+expiry\s+of)?)\s+"
                            r"(?:a\s+period\s+of\s+)?(?:\w+\s+)?\(?\d{1,4}\)?\s+(?:calendar\s+|business\s+)?(?:days?|weeks?|months?|years?|hours?)\b", re.I)


def _kinds_of_job(ann: Annotated, label: str, g: Grammar) -> bool:
    """Does every mention of a topic's words in a scope statement name a kind of job ("Applies to:
    Interactive API; Batch Inference; fine-tuning jobs")? A product is listed, not the topic."""
    modes = ann.spans("v:batch") + ann.spans("v:realtime")

    def listed(s: int, e: int) -> bool:
        # "... every Service, including but not limited to batch inference and fine-tuning": coordinated
        # with a processing mode, one more service in the list
        def joined(a: int, b: int) -> bool:
            return 0 < b - a <= 2 and all(ann.norm(k) in ("and", "or", ",") for k in range(a, b))
        return any(joined(me, s) for _, me in modes) or any(joined(e, ms) for ms, _ in modes)

    return all((e < len(ann) and ann.norm(e) in g.job_kind) or listed(s, e) for s, e in ann.spans(label))


def _titled_prohibition(subject: Annotated, rp: _RulePlan, plan: _Plan) -> bool:
    """A subject that states a prohibition in full: a negation, the
    forbidden action and the data ("No Training on Customer Data")."""
    return subject.has("v:negation") and _groups_hit(subject, rp) and _prohibits(subject, rp.rule, plan.grammar)


def _bracketed(text: str, sentence: str = "") -> bool:
    """A clause wholly in square brackets is a drafting note or placeholder; so is a sentence
    inside a bracketed note of whole sentences after the clause's title ("Article 9 Audit.
    [Reserved. The modalities of audit ... will be fixed by avenant.]")."""
    body = _NUMBER_LABEL.sub("", text.strip(), count=1).strip().rstrip(".")
    if body.startswith("[") and body.endswith("]") and body.count("[") == 1:
        return True
    at = text.find(sentence.strip()) if sentence.strip() else -1
    if at < 0:
        return False
    end = at + len(sentence.strip())
    for m in _NOTE.finditer(text):
        if m.start() <= at and end <= m.end():
            return True
    return False


# A bracketed note of whole sentences: it opens where a sentence may start and closes after a full stop.
_NOTE = re.compile(r"(?:^|(?<=[.:]\s)|(?<=\n))\[[A-Z][^\[\]]*?[.!]\s?\]")


def _bare_title(r: SentenceReading, ann: Annotated) -> bool:
    """A numbered clause that is only a title in sentence case ("9 Audit and
    inspection", "Model training"): a few words, no full stop, no verb of
    obligation and no data word."""
    text = r.text.strip()
    if text != r.clause.text.strip() and not r.clause.text.strip().endswith(text):
        return False
    body = _NUMBER_LABEL.sub("", text, count=1).strip()
    words = body.split()
    # A data word may title a clause ("Data protection", "Customer Data") when nothing in the
    # title could be a terse statement: no participle, no number ("Batch inputs deleted after 30 days").
    terse = any(w.lower().endswith("ed") or any(c.isdigit() for c in w) for w in words)
    # ("Audit and access of the supervisory authorities": a longer title, with no data word and nothing terse)
    return ((0 < len(words) <= 5 or (len(words) <= 8 and not terse and not ann.has("v:data_objects")))
            and body[:1].isupper() and not body.endswith((".", ";", ":", ",")) and ":" not in body
            and not ann.has("v:modal") and not ann.has("v:permission")
            and not (ann.has("v:data_objects") and (terse or len(words) > 3)))


def _run_in_title(r: SentenceReading, ann: Annotated, g: Grammar) -> bool:
    """A clause's opening words in sentence case, ended by a full stop and
    followed by its text ("13. Data retention. [Reserved]", "5. Security of
    batch data. The Supplier must ..."): a title run into the clause, with no
    verb of its own."""
    sents = r.clause.sentences
    if len(sents) < 2 or r.text.strip() != sents[0].text.strip():
        return False
    body = _NUMBER_LABEL.sub("", r.text.strip(), count=1).strip()
    # A parenthetical does not lengthen the title: "Retention of inputs and outputs (interactive
    # and Batch API). [Reserved]"; a participle outside it would make it a terse statement
    # ("Batch inputs deleted after 30 days. Outputs ...").
    outside = re.sub(r"\([^()]*\)", " ", body)
    words = outside.rstrip(" .").split()
    if (len(sents) == 2 and re.fullmatch(r"\s*\[[^\[\]]{1,40}\]\.?\s*", sents[1].text) and body.endswith(".")
            and not ann.has("v:modal") and not ann.has("v:permission")):
        # "Cláusula Novena. Deletion of the Client's data on termination, batch files included. [Reservada.]":
        # however long, words before a bracketed placeholder that stands for the whole text are its title
        return True
    return (0 < len(words) <= 5 and body.endswith(".") and body[:1].isupper() and ":" not in body
            and not ann.has("v:modal") and not ann.has("v:permission")
            and not any(w.lower().endswith("ed") for w in words[1:])
            and not any(t.norm in g.passive_aux for t in ann.tokens))


_PLACES_UNLIMITED = re.compile(r"\b(?:locations?|places?|regions?|countries|jurisdictions?)\b[^.;]{0,80}?\b(?:are|is)\s+not\s+"
                               r"(?:limited|restricted|constrained|confined)\b", re.I)
_CUSTOMER_CONSENTS = re.compile(r"\b(?:where|if|when|once|provided\s+that|to\s+the\s+extent\s+that)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+"
                                r"(?:allows|permits|authori[sz]es|consents|agrees|opts\s+in|elects)\b")
_NOT_THE_PROVIDER = re.compile(r"^\W*(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?,\s+(?:and\s+)?not\s+(?:the\s+)?[A-Z][\w-]*,", re.I)
# The heading over an agreement's recitals: what is under it says why the parties contract.
_RECITALS_HEADING = re.compile(r"^\W*(?:recitals|background|preamble|preliminary\s+statements?|whereas)\W*$", re.I)
_RECITAL = re.compile(r"^\W*(?:(?:[Aa]nd|AND)\s+)?(?:WHEREAS|[Ww]hereas|RECITAL\b|Recital\s+[A-Z]\b)"  # ("And whereas ...": the next recital)
                      # "GLCCP wishes to submit ... in bulk, and the Parties wish to record the data handling terms
                      # that will govern that capability": why the parties contract, said as what they wish
                      r"|^\W*(?:[A-Z][\w&.-]*\s+){1,4}(?:wishes|wish|desires|desire|intends|intend)\s+to\b"
                      # ("D. the parties wish to lay down the arrangements ...": a lettered recital)
                      r"|^\W*(?:[A-Z][.)]\s+)?the\s+(?:parties|Parties)\s+(?:wish|desire|intend)\s+to\b")
# A sentence that is only an inclusion, with no verb of its own: "Including files uploaded for batch jobs."
_INCLUDING_FRAGMENT = re.compile(r"^\W*(?:including|inclusive\s+of|together\s+with)\b[^;:]*$", re.I)
# A document saying what it is about: "It summarises how we protect ...", "This page describes ...".
_SUMMARISES = re.compile(r"^\W*(?:it|this\s+(?:page|document|extract|section|note|summary|paper|whitepaper|overview))\s+"
                         r"(?:summari[sz]es|describes|explains|outlines|gives\s+an\s+overview\s+of|sets\s+out\s+how)\b", re.I)
# ("shall be regulated in Anexo IV": the words a translation keeps for an annex)
# A lead-in to a table or list: "... are as follows for each part of the Service:", "... are set out below:"
_LEAD_IN = re.compile(r"\b(?:is|are)\s+(?:as\s+follows|(?:set\s+out|specified|shown|stated|listed|given)\s+(?:below|in\s+the\s+(?:following\s+)?table))"
                      r"\b[^.;:]{0,60}:\s*$"
                      # ("The following table, taken from the Technical Proposal, states for each Service the modality,
                      # ... and the use of the Customer Data for training.": what its columns hold)
                      r"|^\W*(?:the\s+)?(?:following|below)\s+table\b[^.;]{0,80}\b(?:states?|shows?|sets?\s+out|lists?|specifies)\b", re.I)
_ADDRESSED_IN = re.compile(r"\b(?:is|are|shall\s+be|will\s+be)\s+(?:addressed|dealt\s+with|covered|set\s+out|handled|described|regulated"
                           r"|laid\s+down)\b[^.;]{0,60}?\bin\s+"
                           r"(?:the\s+)?(?:Exhibit|Schedule|Annex|Annexe|Anexo|Appendix|Attachment)\s+[A-Z0-9]{1,3}\b")
_OUTSIDE_DOCUMENT = re.compile(
    r"\b(?:is|are|shall\s+be|will\s+be)\s+(?:governed|dealt\s+with|addressed)\s+(?:exclusively\s+|solely\s+)?(?:by|in)\s+"
    r"(?:(?:section|clause|article|paragraph|s\.)\s+[\d.]+(?:\([a-z0-9]{1,4}\))*\s+of\s+)?"  # "by section 12 of the ... Agreement"
    r"(?!this\b|these\b)(?:the\s+|your\s+|our\s+|its\s+|(?:the\s+)?(?:[A-Z][\w&-]*\s+){0,3}[A-Z][\w&-]*['\u2019]s\s+)?"  # "the Principal Cloud Provider's"
    # ("the Microsoft Products and Services Agreement": a name may join its words with "and", "of", "for")
    r"(?:(?:[A-Z][\w&-]*\s+(?:(?:and|of|for|&)\s+)?){1,6}(?:Agreement|Terms|Policy|Conditions|Addendum|Schedule|Annex|Annexe|Exhibit|Appendix)|(?:[A-Z][\w&-]*\s+){0,4}(?:[Ss]ide\s+[Ll]etter|(?-i:[A-Z]{0,3}(?:DPA|MSA|BAA|SOW|SA))))\b"
    # ("are governed by the Data Handling Schedule": a schedule by its name)
    # "is governed by the Platform Operator's customer agreement": another party's document, in lower case
    r"|\b(?:is|are|shall\s+be|will\s+be)\s+(?:governed|dealt\s+with|addressed)\s+(?:exclusively\s+|solely\s+)?(?:by|in)\s+"
    r"(?:the\s+)?(?:[A-Z][\w&-]*\s+){0,3}[A-Z][\w&-]*['\u2019]s\s+(?:own\s+)?(?:[a-z][\w-]*\s+){0,2}"
    r"(?:agreement|terms|policy|policies|conditions|addendum)\b"
    # "are governed by the cloud customer agreement between the Second Party and its upstream hyperscaler":
    # an agreement between others (not "the agreement between the parties")
    r"|\b(?:is|are|shall\s+be|will\s+be)\s+(?:governed|dealt\s+with|addressed)\s+(?:exclusively\s+|solely\s+)?(?:by|in)\s+"
    r"(?:the|an?|its|their)\s+(?:[\w-]+\s+){0,3}(?:agreement|terms|contract)\s+(?:between|with)\s+"
    r"(?!(?:the\s+)?parties\b|them\b|you\s+and\s+us\b|us\s+and\s+you\b|the\s+Customer\s+and\b|Customer\s+and\b)"
    # "Retention period for interactive requests: per MSA."
    r"|:\s*(?:per|as\s+per|see|as\s+set\s+out\s+in)\s+(?:the\s+)?(?:MSA|Master\s+Agreement|Agreement|Terms|DPA)\b")


_LOCATOR = re.compile(r"\s*(?:of\s+(?:the\s+)?(?-i:[A-Z])[\w-]+(?:\s+(?-i:[A-Z])[\w-]+)?\s+)?"  # "the obligations of the Provider under this Article"
                      r"(?:set\s+out\s+|laid\s+down\s+|contained\s+)?(?:in|under|of)\s+(?:the\s+(?:preceding|previous|foregoing|prior|above|last)|this|that)\s+"
                      r"(?:paragraph|clause|section|article|sub-?clause|sub-?section|point|item)\b", re.I)


def _located(ann: Annotated) -> bool:
    """Are the sentence's general words placed by what follows them ("The obligation in the preceding
    paragraph", "the obligations under this Clause", "the obligations of the Provider under this
    Article"): the commitments of one place, not of the document?"""
    return all(_LOCATOR.match(ann.text, ann.tokens[e - 1].idx + len(ann.word(e - 1))) for _, e in ann.spans("v:general_scope"))


def _whole_document(ann: Annotated, plan: _Plan) -> bool:
    """A scope statement about the whole document: its subject is "This ..."
    or "These ..." and ends in a name for a document ("These Service
    Specific Terms apply to all modes ..., including batch prediction")."""
    pred = main_scope_predicate(ann, plan.grammar)
    if pred is None or pred[0] < 2 or ann.norm(0) not in ("thi", "this", "thes", "these"):
        return False
    head = pred[0] - 1
    while head > 0 and ann.norm(head) in plan.grammar.verb_chain | plan.grammar.passive_aux | {"shall", "will", "must"}:
        head -= 1
    return ann.norm(head) in plan.grammar.document_noun


def _party_before(ann: Annotated, pred: int, parties: Parties) -> bool:
    """Is the subject of the clause a party ("Ferro shall apply ...",
    "Provider keeps audit logs ... and shall not apply less logging to ...")
    rather than commitments ("The Vendor's duties ... extend to")? The
    subject is the first words of the sentence, after a number label, "The"
    or an opening phrase closed by a comma."""
    names = {w for n in parties.provider + parties.customer for w in n.split()}
    spans = list(ann.spans("v:provider_parties")) + list(ann.spans("v:customer_parties"))
    comma = next((i for i in range(min(pred, 6)) if ann.word(i) == ","), None)
    i = comma + 1 if comma is not None else 0
    while i < pred and (ann.norm(i) in ("the", "each", "a") or not ann.word(i)[:1].isalpha()):
        i += 1
    if i >= pred:
        return False
    end = next((e for s, e in spans if s == i), None)
    if end is None and ann.word(i) in names:
        end = i + 1
    return end is not None and not (end < len(ann) and ann.word(end) in ("'s", "\u2019s", "'"))


def _duty_first(a: Annotated, plan: _Plan, passive: bool = False) -> bool:
    """Does a binding clause come before the negated subject, in a clause of its own ("Vendor
    shall store Reinsured Data only within the EU, and nothing in this clause exempts batch jobs
    from that restriction")? The sentence then commits, and the negated clause keeps batch in."""
    if not a.has("c:negated_subject"):
        return False
    # (each negated subject: the first may be the "no" of "for no longer than 30 days, save that nothing ...")
    for first, _ in a.spans("c:negated_subject"):
        modal = next((me for ms, me in a.spans("v:modal") if me <= first and a.norm(ms) in plan.binding), None)
        if modal is None:
            # ... or a right granted to the customer: "The Pension Fund may audit the Supplier's processing
            # ..., save that nothing in Appendix 1 shall exclude the bulk processing environment from such audits"
            # (not "Batch input files may be kept ...": a leave in the passive, no right of anyone's)
            modal = next((pe for ps, pe in a.spans("v:permission") if pe <= first and pe < len(a)
                          and a.norm(pe) not in plan.grammar.passive_be and not any(
                ps - 8 <= s < ps for s, _ in a.spans("v:provider_parties"))), None)
        # ... or a standing duty in the passive: "Inputs and Outputs are retained for no more than thirty
        # (30) days, save that nothing in this Art. 8.1 shall exclude batch input files ... from that limit"
        # (only when the negated clause keeps batch in this clause's own duty, not in another's)
        modal = modal if modal is not None or not passive else next(
            (i + 1 for i in range(1, first - 1) if a.norm(i) in plan.grammar.passive_be and a.norm(i - 1) not in ("it", "thi", "this", "that")
             and (a.word(i + 1).lower().endswith("ed") or a.word(i + 1).lower() in _IRREGULAR_PARTICIPLES)), None)
        if modal is not None and any(a.word(i) in (",", ";") for i in range(modal, first)):
            return True
    return False


def _duty_after(a: Annotated, plan: _Plan) -> bool:
    """Does a binding clause of its own follow the negated exception ("The permission in Section
    5.04(b) does not apply to ... overnight batch jobs, and Contractor shall not use any Health System
    Data ... to train any model")? The sentence then commits too."""
    negs = [s for s, _ in a.spans("v:negation")]
    if not negs:
        return False
    first = negs[0]
    for ms, _ in a.spans("v:modal"):
        if ms > first and a.norm(ms) in plan.binding and _clause_break_between(a, first, ms):
            return True
    return False


_IRREGULAR_PARTICIPLES = {"kept", "held", "stored", "deleted", "erased", "destroyed", "retained", "hosted", "processed"}


def _precedence(a: Annotated, binding: frozenset[str]) -> bool:
    """Is ranking documents the sentence's main act ("If there is any conflict, the DPA
    prevails on any matter concerning retention", "This Schedule shall take precedence")?
    A modal or a permission elsewhere ("The Supplier must delete ..., and this clause
    prevails", "the Supplier may use ..., and this Side Letter prevails") is an act of its own."""
    first = min(s for s, _ in a.spans("c:precedence"))
    acts = [sp for sp in a.spans("v:modal") if a.norm(sp[0]) in binding] + list(a.spans("v:permission"))
    colon = next((i for i in range(len(a)) if a.word(i).endswith(":")), None)
    if colon is not None and first < colon and any("(" in a.word(i) for i in range(first)) and colon + 3 < len(a):
        # "Special Condition 2 (prevailing over the Product Terms): Batch output files are kept until
        # ...": the rank is said in the label; what follows the colon is the clause itself.
        return False
    return all(0 <= first - me <= 1 for _, me in acts)


def _pointer_in_relative(ann: Annotated, plan: _Plan) -> bool:
    """Is the pointer outside the agreement only in a relative clause after the
    sentence's scope predicate ("Article 7(1) does not apply to result files, which
    Dalbit deletes under its lifecycle policy available at ...")? The main clause
    still says where the clause applies; the page says nothing binding."""
    if not ann.has("c:scope_predicate"):
        return False
    pred = main_scope_predicate(ann, plan.grammar)
    if pred is None:
        return False
    rel = next((i for i in range(pred[1], len(ann) - 1) if ann.word(i) == "," and ann.norm(i + 1) in ("which", "who")), None)
    if rel is None:
        return False
    marks = [s for label in ("c:pointer", "c:mutable_reference") for s, _ in ann.spans(label)]
    marks += [i for i, t in enumerate(ann.tokens) if is_url(t.text)]
    return bool(marks) and min(marks) > rel


def _function(r: SentenceReading, ann: Annotated, plan: _Plan, parties: Parties) -> str:
    """What the sentence does, before any topic is read: a definition,
    question, deferral ("to be agreed"), pointer to a page outside the
    agreement, an order of precedence between documents, or a scope statement (its main verb says where commitments
    apply: "The Vendor's duties on privacy and audit extend to bulk
    jobs"); otherwise it may commit to something (read per topic)."""
    if r.is_definition or _DEFINES_BY_VERB.match(r.text):
        return "definition"
    if r.text.rstrip().endswith("?"):
        return "question"
    if _is_heading(r.text, ann) or _bare_title(r, ann) or _run_in_title(r, ann, plan.grammar):
        return "heading"
    if deferred(ann) or _bracketed(r.clause.text, r.text):
        return "deferral"  # "[Audit rights: to be agreed. Pellucid to revert ...]": a drafting note
    # (the heading a paragraph is counted under, "“RECITALS” ¶ 3", where its own "III." is taken for one)
    counted = re.match(r"\u201c([^\u201d]{1,40})\u201d\s*\u00b6", (r.clause.cite or "").rpartition(", ")[2])
    if _RECITAL.match(r.text) or ((_RECITALS_HEADING.match((r.clause.heading or "").strip())
                                   or (counted and _RECITALS_HEADING.match(counted.group(1)))) and not any(
            # (a paragraph counted under the heading, "“RECITALS” ¶ 3", is unnumbered)
            ch.isdigit() for ch in re.sub(r"\u00b6\s*\d+", "", (r.clause.section or "").rpartition(", ")[2]))):
        # (lettered or unnumbered paragraphs under "RECITALS"; the numbered clauses after it are the agreement)
        return "recital"  # "WHEREAS, the State understands that ...": why the parties contract, not what they promise
    if _INCLUDING_FRAGMENT.match(r.text) and r.modes.batch_included and not ann.has("v:modal"):
        return "scope"  # a footnote "[3] Including files Customer uploads for batch jobs.": what the clause it marks covers
    if _LEAD_IN.search(r.text) and not any(ann.norm(m) in _TRUE_MODALS for m, _ in ann.spans("v:modal")):
        # "The storage locations, the retention of Customer Data and the use of Customer Data in model
        # training are as follows for each part of the Service:": the names of the columns that follow
        return "heading"
    if _SUMMARISES.match(r.text) and not any(ann.norm(m) in _TRUE_MODALS for m, _ in ann.spans("v:modal")):
        return "summary"  # "It summarises how we protect the content ...": what a page is about, not a promise
    g = plan.grammar
    if g.proposes and g.proposes.match(r.text):
        return "report"  # "We propose that Section 8.1 expressly extend to batch input and results files": asked, not agreed
    recorded = g.recorded.match(r.text) if g.recorded else None
    if recorded and not any(ann.tokens[m].idx < recorded.end() for m, _ in ann.spans("v:modal")):
        return "report"  # "EL CONTRATISTA stated that the input and output files ... are deleted within thirty days"
    reported = g.reports.match(r.text) if g.reports else None
    if reported and not any(ann.norm(m) in _TRUE_MODALS for m, _ in ann.spans("v:modal") if m < reported.end()):
        return "report"  # "Our Trust FAQ says batch files are deleted after 30 days": what another text says
    addressed = _ADDRESSED_IN.search(r.text)
    if addressed and not any(ann.norm(m) in _TRUE_MODALS and not addressed.start() <= ann.tokens[m].idx < addressed.end()
                             for m, _ in ann.spans("v:modal")):
        # ("... shall be regulated in Anexo IV": the modal of the pointing itself)
        return "pointer"  # "Data security, retention and audit are addressed for Bulk Processing in Exhibit C"
    if (points_outside(ann) or _OUTSIDE_DOCUMENT.search(r.text)) and not _pointer_in_relative(ann, plan):
        return "pointer"  # "Deletion ... is governed by the Tessellate Cloud Customer Agreement"
    if ann.has("c:precedence") and _precedence(ann, plan.binding):
        return "precedence"  # "..., the DPA prevails on any matter concerning the retention of Fund Data"
    own = (r.clause.section or "").rpartition(", ")[2]
    if r.modes.negated_exclusion and not _party_before(ann, len(ann), parties) and not _duty_first(
            ann, plan, passive=all(own == x or own.endswith(" " + x) for x in parse_refs(ann.text))) and not _duty_after(ann, plan):
        return "scope"
    pred = main_scope_predicate(ann, plan.grammar) if ann.has("c:scope_predicate") else None
    if pred is not None and (_party_before(ann, pred[0], parties) or _transitive_duty(ann, pred, g)) and not (
            _FREE_RELATIVE.match(r.text) and not any(s < pred[0] and ann.norm(s) in _TRUE_MODALS for s, _ in ann.spans("v:modal"))) \
            and not _DUTY_SUBJECT.search(r.text[:ann.tokens[pred[0]].idx]):
        # (not "Whatever the Provider has undertaken on security ... holds for asynchronous jobs": the
        # party is inside a subject that names its commitments)
        pred = None  # "Ferro shall apply appropriate measures": the party's own act
    if pred is not None:
        semi = next((i for i in range(pred[1], len(ann)) if ann.word(i) in (";", ":")), None)
        parties_at = {e for _, e in list(ann.spans("v:provider_parties")) + list(ann.spans("v:customer_parties"))}
        if (semi is not None and (any(s > semi for s, _ in ann.spans("v:modal"))
                                  or any(s > semi for s, _ in list(ann.spans("v:provider_parties"))
                                         + list(ann.spans("v:customer_parties"))))) or any(
                s > pred[1] and s in parties_at for s, _ in list(ann.spans("v:modal")) + list(ann.spans("v:permission"))):
            # "para. 1 does not apply to batch data; such data shall be erased ...": the
            # second clause is an obligation of its own, so the sentence is not only a scope statement.
            pred = None
    if pred is not None and _when_not_what(ann, pred[1]):
        pred = None  # "This DPA applies for as long as Cairnlight processes Customer Personal Data": how long, not to what
    if pred is not None and _measure_as_subject(ann, pred[0], plan) and not _FREE_RELATIVE.match(r.text) \
            and not _DUTY_SUBJECT.search(r.text[:ann.tokens[pred[0]].idx]):  # (not "The prohibition on using ... reaches")
        pred = None  # "Role-based access controls shall apply to all personnel access to Client Data": a duty
    if pred is not None and not find_durations(r.text):
        # A duty spelled out in the subject ("The obligation to delete Inputs
        # within 30 days applies to ...") is left to the topics to read.
        return "scope"
    if pred is not None and _SAME_MEASURE.match(r.text[:ann.tokens[pred[0]].idx]):
        # "For Batch Jobs, the same storage period of thirty (30) days applies to the input files and the
        # result files": the measure of the clause before, given to batch by pointing back at it.
        return "scope"
    return "description"


# A subject that is the measure of the clause before: "the same storage period of 30 days", "the same limit".
_SAME_MEASURE = re.compile(r"^(?:[^,;]{0,60},\s*)?(?:the|this)\s+same\s+(?:[\w-]+\s+){0,2}?(?:period|limit|schedule|deadline|"
                           r"term|time\s+limit|retention|duration|maximum)\b[^;]{0,60}$", re.I)


# A subject that names commitments by what a party did: "Whatever the Provider has undertaken on ...",
# "Everything the Supplier has promised about ...", "All that the Vendor committed to in ...".
_FREE_RELATIVE = re.compile(r"^\W*(?:[A-Z]{1,4}-?\d+[.)]?\s+|\(?[\dA-Za-z]{1,3}[.)]\s+|[\d.]+\s+)?"
                            r"(?:whatever|whichever\s+\w+|everything|anything|all\s+that|each\s+\w+\s+that|every\s+\w+\s+that)\b", re.I)


_INTRANSITIVE_NEXT = {stem(w) for w in ("to", "in", "for", "equally", "also", "as", "with", "only", "mutatis", "likewise", ",", ".")}


def _transitive_duty(ann: Annotated, pred: tuple[int, int], g: Grammar) -> bool:
    """"Stratus will apply the safeguards of the Security Rule to PHI": a modal, then the verb with an
    object of its own, is someone's duty to do something, not a statement of where terms apply
    ("This Section shall apply to batch jobs")."""
    s, e = pred
    if not (e - s == 1 and s >= 2 and ann.norm(s - 1) in _TRUE_MODALS and e < len(ann) and ann.norm(s) == "apply"):
        return False
    # ... with its object after what it is applied to: "shall apply to the Bank Data security controls
    # aligned with ISO/IEC 27001"
    # (not "This Section shall apply to batch jobs and to the security measures in Annex 2": a second "to")
    return ann.norm(e) not in _INTRANSITIVE_NEXT or (
        ann.norm(e) == "to" and any(ann.norm(i) in g.measure_noun and not any(ann.norm(j) == "to" for j in range(e + 1, i))
                                    for i in range(e + 2, len(ann))))


_TREATMENT = {stem(w) for w in ("treat", "handle", "process", "apply", "extend", "protect", "hold", "keep", "retain")}
_TERMS_NOUNS = {stem(w) for w in ("terms", "obligations", "contract", "agreement", "provisions", "conditions", "clauses")}


def _flow_down(a: Annotated, at: int) -> bool:
    """Is the umbrella phrase at ``at`` the measure of terms a party must impose on
    someone else ("Vantor shall bind each subprocessor to written terms no less
    protective of Licensee Data than this Addendum")? Then it compares contracts;
    it does not say where this agreement's commitments apply."""
    if not any(a.norm(i) in _TERMS_NOUNS for i in range(max(0, at - 2), at)):
        return False
    # (the modal nearest before it: "will treat Bank Data ..., and will not disclose Bank Data other than to
    # subprocessors bound by terms no less protective than this Addendum" compares the subprocessors' terms)
    for ms, me in sorted(main_modals(a), reverse=True):
        if ms >= at or ms == 0:
            continue
        j = me
        while j < at and a.norm(j) in ("also", "promptly", "at", "all", "times", "not", "never"):
            j += 1
        return j < at and a.norm(j) not in _TREATMENT
    return False


_LISTED = re.compile(r"[,;/&+]|\band\b|\bor\b", re.I)


def _when_not_what(a: Annotated, after: int) -> bool:
    """Does a clause of time follow the scope verb ending at ``after`` ("applies
    for as long as", "continues to apply while")? It says how long the verb's
    subject lasts, and what it names is no scope."""
    return any(0 <= s - after <= 1 for s, _ in a.spans("c:time_clause"))


def _measure_as_subject(a: Annotated, pred: int, plan: _Plan) -> bool:
    """Is the subject of a scope verb a concrete measure ("Role-based access
    controls and multi-factor authentication shall apply to ...", "Encryption
    at rest applies to batch files") rather than provisions ("The obligations
    in clause 4", "These Terms", "The security measures")? A measure applied
    to something is a duty to take it; provisions applied are a scope
    statement."""
    if any(s < pred for s, _ in a.spans("c:provision_noun")) or any(a.word(i)[:1].isdigit() for i in range(pred)):
        return False
    return any(s < pred for rp in plan.rules for labels in rp.groups[:1] for s, _ in a.spans(labels[0]))


_MORE_LABELS = re.compile(r"(?:\||;)\s*[A-Za-z][\w'/ -]{1,30}:\s")


def _paired_files(ann: Annotated) -> Annotated:
    """"Bulk Claims Review claim files and result files": files of a batch service paired with its
    result files are what goes in, whatever the customer calls them ("claim files", "case files")."""
    outs = ann.spans("v:output_artifacts")
    ins = ann.spans("v:input_artifacts")
    found = []
    for i in range(1, len(ann) - 2):
        if ann.norm(i) != "fil" or ann.norm(i + 1) not in ("and", "or") or any(s0 <= i < e0 for s0, e0 in ins + outs):
            continue
        nxt = next(((s0, e0) for s0, e0 in outs if s0 == i + 2 and ann.norm(e0 - 1) == "fil"), None)
        before = i - 1
        if nxt is None or not (ann.word(before).isalpha() and ann.word(before).islower()) or any(
                s0 <= before < e0 for s0, e0 in ins + outs):
            continue
        if any(be == before or be == i - 1 for _, be in ann.spans("v:batch")) or any(
                be <= before and before - be <= 1 for _, be in ann.spans("v:batch")):
            found.append((before, i + 1))
    if not found:
        return ann
    matches = dict(ann.matches)
    matches["v:input_artifacts"] = tuple(sorted(set(ins) | set(found)))
    return Annotated(ann.text, ann.tokens, matches)


def _compound_artifacts(ann: Annotated) -> Annotated:
    """An artifact word right before one of the other side modifies it: "the prediction input tables"
    are input tables, "the request result files" result files. The head noun says which side."""
    ins, outs = ann.spans("v:input_artifacts"), ann.spans("v:output_artifacts")

    def noun(at: int) -> bool:  # (not "Outputs submitted through ...": a participle after the noun)
        w = ann.word(at).lower()
        return w.isalpha() and not w.endswith(("ed", "ing"))
    drop_in = {sp for sp in ins if any(os_ == sp[1] and noun(os_) for os_, _ in outs)}
    drop_out = {sp for sp in outs if any(is_ == sp[1] and noun(is_) for is_, _ in ins)}
    if not (drop_in or drop_out):
        return ann
    matches = dict(ann.matches)
    matches["v:input_artifacts"] = tuple(sp for sp in ins if sp not in drop_in)
    matches["v:output_artifacts"] = tuple(sp for sp in outs if sp not in drop_out)
    return Annotated(ann.text, ann.tokens, {k: v for k, v in matches.items() if v})


def read_sentence(clause: Clause, text: str, start: int, ann: Annotated, ruleset: RuleSet,
                  parties: Parties, refs: list[str] | None = None) -> SentenceReading:
    """How one sentence reads for every rule. ``refs`` are ``text``'s section
    references, when the caller has them."""
    plan = _plan(ruleset)
    g = plan.grammar
    places = ann.matches.get("v:places")

    def _law_of(s: int, e: int) -> bool:
        # "the Personal Information Protection and Electronic Documents Act (Canada)": a statute's jurisdiction
        if s >= 2 and ann.word(s - 1) == "(" and ann.word(s - 2).lower() in g.law_noun:
            return True
        # ... or the first words of its name: "the Nigeria Data Protection Act 2023", "the Kenya Data Protection
        # Act", "the Thailand Personal Data Protection Act" (capitalised words on to the word for a law),
        # or a country's law said by its adjective ("unless Swiss law requires their storage")
        if e < len(ann) and ann.word(e).lower() in g.law_noun and ann.word(s)[:1].isupper() and ann.word(s).lower().endswith(
                ("ss", "an", "sh", "ch", "ese", "ic", "i")):
            return True
        k = e
        # (through brackets too: "the Legal Writings (Counterparts and Delivery) (Scotland) Act 2015")
        # (and across a hyphen: "the EU-U.S. Data Privacy Framework")
        while k < len(ann) and k - e <= 5 and (ann.word(k)[:1].isupper() or ann.word(k) in ("(", ")", "-")) \
                and ann.word(k).lower() not in g.law_noun:
            k += 1
        return e < k < len(ann) and ann.word(k)[:1].isupper() and ann.word(k).lower() in g.law_noun
    def _not_as_written(s: int, e: int) -> bool:
        # "the Main Agreement": a word that only folds like a place ("Maine"); a place is named as written
        if not plan.place_names:
            return False
        name = re.sub(r"\s*-\s*", "-", " ".join(ann.word(i) for i in range(s, e)).lower())
        return name not in plan.place_names and name.rstrip("s") not in plan.place_names and not name.endswith("'s")

    def _body_of(s: int, e: int) -> bool:
        # "the Czech National Bank", "the Central Bank of Ireland", "the Monetary Authority of Singapore": a
        # public body named after its country (capitalised words on to an institution word, or after one and "of")
        if not g.institution_noun:
            return False
        k = e
        while k < len(ann) and k - e <= 3 and ann.word(k)[:1].isupper() and ann.word(k).lower() not in g.institution_noun:
            k += 1
        if k < len(ann) and ann.word(k)[:1].isupper() and ann.word(k).lower() in g.institution_noun:
            return True
        return s >= 2 and ann.norm(s - 1) == "of" and ann.word(s - 2)[:1].isupper() and ann.word(s - 2).lower() in g.institution_noun

    def _signed_at(s: int) -> bool:
        # "This Agreement is made and signed in Jakarta on ...": where it was signed, not where data is
        return s >= 2 and ann.norm(s - 1) in ("in", "at") and ann.norm(s - 2) in g.execution_verb
    if places and ((g.place_qualifier and any(e < len(ann) and ann.norm(e) in g.place_qualifier for _, e in places))
                   or (g.law_noun and any(_law_of(s, e) for s, e in places)) or any(_signed_at(s) for s, _ in places)
                   or any(_not_as_written(s, e) for s, e in places) or any(_body_of(s, e) for s, e in places)):
        # "by 6am Sydney time": a clock, not a location.
        dropped = {sp for sp in places if (sp[1] < len(ann) and ann.norm(sp[1]) in g.place_qualifier) or _law_of(*sp)
                   or _signed_at(sp[0]) or _not_as_written(*sp) or _body_of(*sp)}
        matches = {k: tuple(sp for sp in v if sp not in dropped) for k, v in ann.matches.items()}
        ann = Annotated(ann.text, ann.tokens, {k: v for k, v in matches.items() if v})
    names = [sp for label in _NAME_LABELS for sp in ann.spans(label)]
    if names:
        # "The Credit Union may audit ...": a word of a party's name ("Credit") is no
        # look-alike subject (service credits), whatever the word lists say.
        ann = _without_name_words(ann, names)
    if g.work_unit and may_hold(ann, g.batch_modifier):  # a look at the text before any token is built
        # (in a definition a capitalised name is learnt from its own definition, as batch or real-time)
        ann = _modified_work_units(ann, g, names=not is_definition_sentence(text, clause.heading))
    if "Information" in text and plan.data_groups:
        ann = _information_names(ann, plan, ruleset.vocabulary.get("other_objects", ()))
    if ann.has("v:input_artifacts") and ann.has("v:output_artifacts"):
        ann = _compound_artifacts(ann)
    if ann.has("v:output_artifacts") and ann.has("v:batch"):
        ann = _paired_files(ann)
    if "nformation" in text and plan.data_groups:
        ann = _owned_information(ann, plan)
    if ('"' in text or "\u201c" in text) and _TAKEN_OUT.search(text):
        ann = _without_removed_words(ann)  # (after the readings above, which build spans of their own)
    if "(" in text and ann.has("v:permission"):
        ann = _without_aside_modals(ann)
    if ", meaning " in text or ", being " in text or ", i.e. " in text or ", that is, " in text:
        ann = _without_gloss(ann)
    modes = read_modes(ann, grammar=g, ignore_window=plan.ignore_window, scope_window=plan.scope_window,
                       region=plan.region)
    unlimited = _PLACES_UNLIMITED.search(text) if modes.batch_included and not modes.region_escape else None
    if unlimited:
        # "The locations in which Bulk Processing requests are computed are not limited by this
        # Section": batch may be processed anywhere, a way out of the residency commitment.
        modes.region_escape = True
        modes.cue = modes.cue or unlimited.group(0)[-60:]
    away = _prevention_leave(ann, g) if plan.region and modes.batch_included and not modes.region_escape else None
    if away is not None:
        # "... only within the United States, save that nothing in this Section 8 shall prevent the Vendor
        # from routing batch jobs to its overseas capacity": a prevention denied is leave, and leave to take
        # batch away is a way out of the place committed.
        modes.region_escape = True
        modes.batch_excluded = [sp for sp in modes.batch_included if sp[0] > away]
        modes.cue = modes.cue or " ".join(ann.word(i) for i in range(away, min(away + 3, len(ann))))
    if modes.batch and _NOT_AI.search(text):
        # "Stratus Batch is not an AI service and is not governed by Section 50": a product of that
        # name (a job scheduler), not the batch mode of the AI service, so neither in nor out.
        modes.batch, modes.batch_excluded, modes.cue = [], [], ""
    r = SentenceReading(clause=clause, text=text, start=start, end=start + len(text), ann=ann, modes=modes)
    if unlimited or away is not None:
        r.topic_mentions.update(rp.rule.topic for rp in plan.rules if rp.rule.region)
    r.is_definition = is_definition_sentence(text, clause.heading)
    r.function = _function(r, ann, plan, parties)
    label = label_line(text, ann) if ":" in text[:60] else None
    r.label_line = label is not None
    if label is not None and modes.batch_included and not modes.batch_excluded and not modes.exception_denied and all(
            ann.norm(i) in g.exception_noun or not ann.word(i)[:1].isalpha() for i in range(label[0], label[1])) and any(
            ann.norm(i) in g.exception_noun for i in range(label[0], label[1])) and all(s >= label[1] for s, _ in modes.batch_included):
        # "Data residency: Netherlands. Exception: Batch API - processing region global": what the label
        # calls an exception is carved out of the line before it
        modes.batch_excluded = list(modes.batch_included)
        modes.cue = modes.cue or " ".join(ann.word(i) for i in range(label[0], label[1]))
    if (label is not None and r.function == "description" and modes.batch_included and not modes.sync
            and not modes.batch_excluded and not modes.all_modes
            and any(s == label[0] and e == label[1] for s, e in ann.spans("c:service_label"))
            and not _LISTED.search(re.sub(r"\([^()]*\)", "", text[text.index(":") + 1:]))
            # (not "Service: Batch Inference | Hosting location: Singapore | Data retention: 29 days": a
            # row of the service's own values)
            and not _MORE_LABELS.search(text, text.index(":") + 1)
            and not (clause.kind == "table_row" and sum(1 for c in clause.cells if ":" in c) >= 2)):
        # "Service: Batch Prediction Service": an order form for batch alone (one service, not
        # "Services: Responses API; Batch API"); the line scopes the form.
        r.function = "scope"
        service_line = True
    else:
        service_line = False
    negative_value = label is not None and bool(_NEGATIVE_VALUE.match(text[text.index(":") + 1:]))
    neg_labels = _negative_labels(text) if ":" in text else []
    silent = r.function in ("definition", "deferral", "pointer", "scope", "heading", "precedence", "recital", "summary", "report")
    subject = _scope_subject(ann, plan) if r.function == "scope" else None
    exempt_duty = _denied_exemption_duty(ann) if r.function == "scope" and modes.negated_exclusion else None
    actor_read = False  # the actor matters only to a sentence that commits to something
    # "should be deleted once downloaded": advice, when no binding modal stands beside it.
    advisory = ((ann.has("v:advisory") and not any(ann.norm(s) in plan.binding for s, _ in ann.spans("v:modal")))
                or ann.has("v:aspiration"))  # "we will aim to delete ...": an aim, even beside "will"
    reaches = negated_subjects(ann, g) if ann.has("c:negated_subject") else []
    denied = denied_grant(ann, g, reaches) if reaches else None
    time_opening = _time_opening(ann, g, plan.binding) if may_hold(ann, g.time_opener) else 0
    denied_to: set[str] = set()  # topics whose duty the sentence denies to batch
    for rp in plan.rules:
        rule = rp.rule
        if rp.topic_label in ann.matches and not (r.function == "scope" and _kinds_of_job(ann, rp.topic_label, g)):
            r.topic_mentions.add(rule.topic)
        elif (rule.region and modes.region_escape and modes.batch_included and not r.is_definition
              and ann.has("v:region_escape") and not modes.cue.lower().startswith("outside") and action_spans(ann, rule)):
            # "Inference for those batch jobs may be scheduled onto any GPU cluster worldwide": where batch
            # is processed, said without a place, is about residency.
            r.topic_mentions.add(rule.topic)
        if subject is not None and rule.polarity == "prohibition" and _titled_prohibition(subject, rp, plan):
            # "Section 6 (No Training on Customer Data) applies to ... Batch API
            # jobs": the subject states the prohibition itself.
            r.commitments.add(rule.topic)
            continue
        if subject is not None and _DUTY_SUBJECT.search(subject.text[:subject.tokens[-1].idx + len(subject.tokens[-1].text)]
                                                        if subject.tokens else "") and _groups_hit(subject, rp):
            # "The Contractor's obligation to process Social Data only on documented instructions applies
            # to interactive requests only": the subject states the duty whose reach the predicate gives.
            r.commitments.add(rule.topic)
            continue
        if (r.function == "scope" and modes.negated_exclusion and modes.batch_included and not modes.batch_excluded
                and exempt_duty is not None and _groups_hit(exempt_duty, rp)):
            # "No category of request, including requests lodged for deferred processing, is exempted from
            # the Supplier's obligation to notify the Fund of a Security Incident within 24 hours": the duty
            # is stated, and batch kept inside it.
            r.commitments.add(rule.topic)
            continue
        if (negative_value and rule.polarity == "prohibition" and not silent and label is not None
                and any(s < label[1] for s, _ in action_spans(ann, rule))):
            # "Use for model training: excluded": the use the label names is what the value forbids
            r.commitments.add(rule.topic)
            if modes.batch_excluded and not modes.batch_included:
                modes.batch_excluded, modes.cue = [], ""
            continue
        if (neg_labels and rule.polarity == "prohibition" and not silent and not negative_value
                and any(lo <= ann.tokens[s0].idx < hi for s0, _ in action_spans(ann, rule) for lo, hi in neg_labels)):
            # "Bulk scoring runs: retention 0 days; training use: none": a later label of the line whose
            # value forbids the use it names
            r.commitments.add(rule.topic)
            continue
        if silent or advisory or not _groups_hit(ann, rp, label, plan.data_groups, time_opening, g.attestation):
            continue
        if r.function != "scope" and not modes.batch_excluded and _in_ref_title(ann, action_spans(ann, rule)):
            # "§ 12 of the Agreement (Prohibition of use of Bank Data for model training) remains unchanged",
            # "§ 10 of the Agreement (Deletion of Bank Data, including batch result files) is deleted": a title
            # (which a scope statement uses to name the topic: "... not able to extend Section 8 (EU Data Residency)")
            continue
        if negative_value:
            # "Model training on Customer Data: No" forbids; "Audit rights: Not applicable" denies.
            if rule.polarity == "prohibition":
                r.commitments.add(rule.topic)
                if modes.batch_excluded and not modes.batch_included:
                    # "Use for model training: excluded (for batch jobs)": the use is what is excluded
                    modes.batch_excluded, modes.cue = [], ""
            continue
        if not actor_read:
            r.actor = _actor(ann, parties, g.condition_opener | g.condition, g.control_verb, g.customer_store, g.assent_verb)
            if r.actor == "provider" and _NOT_THE_PROVIDER.match(text) and ann.has("v:provider_parties") and any(
                    text.find(",") < ann.tokens[ps].idx < text.find(",", text.find(",") + 1) for ps, _ in ann.spans("v:provider_parties")):
                r.actor = "customer"  # "The State, and not Contractor, is responsible for deleting ...": the other party
            actor_read = True
        if rule.actor == "provider" and r.actor == "customer" and not _provider_acts(ann, rule, parties):
            continue
        if rule.actor == "any" and r.actor == "customer" and _CUSTOMER_DUTY.search(text) and not _CUSTOMER_RIGHT.search(text):
            continue  # "You are responsible for deleting ... from the log destinations in your account": its chore, no right
        if rule.provider_only and r.actor == "customer" and not _groups_hit(
                ann, rp, label, plan.data_groups, time_opening, g.attestation, skip=rule.provider_only):
            continue  # "The Customer shall make available ... to demonstrate compliance": the customer's duty
        if rule.actor == "provider" and _customer_acts(ann, rule, parties, g):
            continue  # "..., unless the Bank deletes them earlier": the customer's own act
        if (rule.discretion == "none" and (r.actor == "provider" or (rule.actor == "provider" and r.actor != "customer"))
                and _discretion(ann, plan, rule)):
            # "We may delete overnight queue files after 30 days", "The Company may delete batch files
            # at any time": free to, not bound to (a right held by anyone is still a right, for audit)
            continue
        if (rule.schedule and rule.discretion != "none" and _discretion(ann, plan, rule)
                and all(d.days == UNTIL_DELETED for d in find_durations(text))):
            # "Provider may retain Inputs ..., including batch files, for such period as it considers
            # appropriate": leave to keep, with no limit, limits nothing ("may retain ... for up to 30
            # days" is a cap, and a commitment).
            continue
        if ann.has("v:non_data_subjects") and _inside_other_subject(ann, rule):
            continue  # "The Supplier's regional prices for batch processing in the UK South ... are set out in"
        if rule.not_on and _acts_on_party(ann, rule, parties, rule.not_on, g):
            continue  # "The Supplier may audit the Customer's compliance with the Acceptable Use Policy"
        if rule.topic == "deletion" and ann.has("c:log_verb") and _events_logged(ann, rule):
            continue  # "record every access, including the ... deletion of each batch": an event logged
        if rule.topic in ("deletion", "retention") and _acts_on_party(ann, rule, parties, "provider", g):
            continue  # "the Administrator shall destroy all copies of the Service Provider's SDK": not customer data
        if _in_names(ann, action_spans(ann, rule), g):
            # "HELIOS INFERENCE GmbH, Berlin", "This Data Processing Agreement is concluded between ...": a word
            # of a company's or a document's name, not what the sentence does
            continue
        if rule.schedule and rule.topic == "retention" and _kept_by_customer(ann, g.customer_store):
            continue  # "batch output files stored in the Bank's Azure storage account, which remain there until deleted"
        if rule.actor == "provider" and ann.has("c:assistance_verb") and _assisted_only(ann, rule):
            continue  # "shall assist the Company in responding to requests ... for erasure": the customer's act, helped
        if _acts_on_other_objects(ann, rule, g):
            continue  # "retain those logs for twelve months": the action is done to logs, not to the customer's data
        if rule.region and _persons_placed(ann, rule, g):
            continue  # "The Vendor's support personnel are located in Singapore": where people sit, not data
        if reaches and ann.has("c:duty_verb"):
            # "Nothing in this Agreement requires Vendor to delete batch output files before ...": the
            # duty denied; where batch is named, batch is left out of the topic.
            verbs = [vs for vs, _ in ann.spans("c:duty_verb") if in_reach(reaches, vs)]
            if verbs and any(s0 > verbs[0] for s0, _ in action_spans(ann, rule)) and not any(
                    s0 < min(ns for ns, _, _ in reaches) for s0, _ in action_spans(ann, rule)):
                if modes.batch_included and rule.polarity != "prohibition":
                    r.affirmative_use.add(rule.topic)
                    r.action_denied.add(rule.topic)
                continue
        if ann.has("c:duty_denied") and _duty_denied(ann, rule):
            # "disclaims any obligation to retain or purge batch output files": the provider's choice;
            # where batch is named, batch is left out of the topic.
            if modes.batch_included:
                r.affirmative_use.add(rule.topic)
                r.action_denied.add(rule.topic)
            continue
        if rule.negated_action == "carve_out" and _negated_action(ann, rule, g):
            r.affirmative_use.add(rule.topic)  # the commitment's absence, stated
            r.action_denied.add(rule.topic)
            last = max((ns for ns, _ in ann.spans("v:negation")), default=None)
            if modes.batch_excluded and last is not None and _duty_before_proviso(ann, rule, last):
                # "shall record every access ... through the live API; logging of access to batch job
                # files is not included in the service": the duty, then batch taken out of it
                r.commitments.add(rule.topic)
            continue
        if rule.negated_action == "absent":
            at = _action_negated(ann, rule, g)
            if at is not None:
                # "Client Data is not treated as confidential material": no commitment; and
                # when batch is what the duty is denied to ("Result files generated by batch
                # jobs are not treated as confidential"), batch is carved out of the duty.
                if (modes.batch_included and all(e <= at for _, e in modes.batch_included) and not modes.sync
                        and not any(s < at for s, _ in ann.spans("v:inclusive"))  # not "Customer Data, including batch files, is not ..."
                        # nor "the data processed in batch jobs and all other Customer Data shall not be considered ...":
                        # batch one member of the whole, which the sentence denies alike
                        and not any(s < at for s, _ in ann.spans("c:whole_conjunct"))):
                    denied_to.add(rule.topic)
                elif _duty_then_denied_to_batch(ann, rule, modes, at):
                    # "Vendor shall treat all Inputs as Confidential Information, save that Inputs lodged
                    # in a Global Batch job are not treated as confidential": the duty, then batch out of it.
                    r.commitments.add(rule.topic)
                    denied_to.add(rule.topic)
                elif _duty_before_proviso(ann, rule, at):
                    # "shall report any Security Incident ...; provided, however, that Unsuccessful
                    # Security Incidents need not be reported": the proviso limits part of the duty.
                    r.commitments.add(rule.topic)
                continue
        if (rule.region and denied is not None and ann.has("v:places")
                and any(ann.norm(i) == _OUTSIDE for i in range(denied[1], len(ann)))):
            # "nothing in this clause 5.3 permits any batch job to be processed outside Australia":
            # leave to go elsewhere, denied, is the duty to stay.
            r.commitments.add(rule.topic)
            continue
        if (rule.schedule and denied is not None and _BEYOND_PERIOD.search(text, ann.tokens[denied[0]].idx)
                and any(s > denied[0] and in_reach(reaches, s) for s, _ in action_spans(ann, rule))):
            # "nothing in this Clause shall permit the retention of batch input files ... beyond thirty (30)
            # days": leave to keep longer, denied, is the limit.
            r.commitments.add(rule.topic)
            continue
        if rule.polarity != "prohibition" and denied is not None and not any(
                s < min(ns for ns, _, _ in reaches) for s, _ in action_spans(ann, rule)):
            # "Nothing in this Agreement grants Client any right to audit": the right is denied (not
            # "shall delete all Society Data, save that nothing in this clause shall permit ...":
            # the duty stands before the proviso)
            continue
        if rule.polarity == "prohibition" and denied is not None and any(
                s > denied[0] and in_reach(reaches, s) for s, _ in action_spans(ann, rule)):
            r.commitments.add(rule.topic)  # "Nothing in this Agreement permits Vendor to use ... to train"
            continue
        if rule.polarity == "prohibition":
            if _TABLE_SAYS.match(text):
                continue  # "The following table sets out ... the use of BANCO Information for training": a pointer to it
            if _data_free(ann):
                continue  # "may use aggregated telemetry that contains no Customer Data to improve ...": no data of the customer's
            if _permitted_batch_use(ann, rule, plan.ignore_window, g, reaches):
                r.affirmative_use.add(rule.topic)
            leave = _leave_span(ann, rule, reaches, ann.spans("v:customer_parties"))
            if leave is not None:
                r.leave_spans[rule.topic] = leave
            if not _prohibits(ann, rule, g):
                # Only a use of the data for the forbidden purpose is a carve-out
                # ("Provider may use batch outputs to improve its models"), not a
                # description ("The Supplier develops models ... for batch").
                if _uses_data_for(ann, rule, g) and not _asked(ann, rule):
                    r.affirmative_use.add(rule.topic)
                continue
        r.commitments.add(rule.topic)
    kept = _kept_in_use(ann, g) if modes.negated_exclusion and modes.batch_included else None
    if kept is not None:
        # "Outputs of Global Batch deployments shall not be excluded from the model improvement
        # program": batch kept in the use the prohibition forbids, a leave, not an umbrella.
        for rp in plan.rules:
            if rp.rule.polarity == "prohibition" and any(s0 > kept for s0, _ in action_spans(ann, rp.rule)):
                r.affirmative_use.add(rp.rule.topic)
                r.topic_mentions.add(rp.rule.topic)
        if r.affirmative_use:
            modes.negated_exclusion = False
            r.function = "permission"
    if (r.commitments or r.affirmative_use) and _DELETES_CLAUSE.search(text):
        # "Article 10 of the Original Agreement, which required the Contractor to destroy ..., is
        # hereby deleted": what the deleted clause required (or allowed) is described, not given.
        r.commitments, r.affirmative_use, r.function = set(), set(), "description"
    words_deleted = [m.span() for m in _WORDS_DELETED.finditer(text)] if "deletion" in r.commitments else []
    if words_deleted and all(any(a <= ann.tokens[i].idx < b for a, b in words_deleted)
                             for i in range(len(ann)) if ann.norm(i).startswith(("delet", "struck", "strik", "eras", "destr"))):
        # 'the words "between 20:00 and 06:00" are deleted and "at any time" is substituted': words of
        # the agreement struck out, not data erased
        r.commitments.discard("deletion")
        if not r.commitments and r.function in ("obligation", "prohibition"):
            r.function = "description"
    if r.affirmative_use and _CUSTOMER_CONSENTS.search(text) and any(
            ann.tokens[cs].idx < _CUSTOMER_CONSENTS.search(text).end() for cs, _ in ann.spans("v:customer_parties")):
        # "... a further discount where the Customer allows Lumenwright to use their results to improve
        # its models": a use the customer must first allow is its choice, not leave the agreement gives
        r.affirmative_use.clear()
    if r.function == "question":
        r.affirmative_use.clear()  # "Are prompts in batch jobs used to improve models?": asked, not permitted
    if r.commitments and r.function == "description":
        r.function = "prohibition" if any(plan_rule.rule.polarity == "prohibition" and plan_rule.rule.topic in r.commitments
                                          for plan_rule in plan.rules) else "obligation"
    elif r.affirmative_use and r.function == "description" and ann.has("v:permission"):
        r.function = "permission"
    r.off_topic = ann.has("v:non_data_subjects") and not r.topic_mentions and not r.commitments and not r.affirmative_use \
        and not (clause.kind in ("footnote", "endnote") and modes.batch_excluded) \
        and not service_line  # a footnote's subject is the clause citing it; "Service: Batch inference (24-hour
    # completion window)" names the form's service, whatever its description says of it
    if r.off_topic and r.function == "scope":
        # Only what the statement is about counts: "These Terms apply to ..., provisioned
        # throughput" is about the Terms; "The SLA applies to batch jobs" is about the SLA.
        pred = main_scope_predicate(ann, g)
        if pred is None and modes.negated_exclusion:
            # "No processing mode ... is excluded from this Section 3": the exclusion denied is the predicate
            pred = next(((i, i + 1) for i in range(len(ann)) if ann.norm(i) in g.exclusion_predicate), None)
        if pred is None:
            r.off_topic = True
        elif any(ann.norm(i) in ("subject", "within") for i in range(*pred)):
            # "Batch jobs are subject to the rate limits": what applies comes after the predicate.
            r.off_topic = any(s >= pred[1] for s, _ in ann.spans("v:non_data_subjects"))
        else:
            # ("No processing mode, whether on-demand, Provisioned Throughput or batch inference, is
            # excluded": a mode named in the subject's list of modes is not what the statement is about)
            r.off_topic = any(s < pred[0] and not _listed_mode(ann, s, pred[0], modes)
                              for s, _ in ann.spans("v:non_data_subjects"))
    if r.function == "scope" and not r.off_topic and ann.has("v:non_data_subjects"):
        # "The batch discount applies only to EU-hosted endpoints": what applies is the discount
        pred = main_scope_predicate(ann, g)
        r.off_topic = pred is not None and any(s < pred[0] for s, _ in ann.spans("v:non_data_subjects")) and not any(
            s < pred[0] for s, _ in list(ann.spans("v:data_objects")) + list(ann.spans("c:provision_noun")))
    if r.function == "scope" and not r.off_topic and g.person_noun and _applies_to_persons(ann, g, parties):
        r.off_topic = True  # "This Addendum applies to Pinecrest and to every user ... of the Services": to whom
    if ann.has("v:umbrella_verbs"):
        # "The Supplier shall provide the Services in accordance with ... all applicable
        # laws" has an umbrella word but says nothing about where commitments apply.
        r.umbrella_predicate = any(((e - s > 1 and not opening_phrase(ann, s) and not _flow_down(ann, s))
                                    or is_predicate(ann, s, g))
                                   and not in_party_name(ann, s)  # not "Covered Entity"
                                   and not (e < len(ann) and ann.norm(e) == "by")  # "is governed by the laws of"
                                   and not _when_not_what(ann, e)  # "applies for as long as ... processes Customer Data"
                                   for s, e in ann.spans("v:umbrella_verbs"))
    own = clause.section.rpartition(", ")[2] if clause.section else None
    r.refs = [ref for ref in resolve_paragraphs(parse_refs(text) if refs is None else refs, own, text)
              # "this Section 1.6"; "paragraph (1)" of "§ 7 (3)" is 7(1); but "Part C applies to ...",
              # said at the head of Part C, reaches the clauses of Part C
              if ref != own or _PART_LIKE.match(ref)
              # "The exception in clause 6.1 does not apply to batch jobs", said in 6.1 itself
              or (modes.exception_denied and modes.batch_included)]
    if r.off_topic and r.modes.batch_excluded and r.refs:
        # "the notification obligation in Section 9.1 does not extend to files ... within the 24-hour
        # completion window": a carve-out from a section, whatever its last words are about.
        verb = min((s for s, _ in list(ann.spans("v:negation")) + list(ann.spans("c:scope_predicate"))), default=len(ann))
        r.off_topic = any(s < verb for s, _ in ann.spans("v:non_data_subjects"))
    # "Notwithstanding clause 9.1, the Provider may process Economy Tier requests in any
    # manner it considers necessary": leave, by someone other than the customer, that sets
    # the clauses it names aside for what it names.
    if ann.has("c:override") and r.refs and ann.has("v:permission") and (
            r.actor or _actor(ann, parties, g.condition_opener | g.condition, g.control_verb, g.customer_store, g.assent_verb)) != "customer":
        first = min(s for s, _ in ann.spans("c:override"))
        leave = min(s for s, _ in ann.spans("v:permission"))
        r.overrides = (first <= 2 and leave > first and not any(0 <= s - leave <= 2 for s, _ in ann.spans("v:negation"))
                       and not any(s < leave for s, _ in ann.spans("v:modal")))  # "shall be retained ..., so that the Client may"
    m = _OF_DOCUMENT.search(text) if (r.refs or text.rstrip().endswith(":")) else None
    r.ref_document = (m.group("doc") or m.group("doc2")) if m else None
    # "may only store ... in Norway" restricts; "may not" forbids: neither gives leave.
    leave = [(s, e) for s, e in ann.spans("v:permission")
             if not any(ann.norm(k) in ("not", "only", "n't") for k in range(e, min(e + 2, len(ann))))]
    opening = _opening_condition(ann, g.condition_opener) if leave else 0  # "If capacity is short, the Integrator may ..."
    # (a negation in a clause of its own before it does not hold the leave back: "The above list is not
    # exhaustive as regards Night Run: where capacity is short, the processor may execute that job in Iowa")
    negated = leave and any(not any(ann.word(i) in (":", ";") for i in range(ns, leave[0][0])) for ns, _ in ann.spans("v:negation"))
    r.gives_leave = (bool(leave) and r.actor != "customer" and not negated
                     and not any(opening <= s < leave[0][0] for s, _ in ann.spans("v:modal")))
    r.general = (ann.has("v:general_scope") and not _located(ann)) or (r.function == "scope" and _whole_document(ann, plan)) or service_line
    r.anaphora = ann.has("v:anaphora")
    r.points_back = (ann.has("v:umbrella_verbs") or ann.has("v:applicability")) and _points_back(ann, g)
    r.inputs = artifact_named(ann, "v:input_artifacts", g)
    r.outputs = artifact_named(ann, "v:output_artifacts", g)
    if r.outputs and not r.inputs and any(ann.norm(e - 1) == "request" and not _in_gloss(ann, b, g) for b, e in modes.batch_included):
        r.inputs = True  # "batch requests, and the completions generated for them": the requests are the inputs
    if not (r.inputs or r.outputs) and modes.batch_included:
        sent, back = _sent_files(ann, g)
        r.inputs, r.outputs = sent, back  # "the job files which the Bank transmitted": what it sent
    if modes.sync:
        first_sync = modes.sync[0][0]
        r.sync_inclusive = any(0 <= first_sync - e <= 4 for _, e in ann.spans("v:inclusive")) and any(
            ann.norm(i) in ("or", "otherwis") for i in range(first_sync, min(first_sync + 6, len(ann))))
        # "input and output files 30 days, as for real-time requests", "..., as are all interactive
        # prompts": real-time named only to say the same holds for it, a comparison, not a limit.
        r.sync_inclusive = r.sync_inclusive or all(
            _ALIKE_BEFORE.search(text[max(0, ann.tokens[s0].idx - 40):ann.tokens[s0].idx]) for s0, _ in modes.sync)
    if r.function == "definition" and modes.batch_included and not modes.batch_excluded:
        denied = _denied_membership(ann, text, modes)
        if denied:  # '... data submitted through the Batch API is "Bulk Data" and is not Customer Data'
            modes.batch_excluded = list(modes.batch_included)
            modes.cue = modes.cue or denied
    if r.function == "definition" and modes.batch_included:
        # '"Flex" means the lower-priority tier of the synchronous API; Flex is neither batch
        # nor asynchronous processing': the mode words the term is denied are not in it.
        denied_at = _denied_mode(ann, text)
        if denied_at is not None:
            modes.batch_excluded += [sp for sp in modes.batch_included if ann.tokens[sp[0]].idx >= denied_at]
    if r.function == "definition" and modes.sync and not modes.batch_included and not modes.all_modes:
        r.sync_definition = _exhaustive(ann, modes)
    if r.function == "scope" and r.refs and _scope_names_only_sync(ann, modes, g):
        modes.sync_limited = True  # "Clause 25.1 applies to the Real-Time Services, which are: ..."
        modes.cue = modes.cue or ann.text[ann.tokens[modes.sync[0][0]].idx:].split(",")[0][:60]
    if denied_to:
        modes.batch_excluded = modes.batch_excluded + modes.batch_included
        modes.cue = modes.cue or "denied the duty"
    elif ann.has("c:exercise_limit") and modes.batch_included and not (modes.batch_excluded or modes.sync or modes.all_modes
                                                                       or modes.negated_exclusion):
        # (not "... are limited to the production environment, save that nothing in this Clause shall exclude
        # the Batch Processing Environment from the right to inspect": the proviso puts batch back)
        limit = _right_cut_down(ann)
        if limit is not None:
            # "Insofar as the batch processing is concerned, the audit rights under para. 1 are exercised
            # exclusively by way of the Provider's SOC 2 reports": batch held to less than the right gives.
            modes.batch_excluded = list(modes.batch_included)
            modes.cue = modes.cue or " ".join(ann.word(i) for i in range(*limit))
    elif ann.has("c:waiver") and modes.batch_included and not modes.batch_excluded and not modes.negated_exclusion:
        # "The Credit Union hereby waives ... the Vendor's obligation under clause 12.2 in respect of
        # batch prediction jobs": a duty given up where batch is named is batch carved out of it.
        waived = min(s for s, _ in ann.spans("c:waiver"))
        # (not "The fiscal notes shall be issued in one single monthly batch, and the Parties waive any batch or
        # class arbitration": the batch words before the waiver are not what is waived)
        if (not any(0 <= waived - ne <= 2 for _, ne in ann.spans("v:negation")) and not in_reach(reaches, waived)
                and any(bs > waived or not _clause_break_between(ann, bs, waived) for bs, _ in modes.batch_included)):
            # ("is not a waiver of"; "None of the deletion obligations ... is waived for batch jobs")
            modes.batch_excluded = list(modes.batch_included)
            ws, we = ann.spans("c:waiver")[0]
            modes.cue = modes.cue or " ".join(ann.word(i) for i in range(ws, we))
    elif ann.has("c:late_only") and modes.batch_included and not modes.batch_excluded and not modes.negated_exclusion:
        # "The Contractor shall erase the Client Data within thirty (30) days of a written request; the outputs of
        # batch prediction jobs are however erased only at the end of the Agreement": batch, in a conjunct of its
        # own, put off to a later event than the commitment before it.
        late = min(s for s, _ in ann.spans("c:late_only"))
        cut = max((i for i in range(late) if ann.word(i) == ";"), default=-1)
        own = [sp for sp in modes.batch_included if cut < sp[0] < late]
        if cut > 0 and own and not any(sp[0] < cut for sp in modes.batch_included):
            modes.batch_excluded = own
            modes.cue = modes.cue or " ".join(ann.word(i) for i in range(*ann.spans("c:late_only")[0]))
    if modes.batch_excluded:
        r.carve_topics = _excluded_from(ann, plan) | denied_to
    if modes.batch_included and (r.inputs or r.outputs or r.function == "scope"):
        # (a scope statement too: "Clause 16.2 extends to audio files waiting in the batch queue")
        r.batch_objects = _batch_objects(ann, modes, g)
        if r.batch_objects is None and r.function == "scope":
            # "For Batch API jobs, this obligation extends to the output files generated for the
            # job": the batch words set the scene; what the obligation is extended to is named
            # after the predicate, and only that is reached.
            pred = main_scope_predicate(ann, g)
            if pred is not None and all(e <= pred[0] for _, e in modes.batch_included):
                at = ann.tokens[pred[1] - 1].idx + len(ann.tokens[pred[1] - 1].text)
                after = (artifact_named(ann, "v:input_artifacts", g, at), artifact_named(ann, "v:output_artifacts", g, at))
                if any(after):
                    r.batch_objects = after
        if r.batch_objects is None:
            # "... delete Inputs and Outputs within 30 days; for the Batch API this includes
            # the result files": batch is named in a clause of its own, and what that clause
            # names is what batch is said to have.
            cut = max((i for i in range(min(s for s, _ in modes.batch_included)) if ann.word(i) == ";"), default=None)
            if cut is not None and not any(s < cut for s, _ in modes.batch_included):
                at = ann.tokens[cut].idx + 1
                own = (artifact_named(ann, "v:input_artifacts", g, at), artifact_named(ann, "v:output_artifacts", g, at))
                if any(own):
                    r.batch_objects = own
    if r.batch_objects is not None and not all(r.batch_objects):
        # "The result files of the Batch service are kept 30 days, as are its input files": the
        # service's own other files, owned through a pronoun that points back at the batch words.
        r.batch_objects = _owned_by_batch(ann, modes, r.batch_objects, g)
    if r.batch_objects is not None and not all(r.batch_objects):
        # "...; for jobs submitted through the Deferred Processing Queue, the input file and the result
        # file are each kept no longer than twenty-eight (28) days": a fronted phrase names the jobs, and
        # the files its clause names are theirs.
        r.batch_objects = _fronted_objects(ann, modes, r.batch_objects, g)
    if r.commitments & plan.scheduled:
        # (not "results within 24 hours": how soon the job is done, not how long data is kept)
        turns = [ann.tokens[e - 1].idx + len(ann.word(e - 1)) for _, e in ann.spans("c:turnaround")]
        # (nor "Batch (24-hour completion window)": a period the words after it make a turnaround)
        windows = [ann.tokens[s].idx for s, _ in ann.spans("c:turnaround_window")]
        r.durations = [d for d in find_durations(text) if not any(0 <= d.start - t <= 12 for t in turns)
                       and not any(0 <= w - d.end <= 2 for w in windows)]
        r.period_objects = [_objects_near(ann, d.start, g) for d in r.durations]
    if r.function == "scope" and _DELETES_CLAUSE.search(text):
        # "Article 9, Paragraph 3 of the Original Agreement (which applied the retention period to
        # batch files) is hereby deleted": the scope the deleted clause had is described, not given.
        r.function, r.umbrella_predicate = "description", False
    return r


_ROUTE = {stem(w) for w in ("through", "via", "to", "by", "using", "into", "in", "under", "from")}
_IN_ROUTE = {stem(w) for w in ("through", "via", "in", "under")}
_PROVIDING = {stem(w) for w in ("providing", "performing", "delivering", "operating", "rendering")}
_WHILE = {stem(w) for w in ("in", "when", "while", "whilst")}
_ROUTE_PHRASES = tuple(tuple(stem(w) for w in p.split()) for p in (
    "in the course of", "in connection with", "in relation to", "as part of", "by means of"))


def excluded_terms(a: Annotated, terms: list[str]) -> list[str]:
    """The defined terms a definition takes out of what it defines: those
    after an exception ("Customer Data other than Queue Artefacts", "but does
    not include Job Files") and before anything brings words back in ("; and
    includes ...")."""
    marks = [s for s, _ in a.spans("v:exception")]
    neg = a.spans("v:negation")
    includes = []
    for i in range(len(a)):
        if stem(a.norm(i)) == "includ":
            (marks if any(0 <= i - e <= 2 for _, e in neg) else includes).append(i)
    if not marks:
        return []
    out = []
    toks = a.tokens
    for term in terms:
        m = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", a.text)
        if m is None:
            continue
        at = next((i for i, tok in enumerate(toks) if tok.idx >= m.start()), len(toks))
        opened = [s for s in marks if s < at]
        if not opened:
            continue
        last = max(opened)
        if any(last < i < at for i in includes) or any(toks[i].text == ";" for i in range(last, at)):
            continue
        out.append(term)
    return out


def data_sources(a: Annotated, terms: list[str]) -> list[str]:
    """The defined terms the sentence's data comes through: "PHI received
    through the Services", "Content submitted to the Platform" (a data word,
    a participle, a preposition, the term), or the service the whole duty is
    done in ("In providing the Covered Services, Business Associate will ..."). What such a term's definition
    names (the Batch Scoring API among the Services) is what the data covers."""
    ends = {e for _, e in a.spans("v:data_objects")}
    out = []
    for t in terms:
        k = a.text.find(t)
        while k >= 0:
            i = next((x for x, tok in enumerate(a.tokens) if tok.idx == k), None)
            if i is not None:
                j = i - 1
                if j >= 0 and a.norm(j) in ("the", "our", "its", "your", "a", "an", "any", "each", "every"):
                    j -= 1
                for phrase in _ROUTE_PHRASES:  # "PHI received in the course of the Covered Services"
                    if j - len(phrase) + 1 >= 1 and tuple(a.norm(x) for x in range(j - len(phrase) + 1, j + 1)) == phrase:
                        j -= len(phrase) - 1
                        break
                if j >= 1 and a.norm(j) in _PROVIDING and a.word(j).lower().endswith("ing") and a.norm(j - 1) in _WHILE:
                    out.append(t)  # "In providing the Covered Services, Business Associate will ...": the whole service
                    break
                if j >= 1 and a.norm(j) in _ROUTE and a.word(j - 1).lower().endswith("ed") and (j - 1) in ends:
                    out.append(t)
                    break
                if j >= 1 and a.norm(j) in _IN_ROUTE and j in ends:
                    out.append(t)  # "the processing of Customer Material in the Services": the data as it is in them
                    break
            k = a.text.find(t, k + 1)
    return out


def _objects_near(a: Annotated, char: int, g: Grammar) -> tuple[bool, bool]:
    """The artifacts named in the clause (between semicolons) that holds the
    character ``char``: "batch input files are retained for 30 days; batch
    output files are retained until deleted"."""
    # (a contrast opens a clause of its own too: "Batch input files are deleted within 30 days ..., whereas
    # batch output files are kept until the Insurer deletes them")
    cuts = [(m.start(), m.end()) for m in _CONTRAST.finditer(a.text)]
    lo = max([e for s, e in cuts if e <= char] or [0])
    hi = min([s for s, e in cuts if s >= char] or [len(a.text)])
    return artifact_named(a, "v:input_artifacts", g, lo, hi), artifact_named(a, "v:output_artifacts", g, lo, hi)


# Where one clause of a sentence ends and a contrasting one begins: a period's mode is read
# within its own ("... within 30 days, provided that batch files will be deleted within 90 days").
# (", and those for all other systems for 12 months": an elliptical clause about other things opens a clause too)
_CONTRAST = re.compile(r";|,?\s+whereas\s+|,\s+while\s+|,\s+but\s+|,?\s+(?:provided(?:,\s+however,)?|except|save)\s+that\s+"
                       r"|,\s+and\s+(?:those|that|these)\s+(?:for|of|on|in)\s+")


_PERIOD_ITSELF = re.compile(r"\b(?:the|that|such)\s+(?:period|time\s+limit|deadline|retention\s+period)\s+(?:is|shall\s+be|will\s+be)\b", re.I)


_FOR_MODE = re.compile(r"\s*,?\s*(?:for|in\s+the\s+case\s+of|in\s+respect\s+of|with\s+respect\s+to|as\s+regards)\s+"
                       r"(?:(?:all|any|each|every|the)\s+)?(?:[A-Za-z-]+\s+){0,3}?", re.I)


def _beside_all_data(r: SentenceReading, s: int) -> bool:
    """Is the batch mention at ``s`` coordinated with the customer's data at large ("Customer
    Content and Night Run Files are stored ... only within the European Union")? What the
    clause says then holds for every mode, not for batch alone. Data that a mode word
    qualifies ("Batch Inputs and Batch Outputs", "Interactive Inputs and batch files") is
    not data at large."""
    ann = r.ann
    if s >= 3 and ann.norm(s - 1) in ("for", "of", "in", "through", "via", "by", "to"):
        # "all prompts, completions and files lodged for batch processing": the batch words close
        # the last item of a list of data; the items before it are the customer's data at large.
        # Only past a participle that closes the last item ("files lodged for"), in a list of three or
        # more: "request files and result files of Overnight Runs" are both the runs'.
        j = s - 2
        if ann.word(j).lower().endswith("ed") and j >= 2 and ann.word(j - 1).isalpha() and ann.norm(j - 2) in ("and", "or") \
                and j >= 4 and ann.word(j - 4) == ",":
            s = j - 1
    if s < 2 or ann.norm(s - 1) not in ("and", "or", ","):
        return False
    before = s - 2 if ann.norm(s - 2) == "," else s - 1
    modes = list(r.modes.batch_included) + list(r.modes.batch_excluded) + list(r.modes.sync)
    held = [sp for label in ("v:data_objects", "v:input_artifacts", "v:output_artifacts") for sp in ann.spans(label)]
    return any(e == before and not any(ms < e and me > ds - 3 for ms, me in modes) for ds, e in held)


# A clause that opens on a possessive pronoun: "whereas their result files", "; its output files".
_OWNER_OPENS = re.compile(r"[\s,;]*(?:the\s+)?(?:its|their)\s", re.I)
# ... or names its files as those of the jobs before: "while the result files of those jobs remain ...".
_OWNER_AFTER = re.compile(r"[\s,;]*(?:the\s+)?[\w\s-]{0,40}?\bof\s+(?:those|these|such|them|it)\b", re.I)


_OTHER_TRAFFIC = re.compile(r"\b(?:all|any|every)\s+other\s+(?:services|service|traffic|requests|products|endpoints|deployments|modes|channels)\b", re.I)


def mode_at(r: SentenceReading, char: int, until: int | None = None) -> str:
    """The processing mode a duration at ``char`` belongs to (or any words from ``char`` to ``until``:
    places "in the United States or Japan for batch inference")."""
    ann = r.ann
    # The words read are the offsets' frame: a conjunct's own, when a sentence was split into them (a
    # table row read as a label line keeps the row's).
    text = r.unit if r.unit and r.clause.kind != "table_row" else r.text
    marks: list[tuple[int, str]] = []
    modals = [s for s, _ in ann.spans("v:modal")]
    for s, e0 in r.modes.batch_included:
        # "including batch input files and batch output files": the whole list is inclusive; so is
        # one closed by "included" ("Inputs and Outputs, batch request files ... included").
        inclusive = any(0 <= s - e <= 12 and not any(e <= m < s for m in modals)
                        and not any(ann.norm(i) in (";", ".", ":") for i in range(e, s))
                        for _, e in ann.spans("v:inclusive")) or _beside_all_data(r, s) or (ann.tokens[s].idx < char and any(
            ann.word(i).lower() == "included" and not any(ann.norm(k) in (";", ".", ":") for k in range(e0, i))
            for i in range(e0, min(e0 + 10, len(ann)))))  # (not "... for 18 months, batch submissions included")
        marks.append((ann.tokens[s].idx, "all" if inclusive else "batch"))
    for s, _ in r.modes.sync:
        marks.append((ann.tokens[s].idx, "sync"))
    if r.modes.batch_included:
        # "access logs for the Batch Inference Service for six (6) months, and access logs for all other
        # services for twelve (12) months": the traffic other than batch, named against it
        marks += [(m.start(), "sync") for m in _OTHER_TRAFFIC.finditer(text)
                  if not any(abs(m.start() - c) < 2 for c, _ in marks)]
    # Only the clause the period sits in counts ("batch payloads are kept for
    # sixty days; all other inputs ... after thirty days").
    # A contrast opens a clause too: "... for 7 days, whereas access logs for all other endpoints ...".
    cuts = [m.end() for m in _CONTRAST.finditer(text)]
    lo = max([c for c in cuts if c <= char] or [0])
    hi = min([m.start() for m in _CONTRAST.finditer(text) if m.start() >= char] or [len(text)])
    own = [m for m in marks if lo <= m[0] < hi]
    if not own and lo and _PERIOD_ITSELF.search(text, lo, hi):
        # "The same applies to overnight batch data, save that the period is 60 days": a proviso
        # that changes the period of what the clause before it is about, with no mode of its own.
        before = [m for m in marks if m[0] < lo]
        if before:
            kind = max(before)[1]
            return "sync" if kind == "sync" else "batch"
    if not own and lo and (_OWNER_OPENS.match(text, lo) or _OWNER_AFTER.match(text, lo, char)):
        # "Input files for Scheduled Bulk Completions follow that period, whereas their result files are
        # retained ... until the Bank deletes them": the pronoun's owner is the mode named before.
        before = [m for m in marks if m[0] < lo]
        if before and max(before)[1] == "batch":
            return "batch"
    if not own and lo:
        # "For Batch Inference Jobs, input records are read from ...; in addition, we hold working
        # copies ... for up to 29 days": a mode fronted before the sentence's first comma scopes all of it.
        lead = _FRONTED.match(text)
        comma = text.find(",", lead.end()) if lead else -1
        front = [m for m in marks if lead and lead.end() <= m[0] < comma] if 0 < comma < lo else []
        # ... and so does a label's mode: "Asynchronous jobs: input files are kept for 30 days; output
        # files are kept until Clonmore deletes them".
        label = _MODE_LABEL.match(text)
        if not front and label and label.end() < lo:
            front = [m for m in marks if m[0] < label.end()]
        if front and len({k for _, k in front}) == 1:
            return min(front)[1]
    marks = own
    if not marks:
        return "general"
    kinds = {k for _, k in marks}
    if kinds == {"all"} or (kinds == {"all", "sync"}):
        return "all"
    # "interactive and batch inputs", "real-time or batch requests": both modes, coordinated.
    # (those since the period before this one: "... interactive data and batch input files within 30
    # days, and batch result files within 180 days" gives the second period to batch alone)
    since = max([d.end for d in r.durations if d.end <= char] or [0])
    near = [m for m in marks if m[0] >= since] if any(m[0] >= since for m in marks) else marks
    batch_at = [c for c, k in near if k == "batch"]
    sync_at = [c for c, k in near if k == "sync"]
    # ("neither the instruction files nor the result files of the Overnight Queue, nor any real-time prompt")
    # ("of the Live API and of the Deferred Processing Queue": the preposition said again)
    # ("all interactive conversation data and all batch input files": the mode's own nouns after it)
    if any(0 < abs(b - s_) <= 40 and re.fullmatch(r"[\w-]*(?:\s+[A-Za-z][\w-]*){0,3},?\s+(?:and|or|nor|and/or|as\s+well\s+as)\s+"
                                                r"(?:(?:of|for|to|from|in|through|via)\s+)?(?:any\s+|all\s+|the\s+)?(?:[A-Z][\w-]*\s+){0,2}",
                                                text[min(b, s_):max(b, s_)])
           for b in batch_at for s_ in sync_at):
        return "all"
    # "kept for twelve months for requests made in Interactive Mode and for ninety days for
    # batch jobs": a period followed by "for" and a mode belongs to that mode.
    end = until if until is not None else next((d.end for d in r.durations if d.start == char), None)
    if end is not None:
        after = [m for m in marks if m[0] >= end and _FOR_MODE.fullmatch(text[end:m[0]])]
        if after:
            return min(after)[1]
        # "batch request and result files are retained for 30 days, as are Interactive Use prompts":
        # the period of the mode before it, said to be the other mode's too
        alike = [m for m in marks if m[0] >= end and _ALIKE.fullmatch(text[end:m[0]])]
        if alike and any(c <= char for c, _ in marks) and {k for c, k in marks if c <= char} != {alike[0][1]}:
            return "all"
        if alike and not any(c <= char for c, _ in marks):
            # "Retention of input files and output files: 30 days, identical to online inference": the
            # mode after the period is what it is compared with, not the mode it is for
            return "general"
    before = [m for m in marks if m[0] <= char]
    if before:
        return max(before)[1]
    # No mode named before the period: the next one named counts ("delete within 30 days
    # all batch files"), unless a period of its own follows it before any other mode word
    # ("Inputs within 30 days, Batch Inputs within 30 days and Batch Outputs within 60 days").
    first = min(marks)
    later = [m[0] for m in marks if m[0] > first[0]]
    nxt = min(later) if later else hi
    if any(first[0] < d.start < nxt for d in r.durations):
        return "general"
    return first[1]


# "..., as are Interactive Use prompts", "..., as are responses to real-time invocations"
_ALIKE = re.compile(r"\s*,?\s*(?:as\s+(?:are|is|do|does|for)|(?:the\s+)?same\s+as(?:\s+for)?|just\s+as|like|(?:identical|equal|equivalent)\s+to(?:\s+that\s+(?:of|for))?|"
                    r"matching|in\s+line\s+with|consistent\s+with|on\s+(?:a\s+)?par\s+with)\s+(?:the\s+|all\s+)?"
                    r"(?:[a-z][\w-]*\s+(?:(?:to|of|from|for|through|via|in|on)\s+(?:the\s+|all\s+|any\s+)?)?)?", re.I)
# The words before a real-time mention that make it a comparison: "as for", "as are all", "the same as for".
_ALIKE_BEFORE = re.compile(r"(?:,\s*|\b)(?:as\s+(?:for|are|is|with|do|does)|the\s+same\s+as(?:\s+for)?|just\s+as|like|in\s+line\s+with|"
                           r"(?:identical|equal|equivalent)\s+to(?:\s+that\s+(?:of|for))?|matching|consistent\s+with|on\s+(?:a\s+)?par\s+with)"
                           r"\s+(?:the\s+|all\s+|any\s+|other\s+)*(?:[a-z][\w-]*\s+){0,2}$", re.I)
_FRONTED = re.compile(r"^\s*(?:for|in\s+respect\s+of|as\s+regards|with\s+respect\s+to|in\s+the\s+case\s+of|in(?=\s+(?:the\s+)?\w+\s+(?:modality|mode|tier|channel)\b))\s+", re.I)
# A label that opens the sentence: "Asynchronous jobs: ...".
_MODE_LABEL = re.compile(r"^\s*[^:;,.]{2,90}:\s")


# For the document reader and its passes: the rule set's worked-out plan, and a clause's number label.
plan_for = _plan
NUMBER_LABEL = _NUMBER_LABEL
modified_work_units = _modified_work_units

__all__ = ["NUMBER_LABEL", "action_spans", "artifact_named", "modified_work_units", "data_sources", "label_line", "matcher_for", "mode_at", "plan_for", "read_sentence", "strength"]

