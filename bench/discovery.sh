#!/usr/bin/env bash
# Discovery benchmark: lookup latency via the Maestro and via friends at 1, 2 and 3 hops, and the Maestro's /locate
# throughput under load (wrk, a second process) against 100,000 files from 1,000 registered peers, with its memory.
# Runs its own standalone Maestro and four peers (Release build, from config.json files, like start_component.sh) on
# ports of its own, in a ring of primary friends P1 → P2 → P3 → P4 → P1, so a file on P4 is three hops from P1.
# Usage: bench/discovery.sh [--seconds N] [--peers N] [--files-per-peer N]
set -euo pipefail
export LC_ALL=C

SECONDS_PER_RUN=5
FAKE_PEERS=1000
FILES_PER_PEER=100
while (($#)); do
    case "$1" in
        --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
        --peers) FAKE_PEERS="$2"; shift 2 ;;
        --files-per-peer) FILES_PER_PEER="$2"; shift 2 ;;
        -h|--help) sed -n 2,7p "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRATCH="$(mktemp -d /var/tmp/p2p-discovery.XXXXXX)"
MAESTRO_PORT=19000
MAESTRO="http://127.0.0.1:$MAESTRO_PORT"
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2"; apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need curl curl
need python3 python3

echo "== building (Release)"
dotnet build "$REPO/P2P.Maestro" -c Release -v q -nologo >/dev/null
dotnet build "$REPO/P2P.Peer" -c Release -v q -nologo >/dev/null
MAESTRO_DLL="$REPO/P2P.Maestro/bin/Release/net10.0/P2P.Maestro.dll"
PEER_DLL="$REPO/P2P.Peer/bin/Release/net10.0/P2P.Peer.dll"

# A fresh network key for this run, read by every component from the environment (never written to a config file).
P2P_NETWORK_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export P2P_NETWORK_KEY
MAESTRO_TLS="https://127.0.0.1:$((MAESTRO_PORT + 443))"

# The fake peers below never heartbeat: a long TTL keeps them listed for the whole run. The load comes from one
# address at far more than the default per-client rate limit, so the benchmark turns the limit off (0).
cat > "$SCRATCH/maestro.json" <<JSON
{ "ip": "127.0.0.1", "port": $MAESTRO_PORT, "tls_port": $((MAESTRO_PORT + 443)), "state_dir": "$SCRATCH/maestro-state",
  "peer_ttl_seconds": 3600, "sweep_interval_seconds": 60, "rate_limit_per_second": 0 }
JSON
Logging__LogLevel__Default=Warning dotnet "$MAESTRO_DLL" --config "$SCRATCH/maestro.json" >"$SCRATCH/maestro.log" 2>&1 &
MAESTRO_PID=$!
PIDS+=("$MAESTRO_PID")

rest_port() { echo $((18000 + $1)); }
for n in 1 2 3 4; do
    next=$((n % 4 + 1)); previous=$(((n + 2) % 4 + 1))
    mkdir -p "$SCRATCH/peer$n/shared"
    cat > "$SCRATCH/peer$n/config.json" <<JSON
{
  "id": "P$n", "ip": "127.0.0.1", "port": $(rest_port $n), "grpc_port": $((51000 + n)), "shared_dir": "shared",
  "maestro_url": "$MAESTRO_TLS",
  "friend_peer_primary": "https://127.0.0.1:$((51000 + next))", "friend_peer_backup": "https://127.0.0.1:$((51000 + previous))",
  "query_ttl": 3, "rate_limit_per_second": 0
}
JSON
    Logging__LogLevel__Default=Warning dotnet "$PEER_DLL" --config "$SCRATCH/peer$n/config.json" >"$SCRATCH/peer$n.log" 2>&1 &
    PIDS+=("$!")
done
echo hop-1 > "$SCRATCH/peer2/shared/one-hop.txt"
echo hop-2 > "$SCRATCH/peer3/shared/two-hops.txt"
echo hop-3 > "$SCRATCH/peer4/shared/three-hops.txt"

wait_for() { # seconds, description, command...
    local limit=$1 what=$2; shift 2
    for _ in $(seq 1 $((limit * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "timed out waiting for $what; logs in $SCRATCH" >&2; trap - EXIT; exit 1
}
echo "== starting a Maestro and four peers"
wait_for 60 "four peers registered" bash -c "[ \$(curl -s $MAESTRO/peers | grep -o '\"id\"' | wc -l) -eq 4 ]"
wait_for 30 "three-hops.txt registered" curl -sf "$MAESTRO/locate?file=three-hops.txt"

P1="http://127.0.0.1:$(rest_port 1)"
path_of() { curl -s "$P1/locate?file=$1&mode=$2" | python3 -c 'import json,sys; print(",".join(json.load(sys.stdin)["path"]))'; }

# wrk --latency prints "50%  1.23ms" lines; normalise to milliseconds.
percentile() { awk -v p="$1%" '$1==p { v=$2; if (v ~ /us$/) { sub(/us/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms/,"",v) } else if (v ~ /s$/) { sub(/s/,"",v); v*=1000 } printf "%.2f", v }'; }
declare -A MEDIAN P99 PATHS
measure() { # label, file, mode
    PATHS[$1]=$(path_of "$2" "$3")
    local out; out=$(wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency "$P1/locate?file=$2&mode=$3")
    MEDIAN[$1]=$(percentile 50 <<<"$out"); P99[$1]=$(percentile 99 <<<"$out")
    printf '  %-22s path %-16s median %7s ms   p99 %7s ms\n' "$1" "${PATHS[$1]}" "${MEDIAN[$1]}" "${P99[$1]}"
}
echo "== lookup latency from P1, one connection, ${SECONDS_PER_RUN} s each (wrk --latency)"
for label in warm-up; do wrk -t1 -c1 -d2s "$P1/locate?file=three-hops.txt&mode=friends" >/dev/null; done
measure "via maestro" three-hops.txt maestro
measure "via friends, 1 hop" one-hop.txt friends
measure "via friends, 2 hops" two-hops.txt friends
measure "via friends, 3 hops" three-hops.txt friends

echo "== registering $FAKE_PEERS peers with $FILES_PER_PEER files each"
# The fake peers register as a member does: on the TLS port with a certificate, after proving the key (docs/trust-model.md).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=bench" \
    -keyout "$SCRATCH/fake.key" -out "$SCRATCH/fake.crt" 2>/dev/null
python3 - "$MAESTRO_TLS" "$FAKE_PEERS" "$FILES_PER_PEER" "$SCRATCH/fake.crt" "$SCRATCH/fake.key" <<'PY'
import hashlib, hmac, http.client, json, os, ssl, sys, urllib.parse
maestro, peers, per, cert, key = urllib.parse.urlsplit(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
context.load_cert_chain(cert, key)
conn = http.client.HTTPSConnection(maestro.hostname, maestro.port, context=context)
def call(method, path, body):
    conn.request(method, path, json.dumps(body).encode(), {"content-type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        sys.exit(f"{path} answered {response.status}: {data[:300]!r}")
    return json.loads(data) if data else None
server_nonce = call("POST", "/membership/challenge", {})["server_nonce"]
server_fp = hashlib.sha256(conn.sock.getpeercert(binary_form=True)).hexdigest()
client_fp = hashlib.sha256(ssl.PEM_cert_to_DER_cert(open(cert).read())).hexdigest()
client_nonce = os.urandom(32).hex()
def proof(role):
    message = f"p2p membership v1 {role}".encode() + b"".join(bytes.fromhex(h) for h in (server_nonce, client_nonce, client_fp, server_fp))
    return hmac.new(os.environ["P2P_NETWORK_KEY"].encode(), message, hashlib.sha256).hexdigest()
answer = call("POST", "/membership/proof", {"server_nonce": server_nonce, "client_nonce": client_nonce, "proof": proof("client")})
if not hmac.compare_digest(answer["proof"], proof("server")):
    sys.exit("the Maestro did not prove it holds the network key")
for p in range(peers):
    # Loopback addresses nobody listens on: the Maestro only stores them, and nothing here calls them.
    host = f"127.1.{p // 250}.{p % 250 + 1}"
    call("POST", "/register", {"id": f"F{p}", "rest_url": f"http://{host}:8000", "grpc_url": f"https://{host}:50051",
        "files": [{"name": f"file-{p * per + j}.bin", "size": 1024 + j, "sha256": f"{p * per + j:064x}"} for j in range(per)]})
PY
STATUS=$(curl -s "$MAESTRO/")
echo "  maestro: $STATUS"
TOTAL_FILES=$((FAKE_PEERS * FILES_PER_PEER))
cat > "$SCRATCH/locate.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/locate?file=file-" .. math.random(0, $TOTAL_FILES - 1) .. ".bin")
end
LUA
echo "== Maestro /locate under load: wrk -t1 -c32 -d${SECONDS_PER_RUN}s, random names among $TOTAL_FILES"
wrk -t1 -c32 -d2s -s "$SCRATCH/locate.lua" "$MAESTRO" >/dev/null
LOAD=$(wrk -t1 -c32 -d"${SECONDS_PER_RUN}s" --latency -s "$SCRATCH/locate.lua" "$MAESTRO")
echo "$LOAD" | sed 's/^/  /'
RPS=$(awk '/Requests\/sec/ { printf "%d", $2 }' <<<"$LOAD")
NON2XX=$(awk '/Non-2xx/ { print $5 }' <<<"$LOAD"); NON2XX=${NON2XX:-0}
RSS=$(awk '/VmRSS/ { printf "%.0f", $2/1024 }' "/proc/$MAESTRO_PID/status")
HWM=$(awk '/VmHWM/ { printf "%.0f", $2/1024 }' "/proc/$MAESTRO_PID/status")

verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "NOT met"; fi; }
echo
echo "== summary"
printf '%-44s %s\n' "lookup via maestro, median / p99" "${MEDIAN[via maestro]} / ${P99[via maestro]} ms"
for h in "1 hop" "2 hops" "3 hops"; do
    printf '%-44s %s\n' "lookup via friends, $h, median / p99" "${MEDIAN[via friends, $h]} / ${P99[via friends, $h]} ms  (path ${PATHS[via friends, $h]})"
done
printf '%-44s %s\n' "maestro /locate throughput" "$RPS requests/s ($NON2XX non-2xx), index of $TOTAL_FILES files from $FAKE_PEERS peers"
printf '%-44s %s\n' "maestro memory (RSS now / peak)" "$RSS / $HWM MB"
printf '%-44s %s\n' "target: maestro >= 20,000 lookups/s" "$(verdict "$RPS >= 20000 && $NON2XX == 0")"
printf '%-44s %s\n' "target: friends, 3 hops, median < 10 ms" "$(verdict "${MEDIAN[via friends, 3 hops]} < 10")"
