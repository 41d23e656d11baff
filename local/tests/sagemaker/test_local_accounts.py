"""Ledger row 54: accounts and model package group resource policies. A group or package ARN
resolves in the account it names; the caller's account comes from its credentials (an assumed
role acts in its own account); a call from another account goes through where the group's
resource policy allows it (SageMaker Developer Guide, "Register a Model Version from a Different
Account", "Cross-account discoverability"), and otherwise gets the ``cross_account_denied``
switch's answer."""

import json

import boto3
import pytest
from botocore.exceptions import ClientError
from sagemaker_helpers import ACCOUNT, REGION, error_of

WORKLOAD = "222222222222"
SPEC = {
    "Containers": [{"Image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/m:1"}],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
}
VERSION_ACTIONS = [
    "sagemaker:CreateModelPackage",
    "sagemaker:DescribeModelPackage",
    "sagemaker:UpdateModelPackage",
    "sagemaker:DeleteModelPackage",
    "sagemaker:ListModelPackages",
]


def policy(group_arn, actions=VERSION_ACTIONS, principal=f"arn:aws:iam::{WORKLOAD}:root", effect="Allow"):
    versions = group_arn.replace(":model-package-group/", ":model-package/") + "/*"
    statement = {"Effect": effect, "Principal": {"AWS": principal}, "Action": actions, "Resource": versions}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture
def workload(local_sagemaker):
    """A SageMaker client whose credentials act in the workload account."""
    credentials = local_sagemaker.credentials_in(WORKLOAD)
    return boto3.client(
        "sagemaker",
        endpoint_url=local_sagemaker.url,
        region_name=REGION,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


@pytest.fixture
def central(sm):
    """A group of the registry account (the tests' own, 123456789012): its ARN."""
    return sm.create_model_package_group(ModelPackageGroupName="central")["ModelPackageGroupArn"]


def refusal(call, **request):
    with pytest.raises(ClientError) as excinfo:
        call(**request)
    return error_of(excinfo)


def test_row_54_the_callers_account_comes_from_its_credentials(local_sagemaker, workload, sm, central):
    """An assumed role acts in its own account: the workload account has a group of the same name
    of its own, and neither account lists the other's packages."""
    own = workload.create_model_package_group(ModelPackageGroupName="central")["ModelPackageGroupArn"]
    assert own == central.replace(ACCOUNT, WORKLOAD)
    workload.create_model_package(ModelPackageGroupName="central", InferenceSpecification=SPEC)
    listed = [
        s["ModelPackageArn"] for s in workload.list_model_packages(ModelPackageType="Both")["ModelPackageSummaryList"]
    ]
    assert listed == [f"arn:aws:sagemaker:{REGION}:{WORKLOAD}:model-package/central/1"]
    assert sm.list_model_packages(ModelPackageType="Both")["ModelPackageSummaryList"] == []


def test_row_54_a_version_registered_from_another_account_lives_in_the_groups(instant, workload, sm, central):
    sm.put_model_package_group_policy(ModelPackageGroupName="central", ResourcePolicy=policy(central))

    arn = workload.create_model_package(ModelPackageGroupName=central, InferenceSpecification=SPEC)["ModelPackageArn"]

    assert arn == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/central/1"
    assert workload.describe_model_package(ModelPackageName=arn)["ModelPackageGroupName"] == "central"
    workload.update_model_package(ModelPackageArn=arn, CustomerMetadataProperties={"run": "7"})
    assert sm.describe_model_package(ModelPackageName=arn)["CustomerMetadataProperties"] == {"run": "7"}
    for client, group in ((workload, central), (sm, "central")):
        listed = client.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
        assert [s["ModelPackageArn"] for s in listed] == [arn]
    workload.delete_model_package(ModelPackageName=arn)
    assert refusal(workload.describe_model_package, ModelPackageName=arn) == (
        "ValidationException",
        f"ModelPackage {arn} does not exist.",
    )


@pytest.mark.parametrize("answer", ["does-not-exist", "access-denied"])
def test_row_54_a_create_the_groups_policy_does_not_allow(control, workload, sm, central, answer):
    control.behave(cross_account_denied=answer)
    only_reads = policy(central, actions=["sagemaker:DescribeModelPackage", "sagemaker:ListModelPackages"])
    for given in (None, only_reads):
        if given:
            sm.put_model_package_group_policy(ModelPackageGroupName="central", ResourcePolicy=given)

        code, message = refusal(
            workload.create_model_package, ModelPackageGroupName=central, InferenceSpecification=SPEC
        )

        if answer == "does-not-exist":
            assert (code, message) == ("ValidationException", f"Model Package Group {central} does not exist.")
        else:
            assert code == "AccessDeniedException"
            assert message == (
                f"User: arn:aws:iam::{WORKLOAD}:role/workload is not authorized to perform: "
                f"sagemaker:CreateModelPackage on resource: {central.replace('-group/', '/')}/* "
                "because no resource-based policy allows the sagemaker:CreateModelPackage action"
            )
    assert sm.list_model_packages(ModelPackageGroupName="central")["ModelPackageSummaryList"] == []


@pytest.mark.parametrize(
    "given",
    [
        pytest.param({"principal": "arn:aws:iam::333333333333:root"}, id="another-account-named"),
        pytest.param({"principal": f"arn:aws:iam::{WORKLOAD}:role/someone-else"}, id="another-role-named"),
        pytest.param({"actions": ["sagemaker:Describe*"]}, id="action-not-allowed"),
        pytest.param({"effect": "Deny", "actions": ["sagemaker:*"]}, id="denied"),
    ],
)
def test_row_54_what_a_policy_must_name(control, workload, sm, central, given):
    control.behave(cross_account_denied="access-denied")
    sm.put_model_package_group_policy(ModelPackageGroupName="central", ResourcePolicy=policy(central, **given))
    code, _ = refusal(workload.create_model_package, ModelPackageGroupName=central, InferenceSpecification=SPEC)
    assert code == "AccessDeniedException"


@pytest.mark.parametrize(
    "principal",
    ["*", WORKLOAD, f"arn:aws:iam::{WORKLOAD}:root", f"arn:aws:iam::{WORKLOAD}:role/workload"],
)
def test_row_54_principals_that_name_the_caller(workload, sm, central, principal):
    sm.put_model_package_group_policy(
        ModelPackageGroupName="central", ResourcePolicy=policy(central, actions=["sagemaker:*"], principal=principal)
    )
    assert workload.create_model_package(ModelPackageGroupName=central, InferenceSpecification=SPEC)["ModelPackageArn"]


def test_row_54_group_policies_put_get_delete(sm, central):
    assert refusal(sm.get_model_package_group_policy, ModelPackageGroupName="central") == (
        "ValidationException",
        f"Cannot find resource policy for: {central}",
    )
    answer = sm.put_model_package_group_policy(ModelPackageGroupName="central", ResourcePolicy=policy(central))
    assert answer["ModelPackageGroupArn"] == central
    assert json.loads(sm.get_model_package_group_policy(ModelPackageGroupName="central")["ResourcePolicy"]) == (
        json.loads(policy(central))
    )
    sm.delete_model_package_group_policy(ModelPackageGroupName="central")
    assert refusal(sm.delete_model_package_group_policy, ModelPackageGroupName="central")[0] == "ValidationException"
    assert refusal(sm.put_model_package_group_policy, ModelPackageGroupName="nope", ResourcePolicy="{}") == (
        "ValidationException",
        "Cannot find Model Package Group: nope",
    )


def test_row_54_another_accounts_package_without_a_group_is_never_shared(control, workload, sm):
    control.behave(cross_account_denied="access-denied")
    arn = sm.create_model_package(ModelPackageName="plain")["ModelPackageArn"]
    assert refusal(workload.describe_model_package, ModelPackageName=arn)[0] == "AccessDeniedException"


def _with(central, *statements):
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [json.loads(policy(central))["Statement"][0], *statements]}
    )


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-x"}}}, id="condition"),
        pytest.param({"NotResource": "arn:aws:sagemaker:*:*:nothing"}, id="not-resource"),
    ],
)
def test_row_54_a_deny_this_stand_in_cannot_evaluate_always_applies(control, workload, sm, central, extra):
    """Conditions and Not* elements are not evaluated here: a Deny with one is read strictly."""
    control.behave(cross_account_denied="access-denied")
    deny = {"Effect": "Deny", "Principal": "*", "Action": "sagemaker:CreateModelPackage", **extra}
    if "NotResource" not in extra:
        deny["Resource"] = "*"
    sm.put_model_package_group_policy(ModelPackageGroupName="central", ResourcePolicy=_with(central, deny))
    code, _ = refusal(workload.create_model_package, ModelPackageGroupName=central, InferenceSpecification=SPEC)
    assert code == "AccessDeniedException"


def test_row_54_a_conditioned_allow_grants_nothing(control, workload, sm, central):
    control.behave(cross_account_denied="access-denied")
    allow = json.loads(policy(central))
    allow["Statement"][0]["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": "o-x"}}
    sm.put_model_package_group_policy(ModelPackageGroupName="central", ResourcePolicy=json.dumps(allow))
    code, _ = refusal(workload.create_model_package, ModelPackageGroupName=central, InferenceSpecification=SPEC)
    assert code == "AccessDeniedException"


def test_row_54_version_actions_are_allowed_on_the_versions_not_the_group(control, workload, sm, central):
    """The Developer Guide's policy names model-package/<group>/* for the versions' actions and
    the group's ARN for DescribeModelPackageGroup; one does not stand for the other."""
    control.behave(cross_account_denied="access-denied")
    on_group = {"Effect": "Allow", "Principal": {"AWS": WORKLOAD}, "Action": VERSION_ACTIONS, "Resource": central}
    document = json.dumps({"Version": "2012-10-17", "Statement": [on_group]})
    sm.put_model_package_group_policy(ModelPackageGroupName="central", ResourcePolicy=document)
    code, _ = refusal(workload.create_model_package, ModelPackageGroupName=central, InferenceSpecification=SPEC)
    assert code == "AccessDeniedException"


@pytest.mark.parametrize("document", ["[]", '{"Statement": [{"Action": "sagemaker:*"}]}', '{"Version": "x"}'])
def test_row_54_a_policy_that_is_no_policy_document_is_refused(sm, central, document):
    code, _ = refusal(sm.put_model_package_group_policy, ModelPackageGroupName="central", ResourcePolicy=document)
    assert code == "ValidationException"


def test_row_54_a_group_deleted_by_its_arn_is_the_named_accounts(control, workload, sm, central):
    """From another account, DeleteModelPackageGroup by the ARN addresses the owner's group: a
    group of the same name in the caller's account is untouched, and versions still block it."""
    workload.create_model_package_group(ModelPackageGroupName="central")
    everything = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": WORKLOAD}, "Action": "sagemaker:*", "Resource": "*"}
            ],
        }
    )
    sm.put_model_package_group_policy(ModelPackageGroupName="central", ResourcePolicy=everything)
    sm.create_model_package(ModelPackageGroupName="central", InferenceSpecification=SPEC)

    code, _ = refusal(workload.delete_model_package_group, ModelPackageGroupName=central)

    assert code == "ConflictException"
    assert workload.describe_model_package_group(ModelPackageGroupName="central")
    assert sm.describe_model_package_group(ModelPackageGroupName="central")["ModelPackageGroupArn"] == central
