//! Global Moran's I (Moran 1950) with the normality and randomisation
//! moments of Cliff & Ord (1981, ch. 2) and permutation inference, and the
//! bivariate Moran's I (Wartenberg 1985; Anselin, Syabri & Smirnov 2002),
//! following esda 2.9 (`esda.Moran`, `esda.Moran_BV`) conventions.

use super::{check_input, folded_p, lag, mean_sd, norm_sf, s012};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use regio_core::{Error, Graph, Result, Table};

/// Permutation summary shared by the global statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Permutation {
    /// Number of permutations.
    pub permutations: usize,
    /// Folded one-sided pseudo p-value (esda).
    pub p_sim: f64,
    /// Mean of the permuted statistics.
    pub mean: f64,
    /// Standard deviation (ddof 0) of the permuted statistics.
    pub sd: f64,
    /// `(stat − mean) / sd`.
    pub z_sim: f64,
    /// One-sided normal p-value of `z_sim`.
    pub p_z_sim: f64,
}

impl Permutation {
    pub(crate) fn from_sims(obs: f64, sims: &[f64]) -> Self {
        let (mean, sd) = mean_sd(sims);
        let z_sim = (obs - mean) / sd;
        Permutation {
            permutations: sims.len(),
            p_sim: folded_p(obs, sims),
            mean,
            sd,
            z_sim,
            p_z_sim: norm_sf(z_sim.abs()),
        }
    }
}

/// Global Moran's I and its inference.
#[derive(Debug, Clone, PartialEq)]
pub struct Moran {
    /// Number of units.
    pub n: usize,
    /// `I = n/S0 · z'Wz / z'z`.
    pub i: f64,
    /// `E[I] = −1/(n−1)`.
    pub ei: f64,
    /// Variance under normality.
    pub vi_norm: f64,
    /// z-score under normality.
    pub z_norm: f64,
    /// Two-sided p-value under normality.
    pub p_norm: f64,
    /// Variance under randomisation.
    pub vi_rand: f64,
    /// z-score under randomisation.
    pub z_rand: f64,
    /// Two-sided p-value under randomisation.
    pub p_rand: f64,
    /// Permutation inference (absent with zero permutations).
    pub perm: Option<Permutation>,
    /// Seed of the permutations.
    pub seed: u64,
    /// Units without neighbours (their lag is zero).
    pub islands: usize,
}

fn deviations(y: &[f64], what: &str) -> Result<Vec<f64>> {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let z: Vec<f64> = y.iter().map(|v| v - mean).collect();
    if z.iter().all(|d| d.abs() <= 1e-12 * mean.abs().max(1.0)) {
        return Err(Error::invalid(format!(
            "{what} is undefined for a constant variable (every unit has the value {})",
            y[0]
        )));
    }
    Ok(z)
}

/// Runs `m` seeded permutations of `z` in parallel (stream `p` of `seed` for
/// permutation `p`) and evaluates `stat` on each.
pub(crate) fn permute<F>(z: &[f64], m: usize, seed: u64, stat: F) -> Vec<f64>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    (0..m)
        .into_par_iter()
        .map_init(
            || z.to_vec(),
            |buf, p| {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_stream(p as u64);
                buf.copy_from_slice(z);
                buf.shuffle(&mut rng);
                stat(buf)
            },
        )
        .collect()
}

/// Global Moran's I of `y` over weights `w` (use `w.row_standardized()` for
/// esda's default `"r"` transform) with `permutations` seeded permutations.
pub fn moran(y: &[f64], w: &Graph, permutations: usize, seed: u64) -> Result<Moran> {
    check_input(y, w, "Moran's I")?;
    let z = deviations(y, "Moran's I")?;
    let n = y.len();
    let nf = n as f64;
    let (s0, s1, s2) = s012(w);
    if s0 == 0.0 {
        return Err(Error::invalid(
            "Moran's I is undefined: the weights have no links (every unit is an island)",
        ));
    }
    let z2ss: f64 = z.iter().map(|v| v * v).sum();
    // z'Wz in one pass (no lag vector per permutation).
    let calc = |z: &[f64]| -> f64 {
        let mut inum = 0.0;
        for (i, zi) in z.iter().enumerate() {
            let l = w
                .neighbors(i)
                .iter()
                .zip(w.weights(i))
                .fold(0.0, |s, (&j, &wij)| s + wij * z[j as usize]);
            inum += zi * l;
        }
        nf / s0 * inum / z2ss
    };
    let i = calc(&z);
    let ei = -1.0 / (nf - 1.0);
    // Cliff & Ord (1981) eq. 1.36-1.37 (normality) and 1.38-1.39 (randomisation), as in esda.
    let s02 = s0 * s0;
    let n2 = nf * nf;
    let vi_norm = (n2 * s1 - nf * s2 + 3.0 * s02) / ((nf - 1.0) * (nf + 1.0) * s02)
        - (1.0 / (nf - 1.0)).powi(2);
    let k = (z.iter().map(|v| v.powi(4)).sum::<f64>() / nf) / (z2ss / nf).powi(2);
    let a = nf * ((n2 - 3.0 * nf + 3.0) * s1 - nf * s2 + 3.0 * s02);
    let b = k * ((n2 - nf) * s1 - 2.0 * nf * s2 + 6.0 * s02);
    let vi_rand = (a - b) / ((nf - 1.0) * (nf - 2.0) * (nf - 3.0) * s02) - ei * ei;
    let z_norm = (i - ei) / vi_norm.sqrt();
    let z_rand = (i - ei) / vi_rand.sqrt();
    let perm = (permutations > 0).then(|| {
        let sims = permute(&z, permutations, seed, calc);
        Permutation::from_sims(i, &sims)
    });
    Ok(Moran {
        n,
        i,
        ei,
        vi_norm,
        z_norm,
        p_norm: 2.0 * norm_sf(z_norm.abs()),
        vi_rand,
        z_rand,
        p_rand: 2.0 * norm_sf(z_rand.abs()),
        perm,
        seed,
        islands: w.islands().len(),
    })
}

/// Bivariate Moran's I of `x` against the spatial lag of `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct MoranBivariate {
    /// Number of units.
    pub n: usize,
    /// `I = Σ zx · W zy / (n − 1)` with z standardised (ddof 1).
    pub i: f64,
    /// Permutation inference (permuting `y`).
    pub perm: Option<Permutation>,
    /// Seed of the permutations.
    pub seed: u64,
}

/// Bivariate Moran's I (esda `Moran_BV`): association of `x` with the
/// neighbours' `y`.
pub fn moran_bivariate(
    x: &[f64],
    y: &[f64],
    w: &Graph,
    permutations: usize,
    seed: u64,
) -> Result<MoranBivariate> {
    check_input(x, w, "bivariate Moran's I (x)")?;
    check_input(y, w, "bivariate Moran's I (y)")?;
    let std1 = |v: &[f64], what: &str| -> Result<Vec<f64>> {
        let d = deviations(v, what)?;
        let sd = (d.iter().map(|a| a * a).sum::<f64>() / (v.len() as f64 - 1.0)).sqrt();
        Ok(d.into_iter().map(|a| a / sd).collect())
    };
    let zx = std1(x, "bivariate Moran's I (x)")?;
    let zy = std1(y, "bivariate Moran's I (y)")?;
    let den = x.len() as f64 - 1.0;
    let calc =
        |zy: &[f64]| -> f64 { lag(w, zy).iter().zip(&zx).map(|(l, a)| l * a).sum::<f64>() / den };
    let i = calc(&zy);
    let perm = (permutations > 0)
        .then(|| Permutation::from_sims(i, &permute(&zy, permutations, seed, calc)));
    Ok(MoranBivariate {
        n: x.len(),
        i,
        perm,
        seed,
    })
}

impl Moran {
    /// The result as a one-row table (columns documented).
    pub fn to_table(&self, variable: &str) -> Table {
        let mut t = Table::new("moran");
        let p = self.perm.as_ref();
        t.push_str("variable", "variable tested", vec![variable.to_string()])
            .push_i64("n", "number of units", vec![self.n as i64])
            .push_f64(
                "I",
                "Moran's I = n/S0 · z'Wz / z'z (Moran 1950)",
                vec![self.i],
            )
            .push_f64("EI", "expected I under the null, −1/(n−1)", vec![self.ei])
            .push_f64(
                "VI_norm",
                "variance of I under normality (Cliff & Ord 1981)",
                vec![self.vi_norm],
            )
            .push_f64("z_norm", "z-score under normality", vec![self.z_norm])
            .push_f64(
                "p_norm",
                "two-sided p-value under normality",
                vec![self.p_norm],
            )
            .push_f64(
                "VI_rand",
                "variance of I under randomisation (Cliff & Ord 1981)",
                vec![self.vi_rand],
            )
            .push_f64("z_rand", "z-score under randomisation", vec![self.z_rand])
            .push_f64(
                "p_rand",
                "two-sided p-value under randomisation",
                vec![self.p_rand],
            )
            .push_opt_f64(
                "EI_sim",
                "mean of I over permutations",
                vec![p.map(|p| p.mean)],
            )
            .push_opt_f64(
                "seI_sim",
                "standard deviation of I over permutations",
                vec![p.map(|p| p.sd)],
            )
            .push_opt_f64("z_sim", "(I − EI_sim)/seI_sim", vec![p.map(|p| p.z_sim)])
            .push_opt_f64(
                "p_sim",
                "folded one-sided pseudo p-value, (min(#≥I, m−#≥I)+1)/(m+1) (esda)",
                vec![p.map(|p| p.p_sim)],
            )
            .push_opt_f64(
                "p_z_sim",
                "one-sided normal p-value of z_sim",
                vec![p.map(|p| p.p_z_sim)],
            )
            .push_i64(
                "permutations",
                "number of permutations",
                vec![p.map_or(0, |p| p.permutations as i64)],
            )
            .push_i64(
                "seed",
                "seed of the permutations (ChaCha8)",
                vec![self.seed as i64],
            )
            .push_i64(
                "islands",
                "units without neighbours",
                vec![self.islands as i64],
            );
        t
    }
}
