"""Render the README's table of top-level properties from the resource schema, so that what the
README says about updates (updatable, replacement, read-only, write-only) cannot drift from it.

Rewrites the part of README.md between the markers ``<!-- properties:start -->`` and
``<!-- properties:end -->``.
Usage: ``python tools/property_table.py [--check]``; ``--check`` changes nothing and exits 1 when
the table is stale.
"""

import argparse
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run as a script, src/ is not on the path
from aws_sagemaker_modelpackage import schema  # noqa: E402  # needs the path set above

README = ROOT / "README.md"
DOCS = ROOT / "docs"
START, END = "<!-- properties:start -->", "<!-- properties:end -->"
Node = Mapping[str, Any]  # one node of the resource schema, as parsed JSON


def type_cell(node: Node) -> str:
    """The JSON type, linking object definitions to their page in docs/ and listing enums."""
    ref = node.get("$ref") or node.get("items", {}).get("$ref")
    node = schema.resolve(node)
    if node.get("type") == "array":
        return "List of " + type_cell(node["items"])
    name = ref.rsplit("/", 1)[-1] if ref else None
    if node.get("type") == "object" and name and (DOCS / f"{name.lower()}.md").exists():
        return f"[{name}](docs/{name.lower()}.md)"
    cell = str(node.get("type", "")).capitalize()
    if "enum" in node:
        cell += ": " + ", ".join(f"`{value}`" for value in node["enum"])
    return cell


def update_cell(pointer: str) -> str:
    """How a change to the property is applied, from the schema's property lists, in the words of
    the README's legend."""
    lists = schema.load()
    if pointer in lists.get("readOnlyProperties", []):
        cell = "read-only"
    elif pointer in lists.get("createOnlyProperties", []):
        cell = "replacement"
    elif pointer in lists.get("conditionalCreateOnlyProperties", []):
        cell = "updatable; replacement in some cases"
    else:
        cell = "updatable"
    if pointer in lists.get("writeOnlyProperties", []):
        cell += ", write-only"
    if pointer in lists.get("primaryIdentifier", []):
        cell += ", primary identifier"
    return cell


def first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=\.)\s", " ".join(text.split()), maxsplit=1)[0]
    return sentence.replace("|", "\\|")


def render() -> str:
    """The Markdown table of every top-level property of the resource schema, in schema order."""
    lines = ["| Property | Update | Type | Description |", "|---|---|---|---|"]
    for name, node in schema.load()["properties"].items():
        pointer = f"/properties/{name}"
        lines.append(
            f"| [{name}](docs/README.md#{name.lower()}) | {update_cell(pointer)} "
            f"| {type_cell(node)} "
            f"| {first_sentence(schema.resolve(node).get('description', ''))} |"
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
    expected = rewritten(readme, render())
    if expected == readme:
        return 0
    if arguments.check:
        print("README.md property table is stale: run python tools/property_table.py")
        return 1
    README.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
