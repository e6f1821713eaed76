"""Paragraph styles and automatic numbering of a WordprocessingML package.

Word does not store list numbers in the text: a paragraph names a list
(``w:numPr``: ``w:numId`` and ``w:ilvl``, directly or through its style and
the style's ``w:basedOn`` ancestors) and Word counts. :class:`Numbering`
replays that count in document order and renders each label as Word shows
it ("7.2", "(b)", "Article 3"):

* ``w:num`` instances point at a ``w:abstractNum`` (possibly through a
  numbering style, ``w:numStyleLink``); counters are kept per abstract
  definition, so instances of one definition continue one sequence;
* ``w:lvlOverride`` replaces a level (``w:lvl``) or restarts it
  (``w:startOverride``) the first time its instance is used;
* ``w:start``, ``w:lvlRestart`` (deeper levels restart when a shallower
  level advances, unless told otherwise), ``w:isLgl``;
* ``w:numFmt`` decimal, decimalZero, lowerLetter, upperLetter, lowerRoman,
  upperRoman, ordinal, none and bullet (a bullet is not a number: no label);
* ``w:lvlText`` templates such as "%1.%2" or "(%3)".

The module also holds the small WordprocessingML helpers the DOCX reader
modules share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

# Transitional first: attribute look-ups try these in this order.
W_NAMESPACE_ORDER = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO "strict" OOXML
)
W_NAMESPACES = frozenset(W_NAMESPACE_ORDER)
MAX_LEVELS = 9  # Word lists have levels 0..8
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_HEADING_ID = re.compile(r"^heading([1-9])$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"%([1-9])")


# --------------------------------------------------------------------------- XML helpers


def wname(el: etree._Element) -> str | None:
    """Local name of a WordprocessingML element, None for anything else."""
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return None
    ns, _, local = tag[1:].partition("}")
    return local if ns in W_NAMESPACES else None


def wattr(el: etree._Element, name: str) -> str | None:
    """A ``w:`` attribute of ``el`` (transitional or strict namespace)."""
    for ns in W_NAMESPACE_ORDER:
        value = el.get(f"{{{ns}}}{name}")
        if value is not None:
            return value
    return None


def wchild(el: etree._Element | None, name: str) -> etree._Element | None:
    """The first ``w:name`` child of ``el`` (None if ``el`` is None)."""
    for child in el if el is not None else ():
        if wname(child) == name:
            return child
    return None


def wval(el: etree._Element | None, name: str) -> str | None:
    """``w:val`` of the first ``w:name`` child of ``el``."""
    child = wchild(el, name)
    return wattr(child, "val") if child is not None else None


def to_int(value: str | None) -> int | None:
    """``int(value)``, None when absent or not a number."""
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # 0-based outline level, 9 = body text
    num_id: str | None  # w:pPr/w:numPr/w:numId
    ilvl: int | None  # w:pPr/w:numPr/w:ilvl


class Styles:
    """Styles of ``word/styles.xml``: display names, heading levels and the
    list numbering paragraph (and numbering) styles carry."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.numbering_styles: dict[str, str] = {}  # numbering style id -> numId
        for st in root.iter() if root is not None else ():
            if wname(st) != "style":
                continue
            sid, kind = wattr(st, "styleId"), wattr(st, "type")
            if not sid or kind not in (None, "paragraph", "numbering"):
                continue
            ppr = wchild(st, "pPr")
            numpr = wchild(ppr, "numPr")
            num_id = wval(numpr, "numId")
            if kind == "numbering":
                if num_id:
                    self.numbering_styles[sid] = num_id
                continue
            self.styles[sid] = _Style(
                name=_display_name(wval(st, "name"), sid),
                based_on=wval(st, "basedOn"),
                outline=to_int(wval(ppr, "outlineLvl")),
                num_id=num_id,
                ilvl=to_int(wval(numpr, "ilvl")),
            )

    def name(self, style_id: str) -> str:
        """Display name ("Heading 1") of a style id, the id if unknown."""
        style = self.styles.get(style_id)
        return style.name if style else style_id

    def chain(self, style_id: str | None) -> list[str]:
        """``style_id`` and its ``basedOn`` ancestors, nearest first."""
        out: list[str] = []
        sid = style_id
        while sid and sid not in out and len(out) < 32:
            out.append(sid)
            style = self.styles.get(sid)
            sid = style.based_on if style else None
        return out

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph inherits from its style chain; each is
        taken from the nearest style that sets it."""
        num_id: str | None = None
        ilvl: int | None = None
        for sid in self.chain(style_id):
            style = self.styles.get(sid)
            if style is None:
                break
            num_id = num_id if num_id is not None else style.num_id
            ilvl = ilvl if ilvl is not None else style.ilvl
        return num_id, ilvl

    def heading_level(self, style_id: str) -> int | None:
        """Heading level of a style: 0 for Title, N for Heading N or outline
        level N-1 (own or inherited through ``basedOn``); None for body text."""
        for n, sid in enumerate(self.chain(style_id)):
            style = self.styles.get(sid)
            name = style.name if style else sid
            m = _HEADING_NAME.match(name) or _HEADING_ID.match(sid)
            if m:
                return int(m.group(1))
            if n == 0 and name.lower() == "title":
                return 0
            if style is None:
                return None
            if style.outline is not None:
                return style.outline + 1 if 0 <= style.outline < 9 else None
        return None


def _display_name(name: str | None, sid: str) -> str:
    if not name:
        return sid
    m = _HEADING_NAME.match(name)
    if m:
        return "Heading " + m.group(1)
    if name in ("title", "caption", "header", "footer"):
        return name.capitalize()
    return name


# --------------------------------------------------------------------------- numbering


@dataclass(frozen=True)
class Level:
    """One level (``w:lvl``) of a numbering definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # w:lvlText template, None if absent
    restart: int | None = None  # w:lvlRestart, None if absent
    legal: bool = False  # w:isLgl
    style: str | None = None  # w:pStyle: the paragraph style tied to this level


@dataclass
class _Num:
    abstract: str
    levels: dict[int, Level] = field(default_factory=dict)  # full w:lvl overrides
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride


def _level(lvl: etree._Element) -> Level:
    start = to_int(wval(lvl, "start"))
    legal_el = wchild(lvl, "isLgl")
    return Level(
        start=start if start is not None and start >= 0 else 1,
        fmt=wval(lvl, "numFmt") or "decimal",
        text=wval(lvl, "lvlText"),
        restart=to_int(wval(lvl, "lvlRestart")),
        legal=legal_el is not None and wattr(legal_el, "val") not in ("0", "false", "off"),
        style=wval(lvl, "pStyle"),
    )


def _levels(el: etree._Element) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in el:
        if wname(lvl) == "lvl":
            ilvl = to_int(wattr(lvl, "ilvl"))
            if ilvl is not None and 0 <= ilvl < MAX_LEVELS and ilvl not in out:
                out[ilvl] = _level(lvl)
    return out


class Numbering:
    """The list definitions of ``word/numbering.xml`` and the running
    counters of one pass over the document, in reading order."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self.styles = styles
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId -> numStyleLink style
        self.nums: dict[str, _Num] = {}
        for el in root if root is not None else ():
            name = wname(el)
            if name == "abstractNum":
                aid = wattr(el, "abstractNumId")
                if aid is None or aid in self.abstracts:
                    continue
                self.abstracts[aid] = _levels(el)
                link = wval(el, "numStyleLink")
                if link:
                    self.style_links[aid] = link
            elif name == "num":
                nid, aid = wattr(el, "numId"), wval(el, "abstractNumId")
                if nid is None or aid is None or nid in self.nums:
                    continue
                num = _Num(abstract=aid)
                for ov in el:
                    ilvl = to_int(wattr(ov, "ilvl")) if wname(ov) == "lvlOverride" else None
                    if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                        continue
                    start = to_int(wval(ov, "startOverride"))
                    if start is not None and start >= 0:
                        num.starts[ilvl] = start
                    lvl = wchild(ov, "lvl")
                    if lvl is not None:
                        num.levels[ilvl] = _level(lvl)
                self.nums[nid] = num
        self.counters: dict[str, dict[int, int]] = {}  # abstract key -> level -> value
        self.pending: dict[tuple[str, int], int] = {}  # restart values not yet used
        self.entered: set[str] = set()  # numIds seen so far

    # ------------------------------------------------------------------ resolution

    def _abstract_key(self, num_id: str) -> str | None:
        """The abstract definition of ``num_id``, following numbering-style links."""
        num = self.nums.get(num_id)
        aid = num.abstract if num else None
        for _ in range(8):
            if aid is None or aid not in self.style_links:
                break
            linked_num = self.styles.numbering_styles.get(self.style_links[aid])
            linked = self.nums.get(linked_num) if linked_num else None
            if linked is None or linked.abstract == aid:
                break
            aid = linked.abstract
        return aid if aid in self.abstracts else None

    def levels(self, num_id: str) -> dict[int, Level]:
        """The levels of list instance ``num_id``, overrides applied."""
        key = self._abstract_key(num_id)
        if key is None:
            return {}
        merged = dict(self.abstracts[key])
        merged.update(self.nums[num_id].levels)
        return merged

    def resolve(self, direct: tuple[str | None, int | None] | None, style_id: str | None) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph from its own ``w:numPr`` (``direct``,
        None when absent) and its style chain; None when it is not in a list.
        numId 0 switches numbering off."""
        style_num, style_ilvl = self.styles.num_pr(style_id)
        num_id = direct[0] if direct is not None and direct[0] is not None else style_num
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        ilvl = direct[1] if direct is not None and direct[1] is not None else style_ilvl
        if ilvl is None:
            levels = self.levels(num_id)
            chain = self.styles.chain(style_id)
            ilvl = next((n for sid in chain for n, lv in sorted(levels.items()) if lv.style == sid), 0)
        return (num_id, ilvl) if 0 <= ilvl < MAX_LEVELS else None

    # ------------------------------------------------------------------ counting

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Advance list ``num_id`` at level ``ilvl`` and return the label Word
        shows for that paragraph; None for bullets and undefined levels."""
        key = self._abstract_key(num_id)
        levels = self.levels(num_id)
        level = levels.get(ilvl)
        if key is None or level is None:
            return None
        num = self.nums[num_id]
        if num_id not in self.entered:
            self.entered.add(num_id)
            counts = self.counters.setdefault(key, {})
            for n in sorted(set(num.starts) | set(num.levels)):
                counts.pop(n, None)
                self.pending[(key, n)] = num.starts.get(n, levels[n].start if n in levels else 1)
        counts = self.counters.setdefault(key, {})
        if ilvl in counts:
            counts[ilvl] += 1
        else:
            counts[ilvl] = self.pending.pop((key, ilvl), level.start)
        for deeper in [n for n in counts if n > ilvl]:
            lv = levels.get(deeper)
            restart = lv.restart if lv is not None else None
            if restart is None or restart > deeper or (restart != 0 and ilvl < restart):
                del counts[deeper]
        if level.fmt == "bullet" or not level.text:
            return None
        return self._render(level, levels, counts)

    def _render(self, level: Level, levels: dict[int, Level], counts: dict[int, int]) -> str | None:
        def value(m: re.Match[str]) -> str:
            n = int(m.group(1)) - 1
            lv = levels.get(n)
            if lv is None:
                return ""
            number = counts.get(n, lv.start)
            return format_number(number, "decimal" if level.legal and lv.fmt != "none" else lv.fmt)

        label = _PLACEHOLDER.sub(value, level.text or "").strip()
        return label or None


_ROMAN_DIGITS = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)


def roman(n: int) -> str:
    """``n`` in lower-case Roman numerals ("iv"), as Word and lettered lists write them."""
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, digits in _ROMAN_DIGITS:
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa..."""
    if not 0 < n <= 26 * 40:  # Word repeats the letter; past that, digits
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_number(n: int, fmt: str) -> str:
    """Render counter value ``n`` in ``w:numFmt`` ``fmt`` (unknown formats
    fall back to decimal; ``none`` and ``bullet`` render nothing)."""
    if fmt in ("none", "bullet"):
        return ""
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        return _ordinal(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    return str(n)
