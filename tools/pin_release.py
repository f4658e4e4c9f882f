"""Rebuild the release of this checkout and write its pin: the sha256 of its manifest.json, which the installed
package trusts (src/caucasus_data/release/registry.txt, a pooch registry).

    python tools/pin_release.py          # rebuild and rewrite the pin
    python tools/pin_release.py --check  # exit 1 if the committed pin is not what a rebuild gives

Run it whenever the data, the schemas or the release layout change, with the locked dependencies that the
release workflow uses (``pip install -c requirements/release.txt -e .``): the Parquet writer's version is
part of the bytes. tests/test_hostile_release.py fails while the pin is stale.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from caucasus_data.release.build import build_release  # noqa: E402
from caucasus_data.release.fetch import REGISTRY, manifest_sha256, pins, registry_key  # noqa: E402

HEADER = (
    "# The release this installation trusts: the sha256 of the manifest.json of its own data version.\n"
    "# A pooch registry (file name, hash). Written by `python tools/pin_release.py`; do not edit by hand.\n"
)


def built_pin(package: Path = ROOT) -> tuple[str, str]:
    """(version, sha256 of the manifest) of a fresh build of ``package``."""
    with tempfile.TemporaryDirectory(prefix="caucasus-data-pin-") as work:
        result = build_release(package, Path(work) / "release")
        return result.manifest.version, manifest_sha256(result.out)


def registry_text(version: str, sha256: str) -> str:
    return f"{HEADER}{registry_key(version)} sha256:{sha256}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if the pin is stale")
    args = parser.parse_args(argv)
    version, sha256 = built_pin()
    if args.check:
        if pins() != {version: sha256}:
            print(f"{REGISTRY.relative_to(ROOT)} pins {pins()}, a fresh build gives {version}: {sha256}")
            print("run `python tools/pin_release.py` to rewrite the pin")
            return 1
        print(f"the pin of release {version} is current: {sha256}")
        return 0
    REGISTRY.write_text(registry_text(version, sha256), encoding="utf-8")
    print(f"wrote {REGISTRY.relative_to(ROOT)}: release {version}, manifest sha256 {sha256}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
