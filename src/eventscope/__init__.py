"""eventscope: news to political event data, offline."""

from __future__ import annotations

from .errors import ConfigError, DataError, EventscopeError, InputError, NotFoundError, StoreError
from .records import Actor, Article, DateMention, Entity, Event, Place, Quote, RawArticle

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Actor",
    "Article",
    "DateMention",
    "Entity",
    "Event",
    "Place",
    "Quote",
    "RawArticle",
    "EventscopeError",
    "ConfigError",
    "DataError",
    "InputError",
    "NotFoundError",
    "StoreError",
]
