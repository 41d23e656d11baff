import pytest
from botocore.exceptions import ClientError
from sagemaker_helpers import error_of


def all_tags(sm_no_retries, arn, page_size):
    pages = sm_no_retries.get_paginator("list_tags").paginate(ResourceArn=arn, PaginationConfig={"PageSize": page_size})
    return [tag for page in pages for tag in page["Tags"]]


@pytest.mark.parametrize("versioned", [False, True])
def test_add_list_delete_tags(sm_no_retries, instant, group, versioned):
    if versioned:
        instant.control.behave(version_tags="own")  # ledger row 8 is open: the permissive alternative
        arn = sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"]
    else:
        arn = sm_no_retries.create_model_package(ModelPackageName="p", Tags=[{"Key": "t0", "Value": "v"}])[
            "ModelPackageArn"
        ]
    for start in (0, 30):
        sm_no_retries.add_tags(
            ResourceArn=arn, Tags=[{"Key": f"k{i:02}", "Value": str(i)} for i in range(start, start + 30)]
        )
    sm_no_retries.add_tags(ResourceArn=arn, Tags=[{"Key": "k03", "Value": "new"}])
    tags = {t["Key"]: t["Value"] for t in all_tags(sm_no_retries, arn, page_size=50)}
    assert tags == {**({} if versioned else {"t0": "v"}), **{f"k{i:02}": str(i) for i in range(60)}, "k03": "new"}
    first = sm_no_retries.list_tags(ResourceArn=arn, MaxResults=50)
    assert len(first["Tags"]) == 50 and first["NextToken"]
    second = sm_no_retries.list_tags(ResourceArn=arn, MaxResults=50, NextToken=first["NextToken"])
    assert len(second["Tags"]) == len(tags) - 50 and "NextToken" not in second
    keys = [f"k{i:02}" for i in range(58)] + ["t0"]
    for start in (0, 50):  # DeleteTags takes at most 50 keys (botocore's TagKeyList)
        sm_no_retries.delete_tags(ResourceArn=arn, TagKeys=keys[start : start + 50])
    assert sorted(t["Key"] for t in all_tags(sm_no_retries, arn, page_size=50)) == ["k58", "k59"]


def test_group_tags_still_work(sm_no_retries):
    arn = sm_no_retries.create_model_package_group(ModelPackageGroupName="g", Tags=[{"Key": "a", "Value": "1"}])[
        "ModelPackageGroupArn"
    ]
    sm_no_retries.add_tags(ResourceArn=arn, Tags=[{"Key": "a", "Value": "2"}])
    assert sm_no_retries.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "a", "Value": "2"}]


def test_tags_of_a_deleted_package_are_gone_with_it(sm_no_retries, instant):
    arn = sm_no_retries.create_model_package(ModelPackageName="p", Tags=[{"Key": "a", "Value": "1"}])["ModelPackageArn"]
    sm_no_retries.delete_model_package(ModelPackageName=arn)
    with pytest.raises(ClientError) as excinfo:
        sm_no_retries.list_tags(ResourceArn=arn)
    assert error_of(excinfo)[0] == "ValidationException"
