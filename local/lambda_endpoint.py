"""A local Lambda Invoke API that runs the functions of ``template.yml`` in this process.

``cfn test`` and ``cfn invoke`` call the provider through the Lambda Invoke API at ``--endpoint``
(normally ``sam local start-lambda``, which needs Docker). This endpoint answers the same API
(``POST /2015-03-31/functions/{FunctionName}/invocations``, ``RequestResponse``) by importing the
handler named in the template from the source tree and calling it with the JSON event and a Lambda
context, so the official contract tests run without Docker or an AWS account.

Like a warm Lambda container, a function's module is imported on its first invocation and then
reused: restart the endpoint to pick up code changes. The function timeout from the template is
reported by ``get_remaining_time_in_millis`` but not enforced.

The handlers reach SageMaker and STS through ``AWS_ENDPOINT_URL_SAGEMAKER`` and
``AWS_ENDPOINT_URL_STS`` (boto3 honours both) and find their region in ``AWS_REGION`` and
``AWS_DEFAULT_REGION`` as in Lambda; the endpoint sets these in this process for as long as it runs.
"""

import argparse
import importlib
import json
import os
import sys
import threading
import time
import traceback
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, cast
from urllib.parse import unquote, urlsplit

import yaml

from local.sagemaker.server import STOP_POLL_SECONDS, LocalSageMaker
from local.sagemaker.server import start as start_sagemaker

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATE = ROOT / "template.yml"
DEFAULT_CODE_DIR = ROOT / "src"
ACCOUNT_ID = "123456789012"
SAM_DEFAULT_TIMEOUT = 3
SAM_DEFAULT_MEMORY = 128
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_SAGEMAKER", "AWS_ENDPOINT_URL_STS")
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")
FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")


@dataclass(frozen=True)
class Function:
    name: str
    handler: str
    timeout: int
    memory: int


class _TemplateLoader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no type hints: SafeLoader is Any
    """Reads CloudFormation YAML: short-form intrinsics (``!Ref`` …) load as plain values."""


_TemplateLoader.add_multi_constructor(
    "!",
    lambda loader, _suffix, node: (
        loader.construct_scalar(node)
        if isinstance(node, yaml.ScalarNode)
        else loader.construct_sequence(node)
        if isinstance(node, yaml.SequenceNode)
        else loader.construct_mapping(node)
    ),
)


def load_functions(template_path: str | Path = DEFAULT_TEMPLATE) -> dict[str, Function]:
    """The Lambda functions of a SAM template by logical id, Globals applied as SAM does."""
    with open(template_path, encoding="utf-8") as f:
        template = yaml.load(f, Loader=_TemplateLoader)  # _TemplateLoader is a SafeLoader subclass
    defaults = (template.get("Globals") or {}).get("Function") or {}
    functions = {}
    for name, resource in (template.get("Resources") or {}).items():
        if resource.get("Type") not in FUNCTION_TYPES:
            continue
        props = {**defaults, **(resource.get("Properties") or {})}
        if "Handler" not in props:
            continue
        functions[name] = Function(
            name=name,
            handler=props["Handler"],
            timeout=int(props.get("Timeout", SAM_DEFAULT_TIMEOUT)),
            memory=int(props.get("MemorySize", SAM_DEFAULT_MEMORY)),
        )
    return functions


class LambdaContext:
    """The part of the Lambda context object that handlers read."""

    def __init__(self, function: Function, region: str, request_id: str) -> None:
        self.function_name = function.name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{region}:{ACCOUNT_ID}:function:{function.name}"
        self.memory_limit_in_mb = str(function.memory)
        self.aws_request_id = request_id
        self.log_group_name = f"/aws/lambda/{function.name}"
        self.log_stream_name = time.strftime("%Y/%m/%d/[$LATEST]") + uuid.uuid4().hex
        self._deadline = time.monotonic() + function.timeout

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class _FunctionError(Exception):
    """An error Lambda reports as the function's own (``X-Amz-Function-Error: Unhandled``)."""

    def __init__(self, error_type: str, message: str, stack_trace: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.body = {
            "errorMessage": message,
            "errorType": error_type,
            "stackTrace": list(stack_trace),
        }


def _function_name(identifier: str) -> str:
    """Lambda accepts a name, ``name:qualifier``, a partial ARN or a full ARN."""
    parts = unquote(identifier).split(":")
    if "function" in parts:
        return parts[parts.index("function") + 1]
    return parts[0]


class _Handler(BaseHTTPRequestHandler):
    server_version = "LocalLambda"
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _reply(
        self,
        status: int,
        body: bytes | dict[str, Any],
        headers: dict[str, str] | None = None,
        request_id: str | None = None,
    ) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", request_id or str(uuid.uuid4()))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _service_error(self, status: int, error_type: str, message: str) -> None:
        """Errors of the Lambda service itself, shaped as Lambda's REST-JSON errors."""
        self._reply(
            status,
            {"Type": "User", "Message": message},
            {"x-amzn-ErrorType": error_type},
        )

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            function = self._function()
            self._check_invocation(length)
            event = _parse_event(raw)
        except _Refused as refusal:
            self._service_error(refusal.status, refusal.error_type, str(refusal))
            return
        self._invoke(function, event)

    def _function(self) -> Function:
        """The function the path names; Lambda checks the route, then that the function exists."""
        parts = urlsplit(self.path).path.split("/")
        if len(parts) != 5 or parts[1:3] != ["2015-03-31", "functions"] or parts[4] != "invocations":
            raise _Refused(404, "UnknownOperationException", "Unknown operation")
        name = _function_name(parts[3])
        function = self.server.functions.get(name)
        if function is None:
            arn = f"arn:aws:lambda:{self.server.region}:{ACCOUNT_ID}:function:{name}"
            raise _Refused(404, "ResourceNotFoundException", f"Function not found: {arn}")
        return function

    def _check_invocation(self, length: int) -> None:
        """Only synchronous invocations, and no payload over Lambda's limit."""
        invocation_type = self.headers.get("X-Amz-Invocation-Type", "RequestResponse")
        if invocation_type != "RequestResponse":
            raise _Refused(
                400,
                "InvalidParameterValueException",
                f"Invocation type {invocation_type} is not supported by the local endpoint; use RequestResponse.",
            )
        if length > MAX_PAYLOAD_BYTES:
            raise _Refused(
                413,
                "RequestTooLargeException",
                f"Request must be smaller than {MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation",
            )

    def _invoke(self, function: Function, event: Any) -> None:
        """The function's result, or its own error flagged ``X-Amz-Function-Error`` (still a 200)."""
        request_id = str(uuid.uuid4())
        headers = {"X-Amz-Executed-Version": "$LATEST"}
        body: bytes | dict[str, Any]
        try:
            result = self.server.invoke(function, event, request_id)
            body = json.dumps(result).encode("utf-8")
        except _FunctionError as e:
            headers["X-Amz-Function-Error"] = "Unhandled"
            body = {**e.body, "requestId": request_id}
        self._reply(200, body, headers, request_id)


class _Refused(Exception):
    """A request the Lambda service itself turns down, before the function runs."""

    def __init__(self, status: int, error_type: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_type = error_type


def _parse_event(raw: bytes) -> Any:
    """The request body as JSON; an empty body is the empty event."""
    try:
        return json.loads(raw) if raw.strip() else {}
    except ValueError as e:
        raise _Refused(400, "InvalidRequestContentException", f"Could not parse request body into json: {e}") from e


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], functions: dict[str, Function], region: str, verbose: bool) -> None:
        super().__init__(address, _Handler)
        self.functions = functions
        self.region = region
        self.verbose = verbose
        self._entrypoints: dict[str, Any] = {}
        self._import_lock = threading.Lock()

    def _entrypoint(self, function: Function) -> Any:
        with self._import_lock:
            if function.name not in self._entrypoints:
                module_name, _, attribute = function.handler.rpartition(".")
                try:
                    module = importlib.import_module(module_name)
                except Exception as e:
                    raise _FunctionError(
                        "Runtime.ImportModuleError",
                        f"Unable to import module '{module_name}': {e}",
                    ) from e
                if not hasattr(module, attribute):
                    raise _FunctionError(
                        "Runtime.HandlerNotFound",
                        f"Handler '{attribute}' missing on module '{module_name}'",
                    )
                self._entrypoints[function.name] = getattr(module, attribute)
            return self._entrypoints[function.name]

    def invoke(self, function: Function, event: Any, request_id: str) -> Any:
        entrypoint = self._entrypoint(function)
        try:
            result = entrypoint(event, LambdaContext(function, self.region, request_id))
        except Exception as e:
            traceback.print_exc()
            frames = traceback.format_tb(e.__traceback__)
            raise _FunctionError(type(e).__name__, str(e), frames) from e
        try:
            json.dumps(result)
        except (TypeError, ValueError) as e:
            raise _FunctionError("Runtime.MarshalError", f"Unable to marshal response: {e}") from e
        return result


class LambdaEndpoint:
    """A running endpoint; ``stop()`` (or leaving the ``with`` block) shuts it down."""

    def __init__(self, server: _Server, previous_environment: dict[str, str | None]) -> None:
        self._server = server
        self._previous_environment = previous_environment
        self._thread = threading.Thread(
            target=server.serve_forever, args=(STOP_POLL_SECONDS,), name="local-lambda", daemon=True
        )
        self._thread.start()
        host, port = cast(tuple[str, int], server.server_address[:2])  # an AF_INET server
        self.host = host
        self.port = port
        self.url = f"http://{host}:{port}"

    @property
    def functions(self) -> dict[str, Function]:
        return dict(self._server.functions)

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()
        for key, value in self._previous_environment.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def __enter__(self) -> "LambdaEndpoint":
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start(
    port: int = 3001,
    host: str = "127.0.0.1",
    *,
    sagemaker_url: str | None = None,
    template: str | Path = DEFAULT_TEMPLATE,
    code_dir: str | Path = DEFAULT_CODE_DIR,
    region: str = "us-east-1",
    verbose: bool = False,
) -> LambdaEndpoint:
    """Serve the template's functions in a background thread (``port=0`` picks a free port).

    Sets ``AWS_REGION``/``AWS_DEFAULT_REGION`` as the Lambda runtime does (the library's sessions for
    CloudFormation requests carry no region of their own). ``sagemaker_url`` is where the handlers
    find SageMaker and STS; without it they use whatever endpoint configuration the process has.
    """
    functions = load_functions(template)
    if str(code_dir) not in sys.path:
        sys.path.insert(0, str(code_dir))
    server = _Server((host, port), functions, region, verbose)
    environment = {key: region for key in REGION_VARIABLES}
    if sagemaker_url:
        environment.update({key: sagemaker_url for key in ENDPOINT_VARIABLES})
    previous: dict[str, str | None] = {key: os.environ.get(key) for key in environment}
    os.environ.update(environment)
    return LambdaEndpoint(server, previous)


def start_local_sagemaker(port: int = 0) -> LocalSageMaker:
    """The local SageMaker (moto underneath, so it answers STS too) for when none is given."""
    return start_sagemaker(port=port)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local.lambda_endpoint", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3001)
    parser.add_argument("--template", default=str(DEFAULT_TEMPLATE))
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument(
        "--sagemaker-url",
        help="SageMaker/STS endpoint for the handlers (default: start the local SageMaker)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    sagemaker = None if args.sagemaker_url else start_local_sagemaker()
    sagemaker_url: str = sagemaker.url if sagemaker else args.sagemaker_url
    endpoint = start(
        args.port,
        args.host,
        sagemaker_url=sagemaker_url,
        template=args.template,
        region=args.region,
        verbose=True,
    )
    print(f"Lambda endpoint {endpoint.url} serving {', '.join(endpoint.functions)}", flush=True)
    print(f"SageMaker and STS for the handlers: {sagemaker_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()
        if sagemaker is not None:
            sagemaker.stop()


if __name__ == "__main__":
    main()
