//! Getis-Ord statistics: the global G (Getis & Ord 1992, "The Analysis of
//! Spatial Association by Use of Distance Statistics", Geographical Analysis
//! 24:189-206) and the local Gi / Gi* (Ord & Getis 1995, Geographical
//! Analysis 27:286-306), following esda 2.9 (`esda.G`, `esda.G_Local`).

use super::local::conditional;
use super::moran::{permute, Permutation};
use super::{check_input, norm_sf, s012};
use regio_core::{Error, Graph, Result, Table};

/// Global Getis-Ord G.
#[derive(Debug, Clone, PartialEq)]
pub struct GetisOrd {
    /// Number of units.
    pub n: usize,
    /// `G = Σ_ij w_ij y_i y_j / Σ_{i≠j} y_i y_j`.
    pub g: f64,
    /// `E[G] = S0 / (n(n−1))`.
    pub eg: f64,
    /// Variance of G (Getis & Ord 1992, eq. 8-9).
    pub vg: f64,
    /// z-score under normality.
    pub z_norm: f64,
    /// One-sided p-value `P(Z > |z|)` (esda).
    pub p_norm: f64,
    /// Permutation inference.
    pub perm: Option<Permutation>,
}

/// Refuses a constant variable: every G equals its expectation, the variance
/// is zero and z is undefined.
fn check_not_constant(y: &[f64], what: &str) -> Result<()> {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let sd = (y.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt();
    if sd <= 1e-12 * mean.abs().max(1.0) {
        return Err(Error::invalid(format!(
            "{what} is undefined for a constant variable (every unit has the value {}): its variance is zero",
            y[0]
        )));
    }
    Ok(())
}

fn check_nonnegative(y: &[f64], what: &str) -> Result<()> {
    if let Some(i) = y.iter().position(|&v| v < 0.0) {
        return Err(Error::InvalidValue {
            value: y[i].to_string(),
            expected: "a non-negative value (Getis-Ord G is defined for non-negative variables)"
                .into(),
            context: Some(format!("{what}, unit {i}")),
        });
    }
    Ok(())
}

/// Global Getis-Ord G of non-negative `y` over weights `w` (esda uses binary weights).
pub fn getis_ord_global(y: &[f64], w: &Graph, permutations: usize, seed: u64) -> Result<GetisOrd> {
    check_input(y, w, "Getis-Ord G")?;
    check_nonnegative(y, "Getis-Ord G")?;
    check_not_constant(y, "Getis-Ord G")?;
    let n = y.len();
    let nf = n as f64;
    let (s0, s1, s2) = s012(w);
    let sy: f64 = y.iter().sum();
    let sy2: f64 = y.iter().map(|v| v * v).sum();
    let sy3: f64 = y.iter().map(|v| v.powi(3)).sum();
    let sy4: f64 = y.iter().map(|v| v.powi(4)).sum();
    let den = sy * sy - sy2;
    if den <= 0.0 || s0 == 0.0 {
        return Err(Error::invalid(
            "Getis-Ord G is undefined: fewer than two units have a positive value, or the weights have no links",
        ));
    }
    let calc = |v: &[f64]| -> f64 {
        let mut num = 0.0;
        for i in 0..n {
            for (&j, &wij) in w.neighbors(i).iter().zip(w.weights(i)) {
                num += wij * v[i] * v[j as usize];
            }
        }
        num / den
    };
    let g = calc(y);
    let eg = s0 / (nf * (nf - 1.0));
    let (n2, s02) = (nf * nf, s0 * s0);
    let b0 = (n2 - 3.0 * nf + 3.0) * s1 - nf * s2 + 3.0 * s02;
    let b1 = -((n2 - nf) * s1 - 2.0 * nf * s2 + 6.0 * s02);
    let b2 = -(2.0 * nf * s1 - (nf + 3.0) * s2 + 6.0 * s02);
    let b3 = 4.0 * (nf - 1.0) * s1 - 2.0 * (nf + 1.0) * s2 + 8.0 * s02;
    let b4 = s1 - s2 + s02;
    let eg2 = (b0 * sy2 * sy2 + b1 * sy4 + b2 * sy * sy * sy2 + b3 * sy * sy3 + b4 * sy.powi(4))
        / (den * den * nf * (nf - 1.0) * (nf - 2.0) * (nf - 3.0));
    let vg = eg2 - eg * eg;
    let z_norm = (g - eg) / vg.sqrt();
    let perm = (permutations > 0)
        .then(|| Permutation::from_sims(g, &permute(y, permutations, seed, calc)));
    Ok(GetisOrd {
        n,
        g,
        eg,
        vg,
        z_norm,
        p_norm: norm_sf(z_norm.abs()),
        perm,
    })
}

/// Local Getis-Ord Gi (or Gi* with the unit itself included).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalG {
    /// True for Gi*.
    pub star: bool,
    /// `G_i = Σ_j w_ij y_j / (Σ y − y_i)` (Gi*: self included, denominator Σ y).
    pub gs: Vec<f64>,
    /// Expected value per unit.
    pub egs: Vec<f64>,
    /// Variance per unit.
    pub vgs: Vec<f64>,
    /// z-score per unit (positive: hot spot, negative: cold spot).
    pub zs: Vec<f64>,
    /// One-sided normal p-value `P(Z > |z|)`.
    pub p_norm: Vec<f64>,
    /// Folded pseudo p-value from conditional permutation (empty without).
    pub p_sim: Vec<f64>,
    /// Mean of the permuted G_i per unit (empty without permutations).
    pub eg_sim: Vec<f64>,
    /// Standard deviation (ddof 0) of the permuted G_i per unit (empty without).
    pub seg_sim: Vec<f64>,
}

/// Local Gi / Gi* of non-negative `y`; `w` as given (binary or weighted, no
/// self links); `row_standardize` applies esda's `"R"` transform after the
/// self weight (Gi*: the row's largest weight) is added.
///
/// Conventions (esda 2.9 `G_Local`, checked against it on the PySAL examples):
/// `G_i = Σ_j w_ij y_j / (Σ y − y_i)` (Gi*: self term included, denominator `Σ y`);
/// `E[G_i] = W_i/N`, `V[G_i] = W_i(N − W_i)/((N − 1)N²) · s²/ȳ²` with
/// `N = n − 1` (Gi) or `n` (Gi*), `W_i` the row sum after the transform and
/// `ȳ`, `s²` (ddof 0) over the `N` values other than `y_i` (Gi) or all (Gi*);
/// `p_norm = P(Z > |z|)` (one-sided); conditional permutation of the other
/// `n − 1` values with the folded pseudo p-value. Islands differ from esda:
/// under Gi* an island keeps its self weight 1 in both transforms (esda's
/// `"R"` gives it weight 0, G = 0 and z = NaN), so `G*_i = y_i/Σ y` as with
/// binary weights; islands get no permutation p-value (missing), as a
/// one-point permutation distribution tests nothing.
pub fn getis_ord_local(
    y: &[f64],
    w: &Graph,
    star: bool,
    row_standardize: bool,
    permutations: usize,
    seed: u64,
) -> Result<LocalG> {
    check_input(y, w, "local Getis-Ord G")?;
    check_nonnegative(y, "local Getis-Ord G")?;
    check_not_constant(y, "local Getis-Ord G")?;
    let n = y.len();
    let sy: f64 = y.iter().sum();
    let sy2: f64 = y.iter().map(|v| v * v).sum();
    if sy <= 0.0 {
        return Err(Error::invalid(
            "local Getis-Ord G is undefined: the variable sums to zero",
        ));
    }
    // Per unit: neighbour weights and self weight after the transform.
    let mut selfw = vec![0.0; n];
    let mut scale = vec![1.0; n];
    for i in 0..n {
        let ws = w.weights(i);
        if star {
            // esda fills the diagonal with 1 (binary) or the row's largest weight.
            selfw[i] = if ws.is_empty() {
                1.0
            } else {
                ws.iter().copied().fold(f64::MIN, f64::max)
            };
        }
        if row_standardize {
            let s: f64 = ws.iter().sum::<f64>() + selfw[i];
            if s > 0.0 {
                scale[i] = 1.0 / s;
            }
        }
    }
    let remove_self = if star { 0.0 } else { 1.0 };
    let nn = n as f64 - remove_self;
    let mut out = LocalG {
        star,
        gs: vec![],
        egs: vec![],
        vgs: vec![],
        zs: vec![],
        p_norm: vec![],
        p_sim: vec![],
        eg_sim: vec![],
        seg_sim: vec![],
    };
    for i in 0..n {
        let lag: f64 = w
            .neighbors(i)
            .iter()
            .zip(w.weights(i))
            .map(|(&j, &wij)| wij * y[j as usize])
            .sum::<f64>()
            + selfw[i] * y[i];
        let denom = sy - y[i] * remove_self;
        let g = scale[i] * lag / denom;
        let emean = (sy - y[i] * remove_self) / nn;
        let evar = (sy2 - y[i] * y[i] * remove_self) / nn - emean * emean;
        let card = scale[i] * (w.weights(i).iter().sum::<f64>() + selfw[i]);
        let eg = card / nn;
        let vg = card * (nn - card) / (nn - 1.0) / (nn * nn) * evar / (emean * emean);
        let z = (g - eg) / vg.sqrt();
        out.gs.push(g);
        out.egs.push(eg);
        out.vgs.push(vg);
        out.zs.push(z);
        out.p_norm.push(norm_sf(z.abs()));
    }
    if permutations > 0 {
        let sims = conditional(w, permutations, seed, &out.gs, y, |i, l| {
            scale[i] * (l + selfw[i] * y[i]) / (sy - y[i] * remove_self)
        });
        for (p, mean, sd) in sims {
            out.p_sim.push(p);
            out.eg_sim.push(mean);
            out.seg_sim.push(sd);
        }
    }
    Ok(out)
}

impl LocalG {
    /// The result as a table keyed by region code; `hotspot` labels units
    /// with p ≤ alpha (permutation p when available) as "hot"/"cold".
    pub fn to_table(&self, codes: &[String], alpha: f64) -> Table {
        let n = self.gs.len();
        let p: Vec<f64> = if self.p_sim.is_empty() {
            self.p_norm.clone()
        } else {
            self.p_sim.clone()
        };
        let label = (0..n)
            .map(|i| {
                if p[i] <= alpha && self.zs[i] > 0.0 {
                    "hot"
                } else if p[i] <= alpha && self.zs[i] < 0.0 {
                    "cold"
                } else {
                    "ns"
                }
                .to_string()
            })
            .collect();
        let mut t = Table::new(if self.star {
            "getis_ord_gi_star"
        } else {
            "getis_ord_gi"
        });
        t.push_str("region", "region code", codes.to_vec())
            .push_f64(
                "G",
                "local G_i = Σ_j w_ij y_j / Σ_{j(≠i)} y_j (Ord & Getis 1995)",
                self.gs.clone(),
            )
            .push_f64("EG", "expected G_i", self.egs.clone())
            .push_f64("VG", "variance of G_i", self.vgs.clone())
            .push_f64("Z", "z-score of G_i (positive: hot spot)", self.zs.clone())
            .push_f64(
                "p_norm",
                "one-sided normal p-value of |Z|",
                self.p_norm.clone(),
            )
            .push_opt_f64(
                "p_sim",
                "folded pseudo p-value of the conditional permutation",
                if self.p_sim.is_empty() {
                    vec![None; n]
                } else {
                    self.p_sim.iter().map(|&x| Some(x)).collect()
                },
            )
            .push_str(
                "hotspot",
                "hot / cold where the p-value (permutation when run) <= alpha, else ns",
                label,
            );
        t.with_region_key("region")
    }
}

impl GetisOrd {
    /// The result as a one-row table.
    pub fn to_table(&self, variable: &str) -> Table {
        let p = self.perm.as_ref();
        let mut t = Table::new("getis_ord_g");
        t.push_str("variable", "variable tested", vec![variable.to_string()])
            .push_i64("n", "number of units", vec![self.n as i64])
            .push_f64(
                "G",
                "global G = Σ w_ij y_i y_j / Σ_{i≠j} y_i y_j (Getis & Ord 1992)",
                vec![self.g],
            )
            .push_f64("EG", "expected G, S0/(n(n−1))", vec![self.eg])
            .push_f64("VG", "variance of G (Getis & Ord 1992)", vec![self.vg])
            .push_f64("z_norm", "z-score under normality", vec![self.z_norm])
            .push_f64(
                "p_norm",
                "one-sided normal p-value of |z|",
                vec![self.p_norm],
            )
            .push_opt_f64("p_sim", "folded pseudo p-value", vec![p.map(|p| p.p_sim)])
            .push_opt_f64("z_sim", "(G − mean_sim)/sd_sim", vec![p.map(|p| p.z_sim)]);
        t
    }
}
