#!/usr/bin/env python3
"""Reference max-p results of PySAL spopt on the Mexico states (libpysal example).

Runs /work/shared/peers/maxp.py (spopt.region.MaxPHeuristic, queen contiguity, defaults
top_n=2, construction 99, SA 10) for three documented settings and seeds 0..9, and writes
data/reference/spopt_maxp/mexico_runs.csv (setting, seed, p, heterogeneity_l1) plus the
queen edges spopt used (mexico_queen_edges.csv).

Usage: /work/venv-peers/bin/python bench/peers/maxp_mexico_reference.py
"""
import csv
import os
import subprocess
import sys
import tempfile

import geopandas as gpd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEER = os.environ.get("REGIO_PEERS", "/work/shared/peers") + "/maxp.py"
OUT = os.path.join(ROOT, "data", "reference", "spopt_maxp")
YEARS = ",".join(f"PCGDP{y}" for y in range(1950, 2010, 10))
SETTINGS = [
    ("count4", "count", 4, YEARS),
    ("count10", "count", 10, YEARS),
    ("count5_pcgdp2000", "count", 5, "PCGDP2000"),
]


def write_attrs(gdf):
    """The attributes in spopt's row order (the shapefile's), for the Rust tests."""
    cols = ["NAME"] + [f"PCGDP{y}" for y in range(1940, 2010, 10)]
    gdf[cols].rename_axis("row").to_csv(os.path.join(OUT, "mexico_attrs.csv"))


def main():
    gdf = gpd.read_file(os.path.join(ROOT, "data", "pysal_examples", "mexico", "mexicojoin.shp"))
    gdf["count"] = 1
    os.makedirs(OUT, exist_ok=True)
    write_attrs(gdf)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "mexico.geojson")
        gdf.to_file(src, driver="GeoJSON")
        for name, var, thr, attrs in SETTINGS:
            for seed in range(10):
                od = os.path.join(tmp, f"{name}_{seed}")
                subprocess.run([sys.executable, PEER, src, "--out", od, "--threshold-var", var,
                                "--threshold", str(thr), "--attrs", attrs, "--seed", str(seed)],
                               check=True, capture_output=True)
                s = dict(csv.reader(open(os.path.join(od, "summary.csv"))))
                rows.append([name, var, thr, attrs.replace(",", ";"), seed, s["p"], s["heterogeneity_l1"],
                             s["seconds_solve"]])
                print(rows[-1], flush=True)
        edges = open(os.path.join(tmp, "count4_0", "weights.csv")).read()
    with open(os.path.join(OUT, "mexico_runs.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["setting", "threshold_var", "threshold", "attrs", "seed", "p", "heterogeneity_l1", "seconds_solve"])
        w.writerows(rows)
    with open(os.path.join(OUT, "mexico_queen_edges.csv"), "w") as f:
        f.write(edges)


if __name__ == "__main__":
    main()
