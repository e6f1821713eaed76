"""Decisions answered in Word: replies and lines in auditor's comments, read by ``review --from-docx``.

The reviewed copies are built as Word writes them: each comment paragraph
carries a ``w14:paraId``; a reply is a comment of its own, anchored on the
same range as its parent, linked in ``word/commentsExtended.xml`` by
``w15:commentEx w15:paraId`` (the reply's last paragraph) and
``w15:paraIdParent`` (the parent's last paragraph), with the part declared in
the relationships and content types.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from auditor.cli import main
from auditor.review.decisions import load_decisions
from auditor.review.word_replies import read_answers

from conftest import cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
EXT_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
EXT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def as_word_writes_it(reviewed: Path, out: Path, replies: dict[str, tuple[str, str, str]],
                      lines: dict[str, str] | None = None, extended: bool = True) -> None:
    """Copy ``reviewed`` with Word-style replies ({finding id: (author, date, text)}) and lines added
    inside auditor's comments ({finding id: text})."""
    with zipfile.ZipFile(reviewed) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    comments = etree.fromstring(parts["word/comments.xml"])
    document = etree.fromstring(parts["word/document.xml"])
    counter = iter(range(0x10000001, 0x7FFFFFFF))

    def para_id(p: etree._Element) -> str:
        value = f"{next(counter):08X}"
        p.set(f"{{{W14}}}paraId", value)
        p.set(f"{{{W14}}}textId", "77777777")
        return value

    def paragraph(text: str, first: bool) -> etree._Element:
        p = etree.Element(w("p"))
        if first:
            etree.SubElement(etree.SubElement(p, w("r")), w("annotationRef"))
        t = etree.SubElement(etree.SubElement(p, w("r")), w("t"))
        t.text = text
        return p

    last_para: dict[str, str] = {}
    by_finding: dict[str, etree._Element] = {}
    for c in comments.findall(w("comment")):
        first = "".join(c.find(w("p")).itertext())
        fid = re.search(r"\(([a-z-]+/[a-z_]+)\)", first).group(1)
        by_finding[fid] = c
        if lines and fid in lines:
            c.append(paragraph(lines[fid], False))
        for p in c.findall(w("p")):
            last_para[c.get(w("id"))] = para_id(p)
    entries = [(last_para[c.get(w("id"))], None) for c in comments.findall(w("comment"))]
    next_id = max(int(c.get(w("id"))) for c in comments.findall(w("comment"))) + 1
    for fid, (author, date, text) in replies.items():
        parent = by_finding[fid].get(w("id"))
        reply = etree.SubElement(comments, w("comment"))
        reply.set(w("id"), str(next_id))
        reply.set(w("author"), author)
        reply.set(w("date"), date)
        reply.set(w("initials"), "".join(n[0] for n in author.split()))
        p = paragraph(text, True)
        reply.append(p)
        entries.append((para_id(p), last_para[parent]))
        # Word anchors a reply on its parent's range: start, end and reference next to the parent's.
        for tag in ("commentRangeStart", "commentRangeEnd"):
            el = next(e for e in document.iter(w(tag)) if e.get(w("id")) == parent)
            mine = etree.Element(w(tag))
            mine.set(w("id"), str(next_id))
            el.addnext(mine)
        ref = next(e for e in document.iter(w("commentReference")) if e.get(w("id")) == parent).getparent()
        run = etree.Element(w("r"))
        etree.SubElement(run, w("commentReference")).set(w("id"), str(next_id))
        ref.addnext(run)
        next_id += 1
    parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    if extended:
        root = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15, "w14": W14})
        for pid, parent_pid in entries:
            ex = etree.SubElement(root, f"{{{W15}}}commentEx")
            ex.set(f"{{{W15}}}paraId", pid)
            if parent_pid:
                ex.set(f"{{{W15}}}paraIdParent", parent_pid)
            ex.set(f"{{{W15}}}done", "0")
        parts["word/commentsExtended.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                             standalone=True)
        rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
        rel = etree.SubElement(rels, f"{{{REL}}}Relationship")
        rel.set("Id", "rId900")
        rel.set("Type", EXT_REL)
        rel.set("Target", "commentsExtended.xml")
        parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
        types = etree.fromstring(parts["[Content_Types].xml"])
        over = etree.SubElement(types, f"{{{CT}}}Override")
        over.set("PartName", "/word/commentsExtended.xml")
        over.set("ContentType", EXT_TYPE)
        parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.fixture()
def reviewed(draft: Path) -> Path:
    result = cli("annotate", str(draft))
    assert result.exit_code == 0, result.output
    return draft.with_name("draft.reviewed.docx")


def test_annotate_names_the_finding_and_how_to_answer(reviewed: Path, open_ids: list[str]) -> None:
    comments = zipfile.ZipFile(reviewed).read("word/comments.xml").decode()
    for fid in open_ids:
        assert f"({fid})" in comments
    assert comments.count("Decision: risk accepted. Rationale: ...") == len(open_ids)
    assert read_answers(reviewed) == []  # the instruction itself is not an answer


def test_replies_and_lines_become_decisions(draft: Path, reviewed: Path, open_ids: list[str], tmp_path: Path) -> None:
    answered = tmp_path / "answered.docx"
    replies = {
        open_ids[0]: ("Jane Doe", "2026-01-15T09:30:00Z",
                      "Decision: risk accepted. Rationale: Pilot traffic only; reviewed with the CISO."),
        open_ids[1]: ("Jane Doe", "2026-01-16T10:00:00Z", "Agreed with the provider. Decision: amendment requested."),
    }
    lines = {open_ids[2]: "Decision: false positive. Rationale: Schedule 2 reaches batch. "
                          "Reviewer: Tom Okafor. Role: Associate. Date: 2026-01-17"}
    as_word_writes_it(reviewed, answered, replies, lines)
    result = cli("review", str(draft), "--from-docx", str(answered))
    assert result.exit_code == 0, result.output
    assert "from Word: 3 decisions recorded, 0 conflicts" in result.output
    entries = load_decisions(draft.with_name("draft.decisions.yaml")).entries
    first = entries[open_ids[0]]
    assert (first.decision, first.reviewer, first.date, first.rationale) == (
        "risk_accepted", "Jane Doe", "2026-01-15", "Pilot traffic only; reviewed with the CISO.")
    assert (entries[open_ids[1]].decision, entries[open_ids[1]].reviewer) == ("amendment_requested", "Jane Doe")
    third = entries[open_ids[2]]
    assert (third.decision, third.reviewer, third.role, third.date, third.rationale) == (
        "false_positive", "Tom Okafor", "Associate", "2026-01-17", "Schedule 2 reaches batch.")
    assert third.fingerprint  # tied to the clause, as decisions taken in the terminal are

    # Importing the same answers again changes nothing; a different recorded decision is a conflict.
    before = draft.with_name("draft.decisions.yaml").read_text()
    again = cli("review", str(draft), "--from-docx", str(answered))
    assert again.exit_code == 0 and "already recorded" in again.output
    assert draft.with_name("draft.decisions.yaml").read_text() == before
    changed = tmp_path / "changed.docx"
    as_word_writes_it(reviewed, changed, {open_ids[0]: ("Sam Lee", "2026-02-01T08:00:00Z",
                                                        "Decision: amendment requested.")})
    result = cli("review", str(draft), "--from-docx", str(changed))
    assert result.exit_code == 1
    assert "1 conflict" in result.output and "kept as recorded" in result.output
    assert load_decisions(draft.with_name("draft.decisions.yaml")).entries[open_ids[0]].reviewer == "Jane Doe"


def test_answers_that_cannot_be_used_are_reported(draft: Path, reviewed: Path, open_ids: list[str],
                                                  tmp_path: Path) -> None:
    answered = tmp_path / "answered.docx"
    as_word_writes_it(reviewed, answered, {
        open_ids[0]: ("Jane Doe", "2026-01-15T09:30:00Z", "Decision: risk accepted."),
        open_ids[1]: ("Jane Doe", "2026-01-15T09:31:00Z", "Decision: approved. Rationale: fine."),
    })
    result = cli("review", str(draft), "--from-docx", str(answered))
    assert result.exit_code == 0, result.output
    assert "risk_accepted needs a rationale" in result.output
    assert "'approved' is not a decision" in result.output
    assert "0 decisions recorded" in result.output and "2 answers not used" in result.output


def test_reply_without_comments_extended_on_the_same_paragraph(draft: Path, reviewed: Path, open_ids: list[str],
                                                                tmp_path: Path) -> None:
    answered = tmp_path / "answered.docx"
    as_word_writes_it(reviewed, answered, {open_ids[1]: ("Ana Lima", "2026-03-02T12:00:00Z",
                                                         "Decision: resolved in draft. Rationale: see the DPA.")},
                      extended=False)
    answers = read_answers(answered)
    assert [(a.finding_id, a.decision, a.reviewer) for a in answers] == [
        (open_ids[1], "resolved_in_draft", "Ana Lima")]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed on this machine")
def test_replies_survive_a_libreoffice_round_trip(draft: Path, reviewed: Path, open_ids: list[str],
                                                  tmp_path: Path) -> None:
    answered = tmp_path / "answered.docx"
    as_word_writes_it(reviewed, answered, {open_ids[0]: ("Jane Doe", "2026-01-15T09:30:00Z",
                                                         "Decision: risk accepted. Rationale: Pilot only.")})
    out = tmp_path / "lo"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out), str(answered)], check=True, capture_output=True,
                   timeout=180)
    answers = read_answers(out / "answered.docx")
    assert [(a.finding_id, a.decision, a.reviewer, a.rationale, a.date) for a in answers] == [
        (open_ids[0], "risk_accepted", "Jane Doe", "Pilot only.", "2026-01-15")]
