"""Listing 10,000 packages: through the LIST handler one page per invocation (as CloudFormation
pages a list, passing ``nextToken`` back each time) over a raw boto3 paginator, same backend,
same process, both with the service's page size.

Rounds are interleaved, the order of the two sides alternating from round to round (so neither
always runs first after the other's garbage), each side after a full garbage collection. Each
side is timed in CPU time of this process (client and the in-process local SageMaker alike; on
a shared machine wall time mostly measures the wait for a free core), wall time kept beside it;
the figure is the median of the per-round ratios, reported with their spread."""

import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

from . import env

COUNT = 10_000


def seed(count: int = COUNT) -> None:
    """``count`` unversioned packages, straight into the local SageMaker's backend (in-process)."""
    from moto.sagemaker.models import sagemaker_backends

    from local import invoke

    # Any: the local SageMaker wraps create_model_package to take the API's keyword names.
    backend: Any = sagemaker_backends[invoke.ACCOUNT][invoke.REGION]
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


def _timed(count: Callable[[], int]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one listing."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    found = count()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if found != COUNT:
        raise RuntimeError(f"listed {found} of {COUNT}")
    return cpu, wall


def run(server: Any, rounds: int = 11) -> dict[str, Any]:
    server.control.reset()
    seed()
    sides: dict[str, Callable[[], int]] = {"handler": with_handler, "paginator": lambda: with_paginator(server.url)}
    for count in sides.values():  # warm both paths: import, first connection
        count()
    times: dict[str, list[tuple[float, float]]] = {"handler": [], "paginator": []}
    for number in range(rounds):
        for name in sorted(sides, reverse=bool(number % 2)):
            times[name].append(_timed(sides[name]))
    ratios = [h[0] / p[0] for h, p in zip(times["handler"], times["paginator"], strict=True)]
    wall = [h[1] / p[1] for h, p in zip(times["handler"], times["paginator"], strict=True)]
    return {
        "list_10k_ratio": statistics.median(ratios),
        "list_10k_ratio_spread": {"min": min(ratios), "max": max(ratios)},
        "list_10k_wall_ratio": statistics.median(wall),
        "list_10k_wall_ratio_spread": {"min": min(wall), "max": max(wall)},
        "list_10k_handler_cpu_s": statistics.median(t[0] for t in times["handler"]),
        "list_10k_paginator_cpu_s": statistics.median(t[0] for t in times["paginator"]),
        "rounds": rounds,
    }
