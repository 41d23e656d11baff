"""Run the reliability suite and print its figures (the numbers in docs/reliability.md).

    .venv/bin/python -m local.reliability_report

Each test of the suite records what it tried and how it ended with pytest's ``record_property``
(a name and a value on its report, nothing else); this collects those while the suite runs in
this process and prints the counts, so the test run itself writes no report.
"""

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


class Figures:
    """A pytest plugin: per property name, how often each text value was recorded; other values
    (counts, tables) as recorded last."""

    def __init__(self) -> None:
        self.counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.values: dict[str, Any] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        for name, value in report.user_properties:
            if isinstance(value, str):
                self.counts[name][value] += 1
            else:
                self.values[name] = value

    def print(self) -> None:
        counts, values = self.counts, self.values
        bad, faults = sum(counts["bad_inputs"].values()), sum(counts["faults"].values())
        print(f"bad inputs tried: {bad} ({dict(counts['bad_input_kinds'])}); outcomes: {dict(counts['bad_inputs'])}")
        print(
            f"faults injected: {faults} = kinds {dict(counts['fault_kinds'])} over {len(counts['fault_positions'])} call positions"
        )
        print(f"fault outcomes: {dict(counts['faults'])}")
        print(f"exactly-once create scenarios: {sum(counts['exactly_once'].values())}: {dict(counts['exactly_once'])}")
        print(
            f"secrets: {values.get('secret_scenarios')} progress events, {values.get('log_lines_checked')} lines and messages checked"
        )
        print(f"platform faults: {sum(counts['platform'].values())}")
        for outcome, count in sorted(counts["platform"].items()):
            print(f"  {count:4d}  {outcome}")
        print("permissions: " + json.dumps(values.get("permissions_exercised"), indent=1))


def main() -> int:
    figures = Figures()
    code = pytest.main([str(ROOT / "tests" / "reliability"), "-q", "-p", "no:logging"], plugins=[figures])
    figures.print()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
