"""The one simulated clock, of the tests and the benchmarks alike: the time and randomness the
handlers' chains read (it stands in ``handlers.resource.clock``) and, given the local SageMaker's
control, the server's time too, both moved only by ``sleep``. So minutes of waiting take no real
time.

Its randomness is the top of every window (the longest delay each policy allows, so a test can
name exact delays) unless a seed is given, then a seeded generator's draws."""

import random as _random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aws_sagemaker_modelpackage.handlers import resource

START = 1_700_000_000.0


class Clock:
    def __init__(self, start: float = START, *, control: Any = None, seed: int | None = None):
        self.now = start
        self.control = control
        self.slept: list[float] = []
        self._draw = _random.Random(seed).random if seed is not None else None

    def time(self) -> float:
        return self.now

    def random(self) -> float:
        return self._draw() if self._draw is not None else 1.0

    def sleep(self, seconds: float) -> None:
        """Let ``seconds`` pass for the handler and (when given) the local SageMaker."""
        self.slept.append(seconds)
        self.now += seconds
        if seconds and self.control is not None:
            self.control.advance(seconds)

    @contextmanager
    def installed(self) -> Iterator["Clock"]:
        """This is the clock every handler's chain reads, until the block ends."""
        previous, resource.clock = resource.clock, self
        try:
            yield self
        finally:
            resource.clock = previous
