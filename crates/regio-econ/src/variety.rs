//! Related and unrelated variety: the entropy decomposition of Frenken,
//! Van Oort & Verburg (2007), "Related variety, unrelated variety and regional
//! economic growth", *Regional Studies* 41(5), 685–697.
//!
//! With industry shares `p_i` of a region and groups `S_g` of a code hierarchy
//! (e.g. KSIC 2-digit divisions grouping 5-digit classes), `P_g = Σ_{i∈S_g} p_i`:
//! - total entropy `E = Σ_i p_i log(1/p_i)`,
//! - unrelated variety `UV = Σ_g P_g log(1/P_g)` (entropy between groups),
//! - related variety `RV = Σ_g P_g H_g`, `H_g = Σ_{i∈S_g} (p_i/P_g) log(P_g/p_i)`,
//!
//! and `E = UV + RV` (Theil's decomposition theorem). Zero shares contribute 0.
//! A region with zero total has no shares: all three are missing (`None`).

use crate::specialisation::LogBase;
use crate::view::MatrixRef;
use rayon::prelude::*;
use regio_core::{Error, IndustrySet, Result};

/// Entropy decomposition of every region.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Variety {
    /// Total entropy `E`.
    pub entropy: Vec<Option<f64>>,
    /// Unrelated variety `UV` (between groups).
    pub unrelated: Vec<Option<f64>>,
    /// Related variety `RV` (share-weighted within-group entropy).
    pub related: Vec<Option<f64>>,
}

/// Groups of an industry set from its parent codes: `(group codes, group of
/// each industry)`. Fails naming an industry without a parent.
pub fn hierarchy_groups(industries: &IndustrySet) -> Result<(Vec<String>, Vec<usize>)> {
    industries.groups()
}

/// Related / unrelated variety of every region (rows of `x`), `group[i]` being
/// the group (0..n_groups) of industry (column) `i`.
pub fn variety<'a>(
    x: impl Into<MatrixRef<'a>>,
    group: &[usize],
    n_groups: usize,
    base: LogBase,
) -> Result<Variety> {
    let x = x.into();
    x.check_nonnegative()?;
    if group.len() != x.ncols() {
        return Err(Error::Shape(format!(
            "{} group labels for {} industries",
            group.len(),
            x.ncols()
        )));
    }
    if let Some(i) = group.iter().position(|&g| g >= n_groups) {
        return Err(Error::invalid(format!(
            "industry column {i} is in group {} but there are only {n_groups} groups",
            group[i]
        )));
    }
    let rows: Vec<Option<(f64, f64, f64)>> = (0..x.nrows())
        .into_par_iter()
        .map_init(
            || vec![0.0; n_groups],
            |gsum, r| {
                let row = x.row(r);
                let t: f64 = row.iter().sum();
                if t <= 0.0 {
                    return None;
                }
                gsum.iter_mut().for_each(|v| *v = 0.0);
                let mut e = 0.0;
                for (&v, &g) in row.iter().zip(group) {
                    if v > 0.0 {
                        let p = v / t;
                        e -= p * base.log(p);
                        gsum[g] += p;
                    }
                }
                let mut uv = 0.0;
                for &pg in gsum.iter() {
                    if pg > 0.0 {
                        uv -= pg * base.log(pg);
                    }
                }
                // RV = Σ_g P_g H_g = Σ_i p_i log(P_g / p_i).
                let mut rv = 0.0;
                for (&v, &g) in row.iter().zip(group) {
                    if v > 0.0 {
                        let p = v / t;
                        rv += p * base.log(gsum[g] / p);
                    }
                }
                Some((e, uv, rv))
            },
        )
        .collect();
    let mut out = Variety::default();
    for v in rows {
        out.entropy.push(v.map(|v| v.0));
        out.unrelated.push(v.map(|v| v.1));
        out.related.push(v.map(|v| v.2));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regio_core::{Industry, Matrix};

    #[test]
    fn hand_computed_decomposition() {
        // One region, four industries in two groups: {a1, a2} and {b1, b2},
        // x = (1, 1, 2, 0) → p = (0.25, 0.25, 0.5, 0).
        // E  = 0.25·2 + 0.25·2 + 0.5·1 = 1.5 bits.
        // P_a = 0.5, P_b = 0.5 → UV = 1 bit.
        // H_a = 0.5·log2(2) + 0.5·log2(2) = 1; H_b = 1·log2(1) = 0;
        // RV = 0.5·1 + 0.5·0 = 0.5 bits.  UV + RV = 1.5 = E.
        let x = Matrix::from_rows(&[vec![1.0, 1.0, 2.0, 0.0], vec![0.0; 4]]).unwrap();
        let v = variety(&x, &[0, 0, 1, 1], 2, LogBase::Two).unwrap();
        assert_eq!(v.entropy[0], Some(1.5));
        assert_eq!(v.unrelated[0], Some(1.0));
        assert_eq!(v.related[0], Some(0.5));
        // Empty region: undefined, not NaN.
        assert_eq!(v.entropy[1], None);
        // Natural log: everything scales by ln 2.
        let e = variety(&x, &[0, 0, 1, 1], 2, LogBase::E).unwrap();
        assert!((e.entropy[0].unwrap() - 1.5 * std::f64::consts::LN_2).abs() < 1e-15);
        // Bad group labels.
        assert!(variety(&x, &[0, 0, 1], 2, LogBase::Two).is_err());
        assert!(variety(&x, &[0, 0, 1, 2], 2, LogBase::Two).is_err());
    }

    #[test]
    fn groups_from_hierarchy() {
        let mut s = IndustrySet::from_industries(vec![
            Industry {
                code: "26110".into(),
                name: "".into(),
                parent: None,
            },
            Industry {
                code: "26120".into(),
                name: "".into(),
                parent: None,
            },
            Industry {
                code: "10110".into(),
                name: "".into(),
                parent: None,
            },
        ])
        .unwrap();
        assert!(hierarchy_groups(&s).is_err());
        s.set_parents_by_prefix(2);
        let (g, idx) = hierarchy_groups(&s).unwrap();
        assert_eq!(g, vec!["10".to_string(), "26".to_string()]);
        assert_eq!(idx, vec![1, 1, 0]);
    }
}
