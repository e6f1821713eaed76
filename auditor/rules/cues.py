"""Cue words as data: ``cues.yaml`` beside the rule files.

The reading's grammar words (negated subjects, deferrals, pointers to
outside documents, the words a negation steps over, protective verbs...)
are listed in YAML, the way medspaCy's ConText rules list negation cues:
each category has its phrases, the direction in which it reaches (forward,
backward, both, or the whole clause), the words that end its reach, a
short description, and cases. Every phrase must occur in at least one of
its category's cases, and the cases run as tests (``auditor rules test``
and the test suite), so a cue never enters the file untested.

Phrases are matched like rule terms: on folded tokens, so "excluded",
"excludes" and "exclude" are one phrase. A category's ``kind`` says how the
reading uses it: ``phrase`` categories are matched in sentences as labels
``c:<category>``; ``words`` categories are closed word classes the reading
tests single tokens against (by their folded form).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

CUES_FILE = "cues.yaml"


def _fold(text: str) -> list[str]:
    """The folded tokens the matcher sees (the same tokenizer and norms)."""
    from ..nlp.pipeline import norm_doc

    return [t.norm_ for t in norm_doc(text) if not t.is_space]
DIRECTIONS = ("forward", "backward", "both", "clause")
KINDS = ("phrase", "words")
CATEGORY_KEYS = {"description", "kind", "direction", "ends", "phrases", "cases"}

# The categories the reading relies on; a cue file must define each.
REQUIRED = ("negated_subject", "deferral", "pointer", "mutable_reference", "exclusion_predicate",
            "negation_gap", "negation_idiom", "protective_action", "different_terms", "data_use",
            "passive_aux", "clause_break", "scope_predicate", "verb_chain", "treated_as",
            "exception_noun", "region_noun", "exclusion_verb", "condition",
            "document_noun", "agreement_end", "deletion_request", "backup_copy", "catenative", "withdrawal", "duty_denied", "turnaround", "turnaround_window", "duty_verb",
            "opt_out", "honour_verb", "alternative_treatment", "additive", "provision_noun",
            "batch_grouped", "batch_deferred", "other_traffic", "procedure_word", "clause_joiner",
            "new_clause_modal", "cross_reference", "grant_verb", "product_verb", "product_hedge",
            "product_continuation", "pronoun", "mode_contrast", "subject_gap", "passive_be",
            "condition_opener", "work_unit", "place_qualifier", "service_noun", "control_verb", "override",
            "time_opener", "back_subject",
            "time_noun", "precedence", "batch_modifier",
            "attestation", "person_noun", "waiver", "time_clause", "indirect_question",
            "outside_text", "report_verb", "recorded_verb", "proposal_verb", "regime_event",
            "erasure_participle", "deadline_word", "measure_noun", "non_file_label", "place_quantifier", "exercise_limit", "erasure_verb", "processing_verb", "counted_part", "removal_verb", "cell_no", "cell_yes")


@dataclass(frozen=True)
class CueCase:
    line: int
    text: str
    expect: tuple[tuple[str, str], ...]
    evidence: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CueCategory:
    name: str
    kind: str
    direction: str
    ends: tuple[str, ...]
    phrases: tuple[str, ...]
    description: str
    cases: tuple[CueCase, ...]
    line: int

    @property
    def label(self) -> str:
        return f"c:{self.name}"


@dataclass(frozen=True)
class Cues:
    path: str
    categories: Mapping[str, CueCategory]

    def words(self, name: str) -> frozenset[str]:
        """A ``words`` category as the set of its folded forms."""
        from ..nlp.stem import stem

        return frozenset(stem(p) for p in self.categories[name].phrases)

    def ends(self, name: str) -> frozenset[tuple[str, ...]]:
        """The words (or phrases, as tuples of folded words) that end a cue's reach."""
        from ..nlp.stem import stem

        return frozenset(tuple(stem(w) for w in p.split()) for p in self.categories[name].ends)

    def matcher_labels(self) -> dict[str, tuple[str, ...]]:
        return {c.label: c.phrases for c in self.categories.values() if c.kind == "phrase"}


def load_cues(path: Path, data: dict[str, Any] | None, problems: list[str]) -> Cues | None:
    """Validate a parsed ``cues.yaml`` (mappings carry ``__line__``/``__lines__``)."""
    from .loader import _strip  # the line bookkeeping of the rule loader

    if data is None:
        return None
    cats = data.get("categories")
    if not isinstance(cats, dict):
        problems.append(f"{path}:{data.get('__line__', 1)}: expected 'categories:', a mapping of category name to its cues")
        return None
    lines = cats.get("__lines__", {})
    out: dict[str, CueCategory] = {}
    for name, raw in cats.items():
        if name in ("__lines__", "__line__"):
            continue
        where = f"{path}:{lines.get(name, 1)}: cue category '{name}'"
        if not isinstance(raw, dict):
            problems.append(f"{where}: expected a mapping with {', '.join(sorted(CATEGORY_KEYS))}")
            continue
        klines = raw.get("__lines__", {})
        unknown = sorted(set(raw) - CATEGORY_KEYS - {"__lines__", "__line__"})
        for key in unknown:
            problems.append(f"{path}:{klines.get(key, 1)}: cue category '{name}' key '{key}': unknown key "
                            f"(allowed: {', '.join(sorted(CATEGORY_KEYS))})")
        kind = raw.get("kind", "phrase")
        if kind not in KINDS:
            problems.append(f"{path}:{klines.get('kind', 1)}: cue category '{name}' key 'kind': {kind!r} is not one of {', '.join(KINDS)}")
        direction = raw.get("direction", "clause")
        if direction not in DIRECTIONS:
            problems.append(f"{path}:{klines.get('direction', 1)}: cue category '{name}' key 'direction': "
                            f"{direction!r} is not one of {', '.join(DIRECTIONS)}")
        phrases = _strip(raw.get("phrases"))
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, (str, int)) and str(p).strip() for p in phrases):
            problems.append(f"{path}:{klines.get('phrases', 1)}: cue category '{name}' key 'phrases': expected a list of non-empty phrases")
            phrases = []
        ends = _strip(raw.get("ends") or [])
        if not isinstance(ends, list) or not all(isinstance(p, str) for p in ends):
            problems.append(f"{path}:{klines.get('ends', 1)}: cue category '{name}' key 'ends': expected a list of words")
            ends = []
        cases = []
        for item in raw.get("cases") or []:
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not isinstance(item.get("expect"), dict):
                problems.append(f"{path}:{klines.get('cases', 1)}: cue category '{name}': every case needs 'text' and 'expect'")
                continue
            expect = tuple(sorted((str(k), str(v)) for k, v in _strip(item["expect"]).items()))
            evidence = tuple(sorted((str(k), str(v)) for k, v in (_strip(item.get("evidence")) or {}).items()))
            cases.append(CueCase(int(item.get("__line__", 0)), item["text"], expect, evidence))
        if not cases:
            problems.append(f"{where}: has no cases; every cue is tested by at least one case")
        folded = [" ".join(_fold(c.text)) for c in cases]
        for p in phrases:
            key = " ".join(_fold(str(p)))
            if cases and not any(f" {key} " in f" {text} " for text in folded):
                problems.append(f"{where}: phrase '{p}' occurs in none of the category's cases")
        out[str(name)] = CueCategory(str(name), str(kind), str(direction), tuple(map(str, ends)),
                                     tuple(str(p) for p in phrases), " ".join(str(raw.get("description", "")).split()),
                                     tuple(cases), int(lines.get(name, 1)))
    for name in REQUIRED:
        if name not in out:
            problems.append(f"{path}:1: missing required cue category '{name}'")
    return Cues(str(path), out)
