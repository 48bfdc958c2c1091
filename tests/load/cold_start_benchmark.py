#!/usr/bin/env python3
"""Cold start of an api replica with 1,000,000 URLs: from its snapshot and from the log.

Brings up the `bench` stack (its own ports and state folder), imports 1,000 users and
1,000,000 URLs once (kept for later runs), then restarts the api twice, in the same run:
once with its snapshot (written by the clean stop) and once without it (folding the entity
topics from offset 0). Prints both times to /health/ready, the api's own timings from its
log, the snapshot's size, and the ratio.

    tests/load/cold_start_benchmark.py [--urls 1000000] [--wipe]
"""
import argparse
import json
import os
import random
import string
import subprocess
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
API = "http://127.0.0.1:28080"
STATE = os.path.join(ROOT, ".state", "bench")
ENV = dict(os.environ, LINKSTREAM_PROFILE="bench")
CHUNK = 100_000  # rows per upload: well under the 64 MiB upload limit


def stack(*args):
    subprocess.run([os.path.join(ROOT, "deploy", "stack"), *args], env=ENV, check=True,
                   stdout=subprocess.DEVNULL)


def supervisorctl(*args):
    subprocess.run(["supervisorctl", "-c", os.path.join(STATE, "supervisord.conf"), *args],
                   check=True, stdout=subprocess.DEVNULL)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer we measure, not a hop to follow


OPENER = urllib.request.build_opener(NoRedirects)


def get(path):
    try:
        with OPENER.open(API + path, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def upload(kind, lines):
    boundary = "bench-" + "".join(random.choices(string.ascii_lowercase, k=12))
    data = ("\r\n".join(lines) + "\r\n").encode()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{kind}.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{API}/{kind}/bulk", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request, timeout=900) as response:
        report = json.loads(response.read())
    if report.get("errors"):
        raise SystemExit(f"import of {kind} reported errors: {report['errors'][:3]}")
    return report


def load_data(urls):
    if get(f"/urls/{urls}")[0] == 200:
        print(f"the bench stack already holds URL {urls}; not importing again")
        return
    users = 1000
    upload("users", ["id,username,email,created_at"] +
           [f"{i},cold-{i},cold-{i}@bench.example,2025-06-01 12:00:00" for i in range(1, users + 1)])
    started = time.monotonic()
    for first in range(1, urls + 1, CHUNK):
        last = min(first + CHUNK, urls + 1)
        upload("urls", ["id,user_id,short_code,original_url,title,is_active,created_at,updated_at"] +
               [f"{i},{i % users + 1},c{i:07d},https://bench.example/{i},Bench {i},True,"
                "2025-06-01 12:00:00,2025-06-01 12:00:00" for i in range(first, last)])
        print(f"  imported URLs up to {last - 1} ({time.monotonic() - started:.0f} s)", flush=True)


def wait_until_redirects(path, timeout=300):
    """The import answers once the log has the rows; the view folds them just after."""
    deadline = time.monotonic() + timeout
    while get(path)[0] != 302:
        if time.monotonic() > deadline:
            raise SystemExit(f"{path} does not redirect after {timeout} s")
        time.sleep(0.2)


def log_lines_since(offset):
    with open(os.path.join(STATE, "logs", "api.log"), "rb") as log:
        log.seek(offset)
        return log.read().decode(errors="replace").splitlines()


def cold_start(with_snapshot):
    snapshot = os.path.join(STATE, "snapshots", "api-28080.snapshot")
    supervisorctl("stop", "api")  # a clean stop writes the snapshot
    size = os.path.getsize(snapshot) if os.path.exists(snapshot) else 0
    if not with_snapshot and os.path.exists(snapshot):
        os.remove(snapshot)
    log_offset = os.path.getsize(os.path.join(STATE, "logs", "api.log"))
    started = time.monotonic()
    supervisorctl("start", "api")
    while get("/health/ready")[0] != 200:
        if time.monotonic() - started > 900:
            raise SystemExit("the api did not become ready in 15 minutes")
        time.sleep(0.05)
    seconds = time.monotonic() - started
    own = [line.split("] ", 1)[-1] for line in log_lines_since(log_offset)
           if "view: read snapshot" in line or "view: caught up" in line]
    return seconds, size, own


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--urls", type=int, default=1_000_000)
    parser.add_argument("--wipe", action="store_true", help="start from an empty bench stack")
    args = parser.parse_args()
    if args.wipe:
        stack("wipe")
    stack("up")
    load_data(args.urls)
    wait_until_redirects(f"/c{args.urls:07d}")

    cold_start(with_snapshot=True)  # writes a snapshot that covers everything
    from_snapshot, size, snapshot_log = cold_start(with_snapshot=True)
    from_log, _, log_log = cold_start(with_snapshot=False)
    assert get(f"/c{args.urls:07d}")[0] == 302, "the last URL does not redirect after restart"

    print(f"\ncold start of linkstream-api with {args.urls:,} URLs (time to /health/ready):")
    print(f"  from the snapshot ({size / 2**20:.0f} MiB): {from_snapshot:6.1f} s   {'; '.join(snapshot_log)}")
    print(f"  from the log (offset 0):  {from_log:6.1f} s   {'; '.join(log_log)}")
    print(f"  ratio log / snapshot: {from_log / from_snapshot:.1f}x")


if __name__ == "__main__":
    main()
