"""Load generators: wrk for closed-loop throughput, open-loop-load for latency at a fixed rate.

Both report the same fields, so every scenario prints one kind of row. Latencies are in
milliseconds. wrk is closed-loop (a connection sends its next request when the answer
arrives), so its latencies are those of a saturated server; open-loop-load (ours,
tests/load/open_loop/) sends on a schedule whatever the answers do and measures from each
request's due time (no coordinated omission), so its latencies are what a client meets at
that rate. It replaced vegeta, which spent 180 µs of CPU a request (a quarter of this
machine at 3,000 requests/s) on the cores of the server it measured.
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
    labels: dict = None   # label -> {"p50", "p95", "p99"} in ms, where the generator reports it
    worst_ms_by_second: list = None  # open_loop: the slowest answer of each second's requests

    def slowest_seconds(self, count=5):
        """The `count` slowest seconds as "second: ms" (open_loop only): says whether a tail is
        spread over the run or one stall."""
        ranked = sorted(enumerate(self.worst_ms_by_second or []), key=lambda s: -s[1])[:count]
        return ", ".join(f"s{second}: {ms:.0f} ms" for second, ms in sorted(ranked))

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


def alternated(runs, rounds):
    """A/B on a shared host: `runs` maps a name to a function that measures once; each is
    measured `rounds` times in the order A B B A A B ..., so that a drift of the host's speed
    (a checkpoint, a neighbour) falls on both alike, not on whichever came second. Returns
    name -> (pooled Load, [Load of each round]): the pooled rate is every answer over every
    second, p50 the median round's, p99 the worst round's."""
    names = list(runs)
    each = {name: [] for name in names}
    for n in range(rounds):
        for name in (names if n % 2 == 0 else names[::-1]):
            each[name].append(runs[name]())
    pooled = {}
    for name, loads in each.items():
        p50s = sorted(l.p50_ms for l in loads)
        pooled[name] = (Load(requests=sum(l.requests for l in loads),
                             seconds=sum(l.seconds for l in loads), p50_ms=p50s[len(p50s) // 2],
                             p99_ms=max(l.p99_ms for l in loads),
                             errors=sum(l.errors for l in loads), statuses={}), loads)
    return pooled


OPEN_LOOP = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(HERE))), "build", "tests",
                         "load", "open_loop", "open-loop-load")


def write_targets(path, targets):
    """`targets`: (label, method, path, body or None) tuples, in the order they are sent."""
    with open(path, "w") as f:
        for label, method, target, body in targets:
            f.write("\t".join([label, method, target] + ([body] if body is not None else [])) + "\n")
    return path


def open_loop(port, rate, seconds, targets_file, connections=100, expected=(200, 201, 302)):
    """`rate` requests a second for `seconds` over `connections` keep-alive connections to
    127.0.0.1:`port`, cycling through `targets_file` (write_targets); latencies from each
    request's due time (tests/load/open_loop/open_loop.h). Errors: failed connections,
    timeouts, and answers with a status not in `expected`. `labels` holds each label's
    p50/p95/p99 in milliseconds."""
    if not os.access(OPEN_LOOP, os.X_OK):
        raise SystemExit(f"{OPEN_LOOP} is missing: tests/load/bench builds it (stack.build)")
    result = subprocess.run(
        [OPEN_LOOP, "--port", str(port), "--rate", str(rate), "--seconds", str(seconds),
         "--connections", str(connections), "--targets", targets_file, "--timeout-ms", "5000"],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"open-loop-load failed: {result.stderr.strip()}")
    report = json.loads(result.stdout)
    statuses = {int(k): v for k, v in report["statuses"].items()}
    unexpected = sum(v for k, v in statuses.items() if k not in expected)
    return Load(requests=report["answered"], seconds=report["seconds"],
                p50_ms=report["p50_us"] / 1000, p99_ms=report["p99_us"] / 1000,
                p95_ms=report["p95_us"] / 1000,
                errors=report["failed"] + report["timed_out"] + unexpected, statuses=statuses,
                worst_ms_by_second=[us / 1000 for us in report["worst_us_by_second"]],
                labels={name: {k: v[f"{k}_us"] / 1000 for k in ("p50", "p95", "p99")}
                        for name, v in report["labels"].items()})
