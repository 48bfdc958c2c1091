"""The machine's ceiling for any redirect: nginx (Debian) answering a fixed `return 302`,
with a configuration of the bench's own (never the system's nginx)."""
import os
import shutil
import subprocess
import time

from . import stack

PORT = 27980


def config(folder):
    return f"""
worker_processes auto;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  keepalive_requests 10000000;
  server {{
    listen 127.0.0.1:{PORT};
    location / {{ return 302 https://example.com/target; }}
  }}
}}
"""


class Nginx302:
    """Context manager: a running nginx that answers 302 to every path."""

    def __init__(self, state_folder):
        self.folder = os.path.join(state_folder, "ceiling-nginx")
        self.url = f"http://127.0.0.1:{PORT}/ceiling"
        self.process = None

    def __enter__(self):
        shutil.rmtree(self.folder, ignore_errors=True)
        os.makedirs(self.folder)
        path = os.path.join(self.folder, "nginx.conf")
        with open(path, "w") as f:
            f.write(config(self.folder))
        # A session of its own, as the stack's programs have under supervisord: with the
        # kernel's autogroups (on by default in Debian), each session is one scheduling group
        # and the generator's group is another. Started from the bench's session, nginx
        # shared wrk's group and paid less for wrk's wake-ups than the api does (the same
        # api binary measured p99 10 ms in wrk's session and 22 ms under supervisord).
        self.process = subprocess.Popen(["nginx", "-c", path], stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        stack.wait_until("the ceiling nginx", lambda: self.process.poll() is None and stack.http(
            "GET", "/up", base=f"http://127.0.0.1:{PORT}", timeout=1)[0] == 302, 10)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
