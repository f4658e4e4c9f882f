"""Download a release, verify it against its manifest, and keep it in a cache folder per version.

URL layout: a release of version ``V`` is published at ``<base>/vV/``, holding ``manifest.json`` and the
files it names, the archive ``caucasus-data-V.tar.gz`` among them. That is the layout of GitHub release
assets (``https://github.com/<owner>/<repo>/releases/download/vV/<file>``), so what the release workflow
attaches is fetchable as it is. ``<base>`` is :data:`BASE_URL`, or the environment variable
``CAUCASUS_DATA_URL`` when set.

Fetching downloads the manifest and the archive (pooch: retries, a progress bar on long downloads), unpacks
the archive refusing unsafe members, and checks every file's size and sha256 against the manifest. All of
this happens in a temporary folder inside the cache; only a release that verifies is renamed to
``<cache>/vV/``, so a corrupt or partial download never stays. A cached release is verified again on use
and needs no network: with the server gone, the cache still serves. The cache is the user cache folder
(platformdirs), or ``CAUCASUS_DATA_CACHE`` when set (:mod:`caucasus_data.cache`).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from ..cache import CACHE_VARIABLE as CACHE_VARIABLE
from ..cache import cache_dir
from . import IntegrityError, ReleaseError
from .archive import archive_folder, extract
from .manifest import MANIFEST, VERSION, Manifest, read_manifest, verify

BASE_URL = "https://github.com/caucasus-data/caucasus-data/releases/download"
URL_VARIABLE = "CAUCASUS_DATA_URL"
RETRIES = 3  # pooch waits 1 s, 2 s, 3 s between attempts
TIMEOUT_SECONDS = 60
PROGRESS_FROM_BYTES = 4 << 20  # show a progress bar when the release is at least this large


class FetchError(ReleaseError):
    """A release that could not be downloaded (network, missing version); nothing was cached."""


def base_url() -> str:
    return os.environ.get(URL_VARIABLE) or BASE_URL


def release_url(version: str) -> str:
    return f"{base_url().rstrip('/')}/v{version}/"


def installed_version() -> str:
    from ..model import read_package_or_fail
    from ..paths import bundled_root

    return read_package_or_fail(bundled_root()).version


def cached_manifest(folder: Path, version: str) -> Manifest | None:
    """The manifest of a complete, verified release in ``folder``, else None."""
    try:
        manifest = read_manifest(folder / MANIFEST)
    except (OSError, IntegrityError):
        return None
    if manifest.version != version or verify(folder, manifest):
        return None
    return manifest


def _download(version: str, staging: Path) -> tuple[Path, Manifest]:
    import pooch
    import requests

    url = release_url(version)
    pup = pooch.create(path=staging, base_url=url, registry={MANIFEST: None}, retry_if_failed=RETRIES)
    try:
        manifest_path = Path(pup.fetch(MANIFEST, downloader=pooch.HTTPDownloader(timeout=TIMEOUT_SECONDS)))
        manifest = read_manifest(manifest_path)
        if manifest.version != version:
            raise IntegrityError(f"{url}{MANIFEST} describes version {manifest.version}, not {version}")
        pup.registry[manifest.archive] = None
        large = sum(f.bytes for f in manifest.files) >= PROGRESS_FROM_BYTES
        downloader = pooch.HTTPDownloader(progressbar=large, timeout=TIMEOUT_SECONDS)
        archive = Path(pup.fetch(manifest.archive, downloader=downloader))
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        raise FetchError(
            f"no release {version} at {exc.request.url if exc.request else url!s} (HTTP {status}): check the "
            f"version, or set {URL_VARIABLE} to where the releases are published"
        ) from None
    except requests.RequestException as exc:
        raise FetchError(f"could not download release {version} from {url}: {exc}; nothing was cached") from None
    return archive, manifest


def _unpack(version: str, staging: Path) -> Path:
    """The downloaded release, unpacked and verified, in a folder of ``staging``."""
    archive, manifest = _download(version, staging / "download")
    unpacked = staging / "release"
    unpacked.mkdir()
    names = set(extract(archive, unpacked, archive_folder(version)))
    expected = {f.path for f in manifest.files} | {MANIFEST}
    if names != expected:
        raise IntegrityError(
            f"{archive.name} holds {sorted(names - expected) or 'nothing more'} beyond the manifest "
            f"and lacks {sorted(expected - names) or 'nothing'}"
        )
    if (unpacked / MANIFEST).read_bytes() != (staging / "download" / MANIFEST).read_bytes():
        raise IntegrityError(f"the {MANIFEST} inside {archive.name} differs from the one published beside it")
    problems = verify(unpacked, manifest)
    if problems:
        raise IntegrityError(f"release {version} does not match its manifest: {'; '.join(problems)}")
    return unpacked


def _install(unpacked: Path, folder: Path, staging: Path) -> None:
    unpacked.chmod(0o755)
    if folder.exists():  # an incomplete or altered copy: replaced as a whole
        folder.rename(staging / "replaced")
    try:
        unpacked.rename(folder)
    except OSError:
        if cached_manifest(folder, folder.name[1:]) is None:  # not another process's identical copy
            raise


def _checked(version: str) -> str:
    bare = version.removeprefix("v")
    if not re.fullmatch(VERSION, bare):
        raise ValueError(f"{version!r} is not a release version such as 0.1.0")
    return bare


def fetch(version: str | None = None) -> Path:
    """The folder of release ``version`` (default: the installed data version), downloaded once and verified.

    Raises :class:`FetchError` when it cannot be downloaded and :class:`IntegrityError` when what was
    downloaded does not match its manifest; in both cases nothing is added to the cache.
    """
    version = _checked(version or installed_version())
    root = cache_dir()
    folder = root / f"v{version}"
    if cached_manifest(folder, version) is not None:
        return folder
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=f".v{version}-downloading-"))
    try:
        _install(_unpack(version, staging), folder, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder
