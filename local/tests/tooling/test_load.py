"""The stack-at-scale driver (``bench/load.py``): it plays CloudFormation faithfully (every
resource created then deleted through the production entrypoint, each re-invocation no sooner
than the delay asked for, with the callback context) and counts what the local SageMaker saw.
Behaviour only: its times are figures of ``make bench``, not assertions. The invocations run in
real worker processes; the callback delays are skipped (``load.WallClock.skipping``), on the
driver's clock and the local SageMaker's alike, not waited."""

import pickle
from dataclasses import replace

import pytest

from aws_sagemaker_modelpackage import retries
from bench import env, load

RESOURCES = 6
GROUP_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/load-test"


@pytest.fixture(scope="module")
def pool():
    with load.environments(3) as environments:
        yield environments


def test_each_trial_is_a_policy_of_its_own_beside_the_default():
    """A trial changes fields of the transient backoff in a Policy it builds, which the worker
    processes receive (pickled) and hold where the entrypoint holds its policy."""
    trials = load.parse_trials("cap=30 growth=3,first=4")

    assert trials["cap=30"] == replace(retries.DEFAULT, transient=replace(retries.DEFAULT.transient, cap=30))
    assert (trials["growth=3,first=4"].transient.growth, trials["growth=3,first=4"].transient.first) == (3, 4)
    assert retries.DEFAULT.transient.cap == 60  # the provider's own policy is untouched
    assert pickle.loads(pickle.dumps(trials["cap=30"])) == trials["cap=30"]


def test_every_default_trial_differs_from_the_default_policy():
    """A trial equal to the policy it is run beside would measure nothing new."""
    trials = load.parse_trials(load.TRIALS)

    assert trials and all(policy != retries.DEFAULT for policy in trials.values()), load.TRIALS


def test_the_stack_is_two_thirds_versions_in_one_group_and_one_third_unversioned_with_tags():
    creates = load.stack(9, GROUP_ARN, "run")
    versions = [op for op in creates if "ModelPackageGroupName" in op.properties]
    unversioned = [op for op in creates if "ModelPackageName" in op.properties]
    assert (len(versions), len(unversioned)) == (6, 3)
    assert {op.properties["ModelPackageGroupName"] for op in versions} == {GROUP_ARN}
    assert any("ApprovalDescription" in op.properties for op in versions)
    assert all(op.properties["Tags"] for op in unversioned)
    assert len({op.logical_id for op in creates}) == len({op.token for op in creates}) == 9


def test_each_resource_is_invoked_again_no_sooner_than_it_asked_with_its_callback_context(local_sagemaker, pool):
    group = env.sagemaker(local_sagemaker.url).create_model_package_group(ModelPackageGroupName="load-test")
    creates = load.stack(RESOURCES, group["ModelPackageGroupArn"], "load-test")
    load.Player(pool, local_sagemaker.url, clock=load.WallClock.skipping(local_sagemaker.control)).play(creates)

    assert all(op.succeeded for op in creates)
    waited = [op for op in creates if op.delays]
    assert waited, "the local SageMaker's statuses take time: some creates must have waited"
    for op in waited:
        assert len(op.spans) == len(op.delays) + 1
        for (_, ended), delay, (began, _) in zip(op.spans, op.delays, op.spans[1:], strict=False):
            assert began >= ended + delay
    # Every re-invocation carried the context: a create that lost it would have created again.
    assert local_sagemaker.control.operations().count("CreateModelPackage") == RESOURCES


# Hand-backs after throttling of a second (CloudFormation's least delay), not the default's 12 s and
# more: what is counted does not depend on the delays.
QUICK = replace(retries.DEFAULT, transient=replace(retries.DEFAULT.transient, first=1, cap=1))


def test_a_throttled_stack_is_created_and_deleted_and_its_calls_counted(local_sagemaker, pool):
    rates = {"CreateModelPackage": (2, 2), "DeleteModelPackage": (2, 2)}
    scenario = load.Scenario(RESOURCES, rates=rates, policy=QUICK)
    found = load.deploy_and_delete(local_sagemaker, pool, scenario, skip_waits=True)

    create, delete = found["create"], found["delete"]
    assert (create["succeeded"], delete["succeeded"], found["left"]) == (RESOURCES, RESOURCES, 0)
    creates = [call for call in local_sagemaker.control.calls() if call["operation"] == "CreateModelPackage"]
    throttled = [call for call in creates if load.is_throttled(call)]
    assert throttled, "six creates at once against a burst of two must meet the throttle"
    # The figures are the call log's counts per package (rounded to hundredths).
    assert create["calls_per_package"]["CreateModelPackage"] == round(len(creates) / RESOURCES, 2)
    assert create["throttled_calls_per_package"]["CreateModelPackage"] == round(len(throttled) / RESOURCES, 2)
    # Each package made once: every CreateModelPackage the throttle let through made one.
    assert len(creates) - len(throttled) == RESOURCES
    assert delete["calls_per_package"]["DeleteModelPackage"] >= 1
    assert create["minimum_s"] == (RESOURCES - 2) / 2
