#!/usr/bin/env python3
"""Bulk import at scale: how long a 100,000-row users file takes, and whether the api's
memory and per-row time stay flat (rows go through the log in batches).

Runs against a stack that is up (deploy/stack up). Imports a 10,000-row file as the
baseline, then a 100,000-row file, in the same run, and prints both with their ratio.
Each run uses fresh ids and e-mails above anything the stack holds.

    tests/load/bulk_import_benchmark.py [--api http://127.0.0.1:8080] [--rows 100000]
"""
import argparse
import json
import os
import random
import string
import subprocess
import time
import urllib.request


def make_csv(first_id, rows, tag):
    lines = ["id,username,email,created_at"]
    for i in range(first_id, first_id + rows):
        lines.append(f"{i},bench-{tag}-{i},bench-{tag}-{i}@load.example,2025-06-01 12:00:00")
    return ("\r\n".join(lines) + "\r\n").encode()


def upload(api, data):
    boundary = "bench-" + "".join(random.choices(string.ascii_lowercase, k=12))
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"users.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(api + "/users/bulk", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=600) as response:
        report = json.loads(response.read())
    return time.monotonic() - started, report


def api_rss_kib(port):
    """Resident memory of the process listening on `port`, from /proc (0 when unknown)."""
    try:
        out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
        pid = out.split("pid=")[1].split(",")[0]
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (IndexError, OSError, ValueError):
        pass
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", default="http://127.0.0.1:8080")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    port = int(args.api.rsplit(":", 1)[1].split("/")[0])
    with urllib.request.urlopen(args.api + "/users") as response:
        highest = max([u["id"] for u in json.loads(response.read())] or [0])
    tag = "".join(random.choices(string.ascii_lowercase, k=6))

    baseline_rows = args.rows // 10
    rss_before = api_rss_kib(port)
    base_time, base_report = upload(args.api, make_csv(highest + 1, baseline_rows, tag + "b"))
    big_data = make_csv(highest + 1 + baseline_rows, args.rows, tag)
    big_time, big_report = upload(args.api, big_data)
    rss_after = api_rss_kib(port)

    for name, rows, seconds, report in (("baseline", baseline_rows, base_time, base_report),
                                        ("large", args.rows, big_time, big_report)):
        assert report["imported"] == rows and not report["errors"], report
        print(f"{name:8} {rows:>7} rows  {seconds:6.2f} s  {rows / seconds:8.0f} rows/s")
    print(f"file size of the large import: {len(big_data) / 1e6:.1f} MB")
    per_row_ratio = (big_time / args.rows) / (base_time / baseline_rows)
    print(f"time per row, large / baseline: {per_row_ratio:.2f} (1.00 = linear)")
    if rss_before and rss_after:
        print(f"api resident memory: {rss_before / 1024:.0f} MiB before, {rss_after / 1024:.0f} MiB after")


if __name__ == "__main__":
    main()
