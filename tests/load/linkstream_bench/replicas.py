"""Two api replicas behind nginx, for the scale-out rows of the bench: the stack's own api
and a second process beside it (its own port, spool and snapshot; the stack's Kafka,
PostgreSQL and visitor salt), behind an nginx made from deploy/nginx/linkstream.conf.template."""
import os
import shutil
import subprocess

from . import stack

SECOND_PORT = 28081
NGINX_PORT = 27981
TEMPLATE = os.path.join(stack.ROOT, "deploy", "nginx", "linkstream.conf.template")


class TwoReplicasBehindNginx:
    def __init__(self):
        self.url = f"http://127.0.0.1:{NGINX_PORT}"
        self.second_url = f"http://127.0.0.1:{SECOND_PORT}"
        self.folder = os.path.join(stack.STATE, "bench-nginx")
        self.replica = self.nginx = None

    def __enter__(self):
        with open(os.path.join(stack.STATE, "visitor-salt")) as f:
            salt = f.read().strip()
        env = dict(os.environ, LINKSTREAM_ENVIRONMENT="local", LINKSTREAM_KAFKA_BROKERS=stack.KAFKA,
                   LINKSTREAM_PG_URI="postgresql://linkstream@127.0.0.1:27432/linkstream",
                   LINKSTREAM_HTTP_PORT=str(SECOND_PORT), LINKSTREAM_STATE_DIR=stack.STATE,
                   LINKSTREAM_VISITOR_SALT=salt, LINKSTREAM_WRITE_RATE_PER_S="0",
                   LINKSTREAM_UNKNOWN_CODE_RATE_PER_S="0",
                   LINKSTREAM_HTTP_MAX_CONNECTIONS_PER_ADDRESS="0")
        log = open(os.path.join(stack.STATE, "logs", f"api-{SECOND_PORT}.log"), "ab")
        self.replica = subprocess.Popen([os.path.join(stack.ROOT, "build", "api", "linkstream-api")],
                                        env=env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)  # a session of its own: ceiling.py
        # Ready, and it is this process that answers (not one left from an earlier run).
        stack.wait_until("the second replica", lambda: self.replica.poll() is None and
                         stack.api_ready(self.second_url), 300)
        if self.replica.poll() is not None:
            raise SystemExit(f"the second replica exited: see {log.name}")

        shutil.rmtree(self.folder, ignore_errors=True)
        os.makedirs(self.folder)
        upstreams = "\n    ".join(f"server 127.0.0.1:{port} max_fails=3 fail_timeout=5s;"
                                   for port in (stack.API_PORT, SECOND_PORT))
        with open(TEMPLATE) as f:
            conf = (f.read().replace("@LISTEN@", f"127.0.0.1:{NGINX_PORT}")
                    .replace("@STATE@", self.folder).replace("@UPSTREAMS@", upstreams))
        path = os.path.join(self.folder, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        if subprocess.run(["nginx", "-t", "-c", path], capture_output=True).returncode != 0:
            raise SystemExit(f"nginx refuses {path}: see {self.folder}/error.log")
        self.nginx = subprocess.Popen(["nginx", "-c", path], stderr=subprocess.DEVNULL,
                                      start_new_session=True)
        stack.wait_until("nginx in front of the replicas", lambda: stack.api_ready(self.url), 10)
        return self

    def __exit__(self, *exc):
        for process in (self.nginx, self.replica):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    process.kill()  # never leave it behind to write into a later stack
                    process.wait()
