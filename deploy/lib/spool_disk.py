"""The api's click spool on a small filesystem of its own, and that filesystem filled up:
how deploy/chaos (api-spool-disk-full) and deploy/drill (spool-full) make a full disk
without filling any other. Mounting needs root."""
import os
import subprocess
import time


def spool_dir(state, http_port):
    """The first replica's spool (api/src/config.cc: <state>/spool/api-<port>)."""
    return os.path.join(state, "spool", f"api-{http_port}")


class SmallSpoolFilesystem:
    """A tmpfs of `size` bytes mounted over the spool while the context lasts. The api is
    stopped (it ships its spool) before the mount and again before the unmount, so no click
    is left on either side; `restart(action)` runs supervisorctl and `ready()` says when the
    api answers again."""

    def __init__(self, directory, restart, ready, size=64 << 20):
        self.directory, self.restart, self.ready, self.size = directory, restart, ready, size

    def __enter__(self):
        if os.geteuid() != 0:
            raise SystemExit("the spool's own small filesystem is a tmpfs, and mounting one "
                             "needs root: run this as root, or leave the spool fault out")
        self._with_the_api_stopped(["mount", "-t", "tmpfs", "-o", f"size={self.size},mode=0700",
                                    "tmpfs", self.directory])
        return self

    def __exit__(self, *exc):
        self._with_the_api_stopped(["umount", self.directory])

    def _with_the_api_stopped(self, command):
        self.restart("stop")
        os.makedirs(self.directory, exist_ok=True)
        done = subprocess.run(command, capture_output=True, text=True)
        self.restart("start")
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
        deadline = time.monotonic() + 120
        while not self.ready():
            if time.monotonic() > deadline:
                raise SystemExit("the api did not come back after " + " ".join(command))
            time.sleep(0.25)


class FullDisk:
    """Another file takes every free byte of the filesystem of `directory` while the
    context lasts."""

    def __init__(self, directory):
        self.filler = os.path.join(directory, "filler-of-a-full-disk")

    def __enter__(self):
        with open(self.filler, "wb", buffering=0) as f:
            for chunk in (1 << 20, 4096, 1):
                try:
                    while True:
                        f.write(b"\0" * chunk)
                except OSError:  # ENOSPC: then the next smaller piece
                    pass
        return self

    def __exit__(self, *exc):
        os.unlink(self.filler)
