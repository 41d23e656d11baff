"""Render the README's table of top-level properties from the resource schema, so that what the
README says about updates (updatable, replacement, read-only, write-only) cannot drift from it.

Rewrites the part of README.md between the markers ``<!-- properties:start -->`` and
``<!-- properties:end -->``.
Usage: ``python tools/property_table.py [--check]``; ``--check`` changes nothing and exits 1 when
the table is stale.
"""

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "aws-sagemaker-modelpackage.json"
README = ROOT / "README.md"
DOCS = ROOT / "docs"
START, END = "<!-- properties:start -->", "<!-- properties:end -->"
Schema = dict[str, Any]  # a resource schema or one of its nodes, as parsed JSON


def resolve(schema: Schema, node: Schema) -> Schema:
    """``node`` merged over the definition it references, if any."""
    if "$ref" not in node:
        return node
    return {**resolve(schema, schema["definitions"][node["$ref"].rsplit("/", 1)[-1]]), **node}


def type_cell(schema: Schema, node: Schema) -> str:
    """The JSON type, linking object definitions to their page in docs/ and listing enums."""
    ref = node.get("$ref") or node.get("items", {}).get("$ref")
    node = resolve(schema, node)
    if node.get("type") == "array":
        return "List of " + type_cell(schema, node["items"])
    name = ref.rsplit("/", 1)[-1] if ref else None
    if node.get("type") == "object" and name and (DOCS / f"{name.lower()}.md").exists():
        return f"[{name}](docs/{name.lower()}.md)"
    cell = str(node.get("type", "")).capitalize()
    if "enum" in node:
        cell += ": " + ", ".join(f"`{value}`" for value in node["enum"])
    return cell


def update_cell(schema: Schema, pointer: str) -> str:
    """How a change to the property is applied, from the schema's property lists, in the words of
    the README's legend."""
    if pointer in schema.get("readOnlyProperties", []):
        cell = "read-only"
    elif pointer in schema.get("createOnlyProperties", []):
        cell = "replacement"
    elif pointer in schema.get("conditionalCreateOnlyProperties", []):
        cell = "updatable; replacement in some cases"
    else:
        cell = "updatable"
    if pointer in schema.get("writeOnlyProperties", []):
        cell += ", write-only"
    if pointer in schema.get("primaryIdentifier", []):
        cell += ", primary identifier"
    return cell


def first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=\.)\s", " ".join(text.split()), maxsplit=1)[0]
    return sentence.replace("|", "\\|")


def render(schema: Schema) -> str:
    """The Markdown table of every top-level property, in schema order."""
    lines = ["| Property | Update | Type | Description |", "|---|---|---|---|"]
    for name, node in schema["properties"].items():
        pointer = f"/properties/{name}"
        lines.append(
            f"| [{name}](docs/README.md#{name.lower()}) | {update_cell(schema, pointer)} "
            f"| {type_cell(schema, node)} "
            f"| {first_sentence(resolve(schema, node).get('description', ''))} |"
        )
    return "\n".join(lines)


def rewritten(readme: str, table: str) -> str:
    """``readme`` with the text between the markers replaced by ``table``."""
    before, marker, rest = readme.partition(START)
    _, end_marker, after = rest.partition(END)
    if not (marker and end_marker):
        raise SystemExit(f"README.md lacks the markers {START} and {END}")
    return f"{before}{START}\n{table}\n{END}{after}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    arguments = parser.parse_args(argv)
    readme = README.read_text(encoding="utf-8")
    expected = rewritten(readme, render(json.loads(SCHEMA.read_text(encoding="utf-8"))))
    if expected == readme:
        return 0
    if arguments.check:
        print("README.md property table is stale: run python tools/property_table.py")
        return 1
    README.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
