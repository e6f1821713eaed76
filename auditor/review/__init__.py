"""Lawyer review and sign-off on top of the audit.

* :mod:`.decisions` — the human-editable YAML decisions file (load with line
  numbers, validate);
* :mod:`.writer`    — the file as commented, deterministic YAML;
* :mod:`.carry`     — which decision applies to a finding; carry-over across
  drafts (same finding id and unchanged fingerprint) and reopening;
* :mod:`.signoff`   — the sign-off state of one agreement (a file or a bundle);
* :mod:`.diff`      — topic-by-topic comparison of two drafts, files paired;
* :mod:`.placement` — which file of a bundle each finding is commented in;
* :mod:`.word_replies` — decisions answered in Word, read back from a reviewed copy.

Everything here computes state and imports nothing of auditor but the model
(:mod:`auditor.model`); the sign-off, diff and comment renderers are in
``auditor/report/``, file writing in ``auditor/cli/files.py``. Nothing here is
imported by ``auditor --help``; the command line imports these modules inside
its commands.
"""

from __future__ import annotations

from .decisions import ACCEPTING, DECISIONS, Decision, DecisionsError, DecisionsFile, default_decisions_path

__all__ = ["ACCEPTING", "DECISIONS", "Decision", "DecisionsError", "DecisionsFile", "default_decisions_path"]
