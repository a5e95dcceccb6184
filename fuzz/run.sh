#!/usr/bin/env bash
# Runs every regio fuzz target for a bounded time with the nightly toolchain:
#   fuzz/run.sh                 # each target 60 s
#   FUZZ_SECONDS=600 fuzz/run.sh
#   FUZZ_TARGETS="csv_kosis balance" fuzz/run.sh
# Seeds come from data/ (copied into fuzz/corpus/<target>/ on first run) and
# fuzz/seeds/. Crashes are left in fuzz/artifacts/<target>/; logs in fuzz/logs/.
# Exit status 1 if any target crashed.
set -uo pipefail
cd "$(dirname "$0")"
SECS=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-"csv_kosis manifest geojson topojson shapefile balance"}
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo-fuzz >/dev/null; then
    cargo install cargo-fuzz || exit 2
fi
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal || exit 2

seed() { # seed TARGET FIND-ARGS...
    local t=$1; shift
    mkdir -p "corpus/$t"
    [ -n "$(ls -A "corpus/$t")" ] && return
    find ../data "$@" -type f -size -256k -print0 | head -z -n 40 |
        while IFS= read -r -d '' f; do cp "$f" "corpus/$t/$(echo "${f#../data/}" | tr '/ ' '__')"; done
    [ -d "seeds/$t" ] && cp seeds/"$t"/* "corpus/$t/"
}
seed csv_kosis -name '*.csv'
seed manifest -name '*.toml'
seed geojson -name '*.geojson'
seed topojson -name '*topo*.json'
seed balance -name '__none__'
mkdir -p corpus/shapefile
if [ -z "$(ls -A corpus/shapefile)" ]; then
    find ../data -name '*.shp' -size -2M -print0 | head -z -n 10 |
        while IFS= read -r -d '' f; do
            python3 pack_shapefile.py "$f" "corpus/shapefile/$(basename "$f" .shp).bin" || true
        done
fi

mkdir -p logs
status=0
printf '%-10s %8s %12s %s\n' target seconds executions result > logs/summary.txt
for t in $TARGETS; do
    cargo +nightly fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"logs/$t.log" 2>&1
    rc=$?
    runs=$(grep -o 'Done [0-9]* runs' "logs/$t.log" | grep -o '[0-9]*' | tail -1)
    [ -z "$runs" ] && runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
    if [ $rc -eq 0 ]; then result=ok; else result="CRASH (see logs/$t.log, artifacts/$t/)"; status=1; fi
    printf '%-10s %8s %12s %s\n' "$t" "$SECS" "${runs:-?}" "$result" | tee -a logs/summary.txt
done
exit $status
