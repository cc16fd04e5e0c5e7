"""The hand-written OpenAPI document: every route has an operation and back, limits from settings."""
from __future__ import annotations

from starlette.routing import Route
from starlette.testclient import TestClient

from server.app import create_app
from server.errors import HTTP_CODES
from server.routes import ROUTES
from server.settings import Settings
from server.validation import OFFSET_ENCODINGS


def operations(document: dict) -> set[tuple[str, str]]:
    return {(path, method.upper()) for path, item in document["paths"].items() for method in item}


def app_routes() -> set[tuple[str, str]]:
    return {(r.path, m) for r in ROUTES if isinstance(r, Route) for m in (r.methods or ()) if m != "HEAD"}


def test_every_route_has_an_operation_and_back(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert operations(document) == app_routes()


def test_limits_come_from_the_settings() -> None:
    limits = {"max_url_chars": 321, "max_comment_chars": 432, "max_batch_documents": 7}
    settings = Settings.from_env({}, max_text_chars=1234, max_body_bytes=5678, max_json_depth=9, **limits)
    with TestClient(create_app(settings)) as client:
        document = client.get("/openapi.json").json()
    text = document["components"]["schemas"]["ScoreRequest"]["properties"]["text"]
    assert text["maxLength"] == 1234
    assert document["components"]["responses"]["TooLarge"]["x-max-body-bytes"] == 5678
    assert document["components"]["responses"]["MalformedJson"]["x-max-json-depth"] == 9
    schemas = document["components"]["schemas"]
    assert schemas["ScoreRequest"]["properties"]["url"]["maxLength"] == 321
    assert schemas["FeedbackRequest"]["properties"]["comment"]["maxLength"] == 432
    assert schemas["BatchRequest"]["properties"]["documents"]["maxItems"] == 7
    assert "x-limit" not in str(document)


def test_enums_match_the_code(client: TestClient, model) -> None:  # type: ignore[no-untyped-def]
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert tuple(schemas["OffsetEncoding"]["enum"]) == OFFSET_ENCODINGS
    assert set(schemas["Category"]["enum"]) == set(model.card["categories"])
    assert set(schemas["Label"]["enum"]) == {"overclaiming", "ok"}


def test_every_error_status_an_operation_answers_is_one_the_server_names(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    statuses = {int(code) for item in document["paths"].values() for op in item.values() for code in op["responses"]}
    assert {code for code in statuses if code >= 400} <= set(HTTP_CODES)
