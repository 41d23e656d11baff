"""Start-up costs, each measured in fresh processes, handler and baselines interleaved round by
round so that every side of a ratio sees the same machine load; medians, with the spread in
``bench/details.json``. Times are CPU time (user + system) of the measured process, not wall
time: on a shared machine wall time mostly measures the wait for a free core.

Cold start, from the artifact (what a new Lambda execution environment pays): the built zip's
ResourceProvider.zip unpacked read-only as the task root, first on the path of a Python 3.12 whose
own boto3 is the runtime's old one (``tools/lambda_runtime.py``), no bytecode written:

- ``cold_import_ratio``: importing the handler module from the artifact, over ``import boto3``
  from the artifact (the SDK it bundles): what the provider adds on top of its SDK;
- ``cold_import_ratio_vs_runtime_boto3``: the same import over ``import boto3`` of the runtime's
  own older boto3 (what a function using the runtime's SDK pays): this one also counts what the
  newer SDK costs to import;
- ``first_invoke_ratio``: a process handling a READ end to end through the artifact's entry
  point, over a process making one bare DescribeModelPackage with the runtime's boto3.

At which stack depth the import runs matters on Python 3.12: the interpreter keeps its frames in
16 KiB chunks and frees a chunk as soon as a return leaves it, so a loop of calls that keeps
crossing a chunk boundary (the regex compiler's recursion at import, e.g. in ``urllib3.util.url``)
maps and unmaps a chunk on every call (python/cpython#142183; 3.13 and later keep one spare chunk,
3.12 does not). The same import then costs up to about 20 ms more at one depth than at the next,
and where the boundaries fall is set by whatever calls the import (Lambda's bootstrap), not by the
code imported: measured only at the top level of ``python -c``, ``import boto3`` happened to sit
at a good depth and the handler's import at a bad one. So every cold-start sample runs its code
inside a function called ``DEPTH_STEP`` frames deeper each round, both sides of a round at the
same depth, the 15 rounds stepping through about one chunk; ``cold_import_ratio_top_level`` is
the ratio measured the earlier way (top level only), for comparison.

Source tree, warm bytecode (the development venv; what the code itself adds):
``source_import_overhead_ms``, importing the handler module minus importing boto3 (top level).
"""

import json
import resource
import statistics
import subprocess
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tools import lambda_runtime

from . import env

IMPORT_HANDLER = "import aws_sagemaker_modelpackage.handlers"
IMPORT_BOTO3 = "import boto3"
_TIMED_IMPORT = "import time; t = time.process_time(); {statement}; print(time.process_time() - t)"
DEPTH_STEP = 10  # frames of ``_AT_DEPTH``'s function (~110 bytes each) per round: 15 rounds ~ one 16 KiB chunk
_AT_DEPTH = """
def at_depth(n):
    if n:
        return at_depth(n - 1)
{body}


at_depth({depth})
"""

READ_WITH_HANDLER = """
import json, sys
from aws_sagemaker_modelpackage.handlers import resource
result = resource(json.loads(sys.stdin.read()), None)
assert result["status"] == "SUCCESS", result
"""
DESCRIBE_WITH_BOTO3 = """
import boto3
boto3.client("sagemaker").describe_model_package(ModelPackageName="{arn}")
"""


def _python(code: str, environment: dict[str, str], python: str = env.PYTHON, stdin: str = "") -> str:
    done = subprocess.run(
        [python, "-B", "-c", code], env=environment, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"benchmark process failed:\n{done.stderr[-2000:]}")
    return done.stdout


Measure = Callable[[int | None], float]  # stack depth (None: the top level of ``python -c``) -> seconds


def _interleaved(rounds: int, depth_step: int | None, **measures: Measure) -> dict[str, list[float]]:
    """Each measure once per round, in turn, ``rounds`` times, at depth ``round * depth_step``
    (at the top level when ``depth_step`` is None): {name: [seconds, ...]}."""
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for index in range(rounds):
        depth = None if depth_step is None else index * depth_step
        for name, measure in measures.items():
            samples[name].append(measure(depth))
    return samples


def _at_depth(code: str, depth: int | None) -> str:
    """``code`` run ``depth`` calls deep (as it is at the top level when ``depth`` is None)."""
    if depth is None:
        return code
    return _AT_DEPTH.format(body=textwrap.indent(textwrap.dedent(code).strip(), "    "), depth=depth)


def _timed_import(statement: str, environment: dict[str, str], python: str = env.PYTHON) -> Measure:
    timed = _TIMED_IMPORT.format(statement=statement)
    return lambda depth: float(_python(_at_depth(timed, depth), environment, python))


def _process(code: str, environment: dict[str, str], python: str, stdin: str = "") -> Measure:
    """CPU time of a whole fresh process running ``code`` (interpreter start-up included)."""

    def measure(depth: int | None) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        _python(_at_depth(code, depth), environment, python, stdin)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

    return measure


def _summary(samples: list[float]) -> dict[str, float]:
    """Median, and spread (lowest and highest), in milliseconds."""
    return {
        "median_ms": statistics.median(samples) * 1000,
        "min_ms": min(samples) * 1000,
        "max_ms": max(samples) * 1000,
    }


def _ratio(samples: dict[str, list[float]], part: str, whole: str) -> float:
    """Median of one side over median of the other."""
    return statistics.median(samples[part]) / statistics.median(samples[whole])


def _spread(samples: dict[str, list[float]], part: str, whole: str) -> dict[str, float]:
    """Lowest and highest of the per-round ratios."""
    ratios = [a / b for a, b in zip(samples[part], samples[whole], strict=True)]
    return {"min": min(ratios), "max": max(ratios)}


def source_import_overhead(environment: dict[str, str], rounds: int = 11) -> dict[str, Any]:
    """From the source tree, with the development venv's warm bytecode."""
    samples = _interleaved(
        rounds,
        None,
        handler=_timed_import(IMPORT_HANDLER, environment),
        boto3=_timed_import(IMPORT_BOTO3, environment),
    )
    handler, boto3 = (statistics.median(samples[name]) * 1000 for name in ("handler", "boto3"))
    return {
        "import_handler_ms": handler,
        "import_boto3_ms": boto3,
        "import_overhead_ms": handler - boto3,
        "rounds": rounds,
    }


def cold_start(artifact: Path, environment: dict[str, str], arn: str, rounds: int = 15) -> dict[str, Any]:
    """Cold import and first READ from the artifact, over boto3 imports and a bare describe."""
    from local import invoke

    python = str(lambda_runtime.runtime_python())
    with tempfile.TemporaryDirectory() as directory:
        task_root = lambda_runtime.unpack(artifact, Path(directory) / "task")
        variables = {name: value for name, value in environment.items() if name.startswith("AWS_")}
        in_artifact = lambda_runtime.environment(task_root, variables)
        runtime_only = lambda_runtime.environment(Path(directory) / "empty", variables)
        read = json.dumps(invoke.event("READ", {"ModelPackageArn": arn}))
        samples = _interleaved(
            rounds,
            DEPTH_STEP,
            handler_import=_timed_import(IMPORT_HANDLER, in_artifact, python),
            boto3_import=_timed_import(IMPORT_BOTO3, in_artifact, python),
            runtime_boto3_import=_timed_import(IMPORT_BOTO3, runtime_only, python),
            first_read=_process(READ_WITH_HANDLER, in_artifact, python, read),
            first_describe=_process(DESCRIBE_WITH_BOTO3.format(arn=arn), runtime_only, python),
        )
        samples |= _interleaved(
            rounds,
            None,
            handler_import_top_level=_timed_import(IMPORT_HANDLER, in_artifact, python),
            boto3_import_top_level=_timed_import(IMPORT_BOTO3, in_artifact, python),
        )
        profile = import_profile(python, in_artifact)
    return _cold_figures(samples, rounds, profile)


def _cold_figures(samples: dict[str, list[float]], rounds: int, profile: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "cold_import_ratio": _ratio(samples, "handler_import", "boto3_import"),
        "cold_import_ratio_top_level": _ratio(samples, "handler_import_top_level", "boto3_import_top_level"),
        "cold_import_ratio_vs_runtime_boto3": _ratio(samples, "handler_import", "runtime_boto3_import"),
        "first_invoke_ratio": _ratio(samples, "first_read", "first_describe"),
        "per_round_spread": {
            "cold_import_ratio": _spread(samples, "handler_import", "boto3_import"),
            "cold_import_ratio_top_level": _spread(samples, "handler_import_top_level", "boto3_import_top_level"),
            "cold_import_ratio_vs_runtime_boto3": _spread(samples, "handler_import", "runtime_boto3_import"),
            "first_invoke_ratio": _spread(samples, "first_read", "first_describe"),
        },
        **{name: _summary(values) for name, values in samples.items()},
        "runtime_boto3": lambda_runtime.RUNTIME_BOTO3,
        "rounds": rounds,
        "depths": [index * DEPTH_STEP for index in range(rounds)],
        "import_profile": profile,
    }


def import_profile(python: str, environment: dict[str, str], runs: int = 7, top: int = 12) -> list[dict[str, Any]]:
    """The modules of a cold handler import (after boto3's own) that take the most time themselves
    (``-X importtime`` self time, so nested imports are not counted twice; wall time, as
    importtime gives it), median of ``runs`` fresh processes."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, self_ms in _self_times(python, environment).items():
            samples.setdefault(name, []).append(self_ms)
    ranked = sorted(samples.items(), key=lambda item: -statistics.median(item[1]))[:top]
    return [{"module": name, "self_ms": statistics.median(times)} for name, times in ranked]


def _self_times(python: str, environment: dict[str, str]) -> dict[str, float]:
    """{module: self milliseconds} of the modules imported after boto3, in one fresh process."""
    done = subprocess.run(
        [python, "-B", "-X", "importtime", "-c", f"import boto3; {IMPORT_HANDLER}"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, float] = {}
    seen_boto3 = False
    for line in done.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) != 3 or not fields[0].strip().isdigit():
            continue
        name = fields[2].strip()
        if seen_boto3:
            found[name] = int(fields[0]) / 1000
        seen_boto3 = seen_boto3 or name == "boto3"
    return found
