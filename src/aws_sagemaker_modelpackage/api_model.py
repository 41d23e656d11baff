"""botocore's model of the SageMaker API, the one the artifact bundles, loaded once per process.

The model decides what a request may hold (translation, planning, validation), so reading it
needs no client and no credentials. It comes from the same botocore session the clients are made
by (``session()``): botocore's loader caches the parsed JSON per session, so the model the
clients parse and the one read here are parsed once between them.
"""

from functools import cache
from typing import Any

import botocore.session
from botocore.model import ServiceModel


@cache
def session() -> Any:
    """The botocore session kept for the life of the execution environment."""
    return botocore.session.get_session()


@cache
def sagemaker() -> ServiceModel:
    """SageMaker's service model (shapes, operations, constraints) of the bundled botocore."""
    model: ServiceModel = session().get_service_model("sagemaker")
    return model
