"""ModelPackageName and ModelPackageGroupName: exactly one is given (unversioned or versioned);
a version's description echoes its group's name; a group may be named by its ARN. Also what the
rest of the provider asks of them: the message of the choice, the name a package without an
ARN goes by, and the group a version waits for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    from . import Model, State

CHOICE = ("ModelPackageName", "ModelPackageGroupName")
# What each name means, in the message of the choice between them.
_LABELS = {"ModelPackageName": "unversioned package", "ModelPackageGroupName": "versioned package"}
# Rows 27 and 28: what SageMaker refuses for a package without a group (the SageMaker Python SDK
# refuses it before calling, quoting SageMaker's rules), in the messages of the rules refusing it.
UNVERSIONED_REFUSAL = "SageMaker refuses it for a package without ModelPackageGroupName"


def check_exactly_one(state: State) -> None:
    if state.creating and sum(1 for name in CHOICE if state.desired.get(name)) != 1:
        raise InputError(explain_choice(CHOICE, state.desired))


def explain_choice(names: Sequence[str], model: Mapping[str, Any]) -> str:
    """The message for a template that does not set exactly one of ``names`` (this rule's, and
    the schema's ``oneOf`` of them, which ``validation.py`` explains the same way)."""
    labelled = [f"{name} ({_LABELS[name]})" if name in _LABELS else name for name in names]
    given = [name for name in names if model.get(name)]
    return f"Exactly one of {' and '.join(labelled)} must be set; got {' and '.join(given) or 'neither'}"


def own_name(model: Model) -> str | None:
    """The name an unversioned package's template gives it (a version has none of its own)."""
    found = model.get("ModelPackageName")
    return str(found) if found else None


def name_of(model: Model) -> str | None:
    """The name a template gives the package (its own, or its group's), for messages and logs
    about a package that has no ARN yet."""
    return own_name(model) or group_of(model)


def read_name(found: Model, _template: Model) -> Any:
    """For a version, SageMaker echoes the group's name as ModelPackageName; the template names
    only the group."""
    return None if found.get("ModelPackageGroupName") else found.get("ModelPackageName")


def read_group_name(found: Model, template: Model) -> Any:
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


def group_of(model: Model) -> str | None:
    """The group a version's template names (its name or ARN); None for an unversioned package."""
    group = model.get("ModelPackageGroupName")
    return str(group) if group else None


def in_another_account(group: str | None, account: str | None) -> bool:
    """Whether ``group`` names by its ARN a group of another account than ``account`` (the
    caller's): a central registry, shared by the group's resource policy. No stack of the
    caller's account creates such a group, so a create is never made to wait for it."""
    parts = group.split(":") if group and group.startswith("arn:") else []
    return bool(account) and len(parts) > 5 and parts[4] != account


def shared_group_advice(group: str, account: str, action: str) -> str:
    """What a refusal of ``action`` about ``group``, a group of another account, asks for: the
    group's resource policy must allow it (SageMaker Developer Guide, "Register a Model Version
    from a Different Account"), for the versions of the group."""
    owner = group.split(":")[4]
    versions = group.replace(":model-package-group/", ":model-package/", 1) + "/*"
    return (
        f"The model package group {group} is in account {owner}, not in this account ({account}): "
        f"SageMaker lets this account use it only if the group's resource policy allows it, so the policy "
        f"(ModelPackageGroupPolicy of the AWS::SageMaker::ModelPackageGroup, or PutModelPackageGroupPolicy, "
        f"in account {owner}) must allow this account's principal the action {action} on {versions}. "
        "A group of another account is not waited for."
    )
