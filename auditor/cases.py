"""Language cases as data: YAML case files, one per phenomenon, and their harness.

A case is a short passage read as if it were a whole agreement, the status
one or more topics must get, and, for each topic that is not missing, the
words of the clause the status must rest on (and optionally its role)::

    cases:
      - id: negated-subject-01
        phenomenon: negated subject
        text: |
          7.3 No category of request, whether interactive or batched, is
          exempted from clause 7.1.
          7.1 The Provider shall encrypt Customer Data at rest.
        expect: {data_protection: covered}
        evidence: {data_protection: "The Provider shall encrypt Customer Data"}
        role: {data_protection: commitment}

The text is read as a ``.txt`` file holding it would be (``format: md``
reads it as Markdown). ``auditor cases FILE...`` runs case files,
``auditor eval DIR`` runs ``DIR/cases.yaml`` beside the labelled
agreements, and the test suite runs ``tests/cases/*.yaml``. Errors in a
case file name the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .ingest.normalize import normalize_text
from .model import COVERED, MISSING, ROLES, STATUSES, DocumentReport
from .rules import RuleSet

_KEYS = {"id", "phenomenon", "text", "expect", "evidence", "role", "note", "format"}


class CaseFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _Lines(yaml.SafeLoader):
    """A SafeLoader that records each mapping's line as ``__line__``."""


def _mapping(loader: _Lines, node: yaml.MappingNode) -> dict[str, Any]:
    out = {loader.construct_object(k, deep=True): loader.construct_object(v, deep=True) for k, v in node.value}
    out["__line__"] = node.start_mark.line + 1
    return out


_Lines.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _norm(text: str) -> str:
    """Words compared as read: as every reader normalises a block ("①" is "(1)"), curly quotes
    straightened, "**" emphasis markers dropped."""
    text = " ".join(normalize_text(line) for line in text.splitlines())
    return " ".join(text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').replace("**", "").split()).lower()


@dataclass(frozen=True)
class Case:
    path: str
    line: int
    id: str
    text: str
    expect: tuple[tuple[str, str], ...]
    evidence: tuple[tuple[str, str], ...] = ()
    roles: tuple[tuple[str, str], ...] = ()
    phenomenon: str = ""
    note: str = ""
    markdown: bool = False

    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class CaseOutcome:
    """One topic of one case: the status expected and got, and whether the
    evidence quoted the clause the case names (None when none is named)."""

    case: Case
    topic: str
    expected: str
    got: str
    evidence_ok: bool | None
    explanation: str
    quotes: tuple[tuple[str, str], ...]  # (role, text) cited by the finding

    @property
    def status_ok(self) -> bool:
        return self.got == self.expected

    @property
    def passed(self) -> bool:
        return self.status_ok and self.evidence_ok is not False

    @property
    def false_covered(self) -> bool:
        return self.got == COVERED and self.expected != COVERED


def load_cases(path: str | Path) -> list[Case]:
    """Read one case file; raises :class:`CaseFileError` naming file:line."""
    p = Path(path)
    problems: list[str] = []
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=_Lines)  # noqa: S506 (SafeLoader subclass)
    except OSError as exc:
        raise CaseFileError([f"{p}: cannot be read: {exc.strerror or exc}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{p}:{mark.line + 1}" if mark else str(p)
        raise CaseFileError([f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}"]) from None
    items = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise CaseFileError([f"{p}:1: expected a top-level 'cases:' list"])
    cases: list[Case] = []
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"{p}: case {n}: expected a mapping")
            continue
        line = item.get("__line__", 0)
        where = f"{p}:{line}"
        unknown = sorted(set(item) - _KEYS - {"__line__"})
        if unknown:
            problems.append(f"{where}: case {n}: unknown key(s) {', '.join(map(str, unknown))}; "
                            f"allowed: {', '.join(sorted(_KEYS))}")
        cid = str(item.get("id") or f"{p.stem}-{n}")
        if cid in seen:
            problems.append(f"{where}: case id {cid!r} is used twice")
        seen.add(cid)
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: case {cid}: 'text' must be a non-empty string")
            continue
        expect = item.get("expect")
        if not isinstance(expect, dict) or not [k for k in expect if k != "__line__"]:
            problems.append(f"{where}: case {cid}: 'expect' must map topics to statuses")
            continue
        exp = {str(k): str(v) for k, v in expect.items() if k != "__line__"}
        for topic, status in exp.items():
            if status not in STATUSES:
                problems.append(f"{where}: case {cid}: topic {topic}: unknown status {status!r} "
                                f"(one of {', '.join(STATUSES)})")
        ev = {str(k): str(v) for k, v in (item.get("evidence") or {}).items() if k != "__line__"}
        roles = {str(k): str(v) for k, v in (item.get("role") or {}).items() if k != "__line__"}
        for topic, quote in ev.items():
            if topic not in exp:
                problems.append(f"{where}: case {cid}: evidence for {topic}, which 'expect' does not judge")
            elif _norm(quote) not in _norm(text):
                problems.append(f"{where}: case {cid}: evidence for {topic} is not words of the text: {quote[:60]!r}")
        for topic, role in roles.items():
            if role not in ROLES:
                problems.append(f"{where}: case {cid}: role {role!r} for {topic} (one of {', '.join(ROLES)})")
            elif topic not in ev:
                problems.append(f"{where}: case {cid}: a role for {topic} needs its evidence words")
        cases.append(Case(str(p), line, cid, text, tuple(sorted(exp.items())), tuple(sorted(ev.items())),
                          tuple(sorted(roles.items())), str(item.get("phenomenon") or ""),
                          str(item.get("note") or ""), str(item.get("format") or "txt") == "md"))
    if problems:
        raise CaseFileError(problems)
    return cases


def case_files(paths: list[str]) -> list[Path]:
    """The case files named, and ``*.yaml`` files under directories named."""
    out: list[Path] = []
    for name in paths:
        p = Path(name)
        out.extend(sorted(p.rglob("*.yaml")) if p.is_dir() else [p])
    return out


def _evidence_ok(report: DocumentReport, topic: str, quote: str, role: str | None) -> bool:
    finding = next((f for f in report.findings if f.topic == topic), None)
    if finding is None:
        return False
    want = _norm(quote)
    for e in finding.evidence:
        got = _norm(e.text)
        if (want in got or (got and got in want)) and (role is None or e.role == role):
            return True
    return False


def run_case(case: Case, ruleset: RuleSet) -> list[CaseOutcome]:
    from .ingest import document_from_string
    from .model import IngestError
    from .pipeline import audit_document

    try:
        report = audit_document(document_from_string(case.text, case.id, markdown=case.markdown), ruleset)
    except IngestError as exc:
        return [CaseOutcome(case, t, s, "not_assessable", None, exc.message, ()) for t, s in case.expect]
    evidence, roles = dict(case.evidence), dict(case.roles)
    out = []
    for topic, expected in case.expect:
        got = report.topics.get(topic, "not_assessed")
        finding = next((f for f in report.findings if f.topic == topic), None)
        quote = evidence.get(topic)
        ok = None if quote is None or expected == MISSING else _evidence_ok(report, topic, quote, roles.get(topic))
        out.append(CaseOutcome(case, topic, expected, got, ok, finding.explanation if finding else "",
                               tuple((e.role, e.text) for e in finding.evidence) if finding else ()))
    return out


@dataclass
class CaseTally:
    outcomes: list[CaseOutcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def status_correct(self) -> int:
        return sum(o.status_ok for o in self.outcomes)

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def false_covered(self) -> int:
        return sum(o.false_covered for o in self.outcomes)

    @property
    def evidence_wrong(self) -> int:
        return sum(o.status_ok and o.evidence_ok is False for o in self.outcomes)


def run_cases(cases: list[Case], ruleset: RuleSet) -> CaseTally:
    tally = CaseTally()
    for case in cases:
        tally.outcomes.extend(run_case(case, ruleset))
    return tally


def format_tally(tally: CaseTally, verbose: bool = False) -> str:
    lines = []
    for o in tally.outcomes:
        if o.passed and not verbose:
            continue
        mark = "ok  " if o.passed else ("FAIL" if not o.status_ok else "EVID")
        lines.append(f"{mark} {o.case.location()} {o.case.id} {o.topic}: expected {o.expected}, got {o.got}"
                     + (" (evidence not quoted)" if o.status_ok and o.evidence_ok is False else ""))
        if not o.passed:
            if o.case.phenomenon:
                lines.append(f"     phenomenon: {o.case.phenomenon}")
            if o.explanation:
                lines.append(f"     {o.explanation}")
    n = tally.total
    share = tally.status_correct / n if n else 0.0
    lines.append(f"{tally.passed} passed, {n - tally.passed} failed; statuses {tally.status_correct}/{n} "
                 f"({share:.1%}), false covered {tally.false_covered}, evidence not quoted {tally.evidence_wrong}")
    return "\n".join(lines) + "\n"


def cue_cases(ruleset: RuleSet) -> list[Case]:
    """The cases of every cue category in the rule set's ``cues.yaml``."""
    cues = ruleset.cues
    if cues is None:
        return []
    out = []
    for name, cat in cues.categories.items():
        for k, c in enumerate(cat.cases, start=1):
            out.append(Case(cues.path, c.line, f"{name}-{k}", c.text, c.expect, c.evidence, (), name))
    return out
