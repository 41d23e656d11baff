"""Log delivery (a LoggingConfig on the type) meeting what CloudWatch Logs answers under load or
misconfiguration: PutLogEvents throttled or denied, the log group missing (and the logging role
not allowed to create it), the network down for the rest of the invocation. On the wire, through
the local server's CloudWatch Logs. Every operation's outcome is what it is without log delivery;
each failed delivery is one line on standard error, with a count; and each invocation sends its
lines in one PutLogEvents."""

import boto3
import pytest

from local import invoke
from tests.reliability.platform_scenarios import CREATES, DELETES, UPDATES
from tests.reliability.test_lost_answers import run
from tests.support.fixtures import answer_open_questions_permissively

LOG_GROUP = "/cloudformation/registry/aws-sagemaker-modelpackage"
SCENARIOS = {**CREATES, **UPDATES, "delete-unversioned": DELETES["delete-unversioned"]}
DENIED = "User: arn:aws:sts::123456789012:assumed-role/logging/x is not authorized to perform: logs:{}"


def _throttled(logs):
    logs.create_log_group()
    logs.control.outage("PutLogEvents", 3600)


def _denied(logs):
    logs.create_log_group()
    logs.control.inject("PutLogEvents", "AccessDeniedException", 400, DENIED.format("PutLogEvents"), times=1000)


def _missing_group(logs):
    logs.control.inject("CreateLogGroup", "AccessDeniedException", 400, DENIED.format("CreateLogGroup"), times=1000)


# fault -> (how it is set up, the error each invocation's note names)
FAULTS = {
    "throttled": (_throttled, "ThrottlingException"),
    "denied": (_denied, "AccessDeniedException"),
    "missing-group": (_missing_group, "AccessDeniedException"),
}


class Logs:
    """The local server's CloudWatch Logs as these tests use it."""

    def __init__(self, server):
        self.server = server
        self.control = server.control
        self.client = boto3.client(
            "logs", endpoint_url=server.url, region_name=invoke.REGION, aws_access_key_id="t", aws_secret_access_key="t"
        )

    def create_log_group(self):
        self.client.create_log_group(logGroupName=LOG_GROUP)

    def lines(self):
        streams = self.client.describe_log_streams(logGroupName=LOG_GROUP)["logStreams"]
        return {
            s["logStreamName"]: [
                e["message"]
                for e in self.client.get_log_events(logGroupName=LOG_GROUP, logStreamName=s["logStreamName"])["events"]
            ]
            for s in streams
        }


def _outcome(events):
    """What CloudFormation sees, less the times SageMaker stamps."""
    moments = {"CreationTime", "LastModifiedTime"}
    return [
        (e["status"], e.get("errorCode"), {k: v for k, v in (e.get("resourceModel") or {}).items() if k not in moments})
        for e in events
    ]


def _fresh(server, request):
    """The local SageMaker as this suite's fixtures left it, after a reset between two runs."""
    server.control.reset()
    server.control.freeze()
    server.control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
    answer_open_questions_permissively(request)


def _without_and_with_logging(server, sm, request, scenario, arm=lambda: None, fault=lambda: None):
    """The scenario's events without log delivery, then with it (``fault`` set up first), each
    from a fresh local SageMaker; and the calls of the second run."""
    without, _ = run(server, sm, scenario, arm=arm)
    _fresh(server, request)
    fault()
    with_logging, calls = run(server, sm, scenario, arm=arm, log_group=LOG_GROUP)
    return without, with_logging, calls


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_delivered_lines_go_in_one_put_log_events_per_invocation(instant, sm, name, request, capsys):
    scenario, logs = SCENARIOS[name], Logs(instant)

    without, delivered, calls = _without_and_with_logging(
        instant, sm, request, scenario, fault=lambda: logs.create_log_group()
    )

    assert _outcome(delivered) == _outcome(without)
    puts = [call for call in calls if call["operation"] == "PutLogEvents"]
    assert len(puts) == len(delivered) + 1, calls  # one per invocation, and one again after creating the stream
    assert [call["operation"] for call in calls if call["service"] == "logs"] == [
        "PutLogEvents",
        "CreateLogStream",
        *["PutLogEvents"] * len(delivered),
    ]
    stream = f"{invoke.STACK_ID}/ModelPackage".replace(":", "__")
    lines = logs.lines()
    assert list(lines) == [stream] and len(lines[stream]) >= 2 * len(delivered)
    assert f"{scenario.action} " in lines[stream][0]
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_failing_delivery_leaves_the_outcome_unchanged(instant, sm, name, fault, request, capsys, record_property):
    scenario, logs = SCENARIOS[name], Logs(instant)
    set_up, code = FAULTS[fault]

    without, with_logging, _ = _without_and_with_logging(instant, sm, request, scenario, fault=lambda: set_up(logs))

    assert _outcome(with_logging) == _outcome(without)
    scenario.check(sm, with_logging[-1])
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("log delivery")]
    assert len(notes) == len(with_logging), notes  # one line per invocation, with a count
    assert all(line.endswith(f"lines not delivered ({code})") for line in notes), notes
    record_property("platform", f"log delivery {fault}: outcome unchanged")


@pytest.mark.parametrize("name", [*CREATES, *UPDATES])  # a delete's lost answer: test_lost_answers.py
def test_the_network_down_for_the_rest_of_an_invocation_leaves_the_outcome_unchanged(
    instant, sm, name, request, capsys, record_property
):
    """The first write's answer is lost with the network down: the handler hands back, and its
    log lines cannot be delivered either; the next invocation finishes and delivers its own."""
    scenario, logs = SCENARIOS[name], Logs(instant)

    without, with_logging, calls = _without_and_with_logging(
        instant,
        sm,
        request,
        scenario,
        arm=lambda: instant.control.lose_answer(1, "down"),
        fault=lambda: logs.create_log_group(),
    )

    assert [e["status"] for e in without] == ["IN_PROGRESS", "SUCCESS"], without
    assert _outcome(with_logging) == _outcome(without)
    scenario.check(sm, with_logging[-1])
    assert next(c["fault"] for c in calls if c["operation"] == "PutLogEvents") == "network-down"
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("log delivery")]
    assert len(notes) == 1 and "lines not delivered (ConnectionClosedError)" in notes[0], notes
    assert len(logs.lines()) == 1  # the second invocation's lines
    record_property("platform", "log delivery, network down: outcome unchanged")
