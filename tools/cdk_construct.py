"""Generate a typed CDK construct (Python) for the provider under a private type name.

CDK has an L1 class only for AWS's own type, whose published schema lacks some of this provider's
properties; for a private type CDK offers only ``CfnResource`` with an untyped ``properties``
dict, where a misspelt property surfaces at deploy time. This generator reads the schema and
writes a module with one frozen, keyword-only dataclass per object definition
(``InferenceSpecificationProperty``…) and a ``Cfn<Resource>`` construct (a ``CfnResource``
subclass) whose keyword arguments are the schema's writable properties in snake case, with
``attr_*`` accessors for the read-only ones. A misspelt or mistyped property is then a mypy
error, a misspelt one a ``TypeError`` and a value outside an ``enum`` a ``ValueError`` when the app
runs, before anything is synthesised.

The output is a package in ``dist/cdk/``: the source folder (``pyproject.toml``,
``<module>/__init__.py``, ``py.typed``) and a wheel built from it with the standard library
(no build backend to download). The module is ``<org>_<service>_<resource>_cdk``.

Usage: ``python tools/cdk_construct.py --type-name Acme::SageMaker::ModelPackage [--dist DIR]``
"""

import argparse
import base64
import hashlib
import json
import keyword
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, the project root is not on the path
from tools.package import type_name_argument  # noqa: E402  # needs the path set above

SCHEMA = ROOT / "aws-sagemaker-modelpackage.json"
VERSION = "1.0.0"
PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}

HEADER = '''"""Typed CDK construct for the private CloudFormation type ``{type_name}``.

Generated from the type's schema by tools/cdk_construct.py; regenerate rather than edit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import aws_cdk as cdk
from constructs import Construct


def _render(value: Any) -> Any:
    """CloudFormation's shape of ``value``: dataclasses become dicts keyed by schema names,
    unset (None) properties are left out, tokens and plain values pass through."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {{
            field.metadata["cfn"]: _render(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if getattr(value, field.name) is not None
        }}
    if isinstance(value, (list, tuple)):
        return [_render(item) for item in value]
    if isinstance(value, Mapping):
        return {{key: _render(item) for key, item in value.items()}}
    return value


def _check_enums(instance: Any, allowed: Mapping[str, Sequence[str]]) -> None:
    """ValueError naming the property whose value is none of the schema's ``enum``."""
    for name, values in allowed.items():
        value = getattr(instance, name)
        if value is not None and not cdk.Token.is_unresolved(value) and value not in values:
            raise ValueError(f"{{type(instance).__name__}}.{{name}}: {{value!r}} is not one of {{', '.join(values)}}")
'''


def snake(name: str) -> str:
    """``SupportedResponseMIMETypes`` -> ``supported_response_mime_types``, as jsii names them."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()
    return words + "_" if keyword.iskeyword(words) else words


def class_name(definition: str) -> str:
    return f"{definition}Property"


def is_object_class(schema: dict[str, Any]) -> bool:
    """A definition that becomes a dataclass: an object with named properties (maps do not)."""
    return schema.get("type") == "object" and bool(schema.get("properties"))


def python_type(schema: dict[str, Any], definitions: dict[str, Any]) -> str:
    """The annotation for a property schema; references to object definitions name their class."""
    reference = schema.get("$ref", "")
    if reference.startswith("#/definitions/"):
        name = reference.rsplit("/", 1)[1]
        target = definitions[name]
        return class_name(name) if is_object_class(target) else python_type(target, definitions)
    kind = schema.get("type")
    if kind == "array":
        return f"Sequence[{python_type(schema.get('items', {}), definitions)}]"
    if kind == "object":
        values = [*schema.get("patternProperties", {}).values(), schema.get("additionalProperties")]
        value = next((v for v in values if isinstance(v, dict)), {})
        return f"Mapping[str, {python_type(value, definitions)}]"
    return PRIMITIVES.get(kind, "Any") if isinstance(kind, str) else "Any"


def fields(schema: dict[str, Any], definitions: dict[str, Any], skip: set[str]) -> Iterator[tuple[str, str, str]]:
    """(snake-case name, annotation, schema name) of each property; optional ones ``| None``."""
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        if name not in skip:
            annotation = python_type(prop, definitions)
            yield snake(name), annotation if name in required else f"{annotation} | None", name


def field_lines(schema: dict[str, Any], definitions: dict[str, Any], skip: set[str]) -> Iterator[str]:
    """One dataclass field per property (required ones without a default), schema name in metadata."""
    for attribute, annotation, name in fields(schema, definitions, skip):
        default = "default=None, " if annotation.endswith(" | None") else ""
        yield f'    {attribute}: {annotation} = dataclasses.field({default}metadata={{"cfn": "{name}"}})'


def docstring(schema: dict[str, Any], skip: set[str], indent: str = "    ") -> list[str]:
    """The description, then each property's description under its snake-case name."""
    lines = [f'{indent}"""{schema.get("description", "").strip() or "Generated from the schema."}', ""]
    for name, prop in schema.get("properties", {}).items():
        if name not in skip and prop.get("description"):
            lines.append(f"{indent}:param {snake(name)}: {prop['description'].strip()}".replace('"""', "'''"))
    return [*lines, f'{indent}"""']


def enums(schema: dict[str, Any], definitions: dict[str, Any], skip: set[str]) -> dict[str, list[str]]:
    """Snake-case name -> allowed values of each string property with an ``enum``."""
    found = {}
    for name, prop in schema.get("properties", {}).items():
        reference = prop.get("$ref", "")
        target = definitions.get(reference.rsplit("/", 1)[1], {}) if reference.startswith("#/definitions/") else prop
        if name not in skip and "enum" in {**target, **prop}:
            found[snake(name)] = list({**target, **prop}["enum"])
    return found


def dataclass_source(name: str, schema: dict[str, Any], definitions: dict[str, Any], skip: set[str]) -> str:
    """A frozen keyword-only dataclass; enum properties are checked when it is built (tokens, e.g.
    a ``CfnParameter``'s value, are left to CloudFormation)."""
    lines = ["@dataclasses.dataclass(frozen=True, kw_only=True)", f"class {name}:"]
    lines += docstring(schema, skip)
    lines += ["", *field_lines(schema, definitions, skip)]
    allowed = enums(schema, definitions, skip)
    if allowed:
        lines += ["", "    def __post_init__(self) -> None:", f"        _check_enums(self, {allowed!r})"]
    return "\n".join(lines)


def read_only(schema: dict[str, Any]) -> list[str]:
    return [pointer.rsplit("/", 1)[1] for pointer in schema.get("readOnlyProperties", [])]


def attribute_source(name: str, prop: dict[str, Any], definitions: dict[str, Any]) -> list[str]:
    """A property returning a read-only attribute as a token of its type (``Fn::GetAtt``)."""
    kind = python_type(prop, definitions)
    annotation, wrap = {"str": ("str", "cdk.Token.as_string"), "int": ("float", "cdk.Token.as_number")}.get(
        kind, ("cdk.IResolvable", "")
    )
    return [
        "    @property",
        f"    def attr_{snake(name)}(self) -> {annotation}:",
        f'        """``Fn::GetAtt`` {name}."""',
        f'        return {wrap}(self.get_att("{name}"))',
        "",
    ]


def construct_source(schema: dict[str, Any], props_class: str) -> str:
    """The ``Cfn<Resource>`` construct: typed keyword arguments, rendered into ``CfnResource``."""
    type_name, definitions = schema["typeName"], schema.get("definitions", {})
    skip = set(read_only(schema))
    signature = [
        f"        {attribute}: {annotation}{' = None' if annotation.endswith(' | None') else ''},"
        for attribute, annotation, _ in fields(schema, definitions, skip)
    ]
    lines = [f"class Cfn{type_name.split('::')[2]}(cdk.CfnResource):"]
    lines += docstring({"description": f"A ``{type_name}`` resource."}, set())
    lines += ["", f'    CFN_RESOURCE_TYPE_NAME: ClassVar[str] = "{type_name}"', ""]
    lines += ["    def __init__(", "        self,", "        scope: Construct,", "        id: str,", "        *,"]
    lines += [*signature, "    ) -> None:", f"        self.props = {props_class}("]
    lines += [f"            {attribute}={attribute}," for attribute, _, _ in fields(schema, definitions, skip)]
    lines += [
        "        )",
        "        super().__init__(scope, id, type=self.CFN_RESOURCE_TYPE_NAME, properties=_render(self.props))",
        "",
    ]
    for name in skip:
        lines += attribute_source(name, schema["properties"][name], definitions)
    return "\n".join(lines)


def module_source(schema: dict[str, Any]) -> str:
    """The whole generated module for ``schema`` (already carrying the private type name)."""
    definitions = schema.get("definitions", {})
    resource = schema["typeName"].split("::")[2]
    props_class = f"Cfn{resource}Props"
    parts = [HEADER.format(type_name=schema["typeName"])]
    for name, definition in definitions.items():
        if is_object_class(definition):
            parts.append(dataclass_source(class_name(name), definition, definitions, set()))
    parts.append(dataclass_source(props_class, schema, definitions, set(read_only(schema))))
    parts.append(construct_source(schema, props_class))
    return "\n\n\n".join(parts) + "\n"


def module_name(type_name: str) -> str:
    return type_name.replace("::", "_").lower() + "_cdk"


def write_package(schema: dict[str, Any], out: Path) -> Path:
    """The source folder of the package (pyproject.toml, module, py.typed); its path."""
    module = module_name(schema["typeName"])
    source = out / module.replace("_", "-")
    (source / module).mkdir(parents=True, exist_ok=True)
    (source / module / "__init__.py").write_text(module_source(schema))
    (source / module / "py.typed").write_text("")
    (source / "pyproject.toml").write_text(
        f'[project]\nname = "{module.replace("_", "-")}"\nversion = "{VERSION}"\n'
        f'description = "Typed CDK construct for {schema["typeName"]}"\n'
        f'requires-python = ">=3.9"\ndependencies = ["aws-cdk-lib>=2", "constructs>=10"]\n\n'
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
    )
    return source


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(schema: dict[str, Any], out: Path) -> Path:
    """A pure-Python wheel of the module (PEP 427 layout), written with zipfile."""
    module = module_name(schema["typeName"])
    dist_info = f"{module}-{VERSION}.dist-info"
    files = {
        f"{module}/__init__.py": module_source(schema).encode(),
        f"{module}/py.typed": b"",
        f"{dist_info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: {VERSION}\n"
            "Requires-Dist: aws-cdk-lib>=2\nRequires-Dist: constructs>=10\n"
        ).encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: tools/cdk_construct.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [record_line(name, data) for name, data in files.items()] + [f"{dist_info}/RECORD,,"]
    wheel = out / f"{module}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(f"{dist_info}/RECORD", "\n".join(record) + "\n")
    return wheel


def private_schema(type_name: str) -> dict[str, Any]:
    """The project's schema under ``type_name``."""
    return {**json.loads(SCHEMA.read_text()), "typeName": type_name}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--type-name", type=type_name_argument, required=True, help="Org::Service::Resource")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "cdk", help="output directory")
    arguments = parser.parse_args(argv)
    schema = private_schema(arguments.type_name)
    source = write_package(schema, arguments.dist)
    wheel = write_wheel(schema, arguments.dist)
    print(f"{source}\n{wheel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
