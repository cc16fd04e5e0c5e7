"""Where the command line finds the project's data and models by default."""
from __future__ import annotations

from pathlib import Path

from server.settings import PROJECT_ROOT, Settings

TRAINING_DIR = PROJECT_ROOT / "training_data" / "train"
TEST_DIR = PROJECT_ROOT / "training_data" / "test"
CERTAINTY_DIR = PROJECT_ROOT / "training_data" / "certainty"


def model_dir() -> Path:
    return Path(Settings.from_env().model_dir)
