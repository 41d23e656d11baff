"""The README's property table is the one the schema renders (docs/ itself is checked against
``cfn generate`` in tests/schema)."""

import json

from tools import property_table


def test_readme_property_table_is_current():
    assert property_table.main(["--check"]) == 0, "run: python tools/property_table.py"


def test_every_property_has_a_row_saying_how_it_updates():
    schema = json.loads(property_table.SCHEMA.read_text())
    rows = property_table.render(schema).splitlines()[2:]
    assert len(rows) == len(schema["properties"])
    row = next(r for r in rows if r.startswith("| [ModelPackageName]"))
    assert "| replacement |" in row
    row = next(r for r in rows if r.startswith("| [ClientToken]"))
    assert "| replacement, write-only |" in row
