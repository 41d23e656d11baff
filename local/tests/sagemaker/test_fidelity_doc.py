"""docs/fidelity.md covers every ledger row the local SageMaker cites, and every switch."""

import re
from pathlib import Path

from local.sagemaker import settings

ROOT = Path(__file__).resolve().parents[3]
CITATION = re.compile(r"[Rr]ows? (\d+(?:(?:, | and |-)\d+)*)")


def rows_cited_in_local():
    rows = set()
    tests = ROOT / "local" / "tests"
    for path in (ROOT / "local").rglob("*.py"):
        if tests in path.parents:
            continue  # the tests cite the rows they prove, also the provider's
        for citation in CITATION.findall(path.read_text()):
            rows.update(int(number) for number in re.findall(r"\d+", citation))
    return rows


def rows_in_the_table():
    table = (ROOT / "docs" / "fidelity.md").read_text()
    rows = set()
    for line in table.splitlines():
        cell = line.split("|")[1].strip() if line.startswith("| ") else ""
        rows.update(int(number) for number in re.findall(r"\d+", cell))
    return rows


def test_every_row_cited_in_local_is_in_the_table():
    cited = rows_cited_in_local()
    assert cited, "no citations found: the pattern is wrong"
    assert cited <= rows_in_the_table(), sorted(cited - rows_in_the_table())


def test_every_switch_is_in_the_table_with_its_choices():
    table = (ROOT / "docs" / "fidelity.md").read_text()
    for name, behaviour in settings.BEHAVIOURS.items():
        line = next(line for line in table.splitlines() if line.startswith("| ") and f"`{name}`" in line)
        assert all(f"`{choice}`" in line for choice in behaviour.choices), name
        assert behaviour.row in {int(n) for n in re.findall(r"\d+", line.split("|")[1])}, name
