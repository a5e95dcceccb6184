#!/usr/bin/env bash
# Regenerates data/reference/esda_getis/ with esda 2.9.0 / libpysal 4.14.1 (venv /work/venv-peers):
# Getis-Ord G (global, binary queen) and G_Local (Gi, Gi*; row-standardised and binary),
# 999 permutations, seed 12345. See bench/peers/moran_getis_reference.py.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/work/venv-peers/bin/python
REF="$ROOT/bench/peers/moran_getis_reference.py"
EX="$ROOT/data/pysal_examples"
OUT="$ROOT/data/reference/esda_getis"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$PY" "$REF" "$EX/columbus/columbus.shp" --var CRIME --out "$OUT/columbus_crime"
"$PY" "$REF" "$EX/mexico/mexicojoin.shp" --var PCGDP1940 --out "$OUT/mexico_pcgdp1940"
# us48.shp carries no income: join usjoin.csv (per-capita income 2009) by state name.
"$PY" - "$EX/us_income" "$TMP/us48_income.gpkg" <<'PY'
import sys, geopandas as gpd, pandas as pd
d, out = sys.argv[1], sys.argv[2]
g = gpd.read_file(f"{d}/us48.shp")
u = pd.read_csv(f"{d}/usjoin.csv").set_index("Name")
g["INC2009"] = g["STATE_NAME"].map(u["2009"]).astype(float)
g.to_file(out, driver="GPKG")
PY
"$PY" "$REF" "$TMP/us48_income.gpkg" --var INC2009 --out "$OUT/us_income_2009"
