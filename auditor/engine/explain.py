"""One-sentence explanations a lawyer can check in a minute."""

from __future__ import annotations

from ..english import count
from ..model import ROLE_CARVE_OUT, ROLE_DEFINITION, ROLE_LIMITATION, ROLE_UMBRELLA
from ..rules import Rule
from .topic import Cited, TopicResult


def where(c: Cited) -> str:
    """Where a lawyer finds the clause: "§11.3(b)", "¶ 3 on page 4", '"Data Commitments" ¶ 2'."""
    clause = c.reading.clause
    cite = clause.cite or clause.section
    if cite:
        if cite[0].isdigit() or cite.startswith("("):
            return f"\u00a7{cite}"
        if clause.page and not clause.section:
            return f"{cite} on page {clause.page}"
        return cite
    if clause.page:
        return f"page {clause.page}"
    return clause.source or "the document"


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def explain(rule: Rule, result: TopicResult, searched: int) -> str:
    by_role = {}
    for c in result.cited:
        by_role.setdefault(c.role, c)
    first = result.cited[0] if result.cited else None
    reason = result.reason
    if reason == "carve_out":
        c = by_role.get(ROLE_CARVE_OUT) or by_role.get(ROLE_LIMITATION) or first
        cue = c.reading.modes.cue or c.reading.table_cell or ""
        if c.role == ROLE_LIMITATION:
            return f"{where(c)} limits the commitment to real-time processing or to named products (\"{_quote(cue, 60)}\"), which leaves batch out."
        if c.reading.table_cell:
            return f"The table row at {where(c)} states \"{_quote(c.reading.table_cell, 70)}\" for batch, which carves batch out of the commitment."
        if c.reading.modes.region_escape and rule.region and not c.reading.modes.batch_excluded:
            return f"{where(c)} lets batch processing take place outside the committed region (\"{_quote(cue, 60)}\")."
        if by_role.get(ROLE_DEFINITION) and not cue and (
                rule.topic in c.reading.affirmative_use or rule.topic in c.reading.leave_spans):
            d = by_role[ROLE_DEFINITION]
            return (f"{where(c)} permits a use the commitment otherwise forbids for a defined term whose "
                    f"definition at {where(d)} includes batch processing.")
        if by_role.get(ROLE_DEFINITION) and not cue and c.reading.overrides and rule.region:
            d = by_role[ROLE_DEFINITION]
            return (f"{where(c)} lets data of a defined term whose definition at {where(d)} is batch's alone be "
                    f"kept or processed outside the committed region.")
        if by_role.get(ROLE_DEFINITION) and not cue and c.reading.overrides:
            d = by_role[ROLE_DEFINITION]
            return (f"{where(c)} departs from the commitment for a defined term whose definition at {where(d)} "
                    f"is batch's alone.")
        if by_role.get(ROLE_DEFINITION) and not cue:
            d = by_role[ROLE_DEFINITION]
            return f"The commitment relies on a term whose definition at {where(d)} leaves batch processing out."
        if not cue and c.reading.modes.negated_applicability and c.reading.inputs != c.reading.outputs:
            side = "outputs" if c.reading.outputs else "inputs"
            return (f"{where(c)} takes {side} out of the commitment for every processing mode, so batch {side} "
                    f"are not reached on the same schedule.")
        if not cue and rule.topic in c.reading.action_denied and rule.polarity != "prohibition":
            return f"{where(c)} states that the commitment is not given where batch is named."
        if not cue and rule.region and c.reading.ann.has("v:places"):
            a = c.reading.ann
            places = ", ".join(dict.fromkeys(" ".join(t.text for t in a.tokens[s:e]) for s, e in a.spans("v:places")))
            return f"{where(c)} lets batch data be kept or processed outside the committed region ({places})."
        if not cue:
            return f"{where(c)} permits batch data to be used in a way the commitment otherwise forbids."
        return f"{where(c)} carves batch out (\"{_quote(cue, 60)}\"); a specific carve-out overrides any general or umbrella wording."
    if reason == "sync_only":
        return f"Every commitment found ({', '.join(sorted({where(c) for c in result.cited}))}) is limited to real-time or synchronous processing; batch is not covered."
    if reason == "places":
        return (f"{where(first)} lets batch processing take place in {result.detail.get('batch')}, outside the "
                f"places the residency commitment allows ({result.detail.get('general')}).")
    if reason == "schedule":
        g, b = result.detail.get("general", "?"), result.detail.get("batch", "?")
        places = " and ".join(dict.fromkeys(where(c) for c in result.cited))
        return f"Batch is on a different schedule ({b}) from other traffic ({g}), see {places}."
    if reason in ("inputs_only", "outputs_only"):
        have, lack = ("inputs", "outputs") if reason == "inputs_only" else ("outputs", "inputs")
        named = next((c for c in result.cited if c.reading.modes.batch_included), first)
        return f"Batch is named at {where(named)}, but only batch {have} are covered; nothing reaches batch {lack} on the same schedule."
    if reason == "direct":
        return f"{where(first)} states the commitment and names batch or asynchronous processing expressly."
    if reason == "reinclusion":
        defs = [c for c in result.cited if c.role == ROLE_DEFINITION]
        return (f"{where(first)} relies on a defined term whose definition at {where(defs[0])} leaves batch out, "
                f"but {where(defs[-1])} puts batch back into it for the clause the commitment sits in.")
    if reason == "definition":
        d = by_role[ROLE_DEFINITION]
        return f"{where(first)} relies on a defined term whose definition at {where(d)} includes batch processing."
    if reason == "umbrella":
        u = by_role[ROLE_UMBRELLA]
        if where(u) == where(first):
            return f"{where(first)} states the commitment and then extends it expressly to batch processing; nothing carves batch out."
        return f"{where(first)} is extended to batch by the umbrella clause at {where(u)}, and nothing carves batch out."
    if reason == "silent":
        places = ", ".join(list(dict.fromkeys(where(c) for c in result.cited))[:4])
        return (f"A commitment exists ({places}) but says nothing about processing modes; no clause, definition or "
                f"umbrella brings batch in, so coverage of batch is only implied.")
    return f"No {rule.topic.replace('_', ' ')} commitment was found in the {count(searched, 'sentence')} read."
