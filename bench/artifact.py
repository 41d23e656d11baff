"""Artifact size: the zip ``make package`` (``tools/package.py``: ``cfn submit --dry-run``, no
Docker, then trimmed and byte-compiled) builds for this project, and for comparison the zip of an
empty ``cfn init`` python312 project built by plain ``cfn submit --dry-run --no-docker`` in the
same run; plus this project's zip broken down by package (compressed and uncompressed bytes)."""

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


def _run(arguments: list[str], cwd: Path) -> None:
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
            "python312",
            "--no-docker",
        ],
        project,
    )
    _run([str(BIN / "cfn"), "submit", "--dry-run", "--no-docker"], project)
    return next(project.glob("*.zip"))


def breakdown(path: Path) -> dict[str, dict[str, int]]:
    """Per top-level entry of the inner ResourceProvider.zip (packages and their dist-info folded
    together), plus the outer zip's own files: each entry's deflated bytes (what it takes in its
    zip) and the bytes it unpacks to. What is left of the file's size is the headers of both
    zips, less what deflating ResourceProvider.zip once more inside the outer zip saves."""
    sizes: dict[str, dict[str, int]] = defaultdict(lambda: {"deflated": 0, "unpacked": 0})

    def add(key: str, info: zipfile.ZipInfo) -> None:
        sizes[key]["deflated"] += info.compress_size
        sizes[key]["unpacked"] += info.file_size

    with zipfile.ZipFile(path) as outer:
        for info in outer.infolist():
            if info.filename != "ResourceProvider.zip":
                add("(outer: schema, config, sources, inputs)", info)
                continue
            with zipfile.ZipFile(outer.open(info)) as inner:
                for item in inner.infolist():
                    parts = item.filename.split("/")
                    # a top-level module's bytecode (__pycache__/six.cpython-312.pyc) counts as its
                    top = parts[1].split(".", 1)[0] if parts[0] == "__pycache__" else parts[0]
                    top = top.split("-", 1)[0] if top.endswith(".dist-info") else top
                    add(top.lower().replace("-", "_").removesuffix(".py"), item)
    deflated = sum(row["deflated"] for row in sizes.values())
    sizes["(zip headers, less the outer deflate of ResourceProvider.zip)"] = {
        "deflated": path.stat().st_size - deflated,
        "unpacked": 0,
    }
    return dict(sorted(sizes.items(), key=lambda item: -item[1]["deflated"]))


def run(project: Path) -> dict[str, Any]:
    """Sizes of ``project`` (the zip ``make package`` built) and of the skeleton's zip."""
    with tempfile.TemporaryDirectory() as directory:
        skeleton = skeleton_zip(Path(directory))
        return {
            "artifact_bytes": project.stat().st_size,
            "skeleton_artifact_bytes": skeleton.stat().st_size,
            "artifact_breakdown": breakdown(project),
            "skeleton_breakdown": breakdown(skeleton),
        }
