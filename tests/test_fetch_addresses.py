"""The address policy over a table: every non-public range and numeric spelling refused, public addresses admitted."""
from __future__ import annotations

from ipaddress import ip_address, ip_network

import pytest

from server.fetch.addresses import numeric_host, parse_allowlist, permitted, refusal

REFUSED = [
    # IPv4
    ("0.0.0.0", "unspecified"),
    ("0.1.2.3", "private"),  # "this network"
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("10.0.0.1", "private"),
    ("10.255.255.255", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.254", "private"),
    ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"),  # cloud metadata
    ("100.64.0.1", "carrier-grade NAT"),
    ("100.127.255.254", "carrier-grade NAT"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("240.0.0.1", "private"),
    ("255.255.255.255", "private"),
    ("192.0.0.8", "IETF protocol assignment"),
    ("192.0.2.1", "private"),  # TEST-NET-1
    ("198.18.0.1", "private"),  # benchmarking
    ("198.51.100.7", "private"),
    ("203.0.113.9", "private"),
    # IPv6
    ("::", "unspecified"),
    ("::1", "loopback"),
    ("fe80::1", "link-local"),
    ("fe80::1%eth0", "link-local"),
    ("fc00::1", "private"),
    ("fd12:3456:789a::1", "private"),
    ("fec0::1", "site-local"),
    ("ff02::1", "multicast"),
    ("ff0e::1", "multicast"),
    ("2001:db8::1", "private"),  # documentation
    ("100::1", "private"),  # discard-only
    ("::ffff:127.0.0.1", "IPv4-mapped (127.0.0.1)"),
    ("::ffff:7f00:1", "IPv4-mapped (127.0.0.1)"),
    ("::ffff:8.8.8.8", "IPv4-mapped (8.8.8.8)"),
    ("::127.0.0.1", "IPv4-compatible"),
    ("::8.8.8.8", "IPv4-compatible"),
    ("2002:7f00:1::", "6to4 of a loopback address"),
    ("2002:a00:1::1", "6to4 of a private address"),
    ("2002:a9fe:a9fe::", "6to4 of a link-local address"),
    ("2002:6440:1::", "6to4 of a carrier-grade NAT address"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
    ("2001::1", "Teredo"),
    ("64:ff9b::7f00:1", "NAT64"),
    ("64:ff9b::808:808", "NAT64"),
    ("64:ff9b:1::a00:1", "NAT64"),
]

ADMITTED = ["8.8.8.8", "1.1.1.1", "93.184.215.14", "151.101.1.69", "100.128.0.1", "2606:4700:4700::1111",
            "2a00:1450:4001:82b::200e", "2002:808:808::1"]  # the last: 6to4 of a public address


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_refused_address(address: str, kind: str) -> None:
    assert refusal(ip_address(address)) == kind


@pytest.mark.parametrize("address", ADMITTED)
def test_public_address_admitted(address: str) -> None:
    assert refusal(ip_address(address)) is None
    assert permitted(ip_address(address), ()) is None


SPELLINGS = [
    ("127.0.0.1", "127.0.0.1"),
    ("2130706433", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"),
    ("0x7F.0.0.1", "127.0.0.1"),
    ("0x7f000001", "127.0.0.1"),
    ("127.1", "127.0.0.1"),
    ("127.0.1", "127.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"),
    ("017700000001", "127.0.0.1"),
    ("127.0.0.1.", "127.0.0.1"),
    ("0", "0.0.0.0"),
    ("10.1", "10.0.0.1"),
    ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
    ("2852039166", "169.254.169.254"),
    ("[::1]", "::1"),
    ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
    ("::1", "::1"),
]


@pytest.mark.parametrize(("host", "address"), SPELLINGS)
def test_numeric_spellings_are_read_as_addresses(host: str, address: str) -> None:
    spelled = numeric_host(host)
    assert spelled == ip_address(address)
    assert spelled is not None and refusal(spelled) is not None


@pytest.mark.parametrize("host", ["example.com", "localhost", "cafe.be", "0x7f.example", "1.2.3.4.5", "deadbeef", "127.0.0.1.evil.com", ""])
def test_names_are_not_numeric(host: str) -> None:
    assert numeric_host(host) is None


def test_allowlist_admits_only_its_networks() -> None:
    allow = parse_allowlist(" 127.0.0.1/32 , 10.0.0.0/8")
    assert allow == (ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8"))
    assert permitted(ip_address("127.0.0.1"), allow) is None
    assert permitted(ip_address("10.9.8.7"), allow) is None
    assert permitted(ip_address("127.0.0.2"), allow) == "loopback"
    assert permitted(ip_address("::ffff:127.0.0.1"), allow) == "IPv4-mapped (127.0.0.1)"
    assert permitted(ip_address("::1"), allow) == "loopback"


def test_allowlist_parsing() -> None:
    assert parse_allowlist("") == ()
    with pytest.raises(ValueError):
        parse_allowlist("127.0.0.1/33")
