"""Every hook of every rule in ``properties.RULES``, called on its own with a ``State`` (or the
values it takes) and its output asserted. Hooks that call SageMaker (tag calls) get a client
with botocore's Stubber, which pins their exact requests. A hook added to a rule without a
case here fails ``test_every_hook_of_every_rule_has_cases``."""

import dataclasses
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from aws_sagemaker_modelpackage import properties
from aws_sagemaker_modelpackage.errors import InputError
from aws_sagemaker_modelpackage.properties import RULES, Rule, State
from tests.support.templates import GROUP, IMAGE, NAME, inference_spec, spec, tags
from tests.unit.stubbing import ARN

GROUP_ARN = f"arn:aws:sagemaker:us-east-1:123456789012:model-package-group/{GROUP}"
LISTED, TO_ADD = "AdditionalInferenceSpecifications", "AdditionalInferenceSpecificationsToAdd"
# Rule fields that are not hooks.
NOT_HOOKS = {"companions", "uses_current", "secret", "cannot_unset"}


@dataclass(frozen=True)
class Refused:
    """The hook raises InputError with a message matching ``pattern``."""

    pattern: str


@dataclass(frozen=True)
class Case:
    """The hook called with ``args``; ``expected`` is its answer (or a ``Refused``). ``calls``:
    the SageMaker requests (method, params, answer) it must make, in order."""

    id: str
    args: tuple[Any, ...]
    expected: Any
    calls: tuple[tuple[str, dict[str, Any], dict[str, Any]], ...] = ()


def unversioned(**extra: Any) -> dict[str, Any]:
    return {"ModelPackageName": NAME, **extra}


def version(**extra: Any) -> dict[str, Any]:
    return {"ModelPackageGroupName": GROUP, **extra}


def card(**parts: str) -> dict[str, Any]:
    return {"ModelCard": {f"ModelCard{key}": value for key, value in parts.items()}}


def on_update(desired: dict[str, Any], previous: dict[str, Any], current: dict[str, Any] | None = None) -> tuple[State]:
    """A hook's arguments for an update from ``previous`` to ``desired`` (``current``: the
    package as described, when it was)."""
    return (State(desired, previous=previous, current=current),)


DIGEST = "sha256:" + "a" * 64
SPEC_WITHOUT_TYPES = {"Containers": [{"Image": IMAGE}], "SupportedContentTypes": ["text/csv"]}

CASES: dict[tuple[str, str], list[Case]] = {
    ("ModelPackageName", "check"): [
        Case(
            "both-names-on-create",
            (State(unversioned(ModelPackageGroupName=GROUP), creating=True),),
            Refused(
                r"^Exactly one of ModelPackageName \(unversioned package\) and ModelPackageGroupName "
                r"\(versioned package\) must be set; got ModelPackageName and ModelPackageGroupName$"
            ),
        ),
        Case("neither-on-create", (State({}, creating=True),), Refused("got neither$")),
        Case("one-on-create", (State(version(), creating=True),), None),
        # A version's read model carries both (SageMaker echoes the group's name): not refused on update.
        Case(
            "both-on-update",
            on_update(
                unversioned(ModelPackageGroupName=GROUP),
                version(),
            ),
            None,
        ),
    ],
    ("ModelPackageName", "read"): [
        Case("version-echoes-the-group", ({"ModelPackageName": GROUP, "ModelPackageGroupName": GROUP}, {}), None),
        Case("unversioned-name", ({"ModelPackageName": NAME}, {}), NAME),
    ],
    ("ModelPackageGroupName", "read"): [
        Case(
            "template-gave-the-arn",
            ({"ModelPackageGroupName": GROUP}, version(ModelPackageGroupName=GROUP_ARN)),
            GROUP_ARN,
        ),
        Case(
            "arn-of-another-group",
            ({"ModelPackageGroupName": GROUP}, version(ModelPackageGroupName=GROUP_ARN + "-other")),
            GROUP,
        ),
        Case("read-by-arn-alone", ({"ModelPackageGroupName": GROUP}, {}), GROUP),
    ],
    ("Tags", "check"): [
        Case("on-a-version", (State(version(Tags=tags(team="a"))),), Refused("^Tags cannot be set on a versioned")),
        Case("reserved-any-case", (State(unversioned(Tags=tags(**{"AWS:x": "1"}))),), Refused("^Tags: AWS:x: keys")),
        Case(
            "key-twice",
            (State(unversioned(Tags=[*tags(team="a"), *tags(team="b")])),),
            Refused("^Tags: the key team is given more than once$"),
        ),
        Case("unversioned-tags", (State(unversioned(Tags=tags(team="a"))),), None),
    ],
    ("Tags", "create"): [
        Case(
            "template-over-stack-without-system-tags",
            (State(unversioned(Tags=tags(team="mine")), stack_tags={"team": "stack", "cost": "1", "aws:x": "y"}),),
            {"Tags": tags(cost="1", team="mine")},
        ),
        Case("version-sends-none", (State(version(), stack_tags={"team": "stack"}),), {}),
        Case("no-tags", (State(unversioned()),), {}),
    ],
    ("Tags", "sync"): [
        Case(
            "changed-added-removed-without-listing-first",
            (ARN, State(unversioned(Tags=tags(a="2", b="3")), previous=unversioned(Tags=tags(a="1", c="0")))),
            None,
            (
                ("delete_tags", {"ResourceArn": ARN, "TagKeys": ["c"]}, {}),
                ("add_tags", {"ResourceArn": ARN, "Tags": tags(a="2", b="3")}, {"Tags": []}),
            ),
        ),
        Case(
            "unchanged-makes-no-call",
            (ARN, State(unversioned(Tags=tags(a="1")), previous=unversioned(Tags=tags(a="1")))),
            None,
        ),
        Case(
            "stack-tag-added",
            (ARN, State(unversioned(), previous=unversioned(), stack_tags={"s": "1"})),
            None,
            (("add_tags", {"ResourceArn": ARN, "Tags": tags(s="1")}, {"Tags": []}),),
        ),
        Case(
            "stack-tag-dropped",
            (
                ARN,
                State(
                    unversioned(Tags=tags(a="1")),
                    previous=unversioned(Tags=tags(a="1")),
                    previous_stack_tags={"s": "1"},
                ),
            ),
            None,
            (("delete_tags", {"ResourceArn": ARN, "TagKeys": ["s"]}, {}),),
        ),
        Case("version-makes-no-call", (ARN, State(version(), stack_tags={"s": "1"})), None),
    ],
    ("Tags", "revert"): [
        Case(
            "only-what-the-failed-update-changed",
            (
                State(
                    unversioned(Tags=tags(team="risk", tier="gold")),
                    previous=unversioned(Tags=tags(team="fraud", cost="x", added="y", tier="gold")),
                ),
                unversioned(Tags=tags(team="fraud", added="y")),
            ),
            {"Tags": tags(cost="x", team="risk", tier="gold")},
        ),
        Case(
            "stack-tags-count-as-the-templates",
            (
                State(
                    unversioned(),
                    previous=unversioned(Tags=tags(s="2", other="o")),
                    stack_tags={"s": "1"},
                    previous_stack_tags={"s": "1"},
                ),
                unversioned(),
            ),
            {"Tags": tags(other="o", s="2")},
        ),
        Case(
            "a-stack-tag-the-failed-update-changed",
            (
                State(
                    unversioned(),
                    previous=unversioned(Tags=tags(s="2", other="o")),
                    stack_tags={"s": "1"},
                    previous_stack_tags={"s": "2"},
                ),
                unversioned(),
            ),
            {"Tags": tags(other="o", s="1")},
        ),
        Case("version-has-none", (State(version(), previous=version()), version()), {}),
    ],
    ("Tags", "fetch"): [
        Case(
            "unversioned-without-system-tags",
            (ARN, State({}, current=unversioned())),
            {"Tags": tags(a="1", b="2")},
            (
                (
                    "list_tags",
                    {"ResourceArn": ARN},
                    {"Tags": [*tags(b="2", a="1"), *tags(**{"aws:cloudformation:x": "s"})]},
                ),
            ),
        ),
        Case("version-makes-no-call", (ARN, State({}, current=version(ModelPackageName=GROUP))), {}),
    ],
    (LISTED, "check"): [
        Case(
            "one-name-twice",
            (State(version(**{LISTED: [spec("a")], TO_ADD: [{**spec("a"), "Description": "other"}]}), creating=True),),
            Refused(rf"^{LISTED}: Name a is used more than once"),
        ),
        Case(
            "same-spec-in-both-lists",
            (State(version(**{LISTED: [spec("a")], TO_ADD: [spec("a")]}), creating=True),),
            None,
        ),
        Case(
            "removed-on-update",
            on_update(
                version(**{LISTED: [spec("a")]}),
                version(**{LISTED: [spec("a"), spec("b")]}),
            ),
            Refused(rf"^{LISTED}: b cannot be removed"),
        ),
        Case(
            "removed-from-the-package-as-described",
            on_update(
                version(**{LISTED: []}),
                version(),
                current=version(**{LISTED: [spec("x")]}),
            ),
            Refused(rf"^{LISTED}: x cannot be removed"),
        ),
        Case(
            "new-content-under-a-known-name",
            on_update(
                version(**{LISTED: [{**spec("a"), "Description": "new"}]}),
                version(**{LISTED: [spec("a")]}),
            ),
            Refused(rf"^{LISTED}: a already exists with other content"),
        ),
        Case(
            "added-on-update",
            on_update(
                version(**{LISTED: [spec("a"), spec("b")]}),
                version(**{LISTED: [spec("a")]}),
            ),
            None,
        ),
    ],
    (LISTED, "create"): [
        Case(
            "both-lists-as-one",
            (State(version(**{LISTED: [spec("a")], TO_ADD: [spec("a"), spec("b")]})),),
            {LISTED: [spec("a"), spec("b")]},
        ),
        Case("none", (State(version()),), {}),
    ],
    (LISTED, "plan"): [
        Case(
            "only-new-names",
            on_update(
                version(**{LISTED: [spec("a")], TO_ADD: [spec("b")]}),
                version(**{LISTED: [spec("a")]}),
            ),
            [{TO_ADD: [spec("b")]}],
        ),
        Case(
            "nothing-new",
            on_update(
                version(**{TO_ADD: [spec("a")]}),
                version(**{TO_ADD: [spec("a")]}),
            ),
            [],
        ),
    ],
    (LISTED, "keep"): [
        Case(
            "added-by-the-failed-update",
            (State(version(**{LISTED: [spec("a")]}), current=version(**{LISTED: [spec("a"), spec("b")]})),),
            (
                {LISTED: [spec("a"), spec("b")], TO_ADD: None},
                [f"{LISTED} b: kept (SageMaker cannot remove an additional inference specification)"],
            ),
        ),
        Case(
            "other-content-and-a-new-one",
            (
                State(
                    version(**{TO_ADD: [{**spec("a"), "Description": "old"}, spec("c")]}),
                    current=version(**{LISTED: [spec("a")]}),
                ),
            ),
            (
                {LISTED: [spec("a"), spec("c")], TO_ADD: None},
                [f"{LISTED} a: kept with its content (SageMaker cannot change one)"],
            ),
        ),
        Case(
            "nothing-to-keep",
            (State(version(**{LISTED: [spec("a")]}), current=version(**{LISTED: [spec("a")]})),),
            ({}, []),
        ),
    ],
    ("InferenceSpecification", "check"): [
        Case(
            "additional-s3-data-source",
            (
                State(
                    version(
                        InferenceSpecification={
                            "Containers": [{"Image": IMAGE, "AdditionalS3DataSource": {"S3Uri": "s3://b/k"}}]
                        }
                    )
                ),
            ),
            Refused(r"^InferenceSpecification/Containers\[0\]/AdditionalS3DataSource is refused"),
        ),
        Case(
            "unversioned-model-data-source",
            (
                State(
                    unversioned(
                        InferenceSpecification={
                            **inference_spec(),
                            "Containers": [
                                {"Image": IMAGE, "ModelDataSource": {"S3DataSource": {"S3Uri": "s3://b/m/"}}}
                            ],
                        }
                    )
                ),
            ),
            Refused(r"^InferenceSpecification/Containers\[0\]/ModelDataSource cannot be set on an unversioned"),
        ),
        Case(
            "unversioned-without-instance-types",
            (State(unversioned(InferenceSpecification=SPEC_WITHOUT_TYPES)),),
            Refused(
                "^InferenceSpecification/SupportedRealtimeInferenceInstanceTypes and SupportedTransformInstanceTypes:"
            ),
        ),
        Case("version-without-instance-types", (State(version(InferenceSpecification=SPEC_WITHOUT_TYPES)),), None),
    ],
    ("InferenceSpecification", "filled"): [
        Case(
            "digest-of-the-same-image",
            ({"Containers": [{"Image": IMAGE}]}, {"Containers": [{"Image": IMAGE, "ImageDigest": DIGEST}]}),
            {"Containers": [{"Image": IMAGE, "ImageDigest": DIGEST}]},
        ),
        Case(
            "another-image-keeps-none",
            ({"Containers": [{"Image": IMAGE + "-2"}]}, {"Containers": [{"Image": IMAGE, "ImageDigest": DIGEST}]}),
            {"Containers": [{"Image": IMAGE + "-2"}]},
        ),
        Case("nothing-before", ({"Containers": [{"Image": IMAGE}]}, None), {"Containers": [{"Image": IMAGE}]}),
    ],
    ("SourceUri", "check"): [
        Case(
            "unversioned",
            (State(unversioned(SourceUri="s3://b/src")),),
            Refused("^SourceUri cannot be set on an unversioned"),
        ),
        Case("version", (State(version(SourceUri="s3://b/src")),), None),
    ],
    ("SourceUri", "create"): [
        Case(
            "deferred-beside-an-inference-specification",
            (State(version(SourceUri="s3://b/src", InferenceSpecification=inference_spec())),),
            {},
        ),
        Case("alone", (State(version(SourceUri="s3://b/src")),), {"SourceUri": "s3://b/src"}),
    ],
    ("SourceUri", "after_create"): [
        Case(
            "deferred",
            (State(version(SourceUri="s3://b/src", InferenceSpecification=inference_spec())),),
            {"SourceUri": "s3://b/src"},
        ),
        Case("sent-on-create", (State(version(SourceUri="s3://b/src")),), {}),
    ],
    ("ApprovalDescription", "create"): [
        Case("never-on-create", (State(version(ApprovalDescription="ok")),), {}),
    ],
    ("ApprovalDescription", "after_create"): [
        Case("set-after", (State(version(ApprovalDescription="ok")),), {"ApprovalDescription": "ok"}),
        Case("empty-is-a-value", (State(version(ApprovalDescription="")),), {"ApprovalDescription": ""}),
        Case("absent", (State(version()),), {}),
    ],
    ("ModelCard", "check"): [
        Case(
            "archived-content-changed",
            on_update(
                version(**card(Content="{}", Status="Archived")),
                version(
                    **card(Content='{"a":1}', Status="Archived"),
                ),
            ),
            Refused("^ModelCard: the model card is Archived and its content cannot change"),
        ),
        Case(
            "archived-as-described",
            on_update(
                version(**card(Content="{}")),
                version(**card(Content="{}")),
                current=version(**card(Content='{"x":1}', Status="Archived")),
            ),
            Refused("^ModelCard: the model card is Archived"),
        ),
        Case(
            "archived-content-kept",
            on_update(
                version(**card(Content="{}", Status="Archived")),
                version(
                    **card(Content="{}", Status="Archived"),
                ),
            ),
            None,
        ),
        Case("create", (State(version(**card(Content="{}", Status="Archived")), creating=True),), None),
    ],
    ("ModelCard", "keep"): [
        Case(
            "archived-by-the-failed-update",
            (
                State(
                    version(**card(Content="{}", Status="Draft")),
                    current=version(**card(Content='{"a":1}', Status="Archived")),
                ),
            ),
            (
                card(Content='{"a":1}', Status="Archived"),
                ["ModelCard: kept Archived with its content (SageMaker cannot change an archived card)"],
            ),
        ),
        Case(
            "not-archived",
            (State(version(**card(Content="{}")), current=version(**card(Content='{"a":1}', Status="Draft"))),),
            ({}, []),
        ),
        Case(
            "archived-and-asked-for",
            (
                State(
                    version(**card(Content="{}", Status="Archived")),
                    current=version(**card(Content="{}", Status="Archived")),
                ),
            ),
            ({}, []),
        ),
    ],
    ("ModelCard", "plan"): [
        Case(
            "content-then-status",
            on_update(
                version(**card(Content='{"a":1}', Status="Archived")),
                version(
                    **card(Content="{}", Status="Draft"),
                ),
            ),
            [{"ModelCard": {"ModelCardContent": '{"a":1}'}}, {"ModelCard": {"ModelCardStatus": "Archived"}}],
        ),
        Case(
            "status-alone",
            on_update(
                version(**card(Content="{}", Status="Approved")),
                version(
                    **card(Content="{}", Status="Draft"),
                ),
            ),
            [{"ModelCard": {"ModelCardStatus": "Approved"}}],
        ),
        Case(
            "unchanged",
            on_update(
                version(**card(Content="{}")),
                version(**card(Content="{}")),
            ),
            [],
        ),
    ],
    ("CustomerMetadataProperties", "plan"): [
        Case(
            "set-and-removed",
            on_update(
                version(CustomerMetadataProperties={"a": "1", "b": "3", "c": "4"}),
                version(CustomerMetadataProperties={"a": "1", "b": "2", "d": "0"}),
            ),
            [{"CustomerMetadataProperties": {"b": "3", "c": "4"}, "CustomerMetadataPropertiesToRemove": ["d"]}],
        ),
        Case(
            "all-removed",
            on_update(
                version(),
                version(CustomerMetadataProperties={"a": "1"}),
            ),
            [{"CustomerMetadataPropertiesToRemove": ["a"]}],
        ),
        Case(
            "unchanged",
            on_update(
                version(CustomerMetadataProperties={"a": "1"}),
                version(CustomerMetadataProperties={"a": "1"}),
            ),
            [],
        ),
    ],
    ("CustomerMetadataProperties", "revert"): [
        Case(
            "changed-added-and-removed-keys-back-the-others-as-they-are",
            (
                State(
                    version(CustomerMetadataProperties={"k": "v1", "gone": "g"}),
                    previous=version(CustomerMetadataProperties={"k": "v2", "new": "n", "reviewer": "r"}),
                ),
                version(CustomerMetadataProperties={"k": "v2", "new": "n"}),
            ),
            {"CustomerMetadataProperties": {"gone": "g", "k": "v1", "reviewer": "r"}},
        ),
        Case(
            "both-templates-agree",
            (
                State(
                    version(CustomerMetadataProperties={"k": "v1"}),
                    previous=version(CustomerMetadataProperties={"k": "changed-outside"}),
                ),
                version(CustomerMetadataProperties={"k": "v1"}),
            ),
            {"CustomerMetadataProperties": {"k": "changed-outside"}},
        ),
        Case("none-anywhere", (State(version(), previous=version()), version()), {"CustomerMetadataProperties": {}}),
    ],
    ("ModelApprovalStatus", "withdraw"): [
        Case("approved", ({"ModelApprovalStatus": "Approved"},), {"ModelApprovalStatus": "Rejected"}),
        Case("pending", ({"ModelApprovalStatus": "PendingManualApproval"},), {}),
        Case("unversioned", ({},), {}),
    ],
    ("CustomerMetadataProperties", "read"): [
        Case("sorted-by-key", ({"CustomerMetadataProperties": {"b": "2", "a": "1"}}, {}), {"a": "1", "b": "2"}),
        Case("absent", ({}, {}), None),
    ],
}

REQUEST_IDS = ("11111111-2222-4333-8444-555555555555", "stack-id", "Logical")


def test_client_token_create_is_a_uuid_of_the_request_and_the_template_token():
    """ClientToken's create hook (its answer is a derived value, so asserted by its properties)."""
    token = RULES["ClientToken"].create
    assert token is not None
    sent = token(State(version(ClientToken="mine"), request_ids=REQUEST_IDS))["ClientToken"]
    assert uuid.UUID(sent) and len(sent) == 36
    assert token(State(version(ClientToken="mine"), request_ids=REQUEST_IDS))["ClientToken"] == sent  # a retry
    replacement = (*REQUEST_IDS[:1], "other-stack", REQUEST_IDS[2])
    assert token(State(version(ClientToken="mine"), request_ids=replacement))["ClientToken"] != sent
    assert token(State(version(ClientToken="other"), request_ids=REQUEST_IDS))["ClientToken"] != sent
    assert token(State(version(), request_ids=REQUEST_IDS))["ClientToken"] != sent


TESTED_APART = {("ClientToken", "create")}


def _hooks(rule: Rule) -> list[str]:
    return [f.name for f in dataclasses.fields(rule) if f.name not in NOT_HOOKS and getattr(rule, f.name) is not None]


@pytest.mark.parametrize("prop", RULES)
def test_every_hook_of_every_rule_has_cases(prop):
    missing = [hook for hook in _hooks(RULES[prop]) if (prop, hook) not in CASES and (prop, hook) not in TESTED_APART]
    assert missing == []
    assert all(len(CASES[prop, hook]) >= 1 for hook in _hooks(RULES[prop]) if (prop, hook) in CASES)


def test_the_accessors_give_every_hook_of_the_table_in_order():
    assert [prop for prop, _ in properties.HOOKS.checks] == [p for p, rule in RULES.items() if rule.check]
    assert properties.HOOKS.fetchers == (("Tags", RULES["Tags"].fetch),)
    assert properties.HOOKS.depending_on_current == {LISTED, TO_ADD, "InferenceSpecification", "ModelCard"}


@pytest.mark.parametrize(
    "prop, hook, case",
    [(prop, hook, case) for (prop, hook), cases in CASES.items() for case in cases],
    ids=[f"{prop}.{hook}-{case.id}" for (prop, hook), cases in CASES.items() for case in cases],
)
def test_rule_hook(api, prop, hook, case):
    run: Callable[..., Any] = getattr(RULES[prop], hook)
    args = (api.client, *case.args) if hook in ("sync", "fetch") else case.args
    for method, params, answer in case.calls:
        api.respond(method, answer, params)
    if isinstance(case.expected, Refused):
        with pytest.raises(InputError, match=case.expected.pattern):
            run(*args)
        return
    answer = run(*args)
    assert answer == case.expected
    if hook == "read" and isinstance(answer, dict):
        assert list(answer) == sorted(answer)


def test_secret_placeholders_hide_the_model_card_content():
    assert properties.secrets(version(**card(Content='{"secret":1}'))) == {'{"secret":1}': "<ModelCardContent>"}
    assert properties.secrets(version(**card(Status="Draft"))) == {}
