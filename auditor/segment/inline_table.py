"""A table written on one line.

"ZDR eligibility: Messages API - Yes; Message Batches API - No" is a two-column
table a drafter typed as a sentence: a column name, then one value per offering.
Read as prose, the line names batch beside the commitment and seems to cover it;
read as the table it is, batch's value is "No". Such a paragraph becomes one
table row per offering, with the header ("Offering", the column name), so the
table reader gives each offering its own value.

A line is such a table only when it plainly is one: a short label with no verb
before the colon, at least two items, separated by semicolons (or commas when
no semicolon is used), and every item "name - value", "name: value" or
"name (value)" with a yes/no value ("Yes", "Not eligible", "None", "N/A").
Anything else (a clause, a list of names, values with reasons, periods such
as "interactive API - 12 months; batch API - 3 months", which prose reading
compares) stays a paragraph.
"""

from __future__ import annotations

import re

_LABEL = re.compile(r"^\s*(?P<label>[A-Z][\w/&()\-]*(?:[ \-][\w/&()\-]+){0,5})\s*:\s+")
_VERB = re.compile(r"\b(?:shall|will|must|may|is|are|was|were|be|been|has|have|does|do)\b", re.I)
_VALUE = (r"(?:yes|no|y|n|eligible|not\s+eligible|ineligible|available|not\s+available|unavailable|supported"
          r"|not\s+supported|included|not\s+included|excluded|none|n/?a|not\s+applicable|never"
          r"|[\u2713\u2714\u2705\u2717\u2718\u274c])")
_ITEM = re.compile(rf"^\s*(?P<name>[A-Za-z][^:;,()]{{1,60}}?)\s*(?:[-\u2013\u2014:]\s*(?P<v1>{_VALUE})|\(\s*(?P<v2>{_VALUE})\s*\))"
                   r"\s*\.?\s*$", re.I)


def inline_table(text: str) -> tuple[str, list[tuple[int, int, tuple[str, str]]]] | None:
    """The column name and, per item, its slice of ``text`` and its (name, value) cells; or None."""
    m = _LABEL.match(text)
    if not m or _VERB.search(m.group("label")):
        return None
    body = text[m.end():]
    sep = ";" if ";" in body else ","
    rows: list[tuple[int, int, tuple[str, str]]] = []
    pos = m.end()
    for part in body.split(sep):
        item = _ITEM.match(part)
        if item is None:
            return None
        lead = len(part) - len(part.lstrip())
        end = len(part.rstrip().rstrip("."))
        value = item.group("v1") or item.group("v2")
        rows.append((pos + lead, pos + end, (item.group("name").strip(), value.strip())))
        pos += len(part) + 1
    if len(rows) < 2:
        return None
    return m.group("label").strip(), rows


__all__ = ["inline_table"]
