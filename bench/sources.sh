#!/usr/bin/env bash
# What several sources are worth when links, not one shared disk, are the limit: a 1 GiB random file downloaded by one
# host from 1, 2 and 3 source hosts whose uplinks are capped (tbf, 800 Mbit/s = 100 MB/s each), verified and flushed to
# disk, by a P2P peer and, beside it over the same links, by aria2c from nginx on the same source hosts (split across
# the same 1, 2 or 3 mirrors, --checksum=sha-256, then fsync). Hosts from bench/hosts.sh: 0 driver, 1 Maestro,
# 2 the downloading peer (P2, and aria2c), 3-5 the sources (P3-P5, and nginx). Rounds, each of every scenario, P2P and
# aria2c alternating; the figures are medians over the rounds. Needs root; installs aria2, nginx-light, jq, curl, openssl.
#
# Usage: bench/sources.sh [--rounds N] [--size-mib N] [--cap RATE] [--streams-per-source N] [--scratch-parent DIR] [--keep]
set -euo pipefail

rounds=3
size_mib=1024
cap=800mbit
streams=1
scratch_parent=/var/tmp
keep=0
while (($#)); do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --size-mib) size_mib=$2; shift 2 ;;
        --cap) cap=$2; shift 2 ;;
        --streams-per-source) streams=$2; shift 2 ;;
        --scratch-parent) scratch_parent=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n 2,9p "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
[[ $EUID -eq 0 ]] || { echo "sources.sh needs root (network namespaces, tc)" >&2; exit 1; }
[[ $cap =~ ^([0-9]+)mbit$ ]] || { echo "--cap takes N mbit, e.g. 800mbit" >&2; exit 2; }
link_mbps=$((BASH_REMATCH[1] / 8))    # MB/s (10^6 bytes) of one uplink

missing=()
for tool in aria2c:aria2 nginx:nginx-light jq:jq curl:curl openssl:openssl python3:python3 tc:iproute2; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if ((${#missing[@]})); then
    echo "== installing ${missing[*]}"
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

source "$(dirname "${BASH_SOURCE[0]}")/hosts.sh"
scratch="$(mktemp -d "$scratch_parent/p2p-sources.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
chmod 755 "$scratch"    # nginx workers run as www-data
[[ "$(stat -f -c %T "$scratch")" != tmpfs ]] || { echo "$scratch is on a tmpfs: choose --scratch-parent on the disk" >&2; exit 1; }
cleanup() {
    hosts_down
    if ((keep)); then echo "== kept $scratch"; else rm -rf "$scratch"; fi
}
results="$scratch/results.tsv"
dest="$scratch/peer2/shared"
aria_dir="$scratch/aria"
file=sources.bin
bytes=$((size_mib * 1024 * 1024))

echo "== $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
hosts_build
P2P_NETWORK_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
P2P_CONTROL_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export P2P_NETWORK_KEY P2P_CONTROL_TOKEN
hosts_up 5 "$cap"
trap cleanup EXIT

echo "== disk of the destination ($scratch)"
openssl rand -out "$scratch/$file" "$bytes" 2>/dev/null || head -c "$bytes" /dev/urandom >"$scratch/$file"
touch -d '-1 minute' "$scratch/$file"    # long settled: registered at the peers' first scan
sha=$(openssl dgst -sha256 -r "$scratch/$file" | cut -d' ' -f1)
sync
dd_rate() { dd "$@" bs=1M count="$size_mib" conv=fdatasync 2>&1 | awk '/copied/ { printf "%.0f", $1 / $(NF-3) / 1e6 }'; }
disk_zero=$(dd_rate if=/dev/zero of="$scratch/dd.tmp"); rm -f "$scratch/dd.tmp"
disk_random=$(dd_rate if="$scratch/$file" of="$scratch/dd.tmp"); rm -f "$scratch/dd.tmp"
echo "dd ${size_mib} MiB conv=fdatasync: /dev/zero $disk_zero MB/s, random data $disk_random MB/s (3 sources need $((3 * link_mbps)))"

echo "== Maestro on host 1, P2 (downloads) on host 2, sources P3-P5 with nginx on hosts 3-5, uplinks capped at $cap"
echo '{ "ip": "0.0.0.0", "rest_ip": "0.0.0.0", "port": 9000, "tls_port": 9443, "state_dir": "maestro-state" }' >"$scratch/maestro.json"
hosts_start_maestro 1 "$scratch/maestro.json"
for i in 2 3 4 5; do
    hosts_peer_config "$i" "$scratch/peer$i"
    # The benchmark's peer settings: streams per source (default 1).
    jq --argjson s "$streams" '. + {download_streams_per_source: $s}' "$scratch/peer$i/config.json" >"$scratch/peer$i/c.tmp"
    mv "$scratch/peer$i/c.tmp" "$scratch/peer$i/config.json"
done
for i in 3 4 5; do
    ln "$scratch/$file" "$scratch/peer$i/shared/$file"
    mkdir -p "$scratch/nginx$i"
    cat >"$scratch/nginx$i/nginx.conf" <<CONF
worker_processes 1;
pid $scratch/nginx$i/nginx.pid;
error_log $scratch/nginx$i/error.log;
events { worker_connections 64; }
http {
    access_log off;
    sendfile on;
    default_type application/octet-stream;
    client_body_temp_path $scratch/nginx$i;
    proxy_temp_path $scratch/nginx$i;
    server { listen $(hosts_addr "$i"):8080; root $scratch/peer$i/shared; }
}
CONF
    hosts_start "$i" "$scratch/nginx$i/nginx.log" nginx -p "$scratch/nginx$i" -c "$scratch/nginx$i/nginx.conf" -g 'daemon off;'
done
for i in 2 3 4 5; do hosts_start_peer "$i" "$scratch/peer$i/config.json"; done
mkdir -p "$aria_dir"
hosts_wait_healthy 1 "$HOSTS_MAESTRO_PORT" 60
for i in 2 3 4 5; do hosts_wait_healthy "$i" "$HOSTS_REST_PORT" 60; done
p2="http://$(hosts_addr 2):$HOSTS_REST_PORT"
deadline=$((SECONDS + 120))
for i in 3 4 5; do
    until hosts_exec 0 curl -fs "http://$(hosts_addr "$i"):$HOSTS_REST_PORT/files" | jq -e --arg f "$file" --arg s "$sha" 'any(.[]; .name == $f and .sha256 == $s)' >/dev/null; do
        ((SECONDS < deadline)) || { echo "P$i did not list $file within 120 s" >&2; exit 1; }
        sleep 0.5
    done
    hosts_exec 0 curl -fs -o /dev/null "http://$(hosts_addr "$i"):8080/$file" || { echo "nginx on host $i does not serve $file" >&2; exit 1; }
done

# What the capped links carry with nothing written: curl from nginx to /dev/null on host 2, one source, then three at once.
echo "== the links alone: curl from nginx to /dev/null on host 2"
link_one=$(hosts_exec 2 curl -fs -o /dev/null -w '%{speed_download}' "http://$(hosts_addr 3):8080/$file" | awk '{ printf "%.1f", $1 / 1e6 }')
link_three=$(hosts_exec 2 bash -c 'for u; do curl -fs -o /dev/null -w "%{speed_download}\n" "$u" & done; wait' _ \
    "http://$(hosts_addr 3):8080/$file" "http://$(hosts_addr 4):8080/$file" "http://$(hosts_addr 5):8080/$file" | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')
echo "one link $link_one MB/s, three at once $link_three MB/s (ceilings $link_mbps and $((3 * link_mbps)))"

cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
busy_since() { local b t; read -r b t < <(cpu_busy); awk -v b0="$1" -v t0="$2" -v b="$b" -v t="$t" 'BEGIN { printf "%.0f", 100 * (b - b0) / (t - t0) }'; }

# Removes P2's copy and waits until P2 no longer lists it, so the next download is not skipped as already present.
p2p_reset() {
    rm -f "$dest/$file"
    hosts_exec 0 curl -fs -o /dev/null -X POST "$p2/refresh" -H "Authorization: Bearer $P2P_CONTROL_TOKEN"
    until hosts_exec 0 curl -fs "$p2/files" | jq -e --arg f "$file" 'all(.[]; .name != $f)' >/dev/null; do sleep 0.2; done
    sync
}

# p2p N: P2 downloads the file from P3..P(2+N); prints seconds from the POST to finished_at.
p2p() {
    local n=$1 i sources="" id body state t0 finished
    for ((i = 3; i < 3 + n; i++)); do sources+="${sources:+,}\"http://$(hosts_addr "$i"):$HOSTS_GRPC_PORT\""; done
    p2p_reset
    t0=$(date +%s.%N)
    id=$(hosts_exec 0 curl -fs -X POST "$p2/downloads" -H "Authorization: Bearer $P2P_CONTROL_TOKEN" \
        -H 'content-type: application/json' -d "{\"file\":\"$file\",\"sources\":[$sources]}" | jq -r .id)
    local deadline=$((SECONDS + 300))
    while body=$(hosts_exec 0 curl -fs "$p2/downloads/$id"); state=$(jq -r .state <<<"$body"); [[ $state != completed ]]; do
        [[ $state != failed && $state != cancelled ]] || { echo "P2P download $state: $(jq -r .error <<<"$body")" >&2; exit 1; }
        ((SECONDS < deadline)) || { echo "P2P download not finished within 300 s" >&2; exit 1; }
        sleep 0.05
    done
    [[ $(jq -r .sha256 <<<"$body") == "$sha" && $(stat -c %s "$dest/$file") == "$bytes" ]] || { echo "P2P download: wrong size or SHA-256" >&2; exit 1; }
    finished=$(date -d "$(jq -r .finished_at <<<"$body")" +%s.%N)
    echo "$(jq -c '[.sources[] | .bytes / 1e6 | floor]' <<<"$body")" >"$scratch/last.sources"
    awk -v a="$t0" -v b="$finished" 'BEGIN { printf "%.3f", b - a }'
}

# aria2 N: aria2c on host 2 from nginx on hosts 3..(2+N), one connection per mirror, verified, then fsync; seconds, and
# the fsync's part of them.
aria2() {
    local n=$1 i urls=()
    for ((i = 3; i < 3 + n; i++)); do urls+=("http://$(hosts_addr "$i"):8080/$file"); done
    rm -f "$aria_dir/$file" "$aria_dir/$file.aria2"
    sync
    hosts_exec 2 bash -c 't0=$(date +%s.%N)
        aria2c -q --allow-overwrite=true --auto-file-renaming=false --file-allocation=falloc --split="$1" \
            --max-connection-per-server=1 --min-split-size=1M --checksum="sha-256=$2" -d "$3" -o "$4" "${@:5}" || exit 1
        t1=$(date +%s.%N)
        sync "$3/$4"
        awk -v a="$t0" -v m="$t1" -v b="$(date +%s.%N)" "BEGIN { printf \"%.3f %.3f\", b - a, b - m }"' _ "$n" "$sha" "$aria_dir" "$file" "${urls[@]}" \
        || { echo "aria2c failed from $n mirror(s)" >&2; exit 1; }
}

run() {
    local round=$1 tool=$2 n=$3 seconds b0 t0 extra=""
    read -r b0 t0 < <(cpu_busy)
    seconds=$("$tool" "$n")
    if [[ $tool == p2p ]]; then
        extra="  MB per source $(cat "$scratch/last.sources")"
    else
        extra="  fsync ${seconds#* } s"
        seconds=${seconds%% *}
    fi
    local busy; busy=$(busy_since "$b0" "$t0")
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$tool" "$n" "$seconds" "$busy" >>"$results"
    printf '  round %s  %-6s %d source(s)  %6.3f s  %4.0f MB/s  machine %3s%% busy  load %s%s\n' "$round" \
        "$([[ $tool == p2p ]] && echo P2P || echo aria2c)" "$n" "$seconds" "$(awk -v s="$seconds" -v b="$bytes" 'BEGIN { print b / s / 1e6 }')" "$busy" \
        "$(cut -d' ' -f1 /proc/loadavg)" "$extra"
}

echo "== warm-up (untimed): P2P and aria2c from 3 sources"
p2p 3 >/dev/null
aria2 3 >/dev/null
echo "== $rounds rounds of P2P and aria2c from 1, 2, 3 sources (${size_mib} MiB, 1 MB = 10^6 bytes)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= rounds; r++)); do
    for n in 1 2 3; do
        # Which goes first alternates, so neither always follows the other's page-cache churn.
        if (((r + n) % 2)); then run "$r" p2p "$n"; run "$r" aria2 "$n"; else run "$r" aria2 "$n"; run "$r" p2p "$n"; fi
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== summary, $(date -u +%FT%TZ): load average $load_before before the rounds, $load_after after"
echo "disk $disk_zero / $disk_random MB/s (dd of zeros / random data); links alone $link_one MB/s one, $link_three MB/s three"
python3 - "$results" "$bytes" "$link_mbps" <<'PY'
import statistics, sys
from collections import defaultdict
path, size, link = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
rate = defaultdict(dict)  # (tool, n) -> round -> MB/s
for line in open(path):
    r, tool, n, s, busy = line.split("\t")
    rate[(tool, int(n))][int(r)] = size / float(s) / 1e6
med = {k: statistics.median(v.values()) for k, v in rate.items()}
def paired(a, b):  # the median of the rounds' own ratios a/b
    return statistics.median(rate[a][r] / rate[b][r] for r in rate[a] if r in rate[b])
print(f"{'sources':>8} {'P2P MB/s':>9} {'aria2c MB/s':>12} {'P2P/aria2c':>11} {'ceiling':>8} {'P2P/ceiling':>12} {'aria2c/ceiling':>15}")
for n in (1, 2, 3):
    p, a, c = med[("p2p", n)], med[("aria2", n)], n * link
    print(f"{n:>8} {p:>9.0f} {a:>12.0f} {paired(('p2p', n), ('aria2', n)):>11.2f} {c:>8.0f} {p / c:>12.2f} {a / c:>15.2f}")
print("speed-up over one source (median of the rounds' ratios; ratio of the medians):")
for n in (2, 3):
    for tool, name in (("p2p", "P2P"), ("aria2", "aria2c")):
        print(f"  {name:<6} {n} / 1: {paired((tool, n), (tool, 1)):.2f} ({med[(tool, n)] / med[(tool, 1)]:.2f})")
def target(text, ok):
    print(f"  {'met    ' if ok else 'NOT met'}  {text}")
print("targets:")
p1 = med[("p2p", 1)]
target(f"one source >= 0.93 of its link: {p1 / link:.2f}", p1 / link >= 0.93)
target(f"2 sources >= 1.9x one: {paired(('p2p', 2), ('p2p', 1)):.2f}", paired(("p2p", 2), ("p2p", 1)) >= 1.9)
target(f"3 sources >= 2.8x one: {paired(('p2p', 3), ('p2p', 1)):.2f}", paired(("p2p", 3), ("p2p", 1)) >= 2.8)
for n in (1, 2, 3):
    q = paired(("p2p", n), ("aria2", n))
    target(f"P2P ahead of aria2c from {n} source(s): {q:.2f}", q > 1)
PY
