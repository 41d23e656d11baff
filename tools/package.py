"""Build the registry artifact with ``cfn submit --dry-run`` (no Docker), optionally under another
type name, e.g. ``Acme::SageMaker::ModelPackage`` for a private registration; and ``--lock``:
pin the artifact's packages.

The artifact bundles its own boto3 and botocore rather than using the Lambda runtime's: a runtime's
botocore that does not model a SageMaker field silently drops it from every READ. Every package
it ships is pinned with its hash in ``requirements.lock``, which ``--lock`` (``make lock``)
resolves from ``requirements.txt`` for the Lambda python3.12 runtime (CPython 3.12, manylinux
x86-64), whatever the build machine's Python.

The project is copied to a staging directory where the type name is changed everywhere it appears
(schema, ``.rpdk-config``, handler package and its name, example templates), with the lock as its
``requirements.txt``; ``cfn generate`` then rewrites models, docs and the execution role there, and
``cfn submit --dry-run`` packages it: the plugin's pip installs exactly the locked wheels for the
runtime's platform from ``build/wheelhouse`` (downloaded once, hashes checked). The zip is then
finished (see ``finish``): botocore trimmed to the services the handler uses, the library's
``requests`` import moved to the hook code path that needs it (``tools/patches.py``), hash-based
bytecode compiled by Python 3.12, entries sorted with fixed timestamps, so two builds are byte-identical.
The working tree is never modified.

Writes into ``dist/``: ``<type-name>.zip`` (what ``cfn submit`` uploads) and a folder
``<type-name>/`` with the matching schema, ``resource-role.yaml``, ``docs/`` and ``examples/``.

Usage: ``python tools/package.py [--type-name Org::Service::Resource] [--dist DIR] | --lock``
"""

import argparse
import compileall
import io
import json
import os
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]  # run as a script, neither is on the path
from aws_sagemaker_modelpackage import schema  # noqa: E402  # needs the path set above
from tools import patches  # noqa: E402  # needs the path set above

REQUIREMENTS = ROOT / "requirements.txt"
LOCK = ROOT / "requirements.lock"
WHEELHOUSE = ROOT / "build" / "wheelhouse"
BIN = Path(sys.executable).parent
# What the staging copy needs; build output, caches and local tooling are left behind.
PROJECT_FILES = [".rpdk-config", schema.SCHEMA_PATH.resolve().name, "template.yml", "resource-role.yaml"]
PROJECT_DIRS = ["src", "inputs", "examples"]
# examples/acme-sagemaker-modelpackage/ is the examples already renamed for one private name
# (tools/lint_examples.py); the staging copy renames the sources itself. The TypeScript CDK
# example's imports/ and build/ are its generated construct and compiled app (make cdk, tsc).
IGNORE = shutil.ignore_patterns(
    "__pycache__", "*.pyc", "cdk.out", "acme-sagemaker-modelpackage", "imports", "build", "node_modules"
)
TYPE_NAME_PATTERN = re.compile(r"^[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}$")

# The Lambda python3.12 runtime: CPython 3.12 on Amazon Linux 2023 (glibc 2.34), x86-64.
PYTHON_VERSION = "3.12"
PLATFORMS = (
    "manylinux_2_34_x86_64",
    "manylinux_2_28_x86_64",
    "manylinux_2_17_x86_64",
    "manylinux2014_x86_64",
    "manylinux_2_5_x86_64",
    "manylinux1_x86_64",
)
TARGET = {"only-binary": ":all:", "implementation": "cp", "python-version": PYTHON_VERSION, "abi": "cp312"}
# Resolved but not shipped, with the reason.
LEFT_OUT = {"setuptools": "declared by cloudformation-cli-python-lib, never imported at run time"}
# The AWS services whose models the artifact keeps: SageMaker (the handler), CloudWatch Logs and
# CloudWatch (the library's log delivery and metrics), STS (botocore's assume-role credentials).
SERVICES = ("sagemaker", "logs", "cloudwatch", "sts")
# Where Lambda unpacks the code: the file names compiled into the bytecode (tracebacks).
TASK_ROOT = "/var/task"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def type_name_argument(value: str) -> str:
    """argparse type: a CloudFormation type name ``Organisation::Service::Resource``."""
    if not TYPE_NAME_PATTERN.match(value):
        raise argparse.ArgumentTypeError(f"not a type name Org::Service::Resource: {value}")
    return value


def hyphenated(type_name: str) -> str:
    """The file name stem cfn-cli derives from a type name (schema, zip)."""
    return type_name.replace("::", "-").lower()


def renamer(old: str, new: str) -> Callable[[str], str]:
    """A function replacing the type name ``old`` by ``new`` in text, in each spelling cfn-cli
    derives from it (``A::B::C``, ``A-B-C``, ``a-b-c``, ``a_b_c``) and only as a whole name, so
    that e.g. ``AWS::SageMaker::ModelPackageGroup`` is left alone."""
    pairs = {}
    for separator in ("::", "-", "_"):
        old_parts, new_parts = old.split("::"), new.split("::")
        pairs[separator.join(old_parts)] = separator.join(new_parts)
        pairs[separator.join(old_parts).lower()] = separator.join(new_parts).lower()
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, pairs)) + r")(?![A-Za-z0-9_])")
    return lambda text: pattern.sub(lambda match: pairs[match.group(1)], text)


def stage(staging: Path, type_name: str) -> None:
    """Copy the project into ``staging`` with every mention of its type name changed, and the
    lock as the ``requirements.txt`` the plugin installs."""
    old = schema.type_name()
    rename = renamer(old, type_name)
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, staging / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, staging / name, ignore=IGNORE)
    for path in sorted(staging.rglob("*"), reverse=True):  # children before their folder
        if path.is_file():
            try:
                path.write_text(rename(path.read_text(encoding="utf-8")), encoding="utf-8")
            except UnicodeDecodeError:
                continue
        path.rename(path.with_name(rename(path.name)))
    shutil.copy(LOCK, staging / "requirements.txt")


def target_options() -> list[str]:
    """pip options selecting the Lambda runtime's wheels, whatever the build machine's Python."""
    options = [f"--{name}={value}" for name, value in TARGET.items()]
    return options + [f"--platform={platform}" for platform in PLATFORMS]


def pip(*arguments: str) -> subprocess.CompletedProcess[str]:
    """This venv's pip (the lock and the download need no other Python), output captured."""
    return subprocess.run(
        [sys.executable, "-m", "pip", *arguments, "--quiet", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=False,
    )


def fetch_wheels(wheelhouse: Path = WHEELHOUSE) -> Path:
    """The locked wheels in ``wheelhouse``, hashes checked: from there when they already are,
    else downloaded."""
    download = ["download", "--no-deps", "--require-hashes", *target_options(), "-r", str(LOCK), "-d", str(wheelhouse)]
    if pip(*download, "--no-index", "--find-links", str(wheelhouse)).returncode:
        result = pip(*download)
        if result.returncode:
            raise RuntimeError(f"pip download of {LOCK.name} failed:\n{result.stdout}{result.stderr}")
    return wheelhouse


def cfn(staging: Path, *arguments: str, wheelhouse: Path = WHEELHOUSE) -> None:
    """Run the venv's ``cfn`` in the staging copy, with the venv's ``pip`` first on PATH (the
    python plugin installs the handler's requirements with whatever ``pip`` it finds), told by its
    environment to install exactly the locked wheels for the runtime from the wheelhouse."""
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PIP_NO_DEPS": "1",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_PLATFORM": " ".join(PLATFORMS),
        **{f"PIP_{name.upper().replace('-', '_')}": value for name, value in TARGET.items()},
    }
    result = subprocess.run([str(BIN / "cfn"), *arguments], cwd=staging, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"cfn {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")


def package(type_name: str, dist: Path) -> Path:
    """Build the artifact for ``type_name`` into ``dist``; the path of the zip."""
    stem = hyphenated(type_name)
    wheelhouse = fetch_wheels()
    with tempfile.TemporaryDirectory() as directory:
        staging = Path(directory)
        stage(staging, type_name)
        role = (staging / "resource-role.yaml").read_text()
        cfn(staging, "generate")
        # cfn generate rewrites the role from the schema without the iam:PassedToService condition.
        (staging / "resource-role.yaml").write_text(role)
        cfn(staging, "submit", "--dry-run", "--no-docker", wheelhouse=wheelhouse)
        dist.mkdir(parents=True, exist_ok=True)
        zip_path = dist / f"{stem}.zip"
        finish(staging / f"{stem}.zip", zip_path)
        companion = dist / stem
        shutil.rmtree(companion, ignore_errors=True)
        companion.mkdir()
        for name in (f"{stem}.json", "resource-role.yaml"):
            shutil.copy(staging / name, companion / name)
        for name in ("docs", "examples"):
            shutil.copytree(staging / name, companion / name)
    return zip_path


def shipped(name: str) -> bool:
    """Whether a file of the plugin's build belongs in the artifact: not the console scripts of
    ``bin/`` (their first line names the build machine's Python), not bytecode (compiled anew
    below), and of the SDK's per-service data only the services the handler uses."""
    parts = name.split("/")
    if parts[0] == "bin" or "__pycache__" in parts or name.endswith(".pyc"):
        return False
    if parts[0] in ("botocore", "boto3") and parts[1:2] == ["data"] and len(parts) > 3:
        return parts[2] in SERVICES
    return True


def finish(built: Path, zip_path: Path) -> None:
    """Write ``built`` (the zip of ``cfn submit``) to ``zip_path`` with its ResourceProvider.zip
    trimmed, patched (``tools/patches.py``) and byte-compiled (see ``compiled``), every entry sorted and with a fixed time."""
    with zipfile.ZipFile(built) as outer, tempfile.TemporaryDirectory() as directory:
        tree = Path(directory)
        with zipfile.ZipFile(outer.open("ResourceProvider.zip")) as inner:
            for info in inner.infolist():
                if shipped(info.filename):
                    inner.extract(info, tree)
        patches.apply(tree)
        for record in sorted(tree.glob("*.dist-info/RECORD")):
            record.write_text(recorded(record, tree), encoding="utf-8")
        compiled(tree)
        files = {name: outer.read(name) for name in outer.namelist() if name != "ResourceProvider.zip"}
        files["ResourceProvider.zip"] = zipped((path.relative_to(tree).as_posix(), path) for path in tree.rglob("*"))
        write_zip(zip_path, ((name, files[name], False) for name in sorted(files)))


def recorded(record: Path, tree: Path) -> str:
    """The lines of a package's RECORD that name a file shipped in ``tree``: not the console
    scripts left out (their hashes depend on the build machine's Python path), nor trimmed data,
    nor pip's bytecode (compiled anew); the RECORD itself stays listed."""
    kept = []
    for line in record.read_text(encoding="utf-8").splitlines():
        path = (tree / line.rsplit(",", 2)[0]).resolve()
        inside = path.is_relative_to(tree.resolve()) and "__pycache__" not in path.parts
        if inside and (path.is_file() or path == record.resolve()):
            kept.append(line)
    return "".join(f"{line}\n" for line in kept)


def compiled(tree: Path) -> None:
    """Hash-based bytecode (``unchecked-hash``: the artifact never changes, so the source is never
    read again) for every module of ``tree``, compiled by Python 3.12 under the names Lambda runs
    them from, so a cold start neither compiles (the task root is read-only) nor checks."""
    python = python312()
    if python == sys.executable:
        ok = compileall.compile_dir(
            tree,
            quiet=1,
            stripdir=str(tree),
            prependdir=TASK_ROOT,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
    else:
        command = [python, "-m", "compileall", "-q", "--invalidation-mode", "unchecked-hash"]
        ok = subprocess.run([*command, "-s", str(tree), "-p", TASK_ROOT, str(tree)], check=False).returncode == 0
    if not ok:
        raise RuntimeError(f"byte-compiling the artifact with {python} failed")


def python312() -> str:
    """This interpreter if it is Python 3.12, else ``python3.12`` from PATH."""
    if sys.version_info[:2] == (3, 12):
        return sys.executable
    found = shutil.which(f"python{PYTHON_VERSION}")
    if not found:
        raise RuntimeError(f"Python {PYTHON_VERSION} is needed to compile the artifact's bytecode")
    return found


def zipped(entries: Iterator[tuple[str, Path]]) -> bytes:
    buffer = io.BytesIO()
    files = sorted((name, path) for name, path in entries if path.is_file())
    write_zip(buffer, ((name, path.read_bytes(), os.access(path, os.X_OK)) for name, path in files))
    return buffer.getvalue()


def write_zip(target: Path | io.BytesIO, entries: Iterator[tuple[str, bytes, bool]]) -> None:
    """A zip of ``(name, data, executable)`` in the given order, deflated, each entry with the
    same time and Unix permissions: the same files always give the same bytes."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data, executable in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.create_system = 3
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)


def lock() -> Path:
    """Resolve ``requirements.txt`` for the Lambda runtime and write ``requirements.lock``: every
    package the artifact ships, pinned to one version with the hash of its wheel."""
    with tempfile.TemporaryDirectory() as directory:
        report = Path(directory) / "report.json"
        resolve = ["install", "--dry-run", "--ignore-installed", "--report", str(report), *target_options()]
        result = pip(*resolve, "-r", str(REQUIREMENTS))
        if result.returncode:
            raise RuntimeError(f"resolving {REQUIREMENTS.name} failed:\n{result.stdout}{result.stderr}")
        resolved = json.loads(report.read_text())["install"]
    pins = sorted(
        (item["metadata"]["name"].lower().replace("_", "-"), item["metadata"]["version"], _sha256(item))
        for item in resolved
    )
    lines = [
        "# Every package of the Lambda artifact: CPython 3.12, manylinux x86-64 (the python3.12 runtime).",
        "# Generated from requirements.txt by `make lock` (tools/package.py --lock); do not edit by hand.",
        *(f"# Not shipped: {name} ({why})." for name, why in LEFT_OUT.items()),
        *(
            f"{name}=={version} \\\n    --hash=sha256:{digest}"
            for name, version, digest in pins
            if name not in LEFT_OUT
        ),
    ]
    LOCK.write_text("\n".join(lines) + "\n")
    return LOCK


def _sha256(item: dict[str, Any]) -> str:
    return str(item["download_info"]["archive_info"]["hashes"]["sha256"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--type-name",
        type=type_name_argument,
        default=schema.type_name(),
        help="type name to build the provider under (default: the schema's)",
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output directory")
    parser.add_argument(
        "--lock", action="store_true", help=f"pin {REQUIREMENTS.name} into {LOCK.name}, and build nothing"
    )
    arguments = parser.parse_args(argv)
    print(lock() if arguments.lock else package(arguments.type_name, arguments.dist))


if __name__ == "__main__":
    main()
