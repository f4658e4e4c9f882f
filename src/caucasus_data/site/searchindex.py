"""The search index: titles, summaries and quotes, as a script the search page loads.

The site must work from ``file://``, where a browser refuses ``fetch()`` of a JSON file beside the page, so the
index is a JavaScript file assigning one array (the same JSON, prefixed). The search itself is a few lines of
our own (``static/search.js``): every term must occur, after NFC, case folding and folding white space, which is
how quotes are compared everywhere in this project; a substring scan of the ~1,500 entries of the shipped data
takes well under a millisecond in the browser, so a search library (and its index format) would add weight
and nothing a reader would notice.
"""

from __future__ import annotations

import json
import unicodedata

from ..text import normalise
from .dataset import Dataset
from .records import anchor

TEXT_COLUMNS = ("summary", "description", "quote", "explanation")  # searched beside each row's title
VARIABLE = "CAUCASUS_SEARCH"


def fold(text: str) -> str:
    return normalise(unicodedata.normalize("NFC", text)).casefold()


def entries(data: Dataset) -> list[dict[str, str]]:
    found = []
    for table in data.paged_tables:
        key = data.key(table)
        for row in data.rows[table]:
            title = data.label(table, row)
            text = " ".join(str(row[c]) for c in TEXT_COLUMNS if isinstance(row.get(c), str) and row[c] != title)
            page = f"{table}/{row[key]}.html"
            mark = anchor(table, str(row[key]))
            if mark and row.get("source_id"):  # a quoted passage: the place it is marked
                page = f"sources/{row['source_id']}.html#{mark}"
            if table == "evidence":
                target = (str(row["record_table"]), str(row["record_id"]))
                title = f"{data.label_of(target)} ({target[0]})"
            found.append({"u": page, "t": title, "k": table, "x": text, "f": fold(f"{title} {text}")})
    return found


def script(data: Dataset) -> str:
    body = json.dumps(entries(data), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.{VARIABLE} = {body};\n"
