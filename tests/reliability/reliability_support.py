"""What the reliability tests share beyond ``tests/support``: the driver and the client's read
timeout."""

import time
from collections.abc import Mapping
from typing import Any

from local import invoke
from local.clock import Clock

# The handler's read timeout in this suite, so that a stalled answer times out quickly.
READ_TIMEOUT_SECONDS = "0.5"
# Shorter still where a test holds answers on purpose (a held answer costs this much real time):
# an answer that takes this long by chance is one more fault those tests' assertions allow for.
SHORT_READ_TIMEOUT_SECONDS = "0.1"


def drive(
    server: Any, action: str, properties: Mapping[str, Any] | None = None, **event_args: Any
) -> list[dict[str, Any]]:
    """The real entrypoint until it stops answering IN_PROGRESS; the wait CloudFormation would
    make is played by moving the simulated clock the handler and the local SageMaker share, so
    no test sleeps. When CloudFormation calls back, SageMaker has served every call a stall held
    that the wait released (``Control.served``), as it would have in the real time waited, and
    a network that went down after a lost answer is back: down for the rest of an invocation."""
    event_args.setdefault("max_invocations", 60)
    with Clock(time.time(), control=server.control).installed() as clock:

        def wait(seconds: float) -> None:
            clock.sleep(seconds)
            server.control.served()
            server.control.network_up()

        return invoke.drive(action, properties, sleep=wait, **event_args)
