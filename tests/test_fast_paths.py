"""The shortcuts taken for speed give exactly what the slow path gives.

Each shortcut (skipping the tokenizer for a one-sentence clause, tokenising
many sentences as one ``Doc``, skipping a pattern scan when its words are
absent, skipping the mode reading without a cue) is compared with the path
it short-cuts, on generated contract-like text and on the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import auditor.engine.durations as durations
import auditor.nlp.definitions as definitions
import auditor.ingest.blocks as blocks
import auditor.engine.references as references
import auditor.nlp.pipeline as pipeline
import auditor.nlp.scope as scope
import auditor.nlp.sentences as sentences
from auditor.engine.reading import matcher_for
from auditor.engine.labels import grammar_of
from auditor.ingest import load_document
from auditor.nlp import sentence_spans
from auditor.nlp.terms import Annotated
from auditor.rules import load_ruleset

ROOT = Path(__file__).resolve().parent.parent

WORDS = [
    "The", "Supplier", "shall", "not", "retain", "batch", "Batch", "inputs", "outputs", "for", "thirty", "(30)",
    "days", "Section", "5.2", "Sections", "7", "to", "9", "Schedule", "2", "e.g.", "Inc.", "U.S.", "J.", "Smith",
    "until", "deleted", "except", "other", "than", "real-time", "requests", "API", "zero", "data", "retention",
    "is", "are", "no", "longer", "period", "necessary", "kept", "stored", "\u00a7", "3(a)", "Clause", "10.2(b)",
    "month", "year", "hours", "1", "twelve", "Art.", "para.", "\u201cBatch", "Processing\u201d", "means", "(a)",
    "region", "any", "geography", "only", "in", "the", "EU", "apply", "does", "Customer", "Data", "may", "use",
]
SEPARATORS = [" ", " ", " ", "  ", ". ", ".", "? ", "! ", "; ", ", ", "\n", ".\u201d ", ".) ", " (", "...", " - ", ": "]


@st.composite
def contract_text(draw: st.DrawFn) -> str:
    n = draw(st.integers(min_value=0, max_value=40))
    out = []
    for _ in range(n):
        out.append(draw(st.sampled_from(WORDS)))
        out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


def _corpus_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "fixtures" / "corpus").iterdir())[:12]:
        try:
            texts += [b.text for b in load_document(path).blocks]
        except Exception:  # bad or unsupported files are tested elsewhere
            continue
    return texts


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    texts = _corpus_texts()
    assert len(texts) > 200
    return texts


def _split_by_tokens(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[int, int]]]:
    """Sentence spans from each text's whole tokenisation: no shortcut."""
    import auditor.nlp as nlp

    with monkeypatch.context() as m:
        m.setattr(sentences, "may_break", lambda text: True)
        m.setattr(nlp, "_run_starts", lambda text: None)
        return sentence_spans(texts)


# Whitespace of every kind around stops, initials, glued closers and "et al.".
SENTENCE_BITS = WORDS + ["et", "al.", "et al.", "J", "A.", ".", "?", "!", "...", "\u201d", ")", "\"", "x.y.", "-", "\u2022"]
SENTENCE_GAPS = SEPARATORS + ["\t", " \n", "\n ", "\u00a0", ".  ", ". \n", ".\t", " .", "", "  \n  ", ".)", ".\u201d"]


@st.composite
def sentence_text(draw: st.DrawFn) -> str:
    n = draw(st.integers(min_value=0, max_value=30))
    lead = draw(st.sampled_from(["", "", " ", "\n"]))
    return lead + "".join(draw(st.sampled_from(SENTENCE_BITS)) + draw(st.sampled_from(SENTENCE_GAPS)) for _ in range(n))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(sentence_text(), contract_text()), min_size=1, max_size=6))
def test_sentence_shortcuts_match_the_whole_tokenisation(texts):
    """The one-sentence shortcut and the runs around stops give the
    boundaries of the whole tokenisation."""
    with pytest.MonkeyPatch.context() as m:
        slow = _split_by_tokens(texts, m)
    assert sentence_spans(texts) == slow


def test_sentence_shortcuts_on_the_corpus(corpus_texts, monkeypatch):
    import auditor.nlp as nlp

    skipped = [t for t in corpus_texts if not sentences.may_break(t)]
    assert skipped, "the one-sentence shortcut should apply to some clauses"
    assert any(nlp._run_starts(t) not in (None, [0]) for t in corpus_texts), "runs should find boundaries"
    assert sentence_spans(corpus_texts) == _split_by_tokens(corpus_texts, monkeypatch)
    # Quotes both close and open: a quoted sentence after a full stop is a new sentence.
    assert sentence_spans(['He said so. "hello there']) == [[(0, 11), (12, 24)]]
    # Stops at the edge of a run: the token before is in the previous run.
    tricky = ["Signed by J . Smith today.", "Signed by J. Smith. Then", "end .  Next", "end.\nNext", "end. \u201cNext",
              "end.\u201d Next", "end.)Next", "(a) end? (b) next", "x . y. Z", "A . B", "end .Next"]
    assert sentence_spans(tricky) == _split_by_tokens(tricky, monkeypatch)
    assert sentence_spans(tricky[:2]) == [[(0, 26)], [(0, 19), (20, 24)]]
    # A special case spanning a space is read from the whole tokenisation.
    assert nlp._run_starts("See Smith et al. The end.") is None
    assert sentence_spans(["See Smith et al. The end."]) == [[(0, 25)]]


_RULES = load_ruleset()


def _annotations(texts: list[str]) -> list[tuple[str, tuple, dict]]:
    matcher = matcher_for(_RULES)
    return [(a.text, a.tokens, dict(a.matches)) for a in matcher.annotate_many(texts)]


@settings(max_examples=60, deadline=None)
@given(st.lists(contract_text(), min_size=1, max_size=12))
def test_texts_tokenised_together_read_as_if_alone(texts):
    together = _annotations(texts)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(pipeline, "_BATCH_CHARS", 1)  # every text its own Doc
        alone = _annotations(texts)
    assert together == alone


def test_texts_tokenised_together_on_the_corpus(corpus_texts, monkeypatch):
    together = _annotations(corpus_texts)
    monkeypatch.setattr(pipeline, "_BATCH_CHARS", 1)
    assert together == _annotations(corpus_texts)
    assert any(m for _, _, m in together)


@settings(max_examples=200, deadline=None)
@given(contract_text())
def test_pattern_scans_skipped_only_when_they_cannot_match(text):
    refs, periods = references.parse_refs(text), durations.find_durations(text)
    defined = (definitions.is_definition_sentence(text), definitions.definitions_in(text, 0, "c1"))
    with pytest.MonkeyPatch.context() as m:
        # "" is in every string: every hint test passes and every pattern is scanned.
        for module, names in ((references, ("_REF_HINTS", "_ANNEX_HINTS")),
                              (durations, ("_PERIOD_HINTS", "_OPEN_HINTS", "_ZERO_HINTS", "_KEPT_HINTS")),
                              (definitions, ("_VERB_HINTS",))):
            for name in names:
                m.setattr(module, name, ("",))
        assert references.parse_refs(text) == refs
        assert durations.find_durations(text) == periods
        assert (definitions.is_definition_sentence(text), definitions.definitions_in(text, 0, "c1")) == defined


def test_scans_still_find_what_they_look_for():
    assert [d.term for d in definitions.definitions_in('"Batch Data" means the inputs of batch jobs.', 0, "c1")] == [
        "Batch Data"]
    assert definitions.is_definition_sentence("Customer Data has the meaning given in the DPA.")
    assert references.parse_refs("as set out in Sections 7 to 9 and Schedule 2") == ["7", "8", "9", "Schedule 2"]
    assert [d.days for d in durations.find_durations("kept for twelve months, or until deleted")] == [365.2, float("inf")]
    assert references.parse_refs("The Supplier shall protect Customer Data.") == []
    assert durations.find_durations("The Supplier shall protect Customer Data.") == []


@settings(max_examples=150, deadline=None)
@given(contract_text())
def test_mode_reading_skipped_only_without_a_cue(text):
    ann = matcher_for(_RULES).annotate(text)
    fast = scope.read_modes(ann, grammar=grammar_of(_RULES), ignore_window=3, scope_window=12, region=True)
    forced = Annotated(ann.text, ann.tokens, {**ann.matches, "test:cue": ((0, 0),)})
    with pytest.MonkeyPatch.context() as m:
        m.setattr(scope, "_MODE_CUES", ("test:cue",))
        slow = scope.read_modes(forced, grammar=grammar_of(_RULES), ignore_window=3, scope_window=12, region=True)
    assert fast == slow


LINE_STARTS = ["", "5. ", "5.2 ", "12.3.1 ", "(a) ", "(iv) ", "a) ", "iv) ", "IV) ", "- ", "\u2022 ", "Section 7 ",
               "section 7.2 ", "ARTICLE III ", "Schedule 2 - ", "Part A ", "Annex II: ", "Sectional ", "Parties ",
               "Clause 5.2, the ", "The ", "the ", "ſection 3 ", "(", "1.5 million "]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LINE_STARTS), contract_text())
def test_clause_label_shortcut_matches_the_patterns(start, rest):
    """The shortcut sends a line that starts with a letter to the lettered and spelled-out
    patterns only: that is right when the full patterns would find no label there."""
    line = start + rest
    stripped = line.strip()
    got = blocks.clause_start(line)
    if got is not None and (got.kind == "letter" or blocks._SPELLED_LABEL.match(stripped)):
        # "J. The ...", "SEVENTH. RETENTION ...": labels of their own, which the full patterns do not read
        assert blocks._labelled(stripped) is None
        assert stripped.startswith(got.label)
    else:
        assert got == (blocks._labelled(stripped) if stripped else None)


def test_tokens_are_the_pipeline_s_tokens_with_its_norms():
    """Tokens read from arrays carry what spaCy's own tokens carry, including a
    tokenizer exception's norm ("won't" -> "wo"/"will", "n't"/"not")."""
    from auditor.nlp.pipeline import get_nlp

    texts = ["Batch inputs won't be retained and can't be used; they're deleted.",
             "The Supplier shall not retain Customer Data for more than 30 days."]
    nlp = get_nlp()
    for text, ann in zip(texts, matcher_for(_RULES).annotate_many(texts)):
        expected = tuple((t.text, t.norm_, t.idx, bool(t.whitespace_)) for t in nlp(text))
        assert tuple(tuple(t) for t in ann.tokens) == expected
        assert [ann.norm(i) for i in range(len(ann))] == [t[1] for t in expected]
    won = matcher_for(_RULES).annotate(texts[0])
    assert "will" in won.norms() and "not" in won.norms()


def _umbrella_docs() -> list:
    from auditor.cases import case_files, load_cases
    from auditor.engine.document import read_document
    from auditor.ingest import document_from_string
    from auditor.segment import segment

    docs = []
    for path in sorted((ROOT / "fixtures" / "corpus").iterdir()):
        if path.is_file() and not path.name.endswith(".yaml"):
            try:
                docs.append(read_document(segment(load_document(path)), _RULES))
            except Exception:  # bad or unsupported files are tested elsewhere
                continue
    for path in case_files([str(ROOT / "tests" / "cases")]):
        for case in load_cases(path):
            docs.append(read_document(segment(document_from_string(case.text)), _RULES))
    return docs


def test_umbrella_index_finds_what_trying_every_umbrella_finds():
    from auditor.engine.names import data_words
    from auditor.engine.topic import _scope, _shared, _UmbrellaIndex

    checked = reached = 0
    for doc in _umbrella_docs():
        shared = _shared(doc, 3, data_words(_RULES))
        for rule in _RULES.rules:
            commitments = [r for r in doc.sentences if rule.topic in r.commitments]
            scopes = [_scope(u, rule.topic, commitments, umbrella=True, clauses=shared.clauses)
                      for u, _ in shared.umbrellas if rule.topic not in u.commitments]
            index = _UmbrellaIndex(scopes)
            for r in commitments:
                slow = next((sc for sc in scopes if sc.reaches(r)), None)
                assert index.first(r) is slow, (r.text, rule.topic)
                checked += 1
                reached += slow is not None
    assert checked > 300 and reached > 20


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab. \t\r\n\x0b\x0c\u00a0\u00ad", max_size=40))
def test_whitespace_runs_collapse_as_every_run_replaced(text):
    """Only runs of two or more spaces are rewritten (the table has turned
    other whitespace into spaces); the result is the same as replacing every
    whitespace run with one space."""
    import re

    from auditor.ingest.normalize import _TABLE, normalize_text

    every_run = re.sub(r"[ \t\r\n\x0b\x0c]+", " ", text.translate(_TABLE)).strip()
    assert normalize_text(text) == every_run


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.?! \n\t\u00a0\u201d)", max_size=30))
def test_runs_found_around_stops_are_the_pattern_s_runs(text):
    """With only plain spaces, runs holding a stop are found from the stops
    and the spaces around them; the pattern finds the same runs."""
    import auditor.nlp as nlp

    assert nlp._runs_with_stop(text) == [m.span() for m in nlp._CHUNK_WITH_STOP.finditer(text)]
    plain = text.replace("\n", " ").replace("\t", " ").replace("\u00a0", " ")
    assert nlp._runs_with_stop(plain) == [m.span() for m in nlp._CHUNK_WITH_STOP.finditer(plain)]
