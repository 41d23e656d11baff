"""Run cfn-cli unmodified, except that it honours ``AWS_ENDPOINT_URL_STS`` like boto3 does.

cfn-cli builds its STS clients (``get_temporary_credentials``, ``get_account``) with an explicit
``endpoint_url`` taken from ``rpdk.core.boto_helpers.get_service_endpoint``, which always answers
the public regional URL (``https://sts.<region>.amazonaws.com``), so the endpoint variables boto3
otherwise honours are bypassed and ``cfn test`` cannot work against a local STS. Every other AWS
client of ``cfn test``/``cfn invoke`` already takes its endpoint from the command line or from the
environment. See ``local/README_contract.md``.

Usage: ``python -m local.cfn test ...`` is ``cfn test ...``.
"""

import os
import sys

from rpdk.core import boto_helpers
from rpdk.core.cli import main as cfn_main

_public_service_endpoint = boto_helpers.get_service_endpoint


def get_service_endpoint(service: str, region: str) -> str:
    """The configured endpoint for ``service`` (as boto3 resolves it), else the public one."""
    configured = os.environ.get(f"AWS_ENDPOINT_URL_{service.upper()}") or os.environ.get("AWS_ENDPOINT_URL")
    return configured or str(_public_service_endpoint(service, region))


def patch() -> None:
    """Make cfn-cli's STS clients use the configured endpoint; idempotent."""
    boto_helpers.get_service_endpoint = get_service_endpoint


def main(argv: list[str] | None = None) -> None:
    patch()
    cfn_main(args_in=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
