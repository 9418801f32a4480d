#!/bin/sh
# Load test of `pinpoint serve` on loopback with wrk: GET /api/search rotating through the dev questions and their
# variants, at 1, 16 and 64 connections for DURATION seconds each. Prints one JSON line per run (throughput,
# p50/p90/p99, errors) and the server's resident memory before and after each run and its peak.
#
#   bench/load.sh                         # release binary, real index in data/index (ingested if missing), 60 s each
#   DURATION=10 CONNECTIONS="1 16" bench/load.sh
#   SERVE_ARGS="--queue-wait-ms 1000" bench/load.sh   # extra flags for `pinpoint serve`
#
# Needs wrk (apt-get install wrk) and python3. Run from the repository root.
set -eu

BIN=${BIN:-target/release/pinpoint}
INDEX=${INDEX:-data/index}
SET=${SET:-../shared/eval/dev.jsonl}
PORT=${PORT:-18080}
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-"1 16 64"}
THREADS=${THREADS:-2}
SERVE_ARGS=${SERVE_ARGS:-}

command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "load.sh: no $BIN (cargo build --release)" >&2; exit 2; }

work=$(mktemp -d)
paths="$work/paths.txt"
python3 bench/paths.py "$SET" > "$paths"

"$BIN" --index "$INDEX" serve --addr "127.0.0.1:$PORT" --watch-secs 0 $SERVE_ARGS 2> "$work/serve.log" &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Wait for /healthz (serve ingests first when there is no index yet).
i=0
until python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=1)" 2>/dev/null; do
  i=$((i + 1))
  [ "$i" -lt 600 ] || { echo "load.sh: server did not come up" >&2; cat "$work/serve.log" >&2; exit 1; }
  kill -0 "$server" 2>/dev/null || { echo "load.sh: server exited" >&2; cat "$work/serve.log" >&2; exit 1; }
  sleep 0.2
done

rss() { awk -v k="$1:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$server/status"; }

echo "server pid $server on port $PORT, $(wc -l < "$paths") distinct questions, RSS $(rss VmRSS) MB after start"
for c in $CONNECTIONS; do
  t=$THREADS
  [ "$c" -ge "$t" ] || t=$c
  before=$(rss VmRSS)
  result=$(wrk -t"$t" -c"$c" -d"${DURATION}s" --timeout 10s -s bench/wrk-search.lua "http://127.0.0.1:$PORT" -- "$paths" | tail -n 1)
  case $result in
    "{"*) ;;
    *) echo "load.sh: wrk failed: $result" >&2; exit 1 ;;
  esac
  echo "{\"connections\": $c, \"threads\": $t, \"rss_before_mb\": $before, \"rss_after_mb\": $(rss VmRSS), \"rss_peak_mb\": $(rss VmHWM), \"wrk\": $result}"
done
