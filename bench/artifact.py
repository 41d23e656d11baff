"""Artifact size: the zip ``cfn submit --dry-run`` (no Docker) builds for this project, through
``tools/package.py`` (what ``make package`` runs), and for an empty ``cfn init`` python311
project, built the same way in the same run; plus this project's zip broken down by package."""

import os
import subprocess
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from . import env

BIN = Path(env.PYTHON).parent
SKELETON_TYPE = "Bench::Skeleton::Empty"


def _run(arguments, cwd: Path) -> None:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        arguments, cwd=cwd, env=environment, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(map(str, arguments))} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def project_zip(workdir: Path) -> Path:
    dist = workdir / "dist"
    _run([env.PYTHON, str(env.ROOT / "tools" / "package.py"), "--dist", str(dist)], env.ROOT)
    return next(dist.glob("*.zip"))


def skeleton_zip(workdir: Path) -> Path:
    project = workdir / "skeleton"
    project.mkdir()
    _run(
        [
            str(BIN / "cfn"),
            "init",
            "--artifact-type",
            "RESOURCE",
            "--type-name",
            SKELETON_TYPE,
            "python311",
            "--no-docker",
        ],
        project,
    )
    _run([str(BIN / "cfn"), "submit", "--dry-run", "--no-docker"], project)
    return next(project.glob("*.zip"))


def breakdown(path: Path) -> dict[str, int]:
    """Compressed bytes per top-level entry of the inner ResourceProvider.zip (packages and
    their dist-info folded together), plus the outer zip's own files."""
    sizes: dict[str, int] = defaultdict(int)
    with zipfile.ZipFile(path) as outer:
        for info in outer.infolist():
            if info.filename == "ResourceProvider.zip":
                with zipfile.ZipFile(outer.open(info)) as inner:
                    for item in inner.infolist():
                        top = item.filename.split("/", 1)[0]
                        top = top.split("-", 1)[0] if top.endswith(".dist-info") else top
                        sizes[top.lower().replace("-", "_")] += item.compress_size
            else:
                sizes["(outer: schema, config, sources, inputs)"] += info.compress_size
        sizes["(zip headers)"] = path.stat().st_size - sum(sizes.values())
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        project = project_zip(workdir)
        skeleton = skeleton_zip(workdir)
        return {
            "artifact_bytes": project.stat().st_size,
            "skeleton_artifact_bytes": skeleton.stat().st_size,
            "artifact_breakdown": breakdown(project),
            "skeleton_breakdown": breakdown(skeleton),
        }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=1))
