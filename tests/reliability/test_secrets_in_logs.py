"""No secrets in logs: with DEBUG logging on, no log line, nothing printed, no line delivered to
the type's log group and no progress-event message holds the caller's (or the log delivery's)
access key, secret key, session token or the ModelCardContent."""

import logging

import boto3
import pytest

from local import invoke
from tests.reliability.reliability_support import drive
from tests.support.templates import GROUP, unversioned, versioned

CARD = '{"model_overview": {"model_description": "confidential-card-4b1d"}}'
CARD_2 = '{"model_overview": {"model_description": "confidential-card-9e7f"}}'
SECRETS = [
    invoke.FAKE_CREDENTIALS["accessKeyId"],
    invoke.FAKE_CREDENTIALS["secretAccessKey"],
    invoke.FAKE_CREDENTIALS["sessionToken"],
    *invoke.PROVIDER_CREDENTIALS.values(),
    "confidential-card-4b1d",
    "confidential-card-9e7f",
]


class Everything(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(logging.Formatter("%(name)s %(levelname)s %(message)s").format(record))


@pytest.fixture
def debug_logs():
    handler, root = Everything(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(level)


LOG_GROUP = "/cloudformation/registry/secrets"


def _scenarios(server, sm):
    events = []
    sm.create_model_package_group(ModelPackageGroupName=GROUP)
    logs = boto3.client(
        "logs", endpoint_url=server.url, region_name=invoke.REGION, aws_access_key_id="t", aws_secret_access_key="t"
    )
    logs.create_log_group(logGroupName=LOG_GROUP)
    card = {"ModelCardContent": CARD, "ModelCardStatus": "Draft"}
    events += drive(
        server,
        "CREATE",
        unversioned("secret", ModelCard=card, Tags=[{"Key": "a", "Value": "b"}]),
        log_group=LOG_GROUP,
    )
    arn = events[-1]["resourceModel"]["ModelPackageArn"]
    previous = unversioned("secret", ModelCard=card, Tags=[{"Key": "a", "Value": "b"}], ModelPackageArn=arn)
    desired = dict(previous, ModelCard={"ModelCardContent": CARD_2, "ModelCardStatus": "Draft"})
    # SageMaker echoing the content in a refusal
    server.control.inject(
        "UpdateModelPackage", "ValidationException", 400, f"Invalid ModelCardContent: {CARD_2}", times=1
    )
    events += drive(server, "UPDATE", desired, previous=previous)
    assert events[-1]["errorCode"] == "InvalidRequest", events[-1]
    events += drive(server, "UPDATE", desired, previous=previous)
    events += drive(server, "READ", {"ModelPackageArn": arn})
    # faults, a schema error next to the content, an API rule, an access refusal, a failed package
    server.control.inject("DescribeModelPackage", "ThrottlingException", 400, "Rate exceeded", times=2)
    events += drive(server, "READ", {"ModelPackageArn": arn})
    events += drive(
        server, "CREATE", unversioned("secret-2", ModelCard={"ModelCardContent": CARD, "ModelCardStatus": "Final"})
    )
    events += drive(server, "CREATE", versioned(ModelCard=card, Tags=[{"Key": "a", "Value": "b"}]))
    server.control.inject("CreateModelPackage", "AccessDeniedException", 400, "not authorized", times=1)
    events += drive(server, "CREATE", versioned(ModelCard=card), request_token="secret-denied")
    server.control.fail_matching("secret-3", validation_reasons=["bad image"])
    events += drive(server, "CREATE", unversioned("secret-3", ModelCard=card), request_token="secret-3")
    server.control.drop_connection("DeleteModelPackage", times=2)
    server.control.inject("PutLogEvents", "ThrottlingException", 400, "Rate exceeded", times=1)
    events += drive(server, "DELETE", {"ModelPackageArn": arn}, log_group=LOG_GROUP)
    events += drive(server, "LIST", {})
    return events


def test_no_credentials_or_model_card_content_in_logs_or_messages(instant, sm, debug_logs, capsys, record_property):
    events = _scenarios(instant, sm)

    printed = capsys.readouterr()
    delivered = [
        call["params"]["logEvents"]
        for call in instant.control.calls(service="logs")
        if call["operation"] == "PutLogEvents"
    ]
    lines = debug_logs + printed.out.splitlines() + printed.err.splitlines()
    assert len(delivered) >= 2  # the create's, and the delete's after its throttled first delivery
    lines += [event["message"] for batch in delivered for event in batch]
    assert any("log delivery" in line for line in printed.err.splitlines())  # the throttled delivery's note
    messages = [e.get("message") or "" for e in events]
    assert len(lines) > 20 and any("FAILED" in e["status"] for e in events)
    leaks = [(secret, line) for secret in SECRETS for line in lines + messages if secret in line]
    assert leaks == []
    record_property("secret_scenarios", len(events))
    record_property("log_lines_checked", len(lines) + len(messages))
