"""The built artifact as the Lambda python3.12 runtime runs it: unpacked read-only first on the
path of a Python 3.12 whose own boto3 is the runtime's old one (``tools/lambda_runtime.py``).

The bundled SDK must win over the runtime's: an old botocore silently drops from every READ the
fields its SageMaker model lacks (``ModelPackageRegistrationType``, ``ManagedStorageType``, ...).
Also: the bytecode is hash-based and compiled for the runtime, the SDK is trimmed and says so,
no build-machine path is shipped, and two builds are byte-identical.
"""

import base64
import hashlib
import importlib.util
import io
import json
import marshal
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from packaging.requirements import Requirement

from aws_sagemaker_modelpackage import schema
from local.invoke import event
from tools import lambda_runtime, package

NEW_FIELDS = ("ModelPackageRegistrationType", "ManagedStorageType")
TYPE_NAME = schema.type_name()
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1"


@pytest.fixture(scope="module")
def artifact(tmp_path_factory):
    return package.package(TYPE_NAME, tmp_path_factory.mktemp("a"))


@pytest.fixture(scope="module")
def task_root(artifact, tmp_path_factory):
    return lambda_runtime.unpack(artifact, tmp_path_factory.mktemp("lambda") / "task")


@pytest.fixture(scope="module")
def runtime():
    return lambda_runtime.runtime_python()


def pinned(name):
    for line in package.LOCK.read_text().splitlines():
        if line.startswith(f"{name}=="):
            return line.split("==")[1].split()[0]
    raise AssertionError(f"{name} is not in {package.LOCK.name}")


def run(runtime, code, env, stdin=""):
    result = lambda_runtime.run(runtime, code, env, stdin)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


KNOWN = """
import json, botocore, botocore.session
model = botocore.session.get_session().get_service_model("sagemaker")
shapes = {name: sorted(model.operation_model(op).__getattribute__(side).members)
          for name, op, side in [("create", "CreateModelPackage", "input_shape"),
                                 ("describe", "DescribeModelPackage", "output_shape")]}
print(json.dumps({"file": botocore.__file__, "version": botocore.__version__, **shapes}))
"""


def test_the_runtime_stand_in_has_the_old_botocore_that_lacks_the_fields(runtime, tmp_path):
    """Without the artifact, the stand-in's botocore is the runtime's: the control case."""
    found = run(runtime, KNOWN, lambda_runtime.environment(tmp_path))
    assert found["version"] == lambda_runtime.RUNTIME_BOTO3
    for field in NEW_FIELDS:
        assert field not in found["create"] and field not in found["describe"]


def test_the_bundled_botocore_is_imported_and_knows_the_fields(runtime, task_root):
    found = run(runtime, KNOWN, lambda_runtime.environment(task_root))
    assert found["file"].startswith(str(task_root)), found["file"]
    assert found["version"] == pinned("botocore")
    for field in NEW_FIELDS:
        assert field in found["create"] and field in found["describe"]


DRIVE = """
import json, sys, botocore
from aws_sagemaker_modelpackage.handlers import resource
payload = json.loads(sys.stdin.read())
for _ in range(20):
    progress = resource(dict(payload), None)
    if progress["status"] != "IN_PROGRESS":
        break
    payload["callbackContext"] = progress.get("callbackContext")
print(json.dumps({"botocore": botocore.__file__, "progress": progress}))
"""


def test_the_handler_creates_and_reads_the_fields_the_runtime_botocore_lacks(runtime, task_root, local_sagemaker):
    local_sagemaker.control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
    env = lambda_runtime.environment(
        task_root,
        {"AWS_ENDPOINT_URL_SAGEMAKER": local_sagemaker.url, "AWS_EC2_METADATA_DISABLED": "true"},
    )
    properties = {
        "ModelPackageName": "from-the-artifact",
        "ModelPackageRegistrationType": "Logged",
        "ManagedStorageType": "Restricted",
        "InferenceSpecification": {
            "Containers": [{"Image": IMAGE}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
            # An unversioned package names the instance types it runs on (fidelity ledger row 28).
            "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
            "SupportedTransformInstanceTypes": ["ml.m5.large"],
        },
    }
    created = run(runtime, DRIVE, env, json.dumps(event("CREATE", properties)))
    assert created["botocore"].startswith(str(task_root))
    assert created["progress"]["status"] == "SUCCESS", created["progress"]
    arn = created["progress"]["resourceModel"]["ModelPackageArn"]
    read = run(runtime, DRIVE, env, json.dumps(event("READ", {"ModelPackageArn": arn})))["progress"]
    assert read["status"] == "SUCCESS", read
    assert read["resourceModel"]["ModelPackageRegistrationType"] == "Logged"
    assert read["resourceModel"]["ManagedStorageType"] == "Restricted"


HOOK_PAYLOAD = """
import json, sys
import aws_sagemaker_modelpackage.handlers
imported = "requests" in sys.modules
from cloudformation_cli_python_lib.utils import HookRequestData
data = HookRequestData.deserialize({"payload": sys.stdin.read()})
print(json.dumps({"at_import": imported, "target": data.targetModel, "file": sys.modules["requests"].__file__}))
"""


class _TargetModel(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"resourceProperties": {"ModelPackageName": "remote"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass


def test_requests_waits_for_a_hook_remote_payload_and_still_fetches_it(runtime, task_root):
    """The build moves the library's ``requests`` import into the branch that fetches a hook's
    remote payload (``tools/patches.py``): the handler's import leaves it out, and that branch,
    run from the artifact, still fetches the target model with the bundled ``requests``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TargetModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/target-model"
        found = run(runtime, HOOK_PAYLOAD, lambda_runtime.environment(task_root), url)
    finally:
        server.shutdown()
    assert found["at_import"] is False
    assert found["target"] == {"resourceProperties": {"ModelPackageName": "remote"}}
    assert found["file"].startswith(str(task_root))


def test_a_service_left_out_of_the_trimmed_sdk_fails_at_once_naming_it(runtime, task_root):
    code = (
        "import json, boto3\n"
        "try:\n"
        "    boto3.client('s3', region_name='us-east-1')\n"
        "except Exception as error:\n"
        "    print(json.dumps([type(error).__name__, str(error)]))\n"
    )
    kind, message = run(runtime, code, lambda_runtime.environment(task_root))
    assert kind == "UnknownServiceError"
    assert "'s3'" in message
    assert "Valid service names are: " + ", ".join(sorted(package.SERVICES)) in message


def test_every_module_has_hash_based_bytecode_for_python_3_12_under_the_task_root(task_root):
    sources = sorted(task_root.rglob("*.py"))
    assert any(path.parts[-2:] == ("botocore", "__init__.py") for path in sources)
    assert any(path.name == "handlers.py" for path in sources)
    for source in sources:
        compiled = source.parent / "__pycache__" / f"{source.stem}.cpython-312.pyc"
        data = compiled.read_bytes()
        assert data[:4] == importlib.util.MAGIC_NUMBER, compiled
        assert int.from_bytes(data[4:8], "little") == 0b01, f"{compiled}: not unchecked-hash"
        code = marshal.loads(data[16:])
        assert code.co_filename == f"{package.TASK_ROOT}/{source.relative_to(task_root).as_posix()}"


def test_nothing_of_the_build_machine_is_shipped(artifact):
    with zipfile.ZipFile(artifact) as outer:
        inner = zipfile.ZipFile(io.BytesIO(outer.read("ResourceProvider.zip")))
        names = inner.namelist()
        assert not [name for name in names if name.startswith("bin/")]
        machine = (str(package.ROOT).encode(), sys.prefix.encode(), sys.base_prefix.encode())
        for name in names:
            data = inner.read(name)
            assert not [path for path in machine if path in data], name
        # RECORD names only what is shipped (a console script's hash depends on the build's venv),
        # with the hash of what is shipped (a file the build edits, tools/patches.py, included)
        for record in (name for name in names if name.endswith(".dist-info/RECORD")):
            for line in inner.read(record).decode().splitlines():
                listed, digest, _ = line.rsplit(",", 2)
                assert listed in names, f"{record} lists {listed}, not in the artifact"
                if digest:
                    data = hashlib.sha256(inner.read(listed)).digest()
                    assert digest == "sha256=" + base64.urlsafe_b64encode(data).rstrip(b"=").decode(), listed


def test_the_lock_pins_every_requirement(artifact):
    """requirements.txt edited without ``make lock`` fails here: each of its requirements must be
    pinned in the lock at a version it accepts (and the build installs only the lock)."""
    for line in package.REQUIREMENTS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            version = pinned(requirement.name.lower().replace("_", "-"))
            assert requirement.specifier.contains(version, prereleases=True), f"{requirement}: locked {version}"


def test_two_builds_are_byte_identical(artifact, tmp_path):
    again = package.package(TYPE_NAME, tmp_path)
    with zipfile.ZipFile(artifact) as first, zipfile.ZipFile(again) as second:
        assert first.read("ResourceProvider.zip") == second.read("ResourceProvider.zip")
    assert artifact.read_bytes() == again.read_bytes()
