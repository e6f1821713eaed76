"""Document passes: what one sentence does to others once every sentence has
been read. A later sentence switches an earlier one off ("That statement
does not apply to the Bank"), an amendment deletes or replaces a clause, a
clause overrides another, an opt-out is honoured, a period is given by
reference, a question's answers take its topic, and a denied exception
reaches what it was taken from. Each pass changes the readings in place,
before any topic is decided."""

from __future__ import annotations

import re
from dataclasses import replace

from ..english import SPELLED_PARAGRAPH, spelled_paragraph_number
from ..model import Segmentation
from ..nlp.grammar import bracket_spans, is_number_label, is_url
from ..nlp.scope import near
from ..nlp.stem import stem
from ..nlp.terms import Annotated
from ..rules import RuleSet
from .amended_cells import amends_cell
from .durations import Duration, find_durations
from .labels import ignore_labels, topic_label
from .precedence import file_named, file_of
from .reading import action_spans, plan_for, whole_action_spans
from .references import parse_refs, unbracket
from .records import SentenceReading



def _customer_subject(a: Annotated) -> bool:
    """Does the sentence open with the customer bound by its own duty ("The
    Federation shall keep ...")? Not "The input file you upload ... is kept", nor
    "The Fund cannot elect zero data retention for batch jobs, whose files are kept ..."."""
    return any(s <= 1 and e < len(a) and a.norm(e) in ("shall", "must", "will") for s, e in a.spans("v:customer_parties"))

# Sentences that promise nothing themselves: "The Parties will revert on the result files ... at the
# next quarterly review" gives batch no period, whatever came before it.
_SAYS_NOTHING = ("deferral", "pointer", "heading", "recital", "summary", "report", "precedence", "superseded")


def _answer_questions(readings: list[SentenceReading], ruleset: RuleSet) -> None:
    """Vendor Q&A: "How long do you keep my data? Messages API: 30 days. Batch
    API: until you delete the batch." A question about a scheduled topic makes
    the periods in the answers after it (up to the next question, within
    three clauses) statements on that topic."""
    asked: set[str] = set()
    asked_at = -99
    clause_no = -1
    last_clause = None
    stated: set[str] = set()  # scheduled topics committed to earlier in this clause
    scheduled = {rule.topic for rule in ruleset.rules if rule.schedule}
    for r in readings:
        if r.clause.id != last_clause:
            clause_no += 1
            last_clause = r.clause.id
            stated = set()
        if r.is_definition:
            continue  # "'Deferred Jobs' means ... returned within 24 hours": what the mode is, not a period it keeps data
        if r.actor == "customer" and _customer_subject(r.ann):
            continue  # "The Federation shall keep batch output files for 7 days": the customer's own duty, no period of ours
        if stated and not (r.commitments & stated) and (r.modes.batch or r.modes.sync) and r.function not in _SAYS_NOTHING:
            # "Data Retention: 30 days for all API traffic. Batch: 60 days."
            periods = find_durations(r.text)
            if periods:
                r.commitments |= stated
                r.topic_mentions |= stated
                r.durations = periods
        if not r.text.rstrip().endswith("?"):
            stated |= r.commitments & scheduled  # a question states nothing; its answers are read below
        if r.text.rstrip().endswith("?"):
            asked = {rule.topic for rule in ruleset.rules if rule.schedule
                     and (action_spans(r.ann, rule) or r.ann.has(topic_label(rule)))}
            asked_at = clause_no
            continue
        if not asked or clause_no - asked_at > 3 or r.commitments & asked:
            continue
        periods = find_durations(r.text)
        # "Can we audit you? We publish a transparency report every year": an answer about
        # something the topic sets aside (its look-alikes) answers nothing.
        answered = {rule.topic for rule in ruleset.rules if rule.topic in asked
                    and not any(r.ann.has(label) for label, _ in ignore_labels(rule))}
        if periods and answered:
            r.commitments |= answered
            r.topic_mentions |= answered
            r.durations = periods


_BACK = {"that", "this", "such", "these", "those", "it", "foregoing"}


def _mark_disapplied(readings: list[SentenceReading]) -> None:
    """"Our documentation states that batch jobs may run in any geography.
    That statement does not apply to the Bank." The second sentence switches
    the first off, so the first is no carve-out."""
    for prev, r in zip(readings, readings[1:]):
        if prev.clause.id != r.clause.id or not r.modes.negated_applicability or r.modes.batch:
            continue
        head = {t.norm for t in r.ann.tokens[:3]}
        if head & _BACK and not r.commitments:
            prev.disapplied = True


# 'the definition of "Agency Data" in clause 1.1 of the Agreement is deleted': one definition of the clause.
_DEFINITION_OF = re.compile(r"\bthe\s+definition\s+of\s+[\"\u201c](?P<term>[^\"\u201d]{1,60})[\"\u201d]\s+(?:in|of|under|at)\s+$", re.I)
# "The exception for batch result files in", "the carve-out to": what an amendment of the clause named
# after it takes away is that exception, not the clause.
_EXCEPTION_IN = re.compile(r"\b(?:exception|exemption|carve-?out|derogation|exclusion)s?\b[^.;]{0,60}\b(?:in|to|of|under|from)\s*$",
                           re.I)
# (not "the maximum period of numeral 8.1 ... is replaced": a part of the clause, named before it, is)
_AMENDS = re.compile(r"(?<!proviso to )(?<!proviso in )(?<!sentence of )(?<!sentence in )(?<![a-z] of )(?:\b(?P<kind>(?:sub-?)?clause|(?:sub-?)?section|paragraph|article|point|numeral|item)\s+|\u00a7\s*)"
                     rf"(?P<ref>\d{{1,3}}(?:\.\d{{1,3}})*|[A-Z]\.\d{{1,3}}(?:\.\d{{1,3}})*|(?P<spelled>{SPELLED_PARAGRAPH})\.?)(?:\s?(?P<para>\(\d{{1,2}}\)(?:\([a-z]{{1,4}}\))?|\([a-z]{{1,4}}\)))?"
                     r"(?:,?\s*(?:paragraph|para\.|par\.|sec\.|\u00a7)\s*\(?(?P<pnum>\d{1,2})\)?)?,?\s+"  # "Article 9, paragraph 1 of the Agreement", "§ 8 para. 2", "Article 7 par. 2"
                     r"(?:of\s+(?:the|this)\s+(?P<doc>[A-Z]\w*(?:\s+[A-Z]\w*)?)(?=,\s+which\s)|of\s+(?:the|this)\s+(?P<doc2>[A-Z]\w*(?:\s+[A-Z]\w*)?)\s+|(?-i:[A-Z]{2,6})\s+"  # "... of the Agreement", "... AVV"
                     # "Paragraph 2.1 of Annexure D": a paragraph of a named part, that part's own
                     r"|of\s+(?:the\s+)?(?P<annex>(?:annexure|annex|schedule|appendix|exhibit|attachment)\s+[A-Z0-9]{1,3})\s+)?"
                     # ... the clause's words quoted, or described, before the verb: 'Clause 5.2, "We process ...",
                     # is struck out', 'Point 5.3 of the Main Agreement ("Batch ... may be processed in ...") is deleted'
                     # (', which read "...", is repealed')
                     r"(?:,?\s*(?:which\s+(?:read|reads|provided|provides|stated|states|said)(?:\s+as\s+follows)?:?\s*)?"
                     r"\(?[\"\u201c][^\"\u201d]{1,400}[\"\u201d]\)?,?\s+"
                     # ("(under which the Provider was to delete ... within thirty (30) days)": a bracket inside the aside)
                     r"|\((?:(?:under|by|pursuant\s+to)\s+which|whereby|which|that)\s(?:[^()]|\([^()]{0,40}\)){1,300}\)\s+"
                     # (', which allowed Vendor to retain batch outputs for ninety (90) days, is deleted')
                     r"|,\s*(?:which|that)\s+(?:allowed|permitted|required|provided|set|gave|excluded|governed|applied|imposed|granted|obliged)\b[^.;\"\u201c]{1,200}?,\s+)?"
                     # ("§ 5 of the Agreement shall read as follows:", "... shall have the following wording:")
                     r"(?:(?:shall|will)\s+(?:hereafter\s+)?(?:read|be\s+worded|have\s+the\s+following\s+wording)\b|"
                     r"(?:is|shall\s+be)\s+(?:hereby\s+)?(?:deleted|replaced|struck\s+out|revoked|repealed"
                     # (not "amended so that, in respect of batch output files only, the words ... are replaced":
                     # a change for part of what the clause covers, which the clause as changed is read for)
                     r"|amended\s+(?:(?:so|such)\s+that(?![^.]*\b(?:only|the\s+words?)\b)|(?:so\s+as\s+)?to\s+read|as\s+follows))\b)", re.I)


def _honoured(a: Annotated, at: int, honour: frozenset[str], actor: str | None) -> bool:
    """Is the opt-out at ``at`` the object of a verb of honouring ("shall honour the
    Bank's recorded election to opt out"), said by the provider? In "The Client
    declares its objection ...; the Contractor is obliged to honour this objection"
    the second clause has a subject of its own."""
    verb = next((i for i in reversed(range(max(0, at - 8), at)) if a.norm(i) in honour), None)
    if verb is None:
        # "shall ensure that this opt-out is honoured": the passive, the verb after the opt-out
        # ... past what the opt-out is about: "The objection declared by the Fund on 1 March 2025 to any
        # use of its data for model improvement shall be honoured by the Contractor"
        after = next((i for i in range(at + 1, min(at + 30, len(a))) if a.norm(i) in honour
                      and a.norm(i - 1) in ("is", "be", "are", "been")), None)
        if after is not None and any(a.word(i) in (";", ":", ".") for i in range(at + 1, after)):
            after = None
        if after is not None:
            start = max((i + 1 for i in range(at) if a.word(i) in (";", ":")), default=0)
            return any(start <= s < at for s, _ in a.spans("v:provider_parties")) or (actor != "customer" and start == 0)
        return False
    if any(a.word(i) in (";", ":", ".") for i in range(verb + 1, at)) or any(
            verb < s < at for s, _ in a.spans("v:modal")):
        return False
    start = max((i + 1 for i in range(verb) if a.word(i) in (";", ":")), default=0)
    if any(start <= s < verb for s, _ in a.spans("v:provider_parties")):
        return True
    return actor != "customer" and start == 0


def _honoured_opt_outs(readings: list[SentenceReading], ruleset: RuleSet) -> None:
    """"The Customer is opted out of model improvement. The Supplier shall
    honour that opt-out in respect of all traffic, including ... the Message
    Batches API." Honouring an opt-out is a prohibition of what was opted out
    of: the topic comes from the sentence itself or from the sentences before
    it in the same clause (or the clause just before)."""
    plan = plan_for(ruleset)
    prohibitions = [rp for rp in plan.rules if rp.rule.polarity == "prohibition"]
    if not prohibitions:
        return
    honour = plan.grammar.honour_verb
    for k, r in enumerate(readings):
        a = r.ann
        if not a.has("c:opt_out") or r.table_kind:
            continue
        if not any(_honoured(a, s, honour, r.actor) for s, _ in a.spans("c:opt_out")):
            continue  # "Customer may opt out": a choice, not a duty to honour it
        lo = max(0, k - 3)
        context = [x for j, x in enumerate(readings[lo:k + 1], start=lo) if x.clause.id == r.clause.id or j == k - 1]
        for rp in prohibitions:
            topic = rp.rule.topic
            if any(topic in x.topic_mentions or action_spans(x.ann, rp.rule) for x in context):
                r.commitments.add(topic)
                r.topic_mentions.add(topic)
                r.affirmative_use.discard(topic)  # the use opted out of is what is barred, not allowed
                r.function = "prohibition"


_ANNEX_SECTION = re.compile(r"^(?:[^,]+, )?(?:Annex|Schedule|Appendix|Exhibit|Attachment|Part) [A-Z0-9]+\b")
_OWN_PART = re.compile(r"^(?:\W*\d[\d.]*\s+)?this\s+(?:annex|schedule|appendix|exhibit|attachment|part)\b", re.I)
# A text speaking of itself as a whole: "This memorandum ...", "This letter ...", "This FAQ ...".
_WHOLE_TEXT = re.compile(r"^(?:\W*\d[\d.]*\s+)?this\s+(?:memorandum|memo|letter|e-?mail|note|document|white\s?paper|FAQ|summary|briefing|presentation|"
                         r"certificate|attestation|declaration|statement|questionnaire|report|brochure|extract)\b", re.I)
# "It is issued for information purposes ...", said just after "This certificate reflects ...": the same text.
_IT = re.compile(r"^\W*it\b", re.I)
# A sentence about a document attached or quoted: "The certificate of the Provider ..., stating that ...".
_DOCUMENT_SUBJECT = re.compile(r"^(?:\W*[\w.]+\s+){0,3}?(?:the|this|that|any|each)\s+(?:\w+\s+){0,2}?(?:certificate|statement|report|extract|"
                               r"letter|memo|memorandum|questionnaire|brochure|whitepaper|white\s+paper|FAQ|summary|presentation|"
                               r"attestation|declaration|trust\s+cent(?:re|er)\s+page|web\s?page)\b", re.I)
# "this Memorandum is not legally binding": a whole document of intentions, not of duties
_WHOLE_NOT_BINDING = re.compile(r"\bthis\s+(?:memorandum(?:\s+of\s+understanding)?|mou|letter\s+of\s+intent|term\s+sheet|heads\s+of\s+terms)\b"
                                r"[^.;]{0,30}?\b(?:is|shall\s+be)\s+(?:not\s+(?:legally\s+)?binding|non-binding)\b", re.I)
# Parts named at the start of what is said of them: "Parts A, B and D are attached for information only".
_PARTS_TEXT = re.compile(r"^(?:\W*\d[\d.()a-z]*\s+)?(?:[^,.;]{0,40}\.\s+)?Parts\s+(?P<parts>[A-Z0-9]{1,3}(?:\s*(?:,|and)\s*[A-Z0-9]{1,3})+)\b")
# An annex named at the start of what is said of it: "Annex C (FAQ) - ...", "14.2 Annex 3 (Whitepaper Excerpt) is ...".
_ANNEX_TEXT = re.compile(r"^(?:\W*\d[\d.]*\s+)?(?P<rest>(?:the\s+)?(?:rest|remainder|balance)\s+of\s+)?"
                         r"(?P<annex>(?:Annex|Annexure|Schedule|Exhibit|Appendix|Attachment)\s+[A-Z0-9]{1,3})\b", re.I)
# "The statements in the paragraph numbered 2 of MCI's email ... are incorporated into this Side Letter":
# the part of an annex made binding, which "the rest of Exhibit C" leaves aside.
_INCORPORATED = re.compile(r"\b(?:paragraphs?|items?|answers?|points?|sections?|questions?)\s+(?:numbered\s+|no\.\s*)?"
                           r"(?P<num>\d{1,2}(?:\.\d{1,2})*)\b[^.;]{0,120}?\bincorporated\b", re.I)
_THIS_TEXT = re.compile(r"^(?:\W*\d[\d.]*\s+)?(?:this|these|the\s+above|the\s+foregoing|the\s+table\s+above)\b", re.I)


# Options the customer elects, in a table ("| A - Swiss Processing Boundary | ... | \u2612 yes |" under an
# "Elected" column) or in words ("The Bank hereby elects the Swiss Processing Option").
_ELECT_HEAD = re.compile(r"\b(?:elected|elect|election|selected|select|chosen|opted)\b", re.I)
_CHECKED = re.compile(r"^\s*(?:[\u2612\u2611\u2713\u2714\u25cf\u25a0]|(?:x|yes|elected|selected|chosen)\b)", re.I)
_UNCHECKED = re.compile(r"^\s*(?:[\u2610\u2717\u2718\u25cb\u25a1\u2013-]|no\b|not\s+elected|not\s+selected|n/?a\b)", re.I)
_OPTION_CELL = re.compile(r"^\s*(?:Option\s+)?(?P<letter>[A-Z0-9]{1,2})\s*[\u2013\u2014:.)-]\s*(?P<name>.+?)\s*$")
_ELECTS = re.compile(r"\b(?:hereby\s+)?(?:elects|has\s+elected|selects|has\s+selected|opts\s+for|chooses)\s+(?:the\s+)?"
                     r"(?P<what>Option\s+[A-Z0-9]{1,2}|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}\s+Option)\b")
_UNLESS_ELECTED = re.compile(r"\b(?:unless|except\s+where|except\s+if)\s+(?:the\s+)?(?P<what>Option\s+[A-Z0-9]{1,2}|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}\s+Option)"
                             r"\s+(?:has\s+been|is|was)\s+(?:elected|selected|chosen)", re.I)
_WITHOUT = re.compile(r"^\W*(?:without|in\s+the\s+absence\s+of|absent|failing)\s+(?:the\s+)?(?P<what>Option\s+[A-Z0-9]{1,2}|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}\s+Option)\b"
                      r"|^\W*(?:if|where)\s+(?:the\s+)?(?P<what2>Option\s+[A-Z0-9]{1,2}|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}\s+Option)\s+(?:has\s+not\s+been|is\s+not|was\s+not)\s+(?:elected|selected|chosen)", re.I)


def _option_names(what: str) -> set[str]:
    w = re.sub(r"^the\s+", "", what.strip(), flags=re.I)
    return {w.lower(), re.sub(r"\s+option$", "", w, flags=re.I).lower()}


def elections(readings: list[SentenceReading]) -> None:
    """Options the customer has elected, and what depends on them. A row of an options table whose
    "Elected" cell is not ticked gives and takes nothing ("| B - Cross-Region Capacity | Batch Inference
    may use spare capacity in any region | \u2610 no |"); nor, once an option is elected, does a statement
    for its absence ("Without Option A, Batch Inference may be executed in any geography") or one that
    holds "unless the Swiss Processing Option has been elected". Run once the table rows have been read."""
    elected: set[str] = set()
    for r in readings:
        cells, header = r.clause.cells, r.clause.header
        if not (cells and header and len(cells) == len(header)) or cells == header:  # (its prose reading too)
            continue
        col = next((k for k, h in enumerate(header) if _ELECT_HEAD.search(h)), None)
        if col is None or col == 0:
            continue
        opt = _OPTION_CELL.match(cells[0])
        names = ({f"option {opt.group('letter').lower()}", opt.group("letter").lower(), opt.group("name").lower()}
                 if opt else {cells[0].strip().lower()})
        if _CHECKED.match(cells[col]) and not _UNCHECKED.match(cells[col]):
            elected |= names
        elif _UNCHECKED.match(cells[col]) or not cells[col].strip():
            r.commitments, r.affirmative_use, r.disapplied = set(), set(), True
            r.modes.region_escape = False
    for r in readings:
        for m in _ELECTS.finditer(r.text):
            elected |= _option_names(m.group("what"))
    if not elected:
        return
    for r in readings:
        m = _UNLESS_ELECTED.search(r.text) or _WITHOUT.search(r.text)
        if m is None:
            continue
        what = m.groupdict().get("what") or m.groupdict().get("what2") or ""
        if _option_names(what) & elected:
            r.commitments, r.affirmative_use, r.disapplied = set(), set(), True
            r.modes.region_escape = False


def non_contractual(readings: list[SentenceReading]) -> None:
    """"This extract is kept for internal governance purposes and does not form part of any
    contract with the provider": what this says of the text before it, under the same heading
    (its table rows included), is that none of it commits the provider. Run once the table
    rows have been read."""
    for r in readings:
        if not r.ann.has("c:non_contractual"):
            continue
        whole = _WHOLE_NOT_BINDING.search(r.text)
        if whole:
            # "Except for Article 6 and Article 7, this Memorandum is not legally binding": every clause of
            # its own document but those it excepts commits to nothing
            kept = {ref.replace("Article ", "") for ref in parse_refs(r.text[:whole.start()])}
            own = file_of(r)
            for x in readings:
                number = re.sub(r"^Article\s+", "", (x.clause.section or "").rpartition(", ")[2])
                if file_of(x) == own and not any(number == k or number.startswith((k + ".", k + "(")) for k in kept):
                    x.commitments, x.affirmative_use, x.disapplied = set(), set(), True
            continue
        if _DOCUMENT_SUBJECT.match(r.text):
            # "The certificate of the Provider dated 3 March, stating that all processing ... takes place
            # in Spain, is attached for information purposes": what it reports the document says binds nothing.
            r.commitments, r.affirmative_use, r.disapplied = set(), set(), True
        parts = _PARTS_TEXT.match(r.text)
        if parts:
            # "Parts A, B and D are attached for information only and create no obligation": those
            # parts, wherever they stand (in a bundle, the attached file's).
            at = min(s for s, _ in r.ann.spans("c:non_contractual"))
            if not any(r.ann.norm(i) in ("not", "never") for i in range(max(0, at - 2), at)):
                named_parts = {f"Part {p}" for p in re.findall(r"[A-Z0-9]{1,3}", parts.group("parts"))}
                for x in readings:
                    if named_parts & set((x.clause.section or "").split(", ")):
                        x.commitments, x.affirmative_use, x.disapplied = set(), set(), True
                continue
        named = _ANNEX_TEXT.match(r.text)
        own = _ANNEX_SECTION.match(r.clause.section or "")
        if named is None and own and r is next((x for x in readings if (x.clause.section or "") == r.clause.section), None):
            # "Annex C (FAQ) - for information only ...", the label read as the section: its first words
            named = _ANNEX_TEXT.match(own.group(0).split(", ")[-1])
        if named and not _THIS_TEXT.match(r.text):
            # "Annex C (FAQ) - for information only; it is not part of the contract.", "14.2 Annex 3
            # (Whitepaper Excerpt) is attached for information only ... Annex 3 states: '...'": the
            # annex, wherever its text stands, and what this clause and heading go on to quote of it.
            at = min(s for s, _ in r.ann.spans("c:non_contractual"))
            if any(r.ann.norm(i) in ("not", "never") for i in range(max(0, at - 2), at)):
                continue
            annex = named.group("annex").lower()
            kept: set[str] = set()
            if named.group("rest"):
                # "The rest of Exhibit C is included for context only": what the clause made binding stays.
                kept = {m.group("num") for x in readings if x.clause.id == r.clause.id
                        for m in _INCORPORATED.finditer(x.text)}
            for x in readings:
                if kept and (x.clause.section or "").rpartition(", ")[2] in kept:
                    continue
                in_annex = annex in (x.clause.section or "").lower() or annex in (x.clause.heading or "").lower()
                after = x.start >= r.start and (x.clause.id == r.clause.id or (
                    x.clause.heading == r.clause.heading and r.clause.heading and annex in r.clause.heading.lower()))
                if in_annex or after:
                    x.commitments, x.affirmative_use, x.disapplied = set(), set(), True
            continue
        k = next(i for i, x in enumerate(readings) if x is r)
        whole = bool(_WHOLE_TEXT.match(r.text)) or bool(
            _IT.match(r.text) and k > 0 and readings[k - 1].clause.id == r.clause.id and _WHOLE_TEXT.match(readings[k - 1].text))
        if not (_THIS_TEXT.match(r.text) or whole):
            continue
        at = min(s for s, _ in r.ann.spans("c:non_contractual"))
        if any(a.norm(i) in ("not", "never") for a in [r.ann] for i in range(max(0, at - 2), at)):
            continue
        # (table rows are read after the prose, so the block is found by place, not by order)
        heads = [x.start for x in readings if x.function == "heading" and x.start < r.start and not x.clause.cells]
        since = max(heads, default=-1)
        block = [x for x in readings if x.clause.heading == r.clause.heading and since < x.start <= r.start]
        if whole:
            # "This memorandum is not part of the Agreement ...": the whole file says so of itself,
            # what follows included (in a bundle, that file only).
            own = file_of(r)
            block += [x for x in readings if file_of(x) == own and x not in block]
        annex = _ANNEX_SECTION.match(r.clause.section or "")
        if annex and _OWN_PART.match(r.text):
            # "This Annex is reproduced for information only and does not form part of these
            # Terms", said at its head: the whole annex, what follows included.
            block += [x for x in readings if (x.clause.section or "").startswith(annex.group(0)) and x not in block]
        for x in block:
            x.commitments = set()
            x.affirmative_use = set()
            x.disapplied = True  # nor does it carve anything out, or extend anything


def _deemed_opt_ins(readings: list[SentenceReading], ruleset: RuleSet) -> None:
    """"10.1 Unless the Society opts in, the Supplier shall not use Inputs or Outputs for model
    training. 10.2 Batch Jobs submitted at the discounted rate are treated as opted in." A
    prohibition lifted by an opt-in is lifted for what is deemed opted in: batch, named as the
    subject of the deeming, may be used as the prohibition forbids (a carve-out)."""
    plan = plan_for(ruleset)
    prohibitions = [rp for rp in plan.rules if rp.rule.polarity == "prohibition"]
    treated = plan.grammar.treated_as
    for k, r in enumerate(readings):
        a = r.ann
        if not a.has("c:opt_in") or r.table_kind or not r.modes.batch_included or r.modes.batch_excluded:
            continue
        at = min(s for s, _ in a.spans("c:opt_in"))
        if not any(a.norm(i) in treated for i in range(max(0, at - 3), at)):
            continue  # "The Client may opt in": a choice, not a deeming
        if any(a.norm(i) in ("not", "never", "n't") for i in range(max(0, at - 4), at)):
            continue  # "are never deemed opted in"
        if not all(s < at for s, _ in r.modes.batch_included):
            continue  # batch is what is deemed opted in, not a word after it
        lo = max(0, k - 3)
        context = [x for j, x in enumerate(readings[lo:k], start=lo) if x.clause.id == r.clause.id or j == k - 1]
        for rp in prohibitions:
            topic = rp.rule.topic
            if any(topic in x.commitments and x.ann.has("c:opt_in") for x in context):
                r.affirmative_use.add(topic)
                r.topic_mentions.add(topic)
                r.off_topic = False  # "submitted at the discounted rate": the price names the jobs, the sentence is about the use


# ('... is deleted and replaced with: "6.4 Section 6.1 applies ..."', '... is amended to read: "..."')
_QUOTED_WORDING = re.compile(r"^(?P<head>.*?\b(?:(?:following(?:\s+wording)?|as\s+follows)\s*:|(?:replaced|substituted)\s+(?:with|by)\s*:"
                             r"|amended\s+to\s+read\s*:))\s*[\"\u201c](?P<body>.{10,}?)[\"\u201d]?\s*$", re.S)


def _apply_amendments(readings: list[SentenceReading], ruleset: RuleSet) -> None:
    """"Clause 10.1 of the Agreement is deleted in its entirety and replaced
    with the following: ..." The clause it deletes or replaces, read earlier,
    commits to nothing any more; the new wording (quoted in the amendment)
    is read in its own right. The amendment's own verb ("is deleted") acts
    on the text of the agreement, not on data: a topic whose every action
    word lies inside it is no commitment of the amendment."""
    for k, amendment in enumerate(readings):
        m = _AMENDS.search(unbracket(amendment.text))
        if not m or _EXCEPTION_IN.search(amendment.text, 0, m.start()):
            continue  # (not "The exception for batch files in clause 11.2 is revoked": the exception goes, the clause stays)
        a = amendment.ann
        own = _AMENDS.search(unbracket(a.text))  # the words read, which a conjunct may cut from the sentence
        for rule in ruleset.rules:
            spans = action_spans(a, rule) if own and rule.topic in amendment.commitments else []
            if spans and all(own.start() <= a.tokens[s].idx < own.end() for s, _ in spans):
                amendment.commitments.discard(rule.topic)
        excluded = amendment.modes.batch_excluded
        if own and excluded and all(own.start() <= a.tokens[s].idx < own.end() for s, _ in excluded):
            # "Article 9(2) (which excluded batch result files from the retention period) is deleted":
            # the exclusion is the deleted clause's, described, not one the amendment makes.
            amendment.modes = replace(amendment.modes, batch_excluded=[], cue="")
        number = spelled_paragraph_number(m.group("spelled")) if m.group("spelled") else m.group("ref")  # "Sixth.Two." is 6.2
        ref = number + (m.group("para") or (f"({m.group('pnum')})" if m.group("pnum") else ""))  # "§ 5 (2)" is 5(2)
        # "Article 11(2)" names a clause numbered "11(2)", or "Article 11(2)" where articles are so titled.
        refs = (ref, "Article " + ref) if (m.group("kind") or "").lower() == "article" else (ref,)
        part = m.group("annex")
        # "Clause 7 of the DPA is deleted in its entirety": a clause numbered without a point goes with
        # every sub-clause under it (7.1, 7.2), unless the amendment only amends it.
        whole = "." not in ref and "(" not in ref and not re.search(r"amended", m.group(0), re.I)
        # ... and "of the DPA", in a bundle, is that file's clause, wherever the file stands in the bundle.
        files = sorted({f for f in (file_of(r) for r in readings) if f})
        doc = m.group("doc") or m.group("doc2")
        # (the one other file of the bundle that name fits: "of the Agreement" is not the amending agreement itself)
        fits = [f for f in files if f != file_of(amendment) and file_named(doc, [f])] if doc and files else []
        named = fits[0] if len(fits) == 1 else None
        for r in readings[:k]:
            # 'The Contract provides in Article 9.1: "Party A may audit ..."': a quotation of the clause
            # the amendment removes goes with it.
            q = _QUOTES_PROVISION.search(r.text)
            if q and not named and not _AMENDS.search(r.text):
                cited = (q.group("ref") or q.group("ref2")).replace(" (", "(")
                if cited == ref or (whole and cited.startswith(ref + ".")):
                    r.commitments, r.affirmative_use, r.function = set(), set(), "superseded"
        # 'The definition of "Agency Data" in clause 1.1 ... is deleted': that definition, not the clause's others
        only = _DEFINITION_OF.search(amendment.text, 0, m.start())
        for r in (readings if named else readings[:k]):
            head, _, own = (r.clause.section or "").rpartition(", ")
            if part and part.lower() not in head.lower():
                continue  # another part's paragraph of that number
            if only and not re.match(rf"\W{{0,3}}{re.escape(only.group('term'))}[\"\u201d]", r.text.lstrip()):
                continue
            if named and file_of(r) != named:
                continue  # the same number in another file of the bundle
            if (any(own == x or own.startswith(x + "(") or (whole and own.startswith(x + ".")) for x in refs)
                    and not _AMENDS.search(r.text)):
                r.commitments = set()
                r.affirmative_use = set()
                r.function = "superseded"


# 'The Contract provides in Article 9.1: "..."', 'Clause 7.2 of the Agreement currently reads: "..."'
_QUOTED_REF = r"\d{1,3}(?:\.\d{1,3})*(?:\s?\(\d{1,2}\))?"
_QUOTES_PROVISION = re.compile(
    rf"\b(?:provides|states|reads|says|stipulates)\s+(?:in|at)\s+(?:article|clause|section|paragraph|\u00a7)\s*(?P<ref>{_QUOTED_REF})"
    rf"|\b(?:article|clause|section|paragraph|\u00a7)\s*(?P<ref2>{_QUOTED_REF})(?:\s+of\s+the\s+[A-Z]\w*(?:\s+[A-Z]\w*)?)?,?\s+"
    rf"(?:currently\s+|presently\s+)?(?:provides|states|reads|says|stipulates)(?:\s+as\s+follows)?"
    r"(?=\s*[:,]?\s*[\"\u201c])", re.I)


_SENTENCE_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "last": -1, "final": -1}
_ORDINAL = "|".join(_SENTENCE_ORDINALS)
_REF_NUMBER = r"(?P<ref>\d{1,3}(?:\.\d{1,3})*(?:\s?\(\d{1,2}\))?(?:\([a-z]{1,4}\))?)"
# "Section 7.2 of the Terms is amended by deleting its second sentence", "the last sentence of clause
# 9.1 is deleted", "... by striking the sentence beginning "Batch API requests may""
_STRIKES_SENTENCE = re.compile(
    rf"(?:\b(?:clause|section|paragraph|article)\s+|\u00a7\s*){_REF_NUMBER}[^.;]{{0,60}}?\b(?:is|shall\s+be)\s+(?:hereby\s+)?"
    rf"amended\s+by\s+(?:deleting|striking(?:\s+out)?|removing)\s+(?:its|the)\s+(?:(?P<nth>{_ORDINAL})\s+sentence|sentence\s+(?:beginning|starting))"
    rf"|\b(?:the\s+)?(?P<nth2>{_ORDINAL})\s+sentence\s+of\s+(?:clause|section|paragraph|article|\u00a7)\s*{_REF_NUMBER.replace('ref', 'ref2')}"
    rf"[^.;]{{0,40}}?\b(?:(?:is|shall\s+be)\s+(?:hereby\s+)?(?:deleted|struck(?:\s+out)?|removed|disapplied)"
    # "... and the second sentence of Section 4.1 shall not apply to the First Party"
    rf"|(?:shall|will|does)\s+not\s+apply|(?:is|shall\s+be)\s+of\s+no\s+effect|shall\s+have\s+no\s+effect)\b", re.I)
_OPENING_QUOTED = re.compile(r"\bsentence\s+(?:beginning|starting)(?:\s+with)?\s*[\"\u201c](?P<words>[^\"\u201d]{8,})[\"\u201d]", re.I)


def _strike_sentences(readings: list[SentenceReading]) -> None:
    """"Section 7.2 of the Terms is amended by deleting its second sentence (the sentence beginning
    "Batch API requests may be processed")": that sentence of the clause, read earlier, says nothing
    any more; the rest of the clause stands. The sentence is found by its opening words where the
    amendment quotes them, else by its place among the clause's sentences."""
    for k, amendment in enumerate(readings):
        if "sentence" not in amendment.text:
            continue
        m = _STRIKES_SENTENCE.search(amendment.text)
        if not m:
            continue
        ref = (m.group("ref") or m.group("ref2")).replace(" (", "(")
        nth = _SENTENCE_ORDINALS.get((m.group("nth") or m.group("nth2") or "").lower())
        opening = _OPENING_QUOTED.search(amendment.text)
        target = [r for r in readings[:k] if (r.clause.section or "").rpartition(", ")[2] == ref
                  and r.function not in ("heading",) and not _STRIKES_SENTENCE.search(r.text)]
        if opening:
            words = " ".join(opening.group("words").rstrip(".").split()).rstrip(".… ")
            struck = [r for r in target if " ".join(r.text.split()).startswith(words)]
        else:
            struck = [target[nth - 1 if nth > 0 else -1]] if nth and len(target) >= abs(nth) else []
        for r in struck:
            r.commitments, r.affirmative_use, r.function = set(), set(), "superseded"


def _pages_that_change(readings: list[SentenceReading]) -> None:
    """"Where an exhibit links to a web page, the linked page ... may be
    updated from time to time." Said once, it holds for every statement that
    rests on such a page ("The regions ... are listed on our Data Residency
    page at docs.example/regions"): none of them is a commitment."""
    if not any(r.function == "pointer" and r.ann.has("c:mutable_reference") for r in readings):
        return
    for r in readings:
        if r.commitments and not r.table_kind and (r.ann.has("c:pointer") or any(is_url(t.text) for t in r.ann.tokens)):
            r.function = "pointer"
            r.commitments = set()


_PERIOD_IN = re.compile(r"\bperiod\s+(?:set\s+out\s+|stated\s+|specified\s+|given\s+|shown\s+)?in\s+"
                        r"(?P<ref>Item\s+\d{1,3}|(?:[Cc]lause|[Ss]ection|[Pp]aragraph)\s+\d+(?:\.\d+)*)")


def _borrow_periods(readings: list[SentenceReading], seg: Segmentation) -> None:
    """"Aurora retains Inputs and Outputs for no more than the period in Item
    10": a commitment whose period is given elsewhere takes that period
    ("Item 10 | Retention period | 14 days"), placed where the reference is,
    so that the schedule check can compare it."""
    for r in readings:
        if r.durations or not r.commitments:
            continue
        m = _PERIOD_IN.search(r.text)
        if not m:
            continue
        ref = " ".join(m.group("ref").split())
        if ref.lower().startswith("item"):
            sources = [c.text for c in seg.clauses if c.cells and " ".join(c.cells[0].split()).lower() == ref.lower()]
        else:
            num = ref.split()[-1]
            sources = [c.text for c in seg.clauses if c.section and c.section.rpartition(", ")[2] == num]
        found = [d for text in sources for d in find_durations(text)]
        if found:
            r.durations = [Duration(d.days, d.text, m.start(), m.end(), d.business) for d in found[:1]]
            r.period_objects = [(r.inputs, r.outputs)]


# A list item that only names a provision: "Clause 5 (Data Protection);", "(b) Section 10; and".
_REF_ITEM = re.compile(r"^\W*(?:\(?[a-z0-9]{1,4}[).]\s+)?(?:clauses?|sections?|articles?|paragraphs?)\s+[\w.()]+(?:\s*\([^()]{1,60}\))?"
                       r"\s*[;,.]?\s*(?:and|or)?\s*$", re.I)


def _listed_provisions(readings: list[SentenceReading]) -> None:
    """"The following provisions of the PRINCIPAL AGREEMENT apply to QUEUED WORKLOADS: (a) Clause 5
    (Data Protection); (b) Clause 14 (Termination and Exit).": the lead-in's scope is the provisions
    its items name; the items, names of provisions, commit to nothing themselves."""
    for k, r in enumerate(readings):
        if r.function != "scope" or r.refs or not r.text.rstrip().endswith(":") or not r.clause.section:
            continue
        own = r.clause.section
        items = []
        for x in readings[k + 1:]:
            section = x.clause.section or ""
            if section == own and x.clause.id == r.clause.id:
                continue
            if not (section.startswith(own) and section != own) or not _REF_ITEM.match(x.text) or not x.refs:
                break
            items.append(x)
        if not items:
            continue
        r.refs = [ref for x in items for ref in x.refs]
        r.scope_refs = None
        for x in items:
            x.commitments, x.affirmative_use, x.function = set(), set(), "heading"


def _follow_denied_exceptions(readings: list[SentenceReading]) -> None:
    """"6.2 Section 6.1 does not apply to free-tier content. 6.3 The exception
    in Section 6.2 does not apply to batch jobs." Taking away an exception
    reaches what the exception was taken from: 6.3 also names 6.1. Setting an
    umbrella aside ("Notwithstanding Section 7.2, ...") reaches what it extends."""
    for r in readings:
        # ... and so does setting one aside: "7.2 Section 7.1 applies to the Batch API. 7.3
        # Notwithstanding Section 7.2, batch output files may be replicated to Ireland."
        if not ((r.modes.negated_exclusion or r.overrides) and r.refs):
            continue
        extra: list[str] = []
        for other in readings:
            if other is r or other.function != "scope" or not other.refs or not other.clause.section:
                continue
            own = other.clause.section.rpartition(", ")[2]
            if any(own == ref or own.startswith(ref + ".") for ref in r.refs):
                extra += [x for x in other.refs if x not in r.refs and x not in extra]
        r.inherited_refs = extra


# "those obligations", "such commitments": provisions named by pointing back.
_PROVISIONS_BACK = re.compile(r"\b(?:those|these|such|the\s+said|the\s+foregoing|the\s+same)\s+"
                              r"(?:obligations|commitments|duties|undertakings|provisions|articles|sections|clauses)\b", re.I)


def _provisions_named_before(readings: list[SentenceReading]) -> None:
    """"Article 14. The obligations of the Provider in Article 9 through Article 13 apply to every
    method of submission. No processing mode, asynchronous batch processing included, is exempted from
    those obligations." A scope statement that points back at the provisions the one before it named
    (in the same clause) is about those sections."""
    for prev, r in zip(readings, readings[1:]):
        if (r.function == "scope" and not r.refs and prev.refs and prev.function == "scope"
                and prev.clause.id == r.clause.id and _PROVISIONS_BACK.search(r.text)):
            r.refs = list(prev.refs)


def _exclusions_that_protect(readings: list[SentenceReading]) -> None:
    """"9.1 Customer Content is excluded from model training. 9.2 This exclusion
    does not extend to Discounted Batch traffic." When the exclusion pointed back
    to is itself the commitment (data kept away from a harmful use), denying that
    it reaches batch carves batch out; it takes no exception away."""
    for prev, r in zip(readings, readings[1:]):
        m = r.modes
        if not (m.negated_exclusion and m.batch and not m.batch_excluded) or len(r.ann) < 3:
            continue
        k = 1 if is_number_label(r.ann.word(0)) else 0  # "9.2 This ..."
        if r.ann.norm(k) not in _BACK or not r.ann.norm(k + 1).startswith("exclu"):
            continue
        if prev.commitments and prev.ann.has("v:harmful_uses") and not prev.modes.batch_excluded \
                and any(t.norm.startswith("exclu") for t in prev.ann.tokens):
            m.negated_exclusion = False
            m.batch_excluded = list(m.batch)
            m.cue = m.cue or " ".join(t.text for t in r.ann.tokens[k:k + 2])


_SUCH_WORK = {"files", "file", "jobs", "job", "workloads", "workload", "requests", "request", "runs", "run", "batches",
              "inputs", "outputs", "results", "submissions"}


def _pronoun_modes(readings: list[SentenceReading], pronouns: frozenset[str]) -> None:
    """"Overnight queue files are stored in Australia. To finish jobs on time we
    may process them in any of our global regions." A sentence that names no
    mode but points back by a pronoun to what the sentence before said of batch
    only is about batch too: the pronoun is its batch mention."""
    for prev, r in zip(readings, readings[1:]):
        m, p = r.modes, prev.modes
        if m.batch or m.sync or m.all_modes:
            continue
        if prev.clause.id != r.clause.id and not any(
                r.ann.norm(i) == "such" and r.ann.word(i + 1).lower() in _SUCH_WORK for i in range(len(r.ann) - 1)):
            continue  # ("12.3.2 bis ... the computation of such files": "such files" points back past its clause)
        if not (p.batch_included and not p.sync and not p.batch_excluded and not p.all_modes):
            continue
        if not (r.commitments or r.affirmative_use or m.region_escape):
            continue
        at = next((i for i in range(len(r.ann)) if r.ann.norm(i) in pronouns), None)
        if at is not None and not any(s < at for s, _ in r.ann.spans("v:data_objects")):
            # "..., the Supplier must erase all Buyer Data, unless the law requires it to keep
            # a copy": the sentence names its own data before the pronoun, which is no batch.
            m.batch.append((at, at + 1))


def _pronoun_topics(readings: list[SentenceReading], pronouns: frozenset[str]) -> None:
    """"The model-improvement opt-out applies to the chat interface and the real-time API. It is
    not available for batch submissions." A sentence whose subject is a pronoun, that names no topic
    and commits to nothing, and that carves batch out or limits a scope, speaks of what the sentence
    before it in the same clause named: that sentence's topics, when it stated no commitment of its
    own (a description or scope statement about a named duty or feature)."""
    for prev, r in zip(readings, readings[1:]):
        if prev.clause.id != r.clause.id or r.topic_mentions or r.commitments or prev.commitments:
            continue
        if not prev.topic_mentions or not (r.modes.batch_excluded or r.modes.sync_limited):
            continue
        first = next((i for i in range(len(r.ann)) if r.ann.word(i)[:1].isalpha()), None)
        if first is not None and r.ann.norm(first) in pronouns and r.ann.word(first)[:1].isupper():
            r.topic_mentions.update(prev.topic_mentions)


# "may audit the Supplier's compliance with", "to verify its compliance with": what an audit checks.
_AUDITED = re.compile(r"\b(?:audit|inspect|verify|verifying|assess|assessing|review|examine|monitor|check|test)\w*\s+"
                      r"(?:[\w'\u2019]+\s+){0,3}?compliance\s+with\b", re.I)


def _in_name(a: Annotated, span: tuple[int, int]) -> bool:
    """Is the span part of a proper name ("the Federal Office for Social Security")? A capitalised
    word inside the sentence beside another."""
    s, e = span
    if s == 0 or not a.word(s)[:1].isupper():
        return False
    return a.word(s - 1)[:1].isupper() or (e < len(a) and a.word(e)[:1].isupper())


def _audited_compliance(readings: list[SentenceReading], ruleset: RuleSet) -> None:
    """"IKK may audit Rheinwerk's compliance with the data protection and information security
    obligations under this Agreement": an audit right, whose object names what is checked. The
    words of another topic that stand only inside that object commit to nothing of that topic."""
    for r in readings:
        if "audit" not in r.commitments or len(r.commitments) < 2:
            continue
        m = _AUDITED.search(r.text)
        if m is None:
            continue
        for rule in ruleset.rules:
            if rule.topic == "audit" or rule.topic not in r.commitments:
                continue
            prefix = f"r:{rule.id}:p"
            ignored = [(r.ann.spans(label), window) for label, window in ignore_labels(rule)]
            hits = [sp for label, spans in r.ann.matches.items() if label.startswith(prefix) for sp in spans
                    if not any(near(spans_, sp, window) for spans_, window in ignored) and not _in_name(r.ann, sp)]
            if hits and all(r.ann.tokens[s].idx >= m.end() for s, _ in hits):
                r.commitments.discard(rule.topic)


def _bracketed_topics(readings: list[SentenceReading], ruleset: RuleSet) -> None:
    """"The Supplier shall permit the Buyer ... (save after a Personal Data Breach), to audit the
    Supplier's processing of Buyer Data": a sentence that commits to one topic with words outside
    brackets, and whose every action word of another topic stands inside brackets, mentions that
    topic in an aside; it commits to nothing of it."""
    rules = {rule.topic: rule for rule in ruleset.rules}
    for r in readings:
        if len(r.commitments) < 2 or "(" not in r.text:
            continue
        brackets = bracket_spans(r.ann)
        if not brackets:
            continue
        inside = {t for t in r.commitments if t in rules and (acts := whole_action_spans(r.ann, rules[t]) or
                                                                action_spans(r.ann, rules[t]))
                  and all(any(bs <= s and e <= be for bs, be in brackets) for s, e in acts)}
        if inside and r.commitments - inside:
            r.commitments.difference_update(inside)


# A lead-in to recitals said in words ("The Parties first explain:", "Considering:", "The Parties declare in
# advance as follows:"): the items after it that open with "that" say why the parties contract.
_RECITALS_LEAD = re.compile(r"(?:\b(?:first|hereby|previously|beforehand)\s+(?:explain|state|declare|recite)s?\b"
                            r"|\b(?:explain|state|declare|recite)s?\s+(?:in\s+advance|beforehand|first)\b|^\W*(?:considering|whereas|recitals?)\b)"
                            r"[^.;]{0,40}:\s*$", re.I)
_THAT_ITEM = re.compile(r"^\W*(?:\(?[a-z0-9]{1,3}[.)]\s*)?that\s", re.I)


def _recited_items(readings: list[SentenceReading], recited: frozenset[str] = frozenset()) -> None:
    """"The Parties first explain: a. that ...; b. that following the internal audit review ... the FIRST
    PARTY requested changes to the retention ... arrangements": recitals, however their items are numbered;
    and the clauses ``recited`` (see :func:`_under_recital_headings`)."""
    active = False
    for r in readings:
        if r.clause.id in recited:
            r.function, r.commitments, r.affirmative_use = "recital", set(), set()
            continue
        if _RECITALS_LEAD.search(r.text):
            active = True
            continue
        if active and _THAT_ITEM.match(r.text):
            r.function, r.commitments, r.affirmative_use = "recital", set(), set()
            continue
        active = False


# "Table A-2 of Annex A as amended reads:", "Schedule 2 is restated in its entirety as follows:"
_RESTATES = re.compile(r"\bas\s+(?:so\s+)?amended\b[^.;]{0,40}?(?:\breads?\b|\bis\s+as\s+follows\b|\bshall\s+read\b|:\s*$)"
                       r"|\b(?:restated|replaced)\s+in\s+(?:its|their)\s+entirety\b[^.;]{0,40}:\s*$", re.I)


def restated_rows(readings: list[SentenceReading]) -> None:
    """"For the avoidance of doubt, Table A-2 of Annex A as amended reads:" and the table under
    it: each row it restates stands in place of the row of the table it amends (the same columns,
    the same service and artefact), in whichever file of the bundle that table is; the old row's
    entry ("Until deleted by the Hospital") says nothing any more."""
    restating = {r.clause.section for r in readings if not r.table_kind and _RESTATES.search(r.text)}
    if not restating:
        return
    rows = [r for r in readings if r.table_kind and r.table_cell and r.clause.kind == "table_row"]
    valued: dict[str, set[str]] = {}
    for r in rows:
        valued.setdefault(r.clause.id, set()).add(r.table_cell.partition(": ")[0])

    def key(r: SentenceReading) -> tuple[tuple[str, ...], tuple[str, ...], str]:
        header = tuple(" ".join(h.split()).lower() for h in r.clause.header)
        cells = tuple(" ".join(c.split()).lower() for h, c in zip(r.clause.header, r.clause.cells)
                      if h not in valued[r.clause.id])
        return header, cells, r.table_cell.partition(": ")[0].lower()

    new = {key(r) for r in rows if r.clause.section in restating}
    for r in rows:
        if r.clause.section not in restating and key(r) in new:
            r.commitments, r.affirmative_use, r.function = set(), set(), "superseded"


def _heading_words(heading: str) -> str:
    """A heading's words, without its number and marks ("2. BACKGROUND" -> "background")."""
    return " ".join(stem(w) for w in re.findall(r"[A-Za-z]+", heading.lower()))


def _under_recital_headings(seg: Segmentation, headings: frozenset[str]) -> frozenset[str]:
    """The ids of the clauses numbered under a numbered heading that names recitals ("2.2" under "2.
    BACKGROUND": the cue file's recital_heading). Clauses numbered on their own after an unnumbered
    "Background" heading may be the operative terms, and are left alone."""
    out: set[str] = set()
    under = None
    for c in seg.clauses:
        if c.kind == "heading":
            number = (c.section or "").rpartition(", ")[2]
            under = c.section if c.heading and _heading_words(c.heading) in headings and number[:1].isdigit() else None
        elif under is not None and (c.section or "").startswith(under + "."):
            out.add(c.id)
    return frozenset(out)


def _cell_amendments(readings: list[SentenceReading]) -> None:
    """"In the table in section 4.1 of the Order, the cell ... on the row "Night Run" is replaced with
    the following:": the amendment acts on the table (which is read as amended), not on data."""
    for r in readings:
        if r.commitments and not r.table_kind and amends_cell(r.text):
            r.commitments, r.affirmative_use = set(), set()


def run_passes(readings: list[SentenceReading], seg: Segmentation, ruleset: RuleSet) -> None:
    """Every pass, in order."""
    cues = ruleset.cues
    _recited_items(readings, _under_recital_headings(seg, frozenset(_heading_words(p) for p in cues.categories["recital_heading"].phrases))
                   if cues is not None and "recital_heading" in cues.categories else frozenset())
    _cell_amendments(readings)
    if ruleset.cues is not None and "pronoun" in ruleset.cues.categories:
        _pronoun_modes(readings, ruleset.cues.words("pronoun"))
        _pronoun_topics(readings, ruleset.cues.words("pronoun"))
    _mark_disapplied(readings)
    _audited_compliance(readings, ruleset)
    _bracketed_topics(readings, ruleset)
    _exclusions_that_protect(readings)
    _provisions_named_before(readings)
    _honoured_opt_outs(readings, ruleset)
    _deemed_opt_ins(readings, ruleset)
    _apply_amendments(readings, ruleset)
    _strike_sentences(readings)
    _listed_provisions(readings)
    _follow_denied_exceptions(readings)
    _borrow_periods(readings, seg)
    _pages_that_change(readings)
    _answer_questions(readings, ruleset)


__all__ = ["AMENDS", "QUOTED_WORDING", "non_contractual", "restated_rows", "run_passes"]
AMENDS, QUOTED_WORDING = _AMENDS, _QUOTED_WORDING
