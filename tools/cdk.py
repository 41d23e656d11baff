"""Generate the typed CDK L1 construct of the provider under a private type name, for every jsii
language, with the tools cdk-import is built on (cdk-import itself is not on the npm registry).

CDK's own ``CfnModelPackage`` is AWS's type with the published schema; for a private type CDK
offers only ``CfnResource`` with an untyped property dict, where a misspelt property surfaces at
deploy time. From the schema under the private name:

- ``typescript``: ``tools/cdk_construct.js`` writes ``<stem>.ts`` as cdk-import does: json2jsii's
  props struct and one struct (or enum) per definition, and a thin ``CfnResource`` subclass with
  an ``attr*`` token for each read-only property;
- ``python``, ``java``, ``csharp``, ``go``: jsii-srcmak compiles that file with jsii and has
  jsii-pacmak write the language's source; for Python also a wheel, installed into the project's
  venv by ``make cdk`` for ``examples/cdk``.

The npm packages are pinned in ``package.json`` / ``package-lock.json`` at the project root and
installed into ``node_modules/`` there by ``npm ci`` on first use (from npm's cache once it has
them), and again only when the lock changes. Java, C# and Go need their toolchains to use the
output; a missing one fails before anything is generated, naming it.

Usage: ``python tools/cdk.py --type-name Acme::ML::ModelPackage --language python [--out DIR]``
"""

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]  # run as a script, neither is on the path
from aws_sagemaker_modelpackage import schema  # noqa: E402  # needs the path set above
from tools import package  # noqa: E402  # needs the path set above

hyphenated = cast(Callable[[str], str], package.hyphenated)
LOCK = ROOT / "package-lock.json"
NODE_MODULES = ROOT / "node_modules"
# Written after a successful npm ci: the lock it installed, so that a matching tree is kept.
STAMP = NODE_MODULES / ".lock-sha256"
GENERATOR = ROOT / "tools" / "cdk_construct.js"
SRCMAK = NODE_MODULES / "jsii-srcmak" / "bin" / "jsii-srcmak"
TSC = NODE_MODULES / "typescript" / "bin" / "tsc"
# The jsii modules the construct compiles against: aws-cdk-lib, constructs and aws-cdk-lib's own
# jsii dependencies (the same list cdk-import passes).
JSII_DEPS = ["aws-cdk-lib", "constructs", "@aws-cdk/asset-awscli-v1", "@aws-cdk/asset-node-proxy-agent-v6"]
JSII_DEPS += ["@aws-cdk/cloud-assembly-schema"]
LANGUAGES = ["typescript", "python", "java", "csharp", "go"]
# What each language needs to build and use the generated source: (command, what it is).
TOOLCHAINS = {
    "java": [("javac", "a Java compiler (JDK)"), ("mvn", "Maven")],
    "csharp": [("dotnet", "the .NET SDK")],
    "go": [("go", "the Go toolchain")],
}
VERSION = "1.0.0"


def run(command: list[str], cwd: Path = ROOT) -> None:
    """Run ``command``; on failure exit with its output, which says what went wrong."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"{' '.join(command[:3])} ... failed:\n{result.stdout}{result.stderr}")


def lock_digest() -> str:
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()


def npm_ci() -> Path:
    """``node_modules/`` holding exactly the lock: kept when the stamp says it does, else
    ``npm ci`` (npm's cache first, scripts off: none of the packages needs one)."""
    if STAMP.is_file() and STAMP.read_text() == lock_digest():
        return NODE_MODULES
    if shutil.which("npm") is None or shutil.which("node") is None:
        raise SystemExit("make cdk needs Node.js and npm (node, npm) on PATH; nothing is installed globally")
    print("cdk: npm ci (the pinned json2jsii, jsii-srcmak, typescript, aws-cdk-lib, constructs)", file=sys.stderr)
    run(["npm", "ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"])
    STAMP.write_text(lock_digest())
    return NODE_MODULES


def missing_toolchain(language: str) -> str | None:
    """The message naming what ``language`` needs and this machine lacks, or None."""
    missing = [f"{what} ({command})" for command, what in TOOLCHAINS.get(language, []) if shutil.which(command) is None]
    return f"LANGUAGE={language} needs {' and '.join(missing)} on PATH" if missing else None


def private_schema(type_name: str) -> dict[str, Any]:
    """The project's schema under ``type_name``."""
    return {**schema.read(), "typeName": type_name}


def typescript(type_name: str, out: Path) -> Path:
    """``out/<stem>.ts``: the construct in TypeScript, written by ``tools/cdk_construct.js``."""
    out.mkdir(parents=True, exist_ok=True)
    source = out / f"{hyphenated(type_name)}.ts"
    with tempfile.TemporaryDirectory() as directory:
        schema = Path(directory) / "schema.json"
        schema.write_text(json.dumps(private_schema(type_name)))
        run(["node", str(GENERATOR), str(schema), str(source)])
    return source


def python_module(type_name: str) -> str:
    """``Acme::ML::ModelPackage`` -> ``acme_ml_modelpackage_cdk`` (the suffix keeps it apart from
    the handler's package of a private build, ``acme_ml_modelpackage``)."""
    return hyphenated(type_name).replace("-", "_") + "_cdk"


def srcmak_options(type_name: str, language: str, out: Path) -> list[str]:
    """jsii-srcmak's options writing ``language`` into ``out``, with names derived from the type."""
    org, service, resource = type_name.split("::")
    options = {
        "python": ["--python-outdir", str(out), "--python-module-name", python_module(type_name)],
        "java": ["--java-outdir", str(out), "--java-package", f"{org}.{service}.{resource}".lower()],
        "csharp": ["--csharp-outdir", str(out), "--csharp-namespace", f"{org}.{service}.{resource}"],
        "go": ["--golang-outdir", str(out), "--golang-module", hyphenated(type_name)],
    }[language]
    if language == "go":
        options += ["--golang-package", f"{org}{service}{resource}".lower()]
    return options


def linked_deps(directory: Path) -> list[str]:
    """jsii-srcmak's ``--dep`` options, each naming a link in ``directory`` to the package in
    ``node_modules``. jsii-srcmak copies every dependency it is given into its work folder, and
    aws-cdk-lib is some 200 MB; given a link, it copies the link (a fifth of the time in all)."""
    options = []
    for name in JSII_DEPS:
        link = directory / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(NODE_MODULES / name, target_is_directory=True)
        options += ["--dep", str(link)]
    return options


def srcmak(type_name: str, language: str, out: Path) -> Path:
    """The construct in ``language`` (not TypeScript), compiled from the TypeScript by jsii."""
    with tempfile.TemporaryDirectory() as directory:
        source = typescript(type_name, Path(directory) / "src")
        source.rename(source.with_name("index.ts"))
        deps = linked_deps(Path(directory) / "deps")
        run(["node", str(SRCMAK), str(source.parent), *deps, *srcmak_options(type_name, language, out)])
    return out


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(type_name: str, out: Path) -> Path:
    """A pure-Python wheel (PEP 427 layout) of the module jsii-pacmak wrote into ``out``, built
    with zipfile: no build backend to download. It depends on the CDK packages it imports."""
    module = python_module(type_name)
    paths = [path for path in sorted((out / module).rglob("*")) if path.is_file() and "__pycache__" not in path.parts]
    files = {path.relative_to(out).as_posix(): path.read_bytes() for path in paths}
    dist_info = f"{module}-{VERSION}.dist-info"
    requires = "".join(f"Requires-Dist: {name}\n" for name in ("aws-cdk-lib>=2", "constructs>=10", "jsii>=1"))
    files[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: {VERSION}\n{requires}"
    ).encode()
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: tools/cdk.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = [record_line(name, data) for name, data in files.items()] + [f"{dist_info}/RECORD,,"]
    wheel = out / f"{module}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(f"{dist_info}/RECORD", "\n".join(record) + "\n")
    return wheel


def generate(type_name: str, language: str, out: Path) -> Path:
    """The construct of ``type_name`` in ``language`` under ``out``; the file or folder written."""
    problem = missing_toolchain(language)
    if problem:
        raise SystemExit(f"{problem}; the generated {language} source is built with it")
    npm_ci()
    if language == "typescript":
        return typescript(type_name, out)
    srcmak(type_name, language, out)
    return write_wheel(type_name, out) if language == "python" else out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--type-name", type=package.type_name_argument, required=True, help="Org::Service::Resource")
    parser.add_argument("--language", choices=LANGUAGES, required=True)
    parser.add_argument("--out", type=Path, help="output directory (default dist/cdk/<language>)")
    arguments = parser.parse_args(argv)
    out = arguments.out or ROOT / "dist" / "cdk" / arguments.language
    print(generate(arguments.type_name, arguments.language, out.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
