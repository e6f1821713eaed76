"""Rule files: schema, loading and validation. Rules are data (YAML)."""

from .loader import RuleError, default_rules_dir, load_ruleset
from .model import Example, Rule, RuleSet, TableColumn

__all__ = ["Example", "Rule", "RuleError", "RuleSet", "TableColumn", "default_rules_dir", "load_ruleset"]
