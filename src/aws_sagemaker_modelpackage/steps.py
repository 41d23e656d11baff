"""The steps handlers are made of, each declared with its name (see ``chain.Step``). Steps that
change SageMaker are remembered: once finished, a re-invocation skips them. The others only
read or compute, and run again."""

import hashlib
import json
import logging
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import ClientError
from cloudformation_cli_python_lib.interface import Action, BaseModel, OperationStatus, ProgressEvent

from . import api_model, constraints, errors, flags, planner, properties, retries, schema, stabiliser, translator
from .chain import DESIRED, PREVIOUS, Chain, Result, step
from .json_model import JsonModel
from .stabiliser import Status

if TYPE_CHECKING:  # development stubs only (see client.py)
    from types_boto3_sagemaker.type_defs import DescribeModelPackageInputTypeDef, ListModelPackagesInputTypeDef

LOG = logging.getLogger(__name__)

# On create, "already exists" is the package itself; "does not exist" is the group it names.
ON_CREATE = errors.Meanings(already_exists=errors.Subject.PACKAGE, does_not_exist=errors.Subject.REFERENCE)

# What steps put for later ones (see ``chain.Result``).
PLAN = Result[list[planner.Request]]("plan_update")
"""The update plan: the UpdateModelPackage requests to send, in order."""
DESCRIPTION = Result[dict[str, Any]]("DescribeModelPackage")
"""The package as SageMaker last described it in this invocation."""


def _state(chain: Chain) -> properties.State:
    """The request as the property rules see it, with the package as last described (if it was)."""
    request = chain.request
    return properties.State(
        desired=chain.desired,
        previous=chain.previous,
        current=chain.get(DESCRIPTION),
        stack_tags=request.desiredResourceTags,
        previous_stack_tags=request.previousResourceTags,
        request_ids=(request.clientRequestToken, request.stackId, request.logicalResourceIdentifier),
        creating=chain.action is Action.CREATE,
    )


# --- validate ----------------------------------------------------------------------------


@step("validate")
def validate(chain: Chain) -> None:
    """Every property rule's checks (create and update alike: each rule knows which it is), then
    every request the handler will send against SageMaker's own constraints (``constraints.py``)."""
    state = _state(chain)
    properties.check(state)
    constraints.check(state)


@step("require_arn")
def require_arn(chain: Chain) -> None:
    _required_arn(chain)


# --- create --------------------------------------------------------------------------------


@step("create_package", remember=True, meanings=ON_CREATE, retries=(retries.AWAIT_GROUP, *retries.ON_CHANGE))
def create_package(chain: Chain) -> None:
    """The ARN is kept as soon as SageMaker answers: a re-invocation never creates twice. A
    version whose group does not exist yet is tried again for a while: the template may create
    the group at the same time (``retries.AWAIT_GROUP``). The ClientToken makes a create retried
    after a lost answer return the package it made, not a second one."""
    request = translator.create_request(api_model.sagemaker(), _state(chain))
    chain.context.arn = chain.client.create_model_package(**request)["ModelPackageArn"]


@step("clean_up_failed_create")
def clean_up_failed_create(chain: Chain) -> None:
    """A create that fails after the package exists deletes it, so that nothing is left behind
    (a throttled delete is retried like any other step; the create's failure waits meanwhile)."""
    arn = chain.context.arn
    if arn is None:
        return
    try:
        _delete(chain, arn)
    except ClientError as error:
        if not errors.is_package_gone(error, arn):
            raise
    LOG.info("CREATE %s: deleted after the failure", arn)


@step("after_create", remember=True, retries=retries.ON_CHANGE)
def after_create(chain: Chain) -> None:
    """What SageMaker refuses on create is set by an update right after (see ``planner.py``)."""
    changes = planner.after_create(_state(chain))
    if changes:
        _send_update(chain, changes)


# --- update --------------------------------------------------------------------------------


@step("read_package")
def read_package(chain: Chain) -> None:
    """The package as SageMaker describes it becomes the previous state when the request has
    none (Cloud Control may pass none) or is a rollback (the failed update may have been applied
    in part); a rollback asks for what the failed update changed as the old template has it, and
    for the rest as it is on the package, keeping what SageMaker cannot undo
    (``planner.for_rollback``), one log line each. Only these updates cost this
    DescribeModelPackage. Both states are put as the chain's ``PREVIOUS`` and ``DESIRED``, which
    the later steps read (``_state``)."""
    rollback = flags.of(chain.request).rollback
    if chain.previous and not rollback:
        return
    failed_template = chain.previous
    chain.put(PREVIOUS, _package_model(chain))
    if rollback:
        desired, kept = planner.for_rollback(_state(chain), failed_template)
        chain.put(DESIRED, desired)
        for line in kept:
            LOG.info("UPDATE %s: rollback: %s", chain.arn, line)


@step("plan_update")
def plan_update(chain: Chain) -> None:
    chain.put(PLAN, planner.plan(api_model.sagemaker(), _state(chain)))


@step("apply_update", remember=True, retries=retries.ON_CHANGE)
def apply_update(chain: Chain) -> None:
    """Send the planned requests in order, each remembered on its own under its content: a
    re-invocation plans the same requests again, or, planning against the package, none of
    those already applied (``plan_update`` runs before this step in every invocation). A request
    SageMaker refuses for what may be on the package now is not the end: the update is planned
    again against the package once, and that plan replaces what was left (``_replanned``)."""
    pending = list(chain.get(PLAN) or ())
    replanned = False
    while pending:
        request = pending.pop(0)
        try:
            chain.once(_memo(request), partial(_send_update, chain, request))
        except ClientError as error:
            again = None if replanned or not _may_depend_on_current(request, error) else _replanned(chain, request)
            if again is None:
                raise
            pending, replanned = again, True


def _memo(request: dict[str, Any]) -> str:
    """The name a sent request is remembered by: a digest of its content (which may be secret)."""
    content = json.dumps(request, sort_keys=True, default=str).encode()
    return f"apply_update/{hashlib.sha256(content).hexdigest()[:16]}"


def _may_depend_on_current(request: dict[str, Any], error: ClientError) -> bool:
    """Whether SageMaker's refusal of ``request`` may come from the package's current state (an
    additional inference specification already there after a lost response or an outside change,
    an archived model card, another inference specification). A refused update changed nothing,
    so sending another plan is safe."""
    return planner.may_depend_on_current(request) and errors.is_refusal(error)


def _replanned(chain: Chain, refused: dict[str, Any]) -> list[planner.Request] | None:
    """The update planned again against the package as described now; None when the new plan
    still holds the refused request (the refusal stands)."""
    current = describe(chain)
    # The plan is of UpdateModelPackage alone: what the rules read by calls of their own (tags)
    # is not needed for it, and the previous state stays for those rules (tag calls compare it).
    package = replace(_state(chain), previous=_package_model(chain, current, own_calls=False), current=current)
    return planner.replanned(api_model.sagemaker(), refused, package)


def _send_update(chain: Chain, changes: dict[str, Any]) -> None:
    arn = _required_arn(chain)
    chain.client.update_model_package(**translator.update_request(api_model.sagemaker(), arn, changes))


@step("sync_properties", remember=True)
def sync_properties(chain: Chain) -> None:
    """Properties changed by calls of their own (tags)."""
    for _, sync in properties.HOOKS.syncers:
        sync(chain.client, _required_arn(chain), _state(chain))


# --- stabilise and read ------------------------------------------------------------------


def describe(chain: Chain, metadata_only: bool = False) -> dict[str, Any]:
    """DescribeModelPackage. ``metadata_only`` where the statuses are all that is needed: the full
    answer of a package encrypted with a customer key needs kms:Decrypt on it (row 43). The
    artifact bundles its botocore, which models ``IncludedData``."""
    request: DescribeModelPackageInputTypeDef = {"ModelPackageName": _required_arn(chain)}
    if metadata_only:
        request["IncludedData"] = "MetadataOnly"
    return chain.put(DESCRIPTION, dict(chain.client.describe_model_package(**request)))


@step("stabilise")
def stabilise(chain: Chain) -> ProgressEvent | None:
    description = describe(chain)  # put as DESCRIPTION: read_back reads the package from it
    status = stabiliser.assess(description)
    if status is Status.DONE:
        return None
    if status is Status.FAILED:
        raise errors.NotStabilised(f"Model package {chain.arn} ended Failed: {stabiliser.failure_reasons(description)}")
    return _poll_later(chain, chain.policy.poll, description.get("ModelPackageStatus"))


def _poll_later(chain: Chain, poll: retries.Backoff, status: Any) -> ProgressEvent:
    """Hand back to look again after ``poll``'s next delay, counted from the wait's start."""
    wait = retries.poll(chain.context, poll, chain.clock.time(), chain.clock.random())
    if wait.delay is None:
        raise errors.NotStabilised(f"Model package {chain.arn} was still {status} after {int(wait.waited)} s")
    return chain.in_progress(wait.delay)


@step("read_back")
def read_back(chain: Chain) -> ProgressEvent:
    """Success, with the model as SageMaker holds it now."""
    return chain.success(_package_model(chain))


def _package_model(chain: Chain, description: dict[str, Any] | None = None, own_calls: bool = True) -> dict[str, Any]:
    """The model of the package as SageMaker holds it: ``description``, else the one put in
    this invocation (``DESCRIPTION``), else one made now, plus, with ``own_calls``, what the
    property rules read by calls of their own (the tags of an unversioned package)."""
    found = dict(description or chain.get(DESCRIPTION) or describe(chain))
    for _, fetch in properties.HOOKS.fetchers if own_calls else ():
        found.update(fetch(chain.client, _required_arn(chain), _state(chain)))
    return translator.from_api(found, chain.desired)


def _required_arn(chain: Chain) -> str:
    arn = chain.arn
    if arn is None:
        raise errors.PackageUnknown("ModelPackageArn is required to find the model package")
    return arn


# --- delete --------------------------------------------------------------------------------


@step("delete_package", remember=True)
def delete_package(chain: Chain) -> ProgressEvent | None:
    """DeleteModelPackage. A package SageMaker says does not exist is gone by this operation's
    own hand when an earlier DeleteModelPackage of it may have been applied though its answer
    was lost (``retries.may_have_applied``): the delete succeeded. Otherwise it did not exist
    when the request began, and the delete fails NotFound, as CloudFormation's contract asks."""
    arn = _required_arn(chain)
    try:
        _delete(chain, arn)
    except ClientError as error:
        if not errors.is_package_gone(error, arn):
            raise
        if not retries.may_have_applied(chain.context, "delete_package", error):
            LOG.info("DELETE %s: did not exist when the delete began", arn)
            raise
        LOG.info("DELETE %s: gone after this operation's own DeleteModelPackage, whose answer was lost", arn)
        return chain.success()
    return None


def _delete(chain: Chain, arn: str) -> None:
    """DeleteModelPackage, for a delete and for the clean-up of a failed create. If SageMaker
    refuses to delete the package because of its state (row 34: a ConflictException for an
    Approved version), what stands in the way is withdrawn (remembered; see
    ``properties/model_approval_status.py``) and the delete sent again: the package must go.
    Never before such a refusal."""
    try:
        chain.client.delete_model_package(ModelPackageName=arn)
    except ClientError as error:
        withdrawal = properties.withdrawal(describe(chain, metadata_only=True)) if errors.is_conflict(error) else {}
        if not withdrawal:
            raise
        chain.once("withdraw_approval", partial(_withdraw, chain, arn, withdrawal))
        chain.client.delete_model_package(ModelPackageName=arn)


def _withdraw(chain: Chain, arn: str, withdrawal: dict[str, Any]) -> None:
    chain.client.update_model_package(ModelPackageArn=arn, **withdrawal)


@step("await_deletion")
def await_deletion(chain: Chain) -> ProgressEvent | None:
    try:
        description = describe(chain, metadata_only=True)
    except ClientError as error:
        if errors.is_package_gone(error, chain.arn):
            return chain.success()
        raise
    return _poll_later(chain, chain.policy.deletion_poll, description.get("ModelPackageStatus"))


# --- list ----------------------------------------------------------------------------------


@step("list_page")
def list_page(chain: Chain) -> ProgressEvent:
    """One page of ListModelPackages, newest first, so that "the latest approved version of a
    group" is the first model of a LIST by the group and ``ModelApprovalStatus: Approved``. The
    LIST model selects by the properties the schema's ``handlers.list.handlerSchema`` declares,
    each sent as ListModelPackages' filter of the same name; without a group, both kinds of
    package are listed. Each model is the package's summary (identifier, names, version,
    statuses, creation time)."""
    selected: dict[str, Any] = {name: chain.desired[name] for name in schema.list_filters() if chain.desired.get(name)}
    if "ModelPackageGroupName" not in selected:
        selected["ModelPackageType"] = "Both"
    # The names are the schema's, which are ListModelPackages' own (the stubs' type is made from them).
    request = cast("ListModelPackagesInputTypeDef", {**selected, "SortBy": "CreationTime", "SortOrder": "Descending"})
    if chain.request.nextToken:
        request["NextToken"] = chain.request.nextToken
    page = chain.client.list_model_packages(**request)
    models: list[BaseModel] = [
        JsonModel(translator.from_api(summary)) for summary in page.get("ModelPackageSummaryList", ())
    ]
    return ProgressEvent(status=OperationStatus.SUCCESS, resourceModels=models, nextToken=page.get("NextToken"))
