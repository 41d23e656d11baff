"""The round trip: generated templates through the production entrypoint against the local
SageMaker, judged the way CloudFormation judges drift.

Each case is a template and an update of it (``templates.cases``), run on a freshly reset local
SageMaker (instant status transitions, the model package group created):

1. CREATE, then READ by the primary identifier: what the template set must be in sync
   (``false drift`` otherwise);
2. UPDATE with nothing changed: it must succeed without any write call to SageMaker
   (``no-op write``), checked in the local SageMaker's call log;
3. UPDATE to the updated template, then READ: the new template must be in sync
   (``update mismatch``), which also catches an update that reports SUCCESS but changed nothing;
   an update SageMaker cannot apply (``templates.expected_refusal``) must instead fail
   InvalidRequest saying why, without writing anything (``update mismatch`` otherwise).

Any handler answer other than SUCCESS is an ``error``: every template generated is valid.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings

from local import invoke
from tests.roundtrip.drift import Rules, drift
from tests.roundtrip.templates import GROUP, SCHEMA, cases, expected_refusal
from tests.support.sagemaker import client, writes

FALSE_DRIFT = "false drift"
UPDATE_MISMATCH = "update mismatch"
ERROR = "error"
NOOP_WRITE = "no-op write"
KINDS = (FALSE_DRIFT, UPDATE_MISMATCH, ERROR, NOOP_WRITE)


@dataclass
class Finding:
    """What went wrong in one case, with the templates that show it."""

    kind: str
    step: str
    details: list[str]
    template: Mapping[str, Any]
    updated: Mapping[str, Any] | None = None

    def report(self) -> str:
        lines = [f"[{self.kind}] at {self.step}:", *(f"  {detail}" for detail in self.details)]
        lines.append(f"  template: {json.dumps(self.template, sort_keys=True)}")
        if self.updated is not None:
            lines.append(f"  updated:  {json.dumps(self.updated, sort_keys=True)}")
        return "\n".join(lines)


class Failed(Exception):
    """A handler answered something other than SUCCESS."""


@dataclass
class RoundTrip:
    """Runs cases against a running local SageMaker (``server`` from ``local.sagemaker.server``);
    the handler must already reach it (``AWS_ENDPOINT_URL_SAGEMAKER``)."""

    server: Any
    rules: Rules = field(default_factory=lambda: Rules.from_schema(SCHEMA))
    cases_run: int = 0

    def check(self, template: Mapping[str, Any], updated: Mapping[str, Any]) -> list[Finding]:
        self.cases_run += 1
        self.fresh()
        try:
            return self._steps(template, updated)
        except Failed as failure:
            step, message = failure.args
            return [Finding(ERROR, step, [message], template, updated)]

    def _steps(self, template: Mapping[str, Any], updated: Mapping[str, Any]) -> list[Finding]:
        findings: list[Finding] = []
        arn = self.succeed("CREATE", template)["ModelPackageArn"]
        created = drift(template, self.read(arn), self.rules)
        if created:
            findings.append(Finding(FALSE_DRIFT, "READ after CREATE", list(map(str, created)), template))
        identified = {**template, "ModelPackageArn": arn}
        before = len(self.server.control.calls())
        self.succeed("UPDATE", identified, previous=identified)
        written = self._writes_since(before)
        if written:
            findings.append(Finding(NOOP_WRITE, "UPDATE with nothing changed", written, template))
        refusal = expected_refusal(template, updated)
        if refusal:
            return findings + self._refused({**updated, "ModelPackageArn": arn}, identified, refusal, template)
        self.succeed("UPDATE", {**updated, "ModelPackageArn": arn}, previous=identified)
        # A difference already there after CREATE (same value expected, same value read) has
        # been reported as false drift; only what the update itself got wrong is left.
        changed = [d for d in drift(updated, self.read(arn), self.rules) if d not in created]
        if changed:
            details = list(map(str, changed))
            findings.append(Finding(UPDATE_MISMATCH, "READ after UPDATE", details, template, updated))
        return findings

    def _refused(
        self, desired: Mapping[str, Any], previous: Mapping[str, Any], refusal: str, template: Mapping[str, Any]
    ) -> list[Finding]:
        """An update SageMaker cannot apply must fail InvalidRequest saying why, before any write
        (never SUCCESS with nothing applied)."""
        before = len(self.server.control.calls())
        last = invoke.drive("UPDATE", desired, sleep=self.sleep, previous=previous)[-1]
        answer = (last.get("status"), last.get("errorCode"))
        details = [] if answer == ("FAILED", "InvalidRequest") else [f"answered {answer}, not FAILED InvalidRequest"]
        if refusal not in (last.get("message") or ""):
            details.append(f"message {last.get('message')!r} does not say {refusal!r}")
        details += [f"wrote {operation}" for operation in self._writes_since(before)]
        return (
            [Finding(UPDATE_MISMATCH, "UPDATE SageMaker cannot apply", details, template, desired)] if details else []
        )

    def _writes_since(self, before: int) -> list[str]:
        return [operation for operation, _ in writes(self.server.control.calls()[before:])]

    def read(self, arn: str) -> dict[str, Any]:
        return self.succeed("READ", {"ModelPackageArn": arn})

    def succeed(self, action: str, properties: Mapping[str, Any], **event_args: Any) -> dict[str, Any]:
        last = invoke.drive(action, properties, sleep=self.sleep, **event_args)[-1]
        if last.get("status") != "SUCCESS":
            raise Failed(action, f"{last.get('status')} {last.get('errorCode')}: {last.get('message')}")
        model: dict[str, Any] = last.get("resourceModel") or {}
        return model

    def sleep(self, seconds: float) -> None:
        if seconds:
            self.server.control.advance(seconds)

    def fresh(self) -> None:
        """An empty local SageMaker with instant status changes and the group versions go in."""
        control = self.server.control
        control.reset()
        control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
        client(self.server).create_model_package_group(ModelPackageGroupName=GROUP)

    def run(self, count: int, seed_value: int) -> list[Finding]:
        """``count`` generated cases, the same ones for the same seed."""
        findings: list[Finding] = []

        @seed(seed_value)
        @settings(
            max_examples=count,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(cases())
        def one(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
            findings.extend(self.check(*case))

        one()
        return findings


def summary(findings: Iterable[Finding], cases_run: int, causes: int = 8, kinds: tuple[str, ...] = KINDS) -> str:
    """Counts by kind of finding with the commonest causes of each (paths with ``*`` for
    indexes, values left out), and the first example of each kind."""
    findings = list(findings)
    counts = Counter(finding.kind for finding in findings)
    lines = [f"{cases_run} cases, {len(findings)} findings"]
    for kind in kinds:
        lines.append(f"  {kind}: {counts[kind]}")
        common = Counter(cause(d) for f in findings if f.kind == kind for d in f.details).most_common(causes)
        lines += [f"      {number:5} x {text}" for text, number in common]
    for kind in kinds:
        example = next((finding for finding in findings if finding.kind == kind), None)
        if example:
            lines += ["", f"Example of {kind}:", example.report()]
    return "\n".join(lines)


def cause(detail: str) -> str:
    """A finding's detail without what varies from case to case (indexes, names, values)."""
    detail = re.sub(r"/\d+(?=/|:)", "/*", detail)
    detail = re.sub(r" expected=.*", "", detail)
    return re.sub(r"Name [\w-]+", "Name <name>", detail)[:200]
