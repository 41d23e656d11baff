"""cfn-lint the example templates and the CDK app's template against this project's schema.

The schema is registered with cfn-lint's ``--registry-schemas``, so ``AWS::SageMaker::ModelPackage``
resources are checked against our properties and constraints instead of the published ones. The
CDK app's private type name is registered too, with a copy of the schema; for such names cfn-lint
checks only that the type exists, not the properties.

Usage: ``python tools/lint_examples.py`` (exit status non-zero when a template fails).
"""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "aws-sagemaker-modelpackage.json"
EXAMPLES = ROOT / "examples"
CDK_APP = EXAMPLES / "cdk"
BIN = Path(sys.executable).parent


def templates():
    """The example CloudFormation templates."""
    return sorted(EXAMPLES.glob("*.yaml"))


def cdk_context():
    """The CDK app's context from ``cdk.json``, which the cdk CLI would pass to it."""
    return json.loads((CDK_APP / "cdk.json").read_text())["context"]


def cfn_lint(paths: Iterable[Path], extra_type_names: Iterable[str] = ()) -> subprocess.CompletedProcess[str]:
    """Run cfn-lint on ``paths`` with the schema registered under its own type name and each of
    ``extra_type_names``. cfn-lint reads every JSON file of the directory it is given, hence a
    directory of its own."""
    schema = json.loads(SCHEMA.read_text())
    with tempfile.TemporaryDirectory() as schemas:
        for type_name in {schema["typeName"], *extra_type_names}:
            path = Path(schemas) / (type_name.replace("::", "-").lower() + ".json")
            path.write_text(json.dumps({**schema, "typeName": type_name}))
        return subprocess.run(
            [str(BIN / "cfn-lint"), "--registry-schemas", schemas, "--", *map(str, paths)],
            capture_output=True,
            text=True,
        )


def synth_cdk(outdir):
    """Synthesise the CDK app into ``outdir`` in-process, as ``cdk synth`` would; its templates."""
    env = {**os.environ, "CDK_OUTDIR": str(outdir), "CDK_CONTEXT_JSON": json.dumps(cdk_context())}
    result = subprocess.run([sys.executable, "app.py"], cwd=CDK_APP, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"CDK synth failed:\n{result.stderr}")
    return sorted(Path(outdir).glob("*.template.json"))


def main():
    with tempfile.TemporaryDirectory() as outdir:
        paths = templates() + synth_cdk(outdir)
        result = cfn_lint(paths, [cdk_context()["typeName"]])
    print(result.stdout + result.stderr, end="")
    print(f"cfn-lint: {len(paths)} templates, {'ok' if result.returncode == 0 else 'FAILED'}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
