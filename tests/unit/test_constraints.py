"""SageMaker's own constraints (botocore's model) on every request the handler sends, checked
before any call (``constraints.py``), at the edges ``tests/support/edges.py`` generates from the
model: every value one step past a constraint fails InvalidRequest naming its property's path,
and no SageMaker call is made."""

import pytest

from aws_sagemaker_modelpackage import api_model, constraints, properties, schema
from aws_sagemaker_modelpackage import client as clients
from aws_sagemaker_modelpackage.errors import InputError
from aws_sagemaker_modelpackage.handlers import resource
from local.invoke import event
from tests.support import edges
from tests.support.templates import inference_spec, spec, unversioned, versioned
from tests.unit.stubbing import ARN

PAST = edges.edges(accepted=False)


@pytest.fixture
def entry(api, monkeypatch):
    """The entry point with the stubbed client; returns (progress event, SageMaker calls made)."""
    calls = []
    api.client.meta.events.register("before-parameter-build.sagemaker", lambda model, **_: calls.append(model.name))
    monkeypatch.setattr(clients, "sagemaker", lambda session, region=None: api.client)

    def run(payload):
        return resource(payload, None), calls

    return run


def state(desired, creating=True, **extra):
    return properties.State(desired=desired, creating=creating, request_ids=("token", "stack", "Version"), **extra)


def refusal(desired, creating=True, **extra):
    with pytest.raises(InputError) as raised:
        constraints.check(state(desired, creating, **extra))
    return str(raised.value)


# --- generated from botocore's model ------------------------------------------------------------


def _constrained_members(shape, path, seen):
    """Paths (``*`` for items and map values) of every member under ``shape`` with a constraint."""
    if shape.name in seen:
        return
    seen = seen | {shape.name}
    meta = shape.metadata
    if meta.get("min") or {"max", "pattern", "enum"} & set(meta):
        yield path
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            yield from _constrained_members(member, (*path, name), seen)
    elif shape.type_name == "list":
        yield from _constrained_members(shape.member, (*path, "*"), seen)
    elif shape.type_name == "map":
        yield from _constrained_members(shape.key, path, seen)
        yield from _constrained_members(shape.value, (*path, "*"), seen)


def _in_schema(path):
    node = schema.resolve(schema.load()["properties"].get(path[0], {}))
    for part in path[1:]:
        node = schema.resolve(
            node.get("items") or next(iter(node.get("patternProperties", {}).values()), None) or {}
            if part == "*"
            else node.get("properties", {}).get(part, {})
        )
        if not node:
            return False
    return bool(node)


def test_every_constrained_member_a_template_can_reach_from_create_has_an_edge_past_it():
    create = api_model.sagemaker().operation_model("CreateModelPackage").input_shape
    members = {path for path in _constrained_members(create, (), frozenset()) if path and _in_schema(path)}
    covered = {tuple("*" if isinstance(part, int) or part == edges.KEY else part for part in e.path) for e in PAST}
    assert len(members) > 100
    assert sorted(members - covered) == []


@pytest.mark.parametrize("edge", PAST, ids=str)
def test_a_value_past_a_constraint_fails_invalid_request_naming_its_path_before_any_call(entry, edge):
    progress, calls = entry(event("CREATE", edge.template()))

    assert (progress["status"], progress["errorCode"]) == ("FAILED", "InvalidRequest"), progress
    assert edge.label in progress["message"]
    assert calls == []
    value, enum = edge.value, "enum" in edge.steps[-1].shape.metadata
    if isinstance(value, str) and len(value) > 8 and not enum:  # never repeated: it may be secret
        assert value not in progress["message"]


def _sent_as_given(edge):
    """Whether a request the handler would send holds the template's value at its path (the
    ClientToken is derived, an empty list of additional specifications sends none)."""
    for _, request, _ in constraints.requests(state(edge.template())):
        try:
            if edges.at(request, edge.path) == edge.value:
                return True
        except (KeyError, IndexError, TypeError):
            continue
    return False


@pytest.mark.parametrize("edge", [edge for edge in PAST if _sent_as_given(edge)], ids=str)
def test_the_validator_alone_refuses_each_value_past_a_constraint_that_would_be_sent(edge):
    """Without the resource schema's check: botocore's model alone drives it."""
    message = refusal(edge.template())
    assert edge.label in message if not edge.what.startswith("a key") else edge.label.rsplit("/", 1)[0] in message


@pytest.mark.parametrize("edge", edges.edges(accepted=True), ids=str)
def test_the_validator_lets_each_value_at_a_limit_through(edge):
    constraints.check(state(edge.template()))


# --- what the schema alone cannot see ----------------------------------------------------------


def test_lists_merged_past_their_limit_are_refused():
    message = refusal(
        versioned(
            AdditionalInferenceSpecifications=[spec(f"a{i}") for i in range(8)],
            AdditionalInferenceSpecificationsToAdd=[spec(f"b{i}") for i in range(8)],
        )
    )
    assert message.startswith(
        "AdditionalInferenceSpecifications and AdditionalInferenceSpecificationsToAdd together must have at most "
        "15 items (it has 16), as SageMaker's CreateModelPackage requires"
    )


def test_stack_tags_merged_past_fifty_are_refused_before_any_call(entry):
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(45)]
    payload = event("CREATE", unversioned(Tags=tags))
    payload["requestData"]["stackTags"] = {f"stack{i}": "v" for i in range(10)}

    progress, calls = entry(payload)

    assert progress["errorCode"] == "InvalidRequest", progress
    assert "Tags, with what CloudFormation adds, must have at most 50 items (it has 55)" in progress["message"]
    assert calls == []


def test_a_stack_tag_breaking_a_pattern_is_named_as_sent():
    message = refusal(unversioned(), stack_tags={"team": "ml#1"})
    assert message.startswith("Tags[0]/Value (as sent: it is not in the template as such) must match")


def test_a_bad_source_uri_beside_an_inference_specification_fails_before_create_model_package(entry):
    """SourceUri is sent by the update right after the create: checked before the create, or the
    version made would be deleted and its number lost."""
    progress, calls = entry(event("CREATE", versioned(SourceUri="s3://models/model.tar.gz\x07")))

    assert (progress["status"], progress["errorCode"]) == ("FAILED", "InvalidRequest"), progress
    assert "SourceUri" in progress["message"]
    assert calls == []
    message = refusal(versioned(SourceUri="s3://models/model.tar.gz\x07"))
    assert message == (
        "SourceUri must match SageMaker's pattern [\\p{L}\\p{M}\\p{Z}\\p{N}\\p{P}]{0,1024} in full (it has 25 "
        "characters, a control character (U+0007) at character 25), as SageMaker's UpdateModelPackage requires"
    )


def test_an_added_specification_is_named_where_the_template_gives_it():
    """On update, new specifications are sent as AdditionalInferenceSpecificationsToAdd."""
    before = versioned(ModelPackageArn=ARN, AdditionalInferenceSpecifications=[spec("cpu")])
    bad = {**spec("gpu"), "Description": "d" * 1025}
    message = refusal(
        {**before, "AdditionalInferenceSpecifications": [spec("cpu"), bad]}, creating=False, previous=before
    )
    assert message.startswith("AdditionalInferenceSpecifications[1]/Description must have at most 1024 characters")


def test_planned_updates_and_their_tags_are_checked_too():
    previous = {**unversioned(), "ModelPackageArn": ARN}
    message = refusal({**previous, "Tags": [{"Key": "k", "Value": "v" * 257}]}, creating=False, previous=previous)
    assert message.startswith("Tags[0]/Value must have at most 256 characters (it has 257), as SageMaker's AddTags")
    before = versioned(ModelPackageArn=ARN)
    message = refusal({**before, "ApprovalDescription": "d" * 1025}, creating=False, previous=before)
    assert message.startswith("ApprovalDescription must have at most 1024 characters (it has 1025), as SageMaker's Up")


# --- instance types: a growing enum ----------------------------------------------------------


def with_instance_types(*types):
    return versioned(
        InferenceSpecification={**inference_spec(), "SupportedRealtimeInferenceInstanceTypes": list(types)}
    )


def test_a_near_miss_of_an_instance_type_fails_with_did_you_mean_before_any_call(entry):
    progress, calls = entry(event("CREATE", with_instance_types("ml.m5.xlarg")))

    assert progress["errorCode"] == "InvalidRequest", progress
    assert "InferenceSpecification/SupportedRealtimeInferenceInstanceTypes[0]" in progress["message"]
    assert "(did you mean ml.m5.xlarge?)" in progress["message"]
    assert calls == []
    assert "'ml.m5.xlarg' is not (did you mean ml.m5.xlarge?)" in refusal(with_instance_types("ml.m5.xlarg"))


@pytest.mark.parametrize("typo", ["ml.m5.XLARGE", "ml.m5.xlarge ", "m5.xlarge", "ml.m5.xlarge\n"])
def test_an_instance_type_without_the_form_of_the_known_ones_is_refused(typo):
    assert "SupportedRealtimeInferenceInstanceTypes[0] must be one of the" in refusal(with_instance_types(typo))


def test_a_well_formed_instance_type_newer_than_botocore_goes_to_sagemaker():
    constraints.check(state(with_instance_types(edges.NEWER_INSTANCE_TYPE, "ml.m5.large")))


def test_the_form_of_instance_types_holds_every_known_one_and_no_typo():
    for name in ("ProductionVariantInstanceType", "TransformInstanceType"):
        shape = api_model.sagemaker().shape_for(name)
        assert constraints.growing(shape)
        assert all(constraints.family(shape).fullmatch(value) for value in shape.enum)
        assert not constraints.family(shape).fullmatch("ml.m5.xlarg")
    assert not constraints.growing(api_model.sagemaker().shape_for("ModelApprovalStatus"))


# --- patterns: the whole value, the Java way ----------------------------------------------------


def _patterns():
    found = set()

    def walk(shape, seen):
        if shape.name in seen:
            return
        if "pattern" in shape.metadata:
            found.add(shape.metadata["pattern"])
        for child in {"structure": lambda: shape.members.values(), "list": lambda: [shape.member]}.get(
            shape.type_name, lambda: [shape.key, shape.value] if shape.type_name == "map" else []
        )():
            walk(child, seen | {shape.name})

    for operation in ("CreateModelPackage", "UpdateModelPackage", "AddTags"):
        walk(api_model.sagemaker().operation_model(operation).input_shape, frozenset())
    return sorted(found)


@pytest.mark.parametrize("pattern", _patterns())
def test_every_pattern_compiles_both_ways_and_a_line_break_is_no_more_welcome_at_the_end(pattern):
    """Where a pattern takes no line break inside a value, it takes none at its end either (as
    ``$`` would allow, searched rather than matched in full)."""
    for strict in (True, False):
        compiled = constraints.java_regex(pattern, strict)
        if type(compiled).__module__ != "re":  # regex's ASCII flag would narrow \p{L}: none may need it
            assert not any(shorthand in pattern for shorthand in ("\\w", "\\d", "\\s", "\\b"))
        for value in ("a", "1.0.0", "s3://b/k", "text/csv"):
            if compiled.fullmatch(value) and not compiled.fullmatch(value[:-1] + "\n" + value[-1:]):
                assert not compiled.fullmatch(value + "\n"), value


def test_java_reading_of_dot_and_shorthand_classes():
    assert constraints.dots_as(r"a.b[.]\.c[^]].", "X") == r"aXb[.]\.c[^]]X"
    for line_break in ("\n", "\r", "\u0085", "\u2028", "\u2029"):
        assert not constraints.java_regex(".*", True).fullmatch(f"x{line_break}y")
        assert constraints.java_regex(".*", False).fullmatch(f"x{line_break}y")
    assert not constraints.java_regex(r"[-\w]+\/.+", False).fullmatch("é/json")  # Java's \w is ASCII
    assert constraints.java_regex(r"([\p{L}\p{N}]*)${1,128}", False).fullmatch("é1")
    assert not constraints.java_regex(r"([\p{L}\p{N}]*)${1,128}", False).fullmatch("é1\n")


# --- ledger row 55: a line break under "." -------------------------------------------------------


def test_row_55_a_line_break_in_what_the_update_after_a_create_sends_is_refused_before_the_create():
    message = refusal(versioned(ApprovalDescription="Approved by the board.\nSee minutes."))
    assert message.startswith(
        "ApprovalDescription holds a line break (it has 35 characters, a line break at character 23), which "
        "SageMaker's pattern may refuse"
    )
    assert "set it in a later update of the stack" in message


def test_row_55_elsewhere_a_line_break_is_left_for_sagemaker_to_judge():
    card = {"ModelCardContent": '{\n  "model_overview": {}\n}', "ModelCardStatus": "Draft"}
    life_cycle = {"Stage": "staging", "StageStatus": "approved", "StageDescription": "two\nlines"}
    constraints.check(state(versioned(ModelCard=card, ModelLifeCycle=life_cycle)))
    before = versioned(ModelPackageArn=ARN)
    constraints.check(state({**before, "ApprovalDescription": "a\nb"}, creating=False, previous=before))
