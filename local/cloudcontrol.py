"""The Cloud Control API played against the provider, offline: ``make cloudcontrol``.

``aws cloudcontrol``, Terraform's ``aws_cloudcontrolapi_resource`` and Pulumi's
``ExtensionResource`` reach a private type through Cloud Control, which calls the handlers
differently from a stack (facts and their evidence: docs/cloudcontrol.md):

- there is no stack: no stack id, logical id, stack tags or system tags, and every API call
  carries a fresh client token (re-invocations on IN_PROGRESS keep the call's token);
- CreateResource validates the desired state against the schema as a whole before the handler
  runs, and so does UpdateResource, which is a JSON Patch (RFC 6902) applied to READ's output,
  refused outright when it touches a read-only or create-only property;
- what UpdateResource passes as the previous state is not documented: READ's output, or nothing.
  ``CloudControl(previous_state=False)`` plays the second answer;
- GetResource and DeleteResource pass the primary identifier alone; ListResources passes a
  ResourceModel only when the caller filters, one call per page.

Every invocation goes through the production entrypoint (``handlers.resource``) with protocol
2.0.0 payloads (``local.invoke``); waits use the local SageMaker's simulated clock.

Usage: ``python -m local.cloudcontrol examples/cloudcontrol/version.json --patch
examples/cloudcontrol/patch-approve.json`` (``--no-previous-state`` for the second answer).
"""

import argparse
import json
import logging
import os
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonpatch
import jsonschema
from jsonschema import Draft7Validator, ValidationError

from local import invoke
from local.contract import FAKE_CREDENTIALS, create_groups
from local.lambda_endpoint import start_local_sagemaker

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from aws_sagemaker_modelpackage.schema import read, regex  # noqa: E402 - after the sys.path entry for src/ above

SCHEMA: dict[str, Any] = read()
IDENTIFIER = SCHEMA["primaryIdentifier"][0].removeprefix("/properties/")
OnEvent = Callable[[str, int, dict[str, Any]], None]


class CloudControlError(Exception):
    """What Cloud Control answers when a request does not succeed: ``code`` is the exception it
    raises before any handler runs (``ValidationException``, ``NotUpdatableException``), or the
    handler's error code its progress event reports (``NotFound``, ``InvalidRequest``, …)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


# --- the schema, validated as a whole -----------------------------------------------------------


def _pattern(validator: Any, pattern: str, instance: Any, _schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _unmatched(instance: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    """Keys neither named by ``properties`` nor matched by a ``patternProperties`` pattern."""
    patterns = schema.get("patternProperties", {})
    named = schema.get("properties", {})
    return [key for key in instance if key not in named and not any(regex(p).search(key) for p in patterns)]


def _pattern_properties(validator: Any, patterns: Mapping[str, Any], instance: Any, _schema: Any) -> Any:
    if validator.is_type(instance, "object"):
        for pattern, subschema in patterns.items():
            for key, value in instance.items():
                if regex(pattern).search(key):
                    yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, allowed: Any, instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    extras = _unmatched(instance, schema)
    if validator.is_type(allowed, "object"):
        for key in extras:
            yield from validator.descend(instance[key], allowed, path=key)
    elif allowed is False and extras:
        yield ValidationError(f"extraneous key {extras} is not permitted")


# The published patterns use Java's Unicode classes (\p{L}, …), which Python's re lacks: the three
# keywords that apply patterns compile them as the provider does (schema.regex).
Validator = jsonschema.validators.extend(
    Draft7Validator,
    {"pattern": _pattern, "patternProperties": _pattern_properties, "additionalProperties": _additional_properties},
)
VALIDATOR = Validator(SCHEMA)


def schema_errors(model: Mapping[str, Any]) -> list[str]:
    """Every way ``model`` breaks the resource schema as a whole (``oneOf`` included), as Cloud
    Control words it: ``#/<path>: <message>``."""
    found = sorted(VALIDATOR.iter_errors(dict(model)), key=lambda error: list(error.absolute_path))
    return ["#/" + "/".join(map(str, error.absolute_path)) + ": " + error.message for error in found]


def check_model(model: Mapping[str, Any]) -> None:
    """Cloud Control's check of a desired state before CREATE or UPDATE."""
    problems = schema_errors(model)
    if problems:
        raise CloudControlError("ValidationException", f"Model validation failed ({'; '.join(problems)})")


# --- patches -------------------------------------------------------------------------------------


def _pointer(path: str) -> str:
    """A JSON Pointer; a path without its leading slash is taken as the user guide's example
    (``"path":"RetentionInDays"``) writes it."""
    return path if path.startswith("/") else "/" + path


def _normalised(patch: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _pointer(value) if key in ("path", "from") else value for key, value in op.items()} for op in patch]


def _touched(operation: Mapping[str, Any]) -> list[str]:
    """The schema paths an operation changes (``test`` changes none; ``move`` also its source)."""
    if operation.get("op") == "test":
        return []
    keys = ("path", "from") if operation.get("op") == "move" else ("path",)
    return ["/properties" + operation[key] for key in keys if key in operation]


def _within(path: str, listed: str) -> bool:
    return path == listed or path.startswith(listed + "/") or listed.startswith(path + "/")


def check_patch(patch: Sequence[Mapping[str, Any]]) -> None:
    """Refuse a patch touching a read-only or create-only property, before anything is read or
    written, with Cloud Control's exception and wording (read-only: pulumi-aws-native #941;
    create-only: cloudformation-coverage-roadmap #2205)."""
    touched = [path for operation in _normalised(patch) for path in _touched(operation)]
    for key, code in (("readOnlyProperties", "ValidationException"), ("createOnlyProperties", "NotUpdatableException")):
        hit = sorted({listed for listed in SCHEMA.get(key, ()) for path in touched if _within(path, listed)})
        if hit:
            raise CloudControlError(code, f"Invalid patch update: {key} [{', '.join(hit)}] cannot be updated")


def apply_patch(model: Mapping[str, Any], patch: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``patch`` applied to a copy of ``model`` (the ``jsonpatch`` library, RFC 6902)."""
    try:
        patched: dict[str, Any] = jsonpatch.apply_patch(dict(model), _normalised(patch))
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException) as error:
        raise CloudControlError("ValidationException", f"Invalid patch: {error}") from None
    return patched


# --- the API -------------------------------------------------------------------------------------


class CloudControl:
    """Cloud Control's resource operations on this type. ``sleep`` waits ``callbackDelaySeconds``
    between invocations (give it the local SageMaker's ``Control.advance``); ``on_event`` sees
    each progress event (operation, invocation number, event)."""

    def __init__(
        self,
        sleep: Callable[[float], Any],
        *,
        previous_state: bool = True,
        on_event: OnEvent | None = None,
    ) -> None:
        self.sleep = sleep
        self.previous_state = previous_state
        self.on_event = on_event

    def create_resource(self, desired: Mapping[str, Any], client_token: str | None = None) -> dict[str, Any]:
        """The created resource's model. A create re-sent with its ``client_token`` is the same call."""
        check_model(desired)
        return self._run("CreateResource", "CREATE", desired, client_token=client_token)

    def get_resource(self, identifier: str) -> dict[str, Any]:
        return self._run("GetResource", "READ", {IDENTIFIER: identifier})

    def update_resource(self, identifier: str, patch: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """READ, the patch applied to its output and checked, then UPDATE with READ's output as
        the previous state (or none, with ``previous_state=False``)."""
        check_patch(patch)
        current = self.get_resource(identifier)
        desired = apply_patch(current, patch)
        check_model(desired)
        previous = current if self.previous_state else None
        return self._run("UpdateResource", "UPDATE", desired, previous=previous)

    def delete_resource(self, identifier: str) -> None:
        self._run("DeleteResource", "DELETE", {IDENTIFIER: identifier})

    def list_pages(self, resource_model: Mapping[str, Any] | None = None) -> Iterator[list[dict[str, Any]]]:
        """Each page of ListResources, following ``nextToken`` to the last; one call each."""
        next_token = None
        while True:
            page = self._invoke("ListResources", "LIST", resource_model or {}, next_token=next_token)
            yield list(page.get("resourceModels") or ())
            next_token = page.get("nextToken")
            if not next_token:
                return

    def list_resources(self, resource_model: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return [model for page in self.list_pages(resource_model) for model in page]

    def _run(self, operation: str, action: str, properties: Mapping[str, Any], **options: Any) -> dict[str, Any]:
        model: dict[str, Any] = self._invoke(operation, action, properties, **options).get("resourceModel") or {}
        return model

    def _invoke(
        self,
        operation: str,
        action: str,
        properties: Mapping[str, Any],
        *,
        client_token: str | None = None,
        **event_args: Any,
    ) -> dict[str, Any]:
        """The handler invoked without stack context until it stops answering IN_PROGRESS; its
        final event, or the failure it reports."""
        on_event = self.on_event
        events = invoke.drive(
            action,
            properties,
            request_token=client_token or str(uuid.uuid4()),
            stack_id=None,
            logical_id=None,
            sleep=self.sleep,
            on_event=(lambda number, progress: on_event(operation, number, progress)) if on_event else None,
            **event_args,
        )
        last = events[-1]
        if last.get("status") != "SUCCESS":
            raise CloudControlError(str(last.get("errorCode")), str(last.get("message")))
        return last


# --- make cloudcontrol ---------------------------------------------------------------------------


def _print_event(operation: str, number: int, progress: Mapping[str, Any]) -> None:
    status = progress.get("status")
    line = f"  {operation} invocation {number}: {status}"
    if status == "IN_PROGRESS":
        line += f", call back in {progress.get('callbackDelaySeconds')} s"
    elif progress.get("errorCode"):
        line += f" {progress.get('errorCode')}: {progress.get('message')}"
    print(line, flush=True)


def _show(title: str, value: Any) -> None:
    print(f"{title}:\n" + "\n".join("  " + line for line in json.dumps(value, indent=2).splitlines()), flush=True)


def play(cloud: CloudControl, desired: Mapping[str, Any], patch: Sequence[Mapping[str, Any]] | None) -> None:
    """Create, read, update with the patch (if any), list, delete, and read once more."""
    print("CreateResource", flush=True)
    identifier = cloud.create_resource(desired)[IDENTIFIER]
    _show("GetResource", cloud.get_resource(identifier))
    if patch is not None:
        _show(f"UpdateResource (previous state: {'READ' if cloud.previous_state else 'none'})", patch)
        _show("GetResource", cloud.update_resource(identifier, patch))
    group = desired.get("ModelPackageGroupName")
    listed = cloud.list_resources({"ModelPackageGroupName": group} if group else None)
    print(f"ListResources{f' in {group}' if group else ''}: {len(listed)} resource(s)", flush=True)
    print("DeleteResource", flush=True)
    cloud.delete_resource(identifier)
    try:
        cloud.get_resource(identifier)
    except CloudControlError as error:
        print(f"GetResource after the delete: {error.code}", flush=True)
    else:
        raise CloudControlError("Unexpected", f"{identifier} still reads after its delete")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local.cloudcontrol", description=__doc__.split("\n\n")[0])
    parser.add_argument("desired", type=Path, help="desired state (JSON), as for aws cloudcontrol create-resource")
    parser.add_argument("--patch", type=Path, help="JSON Patch document, as for aws cloudcontrol update-resource")
    parser.add_argument("--no-previous-state", action="store_true", help="UPDATE without a previous state")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    desired = json.loads(arguments.desired.read_text())
    patch = json.loads(arguments.patch.read_text()) if arguments.patch else None
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    sagemaker = start_local_sagemaker()
    try:
        os.environ.update(
            FAKE_CREDENTIALS, AWS_ENDPOINT_URL_SAGEMAKER=sagemaker.url, AWS_ENDPOINT_URL_STS=sagemaker.url
        )
        group = desired.get("ModelPackageGroupName")
        create_groups([group] if group else [], sagemaker.url)
        print(f"Local SageMaker {sagemaker.url}; Cloud Control played in this process", flush=True)
        cloud = CloudControl(
            sagemaker.control.advance, previous_state=not arguments.no_previous_state, on_event=_print_event
        )
        play(cloud, desired, patch)
    except CloudControlError as error:
        print(f"failed: {error}", flush=True)
        return 1
    finally:
        sagemaker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
