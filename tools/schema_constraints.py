"""``make schema``: the resource schema's constraints, generated from botocore's SageMaker model.

Each schema node that a member of the API describes (a property by the member of
CreateModelPackage, else of UpdateModelPackage, that it is sent as; the nodes below it by the
members below that one) takes its constraint keywords
from that member's botocore shape: ``minLength``/``maxLength``, ``pattern`` and ``enum`` of a
string, ``minItems``/``maxItems`` of a list, ``minProperties``/``maxProperties`` and the key
pattern (``patternProperties``) of a map, ``minimum``/``maximum`` of a number, and ``required``
of a structure. The botocore is the one the artifact bundles (the locked wheel in
``build/wheelhouse``), so cfn-lint, the CDK constructs and the generated docs carry the rules the
handler checks (``constraints.py``). Every other keyword (descriptions, types, ``minProperties``
of a structure, ``insertionOrder``, ``format``) is left as it is.

How a constraint is written in the schema, where it is not a plain copy (``DEVIATIONS``):
- a pattern matches the whole value: ``^…(?![\\s\\S])``, the end of the value in ECMAScript,
  Python (cfn-lint) and Java (CloudFormation) alike, where ``$`` would let a final line break
  through in the last two;
- ``.`` is read leniently (``[\\s\\S]``), and a pattern that then matches every value (``.*``)
  is left out: see ``constraints.py``;
- a growing enum (instance types, ``constraints.growing``) becomes the pattern of its values' form
  (``ml.<family>.<size>``), so cfn-lint flags ``ml.m5.xlarg`` and lets ``ml.g7.2xlarge`` through,
  with the known values as ``examples`` (the handler's did-you-mean);
- a map key's length is not written (JSON Schema constrains keys by their pattern alone);
- a minimum of 0 says nothing and is left out.

``tests/schema/test_schema_constraints.py`` fails when the committed schema is not what this
generates from the bundled botocore. After a change (of the lock, or of this), run ``make schema``:
it rewrites the schema, then brings back what ``cfn generate`` derives from it (models, docs).

Usage: ``python tools/schema_constraints.py [--check]`` (``--check``: write nothing, exit 1 if stale)
"""

import argparse
import gzip
import json
import re
import sys
import zipfile
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, the project root is not on the path
sys.path.insert(0, str(ROOT / "src"))
from botocore.model import ServiceModel, Shape  # noqa: E402  # after the path, like the imports below

from aws_sagemaker_modelpackage import schema as resource_schema  # noqa: E402  # needs the path set above
from aws_sagemaker_modelpackage.constraints import dots_as, family_pattern, growing  # noqa: E402  # needs the path set above
from tools import package  # noqa: E402  # needs the path set above

SCHEMA = resource_schema.SCHEMA_PATH.resolve()  # the project's schema file, which the package links to
END = r"(?![\s\S])"  # the end of the value, in every regular-expression dialect the schema meets
ANY = r"[\s\S]"  # any character, line breaks included
# Operations whose input shapes describe the properties a template sets, in order of precedence.
# Read-only properties are left as they are: SageMaker's answers do not keep to its input
# constraints (a status item's Name is an image URI, not an EntityName).
SOURCES = ("CreateModelPackage", "UpdateModelPackage")
# The keywords this tool writes, by botocore shape type; a node's others are left as they are.
MANAGED = {
    "string": ("minLength", "maxLength", "pattern", "enum", "examples"),
    "list": ("minItems", "maxItems"),
    "map": ("minProperties", "maxProperties"),
    "structure": ("required",),
    "integer": ("minimum", "maximum"),
    "long": ("minimum", "maximum"),
    "float": ("minimum", "maximum"),
    "double": ("minimum", "maximum"),
}
# Where the schema says other than a plain copy of botocore's constraint, and the evidence.
DEVIATIONS = {
    "end-anchor": (
        "botocore's patterns match the whole value (SageMaker refuses 'my_app' under "
        "^[a-zA-Z0-9](-*[a-zA-Z0-9])*: Kenza-AI/sagify#57), while JSON Schema's patterns search; "
        "anchored with ^ and (?![\\s\\S]), as $ lets a final line break through in Python and Java"
    ),
    "lenient-dot": (
        "whether SageMaker's '.' (Java's) refuses line breaks is open (fidelity ledger row 55); the schema "
        "reads it as matching anything, as the handler does for every request but the update right after a create"
    ),
    "growing-enum": (
        "instance types grow faster than providers are rebuilt; an SDK enum missing ml.t3.medium kept Terraform "
        "users from it (aws/aws-sdk-go#5229): the schema gives their form, SageMaker judges a new one"
    ),
    "map-key-length": "JSON Schema constrains a map's keys by a pattern alone; the handler checks their length",
}


def bundled_sagemaker() -> ServiceModel:
    """SageMaker's service model from the locked botocore wheel (what the artifact bundles)."""
    return _bundled(locked_botocore())


@cache
def _bundled(version: str) -> ServiceModel:
    wheel = next(package.fetch_wheels().glob(f"botocore-{version}-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("botocore/data/sagemaker/") and "/service-2." in n)
        data = archive.read(names[-1])  # the latest API version
    return ServiceModel(json.loads(gzip.decompress(data) if names[-1].endswith(".gz") else data), "sagemaker")


def locked_botocore() -> str:
    for line in package.LOCK.read_text().splitlines():
        if line.startswith("botocore=="):
            return line.split("==")[1].split()[0]
    raise RuntimeError("botocore is not locked in requirements.lock")


# --- botocore's constraints as the schema writes them ----------------------------------------


def keywords(shape: Shape) -> tuple[dict[str, Any], set[str]]:
    """The schema keywords for ``shape`` (those of ``MANAGED[shape.type_name]``), and the
    ``DEVIATIONS`` they make from a plain copy."""
    meta, kind = shape.metadata, shape.type_name
    found: dict[str, Any] = {}
    used: set[str] = set()
    if kind == "string" and growing(shape):
        found["pattern"] = f"^{family_pattern(meta['enum'])}{END}"
        found["examples"] = list(meta["enum"])
        used |= {"growing-enum", "end-anchor"}
    elif kind == "string":
        if "enum" in meta:
            found["enum"] = list(meta["enum"])
        if meta.get("min"):
            found["minLength"] = meta["min"]
        if "max" in meta:
            found["maxLength"] = meta["max"]
        if "pattern" in meta:
            pattern, reasons = schema_pattern(meta["pattern"], meta.get("min", 0))
            found.update({"pattern": pattern} if pattern else {})
            used |= reasons
    elif kind == "list":
        found.update(_bounds(meta, "minItems", "maxItems"))
    elif kind == "map":
        found.update(_bounds(meta, "minProperties", "maxProperties"))
    elif kind == "structure":
        found.update({"required": list(shape.required_members)} if shape.required_members else {})
    elif kind in MANAGED:
        found.update({name: meta[key] for name, key in (("minimum", "min"), ("maximum", "max")) if key in meta})
    return found, used


def _bounds(meta: Mapping[str, Any], low: str, high: str) -> dict[str, Any]:
    return {**({low: meta["min"]} if meta.get("min") else {}), **({high: meta["max"]} if "max" in meta else {})}


def schema_pattern(pattern: str, shortest: int = 0) -> tuple[str | None, set[str]]:
    """botocore's ``pattern`` as the schema writes it (see the module), or None when, read
    leniently, it matches every value at least ``shortest`` characters long; with the
    ``DEVIATIONS`` that made it."""
    body = re.sub(r"^\^|\$(\{\d+(,\d*)?\}|[*+?])?$", "", pattern)  # anchors: the whole value is meant anyway
    if "$" in _outside_classes(body).replace("\\$", ""):
        raise ValueError(f"a $ inside the pattern {pattern!r}: not written for the schema yet")
    lenient = dots_as(body, ANY)  # read leniently: any character, line breaks included
    if re.fullmatch(r"\[(\\s\\S|\\S\\s)\](\*|\{0,\d+\}|\+)", lenient) and (not lenient.endswith("+") or shortest):
        return None, {"lenient-dot"} if lenient != body else set()
    reasons = {"end-anchor", *({"lenient-dot"} if lenient != body else ())}
    return f"^{_grouped(lenient)}{END}", reasons


def _outside_classes(pattern: str) -> str:
    return re.sub(r"\[(\\.|[^\]\\])*\]", "", pattern)


def _grouped(pattern: str) -> str:
    """``pattern`` in a group when an alternation at its top level would escape the anchors."""
    depth, index = 0, 0
    plain = _outside_classes(pattern)
    while index < len(plain):
        character = plain[index]
        if character == "\\":
            index += 2
            continue
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == "|" and not depth:
            return f"(?:{pattern})"
        index += 1
    return pattern


def key_pattern(shape: Shape) -> tuple[str, set[str]]:
    """The ``patternProperties`` key of a map whose keys are ``shape``."""
    pattern, reasons = schema_pattern(shape.metadata.get("pattern", ".*"), shape.metadata.get("min", 0))
    return pattern or f"^{ANY}*{END}", {*reasons, *({"map-key-length"} if "max" in shape.metadata else ())}


# --- the walk ---------------------------------------------------------------------------------


def resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """The node a ``$ref`` chain leads to (a definition a node shares with others)."""
    while "$ref" in node:
        node = schema["definitions"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def described(schema: Mapping[str, Any], model: ServiceModel) -> Iterator[tuple[str, Mapping[str, Any], Shape]]:
    """(path, schema node, botocore shape) of every schema node an API member describes."""
    shapes = [model.operation_model(operation).input_shape for operation in SOURCES]
    for name, node in schema["properties"].items():
        shape = next((found.members[name] for found in shapes if name in found.members), None)
        if shape is not None:
            yield from _walk(schema, node, shape, f"/{name}")


def _walk(
    schema: Mapping[str, Any], node: Mapping[str, Any], shape: Shape, path: str
) -> Iterator[tuple[str, Mapping[str, Any], Shape]]:
    node = resolve(schema, node)
    yield path, node, shape
    if shape.type_name == "structure":
        for name, child in node.get("properties", {}).items():
            if name in shape.members:
                yield from _walk(schema, child, shape.members[name], f"{path}/{name}")
    elif shape.type_name == "list" and "items" in node:
        yield from _walk(schema, node["items"], shape.member, f"{path}/*")
    elif shape.type_name == "map" and len(node.get("patternProperties", {})) == 1:
        yield from _walk(schema, next(iter(node["patternProperties"].values())), shape.value, f"{path}/{{}}")


def expected(schema: Mapping[str, Any], model: ServiceModel) -> tuple[dict[int, dict[str, Any]], set[str]]:
    """{id of a schema node: the managed keywords it must have (a map's key pattern under
    ``patternProperties``)}, and the deviations made. A node reached from two members must get
    the same keywords from both."""
    wanted: dict[int, dict[str, Any]] = {}
    where: dict[int, str] = {}
    used: set[str] = set()
    for path, node, shape in described(schema, model):
        found, reasons = keywords(shape)
        managed = {name: found.get(name) for name in MANAGED.get(shape.type_name, ())}
        if shape.type_name == "map" and len(node.get("patternProperties", {})) == 1:
            managed["patternProperties"], key_reasons = key_pattern(shape.key)
            reasons |= key_reasons
        used |= reasons
        if id(node) in wanted and wanted[id(node)] != managed:
            raise ValueError(f"{path} and {where[id(node)]} share a definition but botocore constrains them apart")
        wanted[id(node)], where[id(node)] = managed, path
    return wanted, used


def generated(schema: dict[str, Any], model: ServiceModel) -> dict[str, Any]:
    """A copy of ``schema`` with every managed keyword as botocore's model says."""
    result: dict[str, Any] = json.loads(json.dumps(schema))
    wanted, _ = expected(result, model)
    for _, node, _ in described(result, model):
        for name, value in wanted[id(node)].items():
            _set(cast(dict[str, Any], node), name, value)  # the copy's own dicts, changed in place
    return result


def _set(node: dict[str, Any], name: str, value: Any) -> None:
    """``value`` under ``name`` (None: removed); a list of names or values in another order is
    the same constraint, kept in the schema's order."""
    if isinstance(value, list) and name in ("required", "enum") and sorted(node.get(name, [])) == sorted(value):
        return
    if name == "patternProperties":
        (child,) = node["patternProperties"].values()
        node["patternProperties"] = {value: child}
    elif value is None:
        node.pop(name, None)
    else:
        node[name] = value


def write(schema: Mapping[str, Any], path: Path = SCHEMA) -> None:
    path.write_text(json.dumps(schema, indent=4) + "\n", encoding="utf-8")


# What ``cfn generate`` derives from the schema and the project commits: the models, and the docs
# pages it writes (each titled with the type's name; docs/ also holds pages written by hand). The
# execution role is left alone: the committed one adds a condition cfn generate does not write.
MODELS = Path("src/aws_sagemaker_modelpackage/models.py")


def regenerate_derived() -> list[str]:
    """Run ``cfn generate`` on a copy of the schema and bring its models and docs pages back;
    the files that changed."""
    import filecmp
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        staging = Path(directory)
        shutil.copy(ROOT / ".rpdk-config", staging)
        shutil.copy(SCHEMA, staging)
        (staging / MODELS.parent).mkdir(parents=True)
        package.cfn(staging, "generate")
        changed = []
        generated = [staging / MODELS, *sorted((staging / "docs").glob("*.md"))]
        for source in generated:
            target = ROOT / source.relative_to(staging)
            if not target.exists() or not filecmp.cmp(source, target, shallow=False):
                shutil.copy(source, target)
                changed.append(str(target.relative_to(ROOT)))
        stale = [
            page
            for page in (ROOT / "docs").glob("*.md")
            if page.read_text(encoding="utf-8").startswith("# AWS::") and not (staging / "docs" / page.name).exists()
        ]
        for page in stale:
            page.unlink()
            changed.append(f"{page.relative_to(ROOT)} (removed)")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the schema is stale")
    args = parser.parse_args(argv)
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    fresh = generated(committed, bundled_sagemaker())
    if fresh == committed:
        print(f"schema: {SCHEMA.name} already says what botocore {locked_botocore()} says")
        if not args.check:
            for name in regenerate_derived():
                print(f"schema: cfn generate rewrote {name}")
        return 0
    if args.check:
        print(f"schema: {SCHEMA.name} is stale; run make schema")
        return 1
    write(fresh)
    print(f"schema: {SCHEMA.name} rewritten from botocore {locked_botocore()}")
    for name in regenerate_derived():
        print(f"schema: cfn generate rewrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
