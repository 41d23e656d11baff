"""Edits the build makes to third-party files of the artifact, each for one pinned version.

One edit so far: ``cloudformation_cli_python_lib.utils`` (2.1.20) imports ``requests`` at its top,
for one code path only: a hook whose target model is too large for the Lambda payload is sent as
a URL, which ``HookRequestData.deserialize`` fetches with ``requests``. A resource provider never
takes that path, but every cold start of the handler paid for ``requests`` and what it imports
(``charset_normalizer``, ``idna``, ``http.cookiejar``: about 20 ms, a third of what the handler
adds to ``import boto3``). The edit moves the two imports into that branch, unchanged: the hook
code path behaves as before (it imports ``requests`` when it needs it) and ``requests`` stays in
the artifact for it. The library cannot be imported without ``utils`` (its package imports
``resource``, ``hook`` and ``boto3_proxy``, which all import it), and swapping ``requests`` for a
lazy module at run time would not help (``from requests.adapters import HTTPAdapter`` loads it),
so a source edit at build time is the only way; it is an exact text replacement that fails the
build when the text is not there, and is keyed to the version's ``.dist-info`` folder so that a
new pin fails the build until the edit is looked at again. The edited file says so in its first
lines (the library is Apache-2.0, which asks for that), and the package's ``RECORD`` carries the
edited file's hash. Tested by ``tests/ecosystem/test_artifact_runtime.py`` (the handler's import
leaves ``requests`` out, a remote hook payload is still fetched) and ``tests/ecosystem/test_patches.py``.
"""

import base64
import hashlib
from pathlib import Path

NOTICE = (
    "# Edited for the aws-sagemaker-modelpackage artifact (its tools/patches.py): `requests` is imported\n"
    "# where a hook's remote payload is fetched, not at import time. Otherwise as released.\n"
)
# {(dist-info folder, file): [(text, replacement), ...]}; each text must occur exactly once.
PATCHES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("cloudformation_cli_python_lib-2.1.20.dist-info", "cloudformation_cli_python_lib/utils.py"): [
        ("\nimport requests  # type: ignore\n", "\n"),  # whole lines at the top, not the ones added below
        ("\nfrom requests.adapters import HTTPAdapter  # type: ignore\n", "\n"),
        (
            "        if req_data.is_hook_invocation_payload_remote():\n",
            "        if req_data.is_hook_invocation_payload_remote():\n"
            "            import requests  # type: ignore\n"
            "            from requests.adapters import HTTPAdapter  # type: ignore\n\n",
        ),
    ],
}


def apply(tree: Path, patches: dict[tuple[str, str], list[tuple[str, str]]] = PATCHES) -> None:
    """Edit the files of ``patches`` in ``tree`` (an unpacked artifact) and their RECORD lines."""
    for (dist_info, name), edits in patches.items():
        record, path = tree / dist_info / "RECORD", tree / name
        if not record.is_file() or not path.is_file():
            raise RuntimeError(f"{name} of {dist_info} is not in the artifact: look at tools/patches.py again")
        path.write_text(NOTICE + edited(path.read_text(encoding="utf-8"), edits, name), encoding="utf-8")
        record.write_text(rehashed(record.read_text(encoding="utf-8"), name, path.read_bytes()), encoding="utf-8")


def edited(text: str, edits: list[tuple[str, str]], name: str) -> str:
    """``text`` with each edit made; each text to replace must occur exactly once."""
    for old, new in edits:
        if text.count(old) != 1:
            raise RuntimeError(f"{name}: {old.strip()!r} is not there exactly once: look at tools/patches.py again")
        text = text.replace(old, new)
    return text


def rehashed(record: str, name: str, data: bytes) -> str:
    """The RECORD text with the line of ``name`` carrying the hash and size of ``data``."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    lines = [
        f"{name},sha256={digest},{len(data)}" if line.rsplit(",", 2)[0] == name else line
        for line in record.splitlines()
    ]
    return "".join(f"{line}\n" for line in lines)
