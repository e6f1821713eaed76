"""Who is who: the provider and the customer as the agreement names them.

Generic role words ("Provider", "Customer", "we", "you") come from the rule
vocabularies. Agreements often define their own names in the preamble —
``Nimbus AI Ltd ("Nimbus")`` and ``Harbour Bank plc (the "Bank")`` — so the
preamble is read for defined party names, and each is given a role from its
own wording, the company name it stands for, or the other party's role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAREN = re.compile(r"\(([^()]{1,160})\)")
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201d]{1,40})[\"\u201d]")
_COMPANY = re.compile(
    r"\b(?:Inc|Ltd|LLC|L\.L\.C|plc|PLC|Corp|Corporation|Limited|GmbH|AG|S\.A|SA|B\.V|N\.V|SE|LLP|LP|Pty|"
    r"INC|LTD|PTY|CORP|LIMITED|"  # "MASAKHANE HEALTH ADMINISTRATORS (PTY) LTD": a name in capitals
    r"Sp\.\s*z\s*o\.o|S\.p\.A|SAS|SARL|CLG|DAC|ULC|UC|KK|Oy|ASA|AB|S\.r\.l|Srl|Company|company|Co|Group|Trust|Society|Association|Authority|"
    r"University|Hospital|Bank|NHS|Mutual|Fund|Fondation|Mutuelle|Mutualit\u00e9|Cooperative|Co-operative|"
    # "Bayard Cardmember Services, N.A., a national banking association", "Caja Rural, S.C.C."
    r"N\.A|S\.L|S\.L\.U|SLU|S\.C\.C|Ltda|S/A|A/S|ApS|AS|KG|GmbH\s*&\s*Co|association|bank|insurer|credit\s+union|"
    # Malaysian companies: "Amanah Kanz Takaful Berhad", "Lintas Kognitif Sdn. Bhd."
    r"Berhad|BERHAD|Bhd|BHD|Sdn|SDN)\b\.?"
)

_PRONOUNS = {"we", "us", "our", "you", "your"}
_ENTRY = re.compile(r"\(\d{1,2}\)\s|\bbetween\b|\bPARTIES\b", re.I)


@dataclass(frozen=True)
class Parties:
    provider: tuple[str, ...]
    customer: tuple[str, ...]


# An order form's label before a party's entry: "Customer: Kestrel Pay ... ("Kestrel")", "Licensor | Corvid ... ("Corvid")".
_ROLE_LABEL = re.compile(r"(?:^|\s)(?P<role>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*[:|]\s+[^:|]{3,300}$")
# What a party's entry gives between its name and its label: "(Registration No. ...)", "having its
# registered office at ...", "a company incorporated in ...".
_ENTRY_DETAILS = re.compile(r"\b(?:registration\s+no|registered\s+office|company\s+(?:no|number)|incorporated\s+(?:in|under))", re.I)


def _company_name(before: str) -> str:
    """The company's own name in the text before its parenthetical, not its address
    ("... Ocean Financial Centre"): the words before its first company suffix
    ("Aster Cognition Pte. Ltd."), and only this party's ("... Super Fund (the
    Customer) and" before it is the other's)."""
    # ... from where this party's entry opens: "(1) Pelican Language Systems Pte. Ltd.", not a
    # "Bank" named in a review note before the list of parties.
    cut = max((m.end() for m in _ENTRY.finditer(before)), default=0)
    if cut and _COMPANY.search(before[cut:]):
        before = before[cut:]
    company = _COMPANY.search(before)
    name = " ".join(before[:company.end()].split()[-7:]) if company else before
    return re.split(r"\)|;|\band\b|\bbetween\b", name)[-1]


_ENDS_COMPANY = re.compile(_COMPANY.pattern + r"[\s,]*$")


def company_before(text: str) -> str | None:
    """The company name that ``text`` ends with ("... the asynchronous interface of
    Helix Reasoning, Inc."), as the words back to its first capitalised one, or None."""
    m = _ENDS_COMPANY.search(text)
    if not m:
        return None
    words = text[:m.end()].split()
    k = len(words) - 1
    while k > 0 and len(words) - k < 7 and words[k - 1][:1].isupper():
        k -= 1
    return " ".join(words[k:]).rstrip(" ,")


def _hint(text: str, hints: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(re.search(rf"\b{re.escape(h)}\b", low) for h in hints)


def find_parties(preamble: str, provider_words: tuple[str, ...], customer_words: tuple[str, ...],
                 provider_hints: tuple[str, ...] = (), customer_hints: tuple[str, ...] = (),
                 we: str = "provider") -> Parties:
    """Defined party names from the agreement's opening text, with roles.
    ``we`` is the party "we" stands for (see :func:`first_person_role`).

    A parenthetical with quoted names counts as a party definition when it
    follows a company name ("Nimbus AI Ltd") or names a role ("Provider",
    "you"); defined terms for documents or products ("Flex Terms") do not.
    """
    prov = {w.lower() for w in provider_words}
    cust = {w.lower() for w in customer_words}
    found: list[tuple[str, str | None]] = []  # (alias, role)
    groups: list[list[str]] = []  # per party definition, its aliases when it has no role
    last = 0
    for m in _PAREN.finditer(preamble):
        aliases = [a.strip() for a in _QUOTED.findall(m.group(1)) if len(a.split()) <= 4]
        if not aliases:
            # "(the Customer)", unquoted: the role of the company before it.
            bare = re.sub(r"^(?:the|as)\s+", "", m.group(1).strip(), flags=re.I)
            if bare.lower() in prov or bare.lower() in cust:
                found.append((bare, "provider" if bare.lower() in prov else "customer"))
                last = m.end()
            continue  # "(company number 09344120)" does not cut the look-back for the name
        before = preamble[max(last, m.start() - 160):m.start()]
        suffix = _COMPANY.search(before)
        # (the window opening inside the name: " BERHAD (Registration No. ...", not "a company incorporated ...")
        cut_short = (suffix is not None and suffix.start() < 20 and m.start() - 160 > last
                     and (suffix.group(0)[:1].isupper() or before[:1].isalnum()))  # (or opening mid-word: "te limited company")
        if (suffix is None or cut_short) and not re.match(r"\s*this\b", m.group(1), re.I):  # (not '(this "DPA")')
            # An entry may run long between the name and its label ("AMANAH KANZ TAKAFUL BERHAD
            # (Registration No. ...), a licensed takaful operator under ..., having its registered
            # office at ... ("the Operator")"): further back, within the same paragraph.
            wide = preamble[max(last, m.start() - 320):m.start()]
            wide = wide[wide.rfind("\n") + 1:]
            before = wide if _COMPANY.search(wide) and _ENTRY_DETAILS.search(wide) else before
        last_end, last = last, m.end()
        role = None
        for a in aliases:
            if a.lower() in _PRONOUNS:
                # ("Kowhai", "we", "us" or "our"): "we" is the provider on the vendor's
                # paper, the customer on the buyer's.
                first = a.lower() in ("we", "us", "our")
                role = we if first else ("provider" if we == "customer" else "customer")
            elif a.lower() in prov:
                role = "provider"
            elif a.lower() in cust:
                role = "customer"
        # '**Provider ("Party B" or "Orchard"):** ...': the role word the names are given to, just before them
        lead = re.search(r"\b([A-Za-z][\w-]*)[\s*_]*$", preamble[max(last_end, m.start() - 40):m.start()])
        if role is None and lead and lead.group(1).lower() in prov | cust:
            role = "provider" if lead.group(1).lower() in prov else "customer"
        label = _ROLE_LABEL.search(preamble[max(last_end, m.start() - 320):m.start()])
        if role is None and label:  # "Customer: Kestrel Pay Technologies Private Limited, ... ("Kestrel")"
            word = label.group("role").lower()
            role = "provider" if word in prov else ("customer" if word in cust else None)
        if role is None and not _COMPANY.search(before):
            continue
        if role is None:
            # The company's own name, not its address ("... Ocean Financial Centre"): the
            # words before its first company suffix ("Aster Cognition Pte. Ltd.").
            name = _company_name(before)
            cust_hint = _hint(name, customer_hints) or any(_hint(a, customer_hints) for a in aliases)
            prov_hint = _hint(name, provider_hints) or any(_hint(a, provider_hints) for a in aliases)
            # "Quillfeather Health AI, LLC" hints at both: the other party decides.
            if cust_hint and not prov_hint:
                role = "customer"
            elif prov_hint and not cust_hint:
                role = "provider"
        found.extend((a, role) for a in aliases)
        groups.append([a for a in aliases] if role is None else [])
    roles = {r for _, r in found if r}
    provider = [a for a, r in found if r == "provider"]
    customer = [a for a, r in found if r == "customer"]
    # The other party is the first one named with no role of its own; a company named later
    # ("built on the Kumo Inference service of Kumo Cloud Services Pte. Ltd. ("Kumo")") is a third party.
    unknown = next((g for g in groups if g), [])
    if unknown and roles == {"customer"}:
        provider += unknown
    elif unknown and roles == {"provider"}:
        customer += unknown
    # Role words themselves are never party names of the other side.
    provider = [a for a in provider if a.lower() not in cust]
    customer = [a for a in customer if a.lower() not in prov]
    return Parties(tuple(dict.fromkeys(provider)), tuple(dict.fromkeys(customer)))


_SUBJECT_PARTY = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+)\s+(?:shall|will|must|may|agrees|undertakes)\b")
_NOT_PARTIES = frozenset({"agreement", "services", "service", "contract", "parties", "party", "term", "order", "platform",
                          "addendum", "schedule", "annex", "appendix", "exhibit", "policy", "data", "terms"})


def parties_by_contrast(text: str, parties: Parties, provider_words: tuple[str, ...],
                        customer_words: tuple[str, ...]) -> Parties:
    """With no party defined, a party named beside one whose role a role word gives: "The Supplier
    shall delete ..." and "The Company shall delete its local copies ...": the Company is the
    other side. Only when exactly one such name acts, and only one side is named by role."""
    if parties.provider or parties.customer:
        return parties
    prov = {w.lower() for w in provider_words}
    cust = {w.lower() for w in customer_words}
    names = set(_SUBJECT_PARTY.findall(text))
    known_p = {n for n in names if n.lower() in prov}
    known_c = {n for n in names if n.lower() in cust}
    unknown = {n for n in names if n.lower() not in prov and n.lower() not in cust and n.lower() not in _NOT_PARTIES}
    if len(unknown) != 1:
        return parties
    if known_p and not known_c:
        return Parties((), tuple(unknown))
    if known_c and not known_p:
        return Parties(tuple(unknown), ())
    return parties


_PRONOUN_DEF = re.compile(
    r"[\"\u201c](?P<p>we|us|our|you|your)[\"\u201d](?:\s*(?:,|and|or)\s*[\"\u201c](?:we|us|our|you|your)[\"\u201d])*"
    r"(?:\s+\w+ly)?\s+(?:means?|refers?\s+to|is|are)\s+(?P<who>[^.;]{1,80}?)(?=,|;|\.|\s+and\s+[\"\u201c]|$)", re.I)


def first_person_role(text: str, provider_words: tuple[str, ...], customer_words: tuple[str, ...],
                      provider_hints: tuple[str, ...] = (), customer_hints: tuple[str, ...] = (), *,
                      body: str = "", supply: tuple[str, ...] = (), custody: tuple[str, ...] = ()) -> str:
    """Whom "we" stands for: the provider, as on vendor paper, unless the agreement
    defines the pronouns the other way round, as on the buyer's own paper
    ('"we" means Harbourline Super Pty Ltd and "you" means Tallowood AI Pty Ltd';
    '"we" and "our" mean Kowhai Health Cover Limited, and "you" means the supplier')."""
    prov = tuple(w.lower() for w in provider_words if w.lower() not in ("we", "us", "you"))
    cust = tuple(w.lower() for w in customer_words if w.lower() not in ("we", "us", "you"))
    votes = 0
    said: list[tuple[str, bool]] = [(m.group("who"), m.group("p").lower() in ("we", "us", "our"))
                                    for m in _PRONOUN_DEF.finditer(text)]
    last = 0
    for m in _PAREN.finditer(text):
        # 'Kowhai Health Cover Limited (company number 5123987) ("Kowhai", "we", "us" or "our")'
        aliases = [a.strip().lower() for a in _QUOTED.findall(m.group(1))]
        pron = [a for a in aliases if a in _PRONOUNS]
        if pron:
            who = " ".join([_company_name(text[max(last, m.start() - 160):m.start()])]
                           + [a for a in aliases if a not in _PRONOUNS])
            said.append((who, pron[0] in ("we", "us", "our")))
        if aliases:
            last = m.end()  # "(company number 5123987)" does not cut the look-back for the name
    for who, first in said:
        is_cust = _hint(who, cust) or _hint(who, customer_hints)
        is_prov = _hint(who, prov) or _hint(who, provider_hints)
        if is_cust == is_prov:
            continue
        votes += 1 if (is_cust == first) else -1
    if body and supply and custody and abs(votes) <= 1:
        # No pronoun is defined, or only one party's name hints at its role ('Halberd Analytics, Inc.
        # ("you")', where "Analytics" sounds like a vendor): how the text uses the pronouns tells. On
        # the buyer's own paper "we upload a file of requests", "our data", "you will store and process
        # ..."; on the vendor's, "you submit", "your content", "we will delete ...".
        buyer, vendor = _pronoun_usage(body, supply, custody, cust)
        if not said:
            if buyer and (not vendor and buyer >= 1 or buyer >= 2 * vendor + 2):
                return "customer"
        elif votes > 0 and vendor >= 2 and not buyer:
            return "provider"
        elif votes < 0 and buyer >= 2 and not vendor:
            return "customer"
    return "customer" if votes > 0 else "provider"


_DATA_OWNED = r"(?:data|content|files?|prompts?|inputs?|outputs?|results?|information|requests?|batch(?:es)?|jobs?)(?![-\w])"
# What the vendor runs: "our asynchronous file-based service", "our endpoints". Said to the other side,
# only what a customer never has tells: "your sub-processors", "your data centres" (not "your own
# systems" nor "your API keys", which a customer has too).
_RUNS = r"(?:services?|platform|models?|APIs?|endpoints?|infrastructure|data\s+cent(?:er|re)s?|sub-?processors)(?![-\w])"
_RUNS_ONLY = r"(?:infrastructure|data\s+cent(?:er|re)s?|sub-?processors)(?![-\w])"


def _pronoun_usage(body: str, supply: tuple[str, ...], custody: tuple[str, ...],
                   customer: tuple[str, ...] = ()) -> tuple[int, int]:
    """How often the text speaks as the buyer ("we send", "our files", "you will store", "you will
    tell us", "you will apply the measures to Society Data") and as the vendor ("you upload", "your
    content", "we will delete", "we will notify you"), counted over ``body``. ``customer`` are the
    customer's role words, whose data ("Society Data", "Customer Data") the bound party keeps."""
    sv = "|".join(sorted((re.escape(w) for w in supply), key=len, reverse=True))
    cv = "|".join(sorted((re.escape(w) for w in custody), key=len, reverse=True))
    aux = r"(?:(?:will|shall|must|may|can|do|also|then|each|only)\s+){0,2}"
    duty = r"(?:will|shall|must)\s+(?:(?:not|never|only|also|promptly|securely)\s+){0,2}"

    def count(pattern: str) -> int:
        return len(re.findall(pattern, body, re.I))

    named = "|".join(sorted((re.escape(w) for w in customer if " " not in w), key=len, reverse=True)) or "customer"
    # the party a duty binds, and toward whom or whose data: "you will tell us", "you will: (a) keep Society Data"
    toward = rf"\s+{duty}(?:[\w,:;()'-]+\s+){{0,8}}?"
    theirs = rf"(?:(?:{named})\s+(?:data|content|information|files)\b)"
    owned = rf"{_DATA_OWNED}(?!\s+{_RUNS})"  # (not "our asynchronous file endpoint": the vendor's)
    buyer = (count(rf"\b(?:we|us)\s+{aux}(?:{sv})\b") + count(rf"\byou\s+{duty}(?:{cv})\b")
             + count(rf"\bour\s+(?:\w+\s+)?{owned}")
             + count(rf"\byou{toward}(?:us\b|our\b|{theirs})")
             + count(rf"\byour\s+(?:[\w-]+\s+)?{_RUNS_ONLY}"))
    vendor = (count(rf"\byou\s+{aux}(?:{sv})\b") + count(rf"\bwe\s+{duty}(?:{cv})\b")
              + count(rf"\byour\s+(?:\w+\s+)?{owned}")
              + count(rf"\bwe\s+(?:\w+ly\s+)?(?:{cv})s?\b")  # "we delete all Customer Content": the vendor's own act
              + count(rf"\bwe{toward}(?:you\b|your\b|{theirs})")
              + count(rf"\bour\s+(?:[\w-]+\s+)?{_RUNS}"))
    return buyer, vendor
