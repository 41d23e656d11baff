"""What CloudFormation says about a request besides the resource: the top-level ``rollback``,
``snapshotRequested``, ``driftable`` and ``features`` of the handler payload. AWS's Java plugin
hands them to handlers (``HandlerRequest.java``, ``ResourceHandlerRequest.java``);
cloudformation-cli-python-lib 2.1.20 drops them, so ``handlers.ModelPackageResource`` reads
them from the payload itself and each request carries them as ``request.flags``."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RequestFlags:
    # An UPDATE that undoes a failed stack update: the desired state is the old template.
    rollback: bool = False
    snapshot_requested: bool | None = None
    driftable: bool | None = None
    features: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> "RequestFlags":
        """The flags of a handler payload; a flag left out (or of another type) is unset."""
        features = payload.get("features")
        return cls(
            rollback=_boolean(payload.get("rollback")) is True,
            snapshot_requested=_boolean(payload.get("snapshotRequested")),
            driftable=_boolean(payload.get("driftable")),
            features=dict(features) if isinstance(features, Mapping) else {},
        )


def _boolean(value: Any) -> bool | None:
    """A JSON boolean, or its string form (CloudFormation passes scalars as strings elsewhere)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


NONE = RequestFlags()


def of(request: Any) -> RequestFlags:
    """The flags a request carries; none for a request built without the payload (a test
    entrypoint event, or a handler called directly)."""
    found = getattr(request, "flags", NONE)
    return found if isinstance(found, RequestFlags) else NONE
