"""``make fuzz``: many generated round-trip cases against an in-process local SageMaker, then
every edge of SageMaker's constraints (``tests/roundtrip/edges.py``: at each limit, created and
read back unchanged; just past it, refused before any call), with a summary by kind of finding;
exits 1 while there are findings.

    python -m tests.roundtrip.fuzz [--cases 1000] [--seed 1] [--all] [--no-edges]
"""

import argparse
import logging
import os
import sys
import time

from local.sagemaker.server import start
from tests.roundtrip.edges import KINDS as EDGE_KINDS
from tests.roundtrip.edges import EdgeRun
from tests.roundtrip.harness import RoundTrip, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--all", action="store_true", help="print every finding, not one example per kind")
    parser.add_argument("--no-edges", action="store_true", help="only the generated round trips")
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    os.environ.pop("AWS_DEFAULT_REGION", None)  # the region comes from the request alone
    os.environ.pop("AWS_REGION", None)
    with start() as server:
        os.environ["AWS_ENDPOINT_URL_SAGEMAKER"] = server.url
        roundtrip = RoundTrip(server)
        started = time.monotonic()
        findings = roundtrip.run(args.cases, args.seed)
        at_the_edges = EdgeRun(roundtrip)
        edge_findings = [] if args.no_edges else at_the_edges.all()
        elapsed = time.monotonic() - started
    print(summary(findings, roundtrip.cases_run))
    if not args.no_edges:
        print(
            f"\nEdges of SageMaker's constraints ({len(at_the_edges.skipped)} at a limit skipped: a rule refuses them)"
        )
        print(summary(edge_findings, at_the_edges.run, kinds=EDGE_KINDS))
        findings += edge_findings
    if args.all:
        print("\nAll findings:\n" + "\n".join(finding.report() for finding in findings))
    print(f"\nseed {args.seed}, {elapsed:.0f} s")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
