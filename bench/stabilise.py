"""Waste of the stabilisation policy: for a package that the local SageMaker takes T seconds to
complete, how long after completion the CREATE handler notices, over T, when CloudFormation
calls back after each ``callbackDelaySeconds`` the handler asks for (the production policy of
``stabiliser.py``). Time is simulated: each callback delay moves both the local SageMaker's clock
and the handler's clock forward, so a 60 s wait takes no real time."""

import time
import uuid
from typing import Any

from .calls import spec

DURATIONS = (2, 10, 60)


def one(server: Any, seconds: float) -> dict[str, Any]:
    from local import invoke
    from local.clock import Clock

    server.control.configure(pending_seconds=0, in_progress_seconds=seconds, deleting_seconds=0)
    properties = {"ModelPackageName": f"bench-stabilise-{int(seconds)}", "InferenceSpecification": spec()}
    # the top of each window: the longest polls the policy allows
    with Clock(time.time(), control=server.control).installed() as clock:
        started = clock.now
        events = invoke.drive(
            "CREATE",
            properties,
            sleep=clock.sleep,
            request_token=str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench/stabilise/{seconds}")),
        )
        finished = clock.now
    if events[-1].get("status") != "SUCCESS":
        raise RuntimeError(f"create taking {seconds}s: {events[-1].get('errorCode')} {events[-1].get('message')}")
    late = max(0.0, finished - started - seconds)
    return {
        "seconds": seconds,
        "invocations": len(events),
        "delays": [e.get("callbackDelaySeconds") for e in events[:-1]],
        "late_s": late,
        "waste_ratio": late / seconds,
    }


def run(server: Any) -> dict[str, Any]:
    server.control.reset()
    runs = [one(server, seconds) for seconds in DURATIONS]
    return {"stabilise_waste_ratio": max(r["waste_ratio"] for r in runs), "stabilise_runs": runs}
