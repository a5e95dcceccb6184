#!/usr/bin/env python3
"""Reference output of esda's Getis-Ord G (global) and G_Local (Gi, Gi*) for regio's tests.

Usage: moran_getis_reference.py INPUT --var NAME --out DIR [--permutations 999] [--seed 12345]

Weights: libpysal Queen.from_dataframe (use_index=False), a fresh copy per statistic because
esda changes `w.transform` in place.
  * global G: esda.getisord.G(y, w) -- esda forces the binary transform ("B");
    permutations from numpy's global RNG (np.random.seed(seed) right before the call).
  * local: esda.getisord.G_Local(y, w, transform=T, star=S, seed=seed, n_jobs=1) for
    T in {"R", "B"}, S in {False, True}. With star=True and binary input weights esda
    puts a self weight of 1 on the diagonal before the transform (so "R" gives 1/(k+1)).
Output:
  global.csv  key,value: n, G, EG, VG, z_norm, p_norm (one-sided, P(Z > |z|)), p_sim, EG_sim,
              seG_sim, z_sim, p_z_sim, permutations, seed
  local.csv   row, y, then for each variant v in r, b, r_star, b_star:
              G_v, EG_v, VG_v, Z_v, p_norm_v, p_sim_v, EG_sim_v, seG_sim_v
"""
import argparse
import os
import warnings

import numpy as np


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("--var", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--permutations", type=int, default=999)
    ap.add_argument("--seed", type=int, default=12345)
    args = ap.parse_args(argv)

    import esda
    import geopandas as gpd
    import libpysal
    import pandas as pd
    from esda.getisord import G, G_Local

    assert esda.__version__ == "2.9.0", esda.__version__
    gdf = gpd.read_file(args.input).reset_index(drop=True)
    y = gdf[args.var].to_numpy(dtype=float)

    def weights():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return libpysal.weights.Queen.from_dataframe(gdf, use_index=False, silence_warnings=True)

    np.random.seed(args.seed)
    g = G(y, weights(), permutations=args.permutations)
    glob = {"n": len(y), "G": g.G, "EG": g.EG, "VG": g.VG, "z_norm": g.z_norm, "p_norm": g.p_norm,
            "p_sim": g.p_sim, "EG_sim": g.EG_sim, "seG_sim": g.seG_sim, "z_sim": g.z_sim,
            "p_z_sim": g.p_z_sim, "permutations": args.permutations, "seed": args.seed}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "global.csv"), "w") as f:
        f.write("key,value\n")
        for k, v in glob.items():
            f.write(f"{k},{v:.17g}\n" if isinstance(v, (float, np.floating)) else f"{k},{v}\n")

    cols = {"row": np.arange(len(y)), "y": y}
    for tr in ("R", "B"):
        for star in (False, True):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                lg = G_Local(y, weights(), transform=tr, star=star, permutations=args.permutations,
                             seed=args.seed, n_jobs=1)
            v = tr.lower() + ("_star" if star else "")
            cols[f"G_{v}"] = lg.Gs
            cols[f"EG_{v}"] = lg.EGs
            cols[f"VG_{v}"] = lg.VGs
            cols[f"Z_{v}"] = lg.Zs
            cols[f"p_norm_{v}"] = lg.p_norm
            cols[f"p_sim_{v}"] = lg.p_sim
            cols[f"EG_sim_{v}"] = lg.EG_sim
            cols[f"seG_sim_{v}"] = lg.seG_sim
    pd.DataFrame(cols).to_csv(os.path.join(args.out, "local.csv"), index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
