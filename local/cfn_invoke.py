"""``cfn invoke`` against the local SageMaker, with throw-away credentials: one command, no AWS
account, no Docker, no credentials of your own.

Starts the local SageMaker (which answers STS too) and the local Lambda endpoint, creates the
model package group the request names (it must exist first, as in a real account), then runs
``cfn invoke --endpoint <local endpoint> resource <ACTION> <request>`` through ``local.cfn`` with
fake credentials (``testing``/``testing``) and no profile or config file, so nothing real is read
or reached: cfn-cli insists on credentials to ask STS for a session token before it invokes.
Everything is gone when the command exits.

Usage: ``python -m local.cfn_invoke CREATE local/requests/create-unversioned.json`` (a request is
``{"desiredResourceState": {...}, "previousResourceState": ..., "logicalResourceIdentifier": ...}``,
as for ``cfn invoke``). ``make invoke ACTION=... REQUEST=...`` runs the same. With ``--instant``
the local SageMaker's statuses settle at once (Pending and InProgress last 0 s, not its default
0.5 s and 1 s), so a create needs no callback, whose delay cfn-cli sleeps for real: for tests.
"""

import argparse
import json
import logging
import subprocess
import sys
from pathlib import Path

from local.contract import REGION, cfn_environment, create_groups
from local.lambda_endpoint import ROOT, start, start_local_sagemaker

ACTIONS = ("CREATE", "READ", "UPDATE", "DELETE", "LIST")


def group_of(request: Path) -> list[str]:
    """The model package group the request's desired state names, if any."""
    desired = json.loads(request.read_text()).get("desiredResourceState") or {}
    group = desired.get("ModelPackageGroupName")
    return [group] if group else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.cfn_invoke", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=ACTIONS)
    parser.add_argument("request", type=Path, help="JSON request file, as for cfn invoke")
    parser.add_argument("--max-reinvoke", type=int, help="stop after this many IN_PROGRESS re-invocations")
    parser.add_argument("--instant", action="store_true", help="statuses settle at once: no callback wait")
    arguments = parser.parse_args(argv)
    request = arguments.request.resolve()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    sagemaker = start_local_sagemaker()
    try:
        if arguments.instant:
            sagemaker.control.configure(pending_seconds=0, in_progress_seconds=0)
        with start(port=0, sagemaker_url=sagemaker.url) as endpoint:
            create_groups(group_of(request), sagemaker.url)
            print(f"Local SageMaker/STS {sagemaker.url}, Lambda endpoint {endpoint.url}", flush=True)
            command = [sys.executable, "-m", "local.cfn", "invoke", "--endpoint", endpoint.url, "--region", REGION]
            if arguments.max_reinvoke is not None:
                command += ["--max-reinvoke", str(arguments.max_reinvoke)]
            command += ["resource", arguments.action, str(request)]
            return subprocess.run(command, cwd=ROOT, env=cfn_environment(sagemaker.url), check=False).returncode
    finally:
        sagemaker.stop()


if __name__ == "__main__":
    sys.exit(main())
