"""Shared test fixtures.

Every test runs with the network switched off: any attempt to open a socket to a host
other than the loopback interface raises, so "works offline" is proved, not assumed.
Tests that need a local fake server or a local browser may still use 127.0.0.1.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"

_LOOPBACK = ("127.0.0.1", "::1", "localhost", "")


class NetworkBlocked(RuntimeError):
    """Raised when a test tries to reach the network."""


def _host_of(address: object) -> str:
    if isinstance(address, tuple) and address:
        return str(address[0])
    return str(address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every non-loopback connection fail (autouse: applies to all tests)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guard(address: object) -> None:
        host = _host_of(address)
        if host not in _LOOPBACK and not host.startswith("/"):
            raise NetworkBlocked(f"test tried to reach the network: {address!r}")

    def connect(self: socket.socket, address: object) -> None:
        guard(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        guard(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        guard((host,))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", _blocked_create_connection(guard))


def _blocked_create_connection(guard):  # type: ignore[no-untyped-def]
    real = socket.create_connection

    def create_connection(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        guard(address)
        return real(address, *args, **kwargs)

    return create_connection


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the whole run (Playwright allows one sync session
    per process, so every browser test module shares it)."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS, missing_requirements

    problems = missing_requirements()
    if problems:
        pytest.fail("browser tests cannot run: " + "; ".join(problems), pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def places_csv() -> Path:
    """The project's real itinerary dataset."""
    return PLACES


def pytest_configure(config: pytest.Config) -> None:
    """Give the whole run (tests and doctests) a throwaway gazetteer cache directory.

    The gazetteer builds its index under ``$GEOSTORY_CACHE_DIR``; a test run must neither
    read nor litter the user's cache. Tests that check the cache itself use ``tmp_path``.
    """
    import os
    import tempfile

    folder = tempfile.mkdtemp(prefix="geostory-test-cache-")
    config._geostory_cache = folder  # type: ignore[attr-defined]
    os.environ["GEOSTORY_CACHE_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    folder = getattr(config, "_geostory_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
