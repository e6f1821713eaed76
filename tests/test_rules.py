"""Rule files: every example runs as a test; schema errors name file, line, rule and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.examples import run_examples
from auditor.rules import RuleError, default_rules_dir, load_ruleset

RULES = default_rules_dir()


def _examples():
    rs = load_ruleset()
    return [(r.rule.id, i, r) for i, r in enumerate(run_examples(rs))]


@pytest.mark.parametrize("rule_id,index,result", _examples(), ids=lambda v: str(v) if isinstance(v, (str, int)) else "")
def test_rule_example(rule_id, index, result):
    assert result.got == result.example.status, f"{result.location()}: {result.explanation}"


def test_default_ruleset_shape(ruleset):
    assert ruleset.topics == ("data_protection", "residency", "retention", "training_exclusion", "deletion", "audit")
    assert set(ruleset.checklist) == {1, 2, 3}
    assert len(ruleset.sha256) == 64
    for rule in ruleset.rules:
        statuses = {e.status for e in rule.examples}
        assert {"covered", "missing"} <= statuses or {"covered", "implied"} <= statuses, rule.id
        assert rule.remediation_for("implied")


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def test_unknown_key_names_file_rule_key_and_line(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "audit.yaml"
    path.write_text(path.read_text().replace("severity: high", "severty: high"))
    with pytest.raises(RuleError) as exc:
        load_ruleset(rules)
    text = str(exc.value)
    assert "audit.yaml:" in text and "rule 'audit'" in text and "key 'severty'" in text
    assert "did you mean 'severity'" in text
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if l.startswith("severty"))
    assert f"audit.yaml:{line}:" in text


def test_look_alike_groups_each_with_its_own_window(tmp_path):
    """``ignore_near`` as a list: each group sets hits aside within its own window, and a bad
    window names the file, the line and the group."""
    from auditor.pipeline import audit_text

    rules = _copy(tmp_path)
    path = rules / "audit.yaml"
    text = path.read_text()
    line = "Provider keeps logs of batch jobs for 90 days for capacity planning."
    assert audit_text(line, load_ruleset(rules)).topics["audit"] == "missing"
    path.write_text(text.replace("      window: 12\n", "      window: 2\n", 1))
    assert audit_text(line, load_ruleset(rules)).topics["audit"] == "covered"  # "capacity planning" is 9 words off
    path.write_text(text.replace("      window: 12\n", "      window: far\n", 1))
    with pytest.raises(RuleError) as exc:
        load_ruleset(rules)
    at = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if l.strip() == "window: far")
    assert f"audit.yaml:{at}:" in str(exc.value) and "ignore_near[1].window" in str(exc.value)


def test_unknown_vocabulary_reference(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "retention.yaml"
    path.write_text(path.read_text().replace("[$data_objects,", "[$data_object,", 1))
    with pytest.raises(RuleError) as exc:
        load_ruleset(rules)
    assert "unknown vocabulary '$data_object'" in str(exc.value)
    assert "did you mean '$data_objects'" in str(exc.value)


def test_pattern_actor_is_validated_with_its_line(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "audit.yaml"
    text = path.read_text()
    assert "      actor: provider\n" in text
    path.write_text(text.replace("      actor: provider\n", "      actor: customer\n", 1))
    line = text[:text.index("      actor: provider\n")].count("\n") + 1
    with pytest.raises(RuleError) as exc:
        load_ruleset(rules)
    problem = next(p for p in exc.value.problems if "actor" in p)
    assert "audit.yaml" in problem and "expected 'provider'" in problem
    assert f"audit.yaml:{line}:" in problem, problem


def test_id_must_match_file_name_and_bad_yaml(tmp_path):
    rules = _copy(tmp_path)
    (rules / "deletion.yaml").write_text((rules / "deletion.yaml").read_text().replace("id: deletion", "id: erasure"))
    (rules / "broken.yaml").write_text("id: broken\ntopic: [unclosed\n")
    with pytest.raises(RuleError) as exc:
        load_ruleset(rules)
    problems = exc.value.problems
    assert any("deletion.yaml" in p and "key 'id'" in p for p in problems)
    assert any("broken.yaml" in p and "not valid YAML" in p for p in problems)


def test_new_rule_and_vendor_name_without_python(tmp_path, ruleset):
    """A risk team adds a product name for batch and a whole new rule in YAML only."""
    from auditor.pipeline import audit_text

    rules = _copy(tmp_path)
    head = rules / "ruleset.yaml"
    head.write_text(head.read_text().replace("    - flex tier\n", "    - flex tier\n    - harbour lane\n"))
    (rules / "subprocessors.yaml").write_text(
        """id: subprocessors
topic: subprocessors
title: Sub-processor commitments cover batch
checklist_items: [1]
severity: medium
commitment:
  require:
    - [sub-processor, subprocessor, subcontractor]
    - [notify, notice, approval, consent, authorisation, authorization]
remediation: Name batch in the sub-processor clause.
examples:
  - status: covered
    text: Provider shall give notice before engaging any new sub-processor, including for the harbour lane.
  - status: implied
    text: Provider shall obtain Customer's consent before engaging a new subprocessor.
"""
    )
    custom = load_ruleset(rules)
    assert "subprocessors" in custom.topics
    assert all(r.passed for r in run_examples(custom))
    text = "Provider shall not retain inputs or outputs of the Harbour Lane beyond 30 days, nor any other inputs or outputs."
    assert audit_text(text, custom.only({"retention"})).topics["retention"] == "covered"
    assert audit_text(text, ruleset.only({"retention"})).topics["retention"] == "implied"


# --------------------------------------------------------------------------- auditor rules explain


def _cli(*args):
    from click.testing import CliRunner

    from auditor.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("key", ["retention", "training-exclusion", "training_exclusion"])
def test_rules_explain_documents_a_rule_from_its_yaml(key, ruleset):
    result = _cli("rules", "explain", key, "--width", "100")
    assert result.exit_code == 0, result.output
    out = result.output
    rule = next(r for r in ruleset.rules if key in (r.id, r.topic))
    assert out.startswith(f"{rule.id} \u2014 {rule.title}\n")
    assert f"topic {rule.topic}" in out and f"severity {rule.severity}" in out
    assert f"rules/{rule.id}.yaml" in out
    for heading in ("What it searches for", "Statuses and what decides each", "Remediation", "Examples ("):
        assert f"\n{heading}" in out
    # Every example, with its expected status; every remediation text.
    assert out.count("expected ") == len(rule.examples)
    for k, example in enumerate(rule.examples, start=1):
        assert f"{k}. expected {example.status}" in out
        assert " ".join(example.text.split()[:6]) in " ".join(out.split())
    for text in rule.remediation.values():
        assert " ".join(text.split()[:8]) in " ".join(out.split())
    assert all(len(line) <= 100 for line in out.splitlines())


def test_rules_explain_names_vocabularies_and_the_statuses_a_rule_can_give():
    retention = _cli("rules", "explain", "retention").output
    assert "group 2: $data_objects, $input_artifacts, $output_artifacts" in retention
    assert "$period_words (" in retention and "all within 30 words" in retention
    assert "\n  partial: " in retention and "same schedule as synchronous traffic" in retention
    residency = _cli("rules", "explain", "residency").output
    assert "\n  partial: " not in residency  # no artifacts check: no partial
    assert "outside the committed region" in residency
    training = _cli("rules", "explain", "training_exclusion").output
    assert "prohibition" in training and "may use batch outputs to improve" in training


def test_rules_explain_markdown(ruleset):
    md = _cli("rules", "explain", "audit", "--format", "md").output
    rule = ruleset.rule_for("audit")
    assert md.startswith(f"# audit: {rule.title}\n")
    assert "| Topic | audit |" in md and "## Statuses and what decides each" in md
    assert "| `covered` |" in md and "| `missing` |" in md and "| `partial` |" not in md
    assert md.count("Expected **") == len(rule.examples)


def test_rules_explain_unknown_id_names_the_known_ones(ruleset):
    result = _cli("rules", "explain", "retension")
    assert result.exit_code == 2
    assert "unknown rule 'retension'; did you mean 'retention'?" in result.output
    for rule in ruleset.rules:
        assert rule.id in result.output
    assert "Traceback" not in result.output
    assert _cli("rules", "explain", "nothing-like-it").output.startswith(
        "error: unknown rule 'nothing-like-it'. Known rules: data-protection, ")


def test_rules_explain_follows_the_yaml(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "audit.yaml"
    path.write_text(path.read_text().replace("severity: high", "severity: medium")
                    .replace("title: ", "aliases: [logging]\ntitle: ", 1))
    out = _cli("rules", "explain", "logging", "--rules", rules).output
    assert "severity medium" in out and "former ids: logging" in out


def test_every_place_is_read_as_a_place(ruleset):
    """Each entry of the places vocabulary (countries, territories, regions, cities, adjectives,
    official names) is found as a place where a residency clause names it, whole."""
    from auditor.engine.reading import matcher_for

    places = ruleset.vocabulary["places"]
    texts = [f"The Supplier shall store Customer Data only in {p} ." for p in places]
    missed = []
    for place, text, ann in zip(places, texts, matcher_for(ruleset).annotate_many(texts)):
        at = text.index(place)
        if not any(ann.tokens[s].idx == at and ann.tokens[e - 1].idx + len(ann.tokens[e - 1].text) == at + len(place)
                   for s, e in ann.spans("v:places")):
            missed.append(place)
    assert not missed, f"not read as places: {missed}"
    assert len(places) > 300  # the countries and territories of the world, not a short list


def test_place_aliases_and_regions_name_known_places(ruleset):
    """Every alias, "inside" entry and region member names a place the vocabulary holds, so a
    risk team's new entry that misspells a country is caught."""
    from auditor.engine.topic import place_map

    known = {p.lower() for p in ruleset.vocabulary["places"]}
    aliases, wider = place_map(ruleset.vocabulary)
    bad = [f"{short} = {full}" for short, full in aliases.items() if full not in known or short not in known]
    for entry in ruleset.vocabulary["place_aliases"]:
        inner, sep, outer = entry.partition(" in ")
        if sep and "=" not in entry and (inner.strip().lower() not in known or outer.strip().lower() not in known):
            bad.append(entry)
    for name, members in ruleset.vocabulary.items():
        if name.startswith("region_") and not name.endswith("_escape"):  # (region_escape: words, not places)
            region = name[len("region_"):].replace("_", " ")
            bad += [f"{name}: {m}" for m in members if aliases.get(m.lower(), m.lower()) not in known]
            if region not in known:
                bad.append(name)
    assert not bad, bad
    assert "bermuda" in known and "nigeria" in known and wider["africa"] >= {"nigeria", "kenya", "ghana"}
