"""Self-contained, printable HTML lawyer sign-off report.

One file: inline CSS, no scripts, fonts, images or other external assets (a
Content-Security-Policy meta tag forbids them as well). Rendered from
``templates/signoff.html.j2`` with Jinja2 autoescaping on, so every piece of
contract, rule-set and decisions text reaches the page escaped.
"""

from __future__ import annotations

from auditor.report.html import MARKS, _environment
from auditor.report.signoff_view import SignoffView, signoff_view
from auditor.review.signoff import Signoff

TEMPLATE = "signoff.html.j2"


def render_view(view: SignoffView) -> str:
    """Render a :class:`SignoffView` as one HTML document."""
    return _environment().get_template(TEMPLATE).render(v=view, marks=MARKS)


def render(signoff: Signoff) -> str:
    """Render a :class:`Signoff` as one self-contained HTML document."""
    return render_view(signoff_view(signoff))
