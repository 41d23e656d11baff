import pytest
from sagemaker_helpers import client


@pytest.fixture
def control(local_sagemaker):
    return local_sagemaker.control


@pytest.fixture
def instant(control):
    """Packages are Completed and deletions done as soon as they are asked for."""
    control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
    return control


@pytest.fixture
def sm(local_sagemaker):
    return client(local_sagemaker)


@pytest.fixture
def group(sm):
    sm.create_model_package_group(ModelPackageGroupName="models")
    return "models"
