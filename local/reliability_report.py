"""Run the reliability suite and print its figures (the numbers in docs/reliability.md).

    .venv/bin/python -m local.reliability_report

The tests write their counts to build/reliability-figures.json; this prints them.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "build" / "reliability-figures.json"


def main() -> int:
    code = subprocess.call([sys.executable, "-m", "pytest", "tests/reliability", "-q", "-p", "no:logging"], cwd=ROOT)
    figures = json.loads(FIGURES.read_text(encoding="utf-8"))
    bad = sum(figures["bad_inputs"].values())
    faults = sum(figures["faults"].values())
    print(f"bad inputs tried: {bad} ({figures['bad_input_kinds']}); outcomes: {figures['bad_inputs']}")
    print(
        f"faults injected: {faults} = kinds {figures['fault_kinds']} over {len(figures['fault_positions'])} call positions"
    )
    print(f"fault outcomes: {figures['faults']}")
    print(f"exactly-once create scenarios: {sum(figures['exactly_once'].values())}: {figures['exactly_once']}")
    print(
        f"secrets: {figures['secret_scenarios']} progress events, {figures['log_lines_checked']} lines and messages checked"
    )
    print("permissions: " + json.dumps(figures["permissions_exercised"], indent=1))
    return code


if __name__ == "__main__":
    sys.exit(main())
