"""Accounts: a group or package ARN resolves in the account it names, and a call from another
account goes through only where the group's resource policy allows it.

The caller's account comes from its credentials, as moto already decides it (moto 5.2.5
``BaseResponse.get_current_account``, ``iam.models.get_account_id_from``): an access key made by
IAM or STS in an account acts in that account, so credentials from ``AssumeRole`` into
``arn:aws:iam::222222222222:role/x`` act in 222222222222 (an assumed role acts in its own
account); any other key acts in 123456789012. moto then serves the call from that account's
backend, and this module sends a lookup by ARN to the backend of the account the ARN names.

A central registry account shares a group with workload accounts by the group's resource policy
(``PutModelPackageGroupPolicy``; in CloudFormation, ``AWS::SageMaker::ModelPackageGroup``'s
``ModelPackageGroupPolicy``): a workload account registers versions into the group by passing its
ARN, and the versions' ARNs are in the group's account (ledger row 54; SageMaker Developer Guide,
"Register a Model Version from a Different Account" and "Cross-account discoverability": the
policy allows ``sagemaker:CreateModelPackage``, ``DescribeModelPackage``, ``UpdateModelPackage``,
``ListModelPackages``, ... on ``arn:aws:sagemaker:<region>:<account>:model-package/<group>/*``
and ``DescribeModelPackageGroup`` on the group's ARN). A call is checked as IAM checks a
resource-based policy: an ``Allow`` statement must name the caller (``*``, its account, its
account's root, or the role it assumed), the action and a resource that matches (``*`` and ``?``
wildcards), and no ``Deny`` statement may; statements with a ``Condition`` are not evaluated and
never allow. Identity policies are not modelled: a caller may do anything in its own account.

What SageMaker answers a call the policy does not allow is not published (row 54, open): the
``cross_account_denied`` switch answers "does not exist", as for a group or package that is not
there, or IAM's AccessDenied, whose format SageMaker uses elsewhere ("User: ... is not
authorized to perform: sagemaker:DescribeModelPackage on resource: ... because no
identity-based policy allows ...", aws-samples/ml-edge-getting-started #18), naming a
"resource-based policy" as IAM does for a call across accounts (IAM User Guide,
troubleshoot_access-denied).
"""

from __future__ import annotations

import contextvars
import fnmatch
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from moto.iam.models import iam_backends
from moto.sagemaker.exceptions import SagemakerClientError
from moto.sagemaker.models import ModelPackageGroup, SageMakerModelBackend, sagemaker_backends
from moto.sagemaker.responses import SageMakerResponse

from . import settings
from ._patch import wrap


class AccessDeniedException(SagemakerClientError):
    code = "AccessDeniedException"


@dataclass(frozen=True)
class Caller:
    """Who makes the SageMaker call being served, and which action it is."""

    account: str
    role: str | None  # the role's ARN, for credentials from AssumeRole
    action: str  # e.g. sagemaker:CreateModelPackage

    @property
    def principal(self) -> str:
        """The caller as an access-denied message names it."""
        return self.role or f"arn:aws:iam::{self.account}:root"

    def named_by(self, principal: Any) -> bool:
        """Whether a statement's ``Principal`` names this caller."""
        if principal == "*":
            return True
        names = principal.get("AWS", ()) if isinstance(principal, dict) else ()
        names = [names] if isinstance(names, str) else list(names)
        return bool({"*", self.account, f"arn:aws:iam::{self.account}:root", self.role} & set(names))


_CALLER: contextvars.ContextVar[Caller | None] = contextvars.ContextVar("local_sagemaker_caller", default=None)


def caller(backend: SageMakerModelBackend) -> Caller:
    """The caller of the call being served; a backend called directly (not over HTTP) is its
    own account's caller."""
    return _CALLER.get() or Caller(backend.account_id, None, "")


def arn_account(arn: str) -> tuple[str, str]:
    """(account, region) an ARN names."""
    parts = arn.split(":")
    return parts[4], parts[3]


def backend_of(backend: SageMakerModelBackend, arn: str) -> SageMakerModelBackend:
    """The backend of the account and region ``arn`` names (``backend`` itself for its own)."""
    account, region = arn_account(arn)
    if (account, region) == (backend.account_id, backend.region_name):
        return backend
    found: SageMakerModelBackend = sagemaker_backends[account][region]
    return found


def versions_of(group_arn: str) -> str:
    """The resource of every version of a group: ``...:model-package/<group>/*``."""
    return group_arn.replace(":model-package-group/", ":model-package/", 1) + "/*"


def group_of_version(package_arn: str) -> str | None:
    """The ARN of the group a version's ARN names (``model-package/<group>/<version>``)."""
    resource = package_arn.split(":", 5)[5]
    parts = resource.split("/")
    if len(parts) != 3:
        return None
    return package_arn.replace(resource, f"model-package-group/{parts[1]}")


def policy_of(group: ModelPackageGroup | None) -> str | None:
    return getattr(group, "resource_policy", None) if group is not None else None


def allows(policy: str | None, who: Caller, resources: Iterable[str]) -> bool:
    """Whether ``policy`` lets ``who`` do its action on one of ``resources``."""
    if not policy:
        return False
    wanted = list(resources)

    def matches(statement: dict[str, Any]) -> bool:
        actions = statement.get("Action", [])
        patterns = statement.get("Resource", [])
        return (
            who.named_by(statement.get("Principal"))
            and any(fnmatch.fnmatchcase(who.action.lower(), a.lower()) for a in _listed(actions))
            and any(fnmatch.fnmatchcase(r, p) for r in wanted for p in _listed(patterns))
        )

    allowed = denied = False
    for statement in statements(json.loads(policy)):
        # What this stand-in does not evaluate (conditions, NotAction, NotResource, NotPrincipal)
        # is read on the strict side: such an Allow grants nothing, such a Deny always applies.
        unmodelled = bool(_UNMODELLED & statement.keys())
        if statement.get("Effect") == "Deny" and (unmodelled or matches(statement)):
            denied = True
        elif statement.get("Effect") == "Allow" and not unmodelled and matches(statement):
            allowed = True
    return allowed and not denied


_UNMODELLED = frozenset({"Condition", "NotAction", "NotResource", "NotPrincipal"})


def statements(document: Any) -> list[dict[str, Any]]:
    """The statements of an IAM policy document (TypeError or ValueError for what is not one)."""
    found = document.get("Statement") if isinstance(document, dict) else None
    found = [found] if isinstance(found, dict) else found
    if not isinstance(found, list) or not all(
        isinstance(s, dict) and s.get("Effect") in ("Allow", "Deny") for s in found
    ):
        raise ValueError("a policy document is an object whose Statement holds statements with an Effect")
    return found


def _listed(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def require(
    backend: SageMakerModelBackend,
    owner: SageMakerModelBackend,
    group: ModelPackageGroup | None,
    resources: list[str],
    missing: Callable[[], Exception],
) -> None:
    """Let the call through if it is the owner account's own, or the group's policy allows it;
    else answer as the ``cross_account_denied`` switch says (``missing``: the "does not exist"
    SageMaker answers for what is not there)."""
    who = caller(backend)
    if who.account == owner.account_id or allows(policy_of(group), who, resources):
        return
    if settings.behaviour("cross_account_denied") == "access-denied":
        raise AccessDeniedException(
            f"User: {who.principal} is not authorized to perform: {who.action} on resource: {resources[0]} "
            f"because no resource-based policy allows the {who.action} action"
        )
    raise missing()


def _role_of(account: str, access_key: str) -> str | None:
    """The role an access key was made for by AssumeRole, if it was."""
    for partition in iam_backends[account].values():
        key = partition.access_keys.get(access_key)
        if key is not None:
            return key.role_arn
    return None


def install() -> None:
    @wrap(SageMakerResponse, "call_action")
    def call_action(previous: Any, self: SageMakerResponse) -> Any:
        account = self.current_account
        known = Caller(account, _role_of(account, self.get_access_key()), f"sagemaker:{self._get_action()}")
        token = _CALLER.set(known)
        try:
            return previous(self)
        finally:
            _CALLER.reset(token)
