#!/usr/bin/env python3
"""Line coverage of the sanitized runs, per folder of the product's code (tests are not
counted), from the gcov counters in the sanitized build tree (gcovr, Debian's package).
Prints one row per folder and the total; exits 1 when the total is below --minimum."""
import argparse
import collections
import json
import os
import subprocess
import sys

# The product's code: every folder holding what a process of linkstream runs.
FOLDERS = ["api/src", "consumer/src", "eventlog/src", "platform/src", "schema/src"]


def folder_of(path):
    """api/src/http/reply.cc -> api/src/http; consumer/src/main.cc -> consumer/src."""
    return os.path.dirname(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True, help="the repository")
    parser.add_argument("--tree", required=True, help="the instrumented build tree")
    parser.add_argument("--minimum", type=float, required=True, help="percent of lines")
    args = parser.parse_args()
    args.root, args.tree = os.path.abspath(args.root), os.path.abspath(args.tree)

    command = ["gcovr", "--root", args.root, "--object-directory", args.tree, "--json",
               "--gcov-ignore-parse-errors"]
    for folder in FOLDERS:
        command += ["--filter", os.path.join(args.root, folder) + "/"]
    report = subprocess.run(command, capture_output=True, text=True)
    if report.returncode != 0:
        sys.exit(f"gcovr failed ({report.returncode}): {report.stderr.strip()[-2000:]}")
    files = json.loads(report.stdout)["files"]
    if not files:
        sys.exit(f"no coverage counters under {args.tree}: was it built with LINKSTREAM_COVERAGE?")

    lines = collections.defaultdict(lambda: [0, 0])  # folder -> [covered, total]
    for f in files:
        counted = [line for line in f["lines"] if not line.get("gcovr/noncode")]
        row = lines[folder_of(f["file"])]
        row[0] += sum(1 for line in counted if line["count"] > 0)
        row[1] += len(counted)

    covered = sum(c for c, _ in lines.values())
    total = sum(t for _, t in lines.values())
    print(f"{'folder':<28} {'lines':>7} {'covered':>8} {'percent':>8}")
    for folder in sorted(lines):
        c, t = lines[folder]
        print(f"{folder:<28} {t:>7} {c:>8} {100.0 * c / t if t else 100:>7.1f}%")
    percent = 100.0 * covered / total
    print(f"{'total':<28} {total:>7} {covered:>8} {percent:>7.1f}%  (minimum {args.minimum:g}%)")
    if percent < args.minimum:
        print(f"line coverage {percent:.1f}% is below the minimum {args.minimum:g}%")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
