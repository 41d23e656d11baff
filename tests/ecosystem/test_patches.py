"""``tools/patches.py``: the build's edits of third-party files are exact, guarded and recorded.
(That the edited library still fetches a hook's remote payload, from the built artifact, is
``test_artifact_runtime.py``'s.)"""

import base64
import hashlib
import shutil
from importlib import metadata
from pathlib import Path

import pytest

from tools import patches

LIBRARY = "cloudformation-cli-python-lib"
((DIST_INFO, UTILS),) = patches.PATCHES


@pytest.fixture
def tree(tmp_path):
    """The pinned library's ``utils.py`` and RECORD, as the plugin's build unpacks them."""
    distribution = metadata.distribution(LIBRARY)
    assert f"{LIBRARY.replace('-', '_')}-{distribution.version}.dist-info" == DIST_INFO, (
        "the venv's library is not the patched pin"
    )
    for name in (UTILS, f"{DIST_INFO}/RECORD"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(str(distribution.locate_file(name))), tmp_path / name)
    return tmp_path


def test_requests_is_imported_only_in_the_remote_payload_branch(tree):
    patches.apply(tree)
    text = (tree / UTILS).read_text()
    assert text.startswith(patches.NOTICE)
    module_level = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
    assert not [line for line in module_level if "requests" in line]
    branch = text.split("if req_data.is_hook_invocation_payload_remote():\n", 1)[1]
    assert branch.startswith(
        "            import requests  # type: ignore\n            from requests.adapters import HTTPAdapter"
    )
    compile(text, UTILS, "exec")


def test_the_record_carries_the_edited_file(tree):
    patches.apply(tree)
    data = (tree / UTILS).read_bytes()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    lines = (tree / DIST_INFO / "RECORD").read_text().splitlines()
    assert f"{UTILS},sha256={digest},{len(data)}" in lines
    assert len([line for line in lines if line.startswith(f"{UTILS},")]) == 1


def test_text_no_longer_there_fails_the_build(tree):
    patched_once = tree / "again"
    shutil.copytree(tree, patched_once)
    patches.apply(patched_once)
    with pytest.raises(RuntimeError, match="exactly once"):
        patches.apply(patched_once)  # the edited file no longer has the text


def test_another_version_of_the_library_fails_the_build(tree):
    (tree / DIST_INFO).rename(tree / DIST_INFO.replace("2.1.20", "2.1.21"))
    with pytest.raises(RuntimeError, match="not in the artifact"):
        patches.apply(tree)
