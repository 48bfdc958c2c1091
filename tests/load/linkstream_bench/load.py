"""Load generators: wrk for closed-loop throughput, vegeta for latency at a fixed rate.

Both report the same fields, so every scenario prints one kind of row. Latencies are in
milliseconds. wrk is closed-loop (a connection sends its next request when the answer
arrives), so its latencies are those of a saturated server; vegeta sends on a schedule
whatever the answers do (no coordinated omission), so its latencies are what a client
meets at that rate.
"""
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))


@dataclass
class Load:
    requests: int      # answers received
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int        # connection errors, timeouts, and answers with an unexpected status
    statuses: dict     # status -> count, where the generator reports it
    p95_ms: float = None  # where the generator reports it

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(url, seconds, connections=100, threads=2, paths_file=None, mix=None):
    """Closed loop against `url`; with `paths_file` (one path per line) every request picks
    one of those paths at random; with `mix` (ids_file, user_id) as well, the seed's mix of
    redirects, reads and creates (wrk_report.lua). Errors: socket errors, timeouts, and
    answers of 400 or more."""
    env = dict(os.environ, LINKSTREAM_BENCH_PATHS=paths_file or "",
               LINKSTREAM_BENCH_IDS=mix[0] if mix else "",
               LINKSTREAM_BENCH_MIX_USER=str(mix[1]) if mix else "")
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
         "-s", os.path.join(HERE, "wrk_report.lua"), url],
        capture_output=True, text=True, env=env, check=True)
    line = next(l for l in result.stdout.splitlines() if l.startswith("{\"requests\""))
    report = json.loads(line)
    errors = sum(report[k] for k in ("connect", "read", "write", "timeout", "status"))
    return Load(requests=report["requests"], seconds=report["duration_us"] / 1e6,
                p50_ms=report["p50_us"] / 1000, p99_ms=report["p99_us"] / 1000,
                p95_ms=report["p95_us"] / 1000, errors=errors, statuses={})


def vegeta(method, url, rate, seconds, body=None, headers=(), binary="vegeta"):
    """`rate` requests per second for `seconds`, each with `body`."""
    with tempfile.TemporaryDirectory() as folder:
        targets = os.path.join(folder, "targets")
        lines = [f"{method} {url}", *headers]
        if body is not None:
            body_file = os.path.join(folder, "body")
            with open(body_file, "w") as f:
                f.write(body)
            lines.append(f"@{body_file}")
        with open(targets, "w") as f:
            f.write("\n".join(lines) + "\n")
        attack = subprocess.run(
            [binary, "attack", f"-rate={rate}/s", f"-duration={seconds}s", "-timeout=5s",
             f"-targets={targets}", "-max-workers=2000"],
            capture_output=True, check=True)
        report = json.loads(subprocess.run([binary, "report", "-type=json"], input=attack.stdout,
                                           capture_output=True, check=True).stdout)
    statuses = {int(k): v for k, v in report["status_codes"].items()}
    ok = sum(v for k, v in statuses.items() if 200 <= k < 300)
    return Load(requests=report["requests"], seconds=report["duration"] / 1e9,
                p50_ms=report["latencies"]["50th"] / 1e6, p99_ms=report["latencies"]["99th"] / 1e6,
                errors=report["requests"] - ok, statuses=statuses)
