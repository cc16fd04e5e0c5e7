"""Schemathesis over the in-process app, driven by the served OpenAPI document: no 5xx, no response off the schema."""
from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from server.app import create_app
from server.settings import Settings

# Generated cases per operation, besides schemathesis' boundary cases; small, since this runs in `make test`.
EXAMPLES = 25
# Small limits keep boundary cases (a text of max_text_chars + 1) cheap; the document carries whatever is set.
LIMITS = {"max_text_chars": 2_000, "max_body_bytes": 20_000}
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]


@pytest.fixture(scope="module")
def api_schema(settings: Settings) -> Any:
    config = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}})
    app = create_app(Settings.from_env({}, **{**vars(settings), **LIMITS}))
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


def asks_for_url(case: schemathesis.Case) -> bool:
    """URL scoring is documented but answers 422 url_not_supported on this branch, so valid URLs are not accepted yet."""
    return isinstance(case.body, dict) and "url" in case.body


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case: schemathesis.Case) -> None:
    excluded = [positive_data_acceptance] if asks_for_url(case) else []
    case.call_and_validate(excluded_checks=excluded)
