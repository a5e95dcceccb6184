#!/usr/bin/env python3
"""Regenerates data/reference/ecomplexity_sitc4/ from py-ecomplexity 0.5.3.

Runs the peer scripts (../shared/peers/eci.py and proximity.py) on
data/trade_sitc4_1998_2000/world_trade_avg_1998_to_2000.csv and keeps:
  regions.csv   every region  (diversity, eci, coi)
  products.csv  every product (ubiquity, pci)
  cells.csv     regions at sorted position i % 10 == 0 x products at j % 5 == 0
                (rca, mcp, density, cog)
  proximity.csv product_1 at sorted position i % 20 == 0 x product_2 at j % 4 == 0

Usage: /work/venv-peers/bin/python bench/peers/eci_make_reference.py [PEERS_DIR] [SCRATCH_DIR]
"""
import os
import subprocess
import sys

import pandas as pd

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PEERS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "peers")
SCRATCH = sys.argv[2] if len(sys.argv) > 2 else "/tmp/regio-eci-reference"
DATA = os.path.join(ROOT, "data", "trade_sitc4_1998_2000", "world_trade_avg_1998_to_2000.csv")
OUT = os.path.join(ROOT, "data", "reference", "ecomplexity_sitc4")
COLS = ["--region-col", "country_iso3", "--product-col", "product_sitc4", "--value-col", "export_value_usd"]

os.makedirs(SCRATCH, exist_ok=True)
os.makedirs(OUT, exist_ok=True)
subprocess.run([sys.executable, os.path.join(PEERS, "eci.py"), DATA, "--out", os.path.join(SCRATCH, "eci")] + COLS, check=True)
subprocess.run([sys.executable, os.path.join(PEERS, "proximity.py"), DATA, "--out", os.path.join(SCRATCH, "prox")] + COLS, check=True)

dt = {"region": str, "product": str, "product_1": str, "product_2": str}
regions = pd.read_csv(os.path.join(SCRATCH, "eci", "regions.csv"), dtype=dt)
products = pd.read_csv(os.path.join(SCRATCH, "eci", "products.csv"), dtype=dt)
cells = pd.read_csv(os.path.join(SCRATCH, "eci", "cells.csv"), dtype=dt)
prox = pd.read_csv(os.path.join(SCRATCH, "prox", "proximity_long.csv"), dtype=dt)

r_keep = set(sorted(regions["region"])[::10])
p_keep = set(sorted(products["product"])[::5])
cells = cells[cells["region"].isin(r_keep) & cells["product"].isin(p_keep)]
p1 = set(sorted(products["product"])[::20])
p2 = set(sorted(products["product"])[::4])
prox = prox[prox["product_1"].isin(p1) & prox["product_2"].isin(p2)]

fmt = "%.17g"
regions.to_csv(os.path.join(OUT, "regions.csv"), index=False, float_format=fmt)
products.to_csv(os.path.join(OUT, "products.csv"), index=False, float_format=fmt)
cells[["region", "product", "rca", "mcp", "density", "cog"]].to_csv(
    os.path.join(OUT, "cells.csv"), index=False, float_format=fmt)
prox.to_csv(os.path.join(OUT, "proximity.csv"), index=False, float_format=fmt)
print(f"regions={len(regions)} products={len(products)} cells={len(cells)} proximity={len(prox)} -> {OUT}")
