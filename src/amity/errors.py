"""One exception tree for the whole library.

Every error carries a stable code (``E###``) so that users can search for it, names the input it is
about, and where possible says how to fix it, in the manner of spaCy's coded errors.
"""

from __future__ import annotations


class AmityError(Exception):
    """Base of every error Amity raises on purpose."""

    code: str = "E000"

    def __init__(self, message: str, *, input: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.input = input
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        head = f"[{self.code}] "
        if self.input is not None:
            head += f"{self.input}: "
        text = head + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(AmityError):
    """An input cannot be read as a document (empty, binary, too large, badly encoded, malformed)."""

    code = "E100"


class EmptyInputError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class InputTooLargeError(InputError):
    code = "E103"


class EncodingError(InputError):
    code = "E104"


class MalformedInputError(InputError):
    code = "E105"


class UnsupportedFormatError(InputError):
    code = "E106"


class NotFoundError(InputError):
    code = "E107"


class FetchError(InputError):
    """A URL could not be fetched: the server answered with an error status (``HTTP 404 Not Found``),
    or another failure that the subclasses below do not name.

    ``status`` is the HTTP status when there was one; ``transient`` says whether trying again later
    may succeed (a page not published yet, a server down, a timeout), so that a feed watcher keeps
    the item for its next poll.
    """

    code = "E108"

    def __init__(self, message: str, *, input: str | None = None, hint: str | None = None,
                 status: int | None = None, transient: bool = False) -> None:
        super().__init__(message, input=input, hint=hint)
        self.status = status
        self.transient = transient


class UnreachableError(FetchError):
    """No usable answer after the retries: network error, timeout, DNS failure, HTTP 429 or 5xx."""

    code = "E120"


class ContentTypeError(FetchError):
    """The response's content type is not one the caller accepts (a PDF where a page was expected)."""

    code = "E121"


class ResponseTooLargeError(FetchError):
    """The response is over the size limit (by its Content-Length, or while streaming)."""

    code = "E122"


class URLRefusedError(FetchError):
    """The URL is refused before any request: not http(s), no host, or a non-public address (SSRF guard)."""

    code = "E123"


class RobotsDisallowedError(FetchError):
    """The site's robots.txt disallows the URL for Amity's user agent."""

    code = "E124"


class LanguageError(InputError):
    """A document is not in a language the pipeline annotates."""

    code = "E109"


class FrameworkError(AmityError):
    """A framework name is unknown or a framework file is invalid."""

    code = "E200"


class UnknownFrameworkError(FrameworkError):
    code = "E201"


class InvalidFrameworkError(FrameworkError):
    code = "E202"


class DataFileError(AmityError):
    """A bundled or user data file (lexicon, actor registry, gold file) is invalid."""

    code = "E300"


class ModelError(AmityError):
    """A trained model file is missing, of the wrong format version, or for another framework."""

    code = "E400"


class StoreError(AmityError):
    """The database cannot be opened or written."""

    code = "E500"


class MissingExtraError(AmityError):
    """An optional part is used but its extra is not installed."""

    code = "E600"

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the optional package '{module}'",
            hint=f"install it with: pip install 'amity[{extra}]'",
        )


class ConfigError(AmityError):
    """A configuration value or command-line option is invalid."""

    code = "E700"


def require(module: str, *, feature: str, extra: str) -> object:
    """Import an optional module or raise a MissingExtraError with an install hint."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(feature, extra, module) from exc
