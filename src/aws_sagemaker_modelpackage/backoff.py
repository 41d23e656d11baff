"""How long to wait before trying again, as one value: what the Java plugin writes as
``Exponential.of().minDelay(..).maxDelay(..).timeout(..)``, with AWS's jitter.

The window grows with the time already waited (a ``growth`` fraction of it, within ``first`` and
``cap``), so over successive attempts it grows exponentially without counting them: only the
time the wait began needs to be remembered, in the callback context. Each delay is drawn from
the window's top ``jitter`` fraction (1.0: AWS's "full jitter", anywhere in the window; 0.5:
in its upper half, never sooner than half the window), so resources that met the same failure
at the same moment spread out instead of retrying in lockstep. The wait ends when ``budget``
seconds have passed; its last attempt is made at the budget's end.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    first: float  # the window while little time has been waited, seconds
    cap: float  # the largest window, seconds
    budget: float  # how long the whole wait may last, seconds from its start
    growth: float = 1.0  # the window as a fraction of the time already waited
    jitter: float = 1.0  # the fraction of the window a delay is drawn from (its top part)

    def window(self, waited: float) -> float:
        return min(self.cap, max(self.first, waited * self.growth))

    def delay(self, waited: float, draw: float) -> int | None:
        """Whole seconds until the next attempt, ``waited`` seconds after the wait began, with
        ``draw`` uniform in [0, 1]; at least one second (CloudFormation's unit), never past the
        budget's end. ``None``: the budget is spent."""
        left = self.budget - waited
        if left <= 0:
            return None
        window = self.window(waited)
        drawn = window * (1 - self.jitter + self.jitter * draw)
        return int(max(1, min(math.ceil(drawn), math.ceil(left))))
