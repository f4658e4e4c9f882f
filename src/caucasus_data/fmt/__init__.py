"""The canonical form of a table's CSV file, and the formatter that writes it (`caucasus-data fmt`).

A table file is canonical when it is exactly what :func:`format_bytes` writes:

- UTF-8 without a byte-order mark; every line ends with ``\\n``, and a line break inside a value is ``\\n`` too;
- the header lists the schema's fields, in the schema's order;
- the rows are sorted by the primary key, its values compared as strings in Unicode code point order
  (so ``event-10`` sorts before ``event-9``); rows with equal keys keep their order;
- minimal RFC 4180 quoting: a value is in double quotes only when it holds a comma, a double quote or a
  line break (or is the only cell of its row and empty), and a double quote inside it is doubled;
- every value is in Unicode NFC and has no white space at either end (spaces, tabs, no-break spaces, line
  breaks). Such white space never carries meaning here: quotes are compared with the raw text after
  folding white space, and ids, codes and dates do not match their pattern with it;
- no blank lines, and a line break after the last row.

Formatting never changes a value beyond those two normalisations (NFC and trimming), which the tests check
on arbitrary input by reading both files with the project's own reader.
"""

from .diagnose import Diagnosis, diagnose
from .files import Outcome, format_bytes, format_package, format_table

__all__ = ["Diagnosis", "Outcome", "diagnose", "format_bytes", "format_package", "format_table"]
