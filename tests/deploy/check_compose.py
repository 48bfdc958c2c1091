#!/usr/bin/env python3
"""deploy/compose as far as it can be checked without a container engine:
1. Debian's docker-compose parses compose.yaml (`docker-compose config`) with the secrets
   given, and refuses it, naming the variable, when one is missing;
2. every LINKSTREAM_* setting a service is given is in docs/configuration.md; every
   long-running service has a restart policy and a health check, and the ports the api's
   and projector's health checks ask are the ones their settings make them listen on;
   the replicas trust nginx's address and no other;
3. the Dockerfile's build stage installs deploy/packages/build.txt, the list deploy/setup
   installs, and its final stages deploy/packages/runtime.txt, which holds the package of
   every shared library the built programs load (besides the base image's libc and libgcc).
Usage: check_compose.py BUILD_DIR. Exits 1 with every problem found."""
import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMPOSE = os.path.join(ROOT, "deploy", "compose", "compose.yaml")
SECRETS = {"POSTGRES_PASSWORD": "pw", "LINKSTREAM_ADMIN_TOKEN": "t" * 24,
           "LINKSTREAM_VISITOR_SALT": "s" * 24, "LINKSTREAM_WEBHOOK_KEY": "w" * 24, "GRAFANA_ADMIN_PASSWORD": "pw",
           "LINKSTREAM_DISCORD_WEBHOOK_URL": "https://discord.com/api/webhooks/1/x"}
BASE_IMAGE_PACKAGES = {"libc6", "libgcc-s1"}
problems = []


def compose_config(env):
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run(["docker-compose", "-f", COMPOSE, "config"], capture_output=True,
                          text=True, env=dict(clean, **env), cwd=os.path.dirname(COMPOSE))


def check_parses():
    result = compose_config(SECRETS)
    if result.returncode != 0:
        sys.exit(f"docker-compose config refuses {COMPOSE}:\n{result.stderr}")
    for name in SECRETS:
        missing = compose_config({k: v for k, v in SECRETS.items() if k != name})
        if missing.returncode == 0 or name not in missing.stderr:
            problems.append(f"without {name}, docker-compose config does not refuse the file")
    return yaml.safe_load(result.stdout)


def port_of(address):
    return int(str(address).rsplit(":", 1)[1])


def health_port(service):
    test = " ".join(service.get("healthcheck", {}).get("test", []))
    found = re.search(r"/dev/tcp/127\.0\.0\.1/(\d+)", test)
    return int(found.group(1)) if found else None


def check_services(config):
    with open(os.path.join(ROOT, "docs", "configuration.md")) as f:
        documented = set(re.findall(r"\n\| `(LINKSTREAM_[A-Z0-9_]+)` \|", f.read()))
    services = config["services"]
    nginx_address = services["nginx"]["networks"]["default"]["ipv4_address"]
    for name, service in services.items():
        env = service.get("environment", {}) or {}
        for key in env:
            if key.startswith("LINKSTREAM_") and key not in documented:
                problems.append(f"{name} is given {key}, which docs/configuration.md does not list")
        one_shot = service.get("restart") == "no"
        if not one_shot:
            if service.get("restart") not in ("unless-stopped", "always"):
                problems.append(f"{name} has no restart policy")
            if "healthcheck" not in service:
                problems.append(f"{name} has no health check")
        if name.startswith("api-"):
            if health_port(service) != int(env.get("LINKSTREAM_HTTP_PORT", 0)):
                problems.append(f"{name}'s health check asks another port than LINKSTREAM_HTTP_PORT")
            if env.get("LINKSTREAM_TRUSTED_PROXIES") != nginx_address:
                problems.append(f"{name} trusts {env.get('LINKSTREAM_TRUSTED_PROXIES')}, not nginx "
                                f"({nginx_address})")
            if env.get("LINKSTREAM_HTTP_BIND", "0.0.0.0") == "127.0.0.1":
                problems.append(f"{name} listens on loopback only")
        if name == "projector":
            if health_port(service) != port_of(env["LINKSTREAM_PROJECTOR_METRICS_ADDRESS"]):
                problems.append("the projector's health check asks another port than its metrics")


def packages(path):
    with open(path) as f:
        return set(re.sub(r"#.*", "", f.read()).split())


def check_dockerfile(build_dir):
    with open(os.path.join(ROOT, "deploy", "compose", "Dockerfile")) as f:
        dockerfile = f.read()
    for listed in ("deploy/packages/build.txt", "deploy/packages/runtime.txt"):
        if f"COPY {listed}" not in dockerfile:
            problems.append(f"the Dockerfile does not install {listed}")
    with open(os.path.join(ROOT, "deploy", "setup")) as f:
        if "deploy/packages/build.txt" not in f.read():
            problems.append("deploy/setup does not read deploy/packages/build.txt")
    runtime = packages(os.path.join(ROOT, "deploy", "packages", "runtime.txt"))
    for program in ("api/linkstream-api", "consumer/linkstream-projector",
                    "deliverer/linkstream-deliverer", "ctl/linkstreamctl"):
        dump = subprocess.run(["objdump", "-p", os.path.join(build_dir, program)],
                              capture_output=True, text=True, check=True).stdout
        for library in re.findall(r"NEEDED\s+(\S+)", dump):
            path = next((line.split("=>")[1].strip() for line in
                         subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout.splitlines()
                         if line.strip().startswith(library + " ")), None)
            if not path:
                problems.append(f"{program} loads {library}, which ldconfig does not know")
                continue
            owner = subprocess.run(["dpkg", "-S", os.path.realpath(path)], capture_output=True, text=True)
            if owner.returncode != 0:
                owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
            package = owner.stdout.split(":")[0].strip()
            if package and package not in runtime | BASE_IMAGE_PACKAGES:
                problems.append(f"{program} loads {library} from {package}, which "
                                "deploy/packages/runtime.txt does not install")


def main():
    build_dir = sys.argv[1]
    config = check_parses()
    check_services(config)
    check_dockerfile(build_dir)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"deploy/compose: {len(config['services'])} services parse and agree with the "
          "configuration reference and the package lists")
    return 0


if __name__ == "__main__":
    sys.exit(main())
