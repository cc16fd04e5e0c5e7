"""Schemathesis over the in-process app, driven by the served OpenAPI document: no 5xx, no response off the schema.

The app looks every host up in a fake resolver that answers a TEST-NET address, so URL scoring is refused
(422 url_forbidden) before any connection: the fuzz never touches the network. Authed operations get a
trainer key, so they are exercised past 401; the model registry is a copy, so a reload cannot change the repo's.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from server.app import create_app
from server.db import keys, open_database
from server.fetch.addresses import numeric_host
from server.settings import Settings
from server.validation import FORBIDDEN_CHARS

# Generated cases per operation, besides schemathesis' boundary cases; small, since this runs in `make test`.
EXAMPLES = 25
# Small limits keep boundary cases (a text of max_text_chars + 1) cheap; the document carries whatever is set.
LIMITS = {"max_text_chars": 2_000, "max_body_bytes": 20_000, "max_batch_documents": 8, "max_batch_bytes": 40_000, "rate_limit_anon_rate": 0.0, "rate_limit_key_rate": 0.0}
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
TEST_NET = "192.0.2.1"  # RFC 5737 documentation range: never globally routable, never connected to


def documentation_resolver(host: str) -> list[str]:
    return [TEST_NET]


@pytest.fixture(scope="module")
def connections() -> Any:
    """The hosts the fetcher tried to reach; each attempt fails as an unreachable network would (502 fetch_failed)."""
    tried: list[str] = []

    async def refuse(client: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        tried.append(request.headers["host"])
        raise httpx.ConnectError("the fuzz test does not reach the network", request=request)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx.AsyncClient, "send", refuse)
        yield tried


def trainer_key(settings: Settings) -> str:
    database = open_database(settings)
    try:
        with database.write() as conn:
            return keys.create(conn, "trainer", "test_openapi_fuzz")[1]
    finally:
        database.close()


@pytest.fixture(scope="module")
def fuzz_settings(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("fuzz")
    models = shutil.copytree(settings.model_dir, root / "models")
    own = {"model_dir": str(models), "data_dir": str(root), "database_url": ""}
    return Settings.from_env({}, **{**vars(settings), **LIMITS, **own})


@pytest.fixture(scope="module")
def auth(fuzz_settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {trainer_key(fuzz_settings)}"}


@pytest.fixture(scope="module")
def answered() -> dict[str, set[int]]:
    """Each operation's statuses during the fuzz, to show the keyed operations got past the key check."""
    return {}


@pytest.fixture(scope="module")
def api_schema(fuzz_settings: Settings) -> Any:
    config = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}})
    app = create_app(fuzz_settings, resolver=documentation_resolver)
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


def repeats_an_id(case: schemathesis.Case) -> bool:
    """A batch whose ids repeat (422 duplicate_id): JSON Schema cannot say ids are unique."""
    documents = case.body.get("documents") if isinstance(case.body, dict) else None
    ids = [d.get("id") for d in documents if isinstance(d, dict)] if isinstance(documents, list) else []
    return len(set(map(repr, ids))) < len(ids)


def has_forbidden_text(case: schemathesis.Case) -> bool:
    """A text holding NUL or a bidi override (422 invalid_text): the document says so in words, not in a pattern."""
    body = case.body if isinstance(case.body, dict) else {}
    documents = body.get("documents") if isinstance(body.get("documents"), list) else []
    texts = [body.get("text")] + [d.get("text") for d in documents if isinstance(d, dict)]
    return any(isinstance(t, str) and FORBIDDEN_CHARS.search(t) for t in texts)


def valid_yet_refused(case: schemathesis.Case) -> bool:
    """Requests the document cannot promise to accept: a URL (every host name resolves to TEST-NET here, so it is
    refused, 422 url_forbidden, never fetched), a cursor not from an earlier page, and a review (its cues must
    name the review's categories and lie inside the stored text), a batch that repeats an id, and a text with a
    forbidden character."""
    asks_for_url = isinstance(case.body, dict) and case.body.get("url") is not None
    unpromised = asks_for_url or repeats_an_id(case) or has_forbidden_text(case)
    return unpromised or bool(case.query and "cursor" in case.query) or case.operation.path.endswith("/review")


def is_positive(case: schemathesis.Case) -> bool:
    """Valid cases carry the trainer key; invalid ones keep what schemathesis made (a missing key must be refused,
    and unknown query parameters are ignored, as the web does, so they are refused only by the key check)."""
    return case.meta is not None and case.meta.generation.mode.is_positive


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(
    case: schemathesis.Case, auth: dict[str, str], connections: list[str], answered: dict[str, set[int]]
) -> None:
    excluded = [positive_data_acceptance] if valid_yet_refused(case) else []
    response = case.call_and_validate(headers=auth if is_positive(case) else None, excluded_checks=excluded)
    answered.setdefault(case.operation.label, set()).add(response.status_code)
    # A host name never gets past the resolver; only a public numeric address (e.g. http://8.8.8.8) is tried.
    assert all(numeric_host(host.rsplit(":", 1)[0] if not host.endswith("]") else host) for host in connections), connections


def test_operations_that_need_a_key_were_exercised_past_it(api_schema: Any, answered: dict[str, set[int]]) -> None:
    if not answered:
        pytest.skip("runs after the fuzz, in the same module")
    keyed = [f"{method.upper()} {path}" for path, item in api_schema.raw_schema["paths"].items() for method, op in item.items() if op.get("security")]
    assert keyed
    for label in keyed:
        assert answered[label] - {401, 403}, (label, answered[label])
