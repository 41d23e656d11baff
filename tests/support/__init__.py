"""What the provider's test suites share: templates (``templates``), the local SageMaker as a
test sees it (``sagemaker``) and the fixtures every suite may use (``fixtures``, a pytest plugin
loaded by ``tests/conftest.py``)."""
