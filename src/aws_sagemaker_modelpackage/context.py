"""The state carried between invocations of one operation (CloudFormation's callbackContext)."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class CallbackContext:
    arn: str | None = None  # set as soon as CreateModelPackage answers: a re-invocation never creates twice
    done: list[str] = field(default_factory=list)  # the remembered steps that finished, by declared name
    waiting_since: float | None = None  # epoch seconds when stabilisation began
    group_missing_since: float | None = (
        None  # epoch seconds when SageMaker first said the version's group does not exist
    )
    retries: int = 0  # consecutive retryable failures of the step below handed back to CloudFormation
    retrying: str | None = None  # the step that last failed with a retryable error

    @classmethod
    def load(cls, raw: Mapping[str, Any] | None) -> "CallbackContext":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (raw or {}).items() if k in known})

    def dump(self) -> dict[str, Any]:
        return asdict(self)
