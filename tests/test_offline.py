"""The no-network fixture really blocks the network, and loopback still works."""

from __future__ import annotations

import socket
import urllib.request

import pytest
from conftest import NetworkBlocked


def test_outside_connection_is_refused() -> None:
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("93.184.216.34", 80), timeout=1)


def test_name_lookup_is_refused() -> None:
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.org", 443)


def test_urllib_cannot_fetch() -> None:
    with pytest.raises(Exception) as info:
        urllib.request.urlopen("http://example.org/", timeout=1)
    assert "network" in str(info.value).lower()


def test_loopback_is_allowed() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port), timeout=2)
    client.close()
    server.close()
