"""Rate limiting through the real app: 429 in the error shape with Retry-After, per IP and per key."""
from __future__ import annotations

from typing import Iterator

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.ratelimit import api_key_id
from server.settings import Settings
from tests.test_server_errors import assert_error

TEXT = {"text": "Some studies suggest it may help."}


def limited(client: tuple[str, int] = ("testclient", 50000), **overrides: object) -> TestClient:
    limits = {"rate_limit_anon_rate": 0.001, "rate_limit_anon_burst": 2,
              "rate_limit_key_rate": 0.001, "rate_limit_key_burst": 3, **overrides}
    return TestClient(create_app(Settings.from_env({}, **limits)), raise_server_exceptions=False, client=client)


@pytest.fixture()
def client() -> Iterator[TestClient]:
    with limited() as test_client:
        yield test_client


def test_an_ip_over_its_burst_gets_429_with_retry_after(client: TestClient) -> None:
    assert [client.post("/v1/score", json=TEXT).status_code for _ in range(2)] == [200, 200]
    response = client.post("/v1/score", json=TEXT)
    assert_error(response, 429, "rate_limited")
    assert response.headers["retry-after"].isdigit() and int(response.headers["retry-after"]) >= 1


def test_bad_requests_spend_tokens_too(client: TestClient) -> None:
    for _ in range(2):
        client.post("/v1/score", content=b"{", headers={"content-type": "application/json"})
    assert_error(client.get("/v1/model"), 429, "rate_limited")


def test_health_ready_and_metrics_are_never_limited(client: TestClient) -> None:
    for _ in range(3):
        client.get("/v1/model")
    for path in ("/healthz", "/readyz", "/metrics") * 5:
        assert client.get(path).status_code == 200


def behind_proxy() -> TestClient:
    return limited(client=("10.0.0.1", 50000), trusted_proxies="10.0.0.1")


def test_each_api_key_has_its_own_bucket() -> None:
    alice = {"authorization": "Bearer alice-key", "x-forwarded-for": "198.51.100.1"}
    bob = {"authorization": "Bearer bob-key", "x-forwarded-for": "198.51.100.2"}
    with behind_proxy() as client:
        assert [client.get("/v1/model", headers=alice).status_code for _ in range(4)] == [200, 200, 200, 429]
        assert client.get("/v1/model", headers=bob).status_code == 200
        anonymous = {"x-forwarded-for": "198.51.100.1"}
        assert [client.get("/v1/model", headers=anonymous).status_code for _ in range(3)] == [200, 200, 429]


def test_minting_fresh_tokens_buys_no_more_than_one_keys_allowance(client: TestClient) -> None:
    codes = [client.get("/v1/model", headers={"authorization": f"Bearer made-up-{i}"}).status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_forwarded_for_is_ignored_without_trusted_proxies(client: TestClient) -> None:
    codes = [client.get("/v1/model", headers={"x-forwarded-for": f"198.51.100.{i}"}).status_code for i in range(3)]
    assert codes == [200, 200, 429]


def test_forwarded_for_from_a_trusted_proxy_names_the_client() -> None:
    with limited(trusted_proxies="10.0.0.0/8", client=("10.0.0.1", 1234)) as client:
        codes = [client.get("/v1/model", headers={"x-forwarded-for": f"198.51.100.{i}"}).status_code for i in range(4)]
        assert codes == [200, 200, 200, 200]
        assert [client.get("/v1/model", headers={"x-forwarded-for": "198.51.100.9"}).status_code for _ in range(3)] == [200, 200, 429]


def test_zero_rate_disables_the_limit() -> None:
    with limited(rate_limit_anon_rate=0.0) as client:
        assert all(client.get("/v1/model").status_code == 200 for _ in range(10))


def test_the_key_identity_is_a_digest_of_the_bearer_token() -> None:
    assert api_key_id("Bearer abc") == api_key_id("bearer  abc") != api_key_id("Bearer abd")
    assert api_key_id("Bearer abc") and "abc" not in api_key_id("Bearer abc")  # type: ignore[operator]
    assert api_key_id(None) is None and api_key_id("Basic abc") is None and api_key_id("Bearer ") is None
