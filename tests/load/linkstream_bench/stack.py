"""The bench profile's stack (deploy/lib/common.sh: its own ports and state folder), and
what the bench asks of it: HTTP, supervision, PostgreSQL, Kafka's end offsets, metrics."""
import json
import os
import subprocess
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
STATE = os.path.join(ROOT, ".state", "bench")
API_PORT = 28080
API = f"http://127.0.0.1:{API_PORT}"
KAFKA = "127.0.0.1:27092"
PG = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "27432",
      "-U", "linkstream", "linkstream"]
ENV = dict(os.environ, LINKSTREAM_PROFILE="bench", LINKSTREAM_MONITORING="off")


def setting(name):
    """A setting of the bench profile as deploy/lib/common.sh resolves it (LS_KAFKA_LIBS, ...)."""
    return subprocess.run(["bash", "-c", f'source "{ROOT}/deploy/lib/common.sh" && echo "${name}"'],
                          env=ENV, capture_output=True, text=True, check=True).stdout.strip()


def build(*targets):
    """Builds `targets` in the stack's build tree (deploy/lib/common.sh's ls_build): the bench
    also runs on a checkout where only `deploy/stack up` has built, which makes the servers
    but not the bench's own generator."""
    result = subprocess.run(["bash", "-c", f'source "{ROOT}/deploy/lib/common.sh" && ls_build "$@"',
                             "build", *targets], env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"building {' '.join(targets)} failed:\n{result.stdout}{result.stderr}")


def deploy_stack(*args):
    result = subprocess.run([os.path.join(ROOT, "deploy", "stack"), *args], env=ENV,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"deploy/stack {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def supervisorctl(*args):
    subprocess.run(["supervisorctl", "-c", os.path.join(STATE, "supervisord.conf"), *args],
                   check=True, stdout=subprocess.DEVNULL)


def program_pid(name):
    out = subprocess.run(["supervisorctl", "-c", os.path.join(STATE, "supervisord.conf"), "pid", name],
                         capture_output=True, text=True).stdout.strip()
    return int(out) if out.isdigit() and out != "0" else None


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at, not a hop to follow


OPENER = urllib.request.build_opener(NoRedirects)


def http_with_headers(method, path, body=None, headers=None, timeout=30, base=API):
    """(status, headers, body bytes); status 0 when no answer came."""
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, {}, b""


def http(method, path, body=None, headers=None, timeout=30, base=API):
    """(status, body bytes); status 0 when no answer came."""
    status, _, answer = http_with_headers(method, path, body, headers, timeout, base)
    return status, answer


def http_json(method, path, body=None, expect=200, timeout=30):
    status, answer = http(method, path, body, {"Content-Type": "application/json"}, timeout)
    if status != expect:
        raise SystemExit(f"{method} {path}: expected {expect}, got {status}: {answer[:300]!r}")
    return json.loads(answer)


def wait_until(what, condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.1)


def api_ready(base=API):
    return http("GET", "/health/ready", base=base, timeout=2)[0] == 200


def psql(sql):
    return subprocess.run(PG + ["-c", sql], capture_output=True, text=True, check=True,
                          env=dict(os.environ, PGPASSWORD="")).stdout.strip()


def end_offsets(topic):
    """{partition: end offset} from Kafka (kcat -Q at the newest offset)."""
    partitions = json.loads(subprocess.run(["kcat", "-b", KAFKA, "-L", "-t", topic, "-J"],
                                           capture_output=True, text=True, check=True).stdout)
    ends = {}
    for p in partitions["topics"][0]["partitions"]:
        out = subprocess.run(["kcat", "-b", KAFKA, "-Q", "-t", f"{topic}:{p['partition']}:-1"],
                             capture_output=True, text=True, check=True).stdout
        ends[p["partition"]] = int(out.split("offset")[-1])
    return ends


def projected_offsets(topic):
    rows = psql(f"SELECT \"partition\", next_offset FROM projector_offsets WHERE topic = '{topic}'")
    return {int(p): int(o) for p, o in (line.split("|") for line in rows.splitlines() if line)}


def projector_caught_up(topic):
    done = projected_offsets(topic)
    return all(done.get(p, 0) >= end for p, end in end_offsets(topic).items())


def metric(name, base=API):
    """The sum of a metric's samples in the api's exposition."""
    status, text = http("GET", "/metrics", base=base)
    if status != 200:
        raise SystemExit(f"GET /metrics answered {status}")
    total = 0.0
    for line in text.decode().splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise SystemExit(f"no VmRSS for pid {pid}")
