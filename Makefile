# The two commands of the quick start are `make demo` and `make test`; both set themselves up.
# Python 3.12, the Lambda runtime's version: on PATH, or else through pyenv.
PYTHON ?= $(shell python3.12 -c "import sys; print(sys.executable)" 2>/dev/null || ls -d "$$(pyenv root 2>/dev/null)"/versions/3.12*/bin/python3.12 2>/dev/null | tail -n 1)
VENV := .venv
BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup test unit demo contract clean lint

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 is needed: put python3.12 on PATH, or install it with pyenv (pyenv install 3.12)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Every test: unit (Stubber), local SageMaker, integration over HTTP, then the official contract tests.
test: $(STAMP)
	$(BIN)/python -m pytest
	$(MAKE) contract

# The provider at work against the local SageMaker: create, read, update, list, delete.
demo: $(STAMP)
	$(BIN)/python -m local.demo

# ruff (lint and format) everywhere; mypy strict on src/, default on local/, tools/, bench/.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/aws_sagemaker_modelpackage local tools bench

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

clean:
	rm -rf $(VENV) build .pytest_cache

# The official contract tests (cfn test) against the local SageMaker, without Docker or AWS.
contract: $(STAMP)
	$(BIN)/python -m local.contract

.PHONY: package examples lock

# The registry artifact in dist/ (cfn submit --dry-run, no Docker, then trimmed, byte-compiled and
# made reproducible; the wheels of requirements.lock are cached in build/wheelhouse);
# TYPE_NAME=Org::Service::Resource builds the same provider under that type name. Tested by tests/ecosystem/test_package.py.
package: $(STAMP)
	$(BIN)/python tools/package.py $(if $(TYPE_NAME),--type-name $(TYPE_NAME))

# Re-resolve requirements.txt for the Lambda python3.12 runtime into requirements.lock: the pinned
# versions and wheel hashes of every package the artifact ships (boto3 and botocore included).
lock: $(STAMP)
	$(BIN)/python tools/package.py --lock

# cfn-lint of examples/ and of the CDK app's template, with this project's schema registered.
# Tested by tests/ecosystem/test_examples.py and test_cdk.py.
examples: $(STAMP)
	$(BIN)/python tools/lint_examples.py

.PHONY: bench

# Performance figures against the local SageMaker (see README, "Performance"): prints a table and
# writes bench/results.json. Not part of `make test`: figures, not assertions.
bench: $(STAMP)
	$(BIN)/python -m bench
