"""The simulated clock is ``local/clock.py``, shared with the benchmarks; this module keeps its
old name importable for the suites that still import it from here."""

from local.clock import START, Clock

__all__ = ["START", "Clock"]
