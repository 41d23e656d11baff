"""Templates of both kinds of model package, valid as they stand; ``extra`` adds or overrides
properties."""

from typing import Any

from local.templates import IMAGE, MODEL_DATA, inference_spec

__all__ = ["GROUP", "IMAGE", "MODEL_DATA", "NAME", "inference_spec", "spec", "tags", "unversioned", "versioned"]

NAME = "churn"
GROUP = "churn-models"


def spec(name: str, content_type: str = "application/json") -> dict[str, Any]:
    """An additional inference specification named ``name``."""
    return {"Name": name, **inference_spec(content_type=content_type)}


def tags(**pairs: str) -> list[dict[str, str]]:
    """A template's ``Tags``, in the order given."""
    return [{"Key": key, "Value": value} for key, value in pairs.items()]


def unversioned(name: str = NAME, **extra: Any) -> dict[str, Any]:
    return {"ModelPackageName": name, "InferenceSpecification": inference_spec(), **extra}


def versioned(group: str = GROUP, **extra: Any) -> dict[str, Any]:
    return {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec(), **extra}
