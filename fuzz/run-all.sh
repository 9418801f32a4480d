#!/bin/sh
# Runs every fuzz target for SECONDS (default 120) each, nice'd, seeded from ../shared in place, and prints one line
# per target: executions, corpus size, crashes. Crashing inputs land in fuzz/artifacts/<target>/.
#
#   fuzz/run-all.sh 120            # from the repository root; needs `cargo install cargo-fuzz` and a nightly toolchain
set -u
SECONDS_EACH=${1:-120}
TARGETS=${TARGETS:-"pdf_extract html_govuk_json html_govuk_page html_clml html_fragment query"}
SHARED=${SHARED:-../shared}

cargo +nightly fuzz build -s none >/dev/null 2>&1 || { echo "run-all.sh: cargo fuzz build failed" >&2; exit 2; }
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/pdf" "$seeds/json" "$seeds/page" "$seeds/clml" "$seeds/query"
# Symlinks, not copies: the shared data stays where it is. Small files only (libFuzzer mutates them all the time).
for f in "$SHARED"/fixtures/hostile-pdfs/*.pdf; do ln -s "$(realpath "$f")" "$seeds/pdf/"; done
for f in "$SHARED"/fixtures/govuk-content-api/*.json "$SHARED"/corpus/raw/*.json; do ln -s "$(realpath "$f")" "$seeds/json/"; done
for f in "$SHARED"/corpus/raw/*.html; do ln -s "$(realpath "$f")" "$seeds/page/"; done
for f in "$SHARED"/fixtures/legislation-xml/*.xml "$SHARED"/corpus/raw/*.xml; do ln -s "$(realpath "$f")" "$seeds/clml/"; done
python3 - "$SHARED/eval/dev.jsonl" "$seeds/query" <<'PY'
import json, sys
for i, line in enumerate(open(sys.argv[1])):
    if line.strip():
        open(f"{sys.argv[2]}/q{i:03}", "w").write(json.loads(line)["question"])
PY

for t in $TARGETS; do
  case $t in
    pdf_extract) seed=pdf; max_len=262144 ;;
    html_govuk_json) seed=json; max_len=131072 ;;
    html_govuk_page|html_fragment) seed=page; max_len=131072 ;;
    html_clml) seed=clml; max_len=131072 ;;
    query) seed=query; max_len=2048 ;;
    *) echo "unknown target $t" >&2; exit 2 ;;
  esac
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  log="fuzz/artifacts/$t/run.log"
  nice -n 10 cargo +nightly fuzz run -s none "$t" "fuzz/corpus/$t" "$seeds/$seed" -- \
    -max_total_time="$SECONDS_EACH" -max_len="$max_len" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 > "$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
  crashes=$(find "fuzz/artifacts/$t" -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' | wc -l)
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  echo "$t: ${execs:-?} executions in ${SECONDS_EACH} s, corpus $corpus, crashes/timeouts/ooms $crashes (exit $rc)"
done
