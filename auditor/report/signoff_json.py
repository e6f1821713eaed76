"""Machine-readable JSON sign-off report.

Exactly :meth:`auditor.review.signoff.Signoff.to_dict`, pretty printed with
two-space indents, UTF-8 characters kept, and a trailing newline. JSON string
escaping makes any contract text safe.
"""

from __future__ import annotations

import json

from auditor.review.signoff import Signoff


def render(signoff: Signoff) -> str:
    """Render ``signoff`` as JSON text."""
    return json.dumps(signoff.to_dict(), indent=2, ensure_ascii=False) + "\n"
