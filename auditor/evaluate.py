"""Evaluation against a labelled corpus: accuracy, confusion matrix, false "covered"."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from typing import Callable

from .model import COVERED, NOT_ASSESSED, STATUSES, Agreement, DocumentReport
from .cases import CaseFileError, CaseTally, format_tally, load_cases, run_cases
from .catalogue import audit_agreement
from .rules import RuleSet

LABELS_FILE = "labels.yaml"
CASES_FILE = "cases.yaml"


class LabelsError(Exception):
    pass


@dataclass
class Mismatch:
    document: str
    topic: str
    expected: str
    got: str
    explanation: str


@dataclass
class EvalResult:
    topics: tuple[str, ...]
    documents: int = 0
    total: int = 0
    correct: int = 0
    per_topic: dict[str, list[int]] = field(default_factory=dict)  # topic -> [correct, total]
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)  # (expected, got) -> n
    mismatches: list[Mismatch] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    cases: CaseTally | None = None  # DIRECTORY/cases.yaml, when there is one

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def false_covered(self) -> int:
        return sum(n for (exp, got), n in self.confusion.items() if got == COVERED and exp != COVERED)


def load_labels(directory: Path) -> dict[str, dict[str, str]]:
    """Each labelled agreement's expected statuses (see :func:`load_entries`)."""
    return {name: topics for name, (_, topics) in load_entries(directory).items()}


def load_entries(directory: Path) -> dict[str, tuple[tuple[str, ...], dict[str, str]]]:
    """Each labelled agreement: its files and its expected statuses.

    An entry names one file, or an agreement of several files read as one
    (``files: [msa.pdf, dpa.docx, order-form.txt]``)."""
    path = directory / LABELS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelsError(f"{path}: not found; a corpus needs a labels file") from None
    except yaml.YAMLError as exc:
        raise LabelsError(f"{path}: not valid YAML: {exc}") from None
    docs = (data or {}).get("documents")
    if not isinstance(docs, dict) or not docs:
        raise LabelsError(f"{path}: expected a 'documents' mapping of file to topics")
    out: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {}
    for name, entry in docs.items():
        topics = (entry or {}).get("topics") if isinstance(entry, dict) else None
        if not isinstance(topics, dict):
            raise LabelsError(f"{path}: document '{name}' has no 'topics' mapping")
        for topic, status in topics.items():
            if status not in STATUSES:
                raise LabelsError(f"{path}: document '{name}' topic '{topic}': unknown status {status!r}")
        files = entry.get("files") or [name]
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise LabelsError(f"{path}: document '{name}': 'files' must be a list of file names")
        out[str(name)] = (tuple(files), {str(k): str(v) for k, v in topics.items()})
    return out


AuditMany = Callable[[list[Agreement]], list[DocumentReport]]


def evaluate(directory: str | Path, ruleset: RuleSet, audit_many: AuditMany | None = None) -> EvalResult:
    """Score ``ruleset`` on the corpus in ``directory``. ``audit_many`` audits the labelled
    agreements and returns their reports in order (default: one after the other, here)."""
    base = Path(directory)
    entries = load_entries(base)
    labels = {name: topics for name, (_, topics) in entries.items()}
    result = EvalResult(topics=ruleset.topics)
    for topic in ruleset.topics:
        result.per_topic[topic] = [0, 0]
    names = sorted(labels)
    agreements = [Agreement(name, tuple(str(base / f) for f in entries[name][0])) for name in names]
    if audit_many is None:
        reports = [audit_agreement(a, ruleset) for a in agreements]
    else:
        reports = audit_many(agreements)
    for name, report in zip(names, reports):
        result.documents += 1
        if report.errors and not all(s == NOT_ASSESSED for s in labels[name].values()):
            # (a document labelled not assessed on every topic, a scan with no text layer, is meant to be
            # unreadable: its statuses are scored like any other, and not reading it is no fault)
            result.unreadable.append(f"{name}: {report.errors[0].get('message')}")
        explanations = {f.topic: f.explanation for f in report.findings}
        for topic, expected in sorted(labels[name].items()):
            if topic not in result.per_topic:
                continue
            got = report.topics.get(topic, "not_assessed")
            result.total += 1
            result.per_topic[topic][1] += 1
            result.confusion[(expected, got)] = result.confusion.get((expected, got), 0) + 1
            if got == expected:
                result.correct += 1
                result.per_topic[topic][0] += 1
            else:
                result.mismatches.append(Mismatch(name, topic, expected, got, explanations.get(topic, "")))
    if (base / CASES_FILE).is_file():
        try:
            result.cases = run_cases(load_cases(base / CASES_FILE), ruleset)
        except CaseFileError as exc:
            raise LabelsError("\n".join(exc.problems)) from None
    return result


def format_result(result: EvalResult) -> str:
    lines = [f"Documents: {result.documents}   topic statuses: {result.total}   "
             f"accuracy: {result.accuracy:.1%}   false covered: {result.false_covered}", ""]
    lines.append(f"{'topic':<20} {'correct':>7} {'total':>6} {'accuracy':>9}")
    for topic, (ok, n) in result.per_topic.items():
        lines.append(f"{topic:<20} {ok:>7} {n:>6} {ok / n if n else 0:>9.1%}")
    statuses = [s for s in STATUSES if any(s in k for k in result.confusion)]
    lines += ["", "Confusion matrix (rows: expected, columns: got)",
              f"{'':<13}" + "".join(f"{s:>13}" for s in statuses)]
    for exp in statuses:
        lines.append(f"{exp:<13}" + "".join(f"{result.confusion.get((exp, got), 0):>13}" for got in statuses))
    if result.mismatches:
        lines += ["", "Mismatches:"]
        for m in result.mismatches:
            lines.append(f"  {m.document} {m.topic}: expected {m.expected}, got {m.got}")
            if m.explanation:
                lines.append(f"      {m.explanation}")
    if result.unreadable:
        lines += ["", "Unreadable:"] + [f"  {u}" for u in result.unreadable]
    if result.cases is not None:
        lines += ["", f"Clause cases ({CASES_FILE}):", format_tally(result.cases).rstrip("\n")]
    return "\n".join(lines) + "\n"
