"""moto's SageMaker plus what it lacks for model packages, served over real HTTP.

Each module adds one behaviour to moto's SageMaker backend or response class at start-up (see
``local/README.md``); ``install()`` applies them all once per process.
"""

from __future__ import annotations

import threading

_installed = False
_lock = threading.Lock()


def install() -> None:
    global _installed
    from . import accounts, create, groups, lifecycle, store, tagging, update

    with _lock:
        if _installed:
            return
        # The life cycle wraps the Describe view that the store gives packages, so it comes after it;
        # a list by another account's group goes to that account's backend before the life cycle's
        # wrap of it, so ``groups`` comes after ``lifecycle``.
        for addition in (accounts, store, lifecycle, create, tagging, update, groups):
            addition.install()
        _installed = True
