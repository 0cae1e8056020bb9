"""The one exception hierarchy of eventscope.

    EventscopeError            base: every error we raise on purpose
    ├── ConfigError            a bad setting, option or missing model/package
    ├── InputError             an input that cannot be read (empty, binary, undecodable, too large ...)
    ├── StoreError             the store cannot be opened, migrated or written
    ├── DataError              a dataset or dictionary file is malformed
    └── NotFoundError          a requested record does not exist

Messages say what went wrong and how to fix it, in one line.
"""

from __future__ import annotations

__all__ = [
    "EventscopeError",
    "ConfigError",
    "InputError",
    "StoreError",
    "DataError",
    "NotFoundError",
]


class EventscopeError(Exception):
    """Base class for all eventscope errors."""


class ConfigError(EventscopeError):
    """A setting, option, model or package is missing or invalid."""


class InputError(EventscopeError):
    """An input (file, URL, stream) cannot be read as an article."""

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class StoreError(EventscopeError):
    """The store cannot be opened, migrated, read or written."""


class DataError(EventscopeError):
    """A dataset, dictionary or model file is malformed."""


class NotFoundError(EventscopeError):
    """A requested record (article, event, actor) does not exist."""
