"""The state carried between invocations of one operation (CloudFormation's callbackContext)."""

from collections.abc import Mapping
from copy import deepcopy
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class CallbackContext:
    arn: str | None = None  # set as soon as CreateModelPackage answers: a re-invocation never creates twice
    done: list[str] = field(default_factory=list)  # the remembered steps that finished, by declared name
    # When each wait began, epoch seconds (see retries.py): "<step>/<kind of retry>" for a step
    # trying again after a failure of that kind, "poll" for stabilisation or the wait for a deletion
    retrying: dict[str, float] = field(default_factory=dict)
    # the failure the operation ends with once its compensation (the clean-up of a failed create) is done
    failure: dict[str, str] | None = None

    @classmethod
    def load(cls, raw: Mapping[str, Any] | None) -> "CallbackContext":
        """The context of a progress event, including one an earlier version of the provider made
        (an operation in flight while the provider is updated): its ``waiting_since`` was the poll's start."""
        known = {f.name for f in fields(cls)}
        loaded = cls(**{k: deepcopy(v) for k, v in (raw or {}).items() if k in known})  # never the caller's lists
        since = (raw or {}).get("waiting_since")
        if since is not None:
            loaded.retrying.setdefault(POLL, since)
        return loaded

    def dump(self) -> dict[str, Any]:
        return asdict(self)


POLL = "poll"
"""The key of the operation's one poll in ``retrying`` (stabilisation, or the wait for a deletion)."""
