"""The resource model between CloudFormation's JSON and the plain dicts the steps work on.

``models.py`` is generated from the schema; the handlers read the request through it (the
library builds it) and hand models back, while every step works on plain dicts. This module
is the one crossing between the two, and keeps what the generated deserialiser would lose.
"""

from collections.abc import Mapping
from typing import Any

from cloudformation_cli_python_lib.interface import BaseModel

from .models import ResourceModel


def plain(model: ResourceModel | None) -> dict[str, Any]:
    """The model's values as JSON-shaped dicts and lists (``{}`` for no model)."""
    return dict(model._serialize()) if model is not None else {}


def to_model(values: Mapping[str, Any] | None) -> ResourceModel | None:
    return FaithfulModel._deserialize(values) if values else None


class FaithfulModel(ResourceModel):
    """The generated model, keeping the empty lists its values hold. The library deserialises an
    empty list of objects (``Tags: []``, ``AdditionalModelDataSources: []``) to None, which would
    drop a ``[]`` the template sets before the request, and from what READ returns (drift)."""

    @classmethod
    def _deserialize(cls, json_data: Mapping[str, Any] | None) -> Any:
        model = super()._deserialize(json_data)
        if model is not None and json_data:
            _keep_empty_lists(model, json_data)
        return model


def _keep_empty_lists(model: BaseModel, values: Mapping[str, Any]) -> None:
    """Put back each ``[]`` of ``values`` that became None in ``model``, at any depth."""
    for key, value in values.items():
        found = getattr(model, key, None)
        if value == [] and found is None:
            setattr(model, key, [])
        elif isinstance(value, Mapping) and isinstance(found, BaseModel):
            _keep_empty_lists(found, value)
        elif isinstance(value, list) and isinstance(found, list):
            for item, part in zip(value, found, strict=False):
                if isinstance(item, Mapping) and isinstance(part, BaseModel):
                    _keep_empty_lists(part, item)
