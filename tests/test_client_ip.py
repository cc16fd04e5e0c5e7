"""X-Forwarded-For is believed only from trusted proxies."""
from __future__ import annotations

import pytest

from server.client_ip import client_ip, parse_networks

PROXIES = parse_networks("10.0.0.0/8, 192.168.1.1")


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_ip("203.0.113.9", "1.2.3.4", ()) == "203.0.113.9"


def test_an_untrusted_peer_cannot_spoof() -> None:
    assert client_ip("203.0.113.9", "1.2.3.4", PROXIES) == "203.0.113.9"


def test_the_rightmost_untrusted_hop_is_the_client() -> None:
    assert client_ip("10.1.2.3", "6.6.6.6, 198.51.100.7, 192.168.1.1", PROXIES) == "198.51.100.7"


def test_all_hops_trusted_falls_back_to_the_first() -> None:
    assert client_ip("10.1.2.3", "10.0.0.5", PROXIES) == "10.0.0.5"
    assert client_ip("10.1.2.3", " , ", PROXIES) == "10.1.2.3"


def test_a_bad_network_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_networks("10.0.0.0/8, not-an-ip")
