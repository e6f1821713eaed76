"""``auditor explain``: each statement as read, and each topic's decision trace."""

from __future__ import annotations

import json

from ..statements import Statement, TopicTrace


def _interesting(s: Statement) -> bool:
    return bool(s.function not in ("description",) or s.topics or s.uses or s.mentions or s.modes_included
                or s.modes_excepted or s.sync_modes or s.region_escape)


def _line(s: Statement) -> list[str]:
    where = s.section or s.clause_id
    quote = " ".join(s.text.split())
    out = [f"[{where}] {quote}"]
    facts = [f"function={s.function}", f"actor={s.actor or '-'}", f"polarity={s.polarity}"]
    if s.topics:
        facts.append("commits=" + ",".join(s.topics))
    if s.uses:
        facts.append("denies/permits=" + ",".join(s.uses))
    if s.mentions:
        facts.append("names=" + ",".join(s.mentions))
    if s.objects:
        facts.append("object=" + "+".join(s.objects))
    out.append("    " + "  ".join(facts))
    modes = []
    if s.modes_included:
        modes.append("batch in: " + "; ".join(s.modes_included))
    if s.modes_excepted:
        modes.append("batch out: " + "; ".join(s.modes_excepted))
    if s.sync_modes:
        modes.append("real-time: " + "; ".join(s.sync_modes))
    if s.limited_to_sync:
        modes.append("limited to real-time")
    if s.negated_exclusion:
        modes.append("nothing excluded (double negative)")
    if s.region_escape:
        modes.append("may leave the region")
    if s.cue:
        modes.append(f'cue "{s.cue}"')
    if modes:
        out.append("    modes: " + " | ".join(modes))
    more = []
    if s.periods:
        more.append("periods: " + "; ".join(f"{p.text} ({p.mode})" for p in s.periods))
    if s.places:
        more.append("places: " + ", ".join(s.places))
    if s.targets:
        more.append("targets: " + ", ".join(s.targets))
    if s.terms:
        more.append("terms: " + ", ".join(s.terms))
    if s.row:
        more.append("row: " + s.row)
    if s.label_line:
        more.append("label line")
    if more:
        out.append("    " + " | ".join(more))
    return out


def render_explain(name: str, statements: tuple[Statement, ...], traces: tuple[TopicTrace, ...],
                   show_all: bool = False) -> str:
    lines = [f"# {name}", "", "Statements:"]
    shown = [s for s in statements if show_all or _interesting(s)]
    for s in shown:
        lines += _line(s)
    if len(shown) < len(statements):
        lines.append(f"    ({len(statements) - len(shown)} other sentences describe, and name no topic or mode; --all shows them)")
    lines += ["", "Decisions:"]
    for t in traces:
        lines.append(f"  {t.topic}: {t.status} ({t.reason})")
        lines.append(f"    {t.explanation}")
        for step in t.steps:
            lines.append(f"    - {step.role} [{step.section or step.clause_id}] {' '.join(step.text.split())[:160]}")
    return "\n".join(lines) + "\n"


def render_explain_json(name: str, statements: tuple[Statement, ...], traces: tuple[TopicTrace, ...]) -> str:
    data = {"document": name, "statements": [s.to_dict() for s in statements],
            "decisions": [{"topic": t.topic, "status": t.status, "reason": t.reason, "explanation": t.explanation,
                           "steps": [{"role": x.role, "clause_id": x.clause_id, "section": x.section, "text": x.text}
                                     for x in t.steps]} for t in traces]}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
