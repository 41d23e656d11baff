"""``make bench``: every benchmark in one run against the local SageMaker; prints a table and
writes ``bench/results.json`` (flat keys, each a number) and ``bench/details.json`` (what lies
behind the numbers: operations on the wire, zip breakdown, stabilisation delays)."""

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from . import env

HERE = Path(__file__).resolve().parent
TARGETS = {  # key -> (comparison, bound, description)
    "artifact_bytes": ("<=", "0.3 * skeleton_artifact_bytes"),
    "import_overhead_ms": ("<=", 100),
    "list_10k_ratio": ("<=", 1.15),
    "stabilise_waste_ratio": ("<=", 0.25),
}


def _section(title: str) -> None:
    print(f"-- {title}", file=sys.stderr, flush=True)


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from local.sagemaker.server import start

    from . import artifact, calls, listing, stabilise, startup

    began = time.monotonic()
    results: dict[str, float] = {}
    details: dict[str, Any] = {}
    with start() as server:
        environment = env.point_at(server.url)
        logging.getLogger("aws_sagemaker_modelpackage").setLevel(logging.WARNING)

        _section("API calls per operation")
        counted = calls.run(server)
        for op, row in counted.items():
            results[f"api_calls.{op}"] = row["calls"]
            results[f"minimum.{op}"] = row["minimum"]
        details["api_calls"] = {op: row["operations"] for op, row in counted.items()}

        _section("import overhead (fresh processes)")
        imports = startup.import_overhead(environment)
        results["import_overhead_ms"] = round(imports["import_overhead_ms"], 1)
        details["import"] = imports
        details["import_profile"] = startup.import_profile(environment)

        _section("first invoke (fresh processes)")
        server.control.reset()
        server.control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
        client = env.sagemaker(server.url)
        client.create_model_package_group(ModelPackageGroupName="bench-first-read")
        arn = client.create_model_package(
            ModelPackageGroupName="bench-first-read", InferenceSpecification=calls.spec()
        )["ModelPackageArn"]
        first = startup.first_invoke(environment, arn)
        results["first_invoke_ratio"] = round(first["first_invoke_ratio"], 3)
        details["first_invoke"] = first

        _section("listing 10,000 packages")
        listed = listing.run(server)
        results["list_10k_ratio"] = round(listed["list_10k_ratio"], 3)
        results["list_10k_paginator_s"] = round(listed["list_10k_paginator_s"], 3)
        results["list_10k_handler_s"] = round(listed["list_10k_handler_s"], 3)
        details["list_10k"] = listed

        _section("stabilisation waste")
        waited = stabilise.run(server)
        results["stabilise_waste_ratio"] = round(waited["stabilise_waste_ratio"], 3)
        for run in waited["stabilise_runs"]:
            results[f"stabilise_waste_ratio.T{run['seconds']}"] = round(run["waste_ratio"], 3)
        details["stabilise"] = waited["stabilise_runs"]

    _section("artifact size (cfn submit --dry-run, project and empty cfn init project)")
    sizes = artifact.run()
    results["artifact_bytes"] = sizes["artifact_bytes"]
    results["skeleton_artifact_bytes"] = sizes["skeleton_artifact_bytes"]
    details["artifact_breakdown"] = sizes["artifact_breakdown"]
    details["skeleton_breakdown"] = sizes["skeleton_breakdown"]
    details["seconds"] = round(time.monotonic() - began, 1)

    (HERE / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    (HERE / "details.json").write_text(json.dumps(details, indent=2, default=str) + "\n")
    print(table(results))
    print(f"\nwritten: bench/results.json, bench/details.json ({details['seconds']} s)")
    return 0


def table(results: dict[str, float]) -> str:
    rows = [("figure", "value", "target", "met")]
    for key in sorted(k for k in results if k.startswith("api_calls.")):
        op = key.split(".", 1)[1]
        minimum = results[f"minimum.{op}"]
        rows.append((key, f"{results[key]:g}", f"== {minimum:g}", _yes(results[key] == minimum)))
    skeleton = results["skeleton_artifact_bytes"]
    rows.append(
        (
            "artifact_bytes",
            f"{results['artifact_bytes']:,}",
            f"<= {0.3 * skeleton:,.0f} (0.3 x {skeleton:,})",
            _yes(results["artifact_bytes"] <= 0.3 * skeleton),
        )
    )
    rows.append(("  (artifact / skeleton)", f"{results['artifact_bytes'] / skeleton:.3f}", "<= 0.3", ""))
    for key in ("import_overhead_ms", "list_10k_ratio", "stabilise_waste_ratio"):
        bound = TARGETS[key][1]
        rows.append((key, f"{results[key]:g}", f"<= {bound}", _yes(results[key] <= bound)))
    for key in sorted(k for k in results if k.startswith("stabilise_waste_ratio.")):
        rows.append((f"  {key}", f"{results[key]:g}", "", ""))
    rows.append(("first_invoke_ratio", f"{results['first_invoke_ratio']:g}", "(no target)", ""))
    for key in ("list_10k_paginator_s", "list_10k_handler_s"):
        rows.append((key, f"{results[key]:g}", "(no target)", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _yes(ok: bool) -> str:
    return "yes" if ok else "NO"


if __name__ == "__main__":
    sys.exit(main())
