"""Self-contained, printable HTML audit report (not a sign-off: that is ``auditor signoff``).

One file: inline CSS, no scripts, fonts, images or other external assets (a
Content-Security-Policy meta tag forbids them as a second line of defence).
Rendered from ``templates/report.html.j2`` with Jinja2 autoescaping ON for
every template, so contract text is always HTML-escaped.  Status badges carry
a text label, a symbol and a distinct border style, so they read in greyscale.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from auditor.model import AuditRun, COVERED, EXCLUDED, IMPLIED, MISSING, NOT_ASSESSED, PARTIAL
from auditor.report.common import NOT_A_SIGNOFF, SIGNOFF_HOW
from auditor.report.views import build_run_view

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE = "report.html.j2"
TITLE = "Batch-processing coverage audit"

#: Symbols shown before each status label (greyscale cue besides the text).
MARKS: dict[str, str] = {
    COVERED: "✓",
    IMPLIED: "~",
    PARTIAL: "±",
    EXCLUDED: "✗",
    MISSING: "∅",
    NOT_ASSESSED: "?",
    "unknown": "?",
}

_NOT_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


def _slug(value: str) -> str:
    """Make ``value`` usable inside an HTML id / fragment."""
    return _NOT_SLUG.sub("-", value) or "topic"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The (cached) Jinja2 environment; autoescape is on for all templates."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["slug"] = _slug
    return env


def render(run: AuditRun, generated_at: str | None = None) -> str:
    """Render ``run`` as one self-contained HTML document."""
    template = _environment().get_template(TEMPLATE)
    return template.render(run=build_run_view(run, generated_at), title=TITLE, marks=MARKS,
                           not_a_signoff=NOT_A_SIGNOFF, signoff_how=SIGNOFF_HOW)
