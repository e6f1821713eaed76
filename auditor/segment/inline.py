"""Lettered sub-clauses written inside one paragraph.

"11.3 If this Agreement terminates: (a) Customer will stop using the
Services; and (b) Vendor will delete all Customer Content within thirty
days." holds three clauses a lawyer cites as 11.3, 11.3(a) and 11.3(b). The
items are split off only where the paragraph is plainly such a list: the
first item follows a colon, the items run in sequence ((a), (b), (c) ...;
(i), (ii) ...; (A), (B) ...; (1), (2) ...), each later item follows a
semicolon, comma or "and"/"or", there are at least two, and every item is a
sentence of its own (a capital or "the" and a name, then a party's verb: "Vendor
will delete", "the Bank will stop").
Items that only finish the lead-in ("Vendor will: (a) encrypt ...; and (b)
delete ...") or name things ('"Service Data" means: (a) Inputs; and (b)
Outputs') stay in their paragraph, which is read as one sentence.
References ("clause 7.2(b)", "sub-clauses (a) and (b)") are never items:
they follow no colon and no list punctuation.
"""

from __future__ import annotations

import re

_MARK = re.compile(r"(?<=\s)\((?P<v>[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|\d{1,2})\)(?=\s)")
_OPENS = re.compile(r":\s*$")
_GOES_ON = re.compile(r"(?:[;,.]\s*(?:and|or|and/or)?|\b(?:and|or))\s*$")
_SENTENCE_ITEM = re.compile(r"^(?:[\"\u201cA-Z]|(?:you|we|they|it|each|either|neither)\b|the\s+[A-Z])[^;]*?"
                            r"\b(?:will|shall|must|may|agrees?|undertakes?)\b")
_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _successor(family: str, value: str) -> str | None:
    if family == "roman":
        k = _ROMANS.index(value) if value in _ROMANS else -1
        return _ROMANS[k + 1] if 0 <= k < len(_ROMANS) - 1 else None
    if family == "digit":
        return str(int(value) + 1)
    if len(value) == 1 and value not in "zZ":
        return chr(ord(value) + 1)
    return None


def _family(value: str) -> str | None:
    """The family a list's first item opens: (a), (i), (A), (1)."""
    return {"a": "lower", "i": "roman", "A": "upper", "1": "digit"}.get(value)


def inline_items(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """Where each sub-clause written inside ``text`` starts, with its labels
    from the outermost: ``[(31, ("(a)",)), (90, ("(b)",)), (120, ("(b)", "(i)"))]``."""
    if "(" not in text or ":" not in text:
        return []
    stack: list[list[str]] = []  # [family, last value, family id]
    found: list[tuple[int, tuple[str, ...], tuple[int, ...]]] = []
    next_id = 0
    for m in _MARK.finditer(text):
        v, before = m.group("v"), text[:m.start()]
        for depth in range(len(stack) - 1, -1, -1):
            family, last, _ = stack[depth]
            if _successor(family, last) == v and _GOES_ON.search(before):
                del stack[depth + 1:]
                stack[depth][1] = v
                break
        else:
            family = _family(v)
            if family is None or not _OPENS.search(before) or any(f == family for f, _, _ in stack):
                continue
            stack.append([family, v, str(next_id)])
            next_id += 1
        found.append((m.start(), tuple(f"({last})" for _, last, _ in stack), tuple(int(i) for _, _, i in stack)))
    return _plain_lists(text, found)


def _plain_lists(text: str, found: list[tuple[int, tuple[str, ...], tuple[int, ...]]]) -> list[tuple[int, tuple[str, ...]]]:
    """Keep the lists of two or more items that are each a sentence of their own."""
    ends = [pos for pos, _, _ in found[1:]] + [len(text)]
    items: dict[int, list[str]] = {}
    for (pos, labels, ids), end in zip(found, ends):
        body = text[pos + len(labels[-1]):end].strip()
        items.setdefault(ids[-1], []).append(body)
    good = {i for i, bodies in items.items() if len(bodies) >= 2 and all(_SENTENCE_ITEM.match(b) for b in bodies)}
    return [(pos, labels) for pos, labels, ids in found if all(i in good for i in ids)]
