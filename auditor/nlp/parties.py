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

_PARTY_DEF = re.compile(
    r"(?P<name>[A-Z][\w.,&'\u2019 -]{1,80}?)\s*,?\s*(?:a|an)?[^()]{0,120}?\((?:the\s+|hereinafter\s+|together\s+with[^)]*?)?"
    r"[\"\u201c](?P<alias>[^\"\u201d]{1,40})[\"\u201d](?:\s+or\s+(?:the\s+)?[\"\u201c](?P<alias2>[^\"\u201d]{1,40})[\"\u201d])?\)"
)

PROVIDER_HINTS = ("ai", "labs", "technologies", "technology", "intelligence", "systems", "software",
                  "cloud", "models", "analytics", "data", "compute", "machine", "robotics", "digital",
                  "platforms", "neural", "cognitive", "openai", "anthropic")
CUSTOMER_HINTS = ("bank", "banking", "insurance", "insurer", "assurance", "health", "healthcare",
                  "hospital", "building society", "credit union", "financial", "capital", "mutual",
                  "clinic", "pharma", "reinsurance", "trust", "medical", "securities", "lending",
                  "holdings", "savings", "pension", "nhs")


@dataclass(frozen=True)
class Parties:
    provider: tuple[str, ...]
    customer: tuple[str, ...]


def _hint(text: str, hints: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(re.search(rf"\b{re.escape(h)}\b", low) for h in hints)


def find_parties(preamble: str, provider_words: tuple[str, ...], customer_words: tuple[str, ...]) -> Parties:
    """Defined party names from the agreement's opening text, with roles."""
    prov = {w.lower() for w in provider_words}
    cust = {w.lower() for w in customer_words}
    found: list[tuple[str, str, str | None]] = []  # (alias, full name, role)
    for m in _PARTY_DEF.finditer(preamble):
        aliases = [a.strip() for a in (m.group("alias"), m.group("alias2")) if a]
        if not aliases or any(len(a.split()) > 4 for a in aliases):
            continue
        role = None
        for a in aliases:
            if a.lower() in prov:
                role = "provider"
            elif a.lower() in cust:
                role = "customer"
        if role is None:
            name = m.group("name")
            if _hint(name, CUSTOMER_HINTS) or any(_hint(a, CUSTOMER_HINTS) for a in aliases):
                role = "customer"
            elif _hint(name, PROVIDER_HINTS) or any(_hint(a, PROVIDER_HINTS) for a in aliases):
                role = "provider"
        for a in aliases:
            found.append((a, m.group("name"), role))
    roles = {r for _, _, r in found if r}
    provider = [a for a, _, r in found if r == "provider"]
    customer = [a for a, _, r in found if r == "customer"]
    unknown = [a for a, _, r in found if r is None]
    if unknown and roles == {"customer"}:
        provider += unknown
    elif unknown and roles == {"provider"}:
        customer += unknown
    # Role words themselves are never party names of the other side.
    provider = [a for a in provider if a.lower() not in cust]
    customer = [a for a in customer if a.lower() not in prov]
    return Parties(tuple(dict.fromkeys(provider)), tuple(dict.fromkeys(customer)))
