"""Loading and validating rule files.

A rule directory holds ``ruleset.yaml`` (version, checklist, shared
vocabularies) and one ``<rule-id>.yaml`` per rule. Every problem is reported
as a ``RuleError`` naming the file, the rule, the key, the line and what to
write instead; loading collects all problems before failing.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from .cues import CUES_FILE, load_cues
from .model import (ACTORS, COLUMN_KINDS, EXAMPLE_STATUSES, NEGATED_ACTIONS, POLARITIES, SEVERITIES, Example,
                    Rule, RuleSet, TableColumn)

RULESET_FILE = "ruleset.yaml"
_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_TOPIC = re.compile(r"^[a-z][a-z0-9_]*$")

RULESET_KEYS = {"version", "name", "checklist", "vocabulary", "settings", "order"}
RULE_KEYS = {"id", "topic", "title", "checklist_items", "severity", "description", "commitment",
             "topic_terms", "checks", "table_columns", "remediation", "examples", "aliases",
             "enabled"}
COMMITMENT_KEYS = {"require", "or_require", "within", "order", "ignore_near", "actor", "polarity", "negated_action",
                   "secondary_to", "end_of_term_to", "not_on", "discretion"}
CHECK_KEYS = {"artifacts", "schedule", "region", "schedule_terms"}
REQUIRED_VOCABULARY = ("batch", "synchronous", "negation", "applicability", "exception",
                       "data_objects", "provider_parties", "customer_parties")
DEFAULT_SETTINGS = {"batch_ignore_window": 6, "scope_window": 10, "definition_depth": 3}


class RuleError(Exception):
    """One or more problems in a rule directory."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def default_rules_dir() -> Path:
    """The bundled playbook: ``rules/`` in a checkout, else the installed copy."""
    here = Path(__file__).resolve()
    checkout = here.parents[2] / "rules"
    if (checkout / RULESET_FILE).is_file():
        return checkout
    return here.parents[1] / "_default_rules"  # installed wheel: auditor/_default_rules


class _Lines(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when PyYAML has it
    """A SafeLoader that remembers the line of every mapping key."""


def _construct_mapping(loader: _Lines, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {}
    lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    mapping["__lines__"] = lines
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_Lines.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("__lines__", "__line__")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


class _Checker:
    def __init__(self, path: Path, rule: str | None = None):
        self.path = path
        self.rule = rule
        self.problems: list[str] = []

    def fail(self, node: dict[str, Any] | None, key: str, message: str) -> None:
        line = 0
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(key.split(".")[-1].split("[")[0], node.get("__line__", 0))
        where = f"{self.path}:{line}" if line else str(self.path)
        rule = f" rule '{self.rule}'" if self.rule else ""
        self.problems.append(f"{where}:{rule} key '{key}': {message}")

    def unknown_keys(self, node: dict[str, Any], allowed: set[str], prefix: str = "") -> None:
        for key in node:
            if key in ("__lines__", "__line__") or key in allowed:
                continue
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(sorted(allowed))}"
            self.fail(node, f"{prefix}{key}", f"unknown key{hint}")

    def terms(self, node: dict[str, Any], key: str, value: Any, vocab: dict[str, tuple[str, ...]],
              required: bool = True) -> tuple[str, ...]:
        if value is None and not required:
            return ()
        if not isinstance(value, list) or not value:
            self.fail(node, key, "expected a non-empty list of terms, e.g. [retain, retention]")
            return ()
        out: list[str] = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                self.fail(node, key, f"every term must be a non-empty string, got {item!r}")
                continue
            if item.startswith("$"):
                name = item[1:]
                if name not in vocab:
                    close = difflib.get_close_matches(name, sorted(vocab), n=1)
                    hint = f"; did you mean '${close[0]}'?" if close else ""
                    self.fail(node, key, f"unknown vocabulary '{item}'{hint}")
                    continue
                out.extend(vocab[name])
            else:
                out.append(item)
        return tuple(out)


def _window(checker: _Checker, node: dict[str, Any], key: str, value: Any) -> int:
    if value is None:
        return 0
    if not isinstance(value, int) or value <= 0:
        checker.fail(node, key, "expected a positive number of words, e.g. within: 14")
        return 0
    return value


def _order(checker: _Checker, node: dict[str, Any], key: str, value: Any, groups: int) -> tuple[int, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(i, int) and 0 <= i < groups for i in value):
        checker.fail(node, key, f"expected a list of group indices (0 to {groups - 1}) in the order their words must appear")
        return ()
    return tuple(value)


def _adjacent(checker: _Checker, node: dict[str, Any], key: str, value: Any,
              groups: int) -> tuple[int, int, int] | None:
    """``adjacent: [a, b, n]``: group b's words come right after group a's,
    at most n words after them ("30 days after receipt")."""
    if value is None:
        return None
    if (not isinstance(value, list) or len(value) != 3 or not all(isinstance(i, int) for i in value)
            or not (0 <= value[0] < groups and 0 <= value[1] < groups) or value[2] < 0):
        checker.fail(node, key, f"expected [first group, second group, most words between], groups 0 to {groups - 1}")
        return None
    return value[0], value[1], value[2]


def _read_yaml(path: Path, checker: _Checker) -> dict[str, Any] | None:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Lines)  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        checker.problems.append(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        checker.problems.append(f"{path}: cannot be read: {exc}")
        return None
    if not isinstance(data, dict):
        checker.problems.append(f"{path}: expected a mapping of keys at the top level")
        return None
    return data


def _load_ruleset_file(path: Path, checker: _Checker) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    data = _read_yaml(path, checker) or {}
    checker.unknown_keys(data, RULESET_KEYS)
    if not isinstance(data.get("version"), (str, int, float)):
        checker.fail(data, "version", 'required: the rule set version, e.g. version: "2026.11.1"')
    checklist = _strip(data.get("checklist"))
    if not isinstance(checklist, dict) or not checklist or not all(isinstance(k, int) and isinstance(v, str) for k, v in checklist.items()):
        checker.fail(data, "checklist", "required: a mapping of item number to text, e.g. 1: Data protection applies to batch")
    vocab: dict[str, tuple[str, ...]] = {}
    raw_vocab = _strip(data.get("vocabulary"))
    if not isinstance(raw_vocab, dict):
        checker.fail(data, "vocabulary", "required: a mapping of vocabulary name to a list of terms")
        raw_vocab = {}
    for name, terms in raw_vocab.items():
        if not isinstance(terms, list) or not all(isinstance(t, (str, int)) and str(t).strip() for t in terms):
            checker.fail(data.get("vocabulary"), f"vocabulary.{name}", "expected a list of non-empty terms")
            continue
        vocab[name] = tuple(str(t) for t in terms)
    if "places" in vocab and "place_aliases" in vocab:
        # A place's short name ("EER = European Economic Area", "Union européenne = European Union") is
        # a place wherever places are read: in the rules' patterns as in the reading's own checks.
        short = tuple(e.split("=")[0].strip() for e in vocab["place_aliases"] if "=" in e)
        vocab["places"] = vocab["places"] + tuple(n for n in dict.fromkeys(short) if n and n not in vocab["places"])
    for name in REQUIRED_VOCABULARY:
        if raw_vocab and name not in vocab:
            checker.fail(data, "vocabulary", f"missing required vocabulary '{name}'")
    settings = _strip(data.get("settings")) or {}
    if not isinstance(settings, dict) or not all(isinstance(v, int) and v > 0 for v in settings.values()):
        checker.fail(data, "settings", "expected a mapping of setting name to a positive integer")
    return _strip(data), vocab


def _load_rule(path: Path, vocab: dict[str, tuple[str, ...]], checklist: dict[int, str],
               problems: list[str]) -> Rule | None:
    checker = _Checker(path, path.stem)
    data = _read_yaml(path, checker)
    if data is None:
        problems.extend(checker.problems)
        return None
    if data.get("enabled") is False:
        return None
    checker.unknown_keys(data, RULE_KEYS)
    rid = data.get("id")
    if rid != path.stem:
        checker.fail(data, "id", f"must equal the file name '{path.stem}' (kebab-case), got {rid!r}")
    elif not _ID.match(rid):
        checker.fail(data, "id", "must be kebab-case, e.g. training-exclusion")
    topic = data.get("topic")
    if not isinstance(topic, str) or not _TOPIC.match(topic):
        checker.fail(data, "topic", "required: a snake_case topic name, e.g. training_exclusion")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        checker.fail(data, "title", "required: a short title a lawyer reads")
    items = _strip(data.get("checklist_items"))
    if not isinstance(items, list) or not items or any(i not in checklist for i in items):
        checker.fail(data, "checklist_items", f"required: a list of checklist item numbers from ruleset.yaml {sorted(checklist)}")
        items = [1]
    severity = data.get("severity", "high")
    if severity not in SEVERITIES:
        checker.fail(data, "severity", f"must be one of {', '.join(SEVERITIES)}")

    commitment = data.get("commitment")
    require: list[tuple[str, ...]] = []
    alternatives: list[tuple[tuple[str, ...], ...]] = []
    provider_only: set[int] = set()  # patterns (by index, the main one 0) with "actor: provider"
    windows: list[int] = []
    orders: list[tuple[int, ...]] = []
    gaps: list[tuple[int, int, int] | None] = []
    ignore_near: list[tuple[tuple[str, ...], int]] = []
    secondary: list[str] = []
    end_of_term: list[str] = []
    not_on = ""
    discretion = "commitment"
    actor, polarity, negated_action = "provider", "any", "commitment"
    if not isinstance(commitment, dict):
        checker.fail(data, "commitment", "required: a mapping with 'require' (a list of term groups)")
    else:
        checker.unknown_keys(commitment, COMMITMENT_KEYS, "commitment.")
        groups = commitment.get("require")
        if not isinstance(groups, list) or not groups:
            checker.fail(commitment, "commitment.require", "expected a list of term groups, e.g. - [retain, retention]")
        else:
            for i, group in enumerate(groups):
                require.append(checker.terms(commitment, f"commitment.require[{i}]", group, vocab))
        windows.append(_window(checker, commitment, "commitment.within", commitment.get("within")))
        orders.append(_order(checker, commitment, "commitment.order", commitment.get("order"), len(groups or [])))
        gaps.append(None)
        for k, alt in enumerate(commitment.get("or_require") or []):
            within = None
            order = None
            gap = None
            if isinstance(alt, dict):
                checker.unknown_keys(alt, {"require", "within", "order", "adjacent", "actor"}, f"commitment.or_require[{k}].")
                if alt.get("actor") not in (None, "provider"):
                    checker.fail(alt, f"commitment.or_require[{k}].actor",
                                 "expected 'provider': the pattern commits only when the customer is not the one acting")
                elif alt.get("actor") == "provider":
                    provider_only.add(len(alternatives) + 1)
                within, order, gap, alt = alt.get("within"), alt.get("order"), alt.get("adjacent"), alt.get("require")
            if not isinstance(alt, list) or not alt:
                checker.fail(commitment, f"commitment.or_require[{k}]",
                             "expected a list of term groups, or a mapping with 'require' and 'within'")
                continue
            alternatives.append(tuple(checker.terms(commitment, f"commitment.or_require[{k}][{i}]", g, vocab)
                                      for i, g in enumerate(alt)))
            windows.append(_window(checker, commitment, f"commitment.or_require[{k}].within", within))
            orders.append(_order(checker, commitment, f"commitment.or_require[{k}].order", order, len(alt)))
            gaps.append(_adjacent(checker, commitment, f"commitment.or_require[{k}].adjacent", gap, len(alt)))
        near_groups = commitment.get("ignore_near")
        if near_groups is not None:
            # One group ({terms, window}) or a list of them, each with its own window.
            listed = isinstance(near_groups, list)
            for k, near in enumerate(near_groups if listed else [near_groups]):
                key = f"commitment.ignore_near[{k}]" if listed else "commitment.ignore_near"
                if not isinstance(near, dict):
                    checker.fail(commitment, key, "expected a mapping with 'terms' and 'window', or a list of them")
                    continue
                checker.unknown_keys(near, {"terms", "window"}, f"{key}.")
                terms = checker.terms(near, f"{key}.terms", near.get("terms"), vocab)
                window = near.get("window", 6)
                if not isinstance(window, int) or isinstance(window, bool) or window < 0:
                    checker.fail(near, f"{key}.window", "expected a whole number of words")
                    window = 6
                if terms:
                    ignore_near.append((tuple(terms), window))
        actor = commitment.get("actor", "provider")
        if actor not in ACTORS:
            checker.fail(commitment, "commitment.actor", f"must be one of {', '.join(ACTORS)}")
        polarity = commitment.get("polarity", "any")
        if polarity not in POLARITIES:
            checker.fail(commitment, "commitment.polarity", f"must be one of {', '.join(POLARITIES)}")
        negated_action = commitment.get("negated_action", "commitment")
        secondary = commitment.get("secondary_to") or []
        if not isinstance(secondary, list) or not all(isinstance(t, str) for t in secondary):
            checker.fail(commitment, "commitment.secondary_to", "expected a list of topics, e.g. [retention]")
            secondary = []
        end_of_term = commitment.get("end_of_term_to") or []
        if not isinstance(end_of_term, list) or not all(isinstance(t, str) for t in end_of_term):
            checker.fail(commitment, "commitment.end_of_term_to", "expected a list of topics, e.g. [deletion]")
            end_of_term = []
        not_on = commitment.get("not_on", "")
        if not_on not in ("", "customer", "provider"):
            checker.fail(commitment, "commitment.not_on", "must be customer or provider")
            not_on = ""
        if negated_action not in NEGATED_ACTIONS:
            checker.fail(commitment, "commitment.negated_action", f"must be one of {', '.join(NEGATED_ACTIONS)}")
        discretion = commitment.get("discretion", "commitment")
        if discretion not in ("commitment", "none"):
            checker.fail(commitment, "commitment.discretion", "must be commitment or none")
            discretion = "commitment"

    topic_terms = checker.terms(data, "topic_terms", data.get("topic_terms"), vocab, required=False)
    checks = data.get("checks") or {}
    if not isinstance(checks, dict):
        checker.fail(data, "checks", "expected a mapping, e.g. {artifacts: true, schedule: true}")
        checks = {}
    checker.unknown_keys(checks, CHECK_KEYS, "checks.")
    for key in CHECK_KEYS - {"schedule_terms"}:
        if key in checks and not isinstance(checks[key], bool):
            checker.fail(checks, f"checks.{key}", "expected true or false")
    schedule_terms = checker.terms(checks, "checks.schedule_terms", checks.get("schedule_terms"), vocab,
                                   required=False) if "schedule_terms" in checks else ()

    columns: list[TableColumn] = []
    for i, col in enumerate(data.get("table_columns") or []):
        if not isinstance(col, dict):
            checker.fail(data, f"table_columns[{i}]", "expected a mapping with 'match' and 'kind'")
            continue
        checker.unknown_keys(col, {"match", "kind"}, f"table_columns[{i}].")
        if col.get("kind") not in COLUMN_KINDS:
            checker.fail(col, f"table_columns[{i}].kind", f"must be one of {', '.join(COLUMN_KINDS)}")
            continue
        columns.append(TableColumn(checker.terms(col, f"table_columns[{i}].match", col.get("match"), vocab), col["kind"]))

    remediation = _strip(data.get("remediation"))
    if isinstance(remediation, str):
        remediation = {"default": remediation}
    if not isinstance(remediation, dict) or not isinstance(remediation.get("default"), str):
        checker.fail(data, "remediation", "required: text, or a mapping with at least 'default'")
        remediation = {"default": ""}
    for key in remediation:
        if key != "default" and key not in EXAMPLE_STATUSES:
            checker.fail(data.get("remediation"), f"remediation.{key}", f"must be 'default' or a status: {', '.join(EXAMPLE_STATUSES)}")

    examples: list[Example] = []
    raw_examples = data.get("examples")
    if not isinstance(raw_examples, list) or not raw_examples:
        checker.fail(data, "examples", "required: at least one example (text and expected status)")
    else:
        for i, ex in enumerate(raw_examples):
            if not isinstance(ex, dict) or not isinstance(ex.get("text"), str):
                checker.fail(data, f"examples[{i}]", "expected a mapping with 'text' and 'status'")
                continue
            checker.unknown_keys(ex, {"text", "status", "note"}, f"examples[{i}].")
            if ex.get("status") not in EXAMPLE_STATUSES:
                checker.fail(ex, f"examples[{i}].status", f"must be one of {', '.join(EXAMPLE_STATUSES)}")
                continue
            examples.append(Example(ex["status"], ex["text"], str(ex.get("note", "")), ex.get("__line__", 0)))
    aliases = _strip(data.get("aliases")) or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        checker.fail(data, "aliases", "expected a list of former rule ids")
        aliases = []

    problems.extend(checker.problems)
    if checker.problems:
        return None
    return Rule(
        id=rid, topic=topic, title=title.strip(), checklist_items=tuple(items), severity=severity,
        description=str(data.get("description", "")).strip(), require=tuple(require),
        alternatives=tuple(alternatives), windows=tuple(windows), orders=tuple(orders), adjacent=tuple(gaps),
        ignore_near=tuple(ignore_near), actor=actor, polarity=polarity,
        topic_terms=topic_terms or require[0], artifacts=bool(checks.get("artifacts")),
        schedule=bool(checks.get("schedule")), region=bool(checks.get("region")),
        schedule_terms=tuple(schedule_terms or ()),
        table_columns=tuple(columns), remediation=dict(remediation), examples=tuple(examples),
        path=str(path), aliases=tuple(aliases), negated_action=negated_action, discretion=discretion, secondary_to=tuple(secondary),
        end_of_term_to=tuple(end_of_term), not_on=not_on, provider_only=frozenset(provider_only),
    )


def load_ruleset(directory: str | Path | None = None) -> RuleSet:
    """Load and validate every rule in ``directory`` (default: the bundled playbook)."""
    base = Path(directory) if directory is not None else default_rules_dir()
    if not base.is_dir():
        raise RuleError([f"{base}: not a directory of rule files"])
    head = base / RULESET_FILE
    if not head.is_file():
        raise RuleError([f"{head}: missing; a rule directory needs ruleset.yaml (version, checklist, vocabulary)"])
    files = sorted(p for p in base.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    checker = _Checker(head)
    meta, vocab = _load_ruleset_file(head, checker)
    problems = list(checker.problems)
    # The reading's cue words: the rule directory's own cues.yaml, else the bundled one.
    cue_path = base / CUES_FILE
    if not cue_path.is_file():
        cue_path = default_rules_dir() / CUES_FILE
    cue_checker = _Checker(cue_path)
    cues = load_cues(cue_path, _read_yaml(cue_path, cue_checker), problems)
    problems += cue_checker.problems
    checklist = {int(k): str(v).strip() for k, v in (meta.get("checklist") or {}).items() if isinstance(k, int)}
    rules: list[Rule] = []
    for path in files:
        if path.name in (RULESET_FILE, CUES_FILE):
            continue
        rule = _load_rule(path, vocab, checklist, problems)
        if rule:
            rules.append(rule)
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.topic in seen:
            problems.append(f"{rule.path}: rule '{rule.id}' key 'topic': topic '{rule.topic}' is already used by rule '{seen[rule.topic]}'")
        seen[rule.topic] = rule.id
    if not rules and not problems:
        problems.append(f"{base}: no rule files found next to ruleset.yaml")
    if problems:
        raise RuleError(problems)
    order = [t for t in (meta.get("order") or []) if isinstance(t, str)]
    rules.sort(key=lambda r: (order.index(r.topic) if r.topic in order else len(order), r.id))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    if cue_path.parent != base:
        digest.update(b"default:" + CUES_FILE.encode() + b"\0" + cue_path.read_bytes() + b"\0")
    settings = {**DEFAULT_SETTINGS, **(meta.get("settings") or {})}
    return RuleSet(
        version=str(meta.get("version")), name=str(meta.get("name", "")), sha256=digest.hexdigest(),
        path=str(base), checklist=checklist, vocabulary=vocab, settings=settings,
        rules=tuple(rules), files=tuple(p.name for p in files), cues=cues,
    )
