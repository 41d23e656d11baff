"""What the provider's test suites share: templates (``templates``), the local SageMaker as a
test sees it (``sagemaker``), the one simulated clock of the handlers and the local SageMaker
(``clock``) and the fixtures every suite may use (``fixtures``, a pytest plugin loaded by the
root ``conftest.py``)."""
