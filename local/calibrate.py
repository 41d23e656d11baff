"""``make calibrate``: ask real SageMaker the fidelity ledger's questions and compare with the local one.

Each probe answers one ledger row (``docs/fidelity.md``) by driving a SageMaker client; the same
probe runs against the account the standard AWS configuration points at ("real") and against an
in-process local SageMaker ("local"), and a table shows both answers. For an open question whose
real answer is one of the local SageMaker's choices, it says which ``LOCAL_SAGEMAKER_<NAME>``
setting reproduces it.

Opt-in and never part of CI: it needs credentials (environment, profile or SSO; instance roles are
not looked up, as that alone is a network call) and a region. Without them it says so and exits 0
having made no network call. Everything it creates carries a random name prefix and is deleted at
the end, also on failure or Ctrl-C.

Row 54 (a version created from another account into a group whose resource policy does not allow
it) needs a second account: ``--workload-role-arn`` names a role there that the credentials may
assume (``make calibrate WORKLOAD_ROLE_ARN=...``); without it the row is skipped on both sides.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import boto3
import botocore.session
from botocore.exceptions import ClientError

from local.sagemaker.settings import BEHAVIOURS, ENV_PREFIX

NEEDS = (
    "make calibrate talks to a real AWS account. It needs credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
    "AWS_PROFILE, or an SSO login) and a region (AWS_REGION, AWS_DEFAULT_REGION or --region), with permission "
    "for sagemaker:*ModelPackage*, sagemaker:*ModelPackageGroup* and sagemaker:AddTags/ListTags/DeleteTags. "
    "It creates a throw-away model package group and packages (random name prefix) and deletes them. "
    "Nothing was called."
)
BUSY = ("Pending", "InProgress", "Deleting")


def error_code(error: ClientError) -> str:
    return str(error.response["Error"]["Code"])


def answer_of(error: ClientError) -> str:
    """``refused:<code>``: the error code is what the ledger's open questions turn on."""
    return f"refused:{error_code(error)}"


@dataclass
class Lab:
    """A SageMaker client plus everything created through it, so that it can all be deleted;
    ``workload``: a client of another account, when one was given."""

    sm: Any
    image: str
    workload: Any = None
    prefix: str = field(default_factory=lambda: f"calib-{uuid.uuid4().hex[:8]}")
    created: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def group(self, suffix: str = "g") -> str:
        name = f"{self.prefix}-{suffix}"
        self.sm.create_model_package_group(ModelPackageGroupName=name)
        self.groups.append(name)
        return name

    def spec(self, **extra: Any) -> dict[str, Any]:
        return {
            "Containers": [{"Image": self.image}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
            "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
            "SupportedTransformInstanceTypes": ["ml.m5.large"],
            **extra,
        }

    def version(self, suffix: str, **request: Any) -> str:
        """A settled version in a new group, with an inference specification unless given."""
        request.setdefault("InferenceSpecification", self.spec())
        return self.create(ModelPackageGroupName=self.group(suffix), **request)

    def create(self, **request: Any) -> str:
        """CreateModelPackage, then wait until the package has settled."""
        arn: str = self.sm.create_model_package(**request)["ModelPackageArn"]
        self.created.append(arn)
        self.settle(arn)
        return arn

    def settle(self, arn: str, timeout: float = 600) -> dict[str, Any] | None:
        """The package once its status is no longer transient (None once it is gone)."""
        deadline, delay = time.monotonic() + timeout, 0.2
        while True:
            try:
                described: dict[str, Any] = self.sm.describe_model_package(ModelPackageName=arn)
            except ClientError:
                return None
            if described["ModelPackageStatus"] not in BUSY or time.monotonic() > deadline:
                return described
            time.sleep(delay)
            delay = min(delay * 2, 10)

    def attempt(self, call: Callable[..., Any], **request: Any) -> str:
        """``allowed`` or ``refused:<code>``."""
        try:
            call(**request)
        except ClientError as error:
            return answer_of(error)
        return "allowed"

    def clean_up(self) -> None:
        """Delete every package created (and any that a lost answer hid), then the groups."""
        found = self.sm.list_model_packages(ModelPackageType="Both", NameContains=self.prefix, MaxResults=100)
        arns = set(self.created) | {s["ModelPackageArn"] for s in found["ModelPackageSummaryList"]}
        for arn in arns:
            self.attempt(self.sm.update_model_package, ModelPackageArn=arn, ModelApprovalStatus="Rejected")
            self.attempt(self.sm.delete_model_package, ModelPackageName=arn)
        for arn in arns:
            self.settle(arn)
        for name in self.groups:
            self.attempt(self.sm.delete_model_package_group, ModelPackageGroupName=name)


@dataclass(frozen=True)
class Probe:
    row: int
    question: str
    ask: Callable[[Lab], str]
    switch: str | None = None  # the local setting (settings.BEHAVIOURS) an open question maps to


def open_question(switch: str, ask: Callable[[Lab], str]) -> Probe:
    """The probe of an open question: its row and wording are those of its switch."""
    behaviour = BEHAVIOURS[switch]
    return Probe(behaviour.row, behaviour.question, ask, switch)


def _group_arn(lab: Lab) -> str:
    group = lab.group("arn")
    arn: str = lab.sm.describe_model_package_group(ModelPackageGroupName=group)["ModelPackageGroupArn"]
    return arn


def row_1(lab: Lab) -> str:
    return lab.attempt(lab.create, ModelPackageGroupName=_group_arn(lab), InferenceSpecification=lab.spec())


def row_3(lab: Lab) -> str:
    group_arn = _group_arn(lab)
    arn = lab.create(ModelPackageGroupName=group_arn, InferenceSpecification=lab.spec())
    described = lab.sm.describe_model_package(ModelPackageName=arn)
    return "arn" if described["ModelPackageGroupName"] == group_arn else "name"


def row_4(lab: Lab) -> str:
    described = lab.sm.describe_model_package(ModelPackageName=lab.version("v"))
    name = described.get("ModelPackageName")
    return "absent" if name is None else "group-name" if name == described["ModelPackageGroupName"] else name


def row_6(lab: Lab) -> str:
    arn = lab.create(ModelPackageName=f"{lab.prefix}-CaSe", InferenceSpecification=lab.spec())
    return "kept" if arn.endswith("-CaSe") else "lower-cased" if arn.endswith("-case") else arn


def row_8(lab: Lab) -> str:
    arn = lab.version("t")
    written = lab.attempt(lab.sm.add_tags, ResourceArn=arn, Tags=[{"Key": "calibrate", "Value": "1"}])
    try:
        tags = lab.sm.list_tags(ResourceArn=arn)["Tags"]
    except ClientError:
        return "refused"
    return "own" if written == "allowed" and tags else "inherited"


def row_12(lab: Lab) -> str:
    group, token = lab.group("token"), uuid.uuid4().hex
    request = {"ModelPackageGroupName": group, "InferenceSpecification": lab.spec(), "ClientToken": token}
    first = lab.create(**request, ModelApprovalStatus="Approved")
    try:
        again = lab.create(**request, ModelApprovalStatus="Rejected")
    except ClientError as error:
        return "error" if error_code(error) == "ConflictException" else answer_of(error)
    return "first-arn" if again == first else "new-package"


def row_18(lab: Lab) -> str:
    try:
        lab.sm.describe_model_package(ModelPackageName=f"{lab.prefix}-missing")
    except ClientError as error:
        code = error_code(error)
        return {"ValidationException": "validation", "ResourceNotFound": "resource-not-found"}.get(code, code)
    return "found"


def row_20(lab: Lab) -> str:
    name = f"{lab.prefix}-dup"
    lab.create(ModelPackageName=name, InferenceSpecification=lab.spec())
    try:
        lab.create(ModelPackageName=name, InferenceSpecification=lab.spec())
    except ClientError as error:
        code = error_code(error)
        return {"ValidationException": "validation", "ResourceInUse": "resource-in-use"}.get(code, code)
    return "accepted"


def row_21(lab: Lab) -> str:
    try:
        lab.sm.create_model_package()
    except ClientError as error:
        return str(error.response["Error"]["Message"])
    return "accepted"


def row_22(lab: Lab) -> str:
    arn = lab.create(ModelPackageName=f"{lab.prefix}-u", InferenceSpecification=lab.spec())
    answer = lab.attempt(lab.sm.update_model_package, ModelPackageArn=arn, CustomerMetadataProperties={"k": "v"})
    return "refused" if answer.startswith("refused") else answer


def row_25(lab: Lab) -> str:
    arn = lab.version("spec")
    changed = lab.spec(SupportedContentTypes=["application/json"])
    answer = lab.attempt(lab.sm.update_model_package, ModelPackageArn=arn, InferenceSpecification=changed)
    return "refused" if answer.startswith("refused") else answer


def row_27(lab: Lab) -> str:
    return lab.attempt(lab.create, ModelPackageName=f"{lab.prefix}-src", SourceUri="s3://calibrate/model.tar.gz")


def row_28(lab: Lab) -> str:
    spec = lab.spec()
    del spec["SupportedTransformInstanceTypes"]
    return lab.attempt(lab.create, ModelPackageName=f"{lab.prefix}-types", InferenceSpecification=spec)


def row_30(lab: Lab) -> str:
    card = {"ModelCardContent": "{}", "ModelCardStatus": "Draft"}
    arn = lab.version("card", ModelCard=card)
    both = {"ModelCardContent": '{"model_overview": {}}', "ModelCardStatus": "PendingReview"}
    return lab.attempt(lab.sm.update_model_package, ModelPackageArn=arn, ModelCard=both)


def row_34(lab: Lab) -> str:
    arn = lab.version("appr", ModelApprovalStatus="Approved")
    answer = lab.attempt(lab.sm.delete_model_package, ModelPackageName=arn)
    return "conflict" if answer == "refused:ConflictException" else answer


def row_35(lab: Lab) -> str:
    arn = lab.version("del")
    lab.sm.delete_model_package(ModelPackageName=arn)
    return lab.attempt(lab.sm.delete_model_package_group, ModelPackageGroupName=lab.groups[-1])


def row_42(lab: Lab) -> str:
    arn = lab.version("digest")
    container = lab.sm.describe_model_package(ModelPackageName=arn)["InferenceSpecification"]["Containers"][0]
    return "filled" if str(container.get("ImageDigest", "")).startswith("sha256:") else "absent"


def row_44(lab: Lab) -> str:
    extra = {"S3DataType": "S3Object", "S3Uri": "s3://calibrate/extra.tar.gz"}
    spec = lab.spec(Containers=[{"Image": lab.image, "AdditionalS3DataSource": extra}])
    return lab.attempt(lab.create, ModelPackageGroupName=lab.group("s3"), InferenceSpecification=spec)


def row_54(lab: Lab) -> str:
    """A version created from the workload account into a group of this account, by the group's
    ARN, while the group has no resource policy."""
    if lab.workload is None:
        return "skipped"
    group_arn = _group_arn(lab)
    try:
        made = lab.workload.create_model_package(ModelPackageGroupName=group_arn, InferenceSpecification=lab.spec())
    except ClientError as error:
        if error_code(error) in ("AccessDeniedException", "AccessDenied"):
            return "access-denied"
        return "does-not-exist" if "does not exist" in str(error.response["Error"]["Message"]) else answer_of(error)
    lab.created.append(made["ModelPackageArn"])  # in this account: deleted with the rest
    return "allowed"


def row_55(lab: Lab) -> str:
    """A line break in ApprovalDescription, whose pattern is ``.*`` (Java's ``.`` stops at one)."""
    arn = lab.version("breaks")
    answer = lab.attempt(lab.sm.update_model_package, ModelPackageArn=arn, ApprovalDescription="one line\nanother")
    return "refused" if answer == "refused:ValidationException" else answer


def row_56(lab: Lab) -> str:
    """SageMaker's wording for an image over 255 characters, the value it echoes left out."""
    spec = lab.spec(Containers=[{"Image": "i" * 256}])
    try:
        lab.create(ModelPackageGroupName=lab.group("long"), InferenceSpecification=spec)
    except ClientError as error:
        return re.sub(r"Value '.*?' at", "Value '…' at", str(error.response["Error"]["Message"]), flags=re.DOTALL)
    return "accepted"


def row_46(lab: Lab) -> str:
    """Versions created into one group at the same moment, from parallel threads."""
    group = lab.group("together")
    with ThreadPoolExecutor(max_workers=CONCURRENT_CREATES) as pool:
        answers = list(pool.map(lambda _: _create_answer(lab, group), range(CONCURRENT_CREATES)))
    if "refused:ConflictException" in answers:
        return "conflict"
    return "serialised" if answers == ["allowed"] * CONCURRENT_CREATES else ",".join(sorted(set(answers)))


CONCURRENT_CREATES = 5


def _create_answer(lab: Lab, group: str) -> str:
    """``allowed`` or ``refused:<code>`` for one version (SDK clients are thread-safe)."""
    try:
        arn: str = lab.sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=lab.spec())[
            "ModelPackageArn"
        ]
    except ClientError as error:
        return answer_of(error)
    lab.created.append(arn)
    return "allowed"


PROBES = (
    Probe(1, "CreateModelPackage with the group's ARN", row_1),
    Probe(3, "Describe's ModelPackageGroupName after a create with the ARN", row_3),
    open_question("version_name", row_4),
    Probe(6, "letter case of a name in its ARN", row_6),
    open_question("version_tags", row_8),
    open_question("client_token_reuse", row_12),
    open_question("missing_package", row_18),
    open_question("duplicate_name", row_20),
    Probe(21, "message when neither name is given", row_21),
    open_question("update_unversioned", row_22),
    open_question("replace_inference_specification", row_25),
    Probe(27, "unversioned package with SourceUri", row_27),
    Probe(28, "unversioned package without SupportedTransformInstanceTypes", row_28),
    Probe(30, "model card content and status in one update", row_30),
    open_question("delete_approved", row_34),
    Probe(35, "DeleteModelPackageGroup right after DeleteModelPackage", row_35),
    Probe(42, "ImageDigest filled in by Describe", row_42),
    Probe(44, "AdditionalS3DataSource in InferenceSpecification", row_44),
    open_question("concurrent_create", row_46),
    open_question("cross_account_denied", row_54),
    open_question("line_breaks", row_55),
    Probe(56, "wording of a value over its maximum length", row_56),
)


def credentials_and_region(region: str | None) -> tuple[bool, str | None]:
    """Whether credentials are configured and which region, found without any network call
    (the instance-metadata and container providers are the only ones that would make one)."""
    session = botocore.session.Session()
    resolver = session.get_component("credential_provider")
    for provider in ("iam-role", "container-role"):
        resolver.remove(provider)
    found = region or session.get_config_variable("region") or os.environ.get("AWS_REGION")
    return resolver.load_credentials() is not None, found


def ask(sm: Any, image: str, probes: tuple[Probe, ...] = PROBES, workload: Any = None) -> dict[int, str]:
    """Every probe's answer from one SageMaker (``workload``: a client of a second account);
    everything created is deleted, whatever happens."""
    lab = Lab(sm, image, workload)
    answers = {}
    try:
        for probe in probes:
            try:
                answers[probe.row] = probe.ask(lab)
            except ClientError as error:
                answers[probe.row] = f"probe failed: {answer_of(error)}"
    finally:
        lab.clean_up()
    return answers


@contextmanager
def local_sagemaker() -> Iterator[Any]:
    """An in-process local SageMaker, with the behaviours the environment chooses."""
    from local.sagemaker.server import start  # imported here: moto loads only when needed

    with start() as server:
        yield server


def sagemaker(region: str, credentials: dict[str, str] | None = None, **endpoint: str) -> Any:
    """A SageMaker client with the standard credentials, or with ``credentials`` (AssumeRole's
    form: ``AccessKeyId``, ``SecretAccessKey``, ``SessionToken``)."""
    given = {}
    if credentials:
        given = {
            "aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials["SecretAccessKey"],
            "aws_session_token": credentials.get("SessionToken"),
        }
    return boto3.client("sagemaker", region_name=region, **given, **endpoint)


LOCAL_CREDENTIALS = {"AccessKeyId": "local", "SecretAccessKey": "local"}


def assumed(region: str, role_arn: str) -> dict[str, str]:
    """Credentials of ``role_arn`` (another account's), assumed with the standard credentials."""
    made = boto3.client("sts", region_name=region).assume_role(RoleArn=role_arn, RoleSessionName="calibrate")
    return dict(made["Credentials"])


def report(real: dict[int, str], local: dict[int, str]) -> list[str]:
    """One line per row: real answer, local answer, and the setting that would reproduce an open one."""
    width = max(len(probe.question) for probe in PROBES)
    lines = [f"{'row':>4}  {'question':<{width}} {'real':<28} {'local':<28}"]
    differences = 0
    for probe in PROBES:
        got, ours = real.get(probe.row, "-"), local.get(probe.row, "-")
        mark = "" if got == ours else "  <- differs"
        if got != ours and probe.switch and got in BEHAVIOURS[probe.switch].choices:
            mark += f"; set {ENV_PREFIX}{probe.switch.upper()}={got}"
        differences += got != ours
        lines.append(f"{probe.row:>4}  {probe.question:<{width}} {got:<28} {ours:<28}{mark}")
    lines.append(f"{differences} difference(s) out of {len(PROBES)} rows")
    return lines


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM behaves like Ctrl-C, so that clean-up runs."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region")
    parser.add_argument("--image", help="inference image URI (default: an AWS Deep Learning Container of the region)")
    parser.add_argument("--workload-role-arn", help="a role of a second account, for row 54 (else skipped)")
    args = parser.parse_args(argv)
    has_credentials, region = credentials_and_region(args.region)
    if not has_credentials or not region:
        print(NEEDS)
        return 0
    image = args.image or f"763104351884.dkr.ecr.{region}.amazonaws.com/pytorch-inference:2.1.0-cpu-py310"
    signal.signal(signal.SIGTERM, _interrupt)
    role = args.workload_role_arn
    workload = sagemaker(region, assumed(region, role)) if role else None
    real = ask(sagemaker(region), image, workload=workload)
    with local_sagemaker() as server:
        endpoint = {"endpoint_url": server.url}
        local_workload = None
        if role:  # the same account and role name, in the local SageMaker
            account, name = role.split(":")[4], role.rsplit("/", 1)[-1]
            local_workload = sagemaker("us-east-1", server.credentials_in(account, name), **endpoint)
        local = ask(sagemaker("us-east-1", LOCAL_CREDENTIALS, **endpoint), image, workload=local_workload)
    print("\n".join(report(real, local)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
