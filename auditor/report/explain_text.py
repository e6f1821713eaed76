"""``auditor explain``: each statement as read, and each topic's decision trace."""

from __future__ import annotations

import json

from ..english import count

from ..statements import Statement, TopicTrace


def _interesting(s: Statement) -> bool:
    return bool(s.function not in ("description",) or s.topics or s.uses or s.mentions or s.modes_included
                or s.modes_excepted or s.sync_modes or s.region_escape)


def _joined(parts: list[tuple[str, object, str]], sep: str) -> str:
    """The labelled values that are present: ("commits=", ("retention",), ",") -> "commits=retention"."""
    out = []
    for label, value, glue in parts:
        if value:
            out.append(label + (glue.join(value) if isinstance(value, tuple) else ("" if value is True else str(value))))
    return sep.join(out)


def _line(s: Statement) -> list[str]:
    where = s.cite or s.section or s.clause_id
    out = [f"[{where}] {' '.join(s.text.split())}"]
    facts = _joined([("function=", s.function, ""), ("actor=", s.actor or "-", ""), ("polarity=", s.polarity, ""),
                     ("commits=", s.topics, ","), ("denies/permits=", s.uses, ","), ("names=", s.mentions, ","),
                     ("object=", s.objects, "+")], "  ")
    out.append("    " + facts)
    modes = _joined([("batch in: ", s.modes_included, "; "), ("batch out: ", s.modes_excepted, "; "),
                     ("real-time: ", s.sync_modes, "; "), ("limited to real-time", s.limited_to_sync, ""),
                     ("nothing excluded (double negative)", s.negated_exclusion, ""),
                     ("may leave the region", s.region_escape, ""), ("cue ", f'"{s.cue}"' if s.cue else "", "")], " | ")
    if modes:
        out.append("    modes: " + modes)
    more = _joined([("periods: ", tuple(f"{p.text} ({p.mode})" for p in s.periods), "; "),
                    ("places: ", s.places, ", "), ("targets: ", s.targets, ", "), ("terms: ", s.terms, ", "),
                    ("row: ", s.row or "", ""), ("label line", s.label_line, "")], " | ")
    if more:
        out.append("    " + more)
    return out


def render_explain(name: str, statements: tuple[Statement, ...], traces: tuple[TopicTrace, ...],
                   show_all: bool = False) -> str:
    lines = [f"# {name}", "", "Statements:"]
    shown = [s for s in statements if show_all or _interesting(s)]
    for s in shown:
        lines += _line(s)
    if len(shown) < len(statements):
        others = len(statements) - len(shown)
        verb = "describes, and names" if others == 1 else "describe, and name"
        lines.append(f"    ({count(others, 'other sentence')} {verb} no topic or mode; --all shows them)")
    lines += ["", "Decisions:"]
    for t in traces:
        lines.append(f"  {t.topic}: {t.status} ({t.reason})")
        lines.append(f"    {t.explanation}")
        for step in t.steps:
            lines.append(f"    - {step.role} [{step.cite or step.section or step.clause_id}] {' '.join(step.text.split())[:160]}")
    return "\n".join(lines) + "\n"


def render_explain_json(name: str, statements: tuple[Statement, ...], traces: tuple[TopicTrace, ...]) -> str:
    data = {"document": name, "statements": [s.to_dict() for s in statements],
            "decisions": [{"topic": t.topic, "status": t.status, "reason": t.reason, "explanation": t.explanation,
                           "steps": [{"role": x.role, "clause_id": x.clause_id, "section": x.section, "cite": x.cite,
                                      "text": x.text}
                                     for x in t.steps]} for t in traces]}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
