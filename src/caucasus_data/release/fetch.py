"""Download a release, check it against the manifest this installation pins, and keep it in a cache folder.

Trust. A manifest that comes from the same server as the files it describes proves only that the release is
self-consistent: anyone able to publish there (or to answer in its place) could ship a release with a changed
title or a formula cell and fresh hashes. So the installed package pins what it trusts: ``registry.txt``
beside this module, a pooch registry holding the sha256 of the ``manifest.json`` of its own data version,
written when the release is built (``python tools/pin_release.py``) and shipped in the wheel. pooch refuses a
manifest with any other hash; the manifest then names the size and sha256 of every file, so one pinned hash
covers every byte of the release. Another version can be fetched only with a pin the user gives
(``fetch(version, pin=...)``, ``caucasus-data fetch --version V --pin SHA256``), taken from a source they
trust. A cached release is checked against the same pin on every use.

Bounds. A download has an overall deadline (:data:`DEADLINE_SECONDS`), not only a timeout per read, so a
server sending a byte every two seconds cannot hold a fetch for minutes; the manifest may not exceed
:data:`MANIFEST_LIMIT` bytes, the archive not much more than the sizes the manifest lists, and each archive
member is checked against the manifest's size before it is inflated (:mod:`.unpack`).

URL layout: a release of version ``V`` is published at ``<base>/vV/``, holding ``manifest.json`` and the
archive ``caucasus-data-V.tar.gz`` among the files it names (the layout of GitHub release assets).
``<base>`` is :data:`BASE_URL`, or the environment variable ``CAUCASUS_DATA_URL``. Everything happens in a
temporary folder inside the cache; only a release that verifies is renamed to ``<cache>/vV/``. The cache is
the user cache folder (platformdirs), or ``CAUCASUS_DATA_CACHE`` when set.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from pathlib import Path

from .. import tempfiles
from ..cache import CACHE_VARIABLE as CACHE_VARIABLE
from ..cache import cache_dir
from . import IntegrityError, ReleaseError
from .archive import archive_folder
from .manifest import MANIFEST, VERSION, Manifest, file_sha256, read_manifest, verify
from .unpack import unpack

BASE_URL = "https://github.com/caucasus-data/caucasus-data/releases/download"
URL_VARIABLE = "CAUCASUS_DATA_URL"
REGISTRY = Path(__file__).with_name("registry.txt")
RETRIES = 3  # pooch waits 1 s, 2 s, 3 s between attempts
TIMEOUT_SECONDS = 60  # for connecting, and for any one read
DEADLINE_SECONDS = 900  # for the whole fetch: manifest and archive, retries included
MANIFEST_LIMIT = 1 << 20
PROGRESS_FROM_BYTES = 4 << 20  # show a progress bar when the release is at least this large
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FetchError(ReleaseError):
    """A release that could not be downloaded (network, missing version, deadline); nothing was cached."""


class UnpinnedError(ReleaseError):
    """A version this installation holds no pin for, asked for without one."""


def base_url() -> str:
    return os.environ.get(URL_VARIABLE) or BASE_URL


def release_url(version: str) -> str:
    return f"{base_url().rstrip('/')}/v{version}/"


def installed_version() -> str:
    from ..model import read_package_or_fail
    from ..paths import bundled_root

    return read_package_or_fail(bundled_root()).version


def registry_key(version: str) -> str:
    return f"v{version}/{MANIFEST}"


def pins() -> dict[str, str]:
    """Version -> the manifest sha256 this installation trusts, from the pooch registry it ships."""
    found = {}
    for line in REGISTRY.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) == 2 and parts[0].endswith(f"/{MANIFEST}") and parts[0].startswith("v"):
            found[parts[0][1 : -len(MANIFEST) - 1]] = parts[1].removeprefix("sha256:")
    return found


def pinned(version: str) -> str | None:
    return pins().get(version)


def _pin_for(version: str, pin: str | None) -> str:
    if pin is not None:
        pin = pin.lower().removeprefix("sha256:")
        if not _SHA256.match(pin):
            raise ValueError(f"{pin!r} is not a sha256 (64 hexadecimal digits)")
        return pin
    known = pinned(version)
    if known is None:
        trusted = ", ".join(sorted(pins())) or "none"
        raise UnpinnedError(
            f"release {version} is not pinned by this installation (it pins {trusted}): give the sha256 of its "
            f"{MANIFEST} from a source you trust, e.g. `caucasus-data fetch --version {version} --pin SHA256`, "
            f"or install caucasus-data {version}"
        )
    return known


def cached_manifest(folder: Path, version: str, pin: str) -> Manifest | None:
    """The manifest of a complete, verified release in ``folder`` whose manifest is the pinned one, else None."""
    try:
        if file_sha256(folder / MANIFEST) != pin:
            return None
        manifest = read_manifest(folder / MANIFEST)
    except (OSError, IntegrityError):
        return None
    if manifest.version != version or verify(folder, manifest):
        return None
    return manifest


class _Downloader:
    """A pooch downloader with an overall deadline and a size limit; streams with requests, shows progress."""

    def __init__(self, deadline: float, limit: int, progress: bool = False) -> None:
        self.deadline, self.limit, self.progress = deadline, limit, progress

    def __call__(self, url: str, output_file: str, pooch_object: object) -> None:
        import requests

        left = self.deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"the download did not finish within {DEADLINE_SECONDS} s; nothing was cached")
        bar = None
        timeout = min(TIMEOUT_SECONDS, left)
        with requests.get(url, stream=True, timeout=(timeout, timeout)) as got:
            got.raise_for_status()
            if self.progress:
                from tqdm import tqdm  # type: ignore[import-untyped]  # pooch[progress] installs it

                total = int(got.headers.get("content-length", 0)) or None
                bar = tqdm(total=total, unit="B", unit_scale=True, ncols=79, ascii=True, leave=True)
            try:
                self._save(got, url, output_file, bar)
            except Exception:
                if time.monotonic() >= self.deadline:
                    raise self._late(url) from None
                raise
            finally:
                if bar is not None:
                    bar.close()
        if time.monotonic() >= self.deadline:
            raise self._late(url)

    def _late(self, url: str) -> FetchError:
        return FetchError(f"the download of {url} did not finish within {DEADLINE_SECONDS} s; nothing was cached")

    def _save(self, got, url: str, output_file: str, bar) -> None:
        received = 0
        with open(output_file, "wb") as out:
            # read1: whatever has arrived (a fixed-size read waits for all of it, which a trickle never sends);
            # a read that gets nothing ends at the timeout, itself no later than the deadline.
            while block := got.raw.read1(1 << 16, decode_content=True):
                received += len(block)
                if received > self.limit:
                    raise IntegrityError(f"{url} sends more than the {self.limit} bytes the release can hold; refused")
                if time.monotonic() > self.deadline:
                    raise self._late(url)
                out.write(block)
                if bar is not None:
                    bar.update(len(block))


def _archive_limit(manifest: Manifest) -> int:
    """The most bytes the archive of ``manifest`` can take: tar headers, padding and gzip's worst case."""
    content = sum(f.bytes for f in manifest.files) + MANIFEST_LIMIT
    return content + 1024 * (len(manifest.files) + 4) + content // 100 + (1 << 16)


def _download(version: str, pin: str, staging: Path, deadline: float) -> tuple[Path, Manifest]:
    import pooch
    import requests

    url = release_url(version)
    pup = pooch.create(
        path=staging,
        base_url=base_url().rstrip("/") + "/",
        registry={registry_key(version): f"sha256:{pin}"},
        retry_if_failed=RETRIES,
    )
    try:
        manifest_path = Path(pup.fetch(registry_key(version), downloader=_Downloader(deadline, MANIFEST_LIMIT)))
    except ValueError as exc:  # pooch: the hash differs from the pin
        if "hash" not in str(exc).lower():
            raise
        raise IntegrityError(
            f"{url}{MANIFEST} is not the manifest this installation pins for release {version} (sha256 {pin}): "
            "the release was changed after it was published, or the server is not the one it was published on"
        ) from None
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        raise FetchError(
            f"no release {version} at {exc.request.url if exc.request else url!s} (HTTP {status}): check the "
            f"version, or set {URL_VARIABLE} to where the releases are published"
        ) from None
    except requests.RequestException as exc:
        raise FetchError(f"could not download release {version} from {url}: {exc}; nothing was cached") from None
    manifest = read_manifest(manifest_path)
    if manifest.version != version:
        raise IntegrityError(f"{url}{MANIFEST} describes version {manifest.version}, not {version}")
    large = sum(f.bytes for f in manifest.files) >= PROGRESS_FROM_BYTES
    archive_key = f"v{version}/{manifest.archive}"
    pup.registry[archive_key] = None  # its members are checked against the pinned manifest
    try:
        archive = Path(pup.fetch(archive_key, downloader=_Downloader(deadline, _archive_limit(manifest), large)))
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        raise FetchError(f"the archive of release {version} is missing at {url} (HTTP {status})") from None
    except requests.RequestException as exc:
        raise FetchError(f"could not download release {version} from {url}: {exc}; nothing was cached") from None
    return archive, manifest


def _unpack(version: str, pin: str, staging: Path, deadline: float) -> Path:
    """The downloaded release, unpacked and verified, in a folder of ``staging``."""
    archive, manifest = _download(version, pin, staging / "download", deadline)
    published = archive.parent / MANIFEST
    unpacked = staging / "release"
    unpacked.mkdir()
    expected: dict[str, tuple[int, str | None]] = {f.path: (f.bytes, f.sha256) for f in manifest.files}
    expected[MANIFEST] = (published.stat().st_size, pin)
    unpack(archive, unpacked, archive_folder(version), expected)
    problems = verify(unpacked, manifest)
    if problems:
        raise IntegrityError(f"release {version} does not match its manifest: {'; '.join(problems)}")
    return unpacked


def _install(unpacked: Path, folder: Path, staging: Path, pin: str) -> None:
    unpacked.chmod(0o755)
    if folder.exists():  # an incomplete or altered copy: replaced as a whole
        folder.rename(staging / "replaced")
    try:
        unpacked.rename(folder)
    except OSError:
        if cached_manifest(folder, folder.name[1:], pin) is None:  # not another process's identical copy
            raise


def _checked(version: str) -> str:
    bare = version.removeprefix("v")
    if not re.fullmatch(VERSION, bare):
        raise ValueError(f"{version!r} is not a release version such as 0.1.0")
    return bare


def fetch(version: str | None = None, pin: str | None = None) -> Path:
    """The folder of release ``version`` (default: the installed data version), downloaded once and verified.

    ``pin`` is the sha256 of the release's ``manifest.json``; it is needed only for a version this
    installation does not pin itself. Raises :class:`UnpinnedError` without one, :class:`FetchError` when the
    release cannot be downloaded in time and :class:`IntegrityError` when what was downloaded is not the
    pinned release; in every case nothing is added to the cache.
    """
    version = _checked(version or installed_version())
    trusted = _pin_for(version, pin)
    root = cache_dir()
    folder = root / f"v{version}"
    if cached_manifest(folder, version, trusted) is not None:
        return folder
    root.mkdir(parents=True, exist_ok=True)
    staging = tempfiles.make_folder(root, f"v{version}", "-downloading")
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        _install(_unpack(version, trusted, staging, deadline), folder, staging, trusted)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def manifest_sha256(release_folder: Path) -> str:
    """The pin of a built release: the sha256 of its manifest's bytes."""
    return hashlib.sha256((release_folder / MANIFEST).read_bytes()).hexdigest()
