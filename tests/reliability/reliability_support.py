"""What the reliability tests share beyond ``tests/support``: the driver and the client's read
timeout."""

from collections.abc import Mapping
from typing import Any

from local import invoke

# The handler's read timeout in this suite, so that a stalled answer times out quickly.
READ_TIMEOUT_SECONDS = "0.5"


def drive(
    server: Any, action: str, properties: Mapping[str, Any] | None = None, **event_args: Any
) -> list[dict[str, Any]]:
    """The real entrypoint until it stops answering IN_PROGRESS; the wait CloudFormation would
    make is played by moving the local SageMaker's clock, so no test sleeps."""
    return invoke.drive(
        action, properties, sleep=lambda seconds: server.control.advance(seconds or 0), max_invocations=60, **event_args
    )
