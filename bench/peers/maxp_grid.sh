#!/usr/bin/env bash
# Side-by-side max-p on the peer's synthetic grids: PySAL spopt (/work/shared/peers/maxp.py,
# queen, threshold thr >= 20, similarity a1,a2, defaults top_n=2 / 99 construction / 10 SA)
# against regio (crates/regio-space/examples/zones_grid.rs, release build), same grids
# (gen_synth.py grid --seed 42), same graph and objective; then regio alone on a seeded
# synthetic 316 x 316 (99,856 areas) grid with a signed balance.
#
# Usage: bench/peers/maxp_grid.sh [SIDES...]   (default: 20 50 100; spopt 100 needs ~1.5 GB)
# Env:   PY=/work/venv-peers/bin/python PEERS=/work/shared/peers SCRATCH=/tmp/regio-maxp-grid
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY="${PY:-/work/venv-peers/bin/python}"
PEERS="${PEERS:-/work/shared/peers}"
SCRATCH="${SCRATCH:-/tmp/regio-maxp-grid}"
SIDES=("${@:-20 50 100}")
mkdir -p "$SCRATCH"
cd "$ROOT"
cargo build --release -p regio-space --example zones_grid
BIN="$ROOT/target/release/examples/zones_grid"
for s in ${SIDES[@]}; do
  g="$SCRATCH/grid_$s.geojson"
  [ -f "$g" ] || "$PY" "$PEERS/gen_synth.py" grid --side "$s" --seed 42 "$g"
  "$PY" -c "import geopandas as gpd,sys; gpd.read_file(sys.argv[1]).drop(columns='geometry').to_csv(sys.argv[2], index=False)" "$g" "$SCRATCH/grid_$s.csv"
  echo "== grid ${s}x${s} load=$(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "regio wall=%e s maxrss=%M KB" "$BIN" "$SCRATCH/grid_$s.csv" 20 0
  /usr/bin/time -f "spopt wall=%e s maxrss=%M KB" "$PY" "$PEERS/maxp.py" "$g" --threshold-var thr --threshold 20 \
    --attrs a1,a2 --seed 0 --out "$SCRATCH/spopt_$s" | sed 's/^maxp:/spopt/'
done
echo "== synthetic signed 316x316 load=$(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "regio wall=%e s maxrss=%M KB" "$BIN" --synthetic 316 1
