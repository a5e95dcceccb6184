"""Regenerates the mapclassify reference bins used by regio-report's tests.

Run with the peer venv: /work/venv-peers/bin/python generate.py
"""
import csv

import mapclassify as mc

y = mc.load_example()  # calemp: employment density of California's 58 counties
with open("calemp.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["emp_per_sq_km"])
    for v in y:
        w.writerow([repr(float(v))])

rows = []
for k in (3, 4, 5, 6, 7):
    for name, cls in (("quantiles", mc.Quantiles), ("equal", mc.EqualInterval), ("jenks", mc.FisherJenks)):
        c = cls(y, k=k)
        for i, (b, n) in enumerate(zip(c.bins, c.counts)):
            rows.append([name, k, i, repr(float(b)), int(n)])
c = mc.UserDefined(y, bins=[20, 100, 1000])
for i, (b, n) in enumerate(zip(c.bins, c.counts)):
    rows.append(["breaks:20,100,1000", len(c.bins), i, repr(float(b)), int(n)])
with open("bins.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["scheme", "k", "class", "upper_bound", "count"])
    w.writerows(rows)
