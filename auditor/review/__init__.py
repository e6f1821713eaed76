"""Lawyer review and sign-off on top of the audit.

* :mod:`.decisions` — the human-editable YAML decisions file (load with line
  numbers, validate);
* :mod:`.writer`    — write it back: commented YAML, atomic, with a ``.bak``;
* :mod:`.carry`     — which decision applies to a finding; carry-over across
  drafts (same finding id and unchanged fingerprint) and reopening;
* :mod:`.signoff`   — the sign-off state of one document and its view model;
* :mod:`.diff`      — topic-by-topic comparison of two drafts;
* :mod:`.annotate`  — Word comments on a copy of a DOCX draft.

Nothing here is imported by ``auditor --help``; the command line imports
these modules inside its commands.
"""

from __future__ import annotations

from .decisions import ACCEPTING, DECISIONS, Decision, DecisionsError, DecisionsFile, default_decisions_path

__all__ = ["ACCEPTING", "DECISIONS", "Decision", "DecisionsError", "DecisionsFile", "default_decisions_path"]
