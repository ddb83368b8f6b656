#!/usr/bin/env bash
# Directory benchmark: the Maestro's memory per (file, peer) entry, the time to register a peer of 100,000 files and
# /locate lookups per second (wrk), for this checkout and a base commit built in the same run (a git worktree), each a
# standalone Release Maestro fed through the real REST API by bench/register_peers.py: 1,000 peers x 100 files,
# 1,000 x 1,000 (1M entries) and 10,000 x 100. Every name is distinct, the index's worst case.
# RSS per entry = (RSS once registered - RSS of the empty Maestro after one request) / entries.
# Usage: bench/directory.sh [--base REF] [--seconds N] [--scenarios 1000x100,1000x1000,10000x100] [--big N]
set -euo pipefail
export LC_ALL=C

BASE=0c839eb   # the last commit before issue 30's compact index
SECONDS_PER_RUN=10
SCENARIOS=1000x100,1000x1000,10000x100
BIG=100000
while (($#)); do
    case "$1" in
        --base) BASE="$2"; shift 2 ;;
        --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
        --scenarios) SCENARIOS="$2"; shift 2 ;;
        --big) BIG="$2"; shift 2 ;;
        -h|--help) sed -n 2,7p "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRATCH="$(mktemp -d /var/tmp/p2p-directory.XXXXXX)"
PORT=19300
MAESTRO_PID=""

stop_maestro() { [ -n "$MAESTRO_PID" ] && { kill "$MAESTRO_PID" 2>/dev/null || true; wait "$MAESTRO_PID" 2>/dev/null || true; }; MAESTRO_PID=""; }
cleanup() {
    stop_maestro
    git -C "$REPO" worktree remove --force "$SCRATCH/base" 2>/dev/null || true
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2"; apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need curl curl
need python3 python3
need openssl openssl

echo "== building this checkout and $BASE (Release)"
git -C "$REPO" worktree add --detach "$SCRATCH/base" "$BASE" >/dev/null 2>&1
declare -A DLL=([base]="$SCRATCH/base/P2P.Maestro/bin/Release/net10.0/P2P.Maestro.dll"
                [this]="$REPO/P2P.Maestro/bin/Release/net10.0/P2P.Maestro.dll")
dotnet build "$SCRATCH/base/P2P.Maestro" -c Release -v q -nologo >/dev/null
dotnet build "$REPO/P2P.Maestro" -c Release -v q -nologo >/dev/null

P2P_NETWORK_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export P2P_NETWORK_KEY
# One certificate per 1,000 fake peers (the Maestro below allows 1,000 ids per certificate), one more for the big peer.
mkdir -p "$SCRATCH/certs"
for k in $(seq 0 9) big; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=bench$k" \
        -keyout "$SCRATCH/certs/cert$k.key" -out "$SCRATCH/certs/cert$k.crt" 2>/dev/null
done

rss_kib() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
wait_for() { # seconds, description, command...
    local limit=$1 what=$2; shift 2
    for _ in $(seq 1 $((limit * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "timed out waiting for $what; logs in $SCRATCH" >&2; trap - EXIT; exit 1
}

# run BUILD PEERS FILES: prints "rss_empty_mib rss_full_mib bytes_per_entry lookups_per_s non2xx big_seconds".
run() {
    local build=$1 peers=$2 per=$3 state="$SCRATCH/state-$1-$2x$3"
    # The fake peers never heartbeat: a long TTL keeps them listed; the load comes from one address, so no rate limit.
    cat > "$SCRATCH/maestro.json" <<JSON
{ "ip": "127.0.0.1", "port": $PORT, "tls_port": $((PORT + 443)), "state_dir": "$state", "peer_ttl_seconds": 3600,
  "sweep_interval_seconds": 60, "rate_limit_per_second": 0, "max_ids_per_certificate": 1000, "max_id_claims": 20000 }
JSON
    Logging__LogLevel__Default=Warning dotnet "${DLL[$build]}" --config "$SCRATCH/maestro.json" >"$SCRATCH/$build-$peers-$per.log" 2>&1 &
    MAESTRO_PID=$!
    wait_for 60 "the Maestro" curl -sf "http://127.0.0.1:$PORT/"
    sleep 2
    local empty; empty=$(rss_kib "$MAESTRO_PID")
    python3 "$REPO/bench/register_peers.py" "https://127.0.0.1:$((PORT + 443))" "$peers" "$per" "$SCRATCH/certs"
    sleep 3
    local full; full=$(rss_kib "$MAESTRO_PID")
    local total=$((peers * per))
    cat > "$SCRATCH/locate.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/locate?file=file-" .. math.random(0, $total - 1) .. ".bin")
end
LUA
    wrk -t1 -c32 -d2s -s "$SCRATCH/locate.lua" "http://127.0.0.1:$PORT" >/dev/null
    local load; load=$(wrk -t1 -c32 -d"${SECONDS_PER_RUN}s" -s "$SCRATCH/locate.lua" "http://127.0.0.1:$PORT")
    local rps; rps=$(awk '/Requests\/sec/ { printf "%d", $2 }' <<<"$load")
    local non2xx; non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$load")
    local big=-
    if ((peers < 10000)); then
        big=$(python3 "$REPO/bench/register_peers.py" "https://127.0.0.1:$((PORT + 443))" 0 0 "$SCRATCH/certs" --big "$BIG")
    fi
    stop_maestro
    echo "$((empty / 1024)) $((full / 1024)) $(((full - empty) * 1024 / total)) $rps ${non2xx:-0} $big"
}

printf '\n%-6s %-12s %10s %10s %12s %12s %8s %12s\n' build scenario "empty MiB" "full MiB" "B/entry" "lookups/s" non-2xx "big reg. s"
for scenario in ${SCENARIOS//,/ }; do
    for build in base this; do
        read -r empty full per_entry rps non2xx big <<<"$(run "$build" "${scenario%x*}" "${scenario#*x}")"
        printf '%-6s %-12s %10s %10s %12s %12s %8s %12s\n' "$build" "$scenario" "$empty" "$full" "$per_entry" "$rps" "$non2xx" "$big"
    done
done
echo "(base = $BASE, this = $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet || echo ' + uncommitted changes'))"
