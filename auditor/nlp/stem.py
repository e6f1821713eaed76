"""Inflection folding used for every term match.

Rule files list base forms ("retain", "delete", "input"); matching folds
regular inflections so that "retained", "deletes", "inputs" and "deleting"
match too. This is deliberately light (plural, -ed, -ing, final -e): it keeps
matches predictable for the people who write rules. Derivations ("retention",
"deletion") are separate words and are listed in the rule files.
"""

from __future__ import annotations

from functools import lru_cache

_KEEP_DOUBLE = ("ll", "ss", "zz", "ff")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Fold ``word`` to the key used by the term matcher."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if not w.isalpha() or len(w) <= 3:
        return w
    if w == "none":
        return w  # not "non", the prefix of "non-confidential" and "non-binding"
    if w in ("note", "notes", "noted", "noting"):
        return "note"  # not "not": "clinical notes" and "Note:" lines are no negation
    if w in ("contracted", "contracting"):
        return w  # "the Contracted Party" is the provider, "the Contracting Party" the customer
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ches", "shes", "xes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
        w = _undouble(w)
    elif w.endswith("ied") and len(w) > 5:
        w = w[:-3] + "y"  # "applied" -> "apply", "specified" -> "specify"
    elif w.endswith("ed") and len(w) > 4 and not w.endswith("eed"):
        w = w[:-2]
        w = _undouble(w)
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def _undouble(w: str) -> str:
    if len(w) > 3 and w[-1] == w[-2] and w[-2:] not in _KEEP_DOUBLE and w[-1] not in "aeiou":
        return w[:-1]
    return w
