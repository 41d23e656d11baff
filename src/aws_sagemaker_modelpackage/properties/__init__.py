"""The rule table: every property the provider does not handle generically, and how it is
handled instead. Each rule lives in a module of its own, named after its property; adding or
changing a rule for a property means editing its module and its entry in ``RULES``.

Every property without an entry is handled from the schemas alone: checked against the
resource schema (``validation.py``), sent as it is in CreateModelPackage (``translator.py``),
sent in UpdateModelPackage when it changed, if the schema says it is updatable
(``planner.py``), and read back from DescribeModelPackage pruned by the resource schema
(``translator.py``). Each hook a ``Rule`` declares replaces one of these treatments for its
property and its companions (e.g. the write-only ``...ToAdd``); a hook left out keeps it.
``HOOKS`` gives each hook with its type (``HOOKS.fetchers``, ...), in the table's order.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import (
    additional_specifications,
    approval_description,
    client_token,
    customer_metadata,
    inference_specification,
    model_approval_status,
    model_card,
    names,
    source_uri,
    tags,
    values,
)

if TYPE_CHECKING:  # development stubs only (see client.py)
    from types_boto3_sagemaker import SageMakerClient

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
        """A versioned package belongs to a group (as the template or SageMaker says); an
        unversioned one has a name of its own."""
        return bool(self.desired.get("ModelPackageGroupName") or (self.current or {}).get("ModelPackageGroupName"))


Check = Callable[[State], None]
Contribution = Callable[[State], Part]
Plan = Callable[[State], Sequence[Part]]
Keep = Callable[[State], tuple[Part, list[str]]]
Revert = Callable[[State, Model], Part]
Sync = Callable[["SageMakerClient", str, State], None]
Fetch = Callable[["SageMakerClient", str, State], Part]
Read = Callable[[Model, Model], Any]
Fill = Callable[[Any, Any], Any]
Withdraw = Callable[[Model], Part]


@dataclass(frozen=True)
class Rule:
    """How one property departs from the generic handling. Every hook is optional."""

    companions: tuple[str, ...] = ()  # other names (write-only, or the API's only) handled with it
    # Validation before any call, on create and update (and again on update against ``current``
    # when the package is described); raises InputError naming the property.
    check: Check | None = None
    # CreateModelPackage: its part of the request, and of an UpdateModelPackage sent right after.
    create: Contribution | None = None
    after_create: Contribution | None = None
    # Update: its parts of the UpdateModelPackage requests sent in order (part i joins request i).
    plan: Plan | None = None
    # SageMaker may refuse a change because of the package's current state: after such a refusal
    # the package is described and the update planned again against it.
    uses_current: bool = False
    # A rollback (see ``planner.for_rollback``): its part of the desired state, worked out per key
    # from the old template (``State.desired``), the package (``State.previous``) and the failed
    # update's template; without it the property is undone whole if the failed update changed it.
    revert: Revert | None = None
    # A rollback: its part of the desired state SageMaker can reach (what it cannot undo kept),
    # and one line per value kept.
    keep: Keep | None = None
    # Why SageMaker keeps a value once set when a template drops it (a rollback logs it as kept);
    # ``None``: the generic reason, SageMaker cannot unset it.
    cannot_unset: str | None = None
    sync: Sync | None = None  # calls of its own on update, not UpdateModelPackage
    # Read: calls of its own (client, ARN, the state with the package described), then its value
    # in the model (found, template).
    fetch: Fetch | None = None
    read: Read | None = None
    secret: str | None = None  # a key inside the value that must never appear in messages or logs
    # Update: the desired value completed with what SageMaker filled in (from the previous model),
    # so that a template leaving such a value out asks for no change.
    filled: Fill | None = None
    # Delete: what is sent before a delete SageMaker refused is sent again, for the package as
    # described (empty when the property is not what stands in the way).
    withdraw: Withdraw | None = None

    def names(self, prop: str) -> tuple[str, ...]:
        """The property and its companions."""
        return (prop, *self.companions)


# --- The table -------------------------------------------------------------------------------

# Each entry: the property, then its rule; the comment says why it is not generic.
RULES: dict[str, Rule] = {
    # Exactly one of the two names; a version's description echoes its group's name.
    "ModelPackageName": Rule(
        companions=("ModelPackageGroupName",), check=names.check_exactly_one, read=names.read_name
    ),
    # Given by name or by ARN (``!Ref Group``); SageMaker answers with the name.
    "ModelPackageGroupName": Rule(read=names.read_group_name),
    # Template tags plus stack tags, unversioned packages only, changed by tag calls of their own.
    # Only what the template changed is changed: tags set outside the stack stay.
    "Tags": Rule(check=tags.check, create=tags.create, sync=tags.sync, revert=tags.revert, fetch=tags.fetch),
    # SageMaker can only add them, by name, through an update field of its own.
    "AdditionalInferenceSpecifications": Rule(
        companions=(additional_specifications.TO_ADD,),
        check=additional_specifications.check,
        create=additional_specifications.create,
        plan=additional_specifications.plan,
        uses_current=True,
        keep=additional_specifications.keep,
    ),
    # SageMaker's rules for what an inference specification may hold, checked before any call; it
    # fills in each container's ImageDigest, so a template without it is no change; it may refuse
    # another specification once the package has one (row 25).
    # (ValidationSpecification's TransformOutput.KmsKeyId "" is filled in too, but it is create-only.)
    "InferenceSpecification": Rule(
        check=inference_specification.check,
        filled=inference_specification.with_digests,
        uses_current=True,
        cannot_unset="SageMaker cannot remove an inference specification once set",
    ),
    # Refused with InferenceSpecification on create, so set by an update right after; refused on
    # unversioned packages.
    "SourceUri": Rule(
        check=source_uri.check,
        create=source_uri.create,
        after_create=source_uri.deferred,
        cannot_unset="SageMaker cannot remove a source once set",
    ),
    # CreateModelPackage has no ApprovalDescription, so set by an update right after.
    "ApprovalDescription": Rule(create=approval_description.not_on_create, after_create=approval_description.deferred),
    # An Archived card's content cannot change; content and status in separate calls; the content is sensitive.
    "ModelCard": Rule(
        check=model_card.check_not_archived,
        plan=model_card.plan,
        uses_current=True,
        keep=model_card.keep,
        secret=model_card.SECRET,
    ),
    # Write-only; what is sent is derived from it and CloudFormation's request (a replacement re-sends it).
    "ClientToken": Rule(create=client_token.create),
    # SageMaker merges the map: removed keys are sent in a field of their own; keys set outside
    # the stack stay.
    "CustomerMetadataProperties": Rule(
        companions=(customer_metadata.TO_REMOVE,),
        plan=customer_metadata.plan,
        revert=customer_metadata.revert,
        read=customer_metadata.read,
    ),
    # Generic, except what a delete withdraws when SageMaker refuses to delete an Approved version.
    "ModelApprovalStatus": Rule(withdraw=model_approval_status.withdraw),
}


# --- Typed access to the hooks ----------------------------------------------------------------


def _declared[Hook](hook: Callable[[Rule], Hook | None]) -> tuple[tuple[str, Hook], ...]:
    """(property, its hook) for each rule that declares the hook, in the table's order."""
    return tuple((prop, found) for prop, rule in RULES.items() if (found := hook(rule)) is not None)


def _names(declared: Sequence[tuple[str, object]]) -> frozenset[str]:
    """The properties that declare a hook, and their companions."""
    return frozenset(name for prop, _ in declared for name in RULES[prop].names(prop))


@dataclass(frozen=True)
class Hooks:
    """Each hook the table declares, with its type: (property, hook) in the table's order."""

    checks: tuple[tuple[str, Check], ...] = _declared(lambda rule: rule.check)
    creators: tuple[tuple[str, Contribution], ...] = _declared(lambda rule: rule.create)
    after_creators: tuple[tuple[str, Contribution], ...] = _declared(lambda rule: rule.after_create)
    planners: tuple[tuple[str, Plan], ...] = _declared(lambda rule: rule.plan)
    reverters: tuple[tuple[str, Revert], ...] = _declared(lambda rule: rule.revert)
    keepers: tuple[tuple[str, Keep], ...] = _declared(lambda rule: rule.keep)
    syncers: tuple[tuple[str, Sync], ...] = _declared(lambda rule: rule.sync)
    fetchers: tuple[tuple[str, Fetch], ...] = _declared(lambda rule: rule.fetch)
    readers: tuple[tuple[str, Read], ...] = _declared(lambda rule: rule.read)
    withdrawers: tuple[tuple[str, Withdraw], ...] = _declared(lambda rule: rule.withdraw)
    # Names whose part of CreateModelPackage a rule gives (the template's value is not sent as it is).
    created_by_rules: frozenset[str] = _names(creators)
    # Names changed by calls of their own, never by UpdateModelPackage.
    synced_by_rules: frozenset[str] = _names(syncers)
    # Names a rule plans into UpdateModelPackage, or changes by calls of its own.
    updated_by_rules: frozenset[str] = _names(planners) | _names(syncers)
    # Names SageMaker may refuse to change because of the package's current state.
    depending_on_current: frozenset[str] = frozenset(
        name for prop, rule in RULES.items() if rule.uses_current for name in rule.names(prop)
    )


# Computed once: the table does not change, and LIST reads thousands of summaries through it.
HOOKS = Hooks()


def check(state: State) -> None:
    """Every rule's checks, in the table's order; the first broken one raises InputError."""
    for _, run in HOOKS.checks:
        run(state)


def unchanged(name: str, desired: Any, previous: Any) -> bool:
    """Whether ``desired`` asks for no change of property ``name`` from ``previous``: the same
    values, scalars compared as CloudFormation passes them (a previous state read from
    SageMaker holds ``True`` where a template says ``"true"``); a value SageMaker filled in that
    the template leaves out is no change."""
    rule = RULES.get(name)
    if rule is not None and rule.filled is not None:
        desired = rule.filled(desired, previous)
    return values.equal(desired, previous)


def cannot_unset(name: str) -> str:
    """Why SageMaker keeps a value of ``name`` once set, when a template drops it."""
    rule = RULES.get(name)
    return (rule.cannot_unset if rule is not None else None) or "SageMaker cannot unset it"


def withdrawal(found: Model) -> Part:
    """What is sent before a delete SageMaker refused is sent again, for the package as described
    (``found``); empty when no property stands in the way."""
    request: Part = {}
    for _, withdraw in HOOKS.withdrawers:
        request.update(withdraw(found))
    return request


def secrets(model: Model) -> dict[str, str]:
    """Secret values in ``model`` → the placeholder that stands for each in messages."""
    found = {}
    for prop, rule in RULES.items():
        value = (model.get(prop) or {}).get(rule.secret) if rule.secret else None
        if value:
            found[str(value)] = f"<{rule.secret}>"
    return found


def scrub(message: str, *models: Model) -> str:
    """``message`` with the secret values of ``models`` replaced: service messages may echo
    input values, and secret ones never leave."""
    for model in models:
        for secret, placeholder in secrets(model).items():
            message = message.replace(secret, placeholder)
    return message
