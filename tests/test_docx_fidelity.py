"""DOCX fidelity: automatic numbering, tracked changes, notes, comments,
text boxes and content controls, on real DOCX files built in tmp_path.

Each document is made with python-docx and then edited at the XML level
(lxml) the way Word writes these features.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from auditor.ingest import load_document
from auditor.ingest.docx_notes import TextBuilder, tracked_changes, RawChange
from auditor.ingest.docx_numbering import format_number
from auditor.ingest.normalize import normalize_text
from auditor.model import Block, Document, EXCLUDED
from auditor.segment import segment

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_NS = f'xmlns:w="{W}"'
NS = (
    f'{W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
DATE = "2024-05-01T10:00:00Z"


# --------------------------------------------------------------------------- building


def xml(fragment: str) -> etree._Element:
    from docx.oxml import parse_xml

    return parse_xml(fragment)


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(text: str, author: str = "Bob", date: str = DATE, cid: int = 1, tag: str = "ins") -> str:
    return f'<w:{tag} {W_NS} w:id="{cid}" w:author="{author}" w:date="{date}">{run(text)}</w:{tag}>'


def dele(text: str, author: str = "Alice", date: str = DATE, cid: int = 2) -> str:
    return (f'<w:del {W_NS} w:id="{cid}" w:author="{author}" w:date="{date}">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


def para(doc, *fragments: str, style: str | None = None):
    """A paragraph made of XML fragments (plain strings become runs)."""
    p = doc.add_paragraph(style=style)
    for f in fragments:
        p._p.append(xml(f if f.startswith("<") else f"<w:r {W_NS}><w:t xml:space=\"preserve\">{f}</w:t></w:r>"))
    return p


def numbered(p, num_id: int, ilvl: int | None = None):
    """Give paragraph ``p`` a direct w:numPr."""
    lvl = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    p._p.get_or_add_pPr().append(xml(f'<w:numPr {W_NS}>{lvl}<w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


LEGAL_LEVELS = (level(0, "decimal", "%1.", extra='<w:pStyle w:val="Heading1"/>')
                + level(1, "decimal", "%1.%2") + level(2, "lowerLetter", "(%3)") + level(3, "lowerRoman", "(%4)"))
NUMBERING = {
    "abstract": [
        f'<w:abstractNum {W_NS} w:abstractNumId="10">{LEGAL_LEVELS}</w:abstractNum>',
        f'<w:abstractNum {W_NS} w:abstractNumId="11">{level(0, "decimal", "Article %1")}</w:abstractNum>',
        f'<w:abstractNum {W_NS} w:abstractNumId="12">{level(0, "bullet", "•")}</w:abstractNum>',
        f'<w:abstractNum {W_NS} w:abstractNumId="13">{level(0, "upperRoman", "%1.")}'
        + level(1, "decimal", "%1.%2", extra='<w:lvlRestart w:val="0"/><w:isLgl/>') + "</w:abstractNum>",
    ],
    "num": [
        f'<w:num {W_NS} w:numId="20"><w:abstractNumId w:val="10"/></w:num>',
        f'<w:num {W_NS} w:numId="21"><w:abstractNumId w:val="10"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>',
        f'<w:num {W_NS} w:numId="22"><w:abstractNumId w:val="12"/></w:num>',
        f'<w:num {W_NS} w:numId="23"><w:abstractNumId w:val="11"/></w:num>',
        f'<w:num {W_NS} w:numId="24"><w:abstractNumId w:val="13"/></w:num>',
    ],
}


def patch_package(
    path: Path,
    *,
    numbering: dict[str, list[str]] | None = None,
    styles: Callable[[etree._Element], None] | None = None,
    parts: dict[str, tuple[str, str, str]] | None = None,
) -> Path:
    """Edit a saved DOCX in place: add numbering definitions, change
    styles.xml, add parts {name: (xml, content-type suffix, relationship)}."""
    with zipfile.ZipFile(path) as z:
        entries = {i.filename: z.read(i.filename) for i in z.infolist()}
    if numbering:
        root = etree.fromstring(entries["word/numbering.xml"])
        first_num = root.find(f"{{{W}}}num")
        for fragment in numbering["abstract"]:
            first_num.addprevious(etree.fromstring(fragment))
        for fragment in numbering["num"]:
            root.append(etree.fromstring(fragment))
        entries["word/numbering.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    if styles:
        root = etree.fromstring(entries["word/styles.xml"])
        styles(root)
        entries["word/styles.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    rels = etree.fromstring(entries["word/_rels/document.xml.rels"])
    types = etree.fromstring(entries["[Content_Types].xml"])
    for n, (name, (content, ctype, rel)) in enumerate((parts or {}).items()):
        entries[name] = content.encode()
        etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship",
                         Id=f"rIdT{n}", Type=REL + rel, Target=name.removeprefix("word/"))
        etree.SubElement(types, "{http://schemas.openxmlformats.org/package/2006/content-types}Override",
                         PartName="/" + name, ContentType=CT + ctype)
    entries["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
    entries["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def style_numbering(root: etree._Element) -> None:
    """Heading 1 numbered by list 20; "Article Heading" inherits list 23
    from its base style "Article Base"."""
    heading = root.find(f"{{{W}}}style[@{{{W}}}styleId='Heading1']")
    ppr = heading.find(f"{{{W}}}pPr")
    ppr.append(etree.fromstring(f'<w:numPr {W_NS}><w:numId w:val="20"/></w:numPr>'))
    root.append(etree.fromstring(
        f'<w:style {W_NS} w:type="paragraph" w:styleId="ArticleBase"><w:name w:val="Article Base"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="23"/></w:numPr></w:pPr>'
        "</w:style>"))
    root.append(etree.fromstring(
        f'<w:style {W_NS} w:type="paragraph" w:styleId="ArticleHeading"><w:name w:val="Article Heading"/>'
        '<w:basedOn w:val="ArticleBase"/></w:style>'))


def check(doc: Document) -> None:
    """The Document contract, with notes and annotations."""
    assert doc.text == "\n\n".join(b.text for b in doc.blocks)
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text and b.text.strip()
        assert b.kind in ("heading", "paragraph", "table_row", "footnote", "endnote")
        for c in b.changes:
            assert c.kind in ("insertion", "deletion") and b.start <= c.start <= c.end <= b.end
            if c.end > c.start:
                assert doc.text[c.start:c.end] == c.text


def load(path: Path, **kw: object) -> Document:
    doc = load_document(path, **kw)  # type: ignore[arg-type]
    check(doc)
    return doc


def block(doc: Document, needle: str) -> Block:
    found = [b for b in doc.blocks if needle in b.text]
    assert len(found) == 1, (needle, [b.text for b in doc.blocks])
    return found[0]


# --------------------------------------------------------------------------- numbering


def build_numbered(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("Definitions", 1)                                   # 1.
    numbered(d.add_paragraph("Batch means an asynchronous job."), 20, 1)      # 1.1
    numbered(d.add_paragraph("Inputs means prompts and files."), 20, 1)       # 1.2
    numbered(d.add_paragraph("prompts submitted by the Customer;"), 20, 2)    # (a)
    numbered(d.add_paragraph("files uploaded for batch jobs."), 20, 2)        # (b)
    d.add_heading("Services", 1)                                       # 2.
    numbered(d.add_paragraph("The Provider supplies the Services."), 20, 1)   # 2.1
    numbered(d.add_paragraph("real-time requests;"), 20, 2)                   # (a)
    numbered(d.add_paragraph("Data Retention", style="Heading 1"), 21, 0)     # 7. (startOverride)
    numbered(d.add_paragraph("Provider retains Inputs for 30 days."), 20, 1)  # 7.1
    numbered(d.add_paragraph("Retention applies as follows:"), 20, 1)         # 7.2
    numbered(d.add_paragraph("to synchronous requests;"), 20, 2)              # (a)
    numbered(d.add_paragraph("to batch requests, which are deleted within 30 days."), 20, 2)  # (b)
    numbered(d.add_paragraph("in the case of errors."), 20, 3)                # (i)
    numbered(d.add_paragraph("A bulleted remark."), 22, 0)                    # bullet
    numbered(d.add_paragraph("Roman one"), 24, 0)                             # I.
    numbered(d.add_paragraph("legal one"), 24, 1)                             # 1.1 (isLgl)
    numbered(d.add_paragraph("Roman two"), 24, 0)                             # II.
    numbered(d.add_paragraph("legal continues"), 24, 1)                       # 2.2 (lvlRestart 0)
    numbered(d.add_paragraph("Numbering switched off"), 0)                    # numId 0
    d.save(str(path))
    patch_package(path, numbering=NUMBERING, styles=style_numbering)
    # Style-inherited numbering needs the style to exist when python-docx writes it: add after.
    with zipfile.ZipFile(path) as z:
        entries = {i.filename: z.read(i.filename) for i in z.infolist()}
    body = etree.fromstring(entries["word/document.xml"])
    sect = body.find(f"{{{W}}}body/{{{W}}}sectPr")
    for text in ("Scope and Services", "Data Protection"):
        sect.addprevious(etree.fromstring(
            f'<w:p {W_NS}><w:pPr><w:pStyle w:val="ArticleHeading"/></w:pPr>{run(text)}</w:p>'))
    entries["word/document.xml"] = etree.tostring(body, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def test_automatic_numbering_labels(tmp_path: Path) -> None:
    doc = load(build_numbered(tmp_path / "numbered.docx"))
    labels = [(b.numbering, b.text) for b in doc.blocks]
    assert labels == [
        ("1.", "Definitions"),
        ("1.1", "Batch means an asynchronous job."),
        ("1.2", "Inputs means prompts and files."),
        ("(a)", "prompts submitted by the Customer;"),
        ("(b)", "files uploaded for batch jobs."),
        ("2.", "Services"),
        ("2.1", "The Provider supplies the Services."),
        ("(a)", "real-time requests;"),
        ("7.", "Data Retention"),
        ("7.1", "Provider retains Inputs for 30 days."),
        ("7.2", "Retention applies as follows:"),
        ("(a)", "to synchronous requests;"),
        ("(b)", "to batch requests, which are deleted within 30 days."),
        ("(i)", "in the case of errors."),
        (None, "A bulleted remark."),
        ("I.", "Roman one"),
        ("1.1", "legal one"),
        ("II.", "Roman two"),
        ("2.2", "legal continues"),
        (None, "Numbering switched off"),
        ("Article 1", "Scope and Services"),
        ("Article 2", "Data Protection"),
    ]
    # Word-numbered headings are still headings; list paragraphs keep their level.
    assert (doc.blocks[0].kind, doc.blocks[0].level) == ("heading", 1)
    assert block(doc, "Data Retention").kind == "heading"
    assert (block(doc, "Batch means").kind, block(doc, "Batch means").level) == ("paragraph", 2)
    assert block(doc, "Scope and Services").style == "Article Heading"


def test_numbering_feeds_segment_sections(tmp_path: Path) -> None:
    doc = load(build_numbered(tmp_path / "numbered.docx"))
    sections = {c.text: c.section for c in segment(doc).clauses}
    assert sections["Batch means an asynchronous job."] == "1.1"
    assert sections["files uploaded for batch jobs."] == "1.2(b)"
    assert sections["real-time requests;"] == "2.1(a)"
    assert sections["to batch requests, which are deleted within 30 days."] == "7.2(b)"
    assert sections["in the case of errors."] == "7.2(b)(i)"
    assert sections["Data Protection"] == "Article 2"


def test_number_formats() -> None:
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 40)] == ["IV", "IX", "XIV", "XL"]
    assert format_number(3, "lowerRoman") == "iii" and format_number(2, "upperLetter") == "B"
    assert format_number(5, "decimalZero") == "05" and format_number(22, "ordinal") == "22nd"
    assert format_number(4, "none") == "" and format_number(4, "someNewFormat") == "4"


# --------------------------------------------------------------------------- tracked changes


def build_tracked(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("7.1 Provider retains Inputs for thirty (30) days.")
    para(d, "The Supplier shall ", ins("not "), dele("always ", cid=2), "retain batch inputs.")
    para(d, "Outputs are deleted", ins(" \ufb01nal  batch\u00a0jobs", author="Carol", cid=3), " promptly.")
    para(d, "Logs are kept", ins(" and moved here", author="Dan", cid=4, tag="moveTo"), ".",
         f'<w:moveFrom {W_NS} w:id="5" w:author="Dan" w:date="{DATE}">{run(" OLD PLACE")}</w:moveFrom>')
    para(d, ins("A wholly inserted clause about batch.", author="Eve", cid=6))
    d.save(str(path))
    return path


def test_accepted_and_original_views(tmp_path: Path) -> None:
    path = build_tracked(tmp_path / "tracked.docx")
    acc, org = load(path), load(path, view="original")
    assert (acc.view, org.view) == ("accepted", "original")
    assert [b.text for b in acc.blocks] == [
        "7.1 Provider retains Inputs for thirty (30) days.",
        "The Supplier shall not retain batch inputs.",
        "Outputs are deleted final batch jobs promptly.",
        "Logs are kept and moved here.",
        "A wholly inserted clause about batch.",
    ]
    assert [b.text for b in org.blocks] == [
        "7.1 Provider retains Inputs for thirty (30) days.",
        "The Supplier shall always retain batch inputs.",
        "Outputs are deleted promptly.",
        "Logs are kept. OLD PLACE",
    ]


def test_changes_carry_metadata_and_exact_offsets(tmp_path: Path) -> None:
    path = build_tracked(tmp_path / "tracked.docx")
    acc = load(path)
    shall = block(acc, "The Supplier shall")
    inserted, deleted = shall.changes
    assert (inserted.kind, inserted.author, inserted.date, inserted.text) == ("insertion", "Bob", DATE, "not")
    assert acc.text[inserted.start:inserted.end] == "not"
    assert (deleted.kind, deleted.author, deleted.text) == ("deletion", "Alice", "always")
    assert deleted.start == deleted.end == acc.text.index("retain batch inputs")
    # Ligature, double space and no-break space normalised: offsets still exact.
    final = block(acc, "Outputs are deleted").changes[0]
    assert (final.author, final.text) == ("Carol", "final batch jobs")
    assert acc.text[final.start:final.end] == "final batch jobs"
    moved = block(acc, "Logs are kept").changes
    assert [(c.kind, c.text, c.start == c.end) for c in moved] == [
        ("insertion", "and moved here", False), ("deletion", "OLD PLACE", True)]
    assert block(acc, "wholly inserted").changes[0].text == "A wholly inserted clause about batch."
    assert block(acc, "7.1 Provider").changes == ()

    org = load(path, view="original")
    shall = block(org, "The Supplier shall")
    deleted, inserted = sorted(shall.changes, key=lambda c: c.kind)
    assert deleted.text == "always" and org.text[deleted.start:deleted.end] == "always"
    assert inserted.text == "not" and inserted.start == inserted.end
    # The wholly inserted paragraph is absent from the original: its change
    # is kept, empty, where it would be (end of the previous block).
    last = org.blocks[-1]
    eve = [c for c in last.changes if c.author == "Eve"]
    assert eve and eve[0].start == eve[0].end == last.end and eve[0].text.startswith("A wholly inserted")


def test_changes_in_table_cells_and_content_controls(tmp_path: Path) -> None:
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Data", "Retention"
    table.cell(1, 0).text = "Batch outputs"
    cell = table.cell(1, 1).paragraphs[0]
    for f in ("30 days", ins(" or less", cid=7)):
        cell._p.append(xml(f if f.startswith("<") else f"<w:r {W_NS}><w:t>{f}</w:t></w:r>"))
    holder = d.add_paragraph()
    holder._p.addprevious(xml(
        f'<w:sdt {W_NS}><w:sdtPr><w:alias w:val="Clause"/></w:sdtPr><w:sdtContent><w:p>{run("Batch is ")}'
        f'<w:sdt><w:sdtContent>{run("in scope")}</w:sdtContent></w:sdt>'
        f'<w:del w:id="8" w:author="Fay" w:date="{DATE}"><w:r><w:delText> unless agreed</w:delText></w:r></w:del>'
        f"{run('.')}</w:p></w:sdtContent></w:sdt>"))
    holder._p.getparent().remove(holder._p)
    path = tmp_path / "cells.docx"
    d.save(str(path))
    doc = load(path)
    row = block(doc, "Batch outputs")
    assert row.cells == ("Batch outputs", "30 days or less") and row.source == "table 1, row 2"
    (c,) = row.changes
    assert c.text == "or less" and doc.text[c.start:c.end] == "or less"
    sdt = block(doc, "Batch is in scope.")
    assert [(c.kind, c.author, c.text, c.start == c.end) for c in sdt.changes] == [
        ("deletion", "Fay", "unless agreed", True)]
    assert block(load(path, view="original"), "Batch is").text == "Batch is in scope unless agreed."


def test_numbering_follows_the_view(tmp_path: Path) -> None:
    """A numbered paragraph deleted with its paragraph mark takes no number
    in the accepted view; an inserted one takes none in the original."""
    d = docx.Document()
    numbered(d.add_paragraph("Inputs are retained for 30 days."), 20, 1)
    gone = numbered(para(d, dele("Batch inputs are retained for 90 days.", cid=12)), 20, 1)
    gone._p.get_or_add_pPr().append(xml(
        f'<w:rPr {W_NS}><w:del w:id="13" w:author="Alice" w:date="{DATE}"/></w:rPr>'))
    added = numbered(para(d, ins("Batch outputs are retained for 30 days.", cid=14)), 20, 1)
    added._p.get_or_add_pPr().append(xml(
        f'<w:rPr {W_NS}><w:ins w:id="15" w:author="Bob" w:date="{DATE}"/></w:rPr>'))
    numbered(d.add_paragraph("Logs are retained for 7 days."), 20, 1)
    path = tmp_path / "renumbered.docx"
    d.save(str(path))
    patch_package(path, numbering=NUMBERING)
    # Level 0 is never used: "%1" shows its start value.
    assert [(b.numbering, b.text[:12]) for b in load(path).blocks] == [
        ("1.1", "Inputs are r"), ("1.2", "Batch output"), ("1.3", "Logs are ret")]
    assert [(b.numbering, b.text[:12]) for b in load(path, view="original").blocks] == [
        ("1.1", "Inputs are r"), ("1.2", "Batch inputs"), ("1.3", "Logs are ret")]


def test_unknown_view_is_rejected(tmp_path: Path) -> None:
    path = build_tracked(tmp_path / "tracked.docx")
    with pytest.raises(ValueError):
        load_document(path, view="final")


# --------------------------------------------------------------------------- notes, comments, boxes


def notes_part(kind: str, notes: dict[int, str]) -> str:
    body = "".join(
        f'<w:{kind} w:id="{n}"><w:p><w:r><w:{kind}Ref/></w:r>{run(" " + text)}</w:p></w:{kind}>'
        for n, text in notes.items())
    return (f'<w:{kind}s {W_NS}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
            f'{run("SEPARATOR")}</w:p></w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            f"<w:continuationSeparator/></w:r></w:p></w:{kind}>{body}</w:{kind}s>")


def text_box(text: str) -> str:
    content = f"<w:txbxContent><w:p>{run(text)}</w:p></w:txbxContent>"
    return (f"<w:r {NS}><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
            '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
            f"{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>")


def build_annotated(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("7.2 Provider deletes Outputs within 30 days.")
    cited = para(d, "7.3 Provider does not use Inputs for training.",
                 f'<w:r {W_NS}><w:footnoteReference w:id="1"/></w:r>')
    cited.add_run(" Logs are kept for audit.")
    d.add_comment(cited.runs[-1], text="Does this cover batch logs?", author="Reviewer")
    para(d, f'<w:commentRangeStart {W_NS} w:id="9"/>', "7.4 Subprocessors are listed in Annex 2.",
         f'<w:commentRangeEnd {W_NS} w:id="9"/>', f'<w:r {W_NS}><w:endnoteReference w:id="1"/></w:r>')
    para(d, "7.5 Security measures apply.", text_box("Batch outputs are kept for 90 days."))
    para(d, f'<w:r {NS}><w:pict><v:shape><v:textbox><w:txbxContent><w:p>{run("Legacy box text.")}</w:p>'
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    d.add_paragraph("8. Term")
    d.save(str(path))
    comments = (f'<w:comments {W_NS}><w:comment w:id="9" w:author="Counsel" w:date="{DATE}"><w:p>'
                f'{run("Annex 2 is out of date.")}</w:p></w:comment></w:comments>')
    # python-docx already wrote comments.xml (for "Reviewer"); merge ours into it.
    with zipfile.ZipFile(path) as z:
        existing = etree.fromstring(z.read("word/comments.xml"))
    existing.append(etree.fromstring(comments)[0])
    with zipfile.ZipFile(path) as z:
        entries = {i.filename: z.read(i.filename) for i in z.infolist()}
    entries["word/comments.xml"] = etree.tostring(existing)
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return patch_package(path, parts={
        "word/footnotes.xml": (notes_part("footnote", {1: "This Section does not apply to batch jobs."}),
                               "footnotes+xml", "footnotes"),
        "word/endnotes.xml": (notes_part("endnote", {1: "Annex 2 may change on notice."}), "endnotes+xml", "endnotes"),
    })


def test_footnote_follows_its_paragraph(tmp_path: Path) -> None:
    doc = load(build_annotated(tmp_path / "notes.docx"))
    assert doc.warnings == ()
    cited = block(doc, "7.3 Provider does not use Inputs")
    note = doc.blocks[doc.blocks.index(cited) + 1]
    assert (note.kind, note.text) == ("footnote", "This Section does not apply to batch jobs.")
    assert note.source == f"footnote 1 ({cited.source})" and cited.source == "paragraph 2"
    end = doc.blocks[doc.blocks.index(block(doc, "7.4 Subprocessors")) + 1]
    assert (end.kind, end.text, end.source) == ("endnote", "Annex 2 may change on notice.", "endnote 1 (paragraph 3)")
    assert "SEPARATOR" not in doc.text
    by_text = {c.text: c for c in segment(doc).clauses}
    assert by_text["This Section does not apply to batch jobs."].section == "7.3"


def test_comments_attached_not_text(tmp_path: Path) -> None:
    doc = load(build_annotated(tmp_path / "notes.docx"))
    assert block(doc, "7.3 Provider").comments == ("Reviewer: Does this cover batch logs?",)
    assert block(doc, "7.4 Subprocessors").comments == ("Counsel: Annex 2 is out of date.",)
    assert "cover batch logs" not in doc.text and "out of date" not in doc.text
    assert sum(len(b.comments) for b in doc.blocks) == 2


def test_text_boxes_read_once_at_anchor(tmp_path: Path) -> None:
    doc = load(build_annotated(tmp_path / "notes.docx"))
    assert doc.text.count("Batch outputs are kept for 90 days.") == 1
    anchor = block(doc, "7.5 Security")
    boxed = doc.blocks[doc.blocks.index(anchor) + 1]
    assert boxed.text == "Batch outputs are kept for 90 days."
    assert boxed.source == "text box 1, paragraph 1 (paragraph 4)"
    legacy = block(doc, "Legacy box text.")
    assert legacy.source == "text box 2, paragraph 1 (paragraph 5)"
    assert doc.blocks[-1].text == "8. Term"
    assert not any("not read" in w for w in doc.warnings)


# --------------------------------------------------------------------------- normaliser bookkeeping

_PIECE = st.text(alphabet=st.sampled_from(list("ab .\t\u00a0\u00ad\ufb01\u200b\n")), max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_PIECE, st.booleans()), max_size=8))
def test_builder_matches_shared_normaliser(pieces: list[tuple[str, bool]]) -> None:
    out = TextBuilder()
    changes: list[RawChange] = []
    for text, tracked in pieces:
        if tracked:
            changes.append(RawChange("insertion", "X", "", [text]))
            out.mark(len(changes) - 1)
            out.add(text, (len(changes) - 1,))
        else:
            out.add(text)
    norm = out.normalized()
    assert norm.text == normalize_text("".join(t for t, _ in pieces))
    for c in tracked_changes(norm, changes):
        assert 0 <= c.start <= c.end <= len(norm.text)
        if c.end > c.start:
            assert norm.text[c.start:c.end] == c.text


# --------------------------------------------------------------------------- end to end


def test_tracked_insertion_changes_the_retention_verdict(tmp_path: Path, ruleset) -> None:
    from auditor.pipeline import audit_document, audit_path
    from auditor.rules import load_ruleset

    rules = ruleset if ruleset is not None else load_ruleset()
    d = docx.Document()
    d.add_heading("Data Retention", 1)
    para(d, "7.1 Provider will retain Inputs and Outputs for no longer than thirty (30) days, whether they are "
            "submitted synchronously or through the Batch API.",
         ins(" Zero data retention does not apply to batch requests.", author="Vendor Counsel", cid=11))
    path = tmp_path / "e2e.docx"
    d.save(str(path))

    accepted = audit_path(path, rules)
    assert accepted.topics["retention"] == EXCLUDED
    original = audit_document(load_document(path, view="original"), rules)
    assert original.topics["retention"] != EXCLUDED
    finding = next(f for f in accepted.findings if f.topic == "retention")
    pending = [c for e in finding.evidence for c in e.changes]
    assert any(c.author == "Vendor Counsel" and "batch requests" in c.text for c in pending)
