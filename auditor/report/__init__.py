"""Report stage: turn an :class:`~auditor.model.AuditRun` into text.

One module per format, each exposing ``render(run, generated_at=None) -> str``:

* ``text``        — terminal summary (``text.py``)
* ``json``        — ``AuditRun.to_dict()`` as JSON (``json_report.py``)
* ``md``          — Markdown sign-off report (``markdown.py``)
* ``html``        — self-contained, printable HTML sign-off report (``html.py``)

Output is deterministic: the same run gives byte-identical output.  The only
time-dependent value, ``generated_at``, is supplied by the caller; when it is
``None`` no timestamp is printed.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.model import AuditRun
from auditor.report import html, json_report, markdown, text

FORMATS: tuple[str, ...] = ("text", "json", "md", "html")

_RENDERERS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json_report.render,
    "md": markdown.render,
    "html": html.render,
}


def render(run: AuditRun, fmt: str, *, generated_at: str | None = None, width: int | None = None) -> str:
    """Render ``run`` in format ``fmt`` (one of :data:`FORMATS`); ``width`` is
    the text report's line width (80 when not given; the other formats have none).

    Raises ``ValueError`` for an unknown format.
    """
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    if fmt == "text" and width is not None:
        return text.render(run, generated_at=generated_at, width=width)
    return renderer(run, generated_at=generated_at)


__all__ = ["FORMATS", "render"]
