"""Rules `raw-integrity` and `quote`: the raw documents are untouched and every quote is copied from them."""

from __future__ import annotations

import unicodedata

from conftest import NEWS, NEWS_QUOTE

SOURCES = "curated/sources.csv"
EVIDENCE = "curated/evidence.csv"
MDC = "mdc-turkeyscope-2023-veliyev"
MDC_QUOTE = "Azerbaijani officers received training in military schools in Türkiye"


def source_line(pkg, source_id: str) -> int:
    return 1 + next(i for i, line in enumerate(pkg.text("sources").split("\n")) if line.startswith(source_id + ","))


def test_missing_raw_file(pkg):
    (pkg.root / f"raw/{NEWS}.txt").unlink()
    assert pkg.new() == {(SOURCES, source_line(pkg, NEWS), "raw-integrity", "raw_path")}
    (error,) = pkg.new_errors()
    assert error.value == f"raw/{NEWS}.txt" and "not found" in error.message


def test_one_flipped_bit_in_a_raw_file(pkg):
    """The first byte is a space; as `!` it leaves every quote findable, so only the hash can notice."""
    path = pkg.root / f"raw/{NEWS}.txt"
    data = bytearray(path.read_bytes())
    assert data[0] == 0x20
    data[0] ^= 0x01
    path.write_bytes(bytes(data))
    assert pkg.new() == {(SOURCES, source_line(pkg, NEWS), "raw-integrity", "sha256")}
    (error,) = pkg.new_errors()
    assert f"raw/{NEWS}.txt" in error.message and "byte-for-byte" in error.message


def test_raw_path_outside_the_package(pkg):
    line = source_line(pkg, NEWS)
    pkg.write("sources", pkg.text("sources").replace(f"raw/{NEWS}.txt", "raw/../../outside.txt", 1))
    new = pkg.new()
    assert (SOURCES, line, "raw-integrity", "raw_path") in new
    assert {rule for _, _, rule, _ in new} <= {"raw-integrity", "pattern"}


def test_quote_that_is_not_in_the_source(pkg):
    pkg.add_event(quote=NEWS_QUOTE.replace("met with", "met"))
    line = pkg.next_line("evidence") - 1
    assert pkg.new() == {(EVIDENCE, line, "quote", "quote")}
    (error,) = pkg.new_errors()
    assert NEWS in error.message and "verbatim" in error.message
    assert "differs at “Azerbaijani President" in error.message  # points at where it stops matching


def test_quote_from_another_source(pkg):
    pkg.add_event(source=MDC, quote=NEWS_QUOTE)
    assert pkg.new() == {(EVIDENCE, pkg.next_line("evidence") - 1, "quote", "quote")}


def test_curly_quotes_retyped_straight(pkg):
    printed = "signing the “Shusha Declaration” in the Nagorno-Karabakh town of Shusha"
    pkg.add_event("zz-visit-a", quote=printed)
    pkg.add_event("zz-visit-b", quote=printed.replace("“", '"').replace("”", '"'))
    assert pkg.new() == {(EVIDENCE, pkg.next_line("evidence") - 1, "quote", "quote")}
    (error,) = pkg.new_errors()
    assert "curly" in error.message and "copy the passage" in error.message


def test_quotes_compare_after_nfc_and_folded_white_space(pkg):
    words = MDC_QUOTE.split(" ")
    spaced = "  ".join(words[:3]) + "\u00a0" + " ".join(words[3:6]) + "\n\t" + " ".join(words[6:])
    pkg.add_event("zz-visit-a", source=MDC, quote=spaced)
    pkg.add_event("zz-visit-b", source=MDC, quote=unicodedata.normalize("NFD", MDC_QUOTE))
    # Both cells are outside the canonical form that `caucasus-data fmt` writes, but both quotes are found.
    assert pkg.new(allow=frozenset({"format"})) == set()


def test_quotes_of_every_table_that_has_them(pkg):
    line = pkg.append(
        "errata",
        erratum_id="zz-erratum",
        source_id=NEWS,
        quote="On June 16, Turkish President",
        value_as_printed="June 16",
        erratum_type="factual",
        explanation="A test erratum.",
    )
    assert pkg.new() == {("curated/errata.csv", line, "quote", "quote")}
