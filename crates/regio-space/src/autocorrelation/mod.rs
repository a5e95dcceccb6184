//! Spatial autocorrelation: global Moran's I (Moran 1950; moments after
//! Cliff & Ord 1981), bivariate Moran (Wartenberg 1985), local Moran / LISA
//! (Anselin 1995) and Getis-Ord G, Gi and Gi* (Getis & Ord 1992; Ord & Getis
//! 1995), with the conventions of PySAL's esda 2.9 (Rey & Anselin 2007), so
//! results can be checked against it. Permutation inference is seeded
//! (ChaCha8, one stream per permutation or per unit) and independent of the
//! number of threads.

pub mod getis;
pub mod local;
pub mod moran;

use regio_core::{Error, Graph, Result};

pub use getis::{getis_ord_global, getis_ord_local, GetisOrd, LocalG};
pub use local::{fdr, local_moran, LocalMoran, Quadrant};
pub use moran::{moran, moran_bivariate, Moran, MoranBivariate};

/// Complementary error function: series (all positive terms) below 2.5 and
/// the Laplace continued fraction above (Abramowitz & Stegun 7.1.6, 7.1.14).
pub fn erfc(t: f64) -> f64 {
    if t.is_nan() {
        return f64::NAN;
    }
    if t < 0.0 {
        return 2.0 - erfc(-t);
    }
    if t < 2.5 {
        let t2 = t * t;
        let (mut term, mut sum) = (t, t);
        let mut k = 0.0;
        loop {
            k += 1.0;
            term *= 2.0 * t2 / (2.0 * k + 1.0);
            sum += term;
            if term <= sum * 1e-17 {
                break;
            }
        }
        1.0 - 2.0 / std::f64::consts::PI.sqrt() * (-t2).exp() * sum
    } else {
        let mut k = t;
        for j in (1..=300).rev() {
            k = t + (j as f64 / 2.0) / k;
        }
        (-t * t).exp() / (std::f64::consts::PI.sqrt() * k)
    }
}

/// Upper tail of the standard normal, `P(Z > x) = erfc(x/√2)/2`.
pub fn norm_sf(x: f64) -> f64 {
    0.5 * erfc(x / std::f64::consts::SQRT_2)
}

/// Checks a variable against a weights graph: same length, all finite.
pub(crate) fn check_input(y: &[f64], w: &Graph, what: &str) -> Result<()> {
    if y.len() != w.len() {
        return Err(Error::Shape(format!(
            "{what}: {} values for a weights graph of {} units",
            y.len(),
            w.len()
        )));
    }
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(Error::InvalidValue {
            value: y[i].to_string(),
            expected: "a finite number (missing values must be dropped or filled first)".into(),
            context: Some(format!("{what}, unit {i}")),
        });
    }
    if y.len() < 4 {
        return Err(Error::invalid(format!(
            "{what} needs at least 4 units, got {}",
            y.len()
        )));
    }
    Ok(())
}

/// Sums of weights S0, S1, S2 (Cliff & Ord 1981): S0 = Σ w, S1 = ½ Σ (w_ij + w_ji)²,
/// S2 = Σ_i (row_i + col_i)².
pub(crate) fn s012(w: &Graph) -> (f64, f64, f64) {
    let n = w.len();
    let mut row = vec![0.0; n];
    let mut col = vec![0.0; n];
    let mut s0 = 0.0;
    let mut s1 = 0.0;
    for (i, ri) in row.iter_mut().enumerate() {
        for (&j, &wij) in w.neighbors(i).iter().zip(w.weights(i)) {
            let j = j as usize;
            s0 += wij;
            *ri += wij;
            col[j] += wij;
            let wji = match w.neighbors(j).binary_search(&(i as u32)) {
                Ok(k) => w.weights(j)[k],
                Err(_) => 0.0,
            };
            // Each ordered pair contributes (w_ij + w_ji)² once; ½ Σ over ordered pairs.
            s1 += 0.5 * (wij + wji) * (wij + wji);
            if wji == 0.0 {
                // The reverse link is absent, so its (identical) term is never visited.
                s1 += 0.5 * wij * wij;
            }
        }
    }
    let s2 = row.iter().zip(&col).map(|(r, c)| (r + c) * (r + c)).sum();
    (s0, s1, s2)
}

/// Spatial lag `(W y)_i = Σ_j w_ij y_j`.
pub fn lag(w: &Graph, y: &[f64]) -> Vec<f64> {
    (0..w.len())
        .map(|i| {
            w.neighbors(i)
                .iter()
                .zip(w.weights(i))
                .fold(0.0, |s, (&j, &wij)| s + wij * y[j as usize])
        })
        .collect()
}

/// Folded pseudo p-value of esda: `(min(#{sim ≥ obs}, m − #{sim ≥ obs}) + 1) / (m + 1)`.
pub(crate) fn folded_p(obs: f64, sims: &[f64]) -> f64 {
    let m = sims.len();
    let mut larger = sims.iter().filter(|&&s| s >= obs).count();
    if m - larger < larger {
        larger = m - larger;
    }
    (larger as f64 + 1.0) / (m as f64 + 1.0)
}

/// Mean and population standard deviation (ddof 0) of simulated values.
pub(crate) fn mean_sd(v: &[f64]) -> (f64, f64) {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len() as f64;
    (m, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_published_values() {
        // Reference values of erfc (Abramowitz & Stegun Table 7.1; 16 digits as given by mpmath).
        let cases = [
            (0.0, 1.0),
            (0.5, 0.4795001221869535),
            (1.0, 0.15729920705028513),
            (2.0, 0.004677734981047266),
            (2.5, 0.000_406_952_017_444_959),
            (3.0, 2.209049699858544e-05),
            (5.0, 1.537_459_794_428_035e-12),
        ];
        for (x, v) in cases {
            let got = erfc(x);
            assert!(
                ((got - v) / v).abs() < 1e-12,
                "erfc({x}) = {got}, expected {v}"
            );
        }
        // Φ(-1.959963984540054) = 0.025.
        assert!((norm_sf(1.959963984540054) - 0.025).abs() < 1e-15);
        assert!((erfc(-1.0) - (2.0 - 0.15729920705028513)).abs() < 1e-15);
    }

    #[test]
    fn weight_sums() {
        // Path 0-1-2, binary symmetric: S0 = 4; S1 = ½·4 links·(1+1)² = 8;
        // row=col=(1,2,1) → S2 = 2²+4²+2² = 24.
        let w = Graph::from_lists(vec![vec![1], vec![0, 2], vec![1]]).unwrap();
        assert_eq!(s012(&w), (4.0, 8.0, 24.0));
        // One-way link 0→1 with weight 2: S0 = 2, S1 = ½(2²+2²) = 4, S2 = 2²+2² = 8.
        let w = Graph::from_weighted_lists(vec![vec![(1, 2.0)], vec![]]).unwrap();
        assert_eq!(s012(&w), (2.0, 4.0, 8.0));
    }
}
