"""Listing 10,000 packages: through the LIST handler one page per invocation (as CloudFormation
pages a list, passing ``nextToken`` back each time) over a raw boto3 paginator, same backend,
same process, both with the service's page size."""

import time
from typing import Any

from . import env

COUNT = 10_000


def seed(count: int = COUNT) -> None:
    """``count`` unversioned packages, straight into the local SageMaker's backend (in-process)."""
    from moto.sagemaker.models import sagemaker_backends

    from local import invoke

    backend = sagemaker_backends[invoke.ACCOUNT][invoke.REGION]
    for number in range(count):
        backend.create_model_package(ModelPackageName=f"bulk-{number}")


def with_handler() -> int:
    from local import invoke

    found, token = 0, None
    while True:
        progress = invoke.invoke(invoke.event("LIST", {}, next_token=token))
        if progress.get("status") != "SUCCESS":
            raise RuntimeError(f"LIST failed: {progress.get('errorCode')} {progress.get('message')}")
        found += len(progress.get("resourceModels") or ())
        token = progress.get("nextToken")
        if not token:
            return found


def with_paginator(url: str) -> int:
    pages = env.sagemaker(url).get_paginator("list_model_packages").paginate(ModelPackageType="Both")
    return sum(len(page["ModelPackageSummaryList"]) for page in pages)


def run(server, rounds: int = 3) -> dict[str, Any]:
    server.control.reset()
    seed()
    with_handler()  # warm both paths: import, first connection
    with_paginator(server.url)
    handler_times, paginator_times = [], []
    for _ in range(rounds):  # interleaved, best of each: the least disturbed by other load
        start = time.perf_counter()
        found_handler = with_handler()
        handler_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        found_paginator = with_paginator(server.url)
        paginator_times.append(time.perf_counter() - start)
        if found_handler != COUNT or found_paginator != COUNT:
            raise RuntimeError(f"listed {found_handler} (handler) and {found_paginator} (paginator) of {COUNT}")
    return {
        "list_10k_handler_s": min(handler_times),
        "list_10k_paginator_s": min(paginator_times),
        "list_10k_ratio": min(handler_times) / min(paginator_times),
        "rounds": rounds,
    }
