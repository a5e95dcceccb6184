#!/bin/sh
# Side-by-side: pymrio 0.7.0 (explicit inverse, via ../shared/peers/io.py) and
# regio (LU solves; the library timings come from
# `cargo bench -p regio-econ --bench strategy`, group `leontief`) on the same
# synthetic tables (gen_synth.py io, seed 42; synthetic, not statistics).
# Usage: bench/peers/io_side_by_side.sh [N ...]   (default: 500 2000)
# Needs the peer venv at /work/venv-peers. Writes into ${SCRATCH:-/tmp/regio-io-bench}.
set -eu
PEERS=${PEERS:-/work/shared/peers}
PY=${PY:-/work/venv-peers/bin/python}
SCRATCH=${SCRATCH:-/tmp/regio-io-bench}
REGIO=${REGIO:-target/release/regio}
mkdir -p "$SCRATCH"
SIZES=${*:-"500 2000"}
for n in $SIZES; do
  d="$SCRATCH/io_$n"
  [ -f "$d/Z.csv" ] || "$PY" "$PEERS/gen_synth.py" io --n "$n" --seed 42 "$d" >/dev/null
  echo "== n=$n pymrio (compute = calc_A + calc_L + column sums, median of 3)"
  "$PY" "$PEERS/io.py" csv --z "$d/Z.csv" --y "$d/Y.csv" --out "$d/pymrio" --repeat 3
  if [ -x "$REGIO" ]; then
    echo "== n=$n regio io (whole process: read CSV, LU, multipliers, linkages, write; no inverse)"
    /usr/bin/time -f "regio io wall %e s, max RSS %M KB" "$REGIO" -q io --z "$d/Z.csv" --y "$d/Y.csv" --out "$d/regio"
    "$PY" - "$d" <<'PY'
import sys, pandas as pd, numpy as np
d = sys.argv[1]
a = pd.read_csv(f"{d}/pymrio/output_multipliers.csv")["output_multiplier"].to_numpy()
b = pd.read_csv(f"{d}/regio/multipliers.csv")["output_multiplier"].to_numpy()
print(f"max |multiplier regio - pymrio| = {np.abs(a - b).max():.3e}")
PY
  fi
done
