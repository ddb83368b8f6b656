#!/usr/bin/env bash
# Transfer benchmark: disk ceiling, a plain HTTP copy as baseline, and P2P downloads through the running Aspire app.
# See bench/README.md. Usage: bench/transfer.sh [--size-mib N] [--repeat N] [--scratch-parent DIR] [--configuration C]
#                                              [--start-timeout S] [--warmup-mib N] [--keep]
set -euo pipefail
export LC_ALL=C

# ---------------------------------------------------------------------------------------------------------------- options
SIZE_MIB=1024
REPEAT=5
SCRATCH_PARENT=/var/tmp
CONFIGURATION=Debug
START_TIMEOUT=120
BUILD_TIMEOUT=300
WARMUP_MIB=1024
KEEP=0

usage() {
    cat <<'EOF'
usage: bench/transfer.sh [options]
  --size-mib N          size of the test file in MiB (default 1024)
  --repeat N            run every timed measurement N times and report the median (default 5)
  --scratch-parent DIR  where the scratch folder is made; must be on the disk under test (default /var/tmp)
  --configuration C     build configuration of the app: Debug (default, what `dotnet run` uses) or Release
  --start-timeout S     seconds to wait, once the AppHost has been built and has started, for the Maestro
                        to list P1, P2 and P3 (default 120; the build before it may take up to 300 s)
  --warmup-mib N        size of the untimed warm-up download into each destination peer, 0 for none (default 1024)
  --keep                keep the scratch folder (the file copies) after the run
EOF
}

while (($#)); do
    case "$1" in
        --size-mib) SIZE_MIB="${2:?--size-mib needs a value}"; shift 2 ;;
        --size-mib=*) SIZE_MIB="${1#*=}"; shift ;;
        --repeat) REPEAT="${2:?--repeat needs a value}"; shift 2 ;;
        --repeat=*) REPEAT="${1#*=}"; shift ;;
        --scratch-parent) SCRATCH_PARENT="${2:?--scratch-parent needs a value}"; shift 2 ;;
        --scratch-parent=*) SCRATCH_PARENT="${1#*=}"; shift ;;
        --configuration|-c) CONFIGURATION="${2:?--configuration needs a value}"; shift 2 ;;
        --configuration=*) CONFIGURATION="${1#*=}"; shift ;;
        --start-timeout) START_TIMEOUT="${2:?--start-timeout needs a value}"; shift 2 ;;
        --start-timeout=*) START_TIMEOUT="${1#*=}"; shift ;;
        --warmup-mib) WARMUP_MIB="${2:?--warmup-mib needs a value}"; shift 2 ;;
        --warmup-mib=*) WARMUP_MIB="${1#*=}"; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ "$SIZE_MIB" =~ ^[1-9][0-9]*$ ]] || { echo "--size-mib must be a positive integer" >&2; exit 2; }
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || { echo "--repeat must be a positive integer" >&2; exit 2; }
[[ "$START_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || { echo "--start-timeout must be a positive integer" >&2; exit 2; }
[[ "$WARMUP_MIB" =~ ^[0-9]+$ ]] || { echo "--warmup-mib must be a non-negative integer" >&2; exit 2; }

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE_BYTES=$((SIZE_MIB * 1024 * 1024))
FILE_NAME="bench-${SIZE_MIB}MiB.bin"
MAESTRO=http://localhost:9000
declare -A REST=([P1]=http://localhost:8000 [P2]=http://localhost:8001 [P3]=http://localhost:8002 [P4]=http://localhost:8003)
# The services' ports, then the dashboard's and the AppHost's own (the http launch profile's: 18888, 19011, 20011).
APP_PORTS=(9000 9443 8000 8001 8002 8003 50051 50052 50053 50054 18888 19011 20011)
# The slowest case we accept before calling a download stuck: 5 MB/s, plus a minute.
DOWNLOAD_TIMEOUT=$((SIZE_BYTES / 5000000 + 60))

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }
now() { printf '%s\n' "$EPOCHREALTIME"; }
# calc EXPR: floating-point arithmetic through awk.
calc() { awk "BEGIN { printf \"%.6f\", $* }"; }
fmt1() { awk -v v="$1" 'BEGIN { printf "%.1f", v }'; }
fmt2() { awk -v v="$1" 'BEGIN { printf "%.2f", v }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
mbps() { calc "$SIZE_BYTES / ($1) / 1e6"; }   # seconds -> MB/s (1 MB = 10^6 bytes)

# ---------------------------------------------------------------------------------------------------------- prerequisites
ensure_cmd() { # ensure_cmd COMMAND APT_PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    log "$1 is missing: apt-get install -y $2"
    local sudo=""
    ((EUID == 0)) || sudo="sudo"
    $sudo apt-get install -y "$2" >/dev/null 2>&1 || { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$2" >/dev/null; } \
        || die "could not install $2 (needed for $1)"
}
ensure_cmd curl curl
ensure_cmd python3 python3
ensure_cmd openssl openssl
ensure_cmd ss iproute2
ensure_cmd pgrep procps
ensure_cmd setsid util-linux
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK (dotnet) is not installed"

sha256_of() { openssl dgst -sha256 -r "$1" | cut -d' ' -f1; }
port_busy() { ss -Hltn "sport = :$1" | grep -q .; }

# --------------------------------------------------------------------------------------------------------- state, cleanup
SCRATCH=""
SERVICE_LOGS=""
HTTP_PID=""
P4_PID=""
APP_PGID=""
APP_LOG=""
APP_STARTED=0

# Our peers, found by the shared folder the AppHost gave them (other apps may run peers on this machine too).
# Prints "ID PID" lines.
find_peers() {
    local pid env id dir
    # The peer's own process: the P2P.Peer executable or `dotnet P2P.Peer.dll`, not the `dotnet run` that launched it.
    for pid in $(pgrep -f '(^|/)P2P\.Peer(\.dll)?( |$)' || true); do
        env="$(tr '\0' '\n' 2>/dev/null < "/proc/$pid/environ")" || continue
        dir="$(sed -n 's/^Peer__shared_dir=//p' <<<"$env")"
        id="$(sed -n 's/^Peer__id=//p' <<<"$env")"
        [[ -n "$SCRATCH" && -n "$id" && "$dir" == "$SCRATCH"/* ]] && printf '%s %s\n' "$id" "$pid"
    done
    return 0
}

# CPU seconds (user + system) a process has used so far.
cpu_secs() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return 0; }
    awk -v hz="$CLK_TCK" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' <<<"$stat"
}
CLK_TCK="$(getconf CLK_TCK)"

# "PID TICKS NAME" for every process: the CPU ticks (user + system) it has used so far.
process_ticks() {
    local f
    for f in /proc/[0-9]*/stat; do
        awk '{ name = $2; sub(/^.*\) /, ""); print pid, $12 + $13, name }' pid="${f:6:-5}" "$f" 2>/dev/null
    done
    return 0
}

# busiest_others TICKS0 TICKS1 PID...: the three processes, other than the given ones, that used the most CPU
# between the two process_ticks snapshots (what else ran on the two cores during a download).
busiest_others() {
    local skip="${*:3}"
    join <(sort -k1,1 <<<"$1") <(sort -k1,1 <<<"$2") | awk -v hz="$CLK_TCK" -v skip=" $skip " '
        { if (index(skip, " " $1 " ") == 0 && $4 > $2) printf "%.2f %s\n", ($4 - $2) / hz, $3 }' |
        sort -rn | head -3 | awk '{ printf "%s%s %.1f s", (NR > 1 ? ", " : ""), $2, $1 }'
}

# The processes whose CPU a download is charged to: our peers (P4 too, for the three-source run) and dcp, the
# orchestrator, whose proxies carry the REST calls (file bytes go straight to the peers' own gRPC ports). Prints
# "NAME PID" lines.
transfer_processes() {
    find_peers
    local dcp
    dcp="$(ss -Hltnp 'sport = :50053' 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
    [[ -n "$dcp" ]] && printf 'dcp %s\n' "$dcp"
    return 0
}

# Copies the services' console output, which dcp keeps in its temporary folder until it stops, next to the AppHost log.
save_service_logs() {
    local dcp kubeconfig dir f uuid name
    dcp="$(ss -Hltnp 'sport = :9000' 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
    [[ -n "$dcp" ]] || return 0
    kubeconfig="$(tr '\0' '\n' 2>/dev/null < "/proc/$dcp/cmdline" | grep -A1 -x -- '--kubeconfig' | tail -1)"
    dir="$(dirname "$kubeconfig")"
    [[ -n "$kubeconfig" && -d "$dir" ]] || return 0
    mkdir -p "$SERVICE_LOGS"
    for f in "$dir"/resource-executable-*.log; do
        [[ -f "$f" ]] || continue
        uuid="${f##*/resource-executable-}"; uuid="${uuid%.log}"
        name="$(grep -o '"Executable": "/[A-Za-z0-9_-]*' "$f" | head -1 | sed 's/.*"\///; s/-[a-z0-9]*$//')"
        [[ -n "$name" ]] || name="$uuid"
        for stream in out err; do
            [[ -s "$dir/${uuid}_$stream" ]] && sed 's/\x1b\[[0-9;]*m//g' "$dir/${uuid}_$stream" > "$SERVICE_LOGS/$name.$stream.log"
        done
    done
    return 0
}

stop_app() {
    [[ -n "$APP_PGID" ]] || return 0
    log "stopping the AppHost (process group $APP_PGID)"
    # SIGINT is Ctrl-C; SIGTERM after 20 s in case SIGINT was ignored; SIGKILL after 30 s.
    kill -INT -- "-$APP_PGID" 2>/dev/null || true
    local t0=$SECONDS stopped=0 termed=0
    while ((SECONDS - t0 < 30)); do
        if ! port_busy 9000 && ! port_busy 8000 && [[ -z "$(find_peers)" ]]; then stopped=1; break; fi
        if ((SECONDS - t0 >= 20 && ! termed)); then kill -TERM -- "-$APP_PGID" 2>/dev/null || true; termed=1; fi
        sleep 0.5
    done
    ((stopped)) && log "   stopped in $((SECONDS - t0)) s"
    if ((stopped == 0)); then
        log "the app did not stop within 30 s: killing it"
        kill -KILL -- "-$APP_PGID" 2>/dev/null || true
        local id pid
        while read -r id pid; do [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null; done < <(find_peers)
        # dcp (the orchestrator) watches the AppHost and removes the rest of its processes once it is gone.
        deadline=$((SECONDS + 30))
        while ((SECONDS < deadline)) && { port_busy 9000 || port_busy 8000; }; do sleep 0.5; done
        port_busy 9000 || port_busy 8000 && log "warning: ports 9000/8000 are still in use"
    fi
    kill -0 -- "-$APP_PGID" 2>/dev/null && kill -KILL -- "-$APP_PGID" 2>/dev/null
    APP_PGID=""
    return 0
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    if [[ -n "$HTTP_PID" ]]; then kill "$HTTP_PID" 2>/dev/null; wait "$HTTP_PID" 2>/dev/null; fi
    if [[ -n "$P4_PID" ]]; then kill "$P4_PID" 2>/dev/null; wait "$P4_PID" 2>/dev/null; fi
    [[ -n "$APP_PGID" ]] && save_service_logs
    stop_app
    if [[ -n "$SCRATCH" && -d "$SCRATCH" ]]; then
        if ((KEEP)); then log "scratch folder kept: $SCRATCH"; else rm -rf "$SCRATCH"; fi
    fi
    if ((rc != 0)) && ((APP_STARTED)); then
        printf '\nAppHost log: %s\n' "$APP_LOG" >&2
        [[ -d "$SERVICE_LOGS" ]] && printf "The services' own logs: %s/\n" "$SERVICE_LOGS" >&2
        [[ -f "$APP_LOG" ]] && { echo "--- last 30 lines ---" >&2; tail -n 30 "$APP_LOG" >&2; }
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'echo; log "interrupted"; exit 130' INT
trap 'echo; log "terminated"; exit 143' TERM

# ---------------------------------------------------------------------------------------------------------------- scratch
for p in "${APP_PORTS[@]}"; do
    port_busy "$p" && die "port $p is already in use: another instance of the app is running? (ss -ltnp 'sport = :$p')"
done
mkdir -p "$SCRATCH_PARENT"
SCRATCH="$(mktemp -d "$SCRATCH_PARENT/p2p-bench.XXXXXX")"
FSTYPE="$(stat -f -c %T "$SCRATCH")"
[[ "$FSTYPE" == tmpfs || "$FSTYPE" == ramfs ]] && die "$SCRATCH is on $FSTYPE, not a disk: pass --scratch-parent"
mkdir -p "$SCRATCH"/{src,disk,copy,peers/peer1,peers/peer2,peers/peer3}
declare -A DIR=([P1]="$SCRATCH/peers/peer1" [P2]="$SCRATCH/peers/peer2" [P3]="$SCRATCH/peers/peer3" [P4]="$SCRATCH/peers/peer4")
SRC="$SCRATCH/src/$FILE_NAME"
APP_LOG="${TMPDIR:-/tmp}/p2p-bench-apphost.$(date +%Y%m%d-%H%M%S).$$.log"
SERVICE_LOGS="${APP_LOG%.log}.services"

log "scratch folder: $SCRATCH ($FSTYPE on $(df --output=source "$SCRATCH" | tail -1))"
log "test file: $FILE_NAME, $SIZE_MIB MiB = $(fmt1 "$(calc "$SIZE_BYTES / 1e6")") MB; 1 MB = 10^6 bytes throughout"
LOAD1="$(cut -d' ' -f1 /proc/loadavg)"
log "load average (1 min): $LOAD1 on $(nproc) CPUs"
if awk -v l="$LOAD1" 'BEGIN { exit !(l > 0.5) }'; then
    log "   warning: the machine is busy; other processes share the CPUs with this benchmark:"
    ps -eo pcpu=,comm= --sort=-pcpu | head -5 | sed 's/^/            /'
fi
log "writing the test file from /dev/urandom"
head -c "$SIZE_BYTES" /dev/urandom > "$SRC"
SRC_SHA="$(sha256_of "$SRC")"
sync
log "source sha256 $SRC_SHA"

# -------------------------------------------------------------------------------------------------------- 1. disk ceiling
# dd_rate SOURCE: MB/s of a dd of SIZE_MIB MiB with conv=fdatasync, from dd's own figures (bytes, seconds).
dd_rate() {
    local out line bytes secs
    sync
    out="$(dd if="$1" of="$SCRATCH/disk/dd.bin" bs=1M count="$SIZE_MIB" conv=fdatasync 2>&1)" || die "dd failed: $out"
    line="$(grep ' copied, ' <<<"$out" | tail -1)"
    bytes="${line%% bytes*}"
    secs="$(sed -E 's/.* copied, ([0-9.e+-]+) s,.*/\1/' <<<"$line")"
    rm -f "$SCRATCH/disk/dd.bin"
    calc "$bytes / $secs / 1e6"
}
log "1. disk ceiling: dd if=/dev/zero bs=1M count=$SIZE_MIB conv=fdatasync"
rates=()
for ((i = 1; i <= REPEAT; i++)); do r="$(dd_rate /dev/zero)"; rates+=("$r"); log "   run $i: $(fmt1 "$r") MB/s"; done
DISK_ZERO="$(median "${rates[@]}")"
log "   same with the random test file as input (already in the page cache)"
rates=()
for ((i = 1; i <= REPEAT; i++)); do r="$(dd_rate "$SRC")"; rates+=("$r"); log "   run $i: $(fmt1 "$r") MB/s"; done
DISK_RANDOM="$(median "${rates[@]}")"

# ------------------------------------------------------------------------------------------------------------ 2. baseline
HTTP_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server --bind 127.0.0.1 "$HTTP_PORT" --directory "$SCRATCH/src" >"$SCRATCH/http.log" 2>&1 &
HTTP_PID=$!
URL="http://127.0.0.1:$HTTP_PORT/$FILE_NAME"
for ((i = 0; i < 50; i++)); do curl -s -o /dev/null -I "$URL" && break; sleep 0.1; done
curl -s -o /dev/null -I "$URL" || die "the static file server did not start (see $SCRATCH/http.log)"

# baseline_run N: one timed copy (curl to the disk, then sync). Sets BL_RATE (MB/s) and BL_CPU (CPU-s per GB).
baseline_run() {
    local dest="$SCRATCH/copy/$FILE_NAME" c0 t0 t1 cpu_client cu cs cpu ticks0 idle0 idle1
    rm -f "$dest"; sync
    c0="$(cpu_secs "$HTTP_PID")"
    ticks0="$(process_ticks)"
    idle0="$(awk '/^cpu / { print $5 + $6 }' /proc/stat)"
    t0="$(now)"
    # `time` gives curl's and sync's CPU (TIMEFORMAT: user + system seconds) without a process of its own.
    cpu_client="$( { TIMEFORMAT='%U %S'; time { curl -s -o "$dest" "$URL"; now > "$SCRATCH/copied"; sync "$dest"; }; } 2>&1 )"
    t1="$(now)"
    idle1="$(awk '/^cpu / { print $5 + $6 }' /proc/stat)"
    [[ "$(stat -c %s "$dest")" == "$SIZE_BYTES" ]] || die "the baseline copy has the wrong size"
    rm -f "$dest"
    BL_RATE="$(mbps "$(calc "$t1 - $t0")")"
    read -r cu cs <<<"$cpu_client"
    cpu="$(calc "$cu + $cs + $(cpu_secs "$HTTP_PID") - $c0")"
    BL_CPU="$(calc "$cpu / ($SIZE_BYTES / 1e9)")"
    log "   baseline run $1: $(fmt2 "$(calc "$t1 - $t0")") s (curl $(fmt2 "$(calc "$(cat "$SCRATCH/copied") - $t0")") s, then sync)," \
        "$(fmt1 "$BL_RATE") MB/s; CPU: server + curl + sync $(fmt1 "$cpu") s (curl and sync: user $cu s, system $cs s)," \
        "busiest others: $(busiest_others "$ticks0" "$(process_ticks)" "$HTTP_PID")," \
        "machine busy $(fmt1 "$(calc "$(nproc) * ($t1 - $t0) - ($idle1 - $idle0) / $CLK_TCK")") of $(fmt1 "$(calc "$(nproc) * ($t1 - $t0)")") CPU-s"
}

log "2. baseline: python3 http.server on 127.0.0.1:$HTTP_PORT, curl -s -o DEST, then sync DEST"
# The server alone (to /dev/null), to check that the baseline is not bounded by the server's CPU below the disk.
t0="$(now)"; curl -s -o /dev/null "$URL"; t1="$(now)"
SERVER_ONLY="$(mbps "$(calc "$t1 - $t0")")"
log "   server alone, curl to /dev/null: $(fmt1 "$SERVER_ONLY") MB/s"
log "   before the app starts; again in each round of downloads below; the ratios use the faster of the two medians"
rates=(); cpus=()
for ((i = 1; i <= REPEAT; i++)); do baseline_run "$i"; rates+=("$BL_RATE"); cpus+=("$BL_CPU"); done
BASELINE_BEFORE="$(median "${rates[@]}")"; BASELINE_BEFORE_CPU="$(median "${cpus[@]}")"
PAIRED_RATES=(); PAIRED_CPUS=()
if awk -v s="$SERVER_ONLY" -v b="$BASELINE_BEFORE" 'BEGIN { exit !(s < 1.5 * b) }'; then
    log "   warning: the server alone is less than 1.5x the baseline copy: the baseline may be CPU-bound"
fi

# ---------------------------------------------------------------------------------------------------------- 3. start app
RESET_SIGNALS=()
env --default-signal=INT true 2>/dev/null && RESET_SIGNALS=(env --default-signal=INT)
# The app's network key and control token for this run: the AppHost gets them as its parameters, the standalone P4
# from the environment; the key is only proven between nodes, the token goes to the local control API.
NETWORK_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CONTROL_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

start_app() {
    local attempt from_line i id
    for attempt in 1 2 3; do
        from_line=$(($( (cat "$APP_LOG" 2>/dev/null || true) | wc -l) + 1))
        rm -f "$SCRATCH/apphost.pgid"
        log "3. starting the app: dotnet run --project P2P.AppHost -c $CONFIGURATION (log: $APP_LOG)"
        APP_STARTED=1
        # setsid: the AppHost gets its own process group, which is what stop_app signals.
        # env --default-signal: a background job of a script starts with SIGINT ignored, and the AppHost must see it.
        (cd "$REPO" && exec setsid bash -c 'echo $$ > "$0"; exec "$@"' "$SCRATCH/apphost.pgid" \
            "${RESET_SIGNALS[@]}" dotnet run --project P2P.AppHost -c "$CONFIGURATION" -- \
            "--Peers:peer1:shared_dir=${DIR[P1]}" "--Peers:peer2:shared_dir=${DIR[P2]}" "--Peers:peer3:shared_dir=${DIR[P3]}" \
            "--Parameters:network-key=$NETWORK_KEY" "--Parameters:control-token=$CONTROL_TOKEN" \
            >>"$APP_LOG" 2>&1 </dev/null) &
        local starter=$! t0=$SECONDS peers
        i=0
        while [[ ! -s "$SCRATCH/apphost.pgid" ]] && ((i++ < 50)); do sleep 0.1; done
        APP_PGID="$(cat "$SCRATCH/apphost.pgid" 2>/dev/null || echo "$starter")"
        # `dotnet run` builds first; the build has its own allowance, the start timeout counts from the AppHost's start.
        while ((SECONDS - t0 < BUILD_TIMEOUT)) && kill -0 "$starter" 2>/dev/null \
            && ! tail -n +"$from_line" "$APP_LOG" | grep -q 'Distributed application starting'; do
            sleep 1
        done
        if kill -0 "$starter" 2>/dev/null && ! tail -n +"$from_line" "$APP_LOG" | grep -q 'Distributed application starting'; then
            die "the AppHost's build did not finish within $BUILD_TIMEOUT s"
        fi
        log "   built and started in $((SECONDS - t0)) s"
        t0=$SECONDS
        while ((SECONDS - t0 < START_TIMEOUT)); do
            peers="$(curl -s "$MAESTRO/peers" || true)"
            if [[ "$peers" == *'"P1"'* && "$peers" == *'"P2"'* && "$peers" == *'"P3"'* ]]; then
                log "   P1, P2 and P3 registered after $((SECONDS - t0)) s"
                (($(find_peers | wc -l) == 3)) || die "the Maestro lists P1-P3 but this run's 3 peer processes were not found"
                return 0
            fi
            kill -0 "$starter" 2>/dev/null || break
            sleep 1
        done
        if kill -0 "$starter" 2>/dev/null; then
            log "   Maestro /peers: ${peers:-(no answer)}"
            for id in P1 P2 P3; do log "   $id ${REST[$id]}/health: $(curl -s -m 2 -w ' (%{http_code})' "${REST[$id]}/health" || echo 'no answer')"; done
            die "the app did not list P1, P2 and P3 within $START_TIMEOUT s of the AppHost's start (--start-timeout)"
        fi
        APP_PGID=""
        if tail -n +"$from_line" "$APP_LOG" | grep -qiE 'being used by another process|MSB302[0-9]|cannot access the file|obj/.*(lock|denied)|lock file'; then
            log "   the build hit a file lock (another build is running): retrying in 30 s"
            sleep 30
            continue
        fi
        if tail -n +"$from_line" "$APP_LOG" | grep -q 'address already in use'; then
            log "   $(tail -n +"$from_line" "$APP_LOG" | grep -m1 -o 'Failed to bind to address [^ ]*' || echo 'a port was in use'): retrying in 30 s"
            sleep 30
            continue
        fi
        die "the AppHost exited before the peers registered"
    done
    die "the AppHost failed to start three times"
}
start_app

# A fourth peer, for downloads from three sources: the default topology has three peers, so P4 runs standalone (the
# seed's start_component.sh way) from the same build, registered with the app's Maestro, on the seed's next ports.
start_p4() {
    mkdir -p "${DIR[P4]}"
    log "starting a standalone fourth peer P4 (REST 8003, gRPC 50054) for the three-source run"
    (cd "$REPO" && exec env Peer__id=P4 Peer__ip=localhost Peer__port=8003 Peer__grpc_port=50054 \
        "Peer__shared_dir=${DIR[P4]}" Peer__maestro_url=https://localhost:9443 Peer__heartbeat_seconds=2 \
        "P2P_NETWORK_KEY=$NETWORK_KEY" "P2P_CONTROL_TOKEN=$CONTROL_TOKEN" \
        Kestrel__Endpoints__http__Url=http://localhost:8003 Kestrel__Endpoints__grpc__Url=http://localhost:50054 \
        Logging__LogLevel__Default=Warning \
        dotnet "P2P.Peer/bin/$CONFIGURATION/net10.0/P2P.Peer.dll" >>"$APP_LOG" 2>&1 </dev/null) &
    P4_PID=$!
    local t0=$SECONDS
    until [[ "$(curl -s "$MAESTRO/peers" || true)" == *'"P4"'* ]]; do
        ((SECONDS - t0 > START_TIMEOUT)) && die "P4 did not register within $START_TIMEOUT s"
        kill -0 "$P4_PID" 2>/dev/null || die "P4 exited before it registered"
        sleep 0.5
    done
    log "   P4 registered after $((SECONDS - t0)) s"
}
start_p4

# ------------------------------------------------------------------------------------------------------ P2P helpers
# locate_ids: the peer ids the Maestro lists for the file whose sha256 is the source's, sorted, space-separated.
locate_ids() {
    curl -s "$MAESTRO/locate?file=$FILE_NAME" | python3 -c '
import json, sys
try:
    doc = json.load(sys.stdin)
except Exception:
    sys.exit(0)
print(" ".join(sorted(p["id"] for p in doc.get("peers", []) if p.get("sha256") == sys.argv[1])))' "$SRC_SHA" 2>/dev/null || true
}

refresh_all() {
    local id
    for id in "${!REST[@]}"; do curl -s -o /dev/null -X POST -H "Authorization: Bearer $CONTROL_TOKEN" "${REST[$id]}/refresh" || true; done
}

# place IDS...: the file is in exactly these peers' folders, and the Maestro locates it on exactly these peers.
place() {
    local want id t0 got
    want="$(printf '%s\n' "$@" | sort | tr '\n' ' ')"; want="${want% }"
    for id in "${!DIR[@]}"; do
        if [[ " $want " == *" $id "* ]]; then
            if [[ ! -f "${DIR[$id]}/$FILE_NAME" ]] || [[ "$(stat -c %i "${DIR[$id]}/$FILE_NAME")" != "$(stat -c %i "$SRC")" ]]; then
                rm -f "${DIR[$id]}/$FILE_NAME"
                # A hard link appears atomically with its whole content; no 1 GiB write to flush before timing.
                ln "$SRC" "${DIR[$id]}/$FILE_NAME" 2>/dev/null || { cp "$SRC" "${DIR[$id]}/.$FILE_NAME.tmp" && mv "${DIR[$id]}/.$FILE_NAME.tmp" "${DIR[$id]}/$FILE_NAME"; }
            fi
        else
            rm -f "${DIR[$id]}/$FILE_NAME"
        fi
    done
    t0=$SECONDS
    while :; do
        got="$(locate_ids)"
        [[ "$got" == "$want" ]] && break
        ((SECONDS - t0 > 60)) && die "the Maestro locates $FILE_NAME on [${got}], not on exactly [${want}], after 60 s"
        ((SECONDS - t0 > 3)) && refresh_all
        sleep 0.5
    done
    sync
}

# The timed part: POST /downloads, then GET /downloads/{id} every 100 ms until completed. One Python process with a
# keep-alive connection, so that polling costs next to nothing on two cores. Prints "seconds state_json" on success.
DOWNLOAD_PY="$(cat <<'PY'
import http.client, json, os, re, sys, time, urllib.parse
from datetime import datetime
base, name, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
u = urllib.parse.urlsplit(base)
def connect():
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30)
def fail(code, message):
    print(message, file=sys.stderr)
    sys.exit(code)
conn = connect()
w0 = time.time()
t0 = time.perf_counter()
conn.request("POST", "/downloads", body=json.dumps({"file": name}),
             headers={"content-type": "application/json", "authorization": "Bearer " + os.environ["P2P_CONTROL_TOKEN"]})
r = conn.getresponse()
body = r.read().decode("utf-8", "replace") or "(empty)"
if r.status in (404, 405):
    fail(3, "POST %s/downloads answered %d: the download engine is not in this build of the peer "
            "(or it does not know the file). Body: %s" % (base, r.status, body))
if r.status != 202:
    fail(2, "POST %s/downloads answered %d, expected 202. Body: %s" % (base, r.status, body))
loc = r.getheader("Location")
if not loc:
    fail(2, "POST %s/downloads answered 202 without a Location header. Body: %s" % (base, body))
path = urllib.parse.urlsplit(loc).path or loc
doc = {}
first_bytes = all_bytes = None  # when bytes_done was first seen above 0, and first seen at bytes_total
while True:
    time.sleep(0.1)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        text = r.read()
    except (OSError, http.client.HTTPException):
        conn.close()
        conn = connect()
        continue
    if r.status != 200:
        fail(2, "GET %s%s answered %d: %r" % (base, path, r.status, text[:500]))
    doc = json.loads(text)
    state = doc.get("state")
    seen = time.perf_counter()
    done, total = doc.get("bytes_done") or 0, doc.get("bytes_total") or 0
    if first_bytes is None and done > 0:
        first_bytes = seen
    if all_bytes is None and ((total > 0 and done >= total) or state in ("verifying", "completed")):
        all_bytes = seen
    if state == "completed":
        t1 = seen
        break
    if state in ("failed", "cancelled"):
        fail(2, "download %s %s: error: %s" % (doc.get("id"), state, doc.get("error")))
    if time.perf_counter() - t0 > timeout:
        fail(2, "download not completed after %.0f s; last state: %s" % (timeout, json.dumps(doc)))
first_bytes = first_bytes or t1
all_bytes = all_bytes or t1
# The download's time ends when the peer finished it (finished_at, on the clock this script reads too), not when a poll
# happened to see it: polls 100 ms apart would add 50 ms on average. The time the poll saw it is kept as a check.
polled = t1 - t0
elapsed = polled
finished = doc.get("finished_at")
if finished:
    # Up to 7 fractional digits from .NET; fromisoformat takes at most 6 before Python 3.11.
    finished = re.sub(r"(\.\d{6})\d+", r"\1", finished.replace("Z", "+00:00"))
    exact = datetime.fromisoformat(finished).timestamp() - w0
    if 0 < exact <= polled:
        elapsed = exact
# Phases, to the nearest poll (100 ms): before the first byte, bytes arriving, after the last byte (verify, flush, publish).
print("%.6f %.3f %.3f %.3f %.3f %s" % (elapsed, first_bytes - t0, all_bytes - first_bytes, t1 - all_bytes, polled,
                                       json.dumps(doc, separators=(",", ":"))))
PY
)"

# download DEST SOURCES...: one timed download into DEST from exactly SOURCES. Sets DL_SECS, DL_RATE (MB/s), DL_USED.
download() {
    local dest="$1"; shift
    local out rc doc file reported
    place "$@"
    local -A before=()
    local name pid
    while read -r name pid; do before[$name]="$pid $(cpu_secs "$pid")"; done < <(transfer_processes)
    local idle0 idle1 wall0 wall1
    local ticks0
    ticks0="$(process_ticks)"
    idle0="$(awk '/^cpu / { print $5 + $6 }' /proc/stat)"; wall0="$(now)"
    out="$(P2P_CONTROL_TOKEN="$CONTROL_TOKEN" python3 -c "$DOWNLOAD_PY" "${REST[$dest]}" "$FILE_NAME" "$DOWNLOAD_TIMEOUT" 2>"$SCRATCH/download.err")" && rc=0 || rc=$?
    idle1="$(awk '/^cpu / { print $5 + $6 }' /proc/stat)"; wall1="$(now)"
    DL_CPU=""
    DL_CPU_TOTAL=0
    local used_cpu
    for name in P1 P2 P3 P4 dcp; do
        [[ -n "${before[$name]:-}" ]] || continue
        read -r pid c0 <<<"${before[$name]}"
        used_cpu="$(calc "$(cpu_secs "$pid") - $c0")"
        DL_CPU_TOTAL="$(calc "$DL_CPU_TOTAL + $used_cpu")"
        DL_CPU+="$name $(fmt1 "$used_cpu") s, "
    done
    local charged=() entry
    for entry in "${before[@]}"; do charged+=("${entry%% *}"); done
    DL_CPU+="busiest others: $(busiest_others "$ticks0" "$(process_ticks)" "${charged[@]}"), "
    # Whole-machine busy CPU over the same window (2 cores = 2 CPU-seconds per second).
    DL_CPU+="machine busy $(fmt1 "$(calc "$(nproc) * ($wall1 - $wall0) - ($idle1 - $idle0) / $CLK_TCK")") of $(fmt1 "$(calc "$(nproc) * ($wall1 - $wall0)")") CPU-s"
    if ((rc != 0)); then
        cat "$SCRATCH/download.err" >&2
        ((rc == 3)) && die "the download engine is missing: POST ${REST[$dest]}/downloads answered 404/405 (see above)"
        die "the download into $dest from $* failed (see above)"
    fi
    read -r DL_SECS DL_PH1 DL_PH2 DL_PH3 DL_POLLED doc <<<"$out"
    DL_RATE="$(mbps "$DL_SECS")"
    file="${DIR[$dest]}/$FILE_NAME"
    [[ -f "$file" ]] || die "the download completed but $file does not exist"
    [[ "$(stat -c %s "$file")" == "$SIZE_BYTES" ]] || die "$file has $(stat -c %s "$file") bytes, expected $SIZE_BYTES"
    [[ "$(sha256_of "$file")" == "$SRC_SHA" ]] || die "$file does not have the source's SHA-256"
    read -r DL_USED reported <<<"$(python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(",".join(sorted(str(s.get("id")) for s in d.get("sources") or [])) or "-", d.get("sha256") or "-")' "$doc")"
    [[ "$reported" == "-" || "$reported" == "$SRC_SHA" ]] || die "the download reports sha256 $reported, expected $SRC_SHA"
    return 0
}

# timed_run KEY ROUND LABEL DEST SOURCES...: one timed download of scenario KEY; its MB/s and CPU-s per GB are
# appended to RATES[KEY] and CPUS[KEY], and its MB/s kept as ROUND_RATE[KEY:ROUND].
declare -A RATES CPUS ROUND_RATE
timed_run() {
    local key="$1" round="$2" label="$3" dest="$4"; shift 4
    download "$dest" "$@"
    RATES[$key]+=" $DL_RATE"
    ROUND_RATE[$key:$round]="$DL_RATE"
    CPUS[$key]+=" $(calc "$DL_CPU_TOTAL / ($SIZE_BYTES / 1e9)")"
    log "   $label, run $round: $(fmt2 "$DL_SECS") s (the poll saw it completed at $(fmt2 "$DL_POLLED") s), $(fmt1 "$DL_RATE") MB/s, sources used: $DL_USED, SHA-256 verified"
    log "          phases (to the nearest 100 ms poll): $(fmt2 "$DL_PH1") s to the first byte, $(fmt2 "$DL_PH2") s of bytes" \
        "($(fmt1 "$(calc "$SIZE_BYTES / ($DL_PH2 > 0.1 ? $DL_PH2 : 0.1) / 1e6")") MB/s), $(fmt2 "$DL_PH3") s from the last byte to completed (verify, flush, publish)"
    log "          CPU during the download: $DL_CPU"
    [[ "$DL_USED" == "-" ]] || (($(tr ',' '\n' <<<"$DL_USED" | wc -l) == $#)) \
        || log "   note: the download used [$DL_USED], not all of [$*]"
}

# -------------------------------------------------------------------------------------------------------- 3-4. downloads
# Warm-up: one untimed download into each destination (P1, then P3) of a smaller file, so that no timed run pays for a
# fresh process's first transfer (JIT and tiered compilation, first allocations) and the scenarios compare fairly.
warm_up() {
    local saved=("$FILE_NAME" "$SRC" "$SRC_SHA" "$SIZE_BYTES") mib=$((SIZE_MIB < WARMUP_MIB ? SIZE_MIB : WARMUP_MIB)) id
    FILE_NAME="warmup-${mib}MiB.bin"; SRC="$SCRATCH/src/$FILE_NAME"; SIZE_BYTES=$((mib * 1024 * 1024))
    head -c "$SIZE_BYTES" /dev/urandom > "$SRC"
    SRC_SHA="$(sha256_of "$SRC")"
    log "warm-up (untimed): $FILE_NAME P2+P3+P4 -> P1, then P1+P2 -> P3"
    download P1 P2 P3 P4
    log "   P2+P3+P4 -> P1: $(fmt1 "$DL_RATE") MB/s"
    download P3 P1 P2
    log "   P1+P2 -> P3: $(fmt1 "$DL_RATE") MB/s"
    for id in P1 P2 P3 P4; do rm -f "${DIR[$id]}/$FILE_NAME"; done
    rm -f "$SRC"
    FILE_NAME="${saved[0]}"; SRC="${saved[1]}"; SRC_SHA="${saved[2]}"; SIZE_BYTES="${saved[3]}"
}
((WARMUP_MIB > 0)) && warm_up
# Rounds, not one scenario after another: this machine's speed drifts by 10-20% over a minute or two (a slow spell
# once made every run of one scenario slow), so each round runs a baseline copy and every scenario back to back, and
# each figure is the median over the rounds. The baseline copy then also sees what the downloads see: the app idle beside it.
log "3-4. rounds of a baseline copy and the P2P downloads (one source P3 -> P1; two sources P2+P3 -> P1; reverse P1+P2 -> P3; three P2+P3+P4 -> P1)"
for ((round = 1; round <= REPEAT; round++)); do
    baseline_run "$round"; PAIRED_RATES+=("$BL_RATE"); PAIRED_CPUS+=("$BL_CPU")
    timed_run one "$round" "P3 -> P1 (one source)" P1 P3
    timed_run two "$round" "P2+P3 -> P1 (two sources)" P1 P2 P3
    timed_run reverse "$round" "P1+P2 -> P3 (two sources, reverse direction)" P3 P1 P2
    timed_run three "$round" "P2+P3+P4 -> P1 (three sources)" P1 P2 P3 P4
done
kill "$HTTP_PID" 2>/dev/null || true; wait "$HTTP_PID" 2>/dev/null || true; HTTP_PID=""
BASELINE_ROUNDS="$(median "${PAIRED_RATES[@]}")"; BASELINE_ROUNDS_CPU="$(median "${PAIRED_CPUS[@]}")"
# The ratios are taken against the faster of the two baselines, never the one that flatters the downloads. Beside the
# running app, after a round of downloads, curl's writes into the page cache have cost it twice the system time of a
# copy made before the app started (and the copy 4.8 s instead of 2.5), while the downloads, whose writes bypass the
# page cache, did not slow down: a copy slowed that way is reported, not used.
if awk -v r="$BASELINE_ROUNDS" -v b="$BASELINE_BEFORE" 'BEGIN { exit !(r >= b) }'; then
    BASELINE="$BASELINE_ROUNDS"; BASELINE_CPU="$BASELINE_ROUNDS_CPU"; BASELINE_USED="in the rounds"
else
    BASELINE="$BASELINE_BEFORE"; BASELINE_CPU="$BASELINE_BEFORE_CPU"; BASELINE_USED="before the app started"
fi
# shellcheck disable=SC2086 # the lists are space-separated numbers
{
    P2P_1="$(median ${RATES[one]})"; CPU_1="$(median ${CPUS[one]})"
    P2P_2="$(median ${RATES[two]})"; CPU_2="$(median ${CPUS[two]})"
    P2P_R="$(median ${RATES[reverse]})"; CPU_R="$(median ${CPUS[reverse]})"
    P2P_3="$(median ${RATES[three]})"; CPU_3="$(median ${CPUS[three]})"
}

# --------------------------------------------------------------------------------------------------- 5. peak working set
declare -A HWM
while read -r id pid; do
    kb="$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")"
    HWM[$id]="$(calc "$kb * 1024 / 1e6")"
done < <(find_peers)
for id in P1 P2 P3 P4; do [[ -n "${HWM[$id]:-}" ]] || die "peer $id's process was not found after the runs"; done

# ------------------------------------------------------------------------------------------------------------ 6. summary
R1="$(calc "$P2P_1 / $BASELINE")"
R2="$(calc "$P2P_2 / $BASELINE")"
RR="$(calc "$P2P_R / $BASELINE")"
R3="$(calc "$P2P_3 / $BASELINE")"
# Sources against one source: the runs of a round are back to back and share the machine's state of the moment, so
# each round gives one ratio and the figure is their median (the ratio of the medians is printed beside it).
# per_round KEY: the ratios KEY / one, one per round.
per_round() { local r; for ((r = 1; r <= REPEAT; r++)); do echo "$(calc "${ROUND_RATE[$1:$r]} / ${ROUND_RATE[one:$r]}")"; done; }
mapfile -t R21_ROUNDS < <(per_round two); mapfile -t R31_ROUNDS < <(per_round three)
R21="$(median "${R21_ROUNDS[@]}")"; R31="$(median "${R31_ROUNDS[@]}")"
rounds_list() { local r out=""; for r in "$@"; do out+=" $(fmt2 "$r")"; done; echo "${out# }"; }
MAXHWM="$(printf '%s\n' "${HWM[@]}" | sort -g | tail -1)"
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == ">=") ? (v >= t) : (v < t); print ok ? "met" : "NOT met" }'; }
runs="one run each"; ((REPEAT > 1)) && runs="median of $REPEAT runs each"
((WARMUP_MIB > 0)) && runs+=", after a warm-up" || runs+=", no warm-up"

echo
echo "================================================================================"
printf 'Transfer benchmark: %s (%s MiB), %s, app built %s, %s\n' "$FILE_NAME" "$SIZE_MIB" "$runs" "$CONFIGURATION" "$(date -u +%Y-%m-%dT%H:%MZ)"
printf 'MB = 10^6 bytes. Disk: %s (%s). %s CPUs, load average at start %s, at end %s.\n' \
    "$(df --output=source "$SCRATCH" | tail -1)" "$FSTYPE" "$(nproc)" "$LOAD1" "$(cut -d' ' -f1 /proc/loadavg)"
echo "--------------------------------------------------------------------------------"
# CPU-s/GB: CPU seconds the measured processes used per 10^9 bytes moved (baseline: server, curl and sync; P2P: the
# peers and dcp). The last column is the rate those processes could reach with every core to themselves.
row() { printf '%-46s %8s %9s %8s %10s\n' "$@"; }
ceil() { fmt1 "$(calc "$(nproc) / $1 * 1000")"; }
row "measure" "MB/s" "/baseline" "CPU-s/GB" "CPU-bound"
row "disk ceiling: dd /dev/zero, conv=fdatasync" "$(fmt1 "$DISK_ZERO")" "$(fmt2 "$(calc "$DISK_ZERO / $BASELINE")")" "" ""
row "disk, random data: dd test file, fdatasync" "$(fmt1 "$DISK_RANDOM")" "$(fmt2 "$(calc "$DISK_RANDOM / $BASELINE")")" "" ""
row "HTTP server alone (curl to /dev/null)" "$(fmt1 "$SERVER_ONLY")" "" "" ""
row "baseline: HTTP copy + sync, before the app" "$(fmt1 "$BASELINE_BEFORE")" "$(fmt2 "$(calc "$BASELINE_BEFORE / $BASELINE")")" "$(fmt2 "$BASELINE_BEFORE_CPU")" "$(ceil "$BASELINE_BEFORE_CPU")"
row "baseline: HTTP copy + sync, in the rounds" "$(fmt1 "$BASELINE_ROUNDS")" "$(fmt2 "$(calc "$BASELINE_ROUNDS / $BASELINE")")" "$(fmt2 "$BASELINE_ROUNDS_CPU")" "$(ceil "$BASELINE_ROUNDS_CPU")"
row "P2P, 1 source:  P3 -> P1" "$(fmt1 "$P2P_1")" "$(fmt2 "$R1")" "$(fmt2 "$CPU_1")" "$(ceil "$CPU_1")"
row "P2P, 2 sources: P2+P3 -> P1" "$(fmt1 "$P2P_2")" "$(fmt2 "$R2")" "$(fmt2 "$CPU_2")" "$(ceil "$CPU_2")"
row "P2P, 2 sources, reverse: P1+P2 -> P3" "$(fmt1 "$P2P_R")" "$(fmt2 "$RR")" "$(fmt2 "$CPU_R")" "$(ceil "$CPU_R")"
row "P2P, 3 sources: P2+P3+P4 -> P1" "$(fmt1 "$P2P_3")" "$(fmt2 "$R3")" "$(fmt2 "$CPU_3")" "$(ceil "$CPU_3")"
printf '%-46s %8s   rounds: %s; ratio of the medians %s\n' "2 sources / 1 source (P2+P3 -> P1 vs P3 -> P1)" "$(fmt2 "$R21")" \
    "$(rounds_list "${R21_ROUNDS[@]}")" "$(fmt2 "$(calc "$P2P_2 / $P2P_1")")"
printf '%-46s %8s   rounds: %s; ratio of the medians %s\n' "3 sources / 1 source (P2+P3+P4 -> P1 vs P3 -> P1)" "$(fmt2 "$R31")" \
    "$(rounds_list "${R31_ROUNDS[@]}")" "$(fmt2 "$(calc "$P2P_3 / $P2P_1")")"
printf '%-46s %8s %9s %8s %8s\n' "peak working set (VmHWM), MB: P1, P2, P3, P4" "$(fmt1 "${HWM[P1]}")" "$(fmt1 "${HWM[P2]}")" "$(fmt1 "${HWM[P3]}")" "$(fmt1 "${HWM[P4]}")"
echo "(baseline: python3 http.server and curl; /baseline: against the faster baseline, the one $BASELINE_USED;"
echo " CPU-s/GB: CPU seconds per 10^9 bytes used by the server, curl and sync, or by the peers and dcp;"
echo " CPU-bound: the MB/s those processes would reach with all $(nproc) cores to themselves, if nothing else limited them)"
echo "--------------------------------------------------------------------------------"
row "target" "value" "verdict" "" ""
row "P2P 1 source / baseline >= 0.8" "$(fmt2 "$R1")" "$(verdict "$R1" 0.8 '>=')" "" ""
row "P2P 2 sources / baseline >= 0.8" "$(fmt2 "$R2")" "$(verdict "$R2" 0.8 '>=')" "" ""
row "2 sources no slower than 1 (2 src/1 src >= 1)" "$(fmt2 "$R21")" "$(verdict "$R21" 1.0 '>=')" "" ""
row "peak working set < 250 MB, every peer (max)" "$(fmt1 "$MAXHWM")" "$(verdict "$MAXHWM" 250 '<')" "" ""
echo "================================================================================"
log "AppHost log: $APP_LOG; the services' logs are copied to $SERVICE_LOGS/ when the app stops"
