"""One warm process (as Lambda reuses an execution environment) serving invocation after
invocation: credentials A, B and C in turn, two regions, two resources alternately. Every request
on the wire (the local SageMaker records each one's access key and region) is signed with its
own invocation's credentials and region: the caller's for SageMaker, the provider's for log
delivery and metrics; each invocation's log lines go to its own resource's stream; nothing of
one invocation shows in another."""

import time
from typing import Any

import boto3

from local import invoke
from local.clock import Clock
from tests.reliability.platform_scenarios import SLOW
from tests.reliability.reliability_support import drive
from tests.support.sagemaker import packages
from tests.support.templates import unversioned

LOG_GROUP = "/cloudformation/registry/warm"
WEST = "us-west-2"


def credentials(name: str) -> dict[str, str]:
    return {"accessKeyId": f"AKIA{name}", "secretAccessKey": f"secret-{name}", "sessionToken": f"token-{name}"}


CALLERS = [credentials(name) for name in ("CALLERA", "CALLERB", "CALLERC")]
PROVIDERS = [credentials(name) for name in ("PROVIDERA", "PROVIDERB", "PROVIDERC")]


def logs(server: Any, region: str = invoke.REGION) -> Any:
    client = boto3.client(
        "logs", endpoint_url=server.url, region_name=region, aws_access_key_id="t", aws_secret_access_key="t"
    )
    client.create_log_group(logGroupName=LOG_GROUP)
    return client


def sagemaker_in(server: Any, region: str) -> Any:
    return boto3.client(
        "sagemaker", endpoint_url=server.url, region_name=region, aws_access_key_id="t", aws_secret_access_key="t"
    )


class Invocations:
    """For each invocation ``drive`` makes (its ``on_event``): the arguments ``each`` gave it, and
    its calls on the wire."""

    def __init__(self, server: Any, each: Any):
        self.server, self.each = server, each
        self.seen = len(server.control.calls(None))
        self.invocations: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []

    def __call__(self, number: int, _progress: dict[str, Any]) -> None:
        every = self.server.control.calls(None)
        self.invocations.append((self.each(number), every[self.seen :]))
        self.seen = len(every)


def signed_by(calls: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    """(service, access key, region) of each call."""
    return {(call["service"], call["access_key"], call["region"]) for call in calls}


def test_credentials_a_b_c_in_turn_sign_each_invocation_s_own_calls(server, sm, record_property):
    server.control.configure(**SLOW)
    logs(server)

    def each(number: int) -> dict[str, Any]:
        turn = (number - 1) % 3
        return {"credentials": CALLERS[turn], "provider_credentials": PROVIDERS[turn]}

    seen = Invocations(server, each)
    created = unversioned("warm", Tags=[{"Key": "a", "Value": "1"}])
    final = drive(server, "CREATE", created, log_group=LOG_GROUP, each=each, on_event=seen)[-1]
    created["ModelPackageArn"] = final["resourceModel"]["ModelPackageArn"]
    updated = dict(created, Tags=[{"Key": "b", "Value": "2"}])
    for action, properties, previous in (
        ("UPDATE", updated, created),
        ("DELETE", {"ModelPackageArn": created["ModelPackageArn"]}, None),
    ):
        events = drive(server, action, properties, previous=previous, log_group=LOG_GROUP, each=each, on_event=seen)
        assert events[-1]["status"] == "SUCCESS", events[-1]

    for own, calls in seen.invocations:
        caller, provider = own["credentials"]["accessKeyId"], own["provider_credentials"]["accessKeyId"]
        assert signed_by(calls) == {
            ("sagemaker", caller, invoke.REGION),
            ("logs", provider, invoke.REGION),
            ("monitoring", provider, invoke.REGION),
        }, calls
    assert len(seen.invocations) >= 6 and packages(sm) == []
    record_property("platform", "warm process, credentials A, B, C in turn: each call signed by its own")


def alternately(server: Any, operations: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[tuple[int, list]]]:
    """Each operation (``invoke.event``'s arguments, ``action`` and ``properties`` among them) one
    invocation at a time, in turn, as one warm process serves them, until all have ended;
    CloudFormation's waits played on the simulated clock. The final events, and (operation, the
    calls on the wire) for each invocation."""
    finals: list[dict[str, Any] | None] = [None] * len(operations)
    contexts: list[Any] = [None] * len(operations)
    served: list[tuple[int, list]] = []
    with Clock(time.time(), control=server.control).installed() as clock:
        while any(final is None for final in finals):
            delays = []
            for index, operation in enumerate(operations):
                if finals[index] is not None:
                    continue
                before = len(server.control.calls(None))
                progress = invoke.invoke(invoke.event(callback_context=contexts[index], **operation))
                served.append((index, server.control.calls(None)[before:]))
                if progress["status"] == "IN_PROGRESS":
                    contexts[index] = progress["callbackContext"]
                    delays.append(progress["callbackDelaySeconds"])
                else:
                    finals[index] = progress
            clock.sleep(max(delays, default=0))
    return [final for final in finals if final is not None], served


def test_two_regions_in_turn_each_call_in_its_invocation_s_region(server, record_property):
    server.control.configure(**SLOW)
    operations = [
        {"action": "CREATE", "properties": unversioned("warm"), "region": region, "log_group": LOG_GROUP}
        for region in (invoke.REGION, WEST)
    ]
    logs(server), logs(server, WEST)

    finals, served = alternately(server, operations)

    assert [f["status"] for f in finals] == ["SUCCESS", "SUCCESS"], finals
    arns = [f["resourceModel"]["ModelPackageArn"] for f in finals]
    assert arns == [f"arn:aws:sagemaker:{region}:123456789012:model-package/warm" for region in (invoke.REGION, WEST)]
    for index, calls in served:
        assert {call["region"] for call in calls} == {operations[index]["region"]}, calls
    assert len({index for index, _ in served[:4]}) == 2  # the regions really took turns
    for region, arn in zip((invoke.REGION, WEST), arns, strict=True):
        assert [p["ModelPackageArn"] for p in packages(sagemaker_in(server, region))] == [arn]
    record_property("platform", "warm process, two regions in turn: each call in its own region")


def test_two_resources_in_turn_each_logs_to_its_own_stream(server, sm, record_property):
    server.control.configure(**SLOW)
    logs_client = logs(server)
    other_stack = invoke.STACK_ID.replace("local-stack", "other-stack")
    operations = [
        {"action": "CREATE", "properties": unversioned(name), "stack_id": stack, "logical_id": logical_id}
        | {"log_group": LOG_GROUP}
        for name, stack, logical_id in (("first", invoke.STACK_ID, "First"), ("second", other_stack, "Second"))
    ]

    finals, served = alternately(server, operations)

    assert [f["status"] for f in finals] == ["SUCCESS", "SUCCESS"], finals
    streams = [f"{op['stack_id']}/{op['logical_id']}".replace(":", "__") for op in operations]
    for index, calls in served:
        puts = [call for call in calls if call["operation"] == "PutLogEvents"]
        assert puts and {put["params"]["logStreamName"] for put in puts} == {streams[index]}, calls
    for index, (stream, final) in enumerate(zip(streams, finals, strict=True)):
        lines = [
            e["message"] for e in logs_client.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream)["events"]
        ]
        own, other = final["resourceModel"]["ModelPackageName"], finals[1 - index]["resourceModel"]["ModelPackageName"]
        assert lines and all(f"/{own}:" in line or f" {own}:" in line for line in lines), lines
        assert not any(f"/{other}:" in line or f" {other}:" in line for line in lines), lines
    assert len(packages(sm)) == 2
    record_property("platform", "warm process, two resources in turn: each invocation's lines in its own stream")
