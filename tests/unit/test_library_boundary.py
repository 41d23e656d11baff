"""The provider overrides private methods of cloudformation-cli-python-lib (see handlers.py and,
for its resource model, json_model.py), builds sessions with one of its private functions
(client.py) and puts its own log handler where the library's set-up finds it (log_delivery.py).
The library is pinned exactly in
requirements.txt; when the pin moves, these tests say at once if what we rely on has changed. The
same for the pieces of botocore's retry mode that retries.py assembles."""

import inspect
import re
from pathlib import Path

import pytest
from cloudformation_cli_python_lib import Resource, boto3_proxy
from cloudformation_cli_python_lib.interface import BaseModel, OperationStatus, ProgressEvent
from cloudformation_cli_python_lib.log_delivery import ProviderLogHandler
from cloudformation_cli_python_lib.utils import UnmodelledRequest

from aws_sagemaker_modelpackage.handlers import ModelPackageResource
from aws_sagemaker_modelpackage.json_model import JsonModel

ROOT = Path(__file__).resolve().parents[2]

# What each private name looked like when the override was written (library 2.1.20).
OVERRIDDEN = {
    "__call__": ("(self, event_data, context)", "function"),
    "_cast_resource_request": ("(self, request)", "function"),
    "_parse_request": ("(event_data)", "staticmethod"),
    "_parse_test_request": ("(self, event_data)", "function"),
}
USED = {"_get_boto_session": ("(credentials, region=None)", boto3_proxy)}
# The resource model's side: what the library builds a model with, and writes it out with.
MODEL_HOOKS = {"_deserialize": ("(json_data)", "classmethod"), "_serialize": ("(self)", "function")}


def _parameters(function):
    """The parameter list, names and defaults only (annotations may be spelt differently)."""
    parameters = inspect.signature(function).parameters.values()
    return "(" + ", ".join(p.name + ("" if p.default is p.empty else f"={p.default!r}") for p in parameters) + ")"


@pytest.mark.parametrize("name", sorted(OVERRIDDEN))
def test_each_overridden_private_method_still_exists_with_the_same_signature(name):
    expected, kind = OVERRIDDEN[name]
    found = inspect.getattr_static(Resource, name, None)
    assert found is not None, (
        f"cloudformation-cli-python-lib no longer has Resource.{name}, which ModelPackageResource overrides: "
        "review handlers.py before moving the pin in requirements.txt"
    )
    assert type(found).__name__ == kind, f"Resource.{name} is now a {type(found).__name__}, not a {kind}"
    assert _parameters(getattr(Resource, name)) == expected, (
        f"Resource.{name} now takes {_parameters(getattr(Resource, name))}, not {expected}: "
        "review the override in handlers.py before moving the pin in requirements.txt"
    )
    assert name in vars(ModelPackageResource), f"ModelPackageResource no longer overrides {name}: update this test"


@pytest.mark.parametrize("name", sorted(MODEL_HOOKS))
def test_each_model_method_the_library_calls_still_has_the_same_signature(name):
    expected, kind = MODEL_HOOKS[name]
    found = inspect.getattr_static(BaseModel, name, None)
    assert found is not None, f"BaseModel.{name} is gone: review json_model.JsonModel"
    assert type(found).__name__ == kind, f"BaseModel.{name} is now a {type(found).__name__}, not a {kind}"
    assert _parameters(getattr(BaseModel, name)) == expected, f"BaseModel.{name} now takes another list"


def test_a_payload_passes_through_the_library_as_it_is():
    """The library makes the request's states with the model class's ``_deserialize`` and writes
    an event's models with their ``_serialize``: JsonModel relies on nothing else, so the values
    come back as given (empty lists at any depth, scalars as CloudFormation passed them), with
    only a top-level None left out, and no state is no model."""
    payload = {
        "ModelPackageName": "p",
        "Tags": [],
        "CertifyForMarketplace": "true",
        "InferenceSpecification": {"Containers": [{"Image": "i", "AdditionalModelDataSources": []}]},
        "CustomerMetadataProperties": {},
    }
    request = UnmodelledRequest(
        clientRequestToken="t", desiredResourceState={**payload, "ModelPackageDescription": None}
    ).to_modelled(JsonModel, None)

    assert isinstance(request.desiredResourceState, JsonModel)
    assert request.previousResourceState is None
    event = ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=request.desiredResourceState)
    assert event._serialize()["resourceModel"] == payload


@pytest.mark.parametrize("name", sorted(USED))
def test_each_private_function_used_still_exists_with_the_same_signature(name):
    expected, module = USED[name]
    found = getattr(module, name, None)
    assert found is not None, f"{module.__name__}.{name}, used by client.py, is gone: review client.CallerSession"
    assert _parameters(found) == expected, f"{module.__name__}.{name} now takes {_parameters(found)}, not {expected}"


def test_the_library_s_log_set_up_reuses_a_provider_log_handler_it_finds_on_the_root_logger():
    """log_delivery.DeliveringHandler is a ProviderLogHandler on the root logger, so that the
    library's set-up takes its warm-container branch (hand the handler a logs client, nothing
    else) instead of adding a handler of its own that sends every line at once."""
    setup = inspect.getattr_static(ProviderLogHandler, "setup")
    assert isinstance(setup, classmethod)
    assert _parameters(ProviderLogHandler.setup) == "(request, provider_sess, log_format=None)"
    source = inspect.getsource(ProviderLogHandler.setup)
    assert "log_handler = cls._get_existing_logger()" in source
    assert 'log_handler.client = provider_sess.client("logs")\n                return' in source
    assert "isinstance(handler, cls)" in inspect.getsource(ProviderLogHandler._get_existing_logger)
    assert "ProviderLogHandler.setup(event, provider_sess, self.log_format)" in inspect.getsource(Resource.__call__)


def test_the_library_is_pinned_exactly_to_the_version_installed():
    from importlib.metadata import version

    pins = re.findall(r"^cloudformation-cli-python-lib==(\S+)", (ROOT / "requirements.txt").read_text(), re.MULTILINE)
    assert pins == [version("cloudformation-cli-python-lib")], pins


# botocore's standard-mode retry pieces retries.without_throttling_retries assembles (botocore
# is bundled at a pinned version); the parameters it passes, as they were when it was written.
BOTOCORE_RETRY_PIECES = {
    "RetryEventAdapter": "()",
    "ThrottlingErrorDetector": "(retry_event_adapter)",
    "RetryQuotaChecker": "(quota, throttling_detector=None)",
    "RetryPolicy": "(retry_checker, retry_backoff)",
    "RetryHandler": "(retry_policy, retry_event_adapter, retry_quota, service_name=None, sleep=",
    "StandardRetryConditions": "(max_attempts=3)",
}


@pytest.mark.parametrize("name", sorted(BOTOCORE_RETRY_PIECES))
def test_each_botocore_retry_piece_still_exists_with_the_same_parameters(name):
    from botocore.retries import standard

    found = getattr(standard, name, None)
    assert found is not None, f"botocore.retries.standard.{name} is gone: review retries.without_throttling_retries"
    assert _parameters(found).startswith(BOTOCORE_RETRY_PIECES[name]), f"{name} now takes {_parameters(found)}"
    assert callable(getattr(standard.ThrottlingErrorDetector, "is_throttling_error_from_context", None))
    assert "retry-config-{service_event_name}" in inspect.getsource(standard.register_retry_handler), (
        "botocore registers its standard retry handler under another unique id: the replacement would not replace it"
    )


def test_botocores_throttling_detector_counts_an_unmodelled_429():
    """retries.is_throttling is botocore's detector: since botocore 1.44 it counts an HTTP 429
    whose code the operation does not model (ThrottlingStatusCodeChecker), given the response."""
    from botocore.awsrequest import AWSResponse
    from botocore.retries import standard

    from aws_sagemaker_modelpackage import api_model

    context = standard.RetryContext(
        attempt_number=1,
        operation_model=api_model.sagemaker().operation_model("ListModelPackages"),
        parsed_response={"Error": {"Code": "RateExceeded"}},
        http_response=AWSResponse(None, 429, {}, None),
    )
    detector = standard.ThrottlingErrorDetector(standard.RetryEventAdapter())
    assert detector.is_throttling_error_from_context(context), "review retries.is_throttling: 429 is no longer counted"
