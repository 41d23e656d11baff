# The two commands of the quick start are `make demo` and `make test`; both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup test unit demo contract clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Every test: unit (Stubber), local SageMaker, integration over HTTP, then the official contract tests.
test: $(STAMP)
	$(BIN)/python -m pytest
	$(MAKE) contract

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

clean:
	rm -rf $(VENV) build .pytest_cache

# The official contract tests (cfn test) against the local SageMaker, without Docker or AWS.
contract: $(STAMP)
	$(BIN)/python -m local.contract
