"""``python -m local.cfn_invoke`` runs cfn-cli's own ``cfn invoke`` end to end on a machine with no
AWS credentials or configuration at all: it brings its own throw-away ones."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_cfn_invoke_creates_a_version_without_any_credentials_of_ours(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(HOME=str(tmp_path), AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    result = subprocess.run(
        [sys.executable, "-m", "local.cfn_invoke", "CREATE", "local/requests/create-version.json", "--instant"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    final = json.loads(result.stdout[result.stdout.rindex("=== Handler response ===") + 24 :])
    assert final["status"] == "SUCCESS", final
    assert final["resourceModel"]["ModelPackageArn"].endswith(":model-package/invoke-group/1")
    assert "testing" not in result.stdout, "credentials must not be printed"
