"""Helpers of the Cloud Control tests (the fixtures are in conftest.py)."""

import json
from pathlib import Path

from local.cloudcontrol import SCHEMA, schema_errors

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "cloudcontrol"
WRITE_ONLY = [path.removeprefix("/properties/") for path in SCHEMA["writeOnlyProperties"]]


def example(name):
    """A desired state or patch document of examples/cloudcontrol/."""
    return json.loads((EXAMPLES / name).read_text())


def checked(model):
    """``model`` (READ's output), once it is valid against the schema as a whole, ``oneOf``
    included, and holds no write-only property: Cloud Control validates READ's output with a
    patch applied, so every later update depends on it."""
    assert schema_errors(model) == []
    assert [name for name in WRITE_ONLY if name in model] == []
    return model
