"""What the scenarios need in the stack: a user and a hot URL, many URLs (bulk import),
a backlog of clicks written straight to Kafka, and a probe of a click's way into
PostgreSQL."""
import json
import random
import string
import subprocess
import threading
import time
import uuid

from . import stack

CHUNK = 100_000  # rows per upload: well under the 64 MiB upload limit
FIRST_IMPORTED_URL = 1000
SECOND_IMPORT_FIRST_URL = 10_000_000
USERS = 1000
FIRST_IMPORTED_USER = 100


def create_hot_url():
    """(user id, url id, short code) of a fresh user's URL."""
    user = stack.http_json("POST", "/users", json.dumps(
        {"username": "bench", "email": "bench@bench.example"}), expect=201)
    url = stack.http_json("POST", "/urls", json.dumps(
        {"user_id": user["id"], "original_url": "https://bench.example/hot"}), expect=201)
    return user["id"], url["id"], url["short_code"]


def upload(kind, lines):
    boundary = "bench-" + "".join(random.choices(string.ascii_lowercase, k=12))
    data = ("\r\n".join(lines) + "\r\n").encode()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{kind}.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    status, answer = stack.http("POST", f"/{kind}/bulk", body,
                                {"Content-Type": f"multipart/form-data; boundary={boundary}"},
                                timeout=900)
    report = json.loads(answer) if status == 201 else {}
    if status != 201 or report.get("errors"):
        raise SystemExit(f"import of {kind} answered {status}: {answer[:300]!r}")


def import_users():
    upload("users", ["id,username,email,created_at"] +
           [f"{i},load-{i},load-{i}@bench.example,2025-06-01 12:00:00"
            for i in range(FIRST_IMPORTED_USER, FIRST_IMPORTED_USER + USERS)])


def code_of(url_id):
    return f"b{url_id:07d}"


def import_urls(first, count, progress=None):
    """URLs with ids first..first+count-1 and codes b0001000...; returns the codes."""
    for start in range(first, first + count, CHUNK):
        end = min(start + CHUNK, first + count)
        upload("urls", ["id,user_id,short_code,original_url,title,is_active,created_at,updated_at"] +
               [f"{i},{FIRST_IMPORTED_USER + i % USERS},{code_of(i)},https://bench.example/{i},"
                f"Bench {i},True,2025-06-01 12:00:00,2025-06-01 12:00:00" for i in range(start, end)])
        if progress:
            progress(end - first)
    last = code_of(first + count - 1)
    stack.wait_until(f"/{last} to redirect", lambda: stack.http("GET", "/" + last)[0] == 302, 300)
    return [code_of(i) for i in range(first, first + count)]


def produce_click_backlog(count, url_id, user_id, short_code):
    """`count` ClickRecorded events written to linkstream.clicks with kcat, in the api's
    encoding (every click a fresh id). Returns when Kafka has them all."""
    before = sum(stack.end_offsets("linkstream.clicks").values())
    occurred = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    prefix = (f'{short_code}\t{{"id":"')
    suffix = (f'","type":"ClickRecorded","version":2,"occurred_at":"{occurred}","data":{{'
              f'"url_id":{url_id},"user_id":{user_id},"short_code":"{short_code}",'
              f'"referrer":null,"user_agent":"linkstream-bench","visitor":"00112233445566778899aabbccddeeff"}}}}\n')
    producer = subprocess.Popen(
        ["kcat", "-b", stack.KAFKA, "-P", "-t", "linkstream.clicks", "-K", "\t",
         "-X", "enable.idempotence=true", "-X", "acks=all", "-X", "linger.ms=20"],
        stdin=subprocess.PIPE)
    batch = []
    for _ in range(count):
        batch.append(prefix + str(uuid.uuid4()) + suffix)
        if len(batch) == 10_000:
            producer.stdin.write("".join(batch).encode())
            batch = []
    producer.stdin.write("".join(batch).encode())
    producer.stdin.close()
    if producer.wait() != 0:
        raise SystemExit("kcat could not produce the click backlog")
    stack.wait_until("Kafka to hold the backlog", lambda: sum(
        stack.end_offsets("linkstream.clicks").values()) >= before + count, 120)


class ClickToRowProbe:
    """While running: every `interval` seconds, one redirect of `short_code`, then
    GET /events for its URL, which answers once PostgreSQL holds every click this replica
    had spooled (read-your-writes), or after the freshness budget with
    X-Linkstream-Stale. The time from the 302 to that answer bounds the click's way from
    the redirect to its row (from above: it includes the listing itself)."""

    def __init__(self, short_code, url_id, interval=0.1, budget_ms=2000):
        self.short_code, self.url_id, self.interval, self.budget_ms = short_code, url_id, interval, budget_ms
        self.latencies_ms = []
        self.redirects = 0
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop_flag.is_set():
            started = time.monotonic()
            if stack.http("GET", "/" + self.short_code, timeout=5)[0] == 302:
                self.redirects += 1
                request = f"/events?url_id={self.url_id}&event_type=click&per_page=1"
                status, headers, _ = stack.http_with_headers("GET", request, timeout=10)
                elapsed = (time.monotonic() - started) * 1000
                # A stale answer (the budget ran out) counts as missing the target.
                fresh = status == 200 and not headers.get("X-Linkstream-Stale")
                self.latencies_ms.append(elapsed if fresh else float("inf"))
            self.stop_flag.wait(max(0.0, self.interval - (time.monotonic() - started)))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_flag.set()
        self.thread.join()

    def p99_ms(self):
        if not self.latencies_ms:
            return float("inf")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
