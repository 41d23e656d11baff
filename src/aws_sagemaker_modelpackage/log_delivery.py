"""Log lines to the type's CloudWatch Logs group: best effort, one batch per invocation.

With a ``LoggingConfig`` on the type, CloudFormation passes a log group and credentials to deliver
with (``providerLogGroupName``, ``providerCredentials``). cloudformation-cli-python-lib 2.1.20
sends every line at once with a synchronous PutLogEvents: a round trip per line inside the
invocation, and calls that add up against the account's PutLogEvents quota when a hundred
handlers log at once. Any error but the three it expects (a throttled or denied PutLogEvents, a
network failure) escapes into the handler and fails the operation with InternalFailure, after a
create before CloudFormation learnt the package's ARN. And a warm process keeps the first
invocation's stream for every later resource. Here instead:

- an invocation's lines are kept (``DeliveringHandler``) and sent in one PutLogEvents as the
  invocation ends (``invocation``, around the entrypoint), to the stream of that invocation's
  stack and logical id (``<stack-id>/<logical-id>``, ``:`` written ``__``), or, without a stack
  (the Cloud Control API), the library's ``<account>-<region>``;
- delivery takes at most about ``DELIVERY_SECONDS``: the clients have short timeouts and make one
  attempt; a missing stream (or group) is created and the batch sent again, once;
- nothing about delivery is ever raised into the handler: what failed is counted and written to
  standard error (Lambda's own log) in one line per invocation, without the lines themselves;
- the library's metrics (a PutMetricData before and after each handler) get the same short,
  bounded client, and a network failure of theirs, which the library would let escape, is
  counted the same way.

The library still decides whether logs are delivered (``ProviderLogHandler.setup``: with a log
group and provider credentials). Our handler is a ``ProviderLogHandler`` installed before the
library looks, so the library takes its warm-container path and only hands it the logs client of
the invocation's provider session, a ``ProviderSession`` (the clients are cached per credentials
and region, and made by the botocore session kept for the process, ``api_model.session``).
"""

import logging
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.log_delivery import ProviderFilter, ProviderLogHandler
from cloudformation_cli_python_lib.utils import Credentials

from . import api_model, retries

PROVIDER = __name__.rpartition(".")[0]
DELIVERY_SECONDS = 4.0
"""No call of a delivery starts later than this after the invocation's handler ended; with the
clients' timeouts, a delivery that meets every failure adds at most about 7 s to an invocation."""
CONFIG = Config(
    connect_timeout=1,
    read_timeout=2,
    retries=retries.BEST_EFFORT,
    user_agent_extra="cfn-sagemaker-modelpackage",
)
# PutLogEvents takes at most 10,000 events and 1,048,576 bytes, each event counted as its UTF-8
# length plus 26 bytes, each at most 256 KB (CloudWatch Logs API reference, PutLogEvents).
MAX_EVENTS = 10_000
MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD_BYTES = 26
MAX_EVENT_BYTES = 262_144 - EVENT_OVERHEAD_BYTES


# What else a client depends on: the endpoints botocore reads from the environment when it is made.
_ENVIRONMENT_OF_A_CLIENT = ("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "AWS_ENDPOINT_URL_CLOUDWATCH", "AWS_ENDPOINT_URL")


@lru_cache(maxsize=8)
def _client(
    service: str, access_key: str, secret_key: str, token: str | None, region: str | None, *_environment: str | None
) -> Any:
    kwargs = {"region_name": region} if region else {}
    return api_model.session().create_client(
        service,
        config=CONFIG,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=token,
        **kwargs,
    )


def _why(error: BaseException) -> str:
    """What failed, by the service's error code or the exception's class: never its message."""
    if isinstance(error, ClientError):
        return str(error.response.get("Error", {}).get("Code") or "ClientError")
    return type(error).__name__


@dataclass
class _Invocation:
    """What one invocation logged, and what went wrong delivering it."""

    group: str | None
    stream: str
    client: Any = None  # the logs client the library hands over: None, no delivery
    events: list[dict[str, Any]] = field(default_factory=list)
    size: int = 0
    left_out: int = 0  # lines beyond what one PutLogEvents takes
    failures: Counter[str] = field(default_factory=Counter)  # "what (why)" -> how many

    def keep(self, timestamp: int, message: str) -> None:
        data = message.encode("utf-8", errors="replace")
        if len(data) > MAX_EVENT_BYTES:
            message = data[:MAX_EVENT_BYTES].decode("utf-8", errors="ignore")
            data = message.encode("utf-8")
        size = len(data) + EVENT_OVERHEAD_BYTES
        if len(self.events) >= MAX_EVENTS or self.size + size > MAX_BATCH_BYTES:
            self.left_out += 1
            return
        self.events.append({"timestamp": timestamp, "message": message})
        self.size += size

    def note(self) -> str | None:
        """The one line for standard error, if anything went wrong."""
        parts = [f"{count} {what}" for what, count in self.failures.items()]
        if self.left_out:
            parts.append(f"{self.left_out} lines left out (over one PutLogEvents' limits)")
        if not parts:
            return None
        return f"log delivery to {self.group} {self.stream}: " + "; ".join(parts)


_local = threading.local()  # .invocation: the _Invocation of the invocation this thread runs


def _current() -> _Invocation | None:
    found: _Invocation | None = getattr(_local, "invocation", None)
    return found


class DeliveringHandler(ProviderLogHandler):
    """Keeps the lines of the invocation its thread runs, for ``invocation`` to deliver as it
    ends. A ``ProviderLogHandler``, so that the library's set-up finds it and does not add its
    own; the library's constructor is not called (it makes a client and fixes the stream once
    per process). ``client`` is the invocation's: the library assigns it on every invocation."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def client(self) -> Any:
        found = _current()
        return found.client if found else None

    @client.setter
    def client(self, value: Any) -> None:
        found = _current()
        if found is not None:
            found.client = value

    def emit(self, record: logging.LogRecord) -> None:
        found = _current()
        if found is None or found.group is None:
            return
        try:
            found.keep(round(record.created * 1000), self.format(record))
        except Exception as error:  # a line that cannot be formatted is lost, never raised
            found.failures[f"lines not formatted ({_why(error)})"] += 1


_installed: list[DeliveringHandler] = []
_install_lock = threading.Lock()


def _install() -> None:
    """Our handler on the root logger, once per process, where the library would put its own;
    like the library, the provider's own lines are kept out of the platform's log (the root's
    first handler, Lambda's), as they go to the caller's log group."""
    with _install_lock:
        if _installed:
            return
        root = logging.getLogger()
        if root.handlers:
            root.handlers[0].addFilter(ProviderFilter(PROVIDER))
        handler = DeliveringHandler()
        root.addHandler(handler)
        _installed.append(handler)


def stream_name(event: Mapping[str, Any]) -> str:
    """The stream of this invocation's resource, as CloudFormation names it (the library's scheme)."""
    data = event.get("requestData") or {}
    stack, logical_id = event.get("stackId"), data.get("logicalResourceId")
    name = f"{stack}/{logical_id}" if stack and logical_id else f"{event.get('awsAccountId')}-{event.get('region')}"
    return name.replace(":", "__")


@contextmanager
def invocation(event: Mapping[str, Any]) -> Iterator[None]:
    """Around one invocation of the entrypoint: its lines kept, then delivered as it ends.
    Nothing here raises into the invocation."""
    try:
        group = (event.get("requestData") or {}).get("providerLogGroupName")
        if group:
            _install()
        _local.invocation = _Invocation(str(group) if group else None, stream_name(event))
    except Exception as error:  # best effort: the invocation runs without log delivery
        _local.invocation = None
        _write(f"log delivery: not set up ({_why(error)})")
    try:
        yield
    finally:
        ended, _local.invocation = _current(), None
        if ended is not None:
            _end(ended)


def _end(ended: _Invocation) -> None:
    if ended.events and ended.group and ended.client is not None:
        try:
            _deliver(ended)
        except Exception as error:  # best effort: counted, never raised
            ended.failures[f"of {len(ended.events)} lines not delivered ({_why(error)})"] += len(ended.events)
    note = ended.note()
    if note:
        _write(note)


def _deliver(ended: _Invocation) -> None:
    """One PutLogEvents; if the stream (or the group) does not exist, it is created and the
    batch sent again, while there is time."""
    deadline = time.monotonic() + DELIVERY_SECONDS
    events = sorted(ended.events, key=lambda event: int(event["timestamp"]))  # the order PutLogEvents requires
    batch = {"logGroupName": ended.group, "logStreamName": ended.stream, "logEvents": events}
    client = ended.client
    try:
        client.put_log_events(**batch)
        return
    except ClientError as error:
        if _why(error) != "ResourceNotFoundException":
            raise
        if "log group" in str(error):
            _in_time(deadline, client.create_log_group, logGroupName=ended.group)
    _in_time(deadline, client.create_log_stream, logGroupName=ended.group, logStreamName=ended.stream)
    _in_time(deadline, client.put_log_events, **batch)


def _in_time(deadline: float, call: Callable[..., Any], **request: Any) -> None:
    if time.monotonic() > deadline:
        raise TimeoutError(f"no time left for {getattr(call, '__name__', 'a call')}")
    try:
        call(**request)
    except ClientError as error:
        if _why(error) != "ResourceAlreadyExistsException":  # made meanwhile by another invocation
            raise


def _write(line: str) -> None:
    """One line on standard error: Lambda's own log, never the caller's log group. If even that
    fails, there is nowhere left to say it, and the invocation's answer matters more."""
    with suppress(Exception):
        print(line, file=sys.stderr, flush=True)


def _count(what: str, error: BaseException) -> None:
    found = _current()
    if found is not None:
        found.failures[f"{what} ({_why(error)})"] += 1


class _BestEffort:
    """A client whose calls never raise a failure to reach the service (the client cannot be
    made, a network failure, a timeout): it is counted in the invocation's note and the call
    returns None. The service's own refusals still reach the caller, which for the library's
    metrics logs them."""

    def __init__(self, make: Callable[[], Any], what: str) -> None:
        self._make = make
        self._what = what

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return getattr(self._make(), name)(*args, **kwargs)
            except BotoCoreError as error:
                _count(f"{self._what} not sent", error)
                return None

        return call


class ProviderSession(SessionProxy):
    """The invocation's provider credentials, standing where the library puts a boto3 session
    (which costs about 70 ms an invocation with its two clients): the library asks it for a
    ``logs`` client (log delivery) and a ``cloudwatch`` one (metrics), made with short timeouts
    and one attempt in the request's region, cached per credentials and region. A client that
    cannot be made (no region, say) means no delivery, counted, never an error."""

    def __init__(self, credentials: Credentials, region: str | None):
        self.credentials = credentials
        self.region = region

    def client(self, service_name: str, *_args: Any, **_kwargs: Any) -> Any:
        if service_name != "logs":
            return _BestEffort(partial(self._made, service_name), f"{service_name} calls")
        try:
            return self._made(service_name)
        except BotoCoreError as error:
            _count("logs client not made", error)
            return None

    def _made(self, service_name: str) -> Any:
        found = self.credentials
        environment = (os.environ.get(name) for name in _ENVIRONMENT_OF_A_CLIENT)
        return _client(
            service_name, found.accessKeyId, found.secretAccessKey, found.sessionToken, self.region, *environment
        )


def provider_session(credentials: Mapping[str, Any], region: str | None) -> ProviderSession | None:
    """The provider session of ``requestData.providerCredentials``; None (no delivery) if malformed."""
    try:
        return ProviderSession(Credentials(**credentials), region)
    except TypeError:
        return None
