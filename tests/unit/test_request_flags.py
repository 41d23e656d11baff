"""The payload's top-level ``rollback`` flag reaches the handlers as ``request.flags``.
cloudformation-cli-python-lib 2.1.20 drops it (it has no field for it), so ``ModelPackageResource``
reads it itself; when the pin moves and the library starts carrying it,
``test_the_library_still_drops_the_flags`` says so. The payload's other flags are not read."""

import dataclasses

import pytest
from cloudformation_cli_python_lib.interface import BaseResourceHandlerRequest
from cloudformation_cli_python_lib.utils import HandlerRequest

from aws_sagemaker_modelpackage import flags
from aws_sagemaker_modelpackage.flags import RequestFlags
from aws_sagemaker_modelpackage.handlers import resource
from local.invoke import event

FLAGS = {"rollback": True, "snapshotRequested": False, "driftable": True, "features": {"preventDrift": "x"}}
NAMES = ("rollback",)


def test_the_library_still_drops_the_flags():
    parsed = HandlerRequest.deserialize({**event("UPDATE", {"ModelPackageName": "p"}), **FLAGS})
    known = {f.name for f in dataclasses.fields(HandlerRequest)} | {
        f.name for f in dataclasses.fields(BaseResourceHandlerRequest)
    }
    assert [name for name in NAMES if name in known or name in vars(parsed)] == [], (
        "cloudformation-cli-python-lib now carries these flags: read them from its request in "
        "handlers.ModelPackageResource instead of the payload"
    )


def _handed_to_the_handler(payload):
    """The request a handler gets for ``payload``, through the provider's own parse and cast."""
    _, _, _, parsed = resource._parse_request(payload)
    return resource._cast_resource_request(parsed)


@pytest.mark.parametrize("credentials", ["given", "left out"])
def test_the_flags_reach_the_handler(credentials):
    payload = {**event("UPDATE", {"ModelPackageName": "p"}, previous={"ModelPackageName": "p"}), **FLAGS}
    if credentials == "left out":
        payload["requestData"]["callerCredentials"] = None

    request = _handed_to_the_handler(payload)

    assert flags.of(request) == RequestFlags(rollback=True)
    assert request.desiredResourceState.ModelPackageName == "p"  # the rest of the request as before


def test_a_payload_without_flags_is_a_forward_request():
    request = _handed_to_the_handler(event("UPDATE", {"ModelPackageName": "p"}))
    assert flags.of(request) == flags.NONE
    assert flags.NONE.rollback is False


@pytest.mark.parametrize(
    "given, rollback",
    [(True, True), ("true", True), ("false", False), ("yes", False), (None, False), (1, False), ([True], False)],
)
def test_the_flag_in_string_form_is_read_and_anything_else_is_unset(given, rollback):
    assert RequestFlags.read({"rollback": given}).rollback is rollback


def test_a_request_built_without_the_payload_has_no_flags():
    assert flags.of(object()) is flags.NONE
