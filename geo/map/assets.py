"""Browser assets of the story map: Leaflet from the npm registry, our own JS and CSS.

A default render links Leaflet from a CDN, pinned to :data:`LEAFLET_VERSION`, the way folium
does. A self-contained render (``--self-contained``) inlines Leaflet instead, so this module
finds Leaflet's ``dist`` folder on disk, in this order:

1. ``$GEOSTORY_LEAFLET_DIR`` (a ``dist`` folder, or a package folder holding one);
2. ``node_modules/leaflet/dist`` under the current folder, then under the repository root
   (``npm ci`` puts it there, from ``package.json`` and ``package-lock.json``);
3. the user cache (``platformdirs.user_cache_dir("geostory")/leaflet-<version>/dist``);
4. otherwise it downloads the pinned npm tarball from the registry, checks it against the
   sha512 integrity recorded in ``package-lock.json`` and unpacks it into the cache,
   atomically (a half-written cache is never used).

When none of that works, :class:`~geo.errors.AssetError` says what to run (``npm ci``).

Our own ``story.js`` and ``story.css`` live in ``geo/map/static`` and are always inlined.

>>> LEAFLET_CDN_JS
'https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js'
>>> read_static("story.css").startswith("/*")
True
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo.errors import AssetError

__all__ = [
    "LEAFLET_CDN_CSS",
    "LEAFLET_CDN_JS",
    "LEAFLET_INTEGRITY",
    "LEAFLET_VERSION",
    "NPM_PACKAGES",
    "LeafletAssets",
    "NpmPackage",
    "find_leaflet_dir",
    "find_package_file",
    "load_leaflet_assets",
    "read_package_text",
    "read_static",
]

#: The Leaflet release every render uses; ``package.json`` pins the same one.
LEAFLET_VERSION = "1.9.4"
#: Subresource integrity of the npm tarball (the same string as in ``package-lock.json``).
LEAFLET_INTEGRITY = ("sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3X"
                     "nWyZAxwQixURb+FA74PA==")
LEAFLET_CDN_JS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_CDN_CSS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css"
LEAFLET_TARBALL = f"https://registry.npmjs.org/leaflet/-/leaflet-{LEAFLET_VERSION}.tgz"
ENV_VAR = "GEOSTORY_LEAFLET_DIR"

_REPO_ROOT = Path(__file__).resolve().parents[2]
_STATIC = Path(__file__).resolve().parent / "static"
_HINT = ("run `npm ci` in the geostory folder (it installs Leaflet into node_modules/), "
         f"or set {ENV_VAR} to a folder holding leaflet.js and leaflet.css")


@dataclass(frozen=True, slots=True)
class LeafletAssets:
    """Leaflet's code ready to inline: ``js`` and ``css`` (with its icons as data URIs)."""

    js: str
    css: str
    folder: Path


def read_static(name: str) -> str:
    """Text of one of our own files in ``geo/map/static`` (``story.js``, ``story.css``)."""
    return (_STATIC / name).read_text(encoding="utf-8")


def _is_dist(folder: Path) -> bool:
    return (folder / "leaflet.js").is_file() and (folder / "leaflet.css").is_file()


def _version_of(dist: Path) -> str | None:
    """The version in the ``package.json`` next to ``dist``, if there is one."""
    try:
        meta = json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = meta.get("version") if isinstance(meta, dict) else None
    return str(version) if version else None


def _package_version(home: Path) -> str | None:
    """The version in ``home/package.json``, if there is one."""
    return _version_of(home / "dist")


def _cache_root() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("geostory"))


def _candidates() -> list[Path]:
    seen: list[Path] = []
    for base in (Path.cwd(), _REPO_ROOT):
        folder = (base / "node_modules" / "leaflet" / "dist").resolve()
        if folder not in seen:
            seen.append(folder)
    seen.append(_cache_root() / f"leaflet-{LEAFLET_VERSION}" / "dist")
    return seen


def _fetch(url: str) -> bytes:
    """Download ``url``; a seam so tests can hand in a tarball instead of the network."""
    request = urllib.request.Request(url, headers={"User-Agent": "geostory (asset fetch)"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return bytes(response.read())


def verify_integrity(data: bytes, integrity: str | None = None) -> None:
    """Check ``data`` against an npm/SRI integrity string (``sha512-<base64>``).

    >>> verify_integrity(b"x", "sha512-" + base64.b64encode(hashlib.sha512(b"x").digest()).decode())
    >>> verify_integrity(b"y", "sha512-AAAA")
    Traceback (most recent call last):
    ...
    geo.errors.AssetError: downloaded Leaflet tarball does not match its sha512 integrity ...
    """
    integrity = integrity or LEAFLET_INTEGRITY
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, data).digest()).decode("ascii")
    if digest != expected:
        raise AssetError("downloaded Leaflet tarball does not match its sha512 integrity "
                         f"{integrity!r} (got {algo}-{digest}); not using it")


def _extract_files(data: bytes, folder: Path, prefix: str) -> None:
    """Write the files of an npm tarball (gzip) whose names start with ``prefix`` into
    ``folder``, without the leading ``package/``; names that would land outside ``folder``
    (absolute, or with ``..``, as a hostile tarball may have) are skipped."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith(prefix):
                continue
            rel = Path(member.name[len("package/"):])
            if rel.is_absolute() or ".." in rel.parts:
                continue
            out = folder / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            extracted = tar.extractfile(member)
            if extracted is not None:
                out.write_bytes(extracted.read())


def _unpack_dist(data: bytes, target: Path) -> Path:
    """Unpack ``package/dist/*`` of an npm tarball into ``target`` (its ``dist`` folder).

    Files go to a temporary sibling first and are renamed into place in one step, so a
    crash leaves either no cache or a complete one.
    """
    home = target.parent  # <cache>/leaflet-<version>
    home.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{home.name}-", dir=home.parent))
    try:
        _extract_files(data, tmp, "package/dist/")
        if not _is_dist(tmp / "dist"):
            raise AssetError("the Leaflet tarball has no dist/leaflet.js and dist/leaflet.css")
        (tmp / "package.json").write_text(
            json.dumps({"name": "leaflet", "version": LEAFLET_VERSION}), encoding="utf-8")
        if home.exists():  # an incomplete or stale cache: we only get here when it is unusable
            shutil.rmtree(home)
        os.replace(tmp, home)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def find_leaflet_dir(*, download: bool = True,
                     fetch: Callable[[str], bytes] | None = None) -> Path:
    """The folder holding Leaflet's ``leaflet.js`` and ``leaflet.css``.

    Parameters
    ----------
    download : bool
        Fetch the pinned npm tarball into the user cache when Leaflet is not on disk.
    fetch : callable, optional
        ``url -> bytes``; defaults to a plain HTTPS download (tests pass a fake).

    Raises
    ------
    AssetError
        When Leaflet is nowhere to be found and cannot be downloaded; the message says to
        run ``npm ci``.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        folder = Path(env)
        for option in (folder, folder / "dist"):
            if _is_dist(option):
                return option
        raise AssetError(f"{ENV_VAR}={env!r} holds no leaflet.js and leaflet.css; {_HINT}")
    wrong: list[str] = []
    for folder in _candidates():
        if _is_dist(folder):
            version = _version_of(folder)
            if version in (None, LEAFLET_VERSION):
                return folder
            wrong.append(f"{folder} has Leaflet {version}")
    target = _cache_root() / f"leaflet-{LEAFLET_VERSION}" / "dist"
    problem = "; ".join(wrong) or "not in node_modules/ or the cache"
    if not download:
        raise AssetError(f"Leaflet {LEAFLET_VERSION} not found ({problem}); {_HINT}")
    try:
        data = (fetch or _fetch)(LEAFLET_TARBALL)
    except AssetError:
        raise
    except Exception as e:  # any network failure: say what to do instead
        raise AssetError(f"Leaflet {LEAFLET_VERSION} not found ({problem}) and could not be "
                         f"downloaded ({type(e).__name__}); {_HINT}") from e
    verify_integrity(data)
    return _unpack_dist(data, target)


_CSS_URL = re.compile(r"url\((['\"]?)(images/[A-Za-z0-9_.-]+\.png)\1\)")


def _inline_css_images(css: str, folder: Path) -> str:
    """Replace ``url(images/x.png)`` with data URIs so the CSS needs no request."""

    def data_uri(match: re.Match[str]) -> str:
        path = folder / match.group(2)
        if not path.is_file():
            return match.group(0)
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"

    return _CSS_URL.sub(data_uri, css)


def load_leaflet_assets(*, download: bool = True) -> LeafletAssets:
    """Leaflet's JS and CSS as text, icons inlined, for a self-contained page."""
    folder = find_leaflet_dir(download=download)
    try:
        js = (folder / "leaflet.js").read_text(encoding="utf-8")
        css = (folder / "leaflet.css").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise AssetError(f"cannot read Leaflet from {folder}: {e}; {_HINT}") from e
    # The source map comment would make devtools request leaflet.js.map from the page's
    # host; a self-contained page makes no requests, so drop it.
    js = re.sub(r"//# sourceMappingURL=\S+\s*$", "", js)
    with contextlib.suppress(ValueError):
        css = _inline_css_images(css, folder)
    return LeafletAssets(js=js, css=css, folder=folder)


# -- other npm packages: the offline base map -----------------------------------------------
@dataclass(frozen=True, slots=True)
class NpmPackage:
    """An npm package the page needs files from, pinned like ``package-lock.json`` pins it."""

    name: str
    version: str
    integrity: str

    @property
    def tarball(self) -> str:
        return f"https://registry.npmjs.org/{self.name}/-/{self.name}-{self.version}.tgz"


#: The packages of the offline base map (both ISC-licensed): Natural Earth land and
#: present-day borders as TopoJSON, and the decoder that turns them into GeoJSON.
NPM_PACKAGES = {
    "world-atlas": NpmPackage(
        "world-atlas", "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5"
        "ChG0LQ=="),
    "topojson-client": NpmPackage(
        "topojson-client", "3.1.0",
        "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJIN"
        "qGHrKw=="),
}


def _unpack_package(data: bytes, home: Path, version: str) -> Path:
    """Unpack every ``package/*`` file of an npm tarball into ``home``, atomically."""
    home.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{home.name}-", dir=home.parent))
    try:
        _extract_files(data, tmp, "package/")
        if _package_version(tmp) != version:
            raise AssetError(f"the tarball in {home.name} is not version {version}")
        if home.exists():
            shutil.rmtree(home)
        os.replace(tmp, home)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return home


def find_package_file(name: str, relpath: str, *, download: bool = True,
                      fetch: Callable[[str], bytes] | None = None) -> Path:
    """A file of one of :data:`NPM_PACKAGES`, e.g. ``("world-atlas", "countries-110m.json")``.

    Looked for, like Leaflet, in ``node_modules/<name>`` under the current folder and the
    repository root, then in the user cache; otherwise the pinned npm tarball is
    downloaded, checked against its sha512 integrity and unpacked into the cache.

    Raises
    ------
    AssetError
        When the file is nowhere and cannot be downloaded; the message says to run
        ``npm ci``.
    """
    package = NPM_PACKAGES[name]
    hint = f"run `npm ci` in the geostory folder (it installs {name} into node_modules/)"
    homes = []
    for base in (Path.cwd(), _REPO_ROOT):
        home = (base / "node_modules" / name).resolve()
        if home not in homes:
            homes.append(home)
    cached = _cache_root() / f"{name}-{package.version}"
    homes.append(cached)
    for home in homes:
        if (home / relpath).is_file() and _package_version(home) == package.version:
            return home / relpath
    if not download:
        raise AssetError(f"{name} {package.version} not found (not in node_modules/ or the "
                         f"cache); {hint}")
    try:
        data = (fetch or _fetch)(package.tarball)
    except Exception as e:  # any network failure: say what to do instead
        raise AssetError(f"{name} {package.version} not found and could not be downloaded "
                         f"({type(e).__name__}); {hint}") from e
    verify_integrity(data, package.integrity)
    home = _unpack_package(data, cached, package.version)
    if not (home / relpath).is_file():
        raise AssetError(f"{name} {package.version} has no {relpath}")
    return home / relpath


def read_package_text(name: str, relpath: str, *, download: bool = True) -> str:
    """The text of :func:`find_package_file` (UTF-8)."""
    path = find_package_file(name, relpath, download=download)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise AssetError(f"cannot read {path}: {e}") from e
