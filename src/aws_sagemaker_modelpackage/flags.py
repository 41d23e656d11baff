"""What CloudFormation says about a request besides the resource: the top-level ``rollback`` of
the handler payload, set on an UPDATE that undoes a failed stack update. AWS's Java plugin hands
it to handlers (``HandlerRequest.java``, ``ResourceHandlerRequest.java``);
cloudformation-cli-python-lib 2.1.20 drops it, so ``handlers.ModelPackageResource`` reads it from
the payload itself and each request carries it as ``request.flags``. The payload's other flags
(``snapshotRequested``, ``driftable``, ``features``) are not read: a model package has no
snapshot to take, and nothing the provider does depends on drift detection or on a feature."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestFlags:
    # An UPDATE that undoes a failed stack update: the desired state is the old template.
    rollback: bool = False

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> "RequestFlags":
        """The flags of a handler payload; a flag left out (or of another type) is unset."""
        return cls(rollback=_true(payload.get("rollback")))


def _true(value: Any) -> bool:
    """A JSON true, or its string form (CloudFormation passes scalars as strings elsewhere)."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


NONE = RequestFlags()


def of(request: Any) -> RequestFlags:
    """The flags a request carries; none for a request built without the payload (a test
    entrypoint event, or a handler called directly)."""
    found = getattr(request, "flags", NONE)
    return found if isinstance(found, RequestFlags) else NONE
