"""Counts and articles in plain English, for every message a person reads.

``count(1, "gap")`` is "1 gap", ``count(3, "gap")`` "3 gaps",
``count(2, "sentence or table cell", "sentences and table cells")`` the
irregular form given; ``a("audit commitment")`` is "an audit commitment".
Imports nothing from the package, so every stage may use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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


# Numbers written as words, as clause headings and references spell them: "CLAUSE SEVEN", "Clause
# Twenty-One", "CLAUSE FIFTH", "SEVENTH.", "Clauses Sixth to Eighth".
_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_ORDINAL_ONES = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                 "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                 "eighteenth", "nineteenth")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}
# Spanish ordinals, as translated Latin American contracts keep them: "CLÁUSULA OCTAVA", "Cláusulas
# Sexta through Décima", "CLÁUSULA DÉCIMA NOVENA" (19), in either gender, with or without accents.
_ES_ONES = {w: n for n, forms in enumerate((
    ("primera", "primero"), ("segunda", "segundo"), ("tercera", "tercero"), ("cuarta", "cuarto"), ("quinta", "quinto"),
    ("sexta", "sexto"), ("séptima", "séptimo", "septima", "septimo"), ("octava", "octavo"), ("novena", "noveno")), 1)
    for w in forms}
_ES_TENS = {"décima": 10, "décimo": 10, "decima": 10, "decimo": 10, "vigésima": 20, "vigésimo": 20, "vigesima": 20,
            "vigesimo": 20, "trigésima": 30, "trigésimo": 30, "trigesima": 30, "trigesimo": 30}
_ES_TEENS = {"undécima": 11, "undécimo": 11, "undecima": 11, "undecimo": 11, "duodécima": 12, "duodécimo": 12,
             "duodecima": 12, "duodecimo": 12}
_ES_ORDINAL = (rf"(?:(?:{'|'.join(sorted(_ES_TENS, key=len, reverse=True))})(?:[- ](?:{'|'.join(sorted(_ES_ONES, key=len, reverse=True))}))?"
               rf"|{'|'.join(sorted(_ES_TEENS, key=len, reverse=True))}|{'|'.join(sorted(_ES_ONES, key=len, reverse=True))})")


def _alternatives(words: Iterable[str]) -> str:
    """A regular-expression alternation of ``words``, longest first."""
    return "|".join(sorted(words, key=len, reverse=True))


# A cardinal or an ordinal number up to fifty-nine, spelled out (a regular-expression fragment).
NUMBER_WORDS = (rf"(?:(?:{_alternatives(_TENS)})[- ](?:{_alternatives(_ONES[:9] + _ORDINAL_ONES[:9])})"
                rf"|{_alternatives(_ORDINAL_TENS)}|{_alternatives(_TENS)}"
                rf"|{_alternatives(_ORDINAL_ONES)}|{_alternatives(_ONES)}|{_ES_ORDINAL})")
# A cardinal alone (a fragment): "One", "Twenty-Two", as Spanish drafting numbers a clause's
# paragraphs ("Ninth. One.").
CARDINAL_WORDS = (rf"(?:(?:{_alternatives(_TENS)})[- ](?:{_alternatives(_ONES[:9])})"
                  rf"|{_alternatives(_TENS)}|{_alternatives(_ONES)})")
# An ordinal alone (a fragment): "FIFTH", "Twenty-Second".
ORDINAL_WORDS = (rf"(?:(?:{_alternatives(_TENS)})[- ](?:{_alternatives(_ORDINAL_ONES[:9])})"
                 rf"|{_alternatives(_ORDINAL_TENS)}|{_alternatives(_ORDINAL_ONES)}|{_ES_ORDINAL})")


def number_from_words(words: str) -> int:
    """The value of a number spelled by ``NUMBER_WORDS``: "Twenty-One" is 21, "FIFTH" 5."""
    n = 0
    for w in words.lower().replace("-", " ").split():
        if w in _TENS:
            n += _TENS[w]
        elif w in _ORDINAL_TENS:
            n += _ORDINAL_TENS[w]
        elif w in _ONES:
            n += _ONES.index(w) + 1
        elif w in _ORDINAL_ONES:
            n += _ORDINAL_ONES.index(w) + 1
        elif w in _ES_TENS:
            n += _ES_TENS[w]
        elif w in _ES_TEENS:
            n += _ES_TEENS[w]
        elif w in _ES_ONES:
            n += _ES_ONES[w]
    return n


# "Sixth.Two", "Ninth. One": a clause numbered by an ordinal and its paragraph by a cardinal.
SPELLED_PARAGRAPH = rf"(?:{ORDINAL_WORDS})\s*\.\s*(?:{CARDINAL_WORDS})(?![\w-])"
_CARDINALS = frozenset(_ONES) | frozenset(_TENS)
_AFTER_STOP = re.compile(r"\.\s*([A-Za-z]+)")


def may_spell_paragraph(text: str) -> bool:
    """Whether ``text`` can hold a ``SPELLED_PARAGRAPH`` at all: a cardinal word after a full stop.
    The full pattern is an alternation of every ordinal tried at each place; this is the cheap test."""
    return any(w.lower() in _CARDINALS for w in _AFTER_STOP.findall(text))


def spelled_paragraph_number(words: str) -> str:
    """ "Sixth.Two" -> "6.2", "Ninth. One." -> "9.1"."""
    ordinal, _, cardinal = words.strip().rstrip(".").partition(".")
    return f"{number_from_words(ordinal.strip())}.{number_from_words(cardinal.strip())}"
