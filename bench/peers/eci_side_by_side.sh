#!/bin/sh
# Side-by-side: py-ecomplexity 0.5.3 (peer harness eci.py) and regio's
# complexity::compute on the same synthetic inputs (gen_synth.py, seed 42, as in
# the peer BASELINE), back to back on the same machine, then a numeric
# comparison of ECI / PCI / COI.
#
#   PEERS=../shared/peers VENV=/work/venv-peers SCRATCH=/tmp/regio-eci ./bench/peers/eci_side_by_side.sh [SIZES]
#
# SIZES defaults to "200x1000 3000x1000 1000x5000". regio's side is
# `cargo run --release -p regio-econ --example complexity_csv` (median of 3 runs
# of the library call; peak RSS of the computation). The peer's compute time
# is the ecomplexity() call only (eci.py's timing.csv), its RSS the whole process.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
VENV=${VENV:-/work/venv-peers}
SCRATCH=${SCRATCH:-/tmp/regio-eci}
SIZES=${1:-"200x1000 3000x1000 1000x5000"}
PY="$VENV/bin/python"
mkdir -p "$SCRATCH"
(cd "$ROOT" && cargo build --release -q -p regio-econ --example complexity_csv)
BIN="$ROOT/target/release/examples/complexity_csv"
for s in $SIZES; do
  r=${s%x*}; p=${s#*x}
  in="$SCRATCH/eci_$s.csv"
  [ -f "$in" ] || "$PY" "$PEERS/gen_synth.py" eci --regions "$r" --products "$p" --seed 42 "$in"
  echo "== $s $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "peer wall_s=%e peak_rss_mb=%M(kB)" "$PY" "$PEERS/eci.py" "$in" --out "$SCRATCH/peer_$s" --no-write
  "$BIN" "$in" "$SCRATCH/regio_$s" 3
  "$PY" - "$SCRATCH/peer_$s" "$SCRATCH/regio_$s" <<'PYEOF'
import sys, pandas as pd
a, b = sys.argv[1], sys.argv[2]
for f, key, cols in (("regions.csv", "region", ["eci", "coi"]), ("products.csv", "product", ["pci"])):
    x = pd.read_csv(f"{a}/{f}", dtype={key: str}).set_index(key)
    y = pd.read_csv(f"{b}/{f}", dtype={key: str}).set_index(key).loc[x.index]
    for c in cols:
        d = (x[c] - y[c]).abs() / x[c].abs().clip(lower=1.0)
        print(f"max relative difference {c}: {d.max():.2e}")
PYEOF
done
