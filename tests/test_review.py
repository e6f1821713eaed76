"""Lawyer review and sign-off: decisions file, sign-off, carry-over, Word comments, draft diff.

Everything starts from a copy of ``samples/draft-ai-services-agreement.docx``
in tmp_path. Expectations are computed from a live audit (which findings are
open, where their evidence is) rather than hard-coded, so rule edits that
move a status do not break these tests for the wrong reason.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from lxml import etree

from auditor.cli.files import save_decisions
from auditor.model import COVERED, Evidence, Finding
from auditor.pipeline import audit_path
from auditor.report.annotate_docx import normalise, paragraph_text
from auditor.review.carry import resolve
from auditor.review.decisions import Decision, DecisionsError, DecisionsFile, load_decisions

from conftest import cli

ROOT = Path(__file__).resolve().parents[1]
HALCYON = ROOT / "fixtures" / "corpus" / "ai-services-agreement-halcyon.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REVIEWERS = {"risk_accepted": ("Priya Raman", "Senior Counsel, Technology"),
             "false_positive": ("Tom Okafor", "Associate, Technology"),
             "resolved_in_draft": ("Ana Lima", "General Counsel")}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def set_decision(path: Path, fid: str, decision: str | None, reviewer: str | None = "Priya Raman",
                 role: str | None = "Senior Counsel", date: str = "2025-03-20",
                 rationale: str = "Reviewed against the outsourcing policy.") -> None:
    """Edit the YAML text the way a lawyer would: fill the fields under the finding's key."""
    lines = path.read_text().splitlines()
    start = lines.index(f"  {fid}:")
    values = {"decision": decision, "reviewer": reviewer, "role": role, "date": date, "rationale": rationale}
    for i in range(start + 1, len(lines)):
        if not lines[i].startswith("    "):
            break
        key = lines[i].strip().split(":", 1)[0]
        if key in values and lines[i].startswith(f"    {key}:"):
            value = values.pop(key)
            lines[i] = f"    {key}: {value}" if value else f"    {key}:"
    path.write_text("\n".join(lines) + "\n")


def decide_all(path: Path, ids: list[str], decision: str = "risk_accepted") -> None:
    for fid in ids:
        who, role = REVIEWERS.get(decision, ("Priya Raman", "Senior Counsel"))
        set_decision(path, fid, decision, who, role, rationale=f"Accepted for {fid} after review.")


def reviewed(draft: Path) -> Path:
    result = cli("review", str(draft))
    assert result.exit_code == 0, result.output
    return draft.with_name(draft.stem + ".decisions.yaml")


# --------------------------------------------------------------------------- review


def test_review_creates_decisions_file(draft: Path, open_ids: list[str]) -> None:
    path = reviewed(draft)
    text = path.read_text()
    for value in ("amendment_requested", "risk_accepted", "false_positive", "resolved_in_draft"):
        assert value in text.split("schema_version")[0], "the comments explain the allowed values"
    data = yaml.safe_load(text)
    assert list(data["findings"]) == open_ids
    entry = data["findings"][open_ids[0]]
    assert entry["decision"] is None and entry["reviewer"] is None
    assert entry["document_sha256"] == sha(draft)
    assert entry["fingerprint"] and entry["status"] and entry["topic"] and entry["explanation"]
    assert not path.with_name(path.name + ".bak").exists()


def test_signoff_open_until_decided_then_signed_off(draft: Path, open_ids: list[str]) -> None:
    path = reviewed(draft)
    result = cli("signoff", str(draft))
    assert result.exit_code == 1
    assert "NOT SIGNED OFF" in result.output
    for fid in open_ids:
        assert f"({fid})" in result.output and "no decision recorded" in result.output

    decide_all(path, open_ids)
    result = cli("signoff", str(draft))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "## Overall state: **SIGNED OFF**" in out
    assert sha(draft) in out and "Rule set SHA-256" in out and "Auditor version" in out
    assert "2025-03-21T00:00:00Z" in out  # SOURCE_DATE_EPOCH
    assert "Priya Raman (Senior Counsel, Technology), 2025-03-20" in out
    assert f"Accepted for {open_ids[0]} after review." in out
    for n in (1, 2, 3):
        assert f"### Checklist item {n}:" in out


def test_amendment_requested_keeps_it_open(draft: Path, open_ids: list[str]) -> None:
    path = reviewed(draft)
    decide_all(path, open_ids)
    set_decision(path, open_ids[-1], "amendment_requested", rationale="Provider to delete the carve-out.")
    result = cli("signoff", str(draft))
    assert result.exit_code == 1
    assert "NOT SIGNED OFF" in result.output
    remaining = result.output.split("Remaining open:")[1].split("###")[0]
    assert f"({open_ids[-1]})" in remaining and "amendment requested by Priya Raman" in remaining
    assert all(f"({fid})" not in remaining for fid in open_ids[:-1])


def test_decision_needs_a_named_reviewer(draft: Path, open_ids: list[str]) -> None:
    path = reviewed(draft)
    decide_all(path, open_ids)
    set_decision(path, open_ids[0], "risk_accepted", reviewer=None)
    result = cli("signoff", str(draft))
    assert result.exit_code == 1
    assert "has no named reviewer" in result.output


@pytest.mark.parametrize("bad, expected", [
    ("decision: aproved", "decision 'aproved' is not one of amendment_requested, risk_accepted, "
                          "false_positive, resolved_in_draft"),
    ("date: 2025-13-45", "date '2025-13-45' is not a valid date"),
    ("reviewr: Priya", "unknown key 'reviewr'; did you mean 'reviewer'?"),
])
def test_validation_errors_name_file_and_line(draft: Path, open_ids: list[str], bad: str, expected: str) -> None:
    path = reviewed(draft)
    lines = path.read_text().splitlines()
    key = bad.split(":")[0]
    at = lines.index(f"  {open_ids[0]}:") + 1
    if key == "reviewr":
        lines.insert(at, f"    {bad}")
    else:
        at = next(i for i in range(at, len(lines)) if lines[i].startswith(f"    {key}:"))
        lines[at] = f"    {bad}"
    path.write_text("\n".join(lines) + "\n")
    for command in ("signoff", "review"):
        result = cli(command, str(draft))
        assert result.exit_code == 2, result.output
        hits = [ln for ln in result.output.splitlines() if ln.startswith(f"error: {path}: line {at + 1}: ")]
        assert len(hits) == 1 and expected in hits[0], result.output


def test_invalid_yaml_and_missing_decisions_file(draft: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("findings:\n  retention/excluded: [\n")
    result = cli("signoff", str(draft), "--decisions", str(broken))
    assert result.exit_code == 2 and re.search(r"broken\.yaml: line \d+: not valid YAML", result.output)
    result = cli("signoff", str(draft), "--decisions", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 2 and "not found" in result.output


def test_rerunning_review_keeps_decisions(draft: Path, open_ids: list[str]) -> None:
    path = reviewed(draft)
    decide_all(path, open_ids)
    before = path.read_text()
    result = cli("review", str(draft))
    assert result.exit_code == 0 and "up to date" in result.output
    assert path.read_text() == before

    # Remove one entry: review adds it back blank, every decision stays, the old file is kept as .bak.
    lines = before.splitlines()
    start = lines.index(f"  {open_ids[0]}:")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  ") and not
                lines[i].startswith("    ")), len(lines))
    path.write_text("\n".join(lines[:start] + lines[end:]) + "\n")
    edited = path.read_text()
    assert cli("review", str(draft)).exit_code == 0
    data = load_decisions(path)
    assert data.entries[open_ids[0]].decision is None
    assert all(data.entries[f].decision == "risk_accepted" for f in open_ids[1:])
    assert path.with_name(path.name + ".bak").read_text() == edited


def test_save_refuses_a_file_changed_since_read(tmp_path: Path) -> None:
    path = tmp_path / "d.decisions.yaml"
    dfile = DecisionsFile(str(path), entries={"audit/missing": Decision("audit/missing")})
    assert save_decisions(dfile)
    loaded = load_decisions(path)
    path.write_text(path.read_text() + "# someone else's edit\n")
    with pytest.raises(DecisionsError, match="changed on disk"):
        save_decisions(loaded)


def test_interactive_review(draft: Path, open_ids: list[str]) -> None:
    answers = ""
    for n, _ in enumerate(open_ids):
        answers += "risk_accepted\n" + ("Priya Raman\nSenior Counsel\n" if n == 0 else "\n\n")
        answers += f"Reason {n}\n\n"
    result = cli("review", str(draft), "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    data = load_decisions(draft.with_name("draft.decisions.yaml"))
    for n, fid in enumerate(open_ids):
        entry = data.entries[fid]
        assert (entry.decision, entry.reviewer, entry.role, entry.date, entry.rationale) == (
            "risk_accepted", "Priya Raman", "Senior Counsel", "2025-03-21", f"Reason {n}")
    assert cli("signoff", str(draft)).exit_code == 0


# --------------------------------------------------------------------------- carry-over


def edited_draft(src: Path, dst: Path, quote: str) -> None:
    """Copy ``src`` with one word inserted into the paragraph holding ``quote``."""
    document = docx.Document(str(src))
    target = normalise(quote)
    for p in document.paragraphs:
        if target in normalise(p.text):
            run = next((r for r in p.runs if " shall " in r.text), None)
            if run is not None:
                run.text = run.text.replace(" shall ", " shall promptly ", 1)
            else:
                p.runs[0].text = p.text.replace(" shall ", " shall promptly ", 1)
                for r in p.runs[1:]:
                    r.text = ""
            document.save(str(dst))
            return
    raise AssertionError(f"no paragraph holds {quote!r}")


@pytest.fixture()
def second_draft(draft: Path, report, ruleset, open_ids):
    """A new draft where ONE decided clause changed; returns (path, changed finding id)."""
    candidates = [f for f in report.findings if f.status != COVERED and f.evidence and " shall " in f.evidence[0].text]
    assert candidates, "need an open finding resting on a 'shall' clause"
    chosen = next((f for f in candidates if f.topic == "deletion"), candidates[0])
    new = draft.with_name("draft-v2.docx")
    edited_draft(draft, new, chosen.evidence[0].text)
    new_report = audit_path(new, ruleset)
    old_by_topic = {f.topic: f for f in report.findings}
    for f in new_report.findings:
        old = old_by_topic[f.topic]
        assert f.status == old.status, f"the edit must not change statuses ({f.topic})"
        assert (f.fingerprint == old.fingerprint) == (f.topic != chosen.topic), f"only {chosen.topic} may change"
    return new, chosen.id


def test_changed_clause_reopens_only_its_decision(draft: Path, open_ids: list[str], second_draft, tmp_path) -> None:
    path = reviewed(draft)
    decide_all(path, open_ids)
    new, changed = second_draft
    out = tmp_path / "signoff.json"
    result = cli("signoff", str(new), "--decisions", str(path), "-o", str(out))
    assert result.exit_code == 1
    data = json.loads(out.read_text())
    assert data["state"] == "not signed off" and data["document"]["sha256"] == sha(new)
    reopened = [t for t in data["topics"] if t["reopened"]]
    assert [t["finding"]["id"] for t in reopened] == [changed]
    assert reopened[0]["reason"] == "reopened: the clause it rested on changed"
    carried = [t for t in data["topics"] if t["carried_over"]]
    assert sorted(t["finding"]["id"] for t in carried) == sorted(set(open_ids) - {changed})
    assert all(t["decision"]["document_sha256"] == sha(draft) for t in carried)

    md = cli("signoff", str(new), "--decisions", str(path)).output
    assert md.count("reopened: the clause it rested on changed") >= 1
    assert "Carried over from an earlier version" in md

    # review on the new draft keeps the carried decisions and asks again for the changed one.
    assert cli("review", str(new), "--decisions", str(path)).exit_code == 0
    entries = load_decisions(path).entries
    assert entries[changed].decision is None and entries[changed].previous[0].decision == "risk_accepted"
    assert all(entries[f].decision == "risk_accepted" for f in open_ids if f != changed)


def test_resolve_rules() -> None:
    ev = (Evidence("Provider shall retain data.", "commitment", "9.1", None, 0, 10),)
    finding = Finding("retention", "retention", "partial", "high", 2, "t", "e", "r", ev,
                      id="retention/partial", fingerprint="abc")
    entry = Decision("retention/partial", decision="risk_accepted", reviewer="A", fingerprint="abc",
                     document_sha256="old", topic="retention", status="partial")
    dfile = DecisionsFile("d.yaml", entries={entry.finding_id: entry})
    assert resolve(finding, dfile, "old").applies and not resolve(finding, dfile, "old").carried_over
    assert resolve(finding, dfile, "new").carried_over
    moved = Finding("retention", "retention", "partial", "high", 2, "t", "e", "r", ev,
                    id="retention/partial", fingerprint="xyz")
    assert resolve(moved, dfile, "new").note == "reopened: the clause it rested on changed"
    other = Finding("retention", "retention", "excluded", "high", 2, "t", "e", "r", ev,
                    id="retention/excluded", fingerprint="abc")
    res = resolve(other, dfile, "new")
    assert res.reopened and not res.applies and "finding changed from partial to excluded" in res.note


# --------------------------------------------------------------------------- other documents


def test_covered_document_signs_off_without_decisions(tmp_path: Path) -> None:
    target = tmp_path / "halcyon.docx"
    shutil.copy(HALCYON, target)
    result = cli("signoff", str(target))
    assert result.exit_code == 0 and "**SIGNED OFF**" in result.output


def test_not_assessable_is_never_signed_off(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = cli("signoff", str(empty))
    assert result.exit_code == 2
    assert "NOT SIGNED OFF" in result.output and "could not be assessed" in result.output
    assert cli("signoff", str(tmp_path / "absent.docx")).exit_code == 2


def test_docx_and_html_signoff(draft: Path, open_ids: list[str], tmp_path: Path) -> None:
    decide_all(reviewed(draft), open_ids)
    out = tmp_path / "signoff.docx"
    assert cli("signoff", str(draft), "-o", str(out)).exit_code == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    cells = "\n".join(c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells)
    assert "Overall state: SIGNED OFF" in text and "Priya Raman" in text
    assert sha(draft) in cells
    html = tmp_path / "signoff.html"
    assert cli("signoff", str(draft), "-o", str(html)).exit_code == 0
    page = html.read_text()
    assert "<script" not in page and "Overall state: SIGNED OFF" in page
    assert cli("signoff", str(draft), "-o", str(tmp_path / "x.pdf")).exit_code == 2


# --------------------------------------------------------------------------- annotate


def comment_anchors(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """comment id -> comment text, and comment id -> text of the paragraph it is anchored on."""
    with zipfile.ZipFile(path) as z:
        comments = etree.fromstring(z.read("word/comments.xml"))
        document = etree.fromstring(z.read("word/document.xml"))
    texts = {c.get(w("id")): "".join(c.itertext()) for c in comments.iter(w("comment"))}
    anchors: dict[str, str] = {}
    for start in document.iter(w("commentRangeStart")):
        p = start.getparent()
        cid = start.get(w("id"))
        assert p.tag == w("p")
        assert p.find(f".//{w('commentRangeEnd')}[@{w('id')}='{cid}']") is not None
        assert p.find(f".//{w('commentReference')}[@{w('id')}='{cid}']") is not None
        anchors[cid] = paragraph_text(p)
    return texts, anchors


def add_tracked_changes(src: Path, dst: Path) -> None:
    """Copy ``src`` with a pending insertion and deletion in a paragraph no finding rests on."""
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    xml = parts["word/document.xml"].decode()
    marker = "The Supplier shall not increase the Charges during the initial term."
    assert marker in xml
    change = (f'</w:t></w:r><w:ins w:id="9001" w:author="Bob" w:date="2025-03-01T10:00:00Z"><w:r><w:t xml:space="preserve">'
              f' save as agreed in writing</w:t></w:r></w:ins><w:del w:id="9002" w:author="Alice" '
              f'w:date="2025-03-01T10:00:00Z"><w:r><w:delText xml:space="preserve"> (old text)</w:delText></w:r>'
              f'</w:del><w:r><w:t xml:space="preserve">')
    parts["word/document.xml"] = xml.replace(marker, marker[:-1] + change + ".", 1).encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def strip_comments(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for el in list(root.iter(w(tag))):
            el.getparent().remove(el)
    for ref in list(root.iter(w("commentReference"))):
        run = ref.getparent()
        run.getparent().remove(run)
    return etree.tostring(root, method="c14n")


def test_annotate_one_comment_per_finding_on_its_paragraph(draft: Path, report, tmp_path: Path) -> None:
    tracked = tmp_path / "tracked.docx"
    add_tracked_changes(draft, tracked)
    before = sha(tracked)
    out = tmp_path / "tracked.reviewed.docx"
    result = cli("annotate", str(tracked), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sha(tracked) == before, "the original is untouched"
    document = docx.Document(str(out))  # opens in python-docx
    open_findings = [f for f in report.findings if f.status != COVERED]
    assert len(list(document.comments)) == len(open_findings)
    texts, anchors = comment_anchors(out)
    assert sorted(texts) == sorted(anchors)
    for finding in open_findings:
        cids = [cid for cid, text in texts.items() if f"({finding.id})" in text]
        assert len(cids) == 1, finding.id
        assert finding.explanation[:60] in texts[cids[0]]
        assert normalise(finding.evidence[0].text) in normalise(anchors[cids[0]])
    with zipfile.ZipFile(tracked) as a, zipfile.ZipFile(out) as b:
        changed = {"word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
        for name in a.namelist():
            if name not in changed:
                assert a.read(name) == b.read(name), f"{name} must be byte-for-byte the same"
        assert a.read("word/numbering.xml") == b.read("word/numbering.xml")
        assert strip_comments(a.read("word/document.xml")) == strip_comments(b.read("word/document.xml"))
        new_doc = b.read("word/document.xml").decode()
        assert 'w:author="Bob"' in new_doc and "(old text)" in new_doc
        assert "relationships/comments" in b.read("word/_rels/document.xml.rels").decode()
        assert "/word/comments.xml" in b.read("[Content_Types].xml").decode()


def test_annotate_all_and_missing_anchor_on_heading(tmp_path: Path, ruleset) -> None:
    d = docx.Document()
    d.add_paragraph("Pilot Services Agreement", style="Title")
    d.add_heading("1. Data protection", level=1)
    d.add_paragraph("1.1 Provider shall protect Customer Data with appropriate technical and organisational "
                    "measures, including for batch processing.")
    d.add_heading("2. Retention of records", level=1)
    d.add_paragraph("2.1 The parties shall keep invoices for six years.")
    src = tmp_path / "pilot.docx"
    d.save(str(src))
    rep = audit_path(src, ruleset)
    statuses = {f.topic: f.status for f in rep.findings}
    assert statuses["retention"] == "missing" and statuses["audit"] == "missing"
    out = tmp_path / "pilot.reviewed.docx"
    assert cli("annotate", str(src), "--all", "-o", str(out)).exit_code == 0
    texts, anchors = comment_anchors(out)
    assert len(texts) == len(rep.findings)
    by_id = {f.id: anchors[cid] for f in rep.findings for cid, t in texts.items() if f"({f.id})" in t}
    assert by_id["retention/missing"] == "2. Retention of records"
    assert by_id["audit/missing"] == "Pilot Services Agreement"


def test_annotate_refuses_non_docx(tmp_path: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text("Provider shall protect Customer Data.")
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    for path in (text, fake):
        result = cli("annotate", str(path))
        assert result.exit_code == 2 and "error" in result.output


# --------------------------------------------------------------------------- diff


def test_diff_classifications_and_exit_codes(draft: Path, report, open_ids: list[str], second_draft,
                                              tmp_path: Path) -> None:
    new, changed = second_draft
    result = cli("diff", str(draft), str(draft))
    assert result.exit_code == 0 and "unchanged" in result.output and "new gap" not in result.output

    path = reviewed(draft)
    decide_all(path, open_ids)
    result = cli("diff", str(draft), str(new), "--format", "json", "--decisions", str(path))
    assert result.exit_code == 0
    topics = {t["new_finding_id"]: t for t in json.loads(result.output)["topics"]}
    assert topics[changed]["kind"] == "evidence changed" and topics[changed]["decision"] == "reopened"
    for fid in set(open_ids) - {changed}:
        assert topics[fid]["kind"] == "unchanged" and topics[fid]["decision"] == "carried over"

    covered = tmp_path / "halcyon.docx"
    shutil.copy(HALCYON, covered)
    worse = cli("diff", str(covered), str(draft), "--format", "json")
    assert worse.exit_code == 1
    kinds = {t["topic"]: t["kind"] for t in json.loads(worse.output)["topics"]}
    assert {kinds[f.topic] for f in report.findings if f.status != COVERED} == {"new gap"}
    better = cli("diff", str(draft), str(covered), "--format", "md")
    assert better.exit_code == 0 and "**gap closed**" in better.output


def test_help_stays_light() -> None:
    code = ("import sys, auditor.cli; heavy = [m for m in ('spacy', 'pdfplumber', 'docx', 'lxml', 'jinja2') "
            "if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
