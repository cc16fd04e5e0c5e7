"""Shared fixtures: the bundled model, the app through its real lifespan, the seeds."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from starlette.testclient import TestClient

from classifier.api import OverclaimModel, load_model
from server.app import create_app
from server.settings import PROJECT_ROOT, Settings
from tests.db_fixtures import api, api_session, db, db_url, postgres_admin, postgres_server  # noqa: F401

MODEL_DIR = PROJECT_ROOT / "models"
SHARED = PROJECT_ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CAUTIOUS_SEED = SEEDS / "000_7c5ad57e5cb1e0f1.txt"
OVERCLAIMING_SEED = SEEDS / "004_981d2e197560788a.txt"


@pytest.fixture(scope="session")
def model() -> OverclaimModel:
    return load_model(MODEL_DIR)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings.from_env({}, model_dir=str(MODEL_DIR), data_dir=str(tmp_path_factory.mktemp("data")))


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def seed(path: Path) -> str:
    if not path.exists():
        pytest.fail(f"{path} is missing: the acceptance seeds live in ../shared/seeds beside the checkout")
    return path.read_text(encoding="utf-8")
