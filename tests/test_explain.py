"""``auditor explain``: statements as read and decision traces, on text and on files;
and the cue file's validation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.rules import RuleError, load_ruleset

RULES = Path(__file__).resolve().parents[1] / "rules"

PASSAGE = ("4.1 The Vendor shall encrypt Client Data at rest and in transit.\n"
           "4.2 None of the submission routes, the bulk queue included, falls outside these obligations.\n"
           "4.3 For clarity, the Vendor's duties on privacy, hosting and audit extend to bulk jobs as well.\n")


def test_explain_text_shows_function_and_trace():
    result = CliRunner().invoke(main, ["explain", "--text", PASSAGE])
    assert result.exit_code == 0, result.output
    out = result.output
    # 4.1 is the commitment; 4.2 a double negative read as scope; 4.3 an umbrella, not an audit commitment.
    assert "[4.1] The Vendor shall encrypt" in out and "function=obligation  actor=provider" in out
    assert "nothing excluded (double negative)" in out
    four_three = out.split("[4.3]")[1].split("\n[")[0]
    assert "function=scope" in four_three and "commits=" not in four_three
    trace = out.split("Decisions:")[1]
    assert "data_protection: covered (umbrella)" in trace
    assert "- umbrella [4.2] None of the submission routes" in trace
    assert "audit: missing (none)" in trace


def test_explain_json_is_the_statement_records():
    result = CliRunner().invoke(main, ["explain", "--format", "json", "--text", PASSAGE])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first = data["statements"][0]
    assert first["function"] == "obligation" and first["actor"] == "provider" and first["topics"] == ["data_protection"]
    decisions = {d["topic"]: d for d in data["decisions"]}
    assert decisions["data_protection"]["status"] == "covered"
    assert [s["role"] for s in decisions["data_protection"]["steps"]] == ["commitment", "umbrella"]


def test_explain_a_docx_file(tmp_path):
    path = tmp_path / "dpa.docx"
    d = docx.Document()
    d.add_paragraph('1.1 "Overnight Queue" means the service through which Customer lodges files of requests '
                    "that Provider runs asynchronously.")
    d.add_paragraph("5.1 Provider shall retain Inputs and Outputs for no longer than 30 days.")
    d.add_paragraph("5.2 Inputs and Outputs of the Overnight Queue are retained for 90 days.")
    d.save(path)
    result = CliRunner().invoke(main, ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "periods: 90 days (batch)" in result.output
    assert "retention: excluded (schedule)" in result.output


def test_explain_bad_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7 this is not a pdf")
    result = CliRunner().invoke(main, ["explain", str(bad)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "broken.pdf" in result.output


def test_explain_needs_files_or_text():
    result = CliRunner().invoke(main, ["explain"])
    assert result.exit_code == 2 and "give files or --text" in result.output


def test_every_cue_needs_a_case_and_errors_name_the_line(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    cues = target / "cues.yaml"
    text = cues.read_text(encoding="utf-8")
    cues.write_text(text.replace('phrases: ["no", "none of",', 'phrases: ["no", "not a single one of", "none of",', 1),
                    encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_ruleset(target)
    problem = "\n".join(info.value.problems)
    assert f"{cues}:" in problem and "'not a single one of' occurs in none of the category's cases" in problem


def test_cue_categories_validated(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    cues = target / "cues.yaml"
    text = cues.read_text(encoding="utf-8").replace("    direction: forward\n", "    direction: sideways\n", 1)
    cues.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_ruleset(target)
    assert "'sideways' is not one of forward, backward, both, clause" in "\n".join(info.value.problems)


def test_a_risk_team_adds_a_deferral_phrase_without_python(tmp_path):
    """A cue is data: a new deferral phrase, with its case, changes the reading."""
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    cues = target / "cues.yaml"
    text = cues.read_text(encoding="utf-8")
    text = text.replace('"will agree an", "will agree a",', '"will agree an", "will agree a", "pending negotiation",', 1)
    text = text.replace("      - text: The parties will settle any audit arrangements",
                        "      - text: Audit rights over Customer Data are pending negotiation.\n"
                        "        expect: {audit: missing}\n"
                        "      - text: The parties will settle any audit arrangements", 1)
    cues.write_text(text, encoding="utf-8")
    passage = "Audit rights over Customer Data, including batch jobs, are pending negotiation."
    before = CliRunner().invoke(main, ["explain", "--text", passage])
    after = CliRunner().invoke(main, ["explain", "--rules", str(target), "--text", passage])
    assert "audit: covered" in before.output
    assert "function=deferral" in after.output and "audit: missing" in after.output
