#!/usr/bin/env python3
"""Compares builds of the peer, or settings of one build, on the same downloads in the same run.

usage: bench/compare-builds.py [--rounds N] [--size-mib N] [--scenarios 1,2,3] LABEL=REPO[;VAR=VALUE...] ...

Each variant is a checkout of this repository (REPO, built here in Release) and optional environment variables for its
processes (e.g. "wide=.;Peer__download_streams_per_source=2"). Every variant gets its own standalone Maestro and four
peers (P1-P4) on ports from 9100 (10 per variant), shared folders in one scratch folder on /var/tmp, and a warm-up
download. Then, in rounds, every variant runs every scenario (1: P3 -> P1, 2: P2+P3 -> P1, 3: P2+P3+P4 -> P1), the
order reversed every other round, so that the machine's drift (10-20% over minutes here) falls on all of them alike.
A download's time runs from its POST to its finished_at; the peers' CPU is read from /proc. Prints each download, then
per variant and scenario the median time and rate, the median CPU of the peers, sources against one source per round,
and the peers' peak working set. Needs the .NET 10 SDK and python3; every download is checked by SHA-256.

The variants are not on an equal footing, for a reason not found: two identical builds listed side by side differed by
4-10% (the second faster in 2 runs of 2, also with the rounds in a random order; direct writes into their two folders
ran alike). List each build twice, in the order A B B A, and compare the pairs.

Faster than bench/transfer.sh (no AppHost, no dashboard) and able to put two builds side by side: use it to decide a
change, and bench/transfer.sh for the figures against the baseline copy.
"""
import argparse
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import datetime

SOURCES = {"1": ["P3"], "2": ["P2", "P3"], "3": ["P2", "P3", "P4"]}
PEERS = ["P1", "P2", "P3", "P4"]
FILE = "compare.bin"
# This run's network key: every process gets it, and every request sends it (the peers' control routes need it).
NETWORK_KEY = os.urandom(24).hex()
CONTROL_TOKEN = os.urandom(24).hex()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--scenarios", default="1,2")
    parser.add_argument("variants", nargs="+", help="LABEL=REPO[;VAR=VALUE...]")
    args = parser.parse_args()
    variants = []
    for i, spec in enumerate(args.variants):
        label, _, rest = spec.partition("=")
        repo, *settings = rest.split(";")
        if not label or not repo:
            parser.error(f"a variant is LABEL=REPO[;VAR=VALUE...], not {spec!r}")
        variants.append({"label": label, "repo": os.path.abspath(repo), "env": dict(s.split("=", 1) for s in settings),
                         "base": 9100 + 10 * i, "procs": []})
    args.scenarios = args.scenarios.split(",")
    if any(s not in SOURCES for s in args.scenarios):
        parser.error("scenarios are 1, 2 and 3")
    return args, variants


def request(port, method, path, body=None):
    conn = http.client.HTTPConnection("localhost", port, timeout=30)
    try:
        headers = {"Authorization": f"Bearer {CONTROL_TOKEN}"} | ({"Content-Type": "application/json"} if body is not None else {})
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("Location")
    finally:
        conn.close()


def cpu_seconds(proc):
    with open(f"/proc/{proc.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_mb(proc):
    with open(f"/proc/{proc.pid}/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM"))


def start(variant, project, env, scratch):
    full = dict(os.environ, P2P_NETWORK_KEY=NETWORK_KEY, P2P_CONTROL_TOKEN=CONTROL_TOKEN, Logging__LogLevel__Default="Warning", **env, **variant["env"])
    log = open(os.path.join(scratch, f"{variant['label']}-{project}{env.get('Peer__id', '')}.log"), "a")
    dll = os.path.join(variant["repo"], f"P2P.{project}", "bin", "Release", "net10.0", f"P2P.{project}.dll")
    proc = subprocess.Popen(["dotnet", dll], env=full, stdout=log, stderr=subprocess.STDOUT, cwd=variant["repo"])
    variant["procs"].append(proc)
    return proc


def up(variant, scratch):
    maestro = variant["base"]
    # The Maestro's TLS port, where the peers register, is the variant's last (base + 9).
    start(variant, "Maestro", {"Maestro__state_dir": os.path.join(scratch, variant["label"], "maestro-state"),
                               "Kestrel__Endpoints__http__Url": f"http://localhost:{maestro}",
                               "Kestrel__Endpoints__tls__Url": f"http://localhost:{maestro + 9}"}, scratch)
    variant["peers"] = {}
    for i, peer in enumerate(PEERS):
        rest, grpc = maestro + 1 + i, maestro + 5 + i
        folder = os.path.join(scratch, variant["label"], peer)
        os.makedirs(folder)
        proc = start(variant, "Peer", {
            "Peer__id": peer, "Peer__ip": "localhost", "Peer__port": str(rest), "Peer__grpc_port": str(grpc),
            "Peer__shared_dir": folder, "Peer__maestro_url": f"https://localhost:{maestro + 9}", "Peer__heartbeat_seconds": "2",
            "Kestrel__Endpoints__http__Url": f"http://localhost:{rest}", "Kestrel__Endpoints__grpc__Url": f"http://localhost:{grpc}",
        }, scratch)
        variant["peers"][peer] = (proc, rest, folder)
    deadline = time.monotonic() + 90
    while True:
        try:
            if all(f'"{p}"' in request(maestro, "GET", "/peers")[1].decode() for p in PEERS):
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"{variant['label']}: the peers did not register within 90 s (logs in {scratch})")
        time.sleep(0.5)


def place(variant, source_file, sources):
    for peer, (_, _, folder) in variant["peers"].items():
        path = os.path.join(folder, FILE)
        if peer in sources and not os.path.exists(path):
            os.link(source_file, path)
        elif peer not in sources and os.path.exists(path):
            os.remove(path)
    asked = time.monotonic()
    while True:
        status, body, _ = request(variant["base"], "GET", f"/locate?file={FILE}")
        if status == 200 and sorted(p["id"] for p in json.loads(body)["peers"]) == sorted(sources):
            break
        if time.monotonic() - asked > 3:
            for _, rest, _ in variant["peers"].values():
                request(rest, "POST", "/refresh", {})
            asked = time.monotonic()
        time.sleep(0.1)
    subprocess.run(["sync"], check=True)


def download(variant, source_file, sha256, sources):
    place(variant, source_file, sources)
    peers = variant["peers"]
    before = {peer: cpu_seconds(proc) for peer, (proc, _, _) in peers.items()}
    began = time.time()
    status, body, location = request(peers["P1"][1], "POST", "/downloads", {"file": FILE})
    if status != 202:
        sys.exit(f"{variant['label']}: POST /downloads answered {status}: {body[:300]!r}")
    while True:
        time.sleep(0.05)
        doc = json.loads(request(peers["P1"][1], "GET", urllib.parse.urlsplit(location).path)[1])
        if doc["state"] == "completed":
            break
        if doc["state"] in ("failed", "cancelled"):
            sys.exit(f"{variant['label']}: download {doc['state']}: {doc.get('error')}")
    finished = re.sub(r"(\.\d{6})\d+", r"\1", doc["finished_at"].replace("Z", "+00:00"))
    seconds = datetime.fromisoformat(finished).timestamp() - began
    used = {peer: cpu_seconds(proc) - before[peer] for peer, (proc, _, _) in peers.items()}
    with open(os.path.join(peers["P1"][2], FILE), "rb") as f:
        if hashlib.file_digest(f, "sha256").hexdigest() != sha256:
            sys.exit(f"{variant['label']}: the downloaded file does not have the source's SHA-256")
    return seconds, used


def main():
    args, variants = parse_args()
    for repo in sorted({v["repo"] for v in variants}):
        for project in ("P2P.Maestro", "P2P.Peer"):
            subprocess.run(["dotnet", "build", os.path.join(repo, project), "-c", "Release", "-v", "q", "-nologo"],
                           check=True, stdout=subprocess.DEVNULL)
    scratch = tempfile.mkdtemp(prefix="p2p-compare.", dir="/var/tmp")
    results = {}
    try:
        source_file = os.path.join(scratch, FILE)
        with open(source_file, "wb") as f:
            for _ in range(args.size_mib):
                f.write(os.urandom(1024 * 1024))
        with open(source_file, "rb") as f:
            sha256 = hashlib.file_digest(f, "sha256").hexdigest()
        for variant in variants:
            up(variant, scratch)
            download(variant, source_file, sha256, ["P2", "P3", "P4"])
            download(variant, source_file, sha256, ["P3"])
        mb = args.size_mib * 1.048576
        for round_ in range(args.rounds):
            forward = round_ % 2 == 0
            for variant in variants if forward else variants[::-1]:
                for scenario in args.scenarios if forward else args.scenarios[::-1]:
                    seconds, used = download(variant, source_file, sha256, SOURCES[scenario])
                    results.setdefault((variant["label"], scenario), []).append((seconds, used))
                    print(f"round {round_} {variant['label']} {scenario} src: {seconds:.3f} s, {mb / seconds:.0f} MB/s, CPU "
                          + " ".join(f"{p} {c:.2f}" for p, c in used.items()), flush=True)
        print("--- medians")
        for (label, scenario), runs in sorted(results.items()):
            times = [t for t, _ in runs]
            median = statistics.median(times)
            print(f"{label} {scenario} src: {median:.3f} s ({mb / median:.0f} MB/s, {min(times):.3f}-{max(times):.3f} s); CPU-s: "
                  f"peers {statistics.median(sum(u.values()) for _, u in runs):.2f}, P1 {statistics.median(u['P1'] for _, u in runs):.2f}")
        for variant in variants:
            label = variant["label"]
            for scenario in args.scenarios:
                if scenario != "1" and "1" in args.scenarios:
                    ratios = [one[0] / many[0] for one, many in zip(results[(label, "1")], results[(label, scenario)])]
                    print(f"{label} {scenario} src / 1 src, per round: " + " ".join(f"{r:.2f}" for r in ratios)
                          + f"; median {statistics.median(ratios):.3f}")
            print(f"{label} peak working set, MB: " + " ".join(f"{p} {peak_mb(proc):.0f}" for p, (proc, _, _) in variant["peers"].items()))
    finally:
        for variant in variants:
            for proc in variant["procs"]:
                proc.send_signal(signal.SIGTERM)
        for variant in variants:
            for proc in variant["procs"]:
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
