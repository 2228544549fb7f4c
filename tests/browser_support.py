"""Drive rendered maps in a real Debian Chromium through Playwright, fully offline.

Used by ``tests/test_browser.py`` (and by hand for screenshots). CDN requests for Leaflet
are answered from ``node_modules`` (``npm ci``); map tiles get a small blank PNG; any other
request is refused and recorded, so a test can prove what a page asks for.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking"]
LEAFLET_DIST = ROOT / "node_modules" / "leaflet" / "dist"
ARTIFACTS = ROOT / "test-artifacts"
TILE_HOSTS = ("tile.openstreetmap.org",)


def blank_png(rgb: tuple[int, int, int] = (236, 234, 228)) -> bytes:
    """A 1×1 PNG of one colour (what every tile request gets)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"\x00" + bytes(rgb)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def missing_requirements() -> list[str]:
    """What the browser tests need and this machine lacks (each with the fix)."""
    problems = []
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        problems.append("Debian chromium is not installed (apt-get install -y chromium)")
    if not (LEAFLET_DIST / "leaflet.js").is_file():
        problems.append(f"{LEAFLET_DIST}/leaflet.js is missing (run `npm ci` in {ROOT})")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the playwright Python package is missing (pip install playwright)")
    return problems


@dataclass
class Traffic:
    """Requests a page made, by kind."""

    tiles: list[str] = field(default_factory=list)
    cdn: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    all: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        """Every http(s) request that was not for a map tile."""
        return [u for u in self.all if urlparse(u).scheme in ("http", "https")
                and urlparse(u).hostname not in TILE_HOSTS]


def route_offline(context: Any, traffic: Traffic) -> None:
    """Answer CDN Leaflet from node_modules, tiles with a blank PNG, refuse the rest."""
    tile = blank_png()

    def handle(route: Any) -> None:
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("file", "data", "blob"):
            route.continue_()
        elif parsed.hostname in TILE_HOSTS:
            traffic.tiles.append(url)
            route.fulfill(status=200, body=tile, content_type="image/png")
        elif parsed.hostname == "cdn.jsdelivr.net" and "/leaflet@" in parsed.path:
            traffic.cdn.append(url)
            name = parsed.path.rsplit("/dist/", 1)[-1]
            path = LEAFLET_DIST / name
            kind = "text/css" if name.endswith(".css") else (
                "image/png" if name.endswith(".png") else "application/javascript")
            route.fulfill(status=200, body=path.read_bytes(), content_type=kind)
        else:
            traffic.refused.append(url)
            route.abort()

    context.route("**/*", handle)


class PageWatch:
    """Console errors, page errors and dialogs of one page."""

    def __init__(self, page: Any, traffic: Traffic) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: traffic.all.append(r.url))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)


class Session:
    """A browser context + page with offline routing and a log of what went wrong."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 800,
                 tiles: str = "blank") -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.traffic = Traffic()
        if tiles == "abort":
            self.context.route(lambda url: any(h in url for h in TILE_HOSTS),
                               lambda route: (self.traffic.tiles.append(route.request.url),
                                              route.abort()))
        route_offline(self.context, self.traffic)
        self.page = self.context.new_page()
        self.watch = PageWatch(self.page, self.traffic)

    def open(self, path: Path, fragment: str = "") -> Any:
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("html[data-ready=true]", timeout=15_000)
        return self.page

    def js(self, code: str) -> Any:
        return self.page.evaluate(code)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.context.close()
