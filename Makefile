# The two commands of the quick start are `make demo` and `make test`; both set themselves up.
# Python 3.12, the Lambda runtime's version: on PATH, or else through pyenv.
ifndef PYTHON
PYTHON := $(shell for p in python3.12 "$$(pyenv root 2>/dev/null)"/versions/3.12*/bin/python3.12; do "$$p" -c "" 2>/dev/null && { command -v "$$p" || echo "$$p"; } && break; done)
endif
VENV := .venv
BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup test unit demo contract clean lint fuzz schema

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 is needed: put python3.12 on PATH, or install it with pyenv (pyenv install 3.12)"; exit 1; }
	@echo "setup: a virtualenv in $(VENV) with $(PYTHON) ($$($(PYTHON) --version)), then requirements-dev.txt:"
	@grep -hv '^\s*\(#\|-r\|$$\)' requirements.txt requirements-dev.txt | sed 's/^/  /'
	@echo "setup: about 1-2 minutes on first run; pip's progress is in $(VENV)/setup.log"
	@start=$$(date +%s); \
	$(PYTHON) -m venv $(VENV) && \
	$(BIN)/python -m pip install --upgrade pip > $(VENV)/setup.log 2>&1 && \
	$(BIN)/python -m pip install -r requirements-dev.txt >> $(VENV)/setup.log 2>&1 \
	  || { tail -n 30 $(VENV)/setup.log; echo "setup failed; full log: $(VENV)/setup.log"; exit 1; }; \
	echo "setup: installed $$($(BIN)/python -m pip list --format=freeze | wc -l) packages in $$(( $$(date +%s) - start )) s"
	touch $(STAMP)

# Every test: unit (Stubber), local SageMaker, integration over HTTP, then the official contract tests.
test: $(STAMP)
	@echo "test: make lint, then pytest (unit, local SageMaker, integration, reliability, round trips, schema, artifact, examples, CDK), then make contract; about 6 minutes"
	$(MAKE) lint
	$(BIN)/python -m pytest
	$(MAKE) contract

# The provider at work against the local SageMaker: create, read, update, list, delete.
demo: $(STAMP)
	@echo "demo: starting the local SageMaker, then create, read, update, list and delete one model package"
	$(BIN)/python -m local.demo

# ruff (lint and format) everywhere; mypy strict on src/, default on local/, tools/, bench/.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/aws_sagemaker_modelpackage local tools bench

# Generated round trips (CREATE/READ/UPDATE/READ judged by CloudFormation's drift rules) against the
# local SageMaker, then every edge of botocore's constraints (at each limit: created and read back
# unchanged; one step past it: refused before any call), with a summary by kind of finding; exits
# non-zero while there are findings. A seeded run of a few dozen cases, and the templates at each
# limit, are part of `make test` (tests/roundtrip/).
FUZZ_CASES ?= 1000
FUZZ_SEED ?= 1
fuzz: $(STAMP)
	PYTHONPATH=src $(BIN)/python -m tests.roundtrip.fuzz --cases $(FUZZ_CASES) --seed $(FUZZ_SEED)

# The schema's constraints (lengths, item counts, patterns, enums, required members) from the
# SageMaker model of the botocore in requirements.lock, then the models and docs cfn generate
# derives from the schema. Tested by tests/schema/test_schema_constraints.py.
schema: $(STAMP)
	$(BIN)/python tools/schema_constraints.py

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

clean:
	rm -rf $(VENV) build .pytest_cache node_modules

# The official contract tests (cfn test) against the local SageMaker, without Docker or AWS.
contract: $(STAMP)
	$(BIN)/python -m local.contract

.PHONY: package examples cdk invoke lock cloudcontrol

# cfn invoke against the local SageMaker with throw-away credentials, e.g.
# make invoke ACTION=CREATE REQUEST=local/requests/create-unversioned.json
ACTION ?= CREATE
REQUEST ?= local/requests/create-unversioned.json
invoke: $(STAMP)
	@echo "invoke: starting the local SageMaker and Lambda endpoint, then cfn invoke resource $(ACTION) $(REQUEST)"
	$(BIN)/python -m local.cfn_invoke $(ACTION) $(REQUEST)

# The Cloud Control API played against the local SageMaker (create, read, update with a JSON Patch,
# list, delete, as aws cloudcontrol, Terraform's awscc and Pulumi call it), each step printed, e.g.
# make cloudcontrol DESIRED=examples/cloudcontrol/unversioned.json PATCH=examples/cloudcontrol/patch-tags.json
# NO_PREVIOUS_STATE=1 sends UPDATE without a previous state. Tested by tests/cloudcontrol/.
DESIRED ?= examples/cloudcontrol/version.json
PATCH ?= examples/cloudcontrol/patch-approve.json
cloudcontrol: $(STAMP)
	@echo "cloudcontrol: starting the local SageMaker, then Cloud Control's create, get, update ($(PATCH)), list and delete of $(DESIRED)"
	$(BIN)/python -m local.cloudcontrol $(DESIRED) $(if $(PATCH),--patch $(PATCH)) $(if $(NO_PREVIOUS_STATE),--no-previous-state)

# The registry artifact in dist/ (cfn submit --dry-run, no Docker, then trimmed, byte-compiled and
# made reproducible; the wheels of requirements.lock are cached in build/wheelhouse);
# TYPE_NAME=Org::Service::Resource builds the same provider under that type name. Tested by tests/ecosystem/test_package.py.
package: $(STAMP)
	@echo "package: building the registry artifact$(if $(TYPE_NAME), for $(TYPE_NAME)) with cfn submit --dry-run (about a minute)"
	$(BIN)/python tools/package.py $(if $(TYPE_NAME),--type-name $(TYPE_NAME))

# The typed CDK L1 construct of the private type TYPE_NAME in LANGUAGE (typescript, python, java,
# csharp, go), generated from the schema with json2jsii and jsii-srcmak (pinned in package-lock.json,
# installed into node_modules/ by npm ci on first use) into OUT (default dist/cdk/LANGUAGE); for
# python also a wheel, installed into .venv for examples/cdk. See docs/cdk.md; tested by
# tests/ecosystem/test_cdk.py.
LANGUAGE ?= typescript
CDK_MODULE = $(shell echo '$(TYPE_NAME)' | sed 's/::/_/g' | tr A-Z a-z)_cdk
cdk: $(STAMP)
	@test -n "$(TYPE_NAME)" || { echo "usage: make cdk TYPE_NAME=Org::Service::Resource LANGUAGE=typescript|python|java|csharp|go [OUT=dir]"; exit 1; }
	@echo "cdk: generating the typed $(LANGUAGE) construct for $(TYPE_NAME) into $(or $(OUT),dist/cdk/$(LANGUAGE))"
	$(BIN)/python tools/cdk.py --type-name $(TYPE_NAME) --language $(LANGUAGE) $(if $(OUT),--out $(OUT))
ifeq ($(LANGUAGE),python)
	$(BIN)/python -m pip install --quiet --no-deps --force-reinstall $(or $(OUT),dist/cdk/python)/$(CDK_MODULE)-*.whl
	@echo "cdk: installed into $(VENV); import it as $(CDK_MODULE)"
endif

# Re-resolve requirements.txt for the Lambda python3.12 runtime into requirements.lock: the pinned
# versions and wheel hashes of every package the artifact ships (boto3 and botocore included).
lock: $(STAMP)
	$(BIN)/python tools/package.py --lock

# Regenerates examples/acme-sagemaker-modelpackage/ from examples/*.yaml, synthesises the CDK apps
# (Python and TypeScript) and runs cfn-lint on every template with this project's schema registered.
# Tested by tests/ecosystem/test_examples.py and test_cdk.py.
examples: $(STAMP)
	@echo "examples: regenerating the private-type copies, synthesising the CDK apps, cfn-lint on every template"
	$(BIN)/python tools/lint_examples.py --write

.PHONY: bench calibrate load

# Opt-in, never in CI: asks a real AWS account (standard credentials and region) the fidelity
# ledger's questions and prints real vs local answers (see docs/fidelity.md). Cleans up after itself.
# WORKLOAD_ROLE_ARN: a role of a second account the credentials may assume (row 54; else skipped).
calibrate: $(STAMP)
	$(BIN)/python -m local.calibrate $(if $(REGION),--region $(REGION)) $(if $(WORKLOAD_ROLE_ARN),--workload-role-arn $(WORKLOAD_ROLE_ARN))


# Performance figures against the local SageMaker (see docs/performance.md): prints a table and
# writes bench/results.json. Not part of `make test`: figures, not assertions.
bench: $(STAMP)
	$(BIN)/python -m bench

# The stack at scale alone (bench/load.py; part of `make bench`): N packages created at once, then
# deleted, through worker processes standing for Lambda environments, against the throttling local
# SageMaker, then again through a CreateModelPackage outage, then for a few variants of the retry
# policy (retries.Policy.transient: caps, growth); minutes in real time. Writes bench/load.json.
# E.g. make load RESOURCES=30 WORKERS=10 RATE_LIMITS="CreateModelPackage=2/5" TRIALS="cap=30 growth=3"
# LOG_RATE=1/2: every invocation delivers its log lines, to a PutLogEvents throttled at 1 a second.
load: $(STAMP)
	$(BIN)/python -m bench --only load $(if $(RESOURCES),--resources $(RESOURCES)) $(if $(WORKERS),--workers $(WORKERS)) $(if $(RATE_LIMITS),--rate-limits "$(RATE_LIMITS)") $(if $(OUTAGE_SECONDS),--outage-seconds $(OUTAGE_SECONDS)) $(if $(TRIALS),--trials "$(TRIALS)") $(if $(LOG_RATE),--log-rate $(LOG_RATE))
