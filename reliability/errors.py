"""The application's error hierarchy: every expected failure is one of these.

The CLI maps them to a message and exit status 2; the HTTP API maps them once to
problem-details responses.
"""

from __future__ import annotations


class ReliabilityError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(ReliabilityError):
    """The caller's input is unusable: empty text, text too long, a bad field.

    `path` names the offending field or file when there is one.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DocumentTooLarge(InputError):
    """The document's text is longer than the configured limit."""


class ConfigError(ReliabilityError):
    """A configuration file or environment variable is invalid."""


class PluginError(ReliabilityError):
    """A plugin could not be loaded or registered, or its heuristics conflict."""


class UnknownHeuristicError(InputError):
    """A request names a heuristic that is not installed."""


class FetchError(ReliabilityError):
    """A page could not be fetched by its URL, or is not one that can be scored.

    `status` is the HTTP status the API answers with.
    """

    status = 502

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UrlRefused(FetchError):
    """The URL is not allowed: its scheme, or an address that is not public (SSRF guard)."""

    status = 422


class PageUnusable(FetchError):
    """The page was reached but cannot be scored: its content type, size or redirects."""

    status = 422


class FetchTimeout(FetchError):
    """The page took longer than the configured time to connect or arrive."""

    status = 504
