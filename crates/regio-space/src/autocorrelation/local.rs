//! Local Moran's I, LISA (Anselin 1995, "Local Indicators of Spatial
//! Association — LISA", Geographical Analysis 27:93-115), with conditional
//! permutation inference and the Benjamini-Hochberg false-discovery-rate
//! cut-off (Benjamini & Hochberg 1995), following esda 2.9 (`Moran_Local`,
//! `esda.fdr`): z with ddof 0, `Is_i = (n−1) z_i (Wz)_i / Σ z²`, quadrants
//! with strict `> 0` tests, folded pseudo p-values.

use super::{check_input, folded_p, lag, mean_sd, norm_sf};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use regio_core::{Error, Graph, Result, Table};

/// LISA quadrant of a unit (esda's `q`: 1=HH, 2=LH, 3=LL, 4=HL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quadrant {
    /// High value, high neighbours.
    HH = 1,
    /// Low value, high neighbours.
    LH = 2,
    /// Low value, low neighbours.
    LL = 3,
    /// High value, low neighbours.
    HL = 4,
}

impl Quadrant {
    /// Quadrant from the standardised value and its lag (`> 0` is high; zero is low).
    pub fn of(z: f64, lag: f64) -> Self {
        match (z > 0.0, lag > 0.0) {
            (true, true) => Quadrant::HH,
            (false, true) => Quadrant::LH,
            (false, false) => Quadrant::LL,
            (true, false) => Quadrant::HL,
        }
    }

    /// Label ("HH", "LH", "LL", "HL").
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::HH => "HH",
            Quadrant::LH => "LH",
            Quadrant::LL => "LL",
            Quadrant::HL => "HL",
        }
    }
}

/// Local Moran statistics per unit.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalMoran {
    /// `Is_i`.
    pub is: Vec<f64>,
    /// Standardised values `z_i = (y_i − ȳ)/sd` (ddof 0).
    pub z: Vec<f64>,
    /// Spatial lag of z.
    pub lag_z: Vec<f64>,
    /// Quadrant per unit.
    pub q: Vec<Quadrant>,
    /// Folded pseudo p-value per unit (empty without permutations).
    pub p_sim: Vec<f64>,
    /// Mean of the conditional permutations per unit.
    pub ei_sim: Vec<f64>,
    /// Standard deviation (ddof 0) of the conditional permutations.
    pub sei_sim: Vec<f64>,
    /// `(Is − EI_sim)/seI_sim`.
    pub z_sim: Vec<f64>,
    /// One-sided normal p-value of `z_sim`.
    pub p_z_sim: Vec<f64>,
    /// Number of permutations.
    pub permutations: usize,
    /// Seed.
    pub seed: u64,
}

/// Draws `k` distinct indices from `0..n` without `skip` into `out`.
pub(crate) fn draw_others(
    rng: &mut ChaCha8Rng,
    n: usize,
    skip: usize,
    k: usize,
    out: &mut Vec<usize>,
    pool: &mut Vec<usize>,
) {
    out.clear();
    if k * 2 <= n {
        while out.len() < k {
            let mut r = rng.random_range(0..n - 1);
            if r >= skip {
                r += 1;
            }
            if !out.contains(&r) {
                out.push(r);
            }
        }
    } else {
        // Dense rows: partial Fisher-Yates over the other n−1 units.
        pool.clear();
        pool.extend((0..n).filter(|&j| j != skip));
        for t in 0..k {
            let r = rng.random_range(t..pool.len());
            pool.swap(t, r);
            out.push(pool[t]);
        }
    }
}

/// Conditional permutation: for each unit `i`, `m` draws of its neighbours'
/// values from the other units' values `v`; `stat(i, l)` turns one draw's
/// weighted sum `l = Σ_t w_it v_(drawn t)` (weights in the neighbour order)
/// into the local statistic. Returns per unit the folded pseudo p-value,
/// mean and sd of the simulated statistics. An island (no neighbours) has
/// no permutation distribution (every draw equals the observed value): its
/// p-value is NaN (missing in tables, never significant), where esda
/// reports `1/(m+1)`.
pub(crate) fn conditional<F>(
    w: &Graph,
    m: usize,
    seed: u64,
    obs: &[f64],
    v: &[f64],
    stat: F,
) -> Vec<(f64, f64, f64)>
where
    F: Fn(usize, f64) -> f64 + Sync,
{
    let n = w.len();
    let kmax = (0..n).map(|i| w.degree(i)).max().unwrap_or(0);
    if kmax <= 64 && kmax < n {
        // As esda's `crand`: one table of m draws of kmax distinct indices
        // from 0..n−1 (stream p of `seed` for draw p), shared by all units;
        // unit i uses the first k_i of each draw, indices ≥ i shifted by one
        // so that i itself is never drawn. The values at r and r + 1 are
        // gathered once per table cell, so the per-unit loop reads the small
        // table sequentially instead of v at random.
        let table: Vec<Vec<usize>> = (0..m)
            .into_par_iter()
            .map_init(
                || (Vec::new(), Vec::new()),
                |(out, pool), p| {
                    let mut rng = ChaCha8Rng::seed_from_u64(seed);
                    rng.set_stream(p as u64);
                    draw_others(&mut rng, n, n - 1, kmax, out, pool);
                    out.clone()
                },
            )
            .collect();
        let idx: Vec<u32> = table.iter().flatten().map(|&r| r as u32).collect();
        let lo: Vec<f64> = table.iter().flatten().map(|&r| v[r]).collect();
        let hi: Vec<f64> = table.iter().flatten().map(|&r| v[r + 1]).collect();
        return (0..n)
            .into_par_iter()
            .map_init(
                || Vec::with_capacity(m),
                |sims, i| {
                    sims.clear();
                    let wi = w.weights(i);
                    let k = wi.len();
                    let iu = i as u32;
                    for p in 0..m {
                        let b = p * kmax;
                        let (ix, l, h) = (&idx[b..b + k], &lo[b..b + k], &hi[b..b + k]);
                        let mut s = 0.0;
                        for t in 0..k {
                            s += wi[t] * if ix[t] >= iu { h[t] } else { l[t] };
                        }
                        sims.push(stat(i, s));
                    }
                    let (mean, sd) = mean_sd(sims);
                    (island_p(k, obs[i], sims), mean, sd)
                },
            )
            .collect();
    }
    // Dense rows: independent draws per unit (stream i of `seed`).
    (0..n)
        .into_par_iter()
        .map_init(
            || (Vec::new(), Vec::new(), Vec::with_capacity(m)),
            |(out, pool, sims), i| {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_stream(i as u64);
                sims.clear();
                let wi = w.weights(i);
                let k = wi.len();
                for _ in 0..m {
                    draw_others(&mut rng, n, i, k, out, pool);
                    let s = out.iter().zip(wi).fold(0.0, |s, (&j, &wij)| s + wij * v[j]);
                    sims.push(stat(i, s));
                }
                let (mean, sd) = mean_sd(sims);
                (island_p(k, obs[i], sims), mean, sd)
            },
        )
        .collect()
}

/// Folded pseudo p-value, NaN for an island (`k` = 0 neighbours).
fn island_p(k: usize, obs: f64, sims: &[f64]) -> f64 {
    if k == 0 {
        f64::NAN
    } else {
        folded_p(obs, sims)
    }
}

/// Local Moran's I of `y` over weights `w` (row-standardise first for esda's
/// default) with `permutations` conditional permutations.
pub fn local_moran(y: &[f64], w: &Graph, permutations: usize, seed: u64) -> Result<LocalMoran> {
    check_input(y, w, "local Moran's I")?;
    let n = y.len();
    let nf = n as f64;
    let mean = y.iter().sum::<f64>() / nf;
    let sd = (y.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / nf).sqrt();
    if sd <= 1e-12 * mean.abs().max(1.0) {
        return Err(Error::invalid(format!(
            "local Moran's I is undefined for a constant variable (every unit has the value {})",
            y[0]
        )));
    }
    let z: Vec<f64> = y.iter().map(|v| (v - mean) / sd).collect();
    let lag_z = lag(w, &z);
    let z2ss: f64 = z.iter().map(|v| v * v).sum();
    let scale = (nf - 1.0) / z2ss;
    let is: Vec<f64> = z.iter().zip(&lag_z).map(|(a, l)| scale * a * l).collect();
    let q = z
        .iter()
        .zip(&lag_z)
        .map(|(&a, &l)| Quadrant::of(a, l))
        .collect();
    let mut out = LocalMoran {
        is,
        z,
        lag_z,
        q,
        p_sim: vec![],
        ei_sim: vec![],
        sei_sim: vec![],
        z_sim: vec![],
        p_z_sim: vec![],
        permutations,
        seed,
    };
    if permutations > 0 {
        let zr = &out.z;
        let sims = conditional(w, permutations, seed, &out.is, zr, |i, l| scale * zr[i] * l);
        for (i, (p, m, s)) in sims.into_iter().enumerate() {
            let zs = (out.is[i] - m) / s;
            out.p_sim.push(p);
            out.ei_sim.push(m);
            out.sei_sim.push(s);
            out.z_sim.push(zs);
            out.p_z_sim.push(norm_sf(zs.abs()));
        }
    }
    Ok(out)
}

/// Benjamini-Hochberg cut-off as computed by esda's `fdr`: the largest
/// `k·α/n` with `p_(k) < k·α/n` (p sorted ascending), or `α/n` when none.
/// A unit is significant when its p-value is below the cut-off. Missing
/// (NaN) p-values, i.e. islands, are not tests and do not count in `n`.
pub fn fdr(p: &[f64], alpha: f64) -> f64 {
    let mut s: Vec<f64> = p.iter().copied().filter(|x| x.is_finite()).collect();
    let n = s.len();
    if n == 0 {
        return alpha;
    }
    s.sort_by(|a, b| a.total_cmp(b));
    let nf = n as f64;
    (1..=n)
        .rev()
        .map(|k| (k, k as f64 * alpha / nf))
        .find(|&(k, c)| s[k - 1] < c)
        .map_or(alpha / nf, |(_, c)| c)
}

impl LocalMoran {
    /// The result as a table keyed by region code, with the LISA cluster at
    /// significance `alpha` (optionally FDR-adjusted).
    pub fn to_table(&self, codes: &[String], alpha: f64, use_fdr: bool) -> Table {
        let n = self.is.len();
        let has_p = !self.p_sim.is_empty();
        let cut = if use_fdr && has_p {
            fdr(&self.p_sim, alpha)
        } else {
            alpha
        };
        let opt = |v: &Vec<f64>| -> Vec<Option<f64>> {
            if v.is_empty() {
                vec![None; n]
            } else {
                v.iter().map(|&x| Some(x)).collect()
            }
        };
        let cluster: Vec<String> = (0..n)
            .map(|i| {
                let sig = if has_p {
                    if use_fdr {
                        self.p_sim[i] < cut
                    } else {
                        self.p_sim[i] <= cut
                    }
                } else {
                    false
                };
                if sig {
                    self.q[i].label().to_string()
                } else {
                    "ns".to_string()
                }
            })
            .collect();
        let mut t = Table::new("lisa");
        t.push_str("region", "region code", codes.to_vec())
            .push_f64("Is", "local Moran Is_i = (n−1) z_i (Wz)_i / Σz² (Anselin 1995; esda)", self.is.clone())
            .push_f64("z", "standardised value (y − mean)/sd, ddof 0", self.z.clone())
            .push_f64("lag_z", "spatial lag of z", self.lag_z.clone())
            .push_i64("q", "quadrant: 1=HH, 2=LH, 3=LL, 4=HL (strict > 0 tests)", self.q.iter().map(|&q| q as i64).collect())
            .push_str("quadrant", "quadrant label", self.q.iter().map(|q| q.label().to_string()).collect())
            .push_opt_f64("EI_sim", "mean of the conditional permutations", opt(&self.ei_sim))
            .push_opt_f64("seI_sim", "standard deviation of the conditional permutations", opt(&self.sei_sim))
            .push_opt_f64("z_sim", "(Is − EI_sim)/seI_sim", opt(&self.z_sim))
            .push_opt_f64("p_sim", "folded pseudo p-value of the conditional permutation (esda)", opt(&self.p_sim))
            .push_opt_f64("p_z_sim", "one-sided normal p-value of z_sim", opt(&self.p_z_sim))
            .push_str(
                "cluster",
                if use_fdr {
                    "LISA cluster: quadrant where p_sim is below the Benjamini-Hochberg FDR cut-off, else ns"
                } else {
                    "LISA cluster: quadrant where p_sim <= alpha, else ns"
                },
                cluster,
            );
        t.with_region_key("region")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fdr_hand_case() {
        // p sorted: .001 .008 .039 .041 .20, n=5, α=.05 → k·α/n = .01 .02 .03 .04 .05.
        // Largest k with p_(k) < kα/n: k=2 (.008 < .02; k=3: .039 ≥ .03; k=4: .041 ≥ .04; k=5: .2 ≥ .05).
        assert!((fdr(&[0.2, 0.041, 0.001, 0.039, 0.008], 0.05) - 0.02).abs() < 1e-15);
        // None significant: Bonferroni α/n.
        assert!((fdr(&[0.5, 0.9], 0.05) - 0.025).abs() < 1e-15);
    }

    #[test]
    fn quadrants_strict() {
        assert_eq!(Quadrant::of(0.0, 1.0), Quadrant::LH);
        assert_eq!(Quadrant::of(1.0, 0.0), Quadrant::HL);
        assert_eq!(Quadrant::of(0.0, 0.0), Quadrant::LL);
        assert_eq!(Quadrant::of(2.0, 3.0) as i64, 1);
    }

    #[test]
    fn draws_are_distinct_and_skip_self() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let (mut out, mut pool) = (Vec::new(), Vec::new());
        for k in [1, 3, 6, 9] {
            draw_others(&mut rng, 10, 4, k, &mut out, &mut pool);
            let mut s = out.clone();
            s.sort_unstable();
            s.dedup();
            assert_eq!(s.len(), k);
            assert!(!out.contains(&4) && out.iter().all(|&j| j < 10));
        }
    }
}
