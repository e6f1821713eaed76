"""The one text normaliser every reader applies to every block.

It makes text from different formats comparable without changing what the
drafter wrote: quotes, dashes and letter case are kept as they are.

* NFC composition (a decomposed "é" from a DOCX becomes one character);
* non-breaking and other fixed-width spaces become ordinary spaces;
* soft hyphens (U+00AD), zero-width characters and the BOM are removed;
* typographic ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) are expanded to their letters;
* enclosed numbers and letters ("①", "⑴", "⒜"), with which Korean, Japanese
  and Chinese drafting numbers paragraphs, are written as the bracketed
  labels they stand for ("(1)", "(a)");
* control characters are dropped; line breaks, tabs and runs of spaces
  inside a block collapse to one space; block ends are stripped.

Because blocks never contain a newline afterwards, ``Document.text`` (blocks
joined with a blank line) can always be split back into its blocks.
"""

from __future__ import annotations

import re
import unicodedata

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}

# Characters that disappear entirely.
_REMOVE = {
    "\u00ad",  # soft hyphen
    "\u200b",  # zero width space
    "\u200c",  # zero width non-joiner
    "\u200d",  # zero width joiner
    "\u2060",  # word joiner
    "\ufeff",  # BOM / zero width no-break space
    "\u180e",  # Mongolian vowel separator
}

# Characters that become an ordinary space.
_SPACES = {
    "\u00a0",  # no-break space
    "\u2007",  # figure space
    "\u202f",  # narrow no-break space
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\u3000",  # ideographic space
    "\u0085",  # next line
}

_TABLE: dict[int, str | None] = {}
for _ch in _REMOVE:
    _TABLE[ord(_ch)] = None
for _ch in _SPACES:
    _TABLE[ord(_ch)] = " "
for _cp in range(0x2000, 0x200B):  # en quad .. hair space
    _TABLE[_cp] = " "
for _lig, _letters in LIGATURES.items():
    _TABLE[ord(_lig)] = _letters
for _n in range(20):
    _TABLE[0x2460 + _n] = f"({_n + 1})"  # circled digits: ① .. ⑳
    _TABLE[0x2474 + _n] = f"({_n + 1})"  # parenthesized digits: ⑴ .. ⒇
for _n in range(26):
    _TABLE[0x249C + _n] = f"({chr(ord('a') + _n)})"  # parenthesized letters: ⒜ .. ⒵
for _cp in list(range(0x00, 0x20)) + [0x7F] + list(range(0x80, 0xA0)):
    # Whitespace controls become spaces; every other control is dropped.
    _TABLE.setdefault(_cp, " " if chr(_cp) in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f" else None)

# After the table, tabs, line breaks and other whitespace controls are spaces:
# only runs of spaces are left to collapse.
_SPACE_RUN = re.compile(r"  +")


def normalize_text(text: str) -> str:
    """Return ``text`` normalised for use as one block's text.

    The result contains no newline, no tab, no run of two spaces, and no
    leading or trailing whitespace. An all-whitespace input gives "".
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_TABLE)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return text.strip()


def normalize_cells(cells: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Normalise every cell of a table row (empty cells stay, as "")."""
    return tuple(normalize_text(c) for c in cells)
