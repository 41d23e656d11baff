"""The two patching primitives: ``add`` a method to a moto class (or replace one outright), or
``wrap`` one, keeping the previous one reachable."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def wrap(cls: type, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Replace ``cls.name`` by the decorated function, called as ``fn(previous, self, ...)``.

    Each addition wraps what is there (moto's method or an earlier addition), so additions stack in
    the order they are installed and each stays a small, separate layer.
    """

    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        previous = getattr(cls, name, None)

        @functools.wraps(fn)
        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            return fn(previous, self, *args, **kwargs)

        setattr(cls, name, method)
        return method

    return decorator


def add(cls: type, name: str, fn: Callable[..., Any]) -> None:
    """Give ``cls`` a method moto lacks (``DeleteModelPackage``, ...) or replace one outright."""
    setattr(cls, name, fn)
