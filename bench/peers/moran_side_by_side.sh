#!/usr/bin/env bash
# Side by side: esda (peer, /work/shared/peers/moran.py) vs `regio spatial lisa`
# (which also computes the global Moran) on synthetic seeded lattices made by
# /work/shared/peers/gen_synth.py (N x N unit squares, variable a1), queen
# weights, 999 permutations. Usage: moran_side_by_side.sh [REGIO_BIN] [SIDES...]
set -euo pipefail
REGIO="${1:-target/release/regio}"; shift || true
SIDES="${*:-20 50 100}"
PY=/work/venv-peers/bin/python
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
printf "units\tesda_global_s\tesda_local_s\tregio_total_s\n"
for s in $SIDES; do
  g="$TMP/grid$s.geojson"
  "$PY" /work/shared/peers/gen_synth.py grid --side "$s" --seed 42 "$g" >/dev/null
  line=$("$PY" /work/shared/peers/moran.py "$g" --var a1 --out "$TMP/esda$s" | tail -n 1)
  eg=$(sed -n 's/.*seconds_global=\([0-9.]*\).*/\1/p' <<<"$line")
  el=$(sed -n 's/.*seconds_local=\([0-9.]*\).*/\1/p' <<<"$line")
  t0=$(date +%s.%N)
  "$REGIO" -q spatial lisa "$g" --var a1 --id id --permutations 999 --seed 42 --out "$TMP/regio$s" >/dev/null
  t1=$(date +%s.%N)
  printf "%s\t%s\t%s\t%.3f\n" "$((s*s))" "$eg" "$el" "$(echo "$t1 - $t0" | bc -l)"
done
