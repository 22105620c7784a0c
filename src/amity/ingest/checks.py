"""Checks that turn unreadable bytes into a clear, coded error naming the input and the reason."""

from __future__ import annotations

import codecs
import logging
import unicodedata

from amity.errors import BinaryInputError, EmptyInputError, EncodingError, InputTooLargeError
from amity.ingest.charset import codec_of

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # one article; far larger is a mistake (a dump, a binary)


def check_size(size: int, name: str, limit: int = MAX_DOCUMENT_BYTES) -> None:
    if size > limit:
        raise InputTooLargeError(
            f"{size / 1e6:.1f} MB is larger than the {limit / 1e6:.0f} MB limit for one document",
            input=name,
            hint="split it, or use JSONL with one document a line",
        )


def decode_text(data: bytes, name: str, *, declared: str | None = None, detect: bool = False) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an error.

    ``declared`` is the encoding the input names for itself (an HTML ``<meta charset>``): used when
    the bytes are not valid UTF-8. With ``detect``, bytes in neither are decoded in the encoding a
    confident detection finds (Windows-1252 first: Latin-1 and Windows-1252 files are the usual
    non-UTF-8 news text), with a WARNING naming the input and the encoding.
    """
    if not data.strip():
        raise EmptyInputError("the input is empty", input=name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"invalid UTF-16 ({exc.reason})", input=name) from exc
    else:
        head = data[:8192]
        if b"\x00" in head or _control_ratio(head) > 0.1:
            raise BinaryInputError("looks like a binary file, not text", input=name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text_or_none = _decode_declared(data, declared, name)
            if text_or_none is None and detect:
                text_or_none = _decode_detected(data, name)
            if text_or_none is None:
                raise EncodingError(
                    f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
                    + (" and no other encoding could be detected with confidence" if detect else ""),
                    input=name,
                    hint="re-encode the file as UTF-8",
                ) from exc
            text = text_or_none
    if not text.strip():
        raise EmptyInputError("the input has no text", input=name)
    return text


def _decode_declared(data: bytes, declared: str | None, name: str) -> str | None:
    codec = codec_of(declared)
    if codec is None or codec.startswith(("utf-16", "utf-32")):
        return None  # a <meta> read in ASCII cannot be in UTF-16: WHATWG reads it as UTF-8
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        logger.warning("%s: not valid in the declared encoding %s; detecting the encoding", name, codec)
        return None
    logger.info("%s: decoded as %s, the encoding it declares", name, codec)
    return text


# Windows-1252 is taken when the text it gives is mostly ASCII: Western European text has a few
# accented letters among ASCII ones; Cyrillic or Greek bytes read as Windows-1252 are nearly all
# non-ASCII letters, and go on to the detector.
_MAX_NON_ASCII = 0.3
_MIN_COHERENCE = 0.3  # charset_normalizer's language coherence; 0 for random bytes and short CJK
_MAX_CHAOS = 0.1


def _decode_detected(data: bytes, name: str) -> str | None:
    encoding: str | None = None
    text: str | None = None
    try:
        candidate = data.decode("cp1252")
    except UnicodeDecodeError:
        candidate = None
    if candidate is not None and _plausible_western(candidate):
        encoding, text = "cp1252", candidate
    else:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.chaos <= _MAX_CHAOS and best.coherence >= _MIN_COHERENCE:
            try:
                encoding, text = best.encoding, data.decode(best.encoding)
            except (UnicodeDecodeError, LookupError):
                encoding = text = None
    if text is None:
        return None
    logger.warning("%s: not UTF-8; decoded as %s (detected)", name, encoding)
    return text


def _plausible_western(text: str) -> bool:
    letters = non_ascii = 0
    for char in text[:100_000]:
        if char.isalpha():
            letters += 1
        if ord(char) > 127:
            if unicodedata.category(char)[0] == "C":
                return False  # C1 controls and unassigned: not text
            non_ascii += 1
    return letters > 0 and non_ascii / letters <= _MAX_NON_ASCII


# Control bytes that do not occur in text (tab, newlines and form feed do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    # translate() deletes in C; a Python loop over every byte cost more than parsing a JSONL line.
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)
