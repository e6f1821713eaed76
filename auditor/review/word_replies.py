"""Decisions answered in Word, read back from a reviewed copy written by ``auditor annotate``.

Every comment auditor writes names its finding id ("... (retention/excluded)").
A lawyer answers it in Word, either

* by a **reply** to the comment: a comment of its own whose entry in
  ``word/commentsExtended.xml`` points at the auditor comment
  (``w15:commentEx w15:paraId=... w15:paraIdParent=...``, where each paraId is
  the ``w14:paraId`` of a comment's last paragraph, as Word writes it); a
  copy that lost that part (some round trips through other editors) still
  works when the reply sits on the same paragraph as exactly one auditor
  comment, or names the finding id itself; or
* by **a line inside the comment** itself.

An answer reads ``Decision: risk accepted. Rationale: ...``; ``Reviewer:``,
``Role:`` and ``Date:`` may follow. The reviewer is the comment's author
unless a ``Reviewer:`` line names one (an edit inside auditor's own comment
must, since its author is "auditor"), and the date is the comment's date
unless a ``Date:`` line gives one. :func:`apply_answers` records them in the
decisions file; a decision already recorded that differs is reported as a
conflict and never overwritten.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from auditor.model import DocumentReport

from .carry import record_decision, resolve
from .decisions import (DATE_RE, NEEDS_RATIONALE, AmbiguousDecision, DecisionsFile, decision_from_text)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
AUDITOR = "auditor"
MAX_PART = 64 * 1024 * 1024

RECORDED = "recorded"
SAME = "already recorded"
CONFLICT = "conflict"
NOT_USED = "not used"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_FINDING_ID = re.compile(r"\b([a-z0-9][a-z0-9-]*/(?:covered|implied|partial|excluded|missing|not_assessed))\b")
_FIELD = re.compile(r"(?im)\b(decision|rationale|reviewer|role|date)\s*:\s*")
_HINT = "to decide, reply to this comment"


class WordError(Exception):
    """A reviewed copy that cannot be read."""


@dataclass(frozen=True)
class Comment:
    """One Word comment: its id, author, date, paragraphs and thread parent (a comment id)."""

    id: str
    author: str
    date: str
    paragraphs: tuple[str, ...]
    para_ids: tuple[str, ...]
    parent: str | None = None


@dataclass(frozen=True)
class WordAnswer:
    """A decision answered in Word, for one finding."""

    finding_id: str
    decision: str | None  # None: the text named no decision (or not one of the four)
    rationale: str
    reviewer: str
    role: str
    date: str
    source: str  # "reply by Jane Doe in reviewed.docx" | "line in auditor's comment in reviewed.docx"
    problem: str = ""  # why the answer cannot be used


@dataclass(frozen=True)
class Outcome:
    """What became of one answer."""

    finding_id: str
    action: str  # recorded | already recorded | conflict | not used
    note: str


# --------------------------------------------------------------------------- reading


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _text(p: etree._Element) -> str:
    out = []
    for el in p.iter(_w("t"), _w("tab"), _w("br")):
        if any(a.tag == _w("del") for a in el.iterancestors()):
            continue
        out.append(el.text or "" if el.tag == _w("t") else " ")
    return "".join(out).strip()


def _part(z: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise WordError(f"{z.filename}: {name} is too large")
    return etree.fromstring(z.read(info), _PARSER)


def read_comments(path: str | Path) -> tuple[list[Comment], dict[str, list[str]]]:
    """The comments of a DOCX with their thread parents, and the comment ids anchored in each body paragraph."""
    try:
        with zipfile.ZipFile(path) as z:
            comments_root = _part(z, "word/comments.xml")
            extended = _part(z, "word/commentsExtended.xml")
            document = _part(z, "word/document.xml")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise WordError(f"{path}: not a readable .docx file ({exc})") from None
    except etree.XMLSyntaxError as exc:
        raise WordError(f"{path}: damaged Word XML ({exc})") from None
    if document is None:
        raise WordError(f"{path}: not a Word document (no word/document.xml)")
    if comments_root is None:
        return [], {}
    by_para: dict[str, str] = {}
    raw: list[Comment] = []
    for c in comments_root.iter(_w("comment")):
        paras = c.findall(_w("p"))
        ids = tuple(p.get(f"{{{W14}}}paraId", "") for p in paras)
        cid = c.get(_w("id"), "")
        for pid in ids:
            if pid:
                by_para[pid.upper()] = cid
        raw.append(Comment(cid, c.get(_w("author"), ""), c.get(_w("date"), ""),
                           tuple(t for t in (_text(p) for p in paras) if t), ids))
    parents: dict[str, str] = {}
    if extended is not None:
        for ex in extended.iter(f"{{{W15}}}commentEx"):
            child = by_para.get(ex.get(f"{{{W15}}}paraId", "").upper())
            parent = by_para.get(ex.get(f"{{{W15}}}paraIdParent", "").upper())
            if child and parent and child != parent:
                parents[child] = parent
    anchored: dict[str, list[str]] = {}
    body = document.find(_w("body"))
    for n, p in enumerate(body.iter(_w("p")) if body is not None else ()):
        ids = [el.get(_w("id"), "") for el in p.iter(_w("commentRangeStart"), _w("commentReference"))]
        if ids:
            anchored[str(n)] = list(dict.fromkeys(ids))
    comments = [Comment(c.id, c.author, c.date, c.paragraphs, c.para_ids, parents.get(c.id)) for c in raw]
    return comments, anchored


def _fields(text: str) -> dict[str, str]:
    """``Decision: ... Rationale: ...`` as a mapping; each field runs to the next label."""
    marks = list(_FIELD.finditer(text))
    out: dict[str, str] = {}
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        value = text[m.end():end].strip()
        out.setdefault(m.group(1).lower(), value)
    return out


def _finding_of(comment: Comment) -> str | None:
    if comment.author != AUDITOR or not comment.paragraphs:
        return None
    found = _FINDING_ID.findall(comment.paragraphs[0])
    return found[-1] if found else None


def _answer(finding_id: str, comment: Comment, lines: list[str], source: str) -> WordAnswer | None:
    text = "\n".join(lines)
    start = re.search(r"(?i)\bdecision\s*:", text)
    if start is None:
        return None
    fields = _fields(text[start.start():])
    said = fields["decision"].strip().rstrip(".").strip()
    decision, problem = None, ""
    try:
        decision = decision_from_text(said)
    except AmbiguousDecision as exc:
        problem = str(exc)
    if decision is None and not problem:
        problem = f"'{said}' is not a decision (amendment requested, risk accepted, false positive, resolved in draft)"
    rationale = fields.get("rationale", "").strip()
    if re.fullmatch(r"[.\u2026\s]*", rationale):
        rationale = ""
    reviewer = fields.get("reviewer", "").strip().rstrip(".") or (comment.author if comment.author != AUDITOR else "")
    date = fields.get("date", "").strip().rstrip(".") or comment.date[:10]
    if date and not (DATE_RE.match(date)):
        problem = problem or f"date '{date}' is not written YYYY-MM-DD"
    return WordAnswer(finding_id, decision, " ".join(rationale.split()), " ".join(reviewer.split()),
                      " ".join(fields.get("role", "").rstrip(".").split()), date, source, problem)


def read_answers(path: str | Path) -> list[WordAnswer]:
    """Every answer in a reviewed copy, in the order of its comments."""
    name = Path(path).name
    comments, anchored = read_comments(path)
    by_id = {c.id: c for c in comments}
    auditor_ids = {c.id for c in comments if _finding_of(c)}
    # Without commentsExtended: a reply on the same paragraph as exactly one auditor comment belongs to it.
    shared: dict[str, str] = {}
    for ids in anchored.values():
        ours = [i for i in ids if i in auditor_ids]
        if len(ours) == 1:
            for i in ids:
                if i not in auditor_ids:
                    shared.setdefault(i, ours[0])
    answers: list[WordAnswer] = []
    for c in comments:
        if c.id in auditor_ids:
            lines = [p for p in c.paragraphs[1:] if not p.lower().startswith(_HINT)]
            answer = _answer(_finding_of(c) or "", c, lines, f"line in auditor's comment in {name}")
        else:
            named = _FINDING_ID.findall(" ".join(c.paragraphs))
            parent = c.parent if c.parent in auditor_ids else shared.get(c.id)
            finding = _finding_of(by_id[parent]) if parent else (named[0] if named else None)
            if finding is None:
                continue
            answer = _answer(finding, c, list(c.paragraphs), f"reply by {c.author or 'an unnamed author'} in {name}")
        if answer is not None:
            answers.append(answer)
    return answers


# --------------------------------------------------------------------------- recording


def apply_answers(dfile: DecisionsFile, report: DocumentReport,
                  answers: list[WordAnswer]) -> tuple[DecisionsFile, list[Outcome]]:
    """Record ``answers`` for the open findings of ``report``; never overwrite a different decision.

    The last usable answer for a finding is the one taken (a thread's later reply).
    """
    open_findings = {f.id: f for f in report.findings if f.status != "covered"}
    outcomes: list[Outcome] = []
    last: dict[str, WordAnswer] = {}
    for a in answers:
        if a.finding_id not in open_findings:
            outcomes.append(Outcome(a.finding_id, NOT_USED, f"{a.source}: no open finding "
                                    f"'{a.finding_id}' in this agreement (has the draft changed?)"))
        elif a.problem:
            outcomes.append(Outcome(a.finding_id, NOT_USED, f"{a.source}: {a.problem}"))
        elif a.decision in NEEDS_RATIONALE and not a.rationale:
            outcomes.append(Outcome(a.finding_id, NOT_USED, f"{a.source}: {a.decision} needs a rationale "
                                    "(\"Rationale: ...\")"))
        else:
            if a.finding_id in last:
                outcomes.append(Outcome(a.finding_id, NOT_USED, f"{last[a.finding_id].source}: a later answer "
                                        f"({a.source}) replaces it"))
            last[a.finding_id] = a
    for fid, a in last.items():
        finding = open_findings[fid]
        res = resolve(finding, dfile, report.sha256)
        entry = res.entry if res.applies else None
        who = f"{a.decision} by {a.reviewer or 'no named reviewer'}"
        if entry is not None and entry.decided:
            same = (entry.decision, entry.reviewer or "", entry.rationale or "") == (a.decision, a.reviewer, a.rationale)
            if same:
                outcomes.append(Outcome(fid, SAME, f"{a.source}: {who}"))
            else:
                outcomes.append(Outcome(fid, CONFLICT, f"{a.source} says {who}, but {entry.decision} by "
                                        f"{entry.reviewer or 'an unnamed reviewer'} is recorded; "
                                        "kept as recorded"))
            continue
        dfile = record_decision(dfile, finding, report.sha256, decision=a.decision or "", reviewer=a.reviewer,
                                role=a.role, date=a.date, rationale=a.rationale)
        outcomes.append(Outcome(fid, RECORDED, f"{a.source}: {who}"
                                + ("" if a.reviewer else " (name a reviewer: add \"Reviewer: ...\")")))
    order = {f: n for n, f in enumerate(open_findings)}
    outcomes.sort(key=lambda o: (order.get(o.finding_id, len(order)), o.finding_id))
    return dfile, outcomes


__all__ = ["CONFLICT", "NOT_USED", "RECORDED", "SAME", "Comment", "Outcome", "WordAnswer", "WordError",
           "apply_answers", "read_answers", "read_comments"]
