#!/usr/bin/env bash
# TLS vs clear: the same verified download, by the real engine from one peer's real transfer service, over the peer's TLS
# port and over a clear HTTP/2 port that exists only in this benchmark, in alternating rounds; prints each round, the
# medians and the ratio. Usage: bench/tls.sh [SIZE_MIB (1024)] [ROUNDS (5)]
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
echo "== building (Release)"
dotnet build "$REPO/bench/TlsTransfer" -c Release -v q -nologo >/dev/null
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
Logging__LogLevel__Default=Warning dotnet "$REPO/bench/TlsTransfer/bin/Release/net10.0/TlsTransfer.dll" "${1:-1024}" "${2:-5}" 2>&1 \
    | grep -E '^(TLS vs clear|warm-up|round|median|TLS / clear)'
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
