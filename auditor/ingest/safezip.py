"""Bounded ZIP access and hardened XML parsing for Office files.

:class:`SafeZip` refuses an archive before inflating anything when an
entry's declared size, the declared total, or an entry's compression ratio
exceeds :class:`~auditor.ingest.limits.Limits` (``unsafe``), and reads each
entry with a hard cap so a lying header cannot inflate past its declared
size. :func:`parse_xml` rejects DOCTYPE/ENTITY declarations (``unsafe``),
never resolves entities or touches the network, and reports malformed XML
as ``corrupt``.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from auditor.model import IngestError

from .limits import Limits

_MB = 1024 * 1024
# DOCTYPE / ENTITY markers as they appear in UTF-8 and UTF-16 encoded XML.
_DTD_MARKERS = tuple(
    marker.encode(enc)
    for marker in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
    for enc in ("utf-8", "utf-16-le", "utf-16-be")
)


def _mb(n: int) -> str:
    return f"{n / _MB:,.0f} MB" if n >= _MB else f"{n:,} bytes"


class SafeZip:
    """A ZIP archive read within ``Limits``.

    Construction raises ``IngestError("corrupt")`` for a damaged archive;
    :meth:`check` raises ``unsafe`` for sizes or ratios beyond the limits and
    must be called before reading whole entries.
    """

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.limits = limits
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except Exception as exc:  # BadZipFile, NotImplementedError (multi-disk), OSError, ...
            raise IngestError("corrupt", f"ZIP container is damaged ({_reason(exc)})") from None
        self.infos = {i.filename: i for i in infos}
        self.names = frozenset(self.infos)
        self._read_total = 0

    def check(self) -> None:
        """Refuse the archive (``unsafe``) if any entry's declared size or
        compression ratio, or the declared total, exceeds the limits."""
        limits = self.limits
        total = 0
        for info in self.infos.values():
            size, packed = info.file_size, info.compress_size
            if size > limits.max_uncompressed_bytes:
                raise IngestError(
                    "unsafe",
                    f"ZIP entry {info.filename} declares {_mb(size)} uncompressed, over the limit of "
                    f"{_mb(limits.max_uncompressed_bytes)} (possible zip bomb)",
                )
            if size >= limits.ratio_floor_bytes and size > limits.max_ratio * max(packed, 1):
                raise IngestError(
                    "unsafe",
                    f"ZIP entry {info.filename} has compression ratio over {limits.max_ratio}:1 (possible zip bomb)",
                )
            total += size
        if total > limits.max_uncompressed_bytes:
            raise IngestError(
                "unsafe",
                f"ZIP entries expand to {_mb(total)}, over the limit of "
                f"{_mb(limits.max_uncompressed_bytes)} (possible zip bomb)",
            )

    def has(self, name: str) -> bool:
        """True if the archive has an entry called ``name``."""
        return name in self.names

    def read(self, name: str, *, max_bytes: int | None = None) -> bytes | None:
        """Return an entry's bytes (None if absent), never more than declared,
        and at most ``max_bytes`` when given (a sniffing read)."""
        info = self.infos.get(name)
        if info is None:
            return None
        try:
            with self.zf.open(info) as fh:
                if max_bytes is not None:
                    return fh.read(min(max_bytes, info.file_size))
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            if isinstance(exc, RuntimeError) and "encrypted" in str(exc).lower():
                raise IngestError("encrypted", f"ZIP entry {name} is password-protected") from None
            raise IngestError("corrupt", f"ZIP entry {name} cannot be read ({_reason(exc)})") from None
        except Exception as exc:  # zlib.error and friends
            raise IngestError("corrupt", f"ZIP entry {name} cannot be read ({_reason(exc)})") from None
        if len(data) > info.file_size:
            raise IngestError("unsafe", f"ZIP entry {name} inflates beyond its declared size (possible zip bomb)")
        self._read_total += len(data)
        if self._read_total > self.limits.max_uncompressed_bytes:
            raise IngestError("unsafe", "ZIP entries expand beyond the uncompressed size limit (possible zip bomb)")
        return data


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:120] if text else type(exc).__name__


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Parse one XML part safely and return its root element.

    DOCTYPE and ENTITY declarations are refused outright (``unsafe``): Office
    files never need them and they are how entity-expansion and external
    entity attacks start. Malformed XML is ``corrupt``.
    """
    if any(marker in data for marker in _DTD_MARKERS):
        raise IngestError("unsafe", f"{part} contains a DOCTYPE/ENTITY declaration (XML entity expansion is refused)")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise IngestError("corrupt", f"{part} is not well-formed XML ({_reason(exc)})") from None
    except (ValueError, TypeError) as exc:
        raise IngestError("corrupt", f"{part} cannot be parsed ({_reason(exc)})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise IngestError("unsafe", f"{part} contains a DOCTYPE declaration (XML entity expansion is refused)")
    return root
