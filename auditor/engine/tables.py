"""Reading tables of endpoints, retention schedules and similar.

Vendor terms and order forms often state batch terms as table rows:

    | Endpoint        | Retention | ZDR eligible | Used for training |
    | Batch API       | 29 days   | No           | No                |

Each rule names the columns it reads (``table_columns`` in its YAML) and
how: ``schedule`` (a period), ``eligibility`` (No = carved out),
``prohibited_use`` (No = protected, Yes = carved out), ``region`` (an
escape phrase = carved out) or ``commitment`` (Yes = committed). The row's
processing mode comes from its other cells; a transposed table, with modes
as column headers, is read by columns instead.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Clause, Segmentation
from ..nlp.grammar import Grammar, may_hold
from ..nlp.parties import Parties
from ..nlp.scope import ModeReading, mentions, read_modes
from ..nlp.terms import Annotated, TermMatcher
from ..rules import RuleSet
from .durations import find_durations
from .labels import column_label, grammar_of
from .reading import artifact_named, modified_work_units
from .records import SentenceReading

# A cell's first word ("n/a" whole), or its first mark: what :func:`polarity` looks up.
_FIRST = re.compile(r"\s*([^\W_]+(?:/[^\W_]+)?|\S)")
_NO_MARKS = frozenset("\u2717\u2718\u274c")
_YES_MARKS = frozenset("\u2713\u2714\u2705")


def polarity(value: str, g: Grammar) -> str | None:
    """"yes", "no" or None for a cell, by its first word (the cue file's cell_yes and cell_no
    words: "No", "Não", "N/A", "Sim", "Oui") or mark (a tick, a cross, a lone dash)."""
    if re.fullmatch(r"\s*[-\u2014\u2013]\s*", value):
        return "no"
    m = _FIRST.match(value)
    first = m.group(1).lower() if m else ""
    if first in g.cell_no or first in _NO_MARKS:
        return "no"
    if first in g.cell_yes or first in _YES_MARKS:
        return "yes"
    return None


def _mode(a: Annotated, ruleset: RuleSet) -> str | None:
    g = grammar_of(ruleset)
    modes: ModeReading = read_modes(a, grammar=g, ignore_window=ruleset.settings["batch_ignore_window"],
                                    scope_window=ruleset.settings["scope_window"])
    if not (modes.batch_included or modes.sync) and g.work_unit and may_hold(a, g.batch_modifier):
        # "Deferred Abstraction Service" in a row's first cell: a batch name as prose reads it
        modes = read_modes(modified_work_units(a, g), grammar=g, ignore_window=ruleset.settings["batch_ignore_window"],
                           scope_window=ruleset.settings["scope_window"])
    if modes.batch_included:
        return "batch"
    if modes.sync:
        return "sync"
    return None


def _one_mode(a: Annotated, ruleset: RuleSet) -> str | None:
    """The one mode a line names, if it names exactly one and excludes none."""
    modes: ModeReading = read_modes(a, grammar=grammar_of(ruleset), ignore_window=ruleset.settings["batch_ignore_window"],
                                    scope_window=ruleset.settings["scope_window"])
    if modes.batch_excluded or modes.sync_limited:
        return None
    if modes.batch_included and not modes.sync:
        return "batch"
    if modes.sync and not modes.batch:
        return "sync"
    return None


# The first column of an order table that numbers its lines: "Item", "Line", "Line item", "No.", "#".
_ROW_NUMBER_HEAD = re.compile(r"^(?:item|line(?:\s+item)?|line\s+no\.?|no\.?|nr\.?|#|ref\.?|position|pos\.?|"
                              r"(?:service\s+|product\s+|item\s+)?code|sku|service\s+id|product\s+id)$", re.I)
# ... a column of codes: "Code", "Service code", "SKU"; a code is capitals and digits, hyphenated or not
# ("BQ-TRANS", "SKU-0042", "AZ3"), never a word of the language ("Batch").
_CODE_HEAD = re.compile(r"^(?:(?:service\s+|product\s+|item\s+)?code|sku|service\s+id|product\s+id)$", re.I)
_CODE = re.compile(r"^(?=[A-Z0-9-]*[A-Z])(?=[A-Z0-9-]*(?:\d|-|[A-Z]{2}))[A-Z0-9]+(?:-[A-Z0-9]+){0,3}$")


def row_names(seg: Segmentation, ruleset: RuleSet, matcher: TermMatcher) -> dict[str, str]:
    """Names an order table gives its lines ("Item 2", "Line 1"), with the mode of the line each
    numbers: in a table "Item | Deployment Type | ..." whose row 2 is "2 | Data Zone Batch | ...",
    "Item 2" is the batch service wherever the agreement names it. A line naming both modes, or
    neither, gives no name; so does a table whose lines name a mode once each."""
    rows = [c for c in seg.clauses if c.kind == "table_row" and c.header and c.cells != c.header
            and len(c.cells) >= 2 and _ROW_NUMBER_HEAD.match(c.header[0].strip()) and c.cells[0].strip()]
    names: dict[str, str] = product_rows(seg, ruleset, matcher)
    if not rows:
        return names
    anns = matcher.annotate_many([" ".join(c.cells[1:]) for c in rows])
    for c, a in zip(rows, anns):
        modes = read_modes(a, grammar=grammar_of(ruleset), ignore_window=ruleset.settings["batch_ignore_window"],
                           scope_window=ruleset.settings["scope_window"])
        kind = "batch" if modes.batch_included and not modes.sync else "sync" if modes.sync and not modes.batch else None
        if kind is None:
            continue
        head = c.header[0].strip().rstrip(".")
        label = c.cells[0].strip().rstrip(".")
        if _CODE_HEAD.match(head):
            # "Code | Service | ..." with "BQ-TRANS | Bulk Queue | Deferred, asynchronous transcription":
            # the code itself names the service in the agreement's other tables ("BQ-TRANS | Belgium |
            # Any processing region ..."), as the item number names an order line.
            if _CODE.match(label):
                names[label] = kind
            continue
        if head.lower() in ("no", "nr"):
            continue  # ("No. 2" is as much "Annex No. 2" or "Amendment No. 2": a line's number, no name of it)
        word = head.capitalize() if head != "#" else "Item"
        names[f"{word} {label}"] = kind
    return names


# The first column of a table of products: "Product | Description | Fee", "Service | ...".
_PRODUCT_HEAD = re.compile(r"^(?:products?|services?|offerings?|service\s+tiers?|tiers?|deployments?|deployment\s+types?|"
                           r"modalit(?:y|ies)|channels?|interfaces?|endpoints?|workloads?|name)$", re.I)


def product_rows(seg: Segmentation, ruleset: RuleSet, matcher: TermMatcher) -> dict[str, str]:
    """Products a table describes by mode: in "Product | Description | Fee", the row "Queued Jobs |
    Files of up to 50,000 requests that Norland processes asynchronously as a batch | ..." makes
    "Queued Jobs" a batch name wherever the agreement uses it; a row described as interactive a
    real-time one. A name that is itself a mode word, or one described as both modes, gives none."""
    rows = [c for c in seg.clauses if c.kind == "table_row" and c.header and c.cells != c.header
            and len(c.cells) >= 2 and _PRODUCT_HEAD.match(c.header[0].strip()) and c.cells[0].strip()
            and 1 <= len(c.cells[0].split()) <= 4 and c.cells[0].strip()[:1].isupper()]
    if not rows:
        return {}
    anns = matcher.annotate_many([" ".join(c.cells[1:]) for c in rows] + [c.cells[0] for c in rows])
    names: dict[str, str] = {}
    grammar = grammar_of(ruleset)
    for c, a, own in zip(rows, anns[:len(rows)], anns[len(rows):]):
        if own.has("v:batch") or own.has("v:synchronous"):
            continue  # "Batch API | ...": already a name of the mode
        modes = read_modes(a, grammar=grammar, ignore_window=ruleset.settings["batch_ignore_window"],
                           scope_window=ruleset.settings["scope_window"])
        kind = "batch" if modes.batch_included and not modes.sync else "sync" if modes.sync and not modes.batch else None
        if kind is not None:
            names[c.cells[0].strip()] = kind
    return names


def _column(a: Annotated, ruleset: RuleSet) -> tuple[str, str] | None:
    """The column reading whose header phrase matches most words
    ("Zero data retention eligible" is eligibility, not a retention period)."""
    best: tuple[int, str, str] | None = None
    names = a.spans("v:batch") + a.spans("v:synchronous")
    for rule in ruleset.rules:
        if rule.artifacts and a.has("v:other_objects") and not (a.has("v:input_artifacts") or a.has("v:output_artifacts")):
            continue  # "Access logs kept for": how long logs are kept, not the customer's inputs and outputs
        for i, col in enumerate(rule.table_columns):
            for s, e in a.spans(column_label(rule, i)):
                if any(ns <= s and e <= ne for ns, ne in names):
                    continue  # the "Processing" of "Overnight Processing usage" names a service
                if best is None or e - s > best[0]:
                    best = (e - s, rule.topic, col.kind)
    return (best[1], best[2]) if best else None


def _named_in_full(label: str, header: str, names: dict[str, str]) -> str:
    """A row label that is a defined name cut short by its column's header:
    "Economy" under "Service Tier" is the "Economy Tier" the agreement defines."""
    words = header.split()
    if not words or not label.strip() or len(label.split()) > 3:
        return label
    head = words[-1]
    for h in (head, head[:-1] if head.endswith("s") else head + "s"):
        full = names.get(f"{label.strip()} {h}".lower())
        if full:
            return full
    return label


def read_tables(seg: Segmentation, ruleset: RuleSet, matcher: TermMatcher, parties: Parties,
                patch=lambda a: a, names: list[str] = ()) -> list[SentenceReading]:  # type: ignore[assignment]
    rows = [c for c in seg.clauses if c.kind == "table_row" and c.header and c.cells != c.header]
    if not rows:
        return []
    known = {n.lower(): n for n in names}
    texts: list[str] = []
    # "Batch | Same as Standard": the cell read as the row it points to says
    firsts: dict[tuple[tuple[str, ...], str], tuple[str, ...]] = {(c.header, c.cells[0].strip().lower()): c.cells for c in rows}
    rows = [replace(c, cells=tuple(_same_as(cell, k, c, firsts) for k, cell in enumerate(c.cells))) for c in rows]
    for c in rows:
        texts.extend(c.header)
        texts.extend([_named_in_full(c.cells[0], c.header[0], known)] + list(c.cells[1:]) if known else c.cells)
    captions = _captions(seg)
    service_rows = [(c, [p for p in _LIST_SPLIT.split(c.cells[1]) if p.strip()]) for c in rows
                    if len(c.cells) == 2 and _SERVICE_ROW.match(c.cells[0])]
    texts += [c for _, parts in service_rows for c in parts] + list(captions.values())
    anns = iter([patch(a) for a in matcher.annotate_many(texts)])
    read = [(clause, [next(anns) for _ in clause.header], [next(anns) for _ in clause.cells]) for clause in rows]
    # An order form for one service ("| Service | Batch prediction (asynchronous) |"): its other
    # rows are about that service, so a row that names no mode has the service's mode. An order
    # form for several ("Model API (real-time endpoint); Batch API") says nothing of which one
    # a row such as "Hosting location | United States" is about.
    service_mode: dict[tuple[str, ...], str] = {}
    for clause, parts in service_rows:
        modes = {_mode(next(anns), ruleset) for _ in parts}
        if len(modes) == 1 and None not in modes:
            service_mode[clause.header] = modes.pop()
    # A table whose rows are artifacts and whose columns are modes takes its
    # topic from its caption ("Table 1 - Retention by artifact").
    caption_anns = {header: next(anns) for header in captions}
    caption_spec = {header: _column(a, ruleset) for header, a in caption_anns.items()}
    # ... and its mode, when it names one only ("Service Description, Table 3 (Batch endpoint)"):
    # the rows of the batch endpoint's table are batch's.
    # (not when a row names a mode of its own: "Batch input records | 30 days" under "Retention of batch
    # artifacts" beside "On-demand prompts/completions | 30 days")
    moded = {clause.header for clause, _, cells in read if any(_mode(a, ruleset) for a in cells)}
    caption_mode = {header: _one_mode(a, ruleset) for header, a in caption_anns.items() if header not in moded}
    out: list[SentenceReading] = []
    for clause, head, cells in read:
        out.extend(_read_row(clause, head, cells, ruleset, SentenceReading,
                             service_mode.get(clause.header) or caption_mode.get(clause.header),
                             caption_spec.get(clause.header)))
    return out


# "Same as Standard", "As for the Standard tier": a cell that gives another row's value.
_SAME_AS = re.compile(r"^\s*(?:the\s+)?(?:same\s+as|as\s+for|identical\s+to)\s+(?:the\s+)?(?:for\s+)?(?P<row>[\w][\w /-]{0,40}?)"
                      r"(?:\s+(?:row|tier|line|deployment|api))?\s*\.?\s*$", re.I)


def _same_as(cell: str, k: int, clause: Clause, firsts: dict[tuple[tuple[str, ...], str], tuple[str, ...]]) -> str:
    """The cell as read: "Batch | Same as Standard" under "Tier | Retention" reads the Standard row's
    retention ("30 days"); any other cell as written."""
    m = _SAME_AS.match(cell) if k > 0 else None
    if m is None:
        return cell
    other = firsts.get((clause.header, m.group("row").strip().lower()))
    if other is None:
        other = next((cells for (header, first), cells in firsts.items()
                      if header == clause.header and first.startswith(m.group("row").strip().lower())), None)
    return other[k] if other is not None and len(other) > k and not _SAME_AS.match(other[k]) else cell


_SERVICE_ROW = re.compile(r"^\s*(?:service|services|product|products|service\s+type|offering)\s*$", re.I)
_LIST_SPLIT = re.compile(r"[;,/]|\band\b|\n", re.I)
CAPTION_WORDS = 12  # a caption is a short line just above its table


def _captions(seg: Segmentation) -> dict[tuple[str, ...], str]:
    """Each table's caption: the short line (or last sentence) just above its
    first row, in the same section, or the heading it sits under ("Table 1 - Retention by artifact")."""
    out: dict[tuple[str, ...], str] = {}
    previous: Clause | None = None
    for clause in seg.clauses:
        if (clause.kind == "table_row" and clause.header and clause.header not in out and previous is not None
                and previous.kind != "table_row" and (previous.kind == "heading" or previous.section == clause.section)):
            last = previous.sentences[-1].text if previous.sentences else previous.text
            if len(last.split()) <= CAPTION_WORDS:
                out[clause.header] = last
        previous = clause
    return out


def refers_elsewhere(cell: str, ruleset: RuleSet) -> bool:
    """Does a table cell send the reader to another row or document instead of
    answering ("not applicable - see batch result files", "As stated in the End
    User License")? Its phrases are the cue category ``cross_reference``."""
    cues = ruleset.cues
    if cues is None or "cross_reference" not in cues.categories:
        return False
    key = id(cues)
    rx = _REFERS.get(key)
    if rx is None:
        words = "|".join(sorted((re.escape(p) for p in cues.categories["cross_reference"].phrases), key=len, reverse=True))
        rx = _REFERS[key] = re.compile(rf"^\W*(?:(?:not\s+applicable|n/?a|none)\W+)?(?:{words})\b", re.I)
    return bool(rx.match(cell))


_REFERS: dict[int, re.Pattern[str]] = {}


def _cell_escapes(ruleset: RuleSet) -> frozenset[str]:
    """Whole region-cell values that pin no place ("global"), from the rule set."""
    return frozenset(v.lower() for v in ruleset.vocabulary.get("region_cell_escape", ()))


def _read_row(clause: Clause, head: list[Annotated], cells: list[Annotated], ruleset: RuleSet, make,
              default_mode: str | None = None, caption: tuple[str, str] | None = None) -> list:
    if len(cells) > 1 and cells[1].has("c:deferral"):
        return []  # "Audit log export | Roadmap | To be agreed": the row's answer is not given yet
    out = []
    g = grammar_of(ruleset)
    row_modes = [_mode(a, ruleset) for a in cells]
    for j, value in enumerate(cells):
        if j >= len(head) or not clause.cells[j].strip() or value.has("c:deferral"):
            continue  # an empty cell, or one whose value is still to come ("To be confirmed")
        if refers_elsewhere(clause.cells[j], ruleset):
            continue  # "not applicable - see batch result files": the answer is elsewhere
        spec = _column(head[j], ruleset)
        mode = next((m for k, m in enumerate(row_modes) if k != j and m), None)
        transposed = False
        if spec is None and j > 0 and caption is not None and (
                artifact_named(head[j], "v:input_artifacts", g) or artifact_named(head[j], "v:output_artifacts", g)):
            # "Schedule 2, item 3 Retention" over "Batch Claims Files | Inputs: four weeks | Outputs: four
            # weeks": the rows are modes, the columns artifacts, and the caption says what the cells measure
            spec = caption
        if spec is None and j > 0:
            # Transposed: the first column states the commitment, the columns are
            # modes ("| Commitment | Real-time API | Batch API |"), the cells say
            # whether it applies ("Included", "N/A for batch", "Input files only").
            spec = _column(cells[0], ruleset) or (caption if _mode(head[j], ruleset) else None)
            mode = _mode(head[j], ruleset) or mode  # a mode column, else the row's own ("Batch endpoint hosting location")
            transposed = True
        if spec is None:
            continue
        topic, kind = spec
        if mode is None and len(clause.cells[j].split()) >= PROSE_WORDS and (value.has("v:batch") or value.has("v:synchronous")):
            continue  # a cell that names its own modes is prose, read as a sentence with its row label
        if transposed and not (kind == "schedule" and find_durations(clause.cells[j])) and not (
                kind == "prohibited_use" and not cells[0].has("v:negation") and not cells[0].has("v:prohibition")):
            # The row states the commitment ("No use of Customer Data to train models | Included"); but
            # "| Used for model training | No | No |" asks whether the use happens: "No" is the commitment.
            kind = "commitment"
        r = make(clause=clause, text=clause.text, start=clause.start, end=clause.end, ann=value,
                 modes=ModeReading())
        own = clause.cells[j]
        if clause.header[j] and own.lower().startswith(clause.header[j].lower() + ":"):
            own = own[len(clause.header[j]) + 1:].strip()  # "Used for model improvement: Yes": a cell that names its column
        r.table_cell = f"{clause.header[j]}: {own}"
        r.table_kind = kind
        r.table_polarity = polarity(own, g)
        if transposed and r.table_polarity is None and r.table_kind != "prohibited_use":
            r.table_polarity = "yes"  # a qualified "yes": "Input files only"
        elif r.table_polarity is None and value.has("v:permission") and not value.has("v:negation"):
            r.table_polarity = "yes"  # "De-identified samples may be used for model improvement": a qualified "yes"
        r.row_mode = mode or default_mode
        r.topic_mentions = {topic}
        r.commitments = {topic}
        if kind == "schedule" and j > 0 and cells[0].has("v:other_objects") and not cells[0].has("v:data_objects") and any(
                rule.topic == topic and rule.artifacts for rule in ruleset.rules):
            continue  # "Access logs | Real-Time API and Batch Inference | 12 months": logs, not the customer's data
        if kind == "schedule":
            r.durations = find_durations(clause.cells[j])
            if not r.durations:
                if not (value.has("c:pointer") and r.row_mode == "batch"):
                    continue
                # "Batch results | Period stated on the Provider's website": the batch period is
                # left to a page outside the agreement, unlike the periods the table states.
                r.table_kind, r.table_polarity = "commitment", "no"
        elif kind == "region":
            region = read_modes(value, grammar=g, ignore_window=1, scope_window=1, region=True, cell=True)
            # "global", or "Global (routed to available capacity)": the value before any gloss
            cell = re.sub(r"\s*\(.*$", "", clause.cells[j]).strip().strip(".*").lower()
            # "global", "Global (routed ...)", "Nearest available region": pins no place
            floating = cell in _cell_escapes(ruleset) or any(
                " " in esc and cell.startswith(esc + " ") for esc in _cell_escapes(ruleset))
            if not (region.region_escape or floating or value.has("v:places") or value.has("v:region_escape")
                    or any(t.norm in g.region_noun for t in value.tokens)):
                continue  # "Processing | 24 hours": a column about something else
            r.table_polarity = "no" if region.region_escape or floating else "yes"
        own = artifact_named(value, "v:input_artifacts", g) or artifact_named(value, "v:output_artifacts", g)
        column = not transposed and (artifact_named(head[j], "v:input_artifacts", g)
                                     or artifact_named(head[j], "v:output_artifacts", g))
        # The artifacts a cell is about: its own words ("Input files only"), its column's
        # ("| Inputs retained | Outputs retained |"), else its row's ("Batch Completions").
        scope = [value] if transposed and own else [head[j]] if column else [
            # (the words of a batch name the row gives: "Scheduled Bulk Completion request files" holds no output)
            modified_work_units(c, g) if g.work_unit and may_hold(c, g.batch_modifier) else c for c in cells]
        # "Prompts (online and batch prediction)": the "prediction" of a mode's name is no output.
        r.inputs = any(artifact_named(a, "v:input_artifacts", g) for a in scope)
        r.outputs = any(artifact_named(a, "v:output_artifacts", g) for a in scope)
        out.append(r)
    return out


PROSE_WORDS = 4  # a cell of this many words or more is read as prose too

__all__ = ["PROSE_WORDS", "mentions", "polarity", "read_tables", "refers_elsewhere"]
