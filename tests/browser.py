"""Headless Chromium for the tests of HTML reports: the DOM it builds, its print and a screenshot.

Each page is loaded from a file:// URL with networking features off. Chromium
is Debian's ``chromium`` package; without it the browser tests are skipped,
unless ``CI`` is set: then they fail, so CI cannot pass silently without the
browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def find_chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        reason = "chromium is not installed (Debian: apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI is set: the browser tests must run in CI")
        pytest.skip(reason)
    return path


def run_chromium(chromium: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / "chromium-profile"
    profile.mkdir(exist_ok=True)
    proc = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=180, env={**os.environ, "HOME": str(tmp)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def render_in_chromium(chromium: str, html: Path) -> tuple[lxml.html.HtmlElement, str, Path]:
    """The DOM as Chromium built it, the printed text, and a screenshot path."""
    tmp = html.parent
    dom = run_chromium(chromium, tmp, "--dump-dom", html.as_uri()).stdout
    pdf, png = tmp / "print.pdf", tmp / "shot.png"
    run_chromium(chromium, tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri())
    run_chromium(chromium, tmp, f"--screenshot={png}", "--window-size=1200,1600", html.as_uri())
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 1
        printed = " ".join(" ".join((page.extract_text() or "").split()) for page in doc.pages)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    return lxml.html.fromstring(dom), printed, png


def visible_text(root: lxml.html.HtmlElement) -> str:
    body = root.find("body")
    assert body is not None
    return " ".join(body.text_content().split())
