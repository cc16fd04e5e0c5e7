"""`overclaim keys create|list|revoke` against the configured database."""
from __future__ import annotations

import pytest

from cli.main import main
from server.db import Database, audit, keys


@pytest.fixture
def cli_env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OVERCLAIM_DATABASE_URL", db_url)


def test_create_prints_the_key_once_and_it_works(cli_env: None, db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "create", "--role", "trainer", "--note", "Ana"]) == 0
    out, err = capsys.readouterr()
    token = out.strip()
    assert token.startswith("ovc_") and "shown only this once" in err
    with db.read() as conn:
        found = keys.find(conn, token)
    assert found is not None and found.role == "trainer"
    assert main(["keys", "list"]) == 0
    listing = capsys.readouterr().out
    assert f"{found.id}\ttrainer\tactive" in listing and "Ana" in listing and token not in listing


def test_revoke(cli_env: None, db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    main(["keys", "create", "--role", "moderator"])
    token = capsys.readouterr().out.strip()
    with db.read() as conn:
        key_id = keys.find(conn, token).id  # type: ignore[union-attr]
    assert main(["keys", "revoke", str(key_id)]) == 0
    assert main(["keys", "revoke", "4242"]) == 1
    assert "no key 4242" in capsys.readouterr().err
    with db.read() as conn:
        assert keys.find(conn, token) is None
        actions = [row["action"] for row in audit.recent(conn)]
    assert actions == ["key.revoke", "key.create"]
    assert main(["keys", "list"]) == 0
    assert "\tmoderator\trevoked " in capsys.readouterr().out


def test_a_role_must_be_known(cli_env: None) -> None:
    with pytest.raises(SystemExit):
        main(["keys", "create", "--role", "admin"])


def test_an_unreachable_database_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OVERCLAIM_DATABASE_URL", "mysql://nowhere/x")
    assert main(["keys", "list"]) == 1
    assert "not supported" in capsys.readouterr().err
