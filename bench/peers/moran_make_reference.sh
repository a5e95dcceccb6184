#!/usr/bin/env bash
# Regenerates data/reference/esda/ with the esda peer (/work/shared/peers/moran.py,
# esda 2.9.0 / libpysal 4.14.1 in /work/venv-peers): queen weights, row-standardised,
# 999 permutations, seed 12345.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/work/venv-peers/bin/python
PEER=/work/shared/peers/moran.py
EX="$ROOT/data/pysal_examples"
OUT="$ROOT/data/reference/esda"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$PY" "$PEER" "$EX/columbus/columbus.shp" --var CRIME --out "$OUT/columbus_crime"
"$PY" "$PEER" "$EX/mexico/mexicojoin.shp" --var PCGDP1940 --out "$OUT/mexico_pcgdp1940"
# us48.shp carries no income: join usjoin.csv (1929..2009 per-capita income) by state name.
"$PY" - "$EX/us_income" "$TMP/us48_income.gpkg" <<'PY'
import sys, geopandas as gpd, pandas as pd
d, out = sys.argv[1], sys.argv[2]
g = gpd.read_file(f"{d}/us48.shp")
u = pd.read_csv(f"{d}/usjoin.csv").set_index("Name")
g["INC2009"] = g["STATE_NAME"].map(u["2009"]).astype(float)
g.to_file(out, driver="GPKG")
PY
"$PY" "$PEER" "$TMP/us48_income.gpkg" --var INC2009 --out "$OUT/us_income_2009"
"$PY" "$PEER" "$TMP/us48_income.gpkg" --var INC2009 --weights rook --out "$OUT/us_income_2009_rook"
