"""Running every rule's examples: the rule files are tested like code."""

from __future__ import annotations

from dataclasses import dataclass

from .pipeline import audit_text
from .rules import Example, Rule, RuleSet


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    example: Example
    got: str
    explanation: str

    @property
    def passed(self) -> bool:
        return self.got == self.example.status

    def location(self) -> str:
        return f"{self.rule.path}:{self.example.line}" if self.example.line else self.rule.path


def run_examples(ruleset: RuleSet) -> list[ExampleResult]:
    """Audit each example text with its own rule (and the shared vocabularies),
    plus the rules of the topics it defers to (``secondary_to``, ``end_of_term_to``)."""
    results: list[ExampleResult] = []
    for rule in ruleset.rules:
        others = set(rule.secondary_to) | set(rule.end_of_term_to)
        only = ruleset.only({rule.id} | {r.id for r in ruleset.rules if r.topic in others})
        for ex in rule.examples:
            report = audit_text(ex.text, only, path=f"{rule.id} example")
            finding = report.findings[0] if report.findings else None
            results.append(ExampleResult(rule, ex, report.topics.get(rule.topic, "not_assessed"),
                                         finding.explanation if finding else ""))
    return results
