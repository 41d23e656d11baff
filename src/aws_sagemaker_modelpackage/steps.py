"""The steps handlers are made of. Each is safe to run again after a re-invocation: what was
already done is recorded in the callback context and skipped."""

from dataclasses import fields
from typing import Any

from botocore.exceptions import ClientError
from cloudformation_cli_python_lib import HandlerErrorCode, OperationStatus, ProgressEvent

from . import planner, stabiliser, tags, translator, validation
from .chain import Chain, to_model
from .errors import classify
from .models import ResourceModel
from .stabiliser import Outcome

# --- validate ----------------------------------------------------------------------------


def validate_create(chain: Chain) -> None:
    validation.check_create(chain.desired)


def validate_update(chain: Chain) -> None:
    validation.check_update(chain.previous, chain.desired, chain.previous)


def require_arn(chain: Chain) -> ProgressEvent | None:
    if not chain.arn:
        return ProgressEvent.failed(HandlerErrorCode.NotFound, "ModelPackageArn is required to find the model package")
    return None


# --- create --------------------------------------------------------------------------------


def create_package(chain: Chain) -> None:
    if chain.context.arn:
        return
    wanted = {} if chain.versioned else tags.desired(chain.desired.get("Tags"), chain.request.desiredResourceTags)
    request = translator.create_request(
        chain.client.meta.service_model,
        chain.desired,
        translator.client_token(
            chain.desired,
            chain.request.clientRequestToken,
            chain.request.stackId,
            chain.request.logicalResourceIdentifier,
        ),
        tags.as_list(wanted),
    )
    chain.context.arn = chain.client.create_model_package(**request)["ModelPackageArn"]


def set_source_uri(chain: Chain) -> None:
    """SageMaker refuses SourceUri with InferenceSpecification on create: set it right after."""
    source_uri = translator.deferred_source_uri(chain.desired)
    if source_uri and not chain.context.applied:
        chain.client.update_model_package(ModelPackageArn=chain.context.arn, SourceUri=source_uri)
    chain.context.applied = True


# --- update --------------------------------------------------------------------------------


def plan_update(chain: Chain) -> None:
    chain.changes = planner.plan(chain.client.meta.service_model, chain.previous, chain.desired)


def apply_update(chain: Chain) -> None:
    """Send the plan as it is; the package is described only if SageMaker refuses it and the
    refusal may come from the package's current state (an additional inference specification
    already there after a lost response or an outside change, an archived model card). Then
    the plan is checked and refined against that state and sent again, or the refusal stands.
    A refused update changes nothing, so sending it again is safe."""
    if chain.context.applied:
        return
    if chain.changes:
        try:
            _send_update(chain, chain.changes)
        except ClientError as error:
            if not planner.needs_current_state(chain.changes) or classify(error) is not HandlerErrorCode.InvalidRequest:
                raise
            current = describe(chain)
            validation.check_update(chain.previous, chain.desired, translator.from_api(current, None))
            refined = planner.against_current(chain.changes, current)
            if refined == chain.changes:
                raise
            if refined:
                _send_update(chain, refined)
            chain.changes = refined
    chain.context.applied = True


def _send_update(chain: Chain, changes: dict[str, Any]) -> None:
    chain.client.update_model_package(**translator.update_request(chain.client.meta.service_model, chain.arn, changes))


def apply_tags(chain: Chain) -> None:
    if chain.versioned:
        return
    wanted = tags.desired(chain.desired.get("Tags"), chain.request.desiredResourceTags)
    before = tags.desired(chain.previous.get("Tags"), chain.request.previousResourceTags)
    if wanted == before:
        return
    to_add, to_remove = tags.diff(tags.list_all(chain.client, chain.arn), wanted)
    if to_remove:
        chain.client.delete_tags(ResourceArn=chain.arn, TagKeys=to_remove)
    if to_add:
        chain.client.add_tags(ResourceArn=chain.arn, Tags=to_add)


# --- stabilise and read ------------------------------------------------------------------


def describe(chain: Chain) -> dict[str, Any]:
    chain.description = chain.client.describe_model_package(ModelPackageName=chain.arn)
    return chain.description


def stabilise(chain: Chain) -> ProgressEvent | None:
    description = describe(chain)
    outcome = stabiliser.assess(description)
    if outcome is Outcome.DONE:
        return None
    if outcome is Outcome.FAILED:
        return chain.failed(
            HandlerErrorCode.NotStabilized,
            f"Model package {chain.arn} ended Failed: {stabiliser.failure_reasons(description)}",
        )
    return wait(chain)


def wait(chain: Chain) -> ProgressEvent:
    if chain.context.waiting_since is None:
        chain.context.waiting_since = chain.now()
    chain.context.retries = 0
    return chain.wait(stabiliser.next_delay(chain.now() - chain.context.waiting_since))


def read_back(chain: Chain) -> ProgressEvent:
    """Success, with the model as SageMaker holds it now (the last describe, plus tags for
    unversioned packages)."""
    description = chain.description or describe(chain)
    found_tags = None if description.get("ModelPackageGroupName") else tags.list_all(chain.client, chain.arn)
    return chain.success(translator.from_api(description, found_tags))


# --- delete --------------------------------------------------------------------------------


def delete_package(chain: Chain) -> None:
    if not chain.context.applied:
        chain.client.delete_model_package(ModelPackageName=chain.arn)
        chain.context.applied = True


def await_deletion(chain: Chain) -> ProgressEvent | None:
    try:
        describe(chain)
    except ClientError as error:
        if classify(error, arn=chain.arn) is HandlerErrorCode.NotFound:
            return ProgressEvent(status=OperationStatus.SUCCESS)
        raise
    return wait(chain)


# --- list ----------------------------------------------------------------------------------


def list_page(chain: Chain) -> ProgressEvent:
    """One page of ListModelPackages: each model is the package's summary (identifier, names,
    version, statuses, creation time)."""
    group = chain.desired.get("ModelPackageGroupName")
    kwargs: dict[str, Any] = {"ModelPackageGroupName": group} if group else {"ModelPackageType": "Both"}
    if chain.request.nextToken:
        kwargs["NextToken"] = chain.request.nextToken
    page = chain.client.list_model_packages(**kwargs)
    models = [_summary_model(translator.from_api(summary, None)) for summary in page.get("ModelPackageSummaryList", ())]
    return ProgressEvent(status=OperationStatus.SUCCESS, resourceModels=models, nextToken=page.get("NextToken"))


_NO_VALUES = {field.name: None for field in fields(ResourceModel)}


def _summary_model(values: dict[str, Any]) -> Any:
    """The model of a summary. Summaries are mostly flat values, which make the model directly;
    the generated deserialiser (which scans the models module on every call, about 0.5 ms)
    is left for nested ones (e.g. ModelLifeCycle)."""
    if any(isinstance(value, (dict, list)) for value in values.values()):
        return to_model(values)
    return ResourceModel(**{**_NO_VALUES, **values})
