"""Resource bounds applied while reading a file.

Every bound is checked before the expensive work it protects (file size before
reading, declared ZIP sizes before inflating, page count before extracting),
so a hostile or accidental monster file fails fast with ``too_large`` or
``unsafe`` instead of exhausting memory.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Configurable bounds for :func:`auditor.ingest.load_document`.

    ``max_file_bytes``: largest file accepted at all (``too_large``).
    ``max_pages``: most PDF pages read (``too_large``).
    ``max_uncompressed_bytes``: most bytes a DOCX's ZIP entries may expand to,
    each and together (``unsafe``).
    ``max_ratio``: highest uncompressed/compressed ratio of a ZIP entry
    larger than ``ratio_floor_bytes`` (``unsafe``; typical DOCX parts are
    below 20).
    ``max_chars``: longest document text produced (``too_large``).
    ``convert_timeout_s``: longest a LibreOffice conversion of a ``.doc``,
    ``.rtf`` or ``.odt`` file may take (``timeout``).
    """

    max_file_bytes: int = 200 * MB
    max_pages: int = 2000
    max_uncompressed_bytes: int = 300 * MB
    max_ratio: int = 200
    max_chars: int = 20_000_000
    ratio_floor_bytes: int = 1 * MB
    convert_timeout_s: int = 120

    def __post_init__(self) -> None:
        for name in (
            "max_file_bytes",
            "max_pages",
            "max_uncompressed_bytes",
            "max_ratio",
            "max_chars",
            "convert_timeout_s",
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"Limits.{name} must be a positive integer, got {value!r}")
        if not isinstance(self.ratio_floor_bytes, int) or self.ratio_floor_bytes < 0:
            raise ValueError("Limits.ratio_floor_bytes must be a non-negative integer")


DEFAULT_LIMITS = Limits()
