"""Log delivery through the entrypoint (``log_delivery.py``), with CloudWatch Logs and CloudWatch
stubbed: an invocation's lines go in one PutLogEvents as it ends, to its own resource's stream,
and nothing delivery meets changes the invocation's answer; a failure is one line on standard
error with a count."""

import logging

import botocore.session
import pytest
from botocore.exceptions import EndpointConnectionError, NoRegionError
from botocore.stub import ANY, Stubber
from cloudformation_cli_python_lib.log_delivery import ProviderLogHandler

from aws_sagemaker_modelpackage import client as clients
from aws_sagemaker_modelpackage import log_delivery
from aws_sagemaker_modelpackage.handlers import resource
from local.invoke import STACK_ID, event
from tests.unit.stubbing import ACCOUNT, REGION, VERSION_ARN, version_description

GROUP = "/cloudformation/registry/aws-sagemaker-modelpackage"
STREAM = STACK_ID.replace(":", "__") + "/ModelPackage"
PROVIDER = {"accessKeyId": "AKIAPROVIDER00000000", "secretAccessKey": "provider-secret", "sessionToken": "p-token"}


class Telemetry:
    """Stubbed logs and cloudwatch clients, made once: what ``ProviderSession`` hands the library."""

    def __init__(self):
        session = botocore.session.get_session()
        made = {
            name: session.create_client(
                name, region_name=REGION, aws_access_key_id="a", aws_secret_access_key="b", config=log_delivery.CONFIG
            )
            for name in ("logs", "cloudwatch")
        }
        self.logs, self.cloudwatch = made["logs"], made["cloudwatch"]
        self.stubbers = {name: Stubber(client) for name, client in made.items()}
        self.asked = []

    def client(self, service, access_key, secret_key, token, region, *_environment):
        self.asked.append((service, access_key, region))
        return {"logs": self.logs, "cloudwatch": self.cloudwatch}[service]

    def metrics(self, times=2):
        for _ in range(times):
            self.stubbers["cloudwatch"].add_response("put_metric_data", {}, {"Namespace": ANY, "MetricData": ANY})

    def put(self, stream=STREAM, lines=None, error=None):
        expected = {"logGroupName": GROUP, "logStreamName": stream, "logEvents": ANY if lines is None else lines}
        if error:
            self.stubbers["logs"].add_client_error(
                "put_log_events", error, f"{error} here", 400, expected_params=expected
            )
        else:
            self.stubbers["logs"].add_response("put_log_events", {"nextSequenceToken": "1"}, expected)


@pytest.fixture
def telemetry(monkeypatch):
    stubbed = Telemetry()
    monkeypatch.setattr(log_delivery, "_client", stubbed.client)
    with stubbed.stubbers["logs"], stubbed.stubbers["cloudwatch"]:
        yield stubbed
        for stubber in stubbed.stubbers.values():
            stubber.assert_no_pending_responses()


@pytest.fixture
def sagemaker(api, monkeypatch):
    """SageMaker stubbed; each READ of the version describes it once."""
    monkeypatch.setattr(clients, "sagemaker", lambda session, region=None, policy=None: api.client)

    def describe(times=1):
        for _ in range(times):
            api.respond("describe_model_package", version_description(), {"ModelPackageName": VERSION_ARN})

    return describe


def logged_read(**request_args):
    """A READ payload whose type has a LoggingConfig."""
    payload = event("READ", {"ModelPackageArn": VERSION_ARN}, **request_args)
    payload["requestData"].update(providerLogGroupName=GROUP, providerCredentials=PROVIDER)
    return payload


def baseline(sagemaker):
    """The same READ without log delivery: the answer delivery must not change."""
    sagemaker()
    return resource(event("READ", {"ModelPackageArn": VERSION_ARN}), None)


def test_an_invocation_s_lines_go_in_one_put_log_events_to_its_stream(telemetry, sagemaker, capsys):
    expected = baseline(sagemaker)
    sagemaker()
    telemetry.metrics()
    telemetry.put(
        lines=[
            {"timestamp": ANY, "message": f"READ {VERSION_ARN}: {step}"}
            for step in ("require_arn -> ok", "read_back -> SUCCESS")
        ]
    )

    assert resource(logged_read(), None) == expected
    assert capsys.readouterr().err == ""
    assert {service for service, *_ in telemetry.asked} == {"logs", "cloudwatch"}
    assert {(key, region) for _, key, region in telemetry.asked} == {(PROVIDER["accessKeyId"], REGION)}


def test_the_library_adds_no_handler_of_its_own_in_a_warm_process(telemetry, sagemaker):
    for _ in range(3):
        sagemaker()
        telemetry.metrics()
        telemetry.put()
        resource(logged_read(), None)
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, ProviderLogHandler)]
    assert [type(h) for h in handlers] == [log_delivery.DeliveringHandler]


def test_each_resource_s_lines_go_to_its_own_stream_in_a_warm_process(telemetry, sagemaker):
    other_stack = STACK_ID.replace("local-stack", "other-stack")
    for stack, logical_id in ((STACK_ID, "First"), (other_stack, "Second"), (STACK_ID, "First")):
        sagemaker()
        telemetry.metrics()
        telemetry.put(stream=f"{stack}/{logical_id}".replace(":", "__"))
        resource(logged_read(stack_id=stack, logical_id=logical_id), None)


def test_without_a_stack_the_stream_is_the_library_s_account_and_region(telemetry, sagemaker):
    sagemaker()
    telemetry.metrics()
    telemetry.put(stream=f"{ACCOUNT}-{REGION}")
    resource(logged_read(stack_id=None, logical_id=None), None)


@pytest.mark.parametrize("code", ["ThrottlingException", "AccessDeniedException", "ServiceUnavailableException"])
def test_a_refused_delivery_changes_nothing_and_is_one_line_on_standard_error(telemetry, sagemaker, capsys, code):
    expected = baseline(sagemaker)
    sagemaker()
    telemetry.metrics()
    telemetry.put(error=code)

    assert resource(logged_read(), None) == expected
    err = capsys.readouterr().err.splitlines()
    assert err == [f"log delivery to {GROUP} {STREAM}: 2 of 2 lines not delivered ({code})"]


def test_a_missing_stream_is_created_and_the_batch_sent_again(telemetry, sagemaker, capsys):
    sagemaker()
    telemetry.metrics()
    telemetry.stubbers["logs"].add_client_error(
        "put_log_events", "ResourceNotFoundException", "The specified log stream does not exist.", 400
    )
    telemetry.stubbers["logs"].add_response("create_log_stream", {}, {"logGroupName": GROUP, "logStreamName": STREAM})
    telemetry.put()

    assert resource(logged_read(), None)["status"] == "SUCCESS"
    assert capsys.readouterr().err == ""


def test_a_missing_group_is_created_if_the_role_may(telemetry, sagemaker, capsys):
    sagemaker(2)
    telemetry.metrics(4)
    logs = telemetry.stubbers["logs"]
    missing = ("put_log_events", "ResourceNotFoundException", "The specified log group does not exist.", 400)
    logs.add_client_error(*missing)
    logs.add_response("create_log_group", {}, {"logGroupName": GROUP})
    logs.add_response("create_log_stream", {}, {"logGroupName": GROUP, "logStreamName": STREAM})
    telemetry.put()
    assert resource(logged_read(), None)["status"] == "SUCCESS"
    logs.add_client_error(*missing)
    logs.add_client_error("create_log_group", "AccessDeniedException", "not authorized", 400)

    assert resource(logged_read(), None)["status"] == "SUCCESS"
    assert capsys.readouterr().err.splitlines() == [
        f"log delivery to {GROUP} {STREAM}: 2 of 2 lines not delivered (AccessDeniedException)"
    ]


def test_delivery_stops_when_its_time_is_up(telemetry, sagemaker, capsys, monkeypatch):
    monkeypatch.setattr(log_delivery, "DELIVERY_SECONDS", -1)
    sagemaker()
    telemetry.metrics()
    telemetry.stubbers["logs"].add_client_error(
        "put_log_events", "ResourceNotFoundException", "The specified log stream does not exist.", 400
    )

    assert resource(logged_read(), None)["status"] == "SUCCESS"
    assert "2 of 2 lines not delivered (TimeoutError)" in capsys.readouterr().err


def test_a_network_failure_of_logs_or_metrics_changes_nothing(telemetry, sagemaker, capsys, monkeypatch):
    expected = baseline(sagemaker)
    sagemaker()

    def unreachable(**_):
        raise EndpointConnectionError(endpoint_url="https://logs.example")

    monkeypatch.setattr(telemetry.logs, "put_log_events", unreachable)
    monkeypatch.setattr(telemetry.cloudwatch, "put_metric_data", unreachable)

    assert resource(logged_read(), None) == expected
    assert capsys.readouterr().err.splitlines() == [
        f"log delivery to {GROUP} {STREAM}: 2 cloudwatch calls not sent (EndpointConnectionError); "
        "2 of 2 lines not delivered (EndpointConnectionError)"
    ]


def test_lines_over_one_batch_s_limits_are_left_out_and_counted(telemetry, sagemaker, capsys, monkeypatch):
    monkeypatch.setattr(log_delivery, "MAX_EVENTS", 1)
    sagemaker()
    telemetry.metrics()
    telemetry.put(lines=[{"timestamp": ANY, "message": f"READ {VERSION_ARN}: require_arn -> ok"}])

    resource(logged_read(), None)

    assert capsys.readouterr().err.splitlines() == [
        f"log delivery to {GROUP} {STREAM}: 1 lines left out (over one PutLogEvents' limits)"
    ]


def test_without_a_log_group_or_provider_credentials_nothing_is_delivered(telemetry, sagemaker, capsys):
    sagemaker(2)
    without_group = logged_read()
    del without_group["requestData"]["providerLogGroupName"]
    without_credentials = logged_read()
    del without_credentials["requestData"]["providerCredentials"]

    assert resource(without_group, None)["status"] == "SUCCESS"
    assert resource(without_credentials, None)["status"] == "SUCCESS"
    assert telemetry.asked == []
    assert capsys.readouterr().err == ""


def test_lines_outside_an_invocation_are_not_kept(telemetry, sagemaker):
    sagemaker()
    telemetry.metrics()
    telemetry.put(lines=[{"timestamp": ANY, "message": ANY}] * 2)
    logging.getLogger("aws_sagemaker_modelpackage.elsewhere").warning("between invocations")
    resource(logged_read(), None)
    logging.getLogger("aws_sagemaker_modelpackage.elsewhere").warning("after the invocation")


def test_telemetry_clients_that_cannot_be_made_change_nothing(sagemaker, capsys, monkeypatch):
    expected = baseline(sagemaker)
    sagemaker()

    def cannot(*_args):
        raise NoRegionError()

    monkeypatch.setattr(log_delivery, "_client", cannot)

    assert resource(logged_read(), None) == expected
    assert capsys.readouterr().err.splitlines() == [
        f"log delivery to {GROUP} {STREAM}: 1 logs client not made (NoRegionError); "
        "2 cloudwatch calls not sent (NoRegionError)"
    ]
