"""The resource model: CloudFormation's JSON values, kept as they are.

cloudformation-cli-python-lib touches a resource model in two places only: it builds the
request's desired and previous states with the model class's ``_deserialize``
(``UnmodelledRequest.to_modelled``), and writes an event's models with ``_serialize``
(``ProgressEvent._serialize``). Every step works on plain dicts, so the model is a ``BaseModel``
whose attributes are the JSON values themselves: ``_deserialize`` keeps them, and the library's
own ``_serialize`` hands them back, leaving out a top-level None as the Java plugin does.

The generated ``models.py`` (``cfn generate``, kept as written and checked against the schema by
``tests/schema/test_schema.py``) is not imported at run time. Its deserialiser turns an empty list
of objects (``Tags: []``) into None, losing a value a template may set and READ must return for
drift; it scans its module for every model it builds (about 0.5 ms each, a page of LIST holds
100); and importing it costs a cold start its 43 dataclasses. The scalars it would recast from
CloudFormation's strings (``"true"``, ``"5"``) are coerced where they are sent, by botocore's
shapes (``translator.to_api``), and compared as CloudFormation passes them (``properties.values``).
"""

from collections.abc import Mapping
from typing import Any

from cloudformation_cli_python_lib.interface import BaseModel


class JsonModel(BaseModel):
    """A resource model whose attributes are the JSON properties, by name, as given."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)

    @classmethod
    def _deserialize(cls, json_data: Mapping[str, Any] | None) -> "JsonModel | None":
        return cls(json_data) if json_data else None


def plain(model: BaseModel | None) -> dict[str, Any]:
    """The model's values as JSON-shaped dicts and lists (``{}`` for no model)."""
    return dict(model._serialize()) if model is not None else {}


def to_model(values: Mapping[str, Any] | None) -> JsonModel | None:
    """The model of ``values`` (None for no values, as the library reads an empty state)."""
    return JsonModel._deserialize(values)
