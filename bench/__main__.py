"""``make bench``: every benchmark in one run against the local SageMaker; prints a table and
writes ``bench/results.json`` (flat keys, each a number) and ``bench/details.json`` (what lies
behind the numbers: operations on the wire, zip breakdown, per-round spreads, import profile,
stabilisation delays).

``python -m bench --only cold``: only the start-up figures (the artifact built, then the cold
start from it and the source-tree import), a minute or two instead of several; printed, and
written to ``bench/cold.json`` (figures and details) so that the full run's files are left as
they are.

``python -m bench --only calls``: only the API calls per operation (each against its minimum)
and the stabilisation waste, against the local SageMaker; printed, nothing written.

``python -m bench --only list``: only the listing of 10,000 packages (``listing.py``), against
the local SageMaker; printed, nothing written.

``python -m bench --only load`` (``make load``): only the stack at scale (``load.py``: N packages
created at once and deleted through worker processes, against the throttling local SageMaker),
a few minutes in real time; written to ``bench/load.json``. ``--resources``, ``--workers``,
``--rate-limits``, ``--outage-seconds`` and ``--trials`` change the stack, the throttle and the
retry policies tried (here and in the full run); ``--log-rate`` gives the type a LoggingConfig
whose PutLogEvents is throttled at that rate."""

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import env, load

HERE = Path(__file__).resolve().parent
TARGETS: dict[str, float] = {  # key -> upper bound
    "artifact_bytes": 7_000_000,
    "cold_import_ratio": 1.5,
    "source_import_overhead_ms": 100,
    "list_10k_ratio": 1.15,
    "stabilise_waste_ratio": 0.25,
}


def _section(title: str) -> None:
    print(f"-- {title}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--only",
        choices=["cold", "calls", "list", "load"],
        help=(
            "cold: only the start-up figures (cold start, source import); calls: only the API calls per operation; "
            "list: only the listing of 10,000 packages; load: only the stack at scale"
        ),
    )
    parser.add_argument("--resources", type=int, default=load.DEFAULT_RESOURCES, help="packages in the stack")
    parser.add_argument("--workers", type=int, default=load.DEFAULT_WORKERS, help="Lambda environments (processes)")
    parser.add_argument(
        "--rate-limits",
        type=load.parse_rates,
        default=load.DEFAULT_RATES,
        help=f"operation=rate/burst,... or none (default {load.format_rates(load.DEFAULT_RATES)})",
    )
    parser.add_argument(
        "--outage-seconds",
        type=float,
        default=load.OUTAGE_SECONDS,
        help="CreateModelPackage throttled this long from the start of the creates (0: no outage scenario)",
    )
    parser.add_argument(
        "--trials",
        type=load.parse_trials,
        default=load.parse_trials(load.TRIALS),
        help=f"the stack again for each retry policy, as fields of retries.DEFAULT.transient ('': none; default '{load.TRIALS}')",
    )
    parser.add_argument(
        "--log-rate",
        type=parse_log_rate,
        help="rate/burst: every invocation delivers its log lines to a PutLogEvents throttled at this rate",
    )
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    args = parser.parse_args(argv)
    scale = {
        "log_rate": args.log_rate,
        "resources": args.resources,
        "workers": args.workers,
        "rates": args.rate_limits,
        "outage_seconds": args.outage_seconds,
        "trials": args.trials,
    }
    if args.only == "cold":
        return cold_only()
    if args.only == "calls":
        return calls_only()
    if args.only == "list":
        return list_only()
    if args.only == "load":
        return load_only(scale)
    from . import artifact

    began = time.monotonic()
    results: dict[str, float] = {}
    details: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as directory:
        _section("building the artifact (make package)")
        built = artifact.project_zip(Path(directory))
        against_local_sagemaker(built, results, details, scale)
        _section("artifact size (the project's and an empty cfn init project's)")
        sizes = artifact.run(built)
    results["artifact_bytes"] = sizes["artifact_bytes"]
    results["skeleton_artifact_bytes"] = sizes["skeleton_artifact_bytes"]
    details["artifact_breakdown"] = sizes["artifact_breakdown"]
    details["skeleton_breakdown"] = sizes["skeleton_breakdown"]
    details["seconds"] = round(time.monotonic() - began, 1)

    (HERE / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    (HERE / "details.json").write_text(json.dumps(details, indent=2, default=str) + "\n")
    print(table(results))
    print(f"\n{load.report(details['load'])}")
    print(f"\nwritten: bench/results.json, bench/details.json ({details['seconds']} s)")
    return 0


def parse_log_rate(text: str) -> tuple[float, float]:
    """``"1/2"`` (PutLogEvents per second, burst), in the notation of ``--rate-limits``."""
    return load.parse_rates(f"PutLogEvents={text}")["PutLogEvents"]


def cold_only() -> int:
    """The start-up figures alone: the artifact built, the local SageMaker for the first READ."""
    from local.sagemaker.server import start

    from . import artifact

    results: dict[str, float] = {}
    details: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as directory, start() as server:
        _section("building the artifact (make package)")
        built = artifact.project_zip(Path(directory))
        start_up(server, built, env.point_at(server.url), results, details)
    (HERE / "cold.json").write_text(json.dumps({"results": results, "details": details}, indent=2) + "\n")
    print(table(results))
    print("\nimport profile (self ms, median of fresh processes):")
    for row in details["cold_start"]["import_profile"]:
        print(f"  {row['self_ms']:6.1f}  {row['module']}")
    print("\nwritten: bench/cold.json")
    return 0


def calls_only() -> int:
    """The API calls per operation and the stabilisation waste, without the artifact."""
    from local.sagemaker.server import start

    from . import calls, stabilise

    results: dict[str, float] = {}
    with start() as server:
        env.point_at(server.url)
        logging.getLogger("aws_sagemaker_modelpackage").setLevel(logging.WARNING)
        for op, row in calls.run(server).items():
            _call_figures(results, op, row)
        results["stabilise_waste_ratio"] = round(stabilise.run(server)["stabilise_waste_ratio"], 3)
    print(table(results))
    return 0


def list_only() -> int:
    """The listing of 10,000 packages alone, on a local SageMaker of its own."""
    from local.sagemaker.server import start

    from . import listing

    with start() as server:
        env.point_at(server.url)
        logging.getLogger("aws_sagemaker_modelpackage").setLevel(logging.WARNING)
        results = _listed(listing.run(server))
    print(table(results))
    return 0


def _listed(listed: dict[str, Any]) -> dict[str, float]:
    """The listing's figures: the median ratio and its spread."""
    results = {"list_10k_ratio": round(listed["list_10k_ratio"], 3)}
    for end, value in listed["list_10k_ratio_spread"].items():
        results[f"list_10k_ratio.{end}"] = round(value, 3)
    return results


def load_only(scale: dict[str, Any]) -> int:
    """The stack at scale alone, on a local SageMaker of its own."""
    from local.sagemaker.server import start

    with start() as server:
        _section(f"a stack of {scale['resources']} packages created and deleted at once (minutes, real time)")
        found = load.run(server, **scale)
    (HERE / "load.json").write_text(json.dumps(found, indent=2) + "\n")
    print(load.report(found))
    print("\nwritten: bench/load.json")
    return 0


def against_local_sagemaker(
    built: Path, results: dict[str, float], details: dict[str, Any], scale: dict[str, Any]
) -> None:
    """The figures that need the local SageMaker, one server for all."""
    from local.sagemaker.server import start

    from . import calls, listing, stabilise

    with start() as server:
        environment = env.point_at(server.url)
        logging.getLogger("aws_sagemaker_modelpackage").setLevel(logging.WARNING)

        _section("API calls per operation")
        counted = calls.run(server)
        for op, row in counted.items():
            _call_figures(results, op, row)
        details["api_calls"] = {op: row["operations"] for op, row in counted.items()}
        start_up(server, built, environment, results, details)

        _section("listing 10,000 packages")
        listed = listing.run(server)
        results.update(_listed(listed))
        details["list_10k"] = listed

        _section("stabilisation waste")
        waited = stabilise.run(server)
        results["stabilise_waste_ratio"] = round(waited["stabilise_waste_ratio"], 3)
        for run in waited["stabilise_runs"]:
            results[f"stabilise_waste_ratio.T{run['seconds']}"] = round(run["waste_ratio"], 3)
        details["stabilise"] = waited["stabilise_runs"]

        _section(f"a stack of {scale['resources']} packages created and deleted at once (minutes, real time)")
        found = load.run(server, **scale)
        results.update(load.flat(found))
        details["load"] = found


def _call_figures(results: dict[str, float], op: str, row: dict[str, Any]) -> None:
    for key, name in (("api_calls", "calls"), ("minimum", "minimum"), ("put_log_events", "put_log_events")):
        results[f"{key}.{op}"] = row[name]
    results[f"invocations.{op}"], results[f"log_lines.{op}"] = row["invocations"], row["log_lines"]


def start_up(server: Any, built: Path, environment: dict[str, str], results: dict[str, float], details: Any) -> None:
    from . import calls, startup

    _section("source-tree import, warm bytecode (fresh processes)")
    imports = startup.source_import_overhead(environment)
    results["source_import_overhead_ms"] = round(imports["import_overhead_ms"], 1)
    details["source_import"] = imports

    _section("cold start from the artifact: import and first READ (fresh processes)")
    server.control.reset()
    server.control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
    client = env.sagemaker(server.url)
    client.create_model_package_group(ModelPackageGroupName="bench-first-read")
    arn = client.create_model_package(ModelPackageGroupName="bench-first-read", InferenceSpecification=calls.spec())[
        "ModelPackageArn"
    ]
    cold = startup.cold_start(built, environment, arn)
    for key in ("cold_import_ratio", "cold_import_ratio_top_level", "cold_import_ratio_vs_runtime_boto3"):
        results[key] = round(cold[key], 3)
    results["first_invoke_ratio"] = round(cold["first_invoke_ratio"], 3)
    for key in ("cold_import_ratio", "cold_import_ratio_top_level"):
        for end, value in cold["per_round_spread"][key].items():
            results[f"{key}.{end}"] = round(value, 3)
    details["cold_start"] = cold


def table(results: dict[str, float]) -> str:
    """The figures of ``results`` (all of them, or those of ``--only``) with their targets."""
    rows = [("figure", "value", "target", "met")]
    for key in sorted(k for k in results if k.startswith("api_calls.")):
        op = key.split(".", 1)[1]
        minimum = results[f"minimum.{op}"]
        rows.append((key, f"{results[key]:g}", f"== {minimum:g}", _yes(results[key] == minimum)))
    for key in sorted(k for k in results if k.startswith("put_log_events.")):
        op = key.split(".", 1)[1]
        invocations, logged = results[f"invocations.{op}"], results[f"log_lines.{op}"]
        target = f"== {invocations:g} (invocations; {logged:g} lines)"
        rows.append((key, f"{results[key]:g}", target, _yes(results[key] == invocations)))
    for key, bound in ((key, bound) for key, bound in TARGETS.items() if key in results):
        value = f"{results[key]:,}" if key == "artifact_bytes" else f"{results[key]:g}"
        rows.append((key, value, f"<= {bound:,}", _yes(results[key] <= bound)))
    for key in sorted(k for k in results if k.split(".")[0] in TARGETS and "." in k):
        rows.append((f"  {key}", f"{results[key]:g}", "", ""))
    if "skeleton_artifact_bytes" in results:
        skeleton = results["skeleton_artifact_bytes"]
        rows.append(
            ("  artifact / skeleton", f"{results['artifact_bytes'] / skeleton:.3f}", f"(skeleton {skeleton:,})", "")
        )
    for key in ("cold_import_ratio_top_level", "cold_import_ratio_vs_runtime_boto3", "first_invoke_ratio"):
        if key in results:  # not measured by --only calls
            rows.append((key, f"{results[key]:g}", "(no target)", ""))
    for end in ("min", "max"):
        if f"cold_import_ratio_top_level.{end}" in results:
            rows.append(
                (f"  cold_import_ratio_top_level.{end}", f"{results[f'cold_import_ratio_top_level.{end}']:g}", "", "")
            )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _yes(ok: bool) -> str:
    return "yes" if ok else "NO"


if __name__ == "__main__":
    sys.exit(main())
