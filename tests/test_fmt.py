"""`caucasus-data fmt`: the canonical form on known examples, refusals that leave files alone, the command line."""

from __future__ import annotations

import os
import stat
import sys
import unicodedata

import pytest

from caucasus_data.cli import main
from caucasus_data.csvread import BOM
from caucasus_data.fmt import format_bytes
from caucasus_data.fmt.cells import WHITESPACE, may_change_under_nfc
from caucasus_data.model import TableField, TableSchema

SCHEMA = TableSchema(
    fields=[TableField(name=n, type="string", description="text") for n in ("id", "title", "notes")],
    primaryKey=["id"],
)


def fmt(data: bytes, schema: TableSchema = SCHEMA):
    return format_bytes("curated/t.csv", data, schema)


def test_canonical_form_on_a_known_example():
    messy = (
        BOM
        + (
            'notes,id,title\r\n"plain",b ,"Ba\u0301ku, Azerbaijan"\r\n\r\n"said ""yes""",a,\u00a0Title \r\n,"c\r\nd",x'
        ).encode()
    )
    outcome = fmt(messy)
    assert outcome.canonical == (
        b'id,title,notes\na,Title,"said ""yes"""\nb,"B\xc3\xa1ku, Azerbaijan",plain\n"c\nd",x,\n'
    )
    assert outcome.changed
    assert set(outcome.reasons) >= {
        "byte-order mark",
        "carriage returns",
        "columns not in the schema's order",
        "blank line at line 3",
        "no line break at the end of the file",
    }


def test_sorting_is_by_key_text_and_keeps_ties_in_file_order():
    data = b"id,title,notes\nevent-9,a,\nevent-10,b,\nevent-10,c,\n"
    assert fmt(data).canonical == b"id,title,notes\nevent-10,b,\nevent-10,c,\nevent-9,a,\n"


def test_a_lone_empty_cell_stays_quoted_so_that_its_row_is_kept():
    schema = TableSchema(fields=[TableField(name="id", type="string", description="x")], primaryKey=["id"])
    assert fmt(b'id\n""\nb\n', schema).canonical == b'id\n""\nb\n'
    assert not fmt(b'id\n""\nb\n', schema).changed


def test_canonical_file_is_left_unchanged():
    data = b'id,title,notes\na,"x, y",\nb,z,"line\nbreak"\n'
    outcome = fmt(data)
    assert outcome.canonical == data and not outcome.changed and not outcome.reasons


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"id,title,notes\na,b\n", 2, "row has 2 cells"),
        (b"id,title,notes\na,\xff\xfe,c\n", 2, "not UTF-8"),
        (b'id,title,notes\na,"abc"def,c\n', 2, "text follows the double quote"),
        (b'id,title,notes\na,ab"c,d\n', 2, "a double quote inside a value"),
        (b'id,title,notes\na,b,c\nd,"e,f\n', 3, ""),
        (b"id,title\na,b\n", 1, "lacks notes"),
        (b"id,title,notes,extra\na,b,c,d\n", 1, "has unknown extra"),
        (b"id,title,title,notes\na,b,c,d\n", 1, "repeats title"),
    ],
)
def test_input_that_cannot_be_read_losslessly_is_refused_with_its_line(data, line, words):
    outcome = fmt(data)
    assert outcome.canonical is None and not outcome.changed
    assert outcome.refused, "a refusal says why"
    assert outcome.refused[0].path == "curated/t.csv"
    assert outcome.refused[0].line == line
    assert words in outcome.refused[0].message


def test_empty_file_is_refused():
    assert fmt(b"").refused[0].rule == "structure"


def test_whitespace_is_exactly_what_python_strips():
    assert set(WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


def test_every_code_point_nfc_can_change_is_looked_at():
    """The scan that picks which cells to normalise in Python must never skip one that NFC changes."""
    seconds = set()
    for c in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(c))
        if decomposition and not decomposition.startswith("<") and len(decomposition.split()) == 2:
            seconds.add(int(decomposition.split()[1], 16))
    for c in range(sys.maxunicode + 1):
        char = chr(c)
        changes = unicodedata.combining(char) or unicodedata.normalize("NFC", char) != char or c in seconds
        if changes:
            assert may_change_under_nfc(c), hex(c)
    for lead, trail in ((0x1100, 0x1161), (0xAC00, 0x11A8)):  # Hangul syllables compose algorithmically
        assert unicodedata.normalize("NFC", chr(lead) + chr(trail)) != chr(lead) + chr(trail)
        assert may_change_under_nfc(trail)
    assert min(c for c in range(0x400) if may_change_under_nfc(c)) >= 0x300  # the byte scan starts at U+0300


def write_package(root, body: bytes) -> None:
    (root / "schemas").mkdir(parents=True)
    (root / "curated").mkdir()
    (root / "datapackage.json").write_text(
        '{"name": "t", "version": "0.1.0", "resources": [{"name": "t", "path": "curated/t.csv",'
        ' "schema": "schemas/t.schema.json"}]}'
    )
    (root / "schemas" / "t.schema.json").write_text(SCHEMA.model_dump_json(by_alias=True))
    (root / "curated" / "t.csv").write_bytes(body)


def test_check_lists_what_would_change_writes_nothing_and_exits_1(tmp_path, capsys):
    body = b"id,title,notes\nb,x,\na,y,\n"
    write_package(tmp_path, body)
    assert main(["fmt", "--check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "curated/t.csv: would be reformatted (rows not sorted by id from line 3)" in out
    assert f"run `caucasus-data fmt {tmp_path}` to fix" in out
    assert (tmp_path / "curated" / "t.csv").read_bytes() == body


def test_fmt_rewrites_atomically_keeping_the_file_mode(tmp_path, capsys):
    write_package(tmp_path, b"id,title,notes\nb,x,\na,y,\n")
    target = tmp_path / "curated" / "t.csv"
    os.chmod(target, 0o640)
    assert main(["fmt", str(tmp_path)]) == 0
    assert target.read_bytes() == b"id,title,notes\na,y,\nb,x,\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == ["t.csv"], "no temporary file is left behind"
    assert "curated/t.csv: reformatted" in capsys.readouterr().out
    assert main(["fmt", "--check", str(tmp_path)]) == 0


def test_fmt_refuses_bad_input_and_leaves_it_untouched(tmp_path, capsys):
    body = b"id,title,notes\nb,x\na,y,\n"
    write_package(tmp_path, body)
    assert main(["fmt", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "curated/t.csv:2: [structure] row has 2 cells but the header has 3" in out
    assert "(not formatted)" in out
    assert (tmp_path / "curated" / "t.csv").read_bytes() == body


def test_fmt_reports_a_table_path_caught_in_a_symlink_loop(tmp_path, capsys):
    write_package(tmp_path, b"id,title,notes\na,x,\n")
    table = tmp_path / "curated" / "t.csv"
    table.unlink()
    table.symlink_to(tmp_path / "curated" / "u.csv")
    (tmp_path / "curated" / "u.csv").symlink_to(table)
    assert main(["fmt", "--check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "curated/t.csv" in out and "cannot be read" in out and "internal error" not in out


def test_fmt_exit_codes_for_a_missing_folder_and_a_folder_without_a_package(tmp_path, capsys):
    assert main(["fmt", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["fmt", str(tmp_path)]) == 1
    assert "no datapackage.json" in capsys.readouterr().out


def test_shipped_tables_are_canonical(root, capsys):
    """The curated tables are written in canonical form (run `caucasus-data fmt` after editing them)."""
    assert main(["fmt", "--check", str(root)]) == 0, capsys.readouterr().out
