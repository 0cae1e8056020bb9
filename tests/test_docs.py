"""Docs kept honest: the CLI reference is generated from --help and lists every command and setting."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _gen():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_cli_reference_is_current():
    mod = _gen()
    current = (ROOT / "docs" / "cli.md").read_text()
    assert current == mod.render(), "docs/cli.md is stale: run .venv/bin/python scripts/gen_cli_docs.py"


def test_every_command_and_setting_documented():
    from eventscope.settings import SETTINGS

    mod = _gen()
    text = (ROOT / "docs" / "cli.md").read_text()
    for path, _ in mod.walk(mod.cli, []):
        assert f"## `eventscope {' '.join(path)}`" in text
    for s in SETTINGS:
        assert s.env in text


def test_readme_quick_start_has_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
