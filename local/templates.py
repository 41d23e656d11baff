"""The inference specification the local SageMaker accepts for both kinds of package, shared by
``make demo`` and the tests (``tests/support/templates.py`` builds whole templates on it)."""

from typing import Any

from local import invoke

IMAGE = f"{invoke.ACCOUNT}.dkr.ecr.{invoke.REGION}.amazonaws.com/model:1"
MODEL_DATA = "s3://models-bucket/churn/model.tar.gz"


def inference_spec(content_type: str = "text/csv", image: str = IMAGE, model_data: str = MODEL_DATA) -> dict[str, Any]:
    """Valid for versions and unversioned packages alike: unversioned ones need both instance-type
    lists (fidelity ledger row 28), versions accept them too."""
    return {
        "Containers": [{"Image": image, "ModelDataUrl": model_data}],
        "SupportedContentTypes": [content_type],
        "SupportedResponseMIMETypes": [content_type],
        "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
        "SupportedTransformInstanceTypes": ["ml.m5.large"],
    }
