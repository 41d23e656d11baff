"""A stand-in for the Lambda python3.12 runtime, to run a built artifact as Lambda runs it.

The runtime is a Python 3.12 with an old boto3 of its own on the path (1.34.42 is what the
python3.12 runtime shipped in early 2024) and the function's code unpacked in a read-only task
root that comes first on the path. Here: a venv of Python 3.12 holding only that boto3 (made once
under ``build/`` and reused), the artifact's ResourceProvider.zip unpacked into a folder made
read-only, ``PYTHONPATH`` pointing at it and no bytecode written.

Used by ``tests/ecosystem/test_artifact_runtime.py`` (the bundled SDK wins) and by ``make bench``
(cold start from the artifact).
"""

import io
import os
import stat
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path

from tools.package import python312

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_BOTO3 = "1.34.42"
RUNTIME_VENV = ROOT / "build" / f"lambda-python3.12-boto3-{RUNTIME_BOTO3}"


def runtime_python(venv: Path = RUNTIME_VENV) -> Path:
    """The interpreter of the runtime-like venv, made (Python 3.12, boto3 and botocore
    ``RUNTIME_BOTO3`` with their dependencies, compiled as pip installs them) if not yet there."""
    python = venv / "bin" / "python"
    ready = venv / ".ready"
    if ready.exists():
        return python
    subprocess.run([python312(), "-m", "venv", "--clear", "--without-pip", str(venv)], check=True)
    install = ["install", "--quiet", f"boto3=={RUNTIME_BOTO3}", f"botocore=={RUNTIME_BOTO3}"]
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), *install], check=True)
    ready.touch()
    return python


def unpack(artifact: Path, into: Path) -> Path:
    """The artifact's ResourceProvider.zip unpacked into ``into`` (the task root), read-only."""
    with zipfile.ZipFile(artifact) as outer, zipfile.ZipFile(io.BytesIO(outer.read("ResourceProvider.zip"))) as inner:
        inner.extractall(into)
    for path in sorted(into.rglob("*"), reverse=True):
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    into.chmod(into.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return into


def environment(task_root: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A process environment as Lambda gives the function: the task root first on the path, no
    bytecode written, nothing of this project's source tree or venv."""
    inherited = {name: value for name, value in os.environ.items() if not name.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return {
        **inherited,
        "PYTHONPATH": str(task_root),
        "PYTHONDONTWRITEBYTECODE": "1",
        "LAMBDA_TASK_ROOT": str(task_root),
        **(extra or {}),
    }


def run(python: Path, code: str, env: Mapping[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh process of the runtime-like interpreter (``-B``: no bytecode written)."""
    return subprocess.run(
        [str(python), "-B", "-c", code], input=stdin, env=dict(env), capture_output=True, text=True, check=False
    )
