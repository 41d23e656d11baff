"""Errors SageMaker declares that moto's ``sagemaker/exceptions.py`` lacks."""

from __future__ import annotations

from moto.sagemaker.exceptions import SagemakerClientError


class ConflictException(SagemakerClientError):
    """Declared by CreateModelPackage, UpdateModelPackage, DeleteModelPackage and
    DeleteModelPackageGroup (botocore ``service-2.json``), each without saying when."""

    code = "ConflictException"
