"""The state carried between invocations of one operation (CloudFormation's callbackContext)."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class CallbackContext:
    arn: str | None = None  # set as soon as CreateModelPackage answers: a re-invocation never creates twice
    done: list[str] = field(default_factory=list)  # the remembered steps that finished, by declared name
    waiting_since: float | None = None  # epoch seconds when stabilisation (or the wait for deletion) began
    # "<step>/<kind of retry>" -> epoch seconds of the step's first failure of that kind (see errors.Retry)
    retrying: dict[str, float] = field(default_factory=dict)
    # the failure the operation ends with once its compensation (the clean-up of a failed create) is done
    failure: dict[str, str] | None = None

    @classmethod
    def load(cls, raw: Mapping[str, Any] | None) -> "CallbackContext":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (raw or {}).items() if k in known})

    def dump(self) -> dict[str, Any]:
        return asdict(self)
