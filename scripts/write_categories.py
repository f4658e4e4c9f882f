"""Write each coded field's Table Schema v2 ``categories`` (code and label) and each schema's ``$schema``.

The labels come from the field descriptions (see ``caucasus_data.labels``): after editing a description or
a code list, run ``python scripts/write_categories.py`` from the repository root; tests/test_categories.py
fails while a schema is not what this script writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from caucasus_data.labels import categories

TABLE_SCHEMA_V2 = "https://datapackage.org/profiles/2.0/tableschema.json"


def with_categories(schema: dict) -> dict:
    out = {"$schema": TABLE_SCHEMA_V2, **{k: v for k, v in schema.items() if k != "$schema"}}
    for field in out["fields"]:
        enum = field.get("constraints", {}).get("enum")
        if enum:
            field["categories"] = categories(enum, field.get("description", ""))
        else:
            field.pop("categories", None)
    return out


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main(root: Path) -> int:
    changed = 0
    for path in sorted((root / "schemas").glob("*.schema.json")):
        text = path.read_text(encoding="utf-8")
        new = render(with_categories(json.loads(text)))
        if new != text:
            path.write_text(new, encoding="utf-8", newline="\n")
            changed += 1
            print(f"wrote {path.relative_to(root)}")
    print(f"{changed} schemas written")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")))
