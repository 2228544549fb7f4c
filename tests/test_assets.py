"""Finding Leaflet for self-contained maps: node_modules, the cache, or a verified download."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from geo.errors import AssetError
from geo.map import assets

ROOT = Path(__file__).resolve().parents[1]


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture()
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No node_modules anywhere and an empty cache under tmp_path."""
    monkeypatch.delenv(assets.ENV_VAR, raising=False)
    monkeypatch.setattr(assets, "_candidates", lambda: [tmp_path / "cache" / "x" / "dist"])
    monkeypatch.setattr(assets, "_cache_root", lambda: tmp_path / "cache")
    return tmp_path / "cache"


def test_pins_match_package_json_and_lock() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["leaflet"] == assets.LEAFLET_VERSION
    entry = lock["packages"]["node_modules/leaflet"]
    assert entry["version"] == assets.LEAFLET_VERSION
    assert entry["integrity"] == assets.LEAFLET_INTEGRITY
    assert f"leaflet@{assets.LEAFLET_VERSION}/" in assets.LEAFLET_CDN_JS


def test_finds_node_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(assets.ENV_VAR, raising=False)
    folder = assets.find_leaflet_dir(download=False)
    assert (folder / "leaflet.js").is_file(), "run `npm ci` first"
    loaded = assets.load_leaflet_assets(download=False)
    assert "url(images/" not in loaded.css and "data:image/png;base64," in loaded.css
    assert "sourceMappingURL" not in loaded.js and "L.version" not in loaded.css


def test_env_var_wins_and_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "leaflet.js").write_text("/* js */")
    (tmp_path / "dist" / "leaflet.css").write_text("/* css */")
    monkeypatch.setenv(assets.ENV_VAR, str(tmp_path))
    assert assets.find_leaflet_dir() == tmp_path / "dist"
    monkeypatch.setenv(assets.ENV_VAR, str(tmp_path / "empty"))
    with pytest.raises(AssetError, match="npm ci"):
        assets.find_leaflet_dir()


def test_missing_without_download_says_npm_ci(nowhere: Path) -> None:
    with pytest.raises(AssetError) as info:
        assets.find_leaflet_dir(download=False)
    message = str(info.value)
    assert "npm ci" in message and "\n" not in message


def test_offline_download_fails_with_one_line(nowhere: Path) -> None:
    # The autouse no-network fixture refuses the registry, as on a machine offline.
    with pytest.raises(AssetError) as info:
        assets.find_leaflet_dir()
    assert "could not be downloaded" in str(info.value) and "npm ci" in str(info.value)
    assert not (nowhere / f"leaflet-{assets.LEAFLET_VERSION}").exists()


def test_download_is_verified_and_cached(nowhere: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    data = tarball({"package/dist/leaflet.js": b"window.L = {};",
                    "package/dist/leaflet.css": b".leaflet-container{}",
                    "package/dist/images/layers.png": b"png",
                    "package/README.md": b"not needed",
                    "package/dist/../../evil.txt": b"no"})
    monkeypatch.setattr(assets, "LEAFLET_INTEGRITY", integrity_of(data))
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return data

    folder = assets.find_leaflet_dir(fetch=fetch)
    assert fetched == [assets.LEAFLET_TARBALL]
    assert folder == nowhere / f"leaflet-{assets.LEAFLET_VERSION}" / "dist"
    assert (folder / "leaflet.js").read_bytes() == b"window.L = {};"
    assert not (folder.parent / "README.md").exists()
    assert not list(nowhere.parent.rglob("evil.txt"))
    assert [p.name for p in nowhere.iterdir()] == [f"leaflet-{assets.LEAFLET_VERSION}"]
    # Next time the cache answers, no download.
    monkeypatch.setattr(assets, "_candidates", lambda: [folder])
    assert assets.find_leaflet_dir(fetch=lambda url: pytest.fail("downloaded twice")) == folder


def test_tampered_download_is_refused(nowhere: Path) -> None:
    data = tarball({"package/dist/leaflet.js": b"evil()", "package/dist/leaflet.css": b""})
    with pytest.raises(AssetError, match="does not match its sha512 integrity"):
        assets.find_leaflet_dir(fetch=lambda url: data)
    assert not nowhere.exists() or not any(nowhere.iterdir())


def test_render_without_leaflet_fails_with_one_line(nowhere: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    import render

    out = tmp_path / "m.html"
    code = render.main(["--data", str(ROOT / "data" / "places.csv"), "--out", str(out),
                        "--self-contained"])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "npm ci" in err
    assert not out.exists()
