"""``review -i`` never loses a decision; files others can read; prompts that forgive.

Reproduces the reports in issue 10: a piped session that runs out of input
after one decision, and Ctrl-C in the middle of a session, both used to save
nothing; every file the review commands wrote was 0600.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import click
import pytest

from auditor.report.common import trim
from auditor.review.decisions import AmbiguousDecision, decision_from_text, load_decisions

from conftest import ROOT, SAMPLE, cli


def decisions(draft: Path):
    return load_decisions(draft.with_name("draft.decisions.yaml")).entries


def test_end_of_input_saves_the_decision_taken(draft: Path, open_ids: list[str]) -> None:
    """The exact pipe from the issue: one full answer, then the input runs dry."""
    result = cli("review", str(draft), "-i", input="risk_accepted\nJane Doe\nCounsel\nok\n2026-01-15\n")
    assert result.exit_code == 1, result.output
    entry = decisions(draft)[open_ids[0]]
    assert (entry.decision, entry.reviewer, entry.role, entry.rationale, entry.date) == (
        "risk_accepted", "Jane Doe", "Counsel", "ok", "2026-01-15")
    assert all(not decisions(draft)[fid].decided for fid in open_ids[1:])
    assert "1 decision recorded now" in result.output
    assert "interrupted: 1 decision taken before the interruption is saved" in result.output


def interrupt_at(monkeypatch, question: int, exc: BaseException) -> None:
    """Make the ``question``-th prompt of the session raise ``exc`` (Ctrl-C is KeyboardInterrupt)."""
    real = click.prompt
    calls = {"n": 0}

    def prompt(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == question:
            raise exc
        return real(*args, **kwargs)

    monkeypatch.setattr(click, "prompt", prompt)


def test_ctrl_c_saves_every_decision_taken(draft: Path, open_ids: list[str], monkeypatch) -> None:
    """Ctrl-C while the third finding is being answered: the first two stay recorded."""
    interrupt_at(monkeypatch, 12, KeyboardInterrupt())  # two findings take five answers each; then reviewer
    answers = "2\nPriya Raman\nCounsel\nAccepted: pilot only.\n\n" + "fal\n\n\nThe DPA covers it.\n\n" + "1\n"
    result = cli("review", str(draft), "--interactive", input=answers)
    assert result.exit_code == 1, result.output
    entries = decisions(draft)
    assert entries[open_ids[0]].decision == "risk_accepted"
    assert entries[open_ids[1]].decision == "false_positive" and entries[open_ids[1]].reviewer == "Priya Raman"
    assert not entries[open_ids[2]].decided
    assert "interrupted: 2 decisions taken before the interruption are saved" in result.output


def test_click_abort_in_a_prompt_is_an_interrupt(draft: Path, open_ids: list[str], monkeypatch) -> None:
    interrupt_at(monkeypatch, 6, click.Abort())  # the second finding's decision
    result = cli("review", str(draft), "-i", input="4\nAna Lima\n\n\n2025-03-01\n")
    assert result.exit_code == 1
    assert decisions(draft)[open_ids[0]].decision == "resolved_in_draft"
    assert decisions(draft)[open_ids[0]].date == "2025-03-01"


def test_rationale_required_for_accepting_a_risk_or_a_false_positive(draft: Path, open_ids: list[str]) -> None:
    # An empty rationale is asked again; the answer after it is recorded.
    answers = "risk\nJane Doe\n\n\n   \nWithin appetite for the pilot.\n\n" + "\n" * (len(open_ids) - 1)
    result = cli("review", str(draft), "-i", input=answers)
    assert result.exit_code == 0, result.output
    assert "a rationale is required" in result.output
    assert decisions(draft)[open_ids[0]].rationale == "Within appetite for the pilot."

    # A decision written by hand without a rationale does not sign off.
    path = draft.with_name("draft.decisions.yaml")
    text = path.read_text().replace("    rationale: Within appetite for the pilot.\n", "    rationale:\n")
    path.write_text(text)
    result = cli("signoff", str(draft))
    assert result.exit_code == 1
    assert f"({open_ids[0]})" in result.output and "gives no rationale" in result.output


def test_decision_prompt_takes_numbers_and_prefixes(draft: Path, open_ids: list[str]) -> None:
    answers = "9\nr\nres\nAna Lima\n\n\n\n" + "amend\n\n\nProvider to add batch.\n\n" + "\n" * (len(open_ids) - 2)
    result = cli("review", str(draft), "-i", input=answers)
    assert result.exit_code == 0, result.output
    assert "'9' is not one of the numbers 1 to 5" in result.output
    assert "'r' could be risk_accepted or resolved_in_draft" in result.output
    entries = decisions(draft)
    assert entries[open_ids[0]].decision == "resolved_in_draft"
    assert entries[open_ids[1]].decision == "amendment_requested"
    assert entries[open_ids[1]].reviewer == "Ana Lima"  # the reviewer is offered again as the default


def test_decision_from_text() -> None:
    assert decision_from_text("2") == "risk_accepted"
    assert decision_from_text("Risk accepted") == "risk_accepted"
    assert decision_from_text("false-positive.") == "false_positive"
    assert decision_from_text("amendment") == "amendment_requested"
    assert decision_from_text("approved") is None and decision_from_text("0") is None
    with pytest.raises(AmbiguousDecision):
        decision_from_text("r")


def test_quotes_are_cut_at_word_boundaries() -> None:
    text = ("The Supplier shall retain Inputs and Outputs for no longer than thirty (30) days after the date "
            "on which the relevant Input was received, save that batch outputs are kept until deleted.") * 3
    for limit in (60, 120, 300):
        cut = trim(text, limit)
        assert cut.endswith("…") and len(cut) <= limit
        body = cut[:-1]
        assert text.startswith(body) and text[len(body)] in " ,;:", (limit, cut)


@pytest.fixture()
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_written_files_follow_the_umask(draft: Path, tmp_path: Path, umask_022) -> None:
    assert cli("review", str(draft)).exit_code == 0
    path = draft.with_name("draft.decisions.yaml")
    assert mode(path) == 0o644
    for name in ("signoff.md", "signoff.html", "signoff.json", "signoff.docx"):
        assert cli("signoff", str(draft), "-o", str(tmp_path / name)).exit_code == 1
        assert mode(tmp_path / name) == 0o644, name
    assert cli("annotate", str(draft)).exit_code == 0
    assert mode(draft.with_name("draft.reviewed.docx")) == 0o644
    assert cli("audit", "-q", str(draft), "-o", str(tmp_path / "audit.txt")).exit_code == 1
    assert mode(tmp_path / "audit.txt") == 0o644

    # A file that exists keeps the mode its owner gave it.
    path.chmod(0o640)
    assert cli("review", str(draft), "-i", input="1\nAna Lima\n\n\n\n\n\n").exit_code == 0
    assert mode(path) == 0o640 and mode(path.with_name(path.name + ".bak")) == 0o640


def test_sample_decisions_sign_off_the_sample(tmp_path: Path) -> None:
    """``make demo`` signs the sample off with its decisions file; a change to the reading that
    reopens one of them shows here first (run `auditor review` on the sample and decide again)."""
    decisions = ROOT / "samples" / "draft-ai-services-agreement.decisions.yaml"
    out = tmp_path / "signoff.md"
    result = cli("signoff", str(SAMPLE), "--decisions", str(decisions), "-o", str(out))
    assert result.exit_code == 0, out.read_text() if out.exists() else result.output
    assert "## Overall state: **SIGNED OFF**" in out.read_text()
    refused = cli("signoff", str(SAMPLE), "--decisions", str(tmp_path / "blank.decisions.yaml"))
    assert refused.exit_code == 2  # an explicit decisions file that does not exist
