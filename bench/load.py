"""A stack of N model packages deployed at once and then deleted, played the way CloudFormation
plays it, against a local SageMaker that throttles.

CloudFormation starts every resource without a dependency at the same moment, and calls a
handler back no sooner than the ``callbackDelaySeconds`` it asked for, with its callback context,
until it answers SUCCESS or FAILED (``shared`` facts: README, "Performance"). Here a pool of worker
processes stands for the Lambda execution environments: each invocation is a protocol 2.0.0 payload
(``local.invoke.event``) into the production entrypoint, ``handlers.resource``, whose SageMaker
client reaches the local SageMaker through ``AWS_ENDPOINT_URL_SAGEMAKER``. Time is real: the
invocations and the callback delays are (the tests skip the delays: ``WallClock``).

The stack: two thirds versions in one group named by its ARN (the group is made first, as a
stack's ``Ref`` orders it), every third of them Approved with an ApprovalDescription; one third
unversioned packages with tags. The figures of each phase (create, delete) are its wall time over
the throttled minimum, the SageMaker calls and throttled answers per package (from the local
SageMaker's call log), the peak calls per second and the longest invocation.

With ``log_rate``, the type has a LoggingConfig: every invocation delivers its log lines (at INFO,
as CloudFormation's log group gets them) and metrics to the local server's CloudWatch Logs and
CloudWatch, whose PutLogEvents is throttled at that rate, as an account's PutLogEvents quota
throttles a hundred handlers logging at once; the figures add the CloudWatch calls per package.
"""

import contextlib
import dataclasses
import heapq
import io
import logging
import multiprocessing
import operator
import os
import queue
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import env
from .calls import STACK_TAGS, spec

if TYPE_CHECKING:
    from aws_sagemaker_modelpackage.retries import Policy

# Operation -> (calls per second, burst). SageMaker publishes none of these (see README,
# "Performance"): CreateModelPackage's is the one the scale problem was met with; the other
# mutating calls get the same, reads and tag listings a few times more, as AWS control planes do.
DEFAULT_RATES: dict[str, tuple[float, float]] = {
    "CreateModelPackage": (2, 5),
    "UpdateModelPackage": (2, 5),
    "DeleteModelPackage": (2, 5),
    "DescribeModelPackage": (10, 20),
    "ListModelPackages": (5, 10),
    "AddTags": (5, 10),
    "DeleteTags": (5, 10),
    "ListTags": (10, 20),
}
DEFAULT_RESOURCES = 100
DEFAULT_WORKERS = 20
OUTAGE_SECONDS = 150
# Variants of retries.DEFAULT.transient (first=12, cap=60, growth=2), each run beside it: one field
# moved either way, for the two that shape the wait (growth drives the calls, cap the finish).
TRIALS = "cap=30 cap=120 growth=1 growth=3"
CONTRACT_SECONDS = 60  # create, update and delete must answer within this (resource-type-test-contract)
MAX_INVOCATIONS = 1000  # one operation re-invoked more often than this is a defect of the policy
SAMPLE_SECONDS = 0.25


# --- the stack ---------------------------------------------------------------------------------


@dataclass
class Operation:
    """One resource's CREATE or DELETE, carried from invocation to invocation as CloudFormation
    carries it: the same properties and request token, the last callback context."""

    logical_id: str
    action: str
    properties: dict[str, Any]
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group: str | None = None  # the type's LoggingConfig, if it has one
    context: dict[str, Any] | None = None
    spans: list[tuple[float, float]] = field(default_factory=list)  # (began, ended) of each invocation
    delays: list[float] = field(default_factory=list)  # the callbackDelaySeconds each IN_PROGRESS asked for
    last: dict[str, Any] = field(default_factory=dict)  # the last progress event

    def payload(self) -> dict[str, Any]:
        from local import invoke

        return invoke.event(
            self.action,
            self.properties,
            callback_context=self.context,
            request_token=self.token,
            stack_tags=STACK_TAGS,
            logical_id=self.logical_id,
            log_group=self.log_group,
        )

    def answered(self, progress: dict[str, Any], began: float, ended: float) -> float | None:
        """Record one invocation; when to invoke again (``None``: the operation is over)."""
        self.spans.append((began, ended))
        self.last = progress
        if progress.get("status") != "IN_PROGRESS" or len(self.spans) >= MAX_INVOCATIONS:
            return None
        self.context = progress.get("callbackContext")
        self.delays.append(float(progress.get("callbackDelaySeconds") or 0))
        return ended + self.delays[-1]

    @property
    def succeeded(self) -> bool:
        return self.last.get("status") == "SUCCESS"


def stack(resources: int, group_arn: str, run: str) -> list[Operation]:
    """The CREATE of every resource: each third one unversioned, the others versions in the
    group, every third version Approved with an ApprovalDescription."""
    creates = []
    for number in range(resources):
        if number % 3 == 2:
            creates.append(Operation(f"Unversioned{number:03d}", "CREATE", unversioned(f"{run}-{number:03d}", number)))
        else:
            creates.append(Operation(f"Version{number:03d}", "CREATE", version(group_arn, number, number % 9 == 0)))
    return creates


def version(group_arn: str, number: int, approved: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "ModelPackageGroupName": group_arn,
        "InferenceSpecification": spec(),
        "ModelApprovalStatus": "PendingManualApproval",
        "CustomerMetadataProperties": {"model": f"m{number:03d}"},
    }
    if approved:
        properties.update(ModelApprovalStatus="Approved", ApprovalDescription=f"offline AUC of m{number:03d}: 0.91")
    return properties


def unversioned(name: str, number: int) -> dict[str, Any]:
    return {
        "ModelPackageName": name,
        "InferenceSpecification": spec(),
        "Tags": [{"Key": "team", "Value": "ml"}, {"Key": "model", "Value": f"m{number:03d}"}],
    }


def deletes(creates: list[Operation]) -> list[Operation]:
    """The DELETE of every resource the creates made, with the model CloudFormation kept for it."""
    return [
        Operation(op.logical_id, "DELETE", op.last["resourceModel"], log_group=op.log_group)
        for op in creates
        if op.succeeded
    ]


# --- time ----------------------------------------------------------------------------------------


class WallClock:
    """The driver's time and its handlers': the wall clock, ahead by the waits skipped.

    On real time (no ``control``) ``sleep`` waits. Given the local SageMaker's control, it skips
    the wait instead: this clock moves ahead, and the local SageMaker's with it (``advance``; its
    own clock is the wall clock ahead by as much), so its statuses and throttles see the callback
    delays pass while the invocations between them take the real time they take, in the worker
    processes, side by side. The tests play the stack so, without waiting."""

    def __init__(self, control: Any = None, skipped: float = 0.0) -> None:
        self.control, self.skipped = control, skipped

    @classmethod
    def skipping(cls, control: Any) -> "WallClock":
        """Skipping waits, as far ahead as the local SageMaker's clock already is."""
        return cls(control, control.config()["offset_seconds"])

    def time(self) -> float:
        return time.time() + self.skipped

    def random(self) -> float:
        return random.random()

    def sleep(self, seconds: float) -> None:
        if self.control is None:
            time.sleep(seconds)
            return
        self.skipped += seconds
        self.control.advance(seconds)


# --- the Lambda execution environments -----------------------------------------------------------

_configured: list[Any] = []  # (url, policy) this environment is set up for


def _start(ready: Any) -> None:
    """A fresh execution environment: the handler imported once, as Lambda's init phase does."""
    from aws_sagemaker_modelpackage import handlers  # noqa: F401  # the import is the init phase

    logging.getLogger("aws_sagemaker_modelpackage").setLevel(logging.ERROR)  # its retries would flood the bench
    ready.wait()


def _configure(url: str, policy: "Policy | None") -> None:
    """The endpoint the handler's client uses, and the retry policy under trial (None: the
    provider's own), held where the entrypoint holds it, beside its clock."""
    from aws_sagemaker_modelpackage import handlers, retries

    if _configured == [(url, policy)]:
        return
    os.environ.update({"AWS_ENDPOINT_URL_SAGEMAKER": url, "AWS_ENDPOINT_URL_STS": url, "AWS_REGION": env.REGION})
    handlers.resource.policy = policy or retries.DEFAULT
    _configured[:] = [(url, policy)]


def _invoke(
    url: str, policy: "Policy | None", payload: dict[str, Any], skipped: float
) -> tuple[dict[str, Any], float, float]:
    """One invocation of the production entrypoint in this environment, on the driver's time
    (``WallClock``, ahead by the ``skipped`` waits), which the handler's chain reads too."""
    from aws_sagemaker_modelpackage import handlers
    from local import invoke

    _configure(url, policy)
    delivering = _logs_to(url, payload)
    clock = handlers.resource.clock = WallClock(skipped=skipped)
    began = clock.time()
    with contextlib.redirect_stderr(io.StringIO()) if delivering else contextlib.nullcontext():
        progress = invoke.invoke(payload)
    return progress, began, clock.time()


def _logs_to(url: str, payload: Mapping[str, Any]) -> bool:
    """Whether this invocation delivers log lines; if so, to the local server's CloudWatch Logs
    (and metrics to its CloudWatch), the provider's lines at INFO, as CloudFormation's log group
    gets them. A failed delivery's line on standard error is left out (the server's call log
    counts those); the bench's own output stays readable."""
    if not payload["requestData"].get("providerLogGroupName"):
        return False
    os.environ.update({"AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": url, "AWS_ENDPOINT_URL_CLOUDWATCH": url})
    logging.getLogger("aws_sagemaker_modelpackage").setLevel(logging.INFO)
    return True


@contextmanager
def environments(workers: int) -> Iterator[Any]:
    """``workers`` warm execution environments (processes), every one of them started."""
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(workers + 1)
    pool = context.Pool(workers, initializer=_start, initargs=(ready,))
    try:
        ready.wait(timeout=300)
        yield pool
    finally:
        pool.terminate()
        pool.join()


# --- CloudFormation -------------------------------------------------------------------------------


class Player:
    """Invokes each operation at once, then again no sooner than the delay it asked for, until
    every one is over; ``policy``: the retry policy the environments' handlers decide with (None:
    the provider's own), the bench's way of trying another; ``clock``: real time, or one that
    skips the waits (``WallClock``), which it sleeps while no invocation runs."""

    def __init__(self, pool: Any, url: str, policy: "Policy | None" = None, clock: WallClock | None = None) -> None:
        self.pool, self.url, self.policy = pool, url, policy
        self.clock = clock or WallClock()
        self.answers: queue.Queue[tuple[int, Any]] = queue.Queue()

    def play(self, operations: list[Operation]) -> float:
        """Drive ``operations`` to their end; returns the wall time in seconds."""
        began = self.clock.time()
        due = [(began, index) for index in range(len(operations))]
        running = 0
        while due or running:
            while due and due[0][0] <= self.clock.time():
                self._submit(operations, heapq.heappop(due)[1])
                running += 1
            wait = max(0.0, due[0][0] - self.clock.time()) if due else None
            if not running:
                self.clock.sleep(wait or 0.0)
                continue
            try:
                index, answer = self.answers.get(timeout=wait)
            except queue.Empty:
                continue
            running -= 1
            again = operations[index].answered(*answer)
            if again is not None:
                heapq.heappush(due, (again, index))
        return max((op.spans[-1][1] for op in operations if op.spans), default=began) - began

    def _submit(self, operations: list[Operation], index: int) -> None:
        self.pool.apply_async(
            _invoke,
            (self.url, self.policy, operations[index].payload(), self.clock.skipped),
            callback=lambda answer: self.answers.put((index, answer)),
            error_callback=lambda error: self.answers.put((index, _crashed(error, self.clock.time()))),
        )


def _crashed(error: BaseException, now: float) -> tuple[dict[str, Any], float, float]:
    """An invocation that raised instead of answering: the operation ends there."""
    return {"status": "FAILED", "errorCode": "InvocationCrashed", "message": repr(error)}, now, now


# --- what the local SageMaker saw -----------------------------------------------------------------


class CallRate:
    """Samples the length of the local SageMaker's call log, for the peak calls per second of
    ``clock`` (the player's: skipped waits count as the time they stand for)."""

    def __init__(self, count: Callable[[], int], clock: Callable[[], float]) -> None:
        self.count, self.clock = count, clock
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="call-rate", daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.samples.append((self.clock(), self.count()))
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> "CallRate":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append((self.clock(), self.count()))

    def peak(self) -> float:
        """The most calls in any window of (about) one second."""
        best, end = 0.0, 0
        for began, before in self.samples:
            while end < len(self.samples) and self.samples[end][0] < began + 1.0:
                end += 1
            if end < len(self.samples):
                ended, after = self.samples[end]
                best = max(best, (after - before) / (ended - began))
        return best


def is_throttled(call: Mapping[str, Any]) -> bool:
    """Whether the local SageMaker answered this call ThrottlingException."""
    return call.get("fault") == "throttled"


def phase_figures(operations: list[Operation], calls: list[dict[str, Any]], wall: float) -> dict[str, Any]:
    """What one phase cost, per package: calls by operation, throttled answers, invocations."""
    packages = max(1, len(operations))
    spans = [ended - began for op in operations for began, ended in op.spans]
    return {
        "resources": len(operations),
        "succeeded": sum(op.succeeded for op in operations),
        "failed": dict(Counter(op.last.get("errorCode") for op in operations if not op.succeeded)),
        "messages": sorted({str(op.last.get("message")) for op in operations if not op.succeeded})[:5],
        "wall_s": round(wall, 1),
        "calls_per_package": {
            name: round(count / packages, 2) for name, count in sorted(Counter(c["operation"] for c in calls).items())
        },
        "throttled_per_package": round(sum(map(is_throttled, calls)) / packages, 2),
        "throttled_calls_per_package": {
            name: round(count / packages, 2)
            for name, count in sorted(Counter(c["operation"] for c in calls if is_throttled(c)).items())
        },
        "invocations_per_package": round(len(spans) / packages, 2),
        "longest_invocation_s": round(max(spans, default=0.0), 2),
        "invocations_over_contract": sum(span >= CONTRACT_SECONDS for span in spans),
    }


# --- one deployment and deletion of the stack ----------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A stack of ``resources`` against these ``rates`` (operation -> (per second, burst)),
    CreateModelPackage out for ``outage_seconds`` from the start of the creates, and the retry
    policy ``policy`` (see ``Player``)."""

    resources: int = DEFAULT_RESOURCES
    rates: Mapping[str, tuple[float, float]] = field(default_factory=lambda: dict(DEFAULT_RATES))
    log_delivery: bool = False  # a LoggingConfig on the type (PutLogEvents' rate, if any, in ``rates``)
    outage_seconds: float = 0
    policy: "Policy | None" = None

    def minimum_seconds(self, operation: str, calls: int, outage: float = 0) -> float | None:
        """The least time ``calls`` calls of ``operation`` can take: (N - burst) / rate."""
        if operation not in self.rates or not calls:
            return None
        rate, burst = self.rates[operation]
        return outage + max(0, calls - burst) / rate


def deploy_and_delete(server: Any, pool: Any, scenario: Scenario, *, skip_waits: bool = False) -> dict[str, Any]:
    """The stack created, then deleted, on a local SageMaker emptied first; the figures of both
    phases and the packages left behind. ``skip_waits``: the callback delays skipped, not waited
    (``WallClock``), for tests."""
    control = server.control
    control.reset()
    run = f"load-{uuid.uuid4().hex[:8]}"
    group = env.sagemaker(server.url).create_model_package_group(ModelPackageGroupName=run)
    throttle(control, scenario)
    player = Player(pool, server.url, scenario.policy, WallClock.skipping(control) if skip_waits else None)
    creates = stack(scenario.resources, group["ModelPackageGroupArn"], run)
    if scenario.log_delivery:
        deliver_logs(server, creates, run)
    figures: dict[str, Any] = {"create": measured(server, player, creates)}
    figures["delete"] = measured(server, player, deletes(creates))
    for phase, operation, outage in (
        ("create", "CreateModelPackage", scenario.outage_seconds),
        ("delete", "DeleteModelPackage", 0),
    ):
        minimum = scenario.minimum_seconds(operation, figures[phase]["resources"], outage)
        if minimum:
            figures[phase].update(minimum_s=round(minimum, 1), time_ratio=round(figures[phase]["wall_s"] / minimum, 3))
    figures["left"] = left_behind(server, run)
    return figures


def deliver_logs(server: Any, creates: list[Operation], run: str) -> None:
    """The type's log group (the registration makes it), named in every operation's payload."""
    group = f"/cloudformation/registry/{run}"
    env.client("logs", server.url).create_log_group(logGroupName=group)
    for operation in creates:
        operation.log_group = group


def throttle(control: Any, scenario: Scenario) -> None:
    for operation, (rate, burst) in scenario.rates.items():
        control.rate_limit(operation, rate, burst)
    if scenario.outage_seconds:
        control.outage("CreateModelPackage", scenario.outage_seconds)


def measured(server: Any, player: Player, operations: list[Operation]) -> dict[str, Any]:
    """``operations`` played, with what the local SageMaker saw meanwhile."""
    log = server.app.calls
    before = len(log.list())
    with CallRate(lambda: len(log.list()), player.clock.time) as rate:
        wall = player.play(operations)
    every = log.list()[before:]
    calls = [call for call in every if call["service"] == "sagemaker"]
    figures = phase_figures(operations, calls, wall)
    figures["peak_calls_per_s"] = round(rate.peak(), 1)
    telemetry = [call for call in every if call["service"] in ("logs", "monitoring")]
    if telemetry:
        figures["cloudwatch"] = cloudwatch_figures(operations, telemetry)
    return figures


def cloudwatch_figures(operations: list[Operation], calls: list[dict[str, Any]]) -> dict[str, Any]:
    """Log delivery's and metrics' calls per package, and those throttled."""
    packages = max(1, len(operations))
    return {
        "calls_per_package": {
            name: round(count / packages, 2) for name, count in sorted(Counter(c["operation"] for c in calls).items())
        },
        "throttled_per_package": {
            name: round(count / packages, 2)
            for name, count in sorted(Counter(c["operation"] for c in calls if is_throttled(c)).items())
        },
    }


def left_behind(server: Any, run: str) -> int:
    """Model packages still in the local SageMaker (nothing else was made since its reset),
    counted with the throttle lifted; the group made for the stack deleted after them."""
    for operation in server.control.rate_limits():
        server.control.rate_limit(operation, None)
    client = env.sagemaker(server.url)
    pages = client.get_paginator("list_model_packages").paginate(ModelPackageType="Both")
    left = sum(len(page["ModelPackageSummaryList"]) for page in pages)
    if not left:
        client.delete_model_package_group(ModelPackageGroupName=run)
    return left


# --- the benchmark ----------------------------------------------------------------------------------


def run(
    server: Any,
    resources: int = DEFAULT_RESOURCES,
    workers: int = DEFAULT_WORKERS,
    rates: Mapping[str, tuple[float, float]] = DEFAULT_RATES,
    outage_seconds: float = OUTAGE_SECONDS,
    trials: "Mapping[str, Policy] | None" = None,
    log_rate: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """The stack deployed and deleted under ``rates``, then again with CreateModelPackage out
    for ``outage_seconds`` (0: not), then once more for each retry policy of ``trials``
    (label -> ``Scenario.policy``); with ``log_rate`` (per second, burst), each with log
    delivery through a PutLogEvents throttled at that rate."""
    from aws_sagemaker_modelpackage import retries

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    if log_rate:
        rates = {**rates, "PutLogEvents": log_rate}
    throttled = Scenario(resources, dict(rates), log_delivery=log_rate is not None)
    found: dict[str, Any] = {"resources": resources, "workers": workers, "rates": dict(rates)}
    found["hand_back"] = dataclasses.asdict(retries.DEFAULT.transient)
    with environments(workers) as pool:
        found["throttled"] = deploy_and_delete(server, pool, throttled)
        if outage_seconds:
            outage = dataclasses.replace(throttled, outage_seconds=outage_seconds)
            found["outage"] = {"seconds": outage_seconds, **deploy_and_delete(server, pool, outage)}
        for label, policy in (trials or {}).items():
            trial = dataclasses.replace(throttled, policy=policy)
            found.setdefault("trials", {})[label] = deploy_and_delete(server, pool, trial)
    server.control.reset()
    return found


def parse_trials(text: str) -> "dict[str, Policy]":
    """Trials of ``run`` for the wait of a step handed back after throttling, a 5xx or a network
    failure (``retries.Policy.transient``, a ``Backoff``): ``"cap=30 growth=3,cap=120"``, each
    space-separated item the fields it changes in the default policy's."""
    from aws_sagemaker_modelpackage import retries

    trials = {}
    for item in text.split():
        changes = {name: float(value) for name, value in (change.split("=", 1) for change in item.split(","))}
        transient = dataclasses.replace(retries.DEFAULT.transient, **changes)
        trials[item] = dataclasses.replace(retries.DEFAULT, transient=transient)
    return trials


def flat(found: Mapping[str, Any], prefix: str = "load") -> dict[str, float]:
    """The numbers of ``run``'s answer under dotted keys (``load.throttled.create.wall_s``)."""
    numbers: dict[str, float] = {}
    for key, value in found.items():
        name = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            numbers.update(flat(value, name))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers[name] = value
    return numbers


def parse_rates(text: str) -> dict[str, tuple[float, float]]:
    """The local SageMaker's own notation (``"CreateModelPackage=2/5,..."``: operation=rate/burst,
    see ``local/sagemaker/throttle.py``); "none": no throttling."""
    from local.sagemaker import throttle

    return {} if text.strip().lower() == "none" else throttle.parse_rate_limits(text)


def format_rates(rates: Mapping[str, tuple[float, float]]) -> str:
    return ",".join(f"{operation}={rate:g}/{burst:g}" for operation, (rate, burst) in rates.items()) or "none"


def report(found: Mapping[str, Any]) -> str:
    """Each scenario's phases side by side, the trials' trade-off, and the targets."""
    scenarios = {"throttled": found["throttled"], **({"outage": found["outage"]} if "outage" in found else {})}
    lines = [f"a stack of {found['resources']} packages, {found['workers']} workers, {format_rates(found['rates'])}"]
    for name, figures in scenarios.items():
        title = f"{name} ({figures['seconds']:g} s CreateModelPackage outage)" if name == "outage" else name
        lines += ["", title, *_columns(_phase_rows(figures))]
    if found.get("trials"):
        lines += ["", "retry policy trials (time ratio against calls per package)", *_columns(_trial_rows(found))]
    lines += ["", *_columns([("target", "value", "met"), *targets(found)])]
    return "\n".join(lines)


def _phase_rows(figures: Mapping[str, Any]) -> list[tuple[str, ...]]:
    create, delete = figures["create"], figures["delete"]
    rows: list[tuple[str, ...]] = [("", "create", "delete")]
    rows.append(("succeeded", *(f"{p['succeeded']}/{p['resources']}" for p in (create, delete))))
    rows.append(("failed", *(_codes(p["failed"]) for p in (create, delete))))
    rows.append(("wall s (minimum)", *(f"{p['wall_s']:g} ({p.get('minimum_s', '-')})" for p in (create, delete))))
    rows.append(("time ratio", *(f"{p.get('time_ratio', '-')}" for p in (create, delete))))
    for operation in sorted({*create["calls_per_package"], *delete["calls_per_package"]}):
        rows.append(
            (f"{operation} /package", *(f"{p['calls_per_package'].get(operation, 0):g}" for p in (create, delete)))
        )
    for key in ("throttled_per_package", "invocations_per_package", "peak_calls_per_s", "longest_invocation_s"):
        rows.append((key.replace("_", " "), *(f"{p[key]:g}" for p in (create, delete))))
    rows.append(("left in the local SageMaker", str(figures["left"]), ""))
    for key in ("calls_per_package", "throttled_per_package"):
        names = sorted({*create.get("cloudwatch", {}).get(key, {}), *delete.get("cloudwatch", {}).get(key, {})})
        label = "throttled /package" if key == "throttled_per_package" else "/package"
        for name in names:
            counts = (f"{p.get('cloudwatch', {}).get(key, {}).get(name, 0):g}" for p in (create, delete))
            rows.append((f"{name} {label}", *counts))
    return rows


def _trial_rows(found: Mapping[str, Any]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        ("policy", "create ratio", "Create /pkg", "delete ratio", "Delete /pkg", "throttled /pkg", "longest s", "ok")
    ]
    default = ",".join(f"{key}={value:g}" for key, value in found["hand_back"].items()) + " (default)"
    for label, figures in {default: found["throttled"], **found["trials"]}.items():
        create, delete = figures["create"], figures["delete"]
        rows.append(
            (
                label,
                f"{create.get('time_ratio', '-')}",
                f"{create['calls_per_package'].get('CreateModelPackage', 0):g}",
                f"{delete.get('time_ratio', '-')}",
                f"{delete['calls_per_package'].get('DeleteModelPackage', 0):g}",
                f"{create['throttled_per_package'] + delete['throttled_per_package']:g}",
                f"{max(create['longest_invocation_s'], delete['longest_invocation_s']):g}",
                f"{create['succeeded']}+{delete['succeeded']}/{2 * create['resources']}, left {figures['left']}",
            )
        )
    return rows


def targets(found: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """The scale targets: every package made and deleted, nothing left, creates within twice the
    throttled minimum, at most 4 create and 4 delete calls per package, every create of the
    outage made, no invocation near the 60 s contract."""
    throttled, resources = found["throttled"], found["resources"]
    checks = [
        ("created", throttled["create"]["succeeded"], "==", resources),
        ("deleted", throttled["delete"]["succeeded"], "==", resources),
        ("left in the local SageMaker", throttled["left"], "==", 0),
        ("CreateModelPackage /package", throttled["create"]["calls_per_package"].get("CreateModelPackage", 0), "<=", 4),
        ("DeleteModelPackage /package", throttled["delete"]["calls_per_package"].get("DeleteModelPackage", 0), "<=", 4),
    ]
    if "time_ratio" in throttled["create"]:
        checks.append(("create time ratio", throttled["create"]["time_ratio"], "<=", 2))
    if "outage" in found:
        checks.append(("created through the outage", found["outage"]["create"]["succeeded"], "==", resources))
    scenarios = [throttled, found.get("outage"), *(found.get("trials") or {}).values()]
    phases = [figures[phase] for figures in scenarios if figures for phase in ("create", "delete")]
    checks.append(("longest invocation s", max(p["longest_invocation_s"] for p in phases), "<", CONTRACT_SECONDS))
    return [
        (f"{name} {relation} {bound:g}", f"{value:g}", _yes(RELATIONS[relation](value, bound)))
        for name, value, relation, bound in checks
    ]


RELATIONS: dict[str, Callable[[float, float], bool]] = {"==": operator.eq, "<=": operator.le, "<": operator.lt}


def _yes(met: bool) -> str:
    return "yes" if met else "NO"


def _codes(failed: Mapping[str, int]) -> str:
    return ", ".join(f"{code} {count}" for code, count in failed.items()) or "-"


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
