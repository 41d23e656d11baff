"""The provider overrides private methods of cloudformation-cli-python-lib (see handlers.py),
builds sessions with one of its private functions (client.py) and puts its own log handler where
the library's set-up finds it (log_delivery.py). The library is pinned exactly in
requirements.txt; when the pin moves, these tests say at once if what we rely on has changed. The
same for the pieces of botocore's retry mode that client.py assembles."""

import inspect
import re
from pathlib import Path

import pytest
from cloudformation_cli_python_lib import Resource, boto3_proxy
from cloudformation_cli_python_lib.log_delivery import ProviderLogHandler

from aws_sagemaker_modelpackage.handlers import ModelPackageResource

ROOT = Path(__file__).resolve().parents[2]

# What each private name looked like when the override was written (library 2.1.20).
OVERRIDDEN = {
    "__call__": ("(self, event_data, context)", "function"),
    "_cast_resource_request": ("(self, request)", "function"),
    "_parse_request": ("(event_data)", "staticmethod"),
    "_parse_test_request": ("(self, event_data)", "function"),
}
USED = {"_get_boto_session": ("(credentials, region=None)", boto3_proxy)}


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


# botocore's standard-mode retry pieces client.without_throttling_retries assembles (botocore
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
    assert found is not None, f"botocore.retries.standard.{name} is gone: review client.without_throttling_retries"
    assert _parameters(found).startswith(BOTOCORE_RETRY_PIECES[name]), f"{name} now takes {_parameters(found)}"
    assert callable(getattr(standard.ThrottlingErrorDetector, "is_throttling_error_from_context", None))
    assert "retry-config-{service_event_name}" in inspect.getsource(standard.register_retry_handler), (
        "botocore registers its standard retry handler under another unique id: the replacement would not replace it"
    )
