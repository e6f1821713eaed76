"""The register (``audit --db``): stored results equal fresh ones, re-runs audit only what changed,
decisions and topic history are kept, and a damaged or foreign file is refused with a clear error."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from fpdf import FPDF

import auditor.pipeline
from auditor.model import NOT_ASSESSABLE, DocumentReport
from auditor.pipeline import audit_bundle, audit_path
from auditor.register import (SCHEMA_VERSION, AgreementInputs, DecisionsRead, FileDigest, Register, RegisterError,
                              RulesetContext, agreement_id, file_digest)
from auditor.register.schema import APPLICATION_ID

from conftest import SAMPLE, cli
from test_bundle_review import make_bundle, make_docx

ROOT = Path(__file__).resolve().parents[1]
GAMMA = """SERVICES AGREEMENT

1. Data protection

1.1 Provider shall protect Customer Data, including data submitted through the Batch API, with appropriate security measures.

2. Retention

2.1 Provider retains prompts and outputs for 30 days. Zero data retention is not available for batch requests.
"""


def make_pdf(path: Path, lines: list[str]) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.multi_cell(0, 6, line)
        pdf.ln(2)
    pdf.output(str(path))
    return path


def make_catalogue(root: Path) -> Path:
    """A small catalogue: the sample DOCX with its decisions, a generated DOCX and PDF, a text file, a broken PDF."""
    cat = root / "cat"
    (cat / "acme").mkdir(parents=True)
    shutil.copy(SAMPLE, cat / "acme" / "draft.docx")
    shutil.copy(SAMPLE.with_name("draft-ai-services-agreement.decisions.yaml"), cat / "acme" / "draft.decisions.yaml")
    make_docx(cat / "beta.docx", "Services Agreement", [
        ("h", "1. Retention"),
        ("p", "1.1 Provider shall delete batch inputs and batch outputs within 30 days, the same schedule as "
              "real-time requests."),
        ("h", "2. Audit"), ("p", "2.1 Provider shall keep audit logs of access to Customer Data."),
    ])
    make_pdf(cat / "delta.pdf", ["DATA PROCESSING ADDENDUM", "1. Residency",
                                 "1.1 Provider shall process Customer Data only in the European Union, "
                                 "except that batch jobs may be processed in any geography."])
    (cat / "gamma.txt").write_text(GAMMA)
    (cat / "zz-broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf\n")
    return cat


@pytest.fixture()
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    make_catalogue(tmp_path)
    return tmp_path


class Counter:
    """Counts the agreements really audited (a stored result is not audited)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.paths: list[str] = []
        real_path, real_bundle = auditor.pipeline.audit_path, auditor.pipeline.audit_bundle

        def counted_path(path, *a, **k):  # type: ignore[no-untyped-def]
            self.paths.append(str(path))
            return real_path(path, *a, **k)

        def counted_bundle(paths, *a, **k):  # type: ignore[no-untyped-def]
            self.paths.append(" + ".join(map(str, paths)))
            return real_bundle(paths, *a, **k)

        monkeypatch.setattr(auditor.pipeline, "audit_path", counted_path)
        monkeypatch.setattr(auditor.pipeline, "audit_bundle", counted_bundle)


@contextmanager
def counting() -> Iterator[Counter]:
    with pytest.MonkeyPatch.context() as patch:
        yield Counter(patch)


def audit(*args: object):
    # In the command's own process, so that Counter sees which agreements are really audited.
    result = cli("audit", "--jobs", "1", "--timeout-s", "0", "--max-memory-mb", "0", *args)
    assert result.exit_code in (0, 1, 2), result.output
    assert "rules error" not in result.output
    assert "Traceback" not in result.output
    return result


# --------------------------------------------------------------------------- byte-identical re-runs


@pytest.mark.parametrize("fmt", ["json", "html", "md", "text"])
def test_rerun_uses_stored_results_and_output_is_byte_identical(catalogue: Path, fmt: str) -> None:
    fresh = audit("cat", "--format", fmt, "-o", "fresh.out")
    first = audit("cat", "--format", fmt, "-o", "first.out", "--db", "register.sqlite")
    with counting() as counter:
        again = audit("cat", "--format", fmt, "-o", "again.out", "--db", "register.sqlite")
    assert counter.paths == []  # nothing audited: every result came from the register
    assert "0 audited, 5 unchanged" in again.output
    assert "5 audited, 0 unchanged" in first.output
    data = Path("fresh.out").read_bytes()
    assert len(data) > 500
    assert Path("first.out").read_bytes() == data
    assert Path("again.out").read_bytes() == data
    assert fresh.exit_code == first.exit_code == again.exit_code == 2  # the broken PDF is not assessable


def test_stored_result_equals_fresh_audit(catalogue: Path, ruleset) -> None:
    """For a DOCX, a generated DOCX and PDF, a text file, an unreadable PDF and a bundle."""
    bundle = make_bundle(catalogue / "bundle")
    audit("cat", "--db", "register.sqlite", "-q")
    audit("--bundle", *bundle, "--db", "register.sqlite", "-q")
    with Register.open("register.sqlite", create=False) as register:
        stored = {a.agreement_id: a for a in register.agreements()}
    assert sorted(stored) == ["bundle/msa.docx + bundle/dpa.pdf + bundle/order.docx", "cat/acme/draft.docx",
                              "cat/beta.docx", "cat/delta.pdf", "cat/gamma.txt", "cat/zz-broken.pdf"]
    for aid, agreement in stored.items():
        files = [f.path for f in agreement.files]
        fresh = audit_bundle(files, ruleset) if len(files) > 1 else audit_path(files[0], ruleset)
        # The stored result is the audit's; the agreement's name is the run's (see audit --manifest).
        assert replace(agreement.report, agreement=None) == fresh, aid
        assert DocumentReport.from_dict(fresh.to_dict()) == fresh
        assert [f.sha256 for f in agreement.files] == [file_digest(f) for f in files]
    assert stored["cat/zz-broken.pdf"].report.verdict == NOT_ASSESSABLE
    assert stored["cat/delta.pdf"].report.topics["residency"] == "excluded"
    assert len(stored["bundle/msa.docx + bundle/dpa.pdf + bundle/order.docx"].report.parts) == 3


def test_changing_one_file_reaudits_only_that_agreement(catalogue: Path) -> None:
    audit("cat", "--db", "register.sqlite", "--format", "json", "-o", "first.json")
    Path("cat/gamma.txt").write_text(GAMMA.replace("Zero data retention is not available for batch requests.",
                                                   "Batch requests are retained on the same schedule."))
    with counting() as counter:
        result = audit("cat", "--db", "register.sqlite", "--format", "json", "-o", "second.json")
    assert counter.paths == ["cat/gamma.txt"]
    assert "1 audited, 4 unchanged" in result.output
    audit("cat", "--format", "json", "-o", "fresh.json")
    assert Path("second.json").read_bytes() == Path("fresh.json").read_bytes()
    assert Path("second.json").read_bytes() != Path("first.json").read_bytes()


def test_changing_one_rule_or_a_reading_option_reaudits(catalogue: Path) -> None:
    rules = catalogue / "rules"
    shutil.copytree(ROOT / "rules", rules)
    audit("cat", "--db", "register.sqlite", "--rules", rules, "-q")
    again = audit("cat", "--db", "register.sqlite", "--rules", rules)
    assert "0 audited, 5 unchanged" in again.output
    audit_rule = rules / "audit.yaml"
    audit_rule.write_text(audit_rule.read_text().replace("access controls cover batch", "access reach batch", 1))
    changed = audit("cat", "--db", "register.sqlite", "--rules", rules, "--format", "json", "-o", "changed.json")
    assert "5 audited, 0 unchanged" in changed.output  # the rule set's SHA-256 changed: every result depended on it
    assert "0 audited, 5 unchanged" in audit("cat", "--db", "register.sqlite", "--rules", rules).output
    other = audit("cat", "--db", "register.sqlite", "--rules", rules, "--view", "original")
    assert "5 audited, 0 unchanged" in other.output  # another reading of the same files
    audit("cat", "--rules", rules, "--format", "json", "-o", "fresh.json")
    assert Path("changed.json").read_bytes() == Path("fresh.json").read_bytes()
    assert '"title": "Audit, logging and access reach batch"' in Path("fresh.json").read_text()


def test_a_result_stopped_at_a_run_limit_is_audited_again_only_with_more_time(catalogue: Path) -> None:
    """A PDF that takes PDFium about two seconds, read within half a second: stopped (``timeout``).
    The same or a lower limit would stop it again, so its stored result is kept; a run that gives
    more time audits it again, and then its full reading is stored."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from make_bad_fixtures import operator_bomb_pdf

    Path("slow.pdf").write_bytes(operator_bomb_pdf(600_000))

    def limited(*args: str):
        result = cli("audit", "cat/gamma.txt", "slow.pdf", "--db", "register.sqlite", "--jobs", "1",
                     "--format", "json", *args)
        assert "Traceback" not in result.output
        return result

    first = limited("--timeout-s", "0.5")
    docs = json.loads(first.stdout)["documents"]
    assert [d["verdict"] for d in docs] == ["gaps_found", "not_assessable"]
    assert docs[1]["errors"][0]["code"] == "timeout"
    assert "2 audited, 0 unchanged" in first.stderr
    for same_or_less in ("0.5", "0.2"):
        again = limited("--timeout-s", same_or_less)
        assert "0 audited, 2 unchanged" in again.stderr
        assert again.stdout == first.stdout
    with Register.open("register.sqlite") as register:
        stopped = {a.agreement_id: a.report.verdict for a in register.agreements()}
    assert stopped == {"cat/gamma.txt": "gaps_found", "slow.pdf": NOT_ASSESSABLE}
    more = limited("--timeout-s", "120")
    assert "1 audited, 1 unchanged" in more.stderr  # only the stopped one; the other result still holds
    assert [d["verdict"] for d in json.loads(more.stdout)["documents"]] == ["gaps_found", "gaps_found"]
    settled = limited("--timeout-s", "0.5")  # read in full now: a lower limit no longer matters
    assert "0 audited, 2 unchanged" in settled.stderr and settled.stdout == more.stdout


def test_the_same_file_named_another_way_is_audited_again(catalogue: Path) -> None:
    """The report names files as given, so a stored result is reused only for the same names."""
    audit("cat/gamma.txt", "--db", "register.sqlite", "-q")
    with counting() as counter:
        audit("./cat/gamma.txt", "--db", "register.sqlite", "--format", "json", "-o", "dot.json")
    assert counter.paths == ["./cat/gamma.txt"]
    assert '"path": "./cat/gamma.txt"' in Path("dot.json").read_text()
    with Register.open("register.sqlite") as register:
        assert [a.agreement_id for a in register.agreements()] == ["cat/gamma.txt"]


# --------------------------------------------------------------------------- decisions and history


def test_history_of_topics_and_decisions_across_runs(catalogue: Path) -> None:
    audit("cat", "--db", "register.sqlite", "-q")
    decisions = Path("cat/gamma.decisions.yaml")
    assert cli("review", "cat/gamma.txt").exit_code == 0
    text = decisions.read_text()
    block = "  retention/excluded:\n    decision:\n    reviewer:\n    role:\n    date:\n    rationale:\n"
    assert block in text
    decisions.write_text(text.replace(block, "  retention/excluded:\n    decision: risk_accepted\n"
                                             "    reviewer: Ana Silva\n    role: Counsel\n"
                                             "    date: 2025-03-20\n    rationale: Pilot only.\n"))
    audit("cat", "--db", "register.sqlite", "-q")
    Path("cat/gamma.txt").write_text(GAMMA.replace("Zero data retention is not available for batch requests.",
                                                   "Batch requests are retained on the same schedule."))
    audit("cat", "--db", "register.sqlite", "-q")
    with Register.open("register.sqlite") as register:
        history = register.history("cat/gamma.txt")
        runs = register.runs()
        acme = {a.agreement_id: a for a in register.agreements()}["cat/acme/draft.docx"]
    assert [r.id for r in runs] == [1, 2, 3] and all(r.finished_at for r in runs)
    assert [(r.audited, r.reused) for r in runs] == [(5, 0), (0, 5), (1, 4)]
    retention = [(e.run_id, e.status, e.state, e.section) for e in history if e.topic == "retention"]
    assert retention == [(1, "excluded", "open", "2.1"), (2, "excluded", "decided", "2.1"),
                         (3, "covered", "covered", "2.1")]
    decided = [e for e in history if e.run_id == 2 and e.state == "decided"]
    assert decided and decided[0].decision.reviewer == "Ana Silva" and decided[0].decision.rationale == "Pilot only."
    assert decided[0].decision.finding_id == "retention/excluded"
    # The sample's own decisions file, next to it, is read too: its three decided findings.
    assert sorted(e.topic for e in acme.topics if e.state == "decided") == ["data_protection", "deletion",
                                                                             "retention"]
    assert acme.decisions_file == str(Path("cat/acme/draft.decisions.yaml"))
    assert decisions.read_text().count("Ana Silva") == 1  # the register never writes a decisions file


def test_decisions_dir_and_bad_decisions_file(catalogue: Path) -> None:
    shutil.move("cat/acme/draft.decisions.yaml", "cat/acme/moved.yaml")
    (catalogue / "decisions" / "cat" / "acme").mkdir(parents=True)
    shutil.move("cat/acme/moved.yaml", "decisions/cat/acme/draft.decisions.yaml")
    Path("cat/gamma.decisions.yaml").write_text("findings: [not, a, mapping\n")
    result = cli("audit", "cat", "--db", "register.sqlite", "-q")
    assert "error: cat/gamma.decisions.yaml" in result.output  # beside the agreement: not read with --decisions-dir
    result = audit("cat", "--db", "register.sqlite", "--decisions-dir", "decisions", "-q")
    assert "gamma.decisions.yaml" not in result.output
    with Register.open("register.sqlite") as register:
        stored = {a.agreement_id: a for a in register.agreements()}
    assert sum(e.state == "decided" for e in stored["cat/acme/draft.docx"].topics) == 3
    assert stored["cat/acme/draft.docx"].decisions_file == str(Path("decisions/cat/acme/draft.decisions.yaml"))
    Path("decisions/cat/gamma.decisions.yaml").write_text("findings:\n  retention/excluded:\n    decision: aproved\n")
    result = audit("cat", "--db", "register.sqlite", "--decisions-dir", "decisions", "-q")
    assert "decisions/cat/gamma.decisions.yaml: line 3: decision 'aproved'" in result.output
    assert "Traceback" not in result.output
    with Register.open("register.sqlite") as register:
        gamma = {a.agreement_id: a for a in register.agreements()}["cat/gamma.txt"]
    assert gamma.decisions_error.startswith("the decisions file could not be read")
    assert [e.state for e in gamma.topics if e.status != "covered"] and all(
        e.state == "open" and "could not be read" in e.decision.reason for e in gamma.topics if e.status != "covered")
    assert cli("audit", "cat", "--decisions-dir", "decisions").exit_code == 2


# --------------------------------------------------------------------------- the file


def test_new_register_is_marked_versioned_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    Register.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"agreements", "runs", "topic_history", "agreement_history", "rulesets"} <= tables
    conn.close()
    Register.open(path).close()  # opening again migrates nothing and keeps it
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    Register.open(empty).close()  # an empty file becomes a register


def _damaged(tmp: Path) -> Path:
    path = tmp / "damaged.sqlite"
    with Register.open(path) as register:
        run = register.begin_run("2025-01-01T00:00:00Z", "0", RulesetContext("a" * 64, "1"))
        for n in range(30):
            register.store(run, _inputs(n), _report(n), DecisionsRead(), reused=False)
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):  # every page after the first: garbage
        data[offset:offset + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("kind, message", [
    ("text", "not an SQLite database"),
    ("foreign", "another application"),
    ("newer", "written by a newer auditor"),
    ("directory", "is a directory"),
    ("damaged", "damaged"),
])
def test_bad_register_files_give_a_clear_error(tmp_path: Path, kind: str, message: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "r.sqlite"
    if kind == "text":
        path.write_text("name,status\nacme,covered\n")
    elif kind == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE invoices (id INTEGER)")
        conn.commit()
        conn.close()
    elif kind == "newer":
        Register.open(path).close()
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA user_version = 99")
        conn.close()
    elif kind == "directory":
        path.mkdir()
    else:
        path = _damaged(tmp_path)
    (tmp_path / "a.txt").write_text(GAMMA)
    before = path.read_bytes() if path.is_file() else None
    for args in (["audit", "a.txt", "--db", path], ["portfolio", "--db", path, "-o", tmp_path / "out"]):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert message in result.output and str(path) in result.output
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    if before is not None and kind != "damaged":
        assert path.read_bytes() == before  # never overwritten
    with pytest.raises(RegisterError, match=message):
        Register.open(path).agreements()


def test_portfolio_needs_an_existing_register(tmp_path: Path) -> None:
    result = cli("portfolio", "--db", tmp_path / "none.sqlite", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "no register here" in result.output
    assert not (tmp_path / "none.sqlite").exists()


# --------------------------------------------------------------------------- concurrent writers


def _inputs(n: int, key: str = "") -> AgreementInputs:
    return AgreementInputs(f"agreement-{n:03d}", f"a{n}.txt", (FileDigest(f"a{n}.txt", f"{n:064x}"),), "a" * 64, "0",
                           key or "build", "{}")


def _report(n: int) -> DocumentReport:
    return DocumentReport(f"a{n}.txt", f"{n:064x}", "txt", None, "gaps_found",
                          {"retention": "excluded", "audit": "covered"})


def _writer(path: str, worker: int, count: int) -> None:
    with Register.open(path) as register:
        run = register.begin_run("2025-01-01T00:00:00Z", "0", RulesetContext("a" * 64, "1"))
        for n in range(count):
            report = _report(worker * 1000 + n)
            register.store(run, _inputs(worker * 1000 + n), report, DecisionsRead(), reused=False)
            assert register.lookup(_inputs(worker * 1000 + n)) == report
        register.finish_run(run, "2025-01-01T00:01:00Z")


def test_concurrent_writers(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, w, 60)) for w in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    with Register.open(path) as register:
        stored = register.agreements()
        runs = register.runs()
    assert len(stored) == 180 and len(runs) == 3
    assert sorted(r.audited for r in runs) == [60, 60, 60]
    assert all(len(a.topics) == 2 and a.topics[0].topic == "retention" for a in stored)


def test_opening_waits_out_a_lock_sqlite_reports_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lock conflict SQLite answers at open without its busy handler is waited out, not reported."""
    import auditor.register.schema as schema
    real_open, calls = schema._open, []

    def conflicted(name: str) -> sqlite3.Connection:
        calls.append(name)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return real_open(name)

    monkeypatch.setattr(schema, "_open", conflicted)
    path = tmp_path / "shared.sqlite"
    with Register.open(path) as register:
        assert register.agreements() == ()
    assert calls == [str(path)] * 3
    monkeypatch.setattr(schema, "BUSY_TIMEOUT", 0.0)
    monkeypatch.setattr(schema, "_open", lambda name: (_ for _ in ()).throw(sqlite3.OperationalError("database is locked")))
    with pytest.raises(RegisterError, match="locked by another process"):
        Register.open(path)


def test_lookup_misses_when_any_input_changed(tmp_path: Path) -> None:
    with Register.open(tmp_path / "r.sqlite") as register:
        run = register.begin_run("2025-01-01T00:00:00Z", "0", RulesetContext("a" * 64, "1"))
        register.store(run, _inputs(1), _report(1), DecisionsRead(), reused=False)
        assert register.lookup(_inputs(1)) == _report(1)
        assert register.lookup(_inputs(1, key="another build")) is None
        base = _inputs(1)
        for changed in (AgreementInputs(base.agreement_id, base.label, (FileDigest("a1.txt", "f" * 64),),
                                        base.ruleset_sha256, base.auditor_version, base.build, base.options),
                        AgreementInputs(base.agreement_id, base.label, base.files, "b" * 64, base.auditor_version,
                                        base.build, base.options),
                        AgreementInputs(base.agreement_id, base.label, base.files, base.ruleset_sha256, "0.2.0",
                                        base.build, base.options),
                        AgreementInputs(base.agreement_id, base.label, base.files, base.ruleset_sha256,
                                        base.auditor_version, base.build, '{"view":"original"}')):
            assert changed.key() != base.key()
            assert register.lookup(changed) is None


def test_agreement_ids_are_relative_to_the_run_root(tmp_path: Path) -> None:
    assert agreement_id([str(tmp_path / "cat" / "a.docx")], tmp_path) == "cat/a.docx"
    assert agreement_id([str(tmp_path / "m.docx"), str(tmp_path / "d.pdf")], tmp_path) == "m.docx + d.pdf"
    outside = agreement_id(["/elsewhere/x.pdf"], tmp_path)
    assert outside == "/elsewhere/x.pdf"
    assert file_digest(tmp_path / "none") == "missing" and file_digest(tmp_path) == "not-a-file"
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 100)
    assert file_digest(big, max_bytes=10).startswith("too-large:100:")
    assert json.loads(json.dumps(_inputs(1).key())) == _inputs(1).key()
