"""Self-contained, printable HTML lawyer sign-off report.

One file: inline CSS, no scripts, fonts, images or other external assets (a
Content-Security-Policy meta tag forbids them as well). Rendered from
``templates/signoff.html.j2`` with Jinja2 autoescaping on, so every piece of
contract, rule-set and decisions text reaches the page escaped.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from auditor.report.html import MARKS, _slug
from auditor.review.signoff import Signoff, SignoffView, signoff_view

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE = "signoff.html.j2"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The cached Jinja2 environment (autoescape on for every template)."""
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


def render_view(view: SignoffView) -> str:
    """Render a :class:`SignoffView` as one HTML document."""
    return _environment().get_template(TEMPLATE).render(v=view, marks=MARKS)


def render(signoff: Signoff) -> str:
    """Render a :class:`Signoff` as one self-contained HTML document."""
    return render_view(signoff_view(signoff))
