"""``auditor portfolio``: the CSV, the XLSX (read back with openpyxl) and the HTML dashboard (as headless
Chromium builds it) all say what the JSON Lines say; the bytes are deterministic but for the generation time;
each agreement's report is the audit's own HTML report."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.register import Register
from auditor.register.portfolio import GAP_ORDER, build_portfolio
from auditor.report.common import status_label
from auditor.report.portfolio import matrix_header

from browser import chromium, render_in_chromium, visible_text  # noqa: F401 (fixture)
from conftest import EPOCH, cli
from test_register import make_catalogue

OUTPUTS = ("portfolio.csv", "portfolio.xlsx", "portfolio.html", "portfolio.jsonl")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A register of the test catalogue (one agreement with a hostile name), and its portfolio in ``out``."""
    root = tmp_path_factory.mktemp("portfolio")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        cat = make_catalogue(root)
        shutil.copy(cat / "gamma.txt", cat / "=HYPERLINK(evil) <i>x.txt")
        assert cli("audit", "cat", "--db", "register.sqlite", "-q").exit_code == 2
        result = cli("portfolio", "--db", "register.sqlite", "-o", "out")
        assert result.exit_code == 0, result.output
    return root


def jsonl(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "out" / "portfolio.jsonl").read_text().splitlines()]


def test_jsonl_rows(book: Path) -> None:
    rows = jsonl(book)
    assert [r["agreement"] for r in rows] == sorted(r["agreement"] for r in rows)
    by_id = {r["agreement"]: r for r in rows}
    assert set(by_id) == {"cat/=HYPERLINK(evil) <i>x.txt", "cat/acme/draft.docx", "cat/beta.docx",
                          "cat/delta.pdf", "cat/gamma.txt", "cat/zz-broken.pdf"}
    acme = by_id["cat/acme/draft.docx"]
    assert acme["verdict"] == "gaps_found" and acme["decided"] == 3 and acme["open_decisions"] == 0
    assert acme["topics"]["retention"] == {**acme["topics"]["retention"], "status": "excluded", "section": "9.2",
                                           "state": "decided", "decision": "risk_accepted"}
    gamma = by_id["cat/gamma.txt"]
    assert gamma["open_decisions"] == sum(t["status"] != "covered" for t in gamma["topics"].values()) > 0
    broken = by_id["cat/zz-broken.pdf"]
    assert broken["verdict"] == "not_assessable" and broken["topics"] == {} and broken["reason"]
    for r in rows:
        assert (book / "out" / r["report"]).is_file()
        assert [f["path"] for f in r["files"]] == [r["agreement"]]


def test_csv_agrees_with_jsonl(book: Path) -> None:
    rows = jsonl(book)
    with (book / "out" / "portfolio.csv").open(newline="") as fh:
        table = list(csv.reader(fh))
    topics = list(rows[0]["topics"]) or list(rows[1]["topics"])
    assert table[0] == ["agreement", "label", "verdict", "open_decisions", "decided",
                        *[c for t in topics for c in (t, f"{t}_section")], "report"]
    assert len(table) == len(rows) + 1
    for line, row in zip(table[1:], rows):
        cells = dict(zip(table[0], line))
        agreement = row["agreement"]
        assert cells["agreement"] == ("'" + agreement if agreement.startswith("=") else agreement)
        assert cells["verdict"] == row["verdict"]
        assert int(cells["open_decisions"]) == row["open_decisions"] and int(cells["decided"]) == row["decided"]
        assert cells["report"] == row["report"]
        for topic in topics:
            entry = row["topics"].get(topic, {"status": "", "section": ""})
            assert (cells[topic], cells[f"{topic}_section"]) == (entry["status"], entry["section"])


def test_xlsx_agrees_with_jsonl(book: Path) -> None:
    rows = jsonl(book)
    wb = openpyxl.load_workbook(book / "out" / "portfolio.xlsx")
    assert wb.sheetnames == ["Portfolio", "Counts"]
    sheet = [[c.value for c in r] for r in wb["Portfolio"].iter_rows()]
    head = sheet[0]
    assert len(sheet) == len(rows) + 1
    for line, row in zip(sheet[1:], rows):
        cells = dict(zip(head, line))
        assert cells["agreement"] == row["agreement"]  # stored as text, never as a formula
        assert cells["verdict"] == row["verdict"]
        assert cells["open_decisions"] == row["open_decisions"] and cells["decided"] == row["decided"]
        for topic, entry in row["topics"].items():
            assert (cells[topic], cells[f"{topic}_section"] or "") == (entry["status"], entry["section"])
    hostile = next(r for r in wb["Portfolio"].iter_rows(min_row=2) if str(r[0].value).startswith("cat/="))
    assert hostile[0].data_type == "s"
    assert all(c.data_type != "f" for r in wb["Portfolio"].iter_rows() for c in r)
    counts = [[c.value for c in r] for r in wb["Counts"].iter_rows()]
    retention = next(r for r in counts if r[0] == "retention")
    excluded = counts[0].index("excluded")
    assert retention[excluded] == sum(r["topics"].get("retention", {}).get("status") == "excluded" for r in rows)


def test_counts_and_worst_gaps_first(book: Path) -> None:
    with Register.open(book / "register.sqlite") as register:
        portfolio = build_portfolio(register.agreements())
    ranks = [GAP_ORDER.index(g.entry.status) for g in portfolio.gaps]
    assert ranks == sorted(ranks) and ranks[0] == 0  # excluded first, then missing, partial, implied
    assert {g.entry.status for g in portfolio.gaps} >= {"excluded", "missing", "partial", "implied"}
    rows = jsonl(book)
    for count in portfolio.topic_counts:
        statuses = dict(count.statuses)
        for status in ("covered", "excluded", "missing"):
            assert statuses[status] == sum(r["topics"].get(count.key, {}).get("status") == status for r in rows)
    assert [c.key for c in portfolio.item_counts] == ["1", "2", "3"]
    assert sum(c.agreements for c in portfolio.topic_counts) == sum(len(r["topics"]) for r in rows)
    assert matrix_header(portfolio)[:3] == ["agreement", "label", "verdict"]


def test_outputs_are_deterministic_but_for_the_generation_time(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(book)
    outs = {}
    for name, args, env in (("a", ["--no-timestamp"], {}), ("b", ["--no-timestamp"], {"SOURCE_DATE_EPOCH": "7"}),
                            ("c", [], {"SOURCE_DATE_EPOCH": EPOCH}), ("d", [], {"SOURCE_DATE_EPOCH": "1750000000"})):
        result = CliRunner().invoke(main, ["portfolio", "--db", "register.sqlite", "-o", name, "-q", *args], env=env)
        assert result.exit_code == 0, result.output
        outs[name] = {p.relative_to(book / name).as_posix(): p.read_bytes()
                      for p in sorted((book / name).rglob("*")) if p.is_file()}
    assert outs["a"] == outs["b"]
    assert set(outs["a"]) == set(outs["c"]) == set(outs["d"]) and len(outs["a"]) == len(OUTPUTS) + 6
    assert outs["a"]["portfolio.csv"] == outs["d"]["portfolio.csv"]
    assert outs["a"]["portfolio.jsonl"] == outs["d"]["portfolio.jsonl"]
    assert b"Generated at" not in outs["a"]["portfolio.html"] and b"2025-03-21T00:00:00Z" in outs["c"]["portfolio.html"]
    assert outs["c"]["portfolio.html"].replace(b"2025-03-21T00:00:00Z", b"T") == \
        outs["d"]["portfolio.html"].replace(b"2025-06-15T15:06:40Z", b"T")
    with zipfile.ZipFile(io.BytesIO(outs["c"]["portfolio.xlsx"])) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2025-03-21T00:00:00Z" in z.read("docProps/core.xml")
    wb = openpyxl.load_workbook(io.BytesIO(outs["c"]["portfolio.xlsx"]))
    assert wb.properties.created.isoformat() == "2025-03-21T00:00:00"


def test_agreement_report_is_the_audits_own_html(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(book)
    row = next(r for r in jsonl(book) if r["agreement"] == "cat/acme/draft.docx")
    assert cli("audit", "cat/acme/draft.docx", "--format", "html", "-o", "acme.html").exit_code == 1
    assert (book / "out" / row["report"]).read_bytes() == (book / "acme.html").read_bytes()


def test_dashboard_in_headless_chromium(book: Path, chromium: str, ruleset) -> None:
    rows = jsonl(book)
    page = book / "out" / "portfolio.html"
    text = page.read_text()
    assert "<script" not in text and "http://" not in text and "https://" not in text
    root, printed, _ = render_in_chromium(chromium, page)
    seen = visible_text(root)
    assert root.xpath("//script") == [] and root.xpath("//i") == []  # a file name's markup stays text
    assert "cat/=HYPERLINK(evil) <i>x.txt" in seen
    matrix = root.xpath("//table[contains(@class, 'matrix')]")[0]
    titles = [" ".join(th.text_content().split()) for th in matrix.xpath(".//thead/tr/th[@data-topic]")]
    assert titles == [" ".join(r.title.split()) for r in ruleset.rules]
    assert len(matrix.xpath(".//tbody/tr")) == len(rows)
    for row in rows:
        tr = matrix.xpath(".//tbody/tr[@data-agreement=$a]", a=row["agreement"])
        assert len(tr) == 1, row["agreement"]
        tr = tr[0]
        link = tr.xpath(".//a")[0]
        assert link.get("href") == row["report"] and link.text_content() == row["agreement"]
        assert tr.xpath("string(td[contains(@class, 'verdict')]/@data-verdict)") == row["verdict"]
        assert int(tr.xpath("string(td[contains(@class, 'open')])")) == row["open_decisions"]
        cells = tr.xpath("td[@data-topic]")
        assert len(cells) == len(titles)
        for td in cells:
            entry = row["topics"].get(td.get("data-topic"))
            shown = " ".join(td.text_content().split())
            if entry is None:
                assert shown == "—" and td.get("data-status") == ""
                continue
            assert td.get("data-status") == entry["status"] and td.get("data-section") == entry["section"]
            assert status_label(entry["status"]) in shown and shown.endswith(entry["section"])
    gaps = root.xpath("//table[contains(@class, 'gaps')]/tbody/tr")
    statuses = [tr.get("data-status") for tr in gaps]
    assert statuses == sorted(statuses, key=GAP_ORDER.index) and statuses[0] == "excluded"
    assert len(gaps) == sum(t["status"] in GAP_ORDER for r in rows for t in r["topics"].values())
    assert root.xpath("//table[contains(@class, 'not-assessable')]//tr[@data-agreement='cat/zz-broken.pdf']")
    counts = root.xpath("//table[contains(@class, 'counts')]")
    assert len(counts) == 2
    retention = counts[0].xpath(".//tr[@data-key='retention']/td")
    heads = [" ".join(th.text_content().split()) for th in counts[0].xpath(".//thead/th | .//thead/tr/th")]
    excluded = heads.index("Excluded") - 1
    assert int(retention[excluded].text_content()) == sum(
        r["topics"].get("retention", {}).get("status") == "excluded" for r in rows)
    assert [tr.get("data-key") for tr in counts[1].xpath(".//tbody/tr")] == ["1", "2", "3"]
    assert "Worst gaps first" in printed and "Agreements by topic" in printed
    assert lxml.html.fromstring(text).xpath("//meta[@http-equiv='Content-Security-Policy']")


def test_empty_register_gives_an_empty_portfolio(tmp_path: Path) -> None:
    Register.open(tmp_path / "r.sqlite").close()
    result = cli("portfolio", "--db", tmp_path / "r.sqlite", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "portfolio.csv").read_bytes() == b"agreement,label,verdict,open_decisions,decided,report\r\n"
    assert (tmp_path / "out" / "portfolio.jsonl").read_text() == ""
    assert "0 agreements" in (tmp_path / "out" / "portfolio.html").read_text()
    assert openpyxl.load_workbook(tmp_path / "out" / "portfolio.xlsx")["Portfolio"].max_row == 1
