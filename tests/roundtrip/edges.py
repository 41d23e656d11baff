"""The round trip at the edges of SageMaker's constraints (``tests/support/edges.py``, generated
from botocore's model), part of ``make fuzz``: through the production entrypoint against the local
SageMaker, which enforces the same constraints server-side.

- A template exactly at a limit (the longest value, the most items or entries, each value of a
  closed enum, an instance type newer than botocore) must be created and read back unchanged
  under CloudFormation's drift rules (``edge refused``, ``edge changed`` otherwise).
- A template one step past a limit (one character, item or entry more, a trailing line break, an
  embedded control character, a value outside the pattern or the enum, an instance-type typo)
  must fail InvalidRequest naming its path before any SageMaker call (``edge let through``).

Templates at a limit that one of SageMaker's own rules refuses whatever the value (an
``AdditionalS3DataSource`` in the main inference specification, ledger row 44) are skipped: the
same member is reached through the additional inference specifications.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from typing import Any

from aws_sagemaker_modelpackage import properties
from aws_sagemaker_modelpackage.errors import InputError
from local import invoke
from tests.roundtrip.drift import drift
from tests.roundtrip.harness import Failed, Finding, RoundTrip
from tests.support.edges import NEWER_INSTANCE_TYPE, Edge, edges

REFUSED = "edge refused"
CHANGED = "edge changed"
LET_THROUGH = "edge let through"
KINDS = (REFUSED, CHANGED, LET_THROUGH)
# Instance-type shapes (a SageMaker newer than botocore knows NEWER_INSTANCE_TYPE).
INSTANCE_TYPE_SHAPES = ("ProductionVariantInstanceType", "TransformInstanceType")


@dataclass
class EdgeRun:
    """Runs every edge against a running local SageMaker (``RoundTrip``'s server and steps)."""

    roundtrip: RoundTrip
    run: int = 0
    skipped: list[str] = field(default_factory=list)

    def check(self, edge: Edge) -> list[Finding]:
        template = edge.template()
        if edge.accepted and _refused_by_a_rule(template):
            self.skipped.append(str(edge))
            return []
        self.run += 1
        self.roundtrip.fresh()
        self.roundtrip.server.control.know(**{shape: [NEWER_INSTANCE_TYPE] for shape in INSTANCE_TYPE_SHAPES})
        return self._accepted(edge, template) if edge.accepted else self._refused(edge, template)

    def _accepted(self, edge: Edge, template: dict[str, Any]) -> list[Finding]:
        try:
            arn = self.roundtrip.succeed("CREATE", template)["ModelPackageArn"]
            read = self.roundtrip.read(arn)
        except Failed as failure:
            return [Finding(REFUSED, str(edge), [failure.args[1]], template)]
        changed = drift(template, read, self.roundtrip.rules)
        return [Finding(CHANGED, str(edge), list(map(str, changed)), template)] if changed else []

    def _refused(self, edge: Edge, template: dict[str, Any]) -> list[Finding]:
        before = len(self.roundtrip.server.control.calls())
        # The library prints each refused request with its traceback: hundreds of them here.
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            answer = invoke.drive("CREATE", template, sleep=self.roundtrip.sleep)[-1]
        calls = [call["operation"] for call in self.roundtrip.server.control.calls()[before:]]
        details = []
        if (answer.get("status"), answer.get("errorCode")) != ("FAILED", "InvalidRequest"):
            details.append(f"answered {answer.get('status')} {answer.get('errorCode')}, not FAILED InvalidRequest")
        if edge.label.rsplit("/KEY", 1)[0] not in (answer.get("message") or ""):
            details.append(f"the message does not name {edge.label}: {answer.get('message')!r}")
        details += [f"called {operation}" for operation in calls]
        return [Finding(LET_THROUGH, str(edge), details, template)] if details else []

    def all(self, accepted: bool | None = None) -> list[Finding]:
        """Every edge (only those at a limit: ``accepted``), its findings."""
        return [finding for edge in edges(accepted) for finding in self.check(edge)]


def _refused_by_a_rule(template: dict[str, Any]) -> bool:
    try:
        properties.check(properties.State(desired=template, creating=True))
    except InputError:
        return True
    return False
