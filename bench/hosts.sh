#!/usr/bin/env bash
# Several hosts on this one machine: a network namespace per host, each with one veth link (eth0) into a bridge that
# lives in a namespace of its own, addresses in 10.77.0.0/24 and no default route anywhere, so a host whose link is
# down is unreachable rather than reached some other way. Host 0 is the driver (10.77.0.1), where curl, wrk or aria2c
# run; hosts 1..N (10.77.0.2 ...) run the Maestro and peers from seed-style config.json files (Release build).
# Needs root and iproute2. Everything a run starts is killed and its namespaces deleted when it ends, interrupted or not.
#
# Usage:
#   bench/hosts.sh demo [N] [--cap RATE]   N hosts (default 4): Maestro on host 1, peers P2..PN on the others, all
#                                          configured like the seed ("ip": "0.0.0.0"); a lookup and a 64 MiB download
#                                          between two hosts, driven from host 0; then everything is torn down
#   bench/hosts.sh up N [--cap RATE]       builds N hosts and leaves them up; prints their name (p2ph-PID)
#   bench/hosts.sh exec NAME I CMD...      runs CMD on host I of the hosts NAME (0 is the driver)
#   bench/hosts.sh down NAME|--all         kills what runs on the hosts NAME (or on every p2ph-*) and deletes them
#   source bench/hosts.sh                  the functions below, for a benchmark: hosts_up installs the clean-up trap
# --cap RATE caps every host's uplink with tc tbf (e.g. 800mbit: "rate RATE burst 2mb latency 100ms"); the driver's is not.
[[ "${BASH_SOURCE[0]}" != "$0" ]] || set -euo pipefail

HOSTS_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOSTS_SUBNET=10.77.0
HOSTS_STATE=/run/p2p-hosts
HOSTS_MAESTRO_PORT=9000
HOSTS_REST_PORT=8000
HOSTS_GRPC_PORT=50051
HOSTS_NAME="${HOSTS_NAME:-}"
HOSTS_N=0
HOSTS_SCRATCH=""

hosts_addr() { echo "$HOSTS_SUBNET.$(($1 + 1))"; }
hosts_ns() { echo "$HOSTS_NAME-h$1"; }
hosts_exec() { local i=$1; shift; ip netns exec "$(hosts_ns "$i")" "$@"; }

# hosts_up N [RATE]: builds the bridge, the driver (host 0) and hosts 1..N; tears them down when the caller exits.
hosts_up() {
    local n=$1 rate=${2:-} i ns
    HOSTS_NAME="${HOSTS_NAME:-p2ph-$$}"
    HOSTS_N=$n
    mkdir -p "$HOSTS_STATE/$HOSTS_NAME"
    trap hosts_down EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    ip netns add "$HOSTS_NAME-br"
    ip -n "$HOSTS_NAME-br" link add br0 type bridge
    ip -n "$HOSTS_NAME-br" link set br0 up
    for ((i = 0; i <= n; i++)); do
        ns=$(hosts_ns "$i")
        ip netns add "$ns"
        ip link add eth0 netns "$ns" type veth peer name "h$i" netns "$HOSTS_NAME-br"
        ip -n "$ns" addr add "$(hosts_addr "$i")/24" dev eth0
        ip -n "$ns" link set lo up
        ip -n "$ns" link set eth0 up
        ip -n "$HOSTS_NAME-br" link set "h$i" master br0 up
        if [[ -n "$rate" && $i -gt 0 ]]; then
            tc -n "$ns" qdisc add dev eth0 root tbf rate "$rate" burst 2mb latency 100ms
        fi
    done
}

# hosts_start I LOG CMD...: runs CMD in the background on host I, its output in LOG; remembered for hosts_down.
hosts_start() {
    local i=$1 log=$2; shift 2
    hosts_exec "$i" "$@" >"$log" 2>&1 &
    echo $! >>"$HOSTS_STATE/$HOSTS_NAME/pids"
}

# hosts_start_maestro I CONFIG / hosts_start_peer I CONFIG: the Release build, from a config.json, logs beside it.
hosts_start_maestro() {
    hosts_start "$1" "${2%.json}.log" dotnet "$HOSTS_REPO/P2P.Maestro/bin/Release/net10.0/P2P.Maestro.dll" --config "$2"
}
hosts_start_peer() {
    hosts_start "$1" "${2%.json}.log" dotnet "$HOSTS_REPO/P2P.Peer/bin/Release/net10.0/P2P.Peer.dll" --config "$2"
}

hosts_cut() { ip -n "$(hosts_ns "$1")" link set eth0 down; }
hosts_restore() { ip -n "$(hosts_ns "$1")" link set eth0 up; }

# hosts_wait_healthy I PORT SECONDS: until host I answers /health on PORT, asked from the driver.
hosts_wait_healthy() {
    local deadline=$((SECONDS + $3))
    until hosts_exec 0 curl -fs -o /dev/null "http://$(hosts_addr "$1"):$2/health"; do
        ((SECONDS < deadline)) || { echo "host $1 was not healthy on port $2 within $3 s" >&2; return 1; }
        sleep 0.2
    done
}

# hosts_down [NAME]: every process on the hosts (those started here, then any left in a namespace), then the namespaces.
hosts_down() {
    local name=${1:-$HOSTS_NAME} pid ns
    [[ -n "$name" ]] || return 0
    if [[ -f "$HOSTS_STATE/$name/pids" ]]; then
        while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$HOSTS_STATE/$name/pids"
        sleep 1
    fi
    for ns in $(ip netns list | awk -v p="$name-" 'index($1, p) == 1 { print $1 }'); do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
        ip netns del "$ns" 2>/dev/null || true
    done
    rm -rf "${HOSTS_STATE:?}/$name"
}

hosts_build() {
    echo "== building (Release)"
    dotnet build "$HOSTS_REPO/P2P.Maestro" -c Release -v q -nologo >/dev/null
    dotnet build "$HOSTS_REPO/P2P.Peer" -c Release -v q -nologo >/dev/null
}

# The seed's config.json for a peer on host I: listening on every interface, the Maestro at host 1, friends the next two.
hosts_peer_config() {
    local i=$1 dir=$2 first=2 count=$((HOSTS_N - 1))
    local primary=$(((i - first + 1) % count + first)) backup=$(((i - first + 2) % count + first))
    mkdir -p "$dir/shared"
    cat >"$dir/config.json" <<JSON
{
  "id": "P$i", "ip": "0.0.0.0", "rest_ip": "0.0.0.0", "port": $HOSTS_REST_PORT, "grpc_port": $HOSTS_GRPC_PORT, "shared_dir": "shared",
  "maestro_url": "https://$(hosts_addr 1):9443",
  "friend_peer_primary": "https://$(hosts_addr "$primary"):$HOSTS_GRPC_PORT",
  "friend_peer_backup": "https://$(hosts_addr "$backup"):$HOSTS_GRPC_PORT"
}
JSON
}

hosts_demo() {
    local n=$1 rate=$2 i id state scratch
    ((n >= 3)) || { echo "demo needs at least 3 hosts: a Maestro and two peers" >&2; exit 2; }
    command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
    command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
    hosts_build
    HOSTS_SCRATCH="$(mktemp -d /var/tmp/p2p-hosts.XXXXXX)"
    scratch=$HOSTS_SCRATCH
    P2P_NETWORK_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    P2P_CONTROL_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    export P2P_NETWORK_KEY P2P_CONTROL_TOKEN
    hosts_up "$n" "$rate"
    trap 'hosts_down; rm -rf "$HOSTS_SCRATCH"' EXIT
    echo "== $n hosts ($HOSTS_NAME): driver $(hosts_addr 0), Maestro $(hosts_addr 1), peers $(hosts_addr 2)..$(hosts_addr "$n")${rate:+, uplinks capped at $rate}"

    echo '{ "ip": "0.0.0.0", "rest_ip": "0.0.0.0", "port": 9000, "tls_port": 9443, "peer_ttl_seconds": 15, "sweep_interval_seconds": 5, "state_dir": "maestro-state" }' >"$scratch/maestro.json"
    hosts_start_maestro 1 "$scratch/maestro.json"
    head -c $((64 * 1024 * 1024)) /dev/urandom >"$scratch/demo.bin"
    touch -d '-1 minute' "$scratch/demo.bin"    # long settled (file_settle_ms): registered at the peer's first scan
    for ((i = 2; i <= n; i++)); do hosts_peer_config "$i" "$scratch/peer$i"; done
    cp -p "$scratch/demo.bin" "$scratch/peer$n/shared/"
    for ((i = 2; i <= n; i++)); do hosts_start_peer "$i" "$scratch/peer$i/config.json"; done
    hosts_wait_healthy 1 $HOSTS_MAESTRO_PORT 60
    for ((i = 2; i <= n; i++)); do hosts_wait_healthy "$i" $HOSTS_REST_PORT 60; done

    local maestro="http://$(hosts_addr 1):$HOSTS_MAESTRO_PORT" p2="http://$(hosts_addr 2):$HOSTS_REST_PORT"
    echo "== the Maestro's peers, as registered from their hosts"
    hosts_exec 0 curl -fs "$maestro/peers" | jq -r '.[] | "\(.id)  \(.rest_url)  \(.grpc_url)"'
    echo "== P2 looks demo.bin up (auto: its friends, then the Maestro)"
    hosts_exec 0 curl -fs "$p2/locate?file=demo.bin" | jq -c '{found_by, peers: [.peers[] | {id, grpc_url}]}'
    echo "== P2 downloads it"
    id=$(hosts_exec 0 curl -fs -X POST "$p2/downloads" -H "Authorization: Bearer $P2P_CONTROL_TOKEN" \
        -H 'content-type: application/json' -d '{"file":"demo.bin"}' | jq -r .id)
    local deadline=$((SECONDS + 120))
    while state=$(hosts_exec 0 curl -fs "$p2/downloads/$id" | jq -r .state); [[ "$state" != completed && "$state" != failed ]]; do
        ((SECONDS < deadline)) || { echo "the download did not finish within 120 s" >&2; exit 1; }
        sleep 0.2
    done
    hosts_exec 0 curl -fs "$p2/downloads/$id" | jq -c '{state, bytes_total, rate_bytes_per_second, sources: [.sources[] | {id, grpc_url, bytes}], error}'
    [[ "$state" == completed ]] && cmp -s "$scratch/demo.bin" "$scratch/peer2/shared/demo.bin" && echo "== demo.bin arrived on P2 intact"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    command="${1:-}"
    shift || true
    rate=""
    args=()
    while (($#)); do
        case "$1" in
            --cap) rate="$2"; shift 2 ;;
            *) args+=("$1"); shift ;;
        esac
    done
    [[ $EUID -eq 0 ]] || { echo "hosts.sh needs root (network namespaces, veth pairs, a bridge)" >&2; exit 1; }
    case "$command" in
        demo) hosts_demo "${args[0]:-4}" "$rate" ;;
        up)
            hosts_up "${args[0]:?up needs a number of hosts}" "$rate"
            trap - EXIT INT TERM
            echo "$HOSTS_NAME"
            ;;
        exec) HOSTS_NAME="${args[0]:?exec needs the name of the hosts}"; hosts_exec "${args[1]:?exec needs a host number}" "${args[@]:2}" ;;
        down)
            if [[ "${args[0]:-}" == --all ]]; then
                for name in $(ip netns list | awk '$1 ~ /^p2ph-[0-9]+-/ { sub(/-[^-]*$/, "", $1); print $1 }' | sort -u); do hosts_down "$name"; done
            else
                hosts_down "${args[0]:?down needs the name of the hosts, or --all}"
            fi
            ;;
        -h|--help|"") sed -n 2,18p "$0" ;;
        *) echo "unknown command: $command" >&2; exit 2 ;;
    esac
fi
