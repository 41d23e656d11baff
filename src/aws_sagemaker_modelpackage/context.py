"""The state carried between invocations of one operation (CloudFormation's callbackContext)."""
from dataclasses import asdict, dataclass, fields
from typing import Any, Dict, Mapping, Optional


@dataclass
class CallbackContext:
    arn: Optional[str] = None  # set as soon as the package exists: a re-invocation never creates twice
    applied: bool = False  # the create or update call (and its follow-ups) went through
    waiting_since: Optional[float] = None  # epoch seconds when stabilisation began
    retries: int = 0  # retryable failures of the step below handed back to CloudFormation
    retrying: Optional[str] = None  # the step that last failed with a retryable error

    @classmethod
    def load(cls, raw: Optional[Mapping[str, Any]]) -> "CallbackContext":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (raw or {}).items() if k in known})

    def dump(self) -> Dict[str, Any]:
        return asdict(self)
