"""Settings live in one table, come from OVERCLAIM_* variables, and are all documented."""
from __future__ import annotations

import pytest

from server.settings import PROJECT_ROOT, SETTINGS, Settings, describe


def test_defaults() -> None:
    s = Settings.from_env({})
    assert s.max_body_bytes == 1_000_000 and s.max_text_chars == 200_000
    assert s.model_dir == str(PROJECT_ROOT / "models")


def test_environment_and_overrides() -> None:
    s = Settings.from_env({"OVERCLAIM_MAX_TEXT_CHARS": "500", "OVERCLAIM_LOG_LEVEL": "debug"}, max_body_bytes=10)
    assert (s.max_text_chars, s.log_level, s.max_body_bytes) == (500, "debug", 10)


def test_a_bad_value_names_the_variable() -> None:
    with pytest.raises(ValueError, match="OVERCLAIM_MAX_BODY_BYTES"):
        Settings.from_env({"OVERCLAIM_MAX_BODY_BYTES": "lots"})


def test_every_setting_is_documented_in_readme_and_help() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    for setting in SETTINGS:
        assert setting.env in readme, f"{setting.env} is not in README.md"
        assert setting.env in describe()
