"""Templates for the round trip, generated from the resource schema.

Every writable property the schema declares is walked (``$ref``s followed, optional members
drawn or left out, list and map sizes within the schema's limits, empty values where the schema
allows them); leaves whose schema says little (``.*`` strings, free ``string``s) take values
from the domain SageMaker expects (ECR images, S3 URIs, MIME types, instance types), so that
SageMaker's own rules do not refuse a template the schema accepts. Scalars are sometimes given
as strings, the way CloudFormation passes them.

SageMaker's rules across properties are kept:
- exactly one of ModelPackageName (unversioned) and ModelPackageGroupName (a version, by name
  or by ARN);
- unversioned packages need SupportedRealtimeInferenceInstanceTypes and
  SupportedTransformInstanceTypes, and take neither SourceUri nor a container ModelDataSource
  (ledger rows 27, 28); approval applies to versions only, CertifyForMarketplace to unversioned
  ones only (rows 39, 41); tags are never set on a version;
- the main inference specification's containers take no AdditionalS3DataSource (row 44);
- unversioned packages are updated only by tag calls: UpdateModelPackage on them is an open
  question answered "refused" by default (row 22; AWS's own handler updates versions only); an
  inference specification is only given by an update to a version that has none (row 25,
  replacing one is refused by default);
- additional inference specifications have unique names and at most 15 in all; a template
  that declares AdditionalInferenceSpecifications lists every specification there (the rule in
  docs/behaviour.md: READ returns them all under that name), so the write-only ...ToAdd list only repeats
  some of them, or stands alone;
- a model card is never Archived (its content could not change any more).

An update may give new content to an additional inference specification the package has:
SageMaker cannot apply it, so the provider must refuse it (``expected_refusal``), never succeed.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import strategies as st

from aws_sagemaker_modelpackage import schema
from aws_sagemaker_modelpackage.schema import regex
from local import invoke
from tests.roundtrip.drift import scalar
from tests.support.templates import GROUP

SCHEMA: dict[str, Any] = schema.read()
GROUP_ARN = f"arn:aws:sagemaker:{invoke.REGION}:{invoke.ACCOUNT}:model-package-group/{GROUP}"
MAX_ADDITIONAL_SPECS = 15

Strategy = st.SearchStrategy[Any]

_NAME = st.from_regex(r"\A[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6}){0,2}\Z")
_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " .,_-", max_size=24)
_HEX = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
_S3 = st.builds("s3://{}/{}/{}".format, st.sampled_from(["models", "ml-artifacts"]), _NAME, _NAME)
_MIME = st.sampled_from(["text/csv", "application/json", "application/x-recordio-protobuf", "image/jpeg"])
_KMS = st.one_of(
    st.builds(f"arn:aws:kms:{invoke.REGION}:{invoke.ACCOUNT}:key/{{}}".format, st.uuids().map(str)),
    st.builds("alias/{}".format, _NAME),
)

# Leaves by property (or definition) name: the domain SageMaker expects.
DOMAINS: dict[str, Strategy] = {
    "Image": st.builds(f"{invoke.ACCOUNT}.dkr.ecr.{invoke.REGION}.amazonaws.com/{{}}:{{}}".format, _NAME, _NAME),
    "ImageDigest": _HEX.map("sha256:{}".format),
    "ContentDigest": _HEX.map("sha256:{}".format),
    "ETag": _HEX.map(lambda h: h[:32]),
    "ModelDataETag": _HEX.map(lambda h: h[:32]),
    "ManifestEtag": _HEX.map(lambda h: h[:32]),
    "ModelDataUrl": _S3,
    "S3Uri": _S3,
    "ManifestS3Uri": _S3,
    "S3OutputPath": _S3,
    "SamplePayloadUrl": _S3,
    "SourceUri": _S3,
    "ContentType": _MIME,
    "ResponseMIMEType": _MIME,
    "Accept": _MIME,
    "InferenceInstanceType": st.sampled_from(["ml.m5.large", "ml.c5.xlarge", "ml.g5.2xlarge"]),
    "TransformInstanceType": st.sampled_from(["ml.m5.xlarge", "ml.c5.2xlarge"]),
    "InstanceType": st.sampled_from(["ml.m5.xlarge", "ml.c5.2xlarge"]),
    "Framework": st.sampled_from(["XGBOOST", "PYTORCH", "TENSORFLOW", "SKLEARN"]),
    "FrameworkVersion": st.sampled_from(["1.7", "2.1", "1.2.1"]),
    "KmsKeyId": _KMS,
    "VolumeKmsKeyId": _KMS,
    "ValidationRole": _NAME.map(f"arn:aws:iam::{invoke.ACCOUNT}:role/{{}}".format),
    "HubContentArn": _NAME.map(
        f"arn:aws:sagemaker:{invoke.REGION}:aws:hub-content/SageMakerPublicHub/Model/{{}}".format
    ),
    "HubContentVersion": st.sampled_from(["1.0.0", "2.3.1"]),
    "TransformAmiVersion": st.sampled_from(["al2-ami-sagemaker-batch-gpu-470", "al2-ami-sagemaker-batch-gpu-535"]),
    "DataInputConfig": st.just('{"input": [1, 3, 224, 224]}'),
    "Domain": st.sampled_from(["COMPUTER_VISION", "NATURAL_LANGUAGE_PROCESSING", "MACHINE_LEARNING"]),
    "Task": st.sampled_from(["IMAGE_CLASSIFICATION", "OBJECT_DETECTION", "TEXT_GENERATION", "REGRESSION", "OTHER"]),
    "ModelCard": st.fixed_dictionaries(
        {
            "ModelCardContent": _TEXT.map(lambda t: json.dumps({"model_overview": {"model_description": t}})),
            "ModelCardStatus": st.sampled_from(["Draft", "PendingReview", "Approved"]),
        }
    ),
    "ClientToken": st.uuids().map(str),
}
for _name in ("Name", "ContainerHostname", "ProfileName", "HubContentName", "AlgorithmName", "NearestModelName"):
    DOMAINS[_name] = _NAME
for _name in ("ProductId", "RecipeName", "Stage", "StageStatus", "ChannelName"):
    DOMAINS[_name] = _NAME


def definition(name: str) -> Mapping[str, Any]:
    found: Mapping[str, Any] = SCHEMA["definitions"][name]
    return found


class Generator:
    """Strategies for the schema's nodes, for one kind of package (unversioned or a version)."""

    def __init__(self, unversioned: bool) -> None:
        self.unversioned = unversioned
        self._built: dict[tuple[int, str], Strategy] = {}

    def node(self, node: Mapping[str, Any], name: str) -> Strategy:
        """The strategy for a schema node, built once (building the regex-backed ones is slow)."""
        key = (id(node), name)
        if key not in self._built:
            self._built[key] = self._build(node, name)
        return self._built[key]

    def _build(self, node: Mapping[str, Any], name: str) -> Strategy:
        ref = node.get("$ref")
        if ref:
            target = ref.rsplit("/", 1)[-1]
            return self.node(definition(target), name if name in DOMAINS else target)
        if name in DOMAINS:
            return DOMAINS[name]
        if "enum" in node:
            return st.sampled_from(node["enum"])
        return self._by_type(node, name)

    def _by_type(self, node: Mapping[str, Any], name: str) -> Strategy:
        kind = node.get("type")
        if kind == "boolean":
            return st.sampled_from([True, False, "true", "false"])
        if kind == "integer":
            low = node.get("minimum", 0)
            return st.integers(low, low + 20).flatmap(lambda n: st.sampled_from([n, str(n)]))
        if kind == "array":
            return self._array(node, name)
        if kind == "object":
            return self._object(node, name) if "properties" in node else self._map(node)
        return self._string(node)

    def _string(self, node: Mapping[str, Any]) -> Strategy:
        text = st.text(
            alphabet=string.ascii_letters + string.digits + " .,_-",
            min_size=node.get("minLength", 0),
            max_size=min(node.get("maxLength", 24), 24),
        )
        compiled = regex(node["pattern"]) if "pattern" in node else None
        return text.filter(compiled.search) if compiled else text

    def _array(self, node: Mapping[str, Any], name: str) -> Strategy:
        items = self.node(node["items"], name)
        size = {"min_size": node.get("minItems", 0), "max_size": min(node.get("maxItems", 3), 3)}
        if name == "Tags":
            return st.lists(items, unique_by=lambda tag: tag["Key"], **size)
        if node.get("uniqueItems"):
            return st.lists(items, unique_by=lambda item: json.dumps(item, sort_keys=True), **size)
        return st.lists(items, **size)

    def _object(self, node: Mapping[str, Any], name: str) -> Strategy:
        members = dict(node["properties"])
        required = set(node.get("required", ()))
        if self.unversioned and name == "ModelPackageContainerDefinition":
            members.pop("ModelDataSource")  # ledger row 27
        strategies = {key: self.node(value, key) for key, value in members.items()}
        if self.unversioned and "SupportedTransformInstanceTypes" in members:  # row 28: both, not empty
            required |= set(_INSTANCE_TYPES)
            strategies.update({key: strategies[key].filter(bool) for key in _INSTANCE_TYPES})
        if name == "InferenceSpecification":  # row 44 (a container left empty is no container: minProperties)
            strategies["Containers"] = strategies["Containers"].map(_without_additional_s3_data_source).filter(all)
        least = node.get("minProperties", 0)
        return st.fixed_dictionaries(
            {key: strategies[key] for key in members if key in required},
            optional={key: strategies[key] for key in members if key not in required},
        ).filter(lambda value: len(value) >= least)

    def _map(self, node: Mapping[str, Any]) -> Strategy:
        key_pattern, value_node = next(iter(node["patternProperties"].items()))
        compiled = regex(key_pattern)
        keys = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,11}\Z").filter(lambda k: bool(compiled and compiled.search(k)))
        return st.dictionaries(
            keys,
            self.node(value_node, ""),
            min_size=node.get("minProperties", 0),
            max_size=min(node.get("maxProperties", 3), 3),
        )

    def prop(self, name: str) -> Strategy:
        return self.node(SCHEMA["properties"][name], name)


def writable() -> list[str]:
    read_only = {p.rsplit("/", 1)[-1] for p in SCHEMA["readOnlyProperties"]}
    return [name for name in SCHEMA["properties"] if name not in read_only]


def updatable() -> list[str]:
    create_only = {p.rsplit("/", 1)[-1] for p in SCHEMA["createOnlyProperties"]}
    return [name for name in writable() if name not in create_only]


_INSTANCE_TYPES = ("SupportedRealtimeInferenceInstanceTypes", "SupportedTransformInstanceTypes")


def _without_additional_s3_data_source(containers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in c.items() if key != "AdditionalS3DataSource"} for c in containers]


GENERATORS = {unversioned: Generator(unversioned) for unversioned in (True, False)}

# Properties a kind of package never takes (see the module docstring).
_NOT_FOR_UNVERSIONED = {"ModelPackageGroupName", "SourceUri", "ModelApprovalStatus", "ApprovalDescription"}
_NOT_FOR_VERSIONS = {"ModelPackageName", "Tags", "CertifyForMarketplace"}
# Drawn by ``_specifications`` so that names stay unique across both lists.
_SPEC_LISTS = ("AdditionalInferenceSpecifications", "AdditionalInferenceSpecificationsToAdd")


def _optional(unversioned: bool) -> list[str]:
    excluded = (_NOT_FOR_UNVERSIONED if unversioned else _NOT_FOR_VERSIONS) | set(_SPEC_LISTS)
    excluded |= {"ModelPackageName", "ModelPackageGroupName"}
    return [name for name in writable() if name not in excluded]


@st.composite
def _specifications(draw: Callable[[Strategy], Any], gen: Generator, taken: frozenset[str]) -> list[dict[str, Any]]:
    """Additional inference specifications with names unique among themselves and ``taken``."""
    room = MAX_ADDITIONAL_SPECS - len(taken)
    spec = gen.node(
        definition("AdditionalInferenceSpecificationDefinition"), "AdditionalInferenceSpecificationDefinition"
    )
    specs = draw(st.lists(spec, max_size=min(3, room)))
    unique: dict[str, dict[str, Any]] = {}
    for spec in specs:
        if spec["Name"] not in taken:
            unique.setdefault(spec["Name"], spec)
    return list(unique.values())


@st.composite
def create_template(draw: Callable[[Strategy], Any]) -> dict[str, Any]:
    """A template SageMaker accepts, with the kind of package drawn first."""
    unversioned = draw(st.booleans())
    gen = GENERATORS[unversioned]
    optional = {name: gen.prop(name) for name in _optional(unversioned)}
    template: dict[str, Any] = draw(st.fixed_dictionaries({}, optional=optional))
    if unversioned:
        template["ModelPackageName"] = draw(_NAME)
        template.setdefault("InferenceSpecification", draw(gen.prop("InferenceSpecification")))
    else:
        template["ModelPackageGroupName"] = draw(st.sampled_from([GROUP, GROUP_ARN]))
        if "SourceUri" not in template:
            template.setdefault("InferenceSpecification", draw(gen.prop("InferenceSpecification")))
    template.update(draw(_spec_lists(gen)))
    return template


@st.composite
def _spec_lists(draw: Callable[[Strategy], Any], gen: Generator) -> dict[str, Any]:
    """Neither list; the ...ToAdd list alone; or AdditionalInferenceSpecifications with every
    specification, the ...ToAdd list repeating some of them (one specification, declared twice)."""
    specs = draw(_specifications(gen, frozenset()))
    if not specs:
        return {}
    if not draw(st.booleans()):
        return {_SPEC_LISTS[1]: specs}
    repeated = draw(st.lists(st.sampled_from(specs), unique_by=lambda spec: spec["Name"], max_size=len(specs)))
    return {_SPEC_LISTS[0]: specs, **({_SPEC_LISTS[1]: repeated} if repeated else {})}


def is_unversioned(template: Mapping[str, Any]) -> bool:
    return "ModelPackageName" in template


# --- Updates: the same template with some updatable properties changed --------------------

_NOT_CHANGED = {"SourceUri", "ClientToken"}  # SourceUri is create-only once an inference spec exists


def changeable(template: Mapping[str, Any]) -> list[str]:
    """Unversioned packages: tags only (row 22); a version's InferenceSpecification only when it has
    none yet (row 25)."""
    if is_unversioned(template):
        return ["Tags"]
    excluded = (
        _NOT_FOR_VERSIONS
        | _NOT_CHANGED
        | ({"InferenceSpecification"} if "InferenceSpecification" in template else set())
    )
    return [name for name in updatable() if name not in excluded]


@st.composite
def updated_template(draw: Callable[[Strategy], Any], template: Mapping[str, Any]) -> dict[str, Any]:
    """``template`` with one to three updatable properties given new values (or, for tags and
    metadata, removed)."""
    gen = GENERATORS[is_unversioned(template)]
    names = draw(st.lists(st.sampled_from(changeable(template)), min_size=1, max_size=3, unique=True))
    updated: dict[str, Any] = json.loads(json.dumps(template))
    for name in names:
        change = _CHANGES.get(name, _replace)
        change(draw, gen, updated, name)
    return updated


def _replace(draw: Callable[[Strategy], Any], gen: Generator, template: dict[str, Any], name: str) -> None:
    current = template.get(name)
    template[name] = draw(gen.prop(name).filter(lambda value: value != current))


def _replace_or_remove(draw: Callable[[Strategy], Any], gen: Generator, template: dict[str, Any], name: str) -> None:
    if name in template and draw(st.booleans()):
        del template[name]
    else:
        _replace(draw, gen, template, name)


def _add_specifications(draw: Callable[[Strategy], Any], gen: Generator, template: dict[str, Any], name: str) -> None:
    """New specifications added through either list (the declared list, if there is one, lists
    them all); or, for the declared list, new content for one already there (SageMaker cannot
    change it: the update must be refused, see ``expected_refusal``)."""
    listed, to_add = (template.get(key) or [] for key in _SPEC_LISTS)
    taken = frozenset(spec["Name"] for spec in listed + to_add)
    if name == _SPEC_LISTS[0] and listed and draw(st.booleans()):
        index = draw(st.integers(0, len(listed) - 1))
        mime = draw(_MIME.filter(lambda m: [m] != listed[index].get("SupportedContentTypes")))
        changed = {**listed[index], "SupportedContentTypes": [mime]}
        for specs in (listed, to_add):  # one specification, wherever it is declared
            specs[:] = [changed if spec["Name"] == changed["Name"] else spec for spec in specs]
        return
    added = draw(_specifications(gen, taken).filter(bool)) if len(taken) < MAX_ADDITIONAL_SPECS else []
    if name == _SPEC_LISTS[1]:
        template[name] = to_add + added
    if name == _SPEC_LISTS[0] or listed:
        declared = {spec["Name"] for spec in listed}
        template[_SPEC_LISTS[0]] = listed + [spec for spec in to_add + added if spec["Name"] not in declared]


def expected_refusal(template: Mapping[str, Any], updated: Mapping[str, Any]) -> str | None:
    """What the provider's refusal must say when ``updated`` gives new content to an additional
    inference specification ``template`` has (the Name, under AdditionalInferenceSpecifications)."""
    before = {spec["Name"]: spec for key in _SPEC_LISTS for spec in template.get(key) or ()}
    changed = sorted(
        {
            spec["Name"]
            for key in _SPEC_LISTS
            for spec in updated.get(key) or ()
            if spec["Name"] in before and _canonical(spec) != _canonical(before[spec["Name"]])
        }
    )
    return f"AdditionalInferenceSpecifications: {', '.join(changed)}" if changed else None


def _canonical(value: Any) -> Any:
    """A value as CloudFormation compares it (scalars by their string form)."""
    if isinstance(value, Mapping):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return scalar(value)


def _change_card(draw: Callable[[Strategy], Any], gen: Generator, template: dict[str, Any], name: str) -> None:
    """Content or status, never both in one update (ledger row 30)."""
    card = template.get(name)
    if card is None:
        _replace(draw, gen, template, name)
        return
    new = draw(DOMAINS["ModelCard"])
    field = draw(st.sampled_from(["ModelCardContent", "ModelCardStatus"]).filter(lambda f: new[f] != card[f]))
    template[name] = {**card, field: new[field]}


_CHANGES: dict[str, Callable[[Callable[[Strategy], Any], Generator, dict[str, Any], str], None]] = {
    "Tags": _replace_or_remove,
    "CustomerMetadataProperties": _replace_or_remove,
    "AdditionalInferenceSpecifications": _add_specifications,
    "AdditionalInferenceSpecificationsToAdd": _add_specifications,
    "ModelCard": _change_card,
}


def cases() -> Strategy:
    """(template, updated template) pairs."""
    return create_template().flatmap(lambda template: st.tuples(st.just(template), updated_template(template)))
