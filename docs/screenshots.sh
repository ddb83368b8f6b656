#!/usr/bin/env bash
# Takes the web UI's screenshots for the docs (docs/images/ui-*.png) from the app running on this machine
# (`dotnet run --project P2P.AppHost`), with Debian's chromium, as the UI tests drive it. Its peer1 downloads the file
# named (default archivo4.txt) so that the Downloads page has one to show.
#   docs/screenshots.sh [FILE]
# The control token and the Maestro come from the AppHost's run file ($P2P_STATE_DIR, else ~/.local/share/p2p).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/chromium ] || { echo "screenshots.sh needs /usr/bin/chromium (apt-get install chromium)" >&2; exit 1; }
mkdir -p docs/images
dotnet run --file docs/screenshots.cs -- docs/images "${1:-archivo4.txt}"
