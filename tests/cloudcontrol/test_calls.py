"""What Cloud Control sends and how the provider answers it outside a stack: no stack context and
a fresh token per call; a create re-sent with its token; ListResources over every page, with and
without a ResourceModel; NotFound after a delete."""

import pytest

from local import invoke
from local.cloudcontrol import CloudControl, CloudControlError
from tests.cloudcontrol.cloudcontrol_helpers import checked, example

ARN = "ModelPackageArn"
STACK_CONTEXT = ("stackId", "logicalResourceId", "stackTags", "systemTags", "previousStackTags")


@pytest.fixture
def cloud_control(control):
    """Cloud Control for the operations whose payloads do not depend on the previous state."""
    return CloudControl(control.advance)


@pytest.fixture
def sent(monkeypatch):
    """Every payload handed to the entrypoint, in order."""
    payloads = []
    real = invoke.invoke

    def recording(payload):
        payloads.append(payload)
        return real(payload)

    monkeypatch.setattr(invoke, "invoke", recording)
    return payloads


def calls_of(payloads):
    """The payloads grouped by API call: a call starts with no callback context."""
    calls = []
    for payload in payloads:
        if payload["callbackContext"] is None:
            calls.append([])
        calls[-1].append(payload)
    return calls


def test_no_stack_context_and_a_fresh_token_per_call(cloud_control, group, sent):
    model = cloud_control.create_resource(example("version.json"))
    cloud_control.update_resource(model[ARN], example("patch-approve.json"))
    cloud_control.delete_resource(model[ARN])
    for payload in sent:
        present = {**payload, **payload["requestData"]}
        assert [key for key in STACK_CONTEXT if present.get(key) is not None] == []
    calls = calls_of(sent)
    assert [call[0]["action"] for call in calls] == ["CREATE", "READ", "UPDATE", "DELETE"]
    assert len(calls[0]) > 1, "the create waited for the package"
    assert all(len({payload["bearerToken"] for payload in call}) == 1 for call in calls)
    assert len({call[0]["bearerToken"] for call in calls}) == len(calls)


def test_update_passes_read_or_nothing_as_the_previous_state(cloud, group, sent):
    model = cloud.create_resource(example("version.json"))
    read = cloud.get_resource(model[ARN])
    cloud.update_resource(model[ARN], example("patch-approve.json"))
    update = next(payload for payload in sent if payload["action"] == "UPDATE")
    assert update["requestData"]["previousResourceProperties"] == (read if cloud.previous_state else None)
    assert update["requestData"]["resourceProperties"]["ModelApprovalStatus"] == "Approved"


def test_a_create_resent_with_its_first_token_makes_one_package(cloud_control, group, sm):
    first = cloud_control.create_resource(example("version.json"), client_token="3d6f7c1e-create-once")
    again = cloud_control.create_resource(example("version.json"), client_token="3d6f7c1e-create-once")
    assert again[ARN] == first[ARN]
    assert _versions(sm, group) == [first[ARN]]
    other = cloud_control.create_resource(example("version.json"))
    assert _versions(sm, group) == [first[ARN], other[ARN]]


def test_list_by_group_returns_every_version_over_several_pages(cloud_control, group, sm):
    """ListModelPackages answers at most 100 per page; 102 versions take two."""
    made = [cloud_control.create_resource(example("version.json"))[ARN] for _ in range(2)]
    spec = example("version.json")["InferenceSpecification"]
    made += [
        sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=spec)["ModelPackageArn"]
        for _ in range(100)
    ]
    unversioned = cloud_control.create_resource(example("unversioned.json"))[ARN]
    pages = list(cloud_control.list_pages({"ModelPackageGroupName": group}))
    assert len(pages) > 1
    listed = [model for page in pages for model in page]
    assert sorted(model[ARN] for model in listed) == sorted(made)
    for model in listed:
        checked(model)
    everything = [model[ARN] for model in cloud_control.list_resources()]
    assert sorted(everything) == sorted([*made, unversioned])


def test_not_found_after_a_delete(cloud, group):
    model = cloud.create_resource(example("version.json"))
    cloud.delete_resource(model[ARN])
    operations = {
        "GetResource": lambda: cloud.get_resource(model[ARN]),
        "DeleteResource": lambda: cloud.delete_resource(model[ARN]),
        "UpdateResource": lambda: cloud.update_resource(model[ARN], example("patch-approve.json")),
    }
    for name, operation in operations.items():
        with pytest.raises(CloudControlError) as failed:
            operation()
        assert failed.value.code == "NotFound", name


def _versions(sm, group):
    summaries = sm.list_model_packages(ModelPackageGroupName=group, SortBy="CreationTime", SortOrder="Ascending")
    return [s["ModelPackageArn"] for s in summaries["ModelPackageSummaryList"] if s["ModelPackageStatus"] != "Deleting"]


@pytest.mark.parametrize("choice", ["absent", "group-name"])
def test_models_stay_valid_whatever_describe_says_a_versions_name_is(cloud_control, control, group, choice):
    """Whether Describe and List answer a version's ModelPackageName is open (fidelity ledger
    row 4): READ and LIST models must satisfy the schema's oneOf under either answer, or every
    patch of a version would be refused."""
    control.behave(version_name=choice)
    model = checked(cloud_control.create_resource(example("version.json")))
    checked(cloud_control.update_resource(model[ARN], example("patch-approve.json")))
    listed = cloud_control.list_resources() + cloud_control.list_resources({"ModelPackageGroupName": group})
    assert [checked(summary)[ARN] for summary in listed] == [model[ARN]] * 2
