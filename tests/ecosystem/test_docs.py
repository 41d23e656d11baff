"""The README's property table is the one the schema renders (docs/ itself is checked against
``cfn generate`` in tests/schema); the README stays short enough to read first, every relative
link of the README and of docs/ leads to a file (and a heading) that exists, and every file the
README's "Where things are" names exists and is explained in docs/design.md."""

import re
from pathlib import Path

import pytest

from aws_sagemaker_modelpackage import schema
from tools import property_table

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "aws_sagemaker_modelpackage"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# [text](target): the target up to a space or ")"; code spans (` or <code>, as the generated
# reference writes patterns) and fenced blocks are not links.
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE = re.compile(r"`[^`\n]*`|<code>.*?</code>")


def test_readme_property_table_is_current():
    assert property_table.main(["--check"]) == 0, "run: python tools/property_table.py"


def test_every_property_has_a_row_saying_how_it_updates():
    rows = property_table.render().splitlines()[2:]
    assert len(rows) == len(schema.load()["properties"])
    row = next(r for r in rows if r.startswith("| [ModelPackageName]"))
    assert "| replacement |" in row
    row = next(r for r in rows if r.startswith("| [ClientToken]"))
    assert "| replacement, write-only |" in row


def test_the_readme_is_at_most_200_lines():
    """What a newcomer needs first (what it is, the two commands, a template, registering it)
    is on the first screen; everything else is one link away, in docs/."""
    assert len((ROOT / "README.md").read_text().splitlines()) <= 200


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {anchor(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def relative_links(page: Path) -> list[str]:
    text = CODE.sub("", FENCE.sub("", page.read_text(encoding="utf-8")))
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


def test_anchor_follows_githubs_rule():
    assert anchor(" Registering it: `deploy/registration.yaml`") == "registering-it-deployregistrationyaml"
    assert anchor(" What `make test` runs") == "what-make-test-runs"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    broken = []
    for link in relative_links(page):
        path, _, fragment = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        if not target.exists() or (fragment and target.suffix == ".md" and fragment not in anchors(target)):
            broken.append(link)
    assert broken == [], f"{page.relative_to(ROOT)}: links to nothing: {broken}"


def test_the_readme_links_every_page_of_docs():
    """Every topic is reachable from the README's table: each hand-written page, and the
    generated reference through its index."""
    linked = {(ROOT / link.partition("#")[0]).resolve() for link in relative_links(ROOT / "README.md")}
    hand_written = [p for p in PAGES[1:] if not p.read_text().startswith("# AWS::")]
    assert [p.name for p in hand_written if p not in linked] == []
    assert ROOT / "docs" / "README.md" in linked


def where_things_are() -> dict[str, list[str]]:
    """The README's "Where things are" table: each question and the names in its File column."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## Where things are\n", 1)[1]
    rows = [line for line in section.split("\n## ", 1)[0].splitlines() if line.startswith("| ")][2:]
    return {row.split(" | ")[0].strip("| "): re.findall(r"`([^`]+)`", row.rsplit(" | ", 1)[1]) for row in rows}


def located(name: str) -> Path:
    """A name of the table: from the repository's root when it starts with one of the root's
    folders (``local/sagemaker/``), else in the package, as the README says."""
    first = name.split("/", 1)[0]
    return ROOT / name if (ROOT / first).is_dir() else PACKAGE / name


def test_where_things_are_answers_each_question_with_one_file_that_exists():
    table = where_things_are()
    assert len(table) >= 10, table
    assert {question: names for question, names in table.items() if len(names) != 1} == {}
    names = [name for found in table.values() for name in found]
    missing = [name for name in names if not located(name).exists()]
    assert missing == [], f"the README names files that do not exist: {missing}"
    assert [name for name in names if name.endswith("/") and not located(name).is_dir()] == []


def test_design_explains_every_file_where_things_are_names():
    """docs/design.md's table is the longer answer to each question: it names every file too."""
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    named = [name for found in where_things_are().values() for name in found]
    assert [name for name in named if f"`{name}`" not in design] == []
