"""retries.py: the one delay formula (``Backoff``) behind hand-backs, the group wait and the
polls; one record of when each wait began; the policy as a value the chains are given."""

from dataclasses import replace

from cloudformation_cli_python_lib import OperationStatus

from aws_sagemaker_modelpackage import retries
from aws_sagemaker_modelpackage.context import CallbackContext
from aws_sagemaker_modelpackage.handlers import create_handler, resource
from aws_sagemaker_modelpackage.retries import Backoff
from local.clock import START
from tests.support.templates import NAME, inference_spec, unversioned
from tests.unit.stubbing import ARN, SENT_TOKEN, TOKEN, description, request


def test_the_window_grows_with_the_time_waited_within_its_bounds():
    backoff = Backoff(first=4, cap=60, budget=1800)
    assert [backoff.window(waited) for waited in (0, 3, 4, 10, 59, 500)] == [4, 4, 4, 10, 59, 60]


def test_full_jitter_draws_anywhere_in_the_window_but_never_under_a_second():
    backoff = Backoff(first=4, cap=60, budget=1800, jitter=1.0)
    assert [backoff.delay(40, draw) for draw in (0.0, 0.01, 0.5, 1.0)] == [1, 1, 20, 40]


def test_a_partial_jitter_never_polls_sooner_than_its_floor():
    """The policy's ``poll`` draws from the window's upper half: at 100 s waited, 10 to 20 s."""
    assert [retries.DEFAULT.poll.delay(100, draw) for draw in (0.0, 0.5, 1.0)] == [10, 15, 20]


def test_the_last_attempt_is_at_the_budgets_end_and_then_it_is_spent():
    backoff = retries.DEFAULT.transient
    assert backoff.delay(retries.RETRY_BUDGET_SECONDS - 7, 1.0) == 7
    assert backoff.delay(retries.RETRY_BUDGET_SECONDS, 1.0) is None


def test_retries_and_polls_are_timed_in_one_record_from_when_each_began():
    context = CallbackContext()

    retries.next_wait(context, "create_package/transient", retries.DEFAULT.transient, START, 1.0)
    later = retries.next_wait(context, "create_package/transient", retries.DEFAULT.transient, START + 30, 1.0)
    polled = retries.poll(context, retries.DEFAULT.poll, START + 40, 1.0)

    assert context.retrying == {"create_package/transient": START, "poll": START + 40}
    assert (later.waited, later.delay) == (30, 60)  # the window twice the time waited
    assert (polled.waited, polled.delay) == (0, 1)


def test_a_context_of_the_previous_provider_version_keeps_its_polls_start():
    """Before retries and polls shared one record, a poll's start was ``waiting_since``."""
    loaded = CallbackContext.load({"arn": ARN, "done": ["create_package"], "waiting_since": START - 100})

    assert loaded.retrying == {"poll": START - 100}
    assert "waiting_since" not in loaded.dump()


def test_the_chains_decide_with_the_policy_the_entrypoint_holds(api, monkeypatch):
    """The policy is a value given to each chain: another one, held where the entrypoint holds
    it, changes the delays and nothing else."""
    short = replace(
        retries.DEFAULT, transient=Backoff(first=3, cap=3, budget=600), poll=Backoff(first=5, cap=5, budget=60)
    )
    monkeypatch.setattr(resource, "policy", short)
    params = {"ModelPackageName": NAME, "InferenceSpecification": inference_spec(), "ClientToken": SENT_TOKEN}
    api.fail("create_model_package", "ThrottlingException", "Rate exceeded", params)
    api.respond("create_model_package", {"ModelPackageArn": ARN}, params)
    api.respond("describe_model_package", description(status="Pending"), {"ModelPackageName": ARN})

    throttled = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})
    polling = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), throttled.callbackContext)

    assert (throttled.status, throttled.callbackDelaySeconds) == (OperationStatus.IN_PROGRESS, 3)
    assert (polling.status, polling.callbackDelaySeconds) == (OperationStatus.IN_PROGRESS, 5)
