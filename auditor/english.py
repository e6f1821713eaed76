"""Counts and articles in plain English, for every message a person reads.

``count(1, "gap")`` is "1 gap", ``count(3, "gap")`` "3 gaps",
``count(2, "sentence or table cell", "sentences and table cells")`` the
irregular form given; ``a("audit commitment")`` is "an audit commitment".
Imports nothing from the package, so every stage may use it.
"""

from __future__ import annotations

_AN_EXCEPTIONS = ("uni", "use", "usu", "uti", "one", "euro")  # "a uniform", "a user", "a one-off"
_A_EXCEPTIONS = ("hour", "honest", "honour", "heir")  # "an hour"


def count(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word`` in the singular or plural: "1 sentence", "2 sentences"."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {many if many is not None else plural(word)}"


def plural(word: str) -> str:
    """The plural of the last word of ``word`` ("open finding" -> "open findings")."""
    head, _, last = word.rpartition(" ")
    low = last.lower()
    if low.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    elif low.endswith("y") and low[-2:-1] not in ("a", "e", "i", "o", "u"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def a(phrase: str) -> str:
    """``phrase`` with its indefinite article: "a retention commitment", "an audit commitment"."""
    low = phrase.lower()
    vowel = low[:1] in "aeiou" and not low.startswith(_AN_EXCEPTIONS)
    if vowel or low.startswith(_A_EXCEPTIONS):
        return f"an {phrase}"
    return f"a {phrase}"


__all__ = ["a", "count", "plural"]
