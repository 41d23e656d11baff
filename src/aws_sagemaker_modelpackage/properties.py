"""The rule table: every property the provider does not handle generically, and how it is
handled instead. Adding or changing a rule for a property means editing its entry in ``RULES``.

Every property without an entry is handled from the schemas alone: checked against the
resource schema (``validation.py``), sent as it is in CreateModelPackage (``translator.py``),
sent in UpdateModelPackage when it changed, if the schema says it is updatable
(``planner.py``), and read back from DescribeModelPackage pruned by the resource schema
(``translator.py``). Each hook a ``Rule`` declares replaces one of these treatments for its
property and its companions (e.g. the write-only ``...ToAdd``); a hook left out keeps it.
"""

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from . import tags
from .errors import InputError

Model = Mapping[str, Any]
Part = dict[str, Any]  # a part of an API request


@dataclass(frozen=True)
class State:
    """What a rule sees of one request."""

    desired: Model
    previous: Model = field(default_factory=dict)
    current: Model | None = None  # the package as DescribeModelPackage answered, when it was asked
    stack_tags: Mapping[str, str] | None = None
    previous_stack_tags: Mapping[str, str] | None = None
    request_ids: tuple[str | None, ...] = ()  # CloudFormation's request token, stack id, logical id
    creating: bool = False  # a create, not an update

    @property
    def known(self) -> Model:
        """The package as last known: described now, or else the previous model."""
        return self.current if self.current is not None else self.previous

    @property
    def versioned(self) -> bool:
        return is_versioned(self.desired, self.current)


@dataclass(frozen=True)
class Rule:
    """How one property departs from the generic handling. Every hook is optional."""

    companions: tuple[str, ...] = ()  # other names (write-only, or the API's only) handled with it
    # Validation before any call, on create and update (and again on update against ``current``
    # when the package is described); raises InputError naming the property.
    check: Callable[[State], None] | None = None
    # CreateModelPackage: its part of the request, and of an UpdateModelPackage sent right after.
    create: Callable[[State], Part] | None = None
    after_create: Callable[[State], Part] | None = None
    # Update: its parts of the UpdateModelPackage requests sent in order (part i joins request i).
    plan: Callable[[State], Sequence[Part]] | None = None
    uses_current: bool = False  # SageMaker may refuse a change because of the package's current state
    refine: Callable[[Part, Model], Part] | None = None  # a refused request re-made against that state
    sync: Callable[[Any, str, State], None] | None = None  # calls of its own on update, not UpdateModelPackage
    # Read: calls of its own (client, ARN, description), then its value in the model (found, template).
    fetch: Callable[[Any, str, Model], Part] | None = None
    read: Callable[[Model, Model], Any] | None = None
    secret: str | None = None  # a key inside the value that must never appear in messages or logs
    # Update: the desired value completed with what SageMaker filled in (from the previous model),
    # so that a template leaving such a value out asks for no change.
    filled: Callable[[Any, Any], Any] | None = None


# --- Tags ------------------------------------------------------------------------------------


def _wanted_tags(state: State) -> dict[str, str]:
    return tags.desired(state.desired.get("Tags"), state.stack_tags)


def _check_tags(state: State) -> None:
    """No tags on a version, none of the ``aws:`` keys, never one key twice."""
    if state.desired.get("ModelPackageGroupName") and state.desired.get("Tags"):
        raise InputError(
            "Tags cannot be set on a versioned model package (ModelPackageGroupName is set): "
            "SageMaker applies the model package group's tags to its versions, so tag the group instead"
        )
    keys = [tag.get("Key") or "" for tag in state.desired.get("Tags") or ()]
    reserved = sorted(key for key in keys if tags.is_reserved(key))
    if reserved:
        raise InputError(f"Tags: {', '.join(reserved)}: keys starting with aws: are reserved for AWS and cannot be set")
    repeated = _repeated(keys)
    if repeated:
        raise InputError(f"Tags: the key {', '.join(repeated)} is given more than once")


def _create_tags(state: State) -> Part:
    wanted = {} if state.versioned else _wanted_tags(state)
    return {"Tags": tags.as_list(wanted)} if wanted else {}


def _sync_tags(client: Any, arn: str, state: State) -> None:
    if state.versioned:
        return
    wanted = _wanted_tags(state)
    if wanted != tags.desired(state.previous.get("Tags"), state.previous_stack_tags):
        tags.sync(client, arn, wanted)


def _fetch_tags(client: Any, arn: str, description: Model) -> Part:
    return {} if is_versioned({}, description) else {"Tags": tags.as_list(tags.list_all(client, arn))}


# --- AdditionalInferenceSpecifications ---------------------------------------------------------


_TO_ADD = "AdditionalInferenceSpecificationsToAdd"


def additional_specs(model: Model) -> list[Model]:
    """The additional inference specifications a template asks for, including the write-only
    ``AdditionalInferenceSpecificationsToAdd`` (how AWS's own type adds them). A specification
    given in both lists is one specification."""
    declared = list(model.get("AdditionalInferenceSpecifications") or ())
    also_declared = [spec for spec in model.get(_TO_ADD) or () if any(_equal(spec, other) for other in declared)]
    return declared + [spec for spec in model.get(_TO_ADD) or () if spec not in also_declared]


def _equal(one: Any, other: Any) -> bool:
    return _same(one, other) and _same(other, one)


def _same(given: Any, found: Any) -> bool:
    """Whether ``found`` holds everything ``given`` sets, scalars compared as CloudFormation
    passes them (``"true"`` is ``true``, ``"5"`` is ``5``); what ``given`` leaves out is not
    compared (SageMaker cannot unset it, and may fill it in)."""
    if isinstance(given, Mapping):
        return isinstance(found, Mapping) and all(
            value is None or _same(value, found.get(key)) for key, value in given.items()
        )
    if isinstance(given, list):
        return isinstance(found, list) and len(given) == len(found) and all(map(_same, given, found))
    return found is not None and _scalar(given) == _scalar(found)


def _scalar(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _spec_names(specs: Iterable[Model]) -> set[Any]:
    return {spec.get("Name") for spec in specs}


def _check_unique_specs(state: State) -> None:
    repeated = _repeated(spec.get("Name") for spec in additional_specs(state.desired))
    if repeated:
        raise InputError(
            f"AdditionalInferenceSpecifications: Name {', '.join(repeated)} is used more than once; names must be "
            "unique (one specification may be listed in both AdditionalInferenceSpecifications and "
            "AdditionalInferenceSpecificationsToAdd)"
        )


def _check_specs(state: State) -> None:
    """Unique names; and on update, none removed and none changed (SageMaker can only add)."""
    _check_unique_specs(state)
    if not state.creating:
        _check_no_spec_removed(state)
        _check_no_spec_changed(state)


def _check_no_spec_removed(state: State) -> None:
    declared = state.known if "AdditionalInferenceSpecifications" in state.desired else state.previous
    removed = sorted(
        _spec_names(declared.get("AdditionalInferenceSpecifications") or ())
        - _spec_names(additional_specs(state.desired))
    )
    if removed:
        raise InputError(
            f"AdditionalInferenceSpecifications: {', '.join(removed)} cannot be removed; SageMaker can only "
            "add additional inference specifications to a model package (replace the resource to drop one)"
        )


def _check_no_spec_changed(state: State) -> None:
    """New content under a Name the package already has would be silently ignored: refused."""
    known = {spec.get("Name"): spec for spec in additional_specs(state.previous)}
    if state.current is not None:
        known.update({spec.get("Name"): spec for spec in state.current.get("AdditionalInferenceSpecifications") or ()})
    changed = sorted(
        str(spec.get("Name"))
        for spec in additional_specs(state.desired)
        if spec.get("Name") in known and not _same(spec, known[spec.get("Name")])
    )
    if changed:
        raise InputError(
            f"AdditionalInferenceSpecifications: {', '.join(changed)} already exists with other content; SageMaker "
            "cannot change an additional inference specification (add it under a new Name, or replace the resource)"
        )


def _create_specs(state: State) -> Part:
    specs = additional_specs(state.desired)
    return {"AdditionalInferenceSpecifications": specs} if specs else {}


def _plan_specs(state: State) -> list[Part]:
    known = _spec_names(additional_specs(state.previous))
    new = [spec for spec in additional_specs(state.desired) if spec.get("Name") not in known]
    return [{"AdditionalInferenceSpecificationsToAdd": new}] if new else []


def _specs_not_present(request: Part, current: Model) -> Part:
    """The request without additional inference specifications already on the package (added
    by an earlier attempt, or outside the stack)."""
    refined = dict(request)
    present = _spec_names(current.get("AdditionalInferenceSpecifications") or ())
    remaining = [
        spec for spec in refined.pop("AdditionalInferenceSpecificationsToAdd", ()) if spec.get("Name") not in present
    ]
    if remaining:
        refined["AdditionalInferenceSpecificationsToAdd"] = remaining
    return refined


# --- SourceUri -------------------------------------------------------------------------------


def _deferred_source_uri(state: State) -> Part:
    """SageMaker refuses SourceUri together with InferenceSpecification on create."""
    if state.desired.get("SourceUri") and state.desired.get("InferenceSpecification"):
        return {"SourceUri": state.desired["SourceUri"]}
    return {}


def _create_source_uri(state: State) -> Part:
    if _deferred_source_uri(state) or not state.desired.get("SourceUri"):
        return {}
    return {"SourceUri": state.desired["SourceUri"]}


def _check_source_uri(state: State) -> None:
    """SageMaker refuses SourceUri on an unversioned package (fidelity ledger row 27)."""
    if state.desired.get("SourceUri") and not state.versioned:
        raise InputError(
            f"SourceUri cannot be set on an unversioned model package ({_UNVERSIONED_REFUSAL}): "
            "give ModelPackageGroupName instead of ModelPackageName to register a version with a SourceUri"
        )


# --- InferenceSpecification ------------------------------------------------------------------

# Rows 27 and 28: the SageMaker Python SDK refuses these before calling, quoting SageMaker's rules.
_UNVERSIONED_REFUSAL = "SageMaker refuses it for a package without ModelPackageGroupName"
_INSTANCE_TYPES = ("SupportedRealtimeInferenceInstanceTypes", "SupportedTransformInstanceTypes")


def _check_inference_specification(state: State) -> None:
    """What SageMaker refuses in the inference specification: an AdditionalS3DataSource (row 44);
    and for an unversioned package, a container's ModelDataSource (row 27) and either list of
    instance types missing or empty (row 28: the SDK requires both, non-empty)."""
    specification = state.desired.get("InferenceSpecification") or {}
    containers = list(enumerate(specification.get("Containers") or ()))
    for index, container in containers:
        if container.get("AdditionalS3DataSource"):
            raise InputError(
                f"InferenceSpecification/Containers[{index}]/AdditionalS3DataSource is refused by SageMaker "
                "(AdditionalS3DataSource is not allowed in InferenceSpecification); it may be given in "
                "AdditionalInferenceSpecifications"
            )
    if not specification or state.versioned:
        return
    for index, container in containers:
        if container.get("ModelDataSource"):
            raise InputError(
                f"InferenceSpecification/Containers[{index}]/ModelDataSource cannot be set on an unversioned "
                f"model package ({_UNVERSIONED_REFUSAL}): give ModelDataUrl instead"
            )
    missing = [name for name in _INSTANCE_TYPES if not specification.get(name)]
    if missing:
        raise InputError(
            f"InferenceSpecification/{' and '.join(missing)}: an unversioned model package needs at least one "
            f"instance type in both {' and '.join(_INSTANCE_TYPES)} ({_UNVERSIONED_REFUSAL} otherwise)"
        )


def _with_image_digests(desired: Any, previous: Any) -> Any:
    """The specification with the ImageDigest SageMaker filled in (row 42) for each container the
    template leaves without one, where the previous model has the same image at the same place."""
    before = previous.get("Containers") if isinstance(previous, Mapping) else None
    if not isinstance(desired, Mapping) or not isinstance(desired.get("Containers"), list) or not before:
        return desired
    containers = [
        _with_digest(container, before[index] if index < len(before) else {})
        for index, container in enumerate(desired["Containers"])
    ]
    return {**desired, "Containers": containers}


def _with_digest(container: Model, before: Model) -> Model:
    if "ImageDigest" in container or not before.get("ImageDigest") or before.get("Image") != container.get("Image"):
        return container
    return {**container, "ImageDigest": before["ImageDigest"]}


def unchanged(name: str, desired: Any, previous: Any) -> bool:
    """Whether ``desired`` asks for no change of property ``name`` from ``previous``; a value
    SageMaker filled in that the template leaves out is no change."""
    rule = RULES.get(name)
    if rule is not None and rule.filled is not None:
        desired = rule.filled(desired, previous)
    return bool(desired == previous)


# --- ApprovalDescription ---------------------------------------------------------------------


def _not_on_create(_state: State) -> Part:
    """CreateModelPackage has no such member: nothing in the create request."""
    return {}


def _deferred_approval_description(state: State) -> Part:
    """Set by the UpdateModelPackage right after the create (with a deferred SourceUri); an
    empty description is a value SageMaker holds too (its shape's minimum length is 0)."""
    given = state.desired.get("ApprovalDescription")
    return {"ApprovalDescription": given} if given is not None else {}


# --- ModelCard -------------------------------------------------------------------------------


def _check_card_not_archived(state: State) -> None:
    if state.creating:
        return
    card_before = state.known.get("ModelCard") or {}
    card_after = state.desired.get("ModelCard") or card_before
    archived = card_before.get("ModelCardStatus") == "Archived"
    if archived and card_after.get("ModelCardContent") != card_before.get("ModelCardContent"):
        raise InputError(
            "ModelCard: the model card is Archived and its content cannot change any more "
            "(SageMaker answers: Model Card is in Archived state)"
        )


def _plan_card(state: State) -> list[Part]:
    """What changed of the card, content first, then status, one per UpdateModelPackage: SageMaker
    refuses both in one call (row 30). Content first because an Archived card takes no new
    content, so a move to Archived must come last (a card that is Archived already is refused
    by ``_check_card_not_archived``). An unchanged part is never sent again."""
    before = state.previous.get("ModelCard") or {}
    after = state.desired.get("ModelCard") or {}
    return [
        {"ModelCard": {key: after[key]}}
        for key in ("ModelCardContent", "ModelCardStatus")
        if after.get(key) is not None and after.get(key) != before.get(key)
    ]


# --- ModelPackageName and ModelPackageGroupName ---------------------------------------------


def is_versioned(desired: Model, description: Model | None = None) -> bool:
    """A versioned package belongs to a group; an unversioned one has a name of its own."""
    return bool(desired.get("ModelPackageGroupName") or (description or {}).get("ModelPackageGroupName"))


def name_of(model: Model) -> str | None:
    """The name a template gives the package: its own, or its group's."""
    return model.get("ModelPackageName") or model.get("ModelPackageGroupName")


# What each name means, in the message of the choice between them.
_NAME_LABELS = {"ModelPackageName": "unversioned package", "ModelPackageGroupName": "versioned package"}


def explain_choice(names: Sequence[str], model: Model) -> str:
    """The message for a template that does not set exactly one of ``names``."""
    labelled = [f"{name} ({_NAME_LABELS[name]})" if name in _NAME_LABELS else name for name in names]
    given = [name for name in names if model.get(name)]
    return f"Exactly one of {' and '.join(labelled)} must be set; got {' and '.join(given) or 'neither'}"


def _check_exactly_one_name(state: State) -> None:
    names = ("ModelPackageName", "ModelPackageGroupName")
    if state.creating and sum(1 for name in names if state.desired.get(name)) != 1:
        raise InputError(explain_choice(names, state.desired))


def _read_name(found: Model, _template: Model) -> Any:
    """For a version, SageMaker echoes the group's name as ModelPackageName; the template names
    only the group."""
    return None if found.get("ModelPackageGroupName") else found.get("ModelPackageName")


def _read_group_name(found: Model, template: Model) -> Any:
    """SageMaker always answers with the group's name. A template that names the group by its
    ARN (``!Ref Group``) gets its own value back when it is the same group: the model returned
    for a request must match it (CloudFormation's contract). Asked by the package's ARN alone
    (drift detection, import), the name is returned; the schema's ``propertyTransform`` tells
    CloudFormation that the ARN and the name are the same value."""
    name = found.get("ModelPackageGroupName")
    given = template.get("ModelPackageGroupName")
    if name and isinstance(given, str) and given.startswith("arn:") and given.rsplit("/", 1)[-1] == name:
        return given
    return name


# --- ClientToken -----------------------------------------------------------------------------

_TOKEN_NAMESPACE = uuid.UUID("5b7f3c1e-6d1a-4b8e-9a57-2f0d7a9c4e11")


def client_token(state: State) -> str:
    """The ClientToken sent to SageMaker: derived from CloudFormation's request (its token, the
    stack and logical id, so two resources never share one) and the template's ClientToken if
    it has one. A create re-sent after a lost response or a timeout carries the same request,
    so SageMaker recognises it instead of making a second package; a replacement is a new
    request, so it makes a new package even with the template's token unchanged (sent as it is,
    SageMaker would answer with the live package, which CloudFormation then deletes as the old
    resource: row 12 of the fidelity ledger). A UUID: 36 characters of ``[a-zA-Z0-9-]``."""
    given = state.desired.get("ClientToken")
    parts = (given, *state.request_ids) if given else state.request_ids
    return str(uuid.uuid5(_TOKEN_NAMESPACE, "|".join(str(part or "") for part in parts)))


# --- CustomerMetadataProperties --------------------------------------------------------------


def _plan_metadata(state: State) -> list[Part]:
    """Keys set or changed, and keys removed (SageMaker merges what it is sent)."""
    before = state.previous.get("CustomerMetadataProperties") or {}
    after = state.desired.get("CustomerMetadataProperties") or {}
    changes: Part = {}
    to_set = {key: value for key, value in after.items() if before.get(key) != value}
    to_remove = sorted(key for key in before if key not in after)
    if to_set:
        changes["CustomerMetadataProperties"] = to_set
    if to_remove:
        changes["CustomerMetadataPropertiesToRemove"] = to_remove
    return [changes] if changes else []


def _read_metadata(found: Model, _template: Model) -> Any:
    value = found.get("CustomerMetadataProperties")
    return dict(sorted(value.items())) if isinstance(value, Mapping) else value


# --- The table -------------------------------------------------------------------------------

# Each entry: the property, then its rule; the comment says why it is not generic.
RULES: dict[str, Rule] = {
    # Exactly one of the two names; a version's description echoes its group's name.
    "ModelPackageName": Rule(companions=("ModelPackageGroupName",), check=_check_exactly_one_name, read=_read_name),
    # Given by name or by ARN (``!Ref Group``); SageMaker answers with the name.
    "ModelPackageGroupName": Rule(read=_read_group_name),
    # Template tags plus stack tags, unversioned packages only, changed by tag calls of their own.
    "Tags": Rule(check=_check_tags, create=_create_tags, sync=_sync_tags, fetch=_fetch_tags),
    # SageMaker can only add them, by name, through an update field of its own.
    "AdditionalInferenceSpecifications": Rule(
        companions=("AdditionalInferenceSpecificationsToAdd",),
        check=_check_specs,
        create=_create_specs,
        plan=_plan_specs,
        uses_current=True,
        refine=_specs_not_present,
    ),
    # SageMaker's rules for what an inference specification may hold, checked before any call; it
    # fills in each container's ImageDigest, so a template without it is no change.
    # (ValidationSpecification's TransformOutput.KmsKeyId "" is filled in too, but it is create-only.)
    "InferenceSpecification": Rule(check=_check_inference_specification, filled=_with_image_digests),
    # Refused with InferenceSpecification on create, so set by an update right after; refused on
    # unversioned packages.
    "SourceUri": Rule(check=_check_source_uri, create=_create_source_uri, after_create=_deferred_source_uri),
    # CreateModelPackage has no ApprovalDescription, so set by an update right after.
    "ApprovalDescription": Rule(create=_not_on_create, after_create=_deferred_approval_description),
    # An Archived card's content cannot change; content and status in separate calls; the content is sensitive.
    "ModelCard": Rule(check=_check_card_not_archived, plan=_plan_card, uses_current=True, secret="ModelCardContent"),
    # Write-only; what is sent is derived from it and CloudFormation's request (a replacement re-sends it).
    "ClientToken": Rule(create=lambda state: {"ClientToken": client_token(state)}),
    # SageMaker merges the map: removed keys are sent in a field of their own.
    "CustomerMetadataProperties": Rule(
        companions=("CustomerMetadataPropertiesToRemove",), plan=_plan_metadata, read=_read_metadata
    ),
}


@cache
def handled(hook: str) -> frozenset[str]:
    """Every name (properties and companions) whose generic treatment ``hook`` replaces."""
    return frozenset(
        name for prop, rule in RULES.items() if getattr(rule, hook) is not None for name in (prop, *rule.companions)
    )


@cache
def hooks(hook: str) -> tuple[tuple[str, Callable[..., Any]], ...]:
    """(property, its ``hook``) for each rule that declares that hook, in the table's order
    (computed once: the table does not change; LIST reads thousands of summaries through it)."""
    return tuple((prop, getattr(rule, hook)) for prop, rule in RULES.items() if getattr(rule, hook) is not None)


def check(state: State) -> None:
    """Every rule's checks, in the table's order; the first broken one raises InputError."""
    for _, run in hooks("check"):
        run(state)


def secrets(model: Model) -> dict[str, str]:
    """Secret values in ``model`` → the placeholder that stands for each in messages."""
    found = {}
    for prop, rule in RULES.items():
        value = (model.get(prop) or {}).get(rule.secret) if rule.secret else None
        if value:
            found[str(value)] = f"<{rule.secret}>"
    return found


def _repeated(values: Iterable[Any]) -> list[Any]:
    seen = list(values)
    return sorted({value for value in seen if seen.count(value) > 1})
