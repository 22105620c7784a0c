"""Checks that turn unreadable bytes into a clear, coded error naming the input and the reason."""

from __future__ import annotations

import codecs

from amity.errors import BinaryInputError, EmptyInputError, EncodingError, InputTooLargeError

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # one article; far larger is a mistake (a dump, a binary)


def check_size(size: int, name: str, limit: int = MAX_DOCUMENT_BYTES) -> None:
    if size > limit:
        raise InputTooLargeError(
            f"{size / 1e6:.1f} MB is larger than the {limit / 1e6:.0f} MB limit for one document",
            input=name,
            hint="split it, or use JSONL with one document a line",
        )


def decode_text(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an error."""
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
            raise EncodingError(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                input=name,
                hint="re-encode the file as UTF-8",
            ) from exc
    if not text.strip():
        raise EmptyInputError("the input has no text", input=name)
    return text


# Control bytes that do not occur in text (tab, newlines and form feed do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    # translate() deletes in C; a Python loop over every byte cost more than parsing a JSONL line.
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)
