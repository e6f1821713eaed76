"""Durations in contract prose, normalised to days.

"thirty (30) days", "30 (thirty) days", "30 calendar days", "ninety days", "a ninety-day window", "one (1) year",
"12 months", "72 hours", "2 weeks" all become a number of days, so that
"one year" and "12 months" compare equal. Open-ended periods ("until deleted
by Customer", "indefinitely", "for as long as") become ``UNTIL_DELETED``;
"immediately" / "zero data retention" become 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNTIL_DELETED = float("inf")
ON_REQUEST = -2.0  # "erased when the Client asks": a schedule set by an event, not a period
# Recurring cycles: "cleared on a quarterly cleanup cycle", "purged monthly", "destroyed only on the
# annual archive purge" (an "annual" cycle only of purging or clean-up, not an "annual audit" or fee).
_CYCLE = re.compile(r"\b(?P<c>daily|weekly|fortnightly|monthly|quarterly|annually|yearly|every\s+(?:day|week|month|quarter|year)"
                    r"|annual(?=\s+(?:[\w-]+\s+)?(?:purge|clean-?up|deletion|erasure|sweep|cycle)))\b", re.I)
_CYCLE_DAYS = {"daily": 1.0, "day": 1.0, "weekly": 7.0, "week": 7.0, "fortnightly": 14.0, "monthly": 365.25 / 12,
               "month": 365.25 / 12, "quarterly": 365.25 / 4, "quarter": 365.25 / 4, "annually": 365.25, "annual": 365.25,
               "yearly": 365.25, "year": 365.25}
_ERASED_BEFORE = re.compile(r"\b(?:delet|eras|remov|purg|destr|wip|dispos)\w*\b[^.;]*$", re.I)
_REQUEST = re.compile(r"\b(?:(?:on|upon|at)\s+(?:the\s+)?(?:[A-Z]\w*(?:'s|\u2019s)\s+)?(?:written\s+)?request"
                      r"|when\s+(?:the\s+)?[A-Z]?\w+\s+(?:asks|requests\s+it|so\s+requests)|on\s+demand)\b")

_UNITS = {"hour": 1 / 24, "day": 1.0, "business day": 1.4, "week": 7.0, "month": 365.25 / 12,
          "year": 365.25}
_WORDS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "twenty-four": 24, "twenty-eight": 28, "twenty-nine": 29, "thirty-one": 31,
    "one hundred and eighty": 180, "one hundred eighty": 180, "three hundred sixty-five": 365,
}
_NUM_WORD = "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
_PERIOD = re.compile(
    rf"\b(?:(?P<word>{_NUM_WORD})(?:-|\s*(?:\(\s*(?P<paren>\d{{1,4}})\s*\)\s*)?)|(?P<num>\d{{1,4}})(?:\s*\([a-z][a-z -]{{2,40}}\)\s*|\s*|-))"
    r"(?P<cal>calendar\s+|business\s+|working\s+)?(?P<unit>hour|day|week|month|year)s?\b"
    # a translation's table cells keep the original's units: "29 dias", "30 días", "30 jours", "12 meses"
    r"|\b(?P<fnum>\d{1,4})\s*(?P<funit>dias?|d\u00edas?|jours?|horas?|heures?|semanas?|semaines?|meses|m\u00eas|mes|mois|anos?|a\u00f1os?)\b",
    re.I,
)
# The units of a translation's cells, as the English unit they are.
_FOREIGN_UNITS = {"dia": "day", "dias": "day", "d\u00eda": "day", "d\u00edas": "day", "jour": "day", "jours": "day",
                  "hora": "hour", "horas": "hour", "heure": "hour", "heures": "hour", "semana": "week", "semanas": "week",
                  "semaine": "week", "semaines": "week", "meses": "month", "m\u00eas": "month", "mes": "month", "mois": "month",
                  "ano": "year", "anos": "year", "a\u00f1o": "year", "a\u00f1os": "year"}
_OPEN = re.compile(
    r"\b(?:until\s+(?:it\s+is\s+|they\s+are\s+|such\s+\w+\s+(?:is|are)\s+)?(?:deleted|removed|purged|downloaded|retrieved|collected|fetched)"
    r"|until\s+(?:the\s+)?(?:[A-Za-z][\w'\u2019-]*\s+){1,3}?(?:deletes?|removes?|purges?|erases?|collects?|downloads?|retrieves?|fetches|fetch)"
    # "until the Customer instructs the Supplier to delete them", "until you ask us to erase them"
    r"|until\s+(?:the\s+)?(?:[A-Za-z][\w'\u2019-]*\s+){1,3}?(?:instructs?|asks?|requests?|directs?)\s+"
    r"(?:(?:the\s+)?(?:[A-Za-z][\w'\u2019-]*\s+){1,2}?)?to\s+(?:delete|remove|purge|erase)"
    r"|indefinitely|for\s+as\s+long\s+as|without\s+(?:a\s+)?(?:time\s+)?limit|no\s+fixed\s+(?:retention\s+)?period"
    r"|(?:such\s+)?(?:longer|extended|additional|further)\s+period|as\s+is\s+(?:reasonably\s+)?necessary"
    r"|as\s+(?:reasonably\s+)?necessary"
    # "for such period as it considers appropriate": a period the provider chooses
    r"|such\s+periods?\s+as\s+(?:it|they|the\s+[A-Z]\w+|[A-Z]\w+)\s+(?:considers?|deems?|determines?|thinks?|sees?\s+fit)"
    r"|as\s+(?:it|they)\s+(?:considers?|deems?|determines?|sees?\s+fit)\s+(?:appropriate|necessary|fit)"
    # "on the standard purge cycle, which may exceed the period in Section 15.2": a period past another
    r"|(?:may|might|can|could)\s+(?:well\s+|sometimes\s+|also\s+)?exceed"
    r"|(?<!\bno\s)(?<!\bnot\s)(?<!\bany\s)(?:longer|later)\s+than\s+(?:the|that|those|any)\s+(?:period|periods|deadline|time\s+limit))\b",
    re.I,
)
_ZERO = re.compile(r"\b(?:zero[- ]data[- ]retention|zdr|modified\s+abuse\s+monitoring|no\s+(?:data\s+)?retention|not\s+(?:be\s+)?(?:retained|stored|persisted)\s+at\s+all"
                   r"|discarded\s+(?:once|as\s+soon\s+as|when|immediately|upon)|(?:retains|stores|keeps)\s+no"
                   # "input files are deleted as soon as the job completes", "erased on completion of the job"
                   r"|(?:deleted|erased|purged|destroyed|removed)\s+(?:as\s+soon\s+as|once|when|upon\s+completion|on\s+completion)"
                   r"(?![^.;]{0,40}\b(?:period|days?|weeks?|months?|years?|expir\w*|terminat\w*|request\w*|instruct\w*))"
                   r"|immediately\s+(?:after|upon|on|following)|no\s+data\s+(?:is|are)\s+retained)\b", re.I)


# Zero retention that is denied, not given: "does not offer zero data retention", "zero data retention
# is not available (for ...)": no period at all, the standard one applies.
_ZERO_DENIED_BEFORE = re.compile(r"\b(?:(?:does|do|will|shall|can|cannot|may)\s+not\s+(?:be\s+)?|doesn't\s+|won't\s+|no\s+longer\s+|never\s+)"
                                 r"(?:offer|offered|provide|provided|support|supported|available|apply|applied|extend|extended)\s+(?:to\s+)?(?:\w+\s+)?$"
                                 r"|\b(?:not\s+|in)eligible\s+(?:for|to\s+use)\s+$|\bwithout\s+$", re.I)
_ZERO_DENIED_AFTER = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?(?:is|are|will|shall)\s+(?:not|neither|never)\s+(?:be\s+)?(?:available|offered|provided|supported)\b"
                                r"|\s*(?:does|will|shall)\s+not\s+apply\b|\s*(?:is|are)\s+unavailable\b", re.I)
_NOT_AFTER = re.compile(r"\b(?:not|never|no\s+longer)\s+(?:be\s+)?(?:retain|store|keep|kept|persist|hold|held)\w*\b[^.;]{0,160}?\b(?:after|once|beyond)\b", re.I)


_NOT_KEPT = re.compile(r"\b(?:is|are|will|shall)\s+not\s+(?:be\s+)?(?:retained|stored|kept|persisted)\b(?!\s+(?:for|beyond|longer|more|after|once))", re.I)


# "nothing in this Article permits the Contractor to keep batch files for any longer period": a longer
# period denied is the same period, not an open one.
# So is "nothing in this clause permits ... to be retained for longer than that period".
_DENIED_LONGER = re.compile(r"\b(?:nothing|not|never|no)\b[^.;]{0,160}\b(?:for\s+(?:any|a)\s+(?:longer|extended|additional|further)\s+period"
                            r"|(?:longer|later)\s+than\s+(?:the|that|those|any)\s+(?:period|periods|deadline|time\s+limit)|exceed)$", re.I)


@dataclass(frozen=True)
class Duration:
    days: float
    text: str
    start: int
    end: int
    business: bool = False  # counted in business (working) days: never the same as a calendar period

    def label(self) -> str:
        if self.days == UNTIL_DELETED:
            return "until deleted"
        if self.days == ON_REQUEST:
            return "on request"
        return self.text


# Words (lower-cased) at least one of which every match of each pattern holds:
# a sentence without any of them skips that pattern's scan.
_PERIOD_HINTS = ("hour", "day", "week", "month", "year", "dia", "d\u00eda", "jour", "hora", "heure", "semana", "semaine", "mes", "m\u00eas", "mois", "ano", "a\u00f1o")
_OPEN_HINTS = ("until", "indefinitely", "long", "limit", "period", "necessary", "consider", "deem", "determine", "fit", "exceed", "later")
_ZERO_HINTS = ("zero", "zdr", "abuse monitoring", "retention", "all", "immediately", "retained", "discarded", " no ",
               "as soon as", "once", "completion")
_KEPT_HINTS = ("retain", "stor", "keep", "kept", "persist", "hold", "held")


def find_durations(text: str) -> list[Duration]:
    """All retention-style periods in ``text``, in order."""
    found: list[Duration] = []
    low = text.lower()
    if any(h in low for h in _PERIOD_HINTS):
        found += _periods(text)
    if "ly" in low or "every" in low:
        for m in _CYCLE.finditer(text):
            key = m.group("c").lower().split()[-1]
            if not any(d.start <= m.start() < d.end for d in found):
                found.append(Duration(round(_CYCLE_DAYS[key], 1), m.group(0), m.start(), m.end()))
    if "request" in low or "ask" in low or "demand" in low:
        periods = [d for d in found if d.days > 0]
        for m in _REQUEST.finditer(text):
            # "within ten days of the Client's written request": the period already says when;
            # "made available ... upon request" is no schedule: only an erasure on request is.
            if not any(abs(m.start() - d.end) < 40 for d in periods) and _ERASED_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
                found.append(Duration(ON_REQUEST, m.group(0), m.start(), m.end()))
    if any(h in low for h in _OPEN_HINTS):
        found += [Duration(UNTIL_DELETED, m.group(0), m.start(), m.end()) for m in _OPEN.finditer(text)
                  if not _DENIED_LONGER.search(text[:m.end()])]
    if any(h in low for h in _ZERO_HINTS):
        found += [Duration(0.0, m.group(0), m.start(), m.end()) for m in _ZERO.finditer(text)
                  if not _ZERO_DENIED_BEFORE.search(text, max(0, m.start() - 40), m.start())
                  and not _ZERO_DENIED_AFTER.match(text, m.end())]
    if not any(h in low for h in _KEPT_HINTS):
        found.sort(key=lambda d: d.start)
        return found
    if not found:
        # "shall not retain X after the response has been returned": nothing is kept.
        m = _NOT_AFTER.search(text)
        if m:
            found.append(Duration(0.0, m.group(0), m.start(), m.end()))
    # "...; synchronous requests are not retained": a clause of its own that keeps nothing.
    pos = 0
    for part in re.split(r"(;|, (?:and|but|while|whereas) )", text):
        if part and not part.startswith((";", ", ")) and not any(pos <= d.start < pos + len(part) for d in found):
            m = _NOT_KEPT.search(part)
            if m:
                found.append(Duration(0.0, m.group(0), pos + m.start(), pos + m.end()))
        pos += len(part)
    found.sort(key=lambda d: d.start)
    return _capped(text, found)


# "... only for so long as necessary ... and, in any event, for no longer than thirty (30) days": a cap
# after an open period, which it bounds.
_CAP = re.compile(r"\b(?:in\s+any\s+(?:event|case)|at\s+the\s+(?:latest|most)|at\s+most|subject\s+to\s+a\s+maximum\s+of"
                  r"|but\s+(?:not|no)\s+(?:longer|more)\s+than|up\s+to\s+a\s+maximum\s+of)\b", re.I)


def _capped(text: str, found: list[Duration]) -> list[Duration]:
    """``found`` without an open period that a later definite one caps: what is kept "as long as
    necessary, and in any event no longer than 30 days" is kept no longer than 30 days."""
    out = []
    for k, d in enumerate(found):
        if d.days == UNTIL_DELETED and any(
                x.days not in (UNTIL_DELETED, ON_REQUEST) and x.start > d.end and x.start - d.end <= 120
                and _CAP.search(text, d.end, x.start) and ";" not in text[d.end:x.start] for x in found[k + 1:]):
            continue
        out.append(d)
    return out


# "two weeks' notice", "30 days' prior written notice": how much warning, not how long data is kept.
_NOTICE_AFTER = re.compile(r"(?:['\u2019]s?)?\s+(?:(?:prior|advance|written|clear|reasonable)\s+)*notice\b", re.I)


def _periods(text: str) -> list[Duration]:
    found: list[Duration] = []
    for m in _PERIOD.finditer(text):
        if _NOTICE_AFTER.match(text, m.end()):
            continue
        if m.group("funit"):
            n, unit = float(m.group("fnum")), _FOREIGN_UNITS[m.group("funit").lower()]
            found.append(Duration(round(n * _UNITS[unit], 1), m.group(0), m.start(), m.end(), False))
            continue
        if m.group("paren"):
            n = float(m.group("paren"))
        elif m.group("num"):
            n = float(m.group("num"))
        else:
            n = float(_WORDS[m.group("word").lower()])
        unit = m.group("unit").lower()
        if m.group("cal") and m.group("cal").lower().startswith(("business", "working")) and unit == "day":
            unit = "business day"
        found.append(Duration(round(n * _UNITS[unit], 1), m.group(0), m.start(), m.end(), unit == "business day"))
    return found


def same_period(a: float, b: float, a_business: bool = False, b_business: bool = False) -> bool:
    """Equal within rounding ("one year" vs "12 months" vs "365 days"), but
    "one month" is not "30 days", and "10 Business Days" is not "two weeks":
    how many calendar days business days span depends on holidays."""
    if a_business != b_business:
        return False
    if a in (UNTIL_DELETED, ON_REQUEST) or b in (UNTIL_DELETED, ON_REQUEST):
        return a == b
    return abs(a - b) <= max(0.3, 0.001 * max(a, b))
