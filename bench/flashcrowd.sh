#!/usr/bin/env bash
# A flash crowd: one seed shares a file and N leechers ask for it in the same second, every uplink capped alike (tbf),
# on hosts from bench/hosts.sh (0 driver, 1 Maestro, 2 the seed P2, 3..N+2 the leechers), each peer standalone from a
# seed-style config.json. Prints the time until the last verified copy and the mean, beside the minimum any scheme
# needs (Kumar & Ross 2006): T_min = max(F/u_seed, F/d_min, N*F/(u_seed + sum of the leechers' u)), and the ratio, for
# each mode given: "on" sets the peers' "swarming": true, "off" "swarming": false. Rounds alternate the modes. Also
# prints where the leechers' bytes came from (the seed or other leechers, and by the status's per-source "kind": from
# complete or from partial holders) and how much the seed uploaded.
# Needs root; installs jq, curl, openssl, python3 and iproute2 when missing.
#
# Usage: bench/flashcrowd.sh [--leechers N] [--size-mib N] [--cap RATE] [--modes on,off] [--rounds N]
#                            [--scratch-parent DIR] [--keep]
set -euo pipefail

leechers=5
size_mib=256
cap=200mbit
modes=on,off
rounds=1
scratch_parent=/var/tmp
keep=0
while (($#)); do
    case "$1" in
        --leechers) leechers=$2; shift 2 ;;
        --size-mib) size_mib=$2; shift 2 ;;
        --cap) cap=$2; shift 2 ;;
        --modes) modes=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --scratch-parent) scratch_parent=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n 2,12p "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
[[ $EUID -eq 0 ]] || { echo "flashcrowd.sh needs root (network namespaces, tc)" >&2; exit 1; }
[[ $cap =~ ^([0-9]+)mbit$ ]] || { echo "--cap takes N mbit, e.g. 200mbit" >&2; exit 2; }
((leechers >= 1)) || { echo "--leechers must be at least 1" >&2; exit 2; }
link_bytes_per_s=$((BASH_REMATCH[1] * 1000000 / 8))
IFS=, read -r -a mode_list <<<"$modes"
for m in "${mode_list[@]}"; do [[ $m == on || $m == off ]] || { echo "--modes takes on and/or off" >&2; exit 2; }; done

missing=()
for tool in jq:jq curl:curl openssl:openssl python3:python3 tc:iproute2; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if ((${#missing[@]})); then
    echo "== installing ${missing[*]}"
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

source "$(dirname "${BASH_SOURCE[0]}")/hosts.sh"
scratch="$(mktemp -d "$scratch_parent/p2p-crowd.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
[[ "$(stat -f -c %T "$scratch")" != tmpfs ]] || { echo "$scratch is on a tmpfs: choose --scratch-parent on the disk" >&2; exit 1; }
cleanup() {
    hosts_down
    if ((keep)); then echo "== kept $scratch"; else rm -rf "$scratch"; fi
}
results="$scratch/results.tsv"
file=crowd.bin
bytes=$((size_mib * 1024 * 1024))
seed=2
first=3
last=$((leechers + 2))

echo "== $(date -u +%FT%TZ) at $(git -C "$HOSTS_REPO" rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
hosts_build
P2P_NETWORK_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
P2P_CONTROL_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export P2P_NETWORK_KEY P2P_CONTROL_TOKEN
hosts_up "$last" "$cap"
trap cleanup EXIT

openssl rand -out "$scratch/$file" "$bytes" 2>/dev/null || head -c "$bytes" /dev/urandom >"$scratch/$file"
touch -d '-1 minute' "$scratch/$file"    # long settled: registered at the seed's first scan
sha=$(openssl dgst -sha256 -r "$scratch/$file" | cut -d' ' -f1)

echo "== Maestro on host 1, the seed P$seed on host $seed, leechers P$first..P$last, every uplink capped at $cap"
echo '{ "ip": "0.0.0.0", "rest_ip": "0.0.0.0", "port": 9000, "tls_port": 9443, "state_dir": "maestro-state" }' >"$scratch/maestro.json"
hosts_start_maestro 1 "$scratch/maestro.json"
hosts_wait_healthy 1 "$HOSTS_MAESTRO_PORT" 60
rest() { echo "http://$(hosts_addr "$1"):$HOSTS_REST_PORT"; }
control() { hosts_exec 0 curl -fs -H "Authorization: Bearer $P2P_CONTROL_TOKEN" "$@"; }

# start_peers MODE: every peer from a fresh folder (no partial left from a round before), the seed holding the file;
# each keeps its identity, since the Maestro reserves an id for the certificate that first held it.
start_peers() {
    local mode=$1 i identity
    for ((i = seed; i <= last; i++)); do
        identity="$scratch/peer$i/shared/.p2p/identity.p12"
        [[ -f $identity ]] && mv "$identity" "$scratch/identity$i.p12"
        rm -rf "$scratch/peer$i"
        hosts_peer_config "$i" "$scratch/peer$i"
        if [[ -f $scratch/identity$i.p12 ]]; then
            mkdir -p "$scratch/peer$i/shared/.p2p" && mv "$scratch/identity$i.p12" "$scratch/peer$i/shared/.p2p/identity.p12"
        fi
        jq --argjson on "$([[ $mode == on ]] && echo true || echo false)" '. + {swarming: $on}' "$scratch/peer$i/config.json" >"$scratch/peer$i/c.tmp"
        mv "$scratch/peer$i/c.tmp" "$scratch/peer$i/config.json"
    done
    ln "$scratch/$file" "$scratch/peer$seed/shared/$file"
    for ((i = seed; i <= last; i++)); do hosts_start_peer "$i" "$scratch/peer$i/config.json"; done
    for ((i = seed; i <= last; i++)); do hosts_wait_healthy "$i" "$HOSTS_REST_PORT" 90; done
    local deadline=$((SECONDS + 120))
    until hosts_exec 0 curl -fs "http://$(hosts_addr 1):$HOSTS_MAESTRO_PORT/locate?file=$file" | jq -e --arg s "$sha" 'any(.peers[]; .sha256 == $s)' >/dev/null; do
        ((SECONDS < deadline)) || { echo "the Maestro did not locate $file within 120 s" >&2; exit 1; }
        sleep 0.5
    done
}

stop_peers() {
    local i pid
    for ((i = seed; i <= last; i++)); do
        for pid in $(ip netns pids "$(hosts_ns "$i")" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    done
    sleep 2
    for ((i = seed; i <= last; i++)); do
        for pid in $(ip netns pids "$(hosts_ns "$i")" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    done
}

# uploaded I: bytes host I has sent on its link so far.
uploaded() { ip netns exec "$(hosts_ns "$1")" cat /sys/class/net/eth0/statistics/tx_bytes; }

# crowd ROUND MODE: every leecher asks in the same second; one line per leecher, then one for the round.
crowd() {
    local round=$1 mode=$2 i t0 ids=() posts=() seed_tx0 seed_tx body state deadline pending
    start_peers "$mode"
    sync
    seed_tx0=$(uploaded "$seed")
    t0=$(date +%s.%N)
    for ((i = first; i <= last; i++)); do
        control -X POST "$(rest "$i")/downloads" -H 'content-type: application/json' -d "{\"file\":\"$file\"}" >"$scratch/post$i.json" &
        posts+=($!)
    done
    # Only the requests: the peers run as this shell's background jobs too.
    wait "${posts[@]}"
    for ((i = first; i <= last; i++)); do ids[i]=$(jq -r .id "$scratch/post$i.json"); done
    deadline=$((SECONDS + 600))
    pending=$leechers
    while ((pending > 0)); do
        pending=0
        for ((i = first; i <= last; i++)); do
            [[ -f "$scratch/done$i.json" ]] && continue
            body=$(hosts_exec 0 curl -fs "$(rest "$i")/downloads/${ids[i]}")
            state=$(jq -r .state <<<"$body")
            case $state in
                completed) echo "$body" >"$scratch/done$i.json" ;;
                failed | cancelled) echo "P$i's download $state: $(jq -r .error <<<"$body")" >&2; exit 1 ;;
                *) pending=$((pending + 1)) ;;
            esac
        done
        ((SECONDS < deadline)) || { echo "$pending download(s) not finished within 600 s" >&2; exit 1; }
        ((pending == 0)) || sleep 0.1
    done
    seed_tx=$(($(uploaded "$seed") - seed_tx0))
    for ((i = first; i <= last; i++)); do
        body=$(cat "$scratch/done$i.json")
        [[ $(jq -r .sha256 <<<"$body") == "$sha" ]] || { echo "P$i: wrong SHA-256" >&2; exit 1; }
        cmp -s "$scratch/$file" "$scratch/peer$i/shared/$file" || { echo "P$i's copy differs from the seed's" >&2; exit 1; }
        local finished from_seed total from_partial
        finished=$(date -d "$(jq -r .finished_at <<<"$body")" +%s.%N)
        from_seed=$(jq --arg s "P$seed" '[.sources[] | select(.id == $s) | .bytes] | add // 0' <<<"$body")
        total=$(jq '[.sources[] | .bytes] | add // 0' <<<"$body")
        from_partial=$(jq '[.sources[] | select(.kind == "partial") | .bytes] | add // 0' <<<"$body")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "P$i" "$(awk -v a="$t0" -v b="$finished" 'BEGIN { printf "%.3f", b - a }')" \
            "$from_seed" "$total" "$seed_tx" "$from_partial" >>"$results"
        rm -f "$scratch/done$i.json"
    done
    stop_peers
    awk -F'\t' -v r="$round" -v m="$mode" '$1 == r && $2 == m { if ($4 > t) t = $4; s += $4; n++ } END {
        printf "  round %s  swarming %-3s  last copy %7.2f s  mean %7.2f s\n", r, m, t, s / n }' "$results"
}

echo "== $rounds round(s) of $leechers leechers fetching ${size_mib} MiB, modes ${modes} (1 MB = 10^6 bytes)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= rounds; r++)); do
    # Which mode goes first alternates, so neither always runs on a machine the other has just warmed.
    if ((r % 2)); then order=("${mode_list[@]}"); else order=(); for ((k = ${#mode_list[@]} - 1; k >= 0; k--)); do order+=("${mode_list[k]}"); done; fi
    for m in "${order[@]}"; do crowd "$r" "$m"; done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== summary, $(date -u +%FT%TZ): load average $load_before before, $load_after after"
python3 - "$results" "$bytes" "$link_bytes_per_s" "$leechers" <<'PY'
import statistics, sys
from collections import defaultdict
path, size, u, n = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
# Every uplink is capped at u and downlinks are not capped, so F/d_min is not the bound.
t_min = max(size / u, n * size / (u + n * u))
rows = defaultdict(list)  # (mode, round) -> [(seconds, from_seed, total, seed_tx, from_partial)]
for line in open(path):
    r, mode, peer, s, from_seed, total, seed_tx, from_partial = line.rstrip("\n").split("\t")
    rows[(mode, int(r))].append((float(s), int(from_seed), int(total), int(seed_tx), int(from_partial)))
print(f"F = {size / 1e6:.1f} MB, N = {n}, every uplink {u / 1e6:.1f} MB/s: T_min = {t_min:.2f} s")
print(f"{'swarming':>8} {'round':>5} {'last s':>8} {'mean s':>8} {'last/T_min':>11} {'mean/T_min':>11} {'from leechers':>14} {'from partial':>13} {'seed sent':>10}")
by_mode = defaultdict(list)
for (mode, r), v in sorted(rows.items()):
    last = max(x[0] for x in v)
    mean = statistics.mean(x[0] for x in v)
    received = sum(x[2] for x in v)
    peers_share = 1 - sum(x[1] for x in v) / received if received else 0
    partial_share = sum(x[4] for x in v) / received if received else 0
    seed_files = v[0][3] / size
    by_mode[mode].append(last / t_min)
    print(f"{mode:>8} {r:>5} {last:>8.2f} {mean:>8.2f} {last / t_min:>11.2f} {mean / t_min:>11.2f} {peers_share:>13.0%} {partial_share:>12.0%} {seed_files:>9.2f}F")
for mode, ratios in by_mode.items():
    print(f"swarming {mode}: last copy at {statistics.median(ratios):.2f} x T_min (median of {len(ratios)} round(s))")
PY
