"""Building the Parquet release: types from the schemas, manifest, descriptor, archive, reproducibility, atomicity."""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
from pathlib import Path

import frictionless
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import tree_digest

from caucasus_data.cli import main
from caucasus_data.derive import arrow_schema
from caucasus_data.model import read_package
from caucasus_data.release import ReleaseError
from caucasus_data.release import build as build_module
from caucasus_data.release import parquet as parquet_io
from caucasus_data.release.build import InvalidPackageError, build_release
from caucasus_data.release.codebook import EXTENSIONS, codebook
from caucasus_data.release.manifest import MANIFEST, canonical_json, read_manifest, verify
from caucasus_data.release.outputs import table_path

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def release(built_release) -> Path:
    return built_release


@pytest.fixture(scope="module")
def package(snapshot):
    return read_package(snapshot)[0]


def test_every_table_is_written_with_the_types_its_schema_implies(release, package):
    for table in package.tables.values():
        written = pq.read_schema(release / table_path(table.name))
        expected = arrow_schema(table.schema_)
        assert written.names == expected.names
        for field in expected:
            got = written.field(field.name)
            assert (got.type, got.nullable) == (field.type, field.nullable), f"{table.name}.{field.name}"
            assert got.metadata[b"description"] == table.schema_.field(field.name).description.encode()


def test_dates_are_date32_and_enums_dictionaries(release):
    schema = pq.read_schema(release / table_path("events"))
    assert schema.field("date_start").type == pa.date32()
    assert schema.field("event_type").type == pa.dictionary(pa.int32(), pa.string())
    assert not schema.field("event_id").nullable and schema.field("notes").nullable


def test_table_metadata_carries_version_and_schema_hash(release, package, snapshot):
    for table in package.tables.values():
        metadata = parquet_io.file_metadata(release / table_path(table.name))
        schema_json = json.loads((snapshot / table.schema_path).read_text(encoding="utf-8"))
        assert metadata[parquet_io.VERSION_KEY] == package.version
        assert metadata[parquet_io.TABLE_KEY] == table.name
        assert metadata[parquet_io.SCHEMA_HASH_KEY] == hashlib.sha256(canonical_json(schema_json)).hexdigest()


def test_values_are_the_validated_ones(release, snapshot):
    import caucasus_data as cd

    for name in cd.tables(snapshot):
        from_csv = cd.load(name, validate=False, path=snapshot)
        from_parquet = parquet_io.to_frame(release / table_path(name), read_package(snapshot)[0].tables[name].schema_)
        assert from_parquet.equals(from_csv), name


def test_manifest_lists_every_file_with_size_checksum_and_rows(release, package):
    manifest = read_manifest(release / MANIFEST)
    assert manifest.version == package.version
    assert verify(release, manifest) == []
    listed = {f.path for f in manifest.files}
    on_disk = {p.relative_to(release).as_posix() for p in release.rglob("*") if not p.is_dir()}
    assert on_disk == listed | {MANIFEST, manifest.archive}
    for name in package.tables:
        entry = manifest.table(name)
        assert entry.path == table_path(name)
        assert entry.rows == pq.ParquetFile(release / entry.path).metadata.num_rows
        for form in ("csv", "stata"):
            assert manifest.table(name, form).rows == entry.rows, (name, form)


def test_release_descriptor_is_a_valid_frictionless_package(release, snapshot, package):
    report = frictionless.validate(str(release / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    for resource, table in zip(descriptor["resources"], package.tables.values(), strict=True):
        assert (resource["name"], resource["path"], resource["format"]) == (
            table.name,
            table_path(table.name),
            "parquet",
        )
        schema = json.loads((snapshot / table.schema_path).read_text(encoding="utf-8"))
        if any(f["type"] == "integer" for f in schema["fields"]):  # pandas reads a null integer from Parquet as NaN
            schema["missingValues"] = [*schema["missingValues"], "nan"]
        assert resource["schema"] == schema
    rows = frictionless.Package(str(release / "datapackage.json")).get_resource("sources").read_rows()
    assert len(rows) == read_manifest(release / MANIFEST).table("sources").rows


def test_archive_holds_every_file_and_the_manifest(release):
    manifest = read_manifest(release / MANIFEST)
    prefix = f"caucasus-data-{manifest.version}"
    with tarfile.open(release / manifest.archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
        assert {(m.uid, m.gid, m.uname, m.gname, m.mode) for m in tar.getmembers()} == {(0, 0, "", "", 0o644)}
    assert set(members) == {f"{prefix}/{f.path}" for f in manifest.files} | {f"{prefix}/{MANIFEST}"}
    for name, data in members.items():
        assert data == (release / name.removeprefix(f"{prefix}/")).read_bytes()


def test_two_builds_are_byte_identical(release, snapshot, tmp_path):
    """Every output: Parquet, CSV, SQLite, DuckDB, Stata, descriptors, codebook, manifest and archive."""
    again = build_release(snapshot, tmp_path / "again").out
    assert tree_digest(again) == tree_digest(release)
    formats = {f.format for f in read_manifest(release / MANIFEST).files}
    assert formats == {"parquet", "csv", "json", "markdown", "sqlite", "duckdb", "stata"}


def _fail_on_third_table(monkeypatch, error: BaseException) -> None:
    real, calls = parquet_io.write, []

    def write(data, path):
        calls.append(path)
        if len(calls) == 3:
            raise error
        real(data, path)

    monkeypatch.setattr(parquet_io, "write", write)


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()], ids=["failure", "interrupt"])
def test_a_failed_build_leaves_no_partial_release(snapshot, tmp_path, monkeypatch, error):
    _fail_on_third_table(monkeypatch, error)
    with pytest.raises(type(error)):
        build_release(snapshot, tmp_path / "release")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_build_keeps_the_previous_release(release, snapshot, tmp_path, monkeypatch):
    out = shutil.copytree(release, tmp_path / "release")
    before = tree_digest(out)
    _fail_on_third_table(monkeypatch, RuntimeError("injected"))
    with pytest.raises(RuntimeError):
        build_release(snapshot, out)
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["release"]


def test_a_new_build_replaces_the_previous_release(release, snapshot, tmp_path):
    out = tmp_path / "release"
    out.mkdir()
    (out / MANIFEST).write_text("{}", encoding="utf-8")
    (out / "stale.parquet").write_bytes(b"old")
    build_release(snapshot, out)
    assert tree_digest(out) == tree_digest(release)
    assert [p.name for p in tmp_path.iterdir()] == ["release"]


def test_a_folder_that_is_not_a_release_is_never_replaced(snapshot, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ReleaseError, match="not a release folder"):
        build_release(snapshot, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def _corrupt(package_copy: Path) -> None:
    path = package_copy / "curated" / "sources.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("source_id")] = "Not A Slug"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_build_refuses_invalid_data(package_copy, tmp_path):
    _corrupt(package_copy)
    with pytest.raises(InvalidPackageError) as caught:
        build_release(package_copy, tmp_path / "release")
    assert not caught.value.report.ok
    assert list(tmp_path.iterdir()) == [package_copy]


def test_cli_build_prints_errors_as_validate_does_and_exits_1(package_copy, tmp_path, capsys):
    _corrupt(package_copy)
    assert main(["validate", str(package_copy)]) == 1
    validate_output = capsys.readouterr().out
    assert main(["build", str(package_copy), "--out", str(tmp_path / "release")]) == 1
    captured = capsys.readouterr()
    assert captured.out == validate_output
    assert "sources.csv:2: [pattern] source_id" in captured.out
    assert "nothing was built" in captured.err
    assert not (tmp_path / "release").exists()


def test_cli_build_lists_what_it_wrote(snapshot, tmp_path, capsys):
    assert main(["build", str(snapshot), "--out", str(tmp_path / "release")]) == 0
    out = capsys.readouterr().out
    assert "tables/events/events.parquet" in out and "caucasus-data-" in out and "built release" in out


def test_cli_build_on_a_missing_folder_exits_2(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "release")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_an_edit_after_validation_does_not_reach_the_release(snapshot, tmp_path, monkeypatch):
    """The release is written from the bytes that were validated, not from a second reading of the files."""
    copy = shutil.copytree(snapshot, tmp_path / "package")
    events = copy / "curated" / "events.csv"
    original = events.read_bytes()
    real = build_module.check_snapshot

    def validate_then_edit(files, *args, **kwargs):
        found = real(files, *args, **kwargs)
        events.write_bytes(original.replace(b"\n", b"\nbroken-row\n", 1))
        return found

    monkeypatch.setattr(build_module, "check_snapshot", validate_then_edit)
    out = build_release(copy, tmp_path / "release").out
    released = pq.read_table(out / table_path("events")).column("event_id").to_pylist()
    assert "broken-row" not in released and len(released) == original.count(b"\n") - 1
    assert (out / "csv" / "events.csv").read_bytes() == original  # the CSV output is the validated bytes too


def test_a_mapped_file_written_to_while_read_stops_the_build(snapshot, tmp_path, monkeypatch):
    copy = shutil.copytree(snapshot, tmp_path / "package")
    monkeypatch.setattr(build_module.Snapshot, "unchanged", lambda self: False)
    with pytest.raises(ReleaseError, match="changed while it was being validated"):
        build_release(copy, tmp_path / "release")
    assert not (tmp_path / "release").exists()


def test_committed_codebook_is_up_to_date():
    committed = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert committed == codebook(ROOT), (
        "docs/codebook.md is out of date: run `caucasus-data build --codebook docs/codebook.md`"
    )


def test_codebook_names_every_table_field_and_extension(package):
    text = codebook(package.root)
    for table in package.tables.values():
        assert f"## `{table.name}`" in text
        for field in table.schema_.fields:
            assert f"| `{field.name}` | {field.type} |" in text
    for key in EXTENSIONS:
        assert f"`{key}`" in text


def test_cli_build_codebook_writes_only_the_codebook(tmp_path, capsys):
    target = tmp_path / "codebook.md"
    assert main(["build", str(ROOT), "--codebook", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == codebook(ROOT)
    assert [p.name for p in tmp_path.iterdir()] == ["codebook.md"]
