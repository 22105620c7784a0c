"""Bytes of a web page to text: the declared charset, else the page's own ``<meta>``, else detection.

The order follows what browsers do (WHATWG "encoding sniffing"), simplified: a byte-order mark; the
charset of the HTTP ``Content-Type`` header; a ``<meta charset>`` or ``<meta http-equiv>`` (or an XML
declaration) in the first 4 KB; UTF-8 when the bytes are valid UTF-8; else charset_normalizer's
guess; else Windows-1252, which decodes any byte. A declared charset that does not decode the bytes
is passed over for the next candidate rather than trusted into replacement characters. As browsers
do, ISO-8859-1 and US-ASCII are read as Windows-1252 (a superset that has the curly quotes).
"""

from __future__ import annotations

import codecs
import logging
import re

logger = logging.getLogger(__name__)

_SNIFF_BYTES = 4096
_META = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE,
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_AS_WINDOWS_1252 = frozenset({"iso8859-1", "ascii"})  # Python's names for the labels HTML reads as Windows-1252


def codec_of(label: str | None) -> str | None:
    """The Python codec for a charset label as HTML reads it (ISO-8859-1 and ASCII as Windows-1252), or None
    when Python has no such codec."""
    if not label:
        return None
    try:
        codec = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    return "cp1252" if codec in _AS_WINDOWS_1252 else codec


def declared_charset(body: bytes, limit: int = _SNIFF_BYTES) -> str | None:
    """The charset a page declares in its first ``limit`` bytes (``<meta>`` or an XML declaration)."""
    head = body[:limit]
    match = _XML_DECL.search(head) or _META.search(head)
    return match.group(1).decode("ascii", errors="replace") if match else None


def _detect(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with trafilatura
        return None
    best = from_bytes(body[:200_000]).best()
    return codec_of(best.encoding) if best is not None else None


def _decode(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        if codec == "cp1252":  # the five bytes cp1252 leaves undefined: read them as Latin-1 does
            return body.decode("latin-1")
        return None


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """The text of a page and the codec that decoded it."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = _decode(body, codec)
            if text is not None:
                return text, codec
    meta = codec_of(declared_charset(body))
    if meta is not None and meta.startswith(("utf-16", "utf-32")):
        meta = "utf-8"  # a page that could state this in ASCII bytes is not UTF-16 (WHATWG)
    for candidate in (codec_of(header_charset), meta, "utf-8"):
        if candidate is None:
            continue
        decoded = _decode(body, candidate)
        if decoded is not None:
            return decoded, candidate
    detected = _detect(body)
    if detected is not None:
        text = _decode(body, detected)
        if text is not None:
            logger.debug("charset detected as %s", detected)
            return text, detected
    return body.decode("cp1252", errors="replace"), "cp1252"
