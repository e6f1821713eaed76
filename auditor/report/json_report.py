"""Machine-readable JSON report.

The document is exactly ``AuditRun.to_dict()`` (names unchanged), pretty
printed with two-space indents and a trailing newline.  ``generated_at`` is
inserted right after ``auditor_version`` only when the caller passes it.
"""

from __future__ import annotations

import json
from typing import Any

from auditor.model import AuditRun


def render(run: AuditRun, generated_at: str | None = None) -> str:
    """Render ``run`` as JSON text (UTF-8 characters kept, not ``\\u`` escaped)."""
    data = run.to_dict()
    if generated_at is not None:
        ordered: dict[str, Any] = {}
        for key, value in data.items():
            ordered[key] = value
            if key == "auditor_version":
                ordered["generated_at"] = generated_at
        ordered.setdefault("generated_at", generated_at)
        data = ordered
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
