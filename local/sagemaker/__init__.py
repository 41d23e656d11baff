"""moto's SageMaker plus what it lacks for model packages, served over real HTTP.

Each module adds one behaviour by wrapping moto's SageMaker backend or response class at start-up
(see ``local/README.md``); ``install()`` applies them all, in order, once per process.
"""

from __future__ import annotations

import threading

_installed = False
_lock = threading.Lock()


def install() -> None:
    global _installed
    from . import create_rules, groups, idempotency, lifecycle, store, tagging, update

    with _lock:
        if _installed:
            return
        # Order matters for CreateModelPackage: each later layer runs before the earlier ones.
        for addition in (store, lifecycle, tagging, update, groups, create_rules, idempotency):
            addition.install()
        _installed = True
