//! Size-distribution indicators of an urban / regional system: primacy
//! (Jefferson 1939; the 4-city index of Ginsburg 1961), the rank-size
//! (Zipf/Pareto) exponent estimated by OLS on ln(rank − ½) (Gabaix &
//! Ibragimov 2011, "Rank − 1/2: A Simple Way to Improve the OLS Estimation of
//! Tail Exponents", JBES 29:24-39), and the share of a top region or group
//! (e.g. the Korean capital region).

use regio_core::{Error, Result};

/// Rank-size regression `ln(rank − ½) = a − b · ln(size)` over the `n` largest units.
#[derive(Debug, Clone, PartialEq)]
pub struct RankSize {
    /// Units used.
    pub n: usize,
    /// Pareto (Zipf) exponent `b` (the negated OLS slope); larger = more even sizes.
    pub exponent: f64,
    /// Gabaix-Ibragimov asymptotic standard error `b · sqrt(2/n)`.
    pub se_gi: f64,
    /// Conventional OLS standard error of the slope.
    pub se_ols: f64,
    /// Intercept `a`.
    pub intercept: f64,
}

fn check_sizes(sizes: &[f64], what: &str) -> Result<()> {
    if let Some(i) = sizes.iter().position(|v| !v.is_finite() || *v < 0.0) {
        return Err(Error::InvalidValue {
            value: sizes[i].to_string(),
            expected: "a finite, non-negative size".into(),
            context: Some(format!("{what}, unit {i}")),
        });
    }
    Ok(())
}

/// Sizes sorted descending.
fn sorted_desc(sizes: &[f64]) -> Vec<f64> {
    let mut s = sizes.to_vec();
    s.sort_by(|a, b| b.total_cmp(a));
    s
}

/// Two-city primacy `S1 / S2`.
pub fn primacy2(sizes: &[f64]) -> Result<f64> {
    check_sizes(sizes, "primacy")?;
    let s = sorted_desc(sizes);
    if s.len() < 2 || s[1] <= 0.0 {
        return Err(Error::invalid(
            "two-city primacy needs at least two units with a positive size",
        ));
    }
    Ok(s[0] / s[1])
}

/// Four-city primacy `S1 / (S2 + S3 + S4)` (Ginsburg 1961).
pub fn primacy4(sizes: &[f64]) -> Result<f64> {
    check_sizes(sizes, "primacy")?;
    let s = sorted_desc(sizes);
    if s.len() < 4 || s[1] + s[2] + s[3] <= 0.0 {
        return Err(Error::invalid(
            "four-city primacy needs at least four units with positive sizes",
        ));
    }
    Ok(s[0] / (s[1] + s[2] + s[3]))
}

/// Rank-size exponent over the `top` largest positive sizes (all when `None`).
pub fn rank_size(sizes: &[f64], top: Option<usize>) -> Result<RankSize> {
    check_sizes(sizes, "rank-size")?;
    let mut s: Vec<f64> = sorted_desc(sizes)
        .into_iter()
        .filter(|&v| v > 0.0)
        .collect();
    if let Some(k) = top {
        s.truncate(k);
    }
    let n = s.len();
    if n < 3 {
        return Err(Error::invalid(format!(
            "the rank-size regression needs at least 3 units with a positive size, got {n}"
        )));
    }
    // Ties share no special treatment: ranks are 1..n in descending order.
    let x: Vec<f64> = s.iter().map(|v| v.ln()).collect();
    let y: Vec<f64> = (1..=n).map(|r| (r as f64 - 0.5).ln()).collect();
    let nf = n as f64;
    let (mx, my) = (x.iter().sum::<f64>() / nf, y.iter().sum::<f64>() / nf);
    let sxx: f64 = x.iter().map(|v| (v - mx) * (v - mx)).sum();
    if sxx == 0.0 {
        return Err(Error::invalid(
            "the rank-size regression is undefined: all sizes are equal",
        ));
    }
    let sxy: f64 = x.iter().zip(&y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let rss: f64 = x
        .iter()
        .zip(&y)
        .map(|(a, b)| (b - intercept - slope * a).powi(2))
        .sum();
    let se_ols = (rss / (nf - 2.0) / sxx).sqrt();
    let b = -slope;
    Ok(RankSize {
        n,
        exponent: b,
        se_gi: b.abs() * (2.0 / nf).sqrt(),
        se_ols,
        intercept,
    })
}

/// Share of the total held by the units in `group` (e.g. the capital region).
pub fn group_share(sizes: &[f64], group: &[usize]) -> Result<f64> {
    check_sizes(sizes, "group share")?;
    let total: f64 = sizes.iter().sum();
    if total <= 0.0 {
        return Err(Error::invalid(
            "the group share is undefined: sizes sum to zero",
        ));
    }
    Ok(group.iter().map(|&i| sizes[i]).sum::<f64>() / total)
}

/// Slope `β` of `ln(size) = α + β ln(rank)` over the `k` largest units: the
/// Burger & Meijers (2012, Urban Studies 49:1127-1149) polycentricity
/// measure; applied to sizes it is morphological, to incoming flows
/// functional. Closer to 0 means more polycentric.
pub fn burger_meijers_slope(sizes: &[f64], k: usize) -> Result<f64> {
    check_sizes(sizes, "Burger-Meijers slope")?;
    let s: Vec<f64> = sorted_desc(sizes)
        .into_iter()
        .filter(|&v| v > 0.0)
        .take(k)
        .collect();
    if s.len() < 2 {
        return Err(Error::invalid(
            "the Burger-Meijers slope needs at least two units with a positive size",
        ));
    }
    let nf = s.len() as f64;
    let x: Vec<f64> = (1..=s.len()).map(|r| (r as f64).ln()).collect();
    let y: Vec<f64> = s.iter().map(|v| v.ln()).collect();
    let (mx, my) = (x.iter().sum::<f64>() / nf, y.iter().sum::<f64>() / nf);
    let sxx: f64 = x.iter().map(|v| (v - mx) * (v - mx)).sum();
    Ok(x.iter()
        .zip(&y)
        .map(|(a, b)| (a - mx) * (b - my))
        .sum::<f64>()
        / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primacy_hand() {
        // Sizes 100, 50, 30, 20, 10: P2 = 100/50 = 2; P4 = 100/(50+30+20) = 1.
        let s = [30.0, 100.0, 10.0, 50.0, 20.0];
        assert_eq!(primacy2(&s).unwrap(), 2.0);
        assert_eq!(primacy4(&s).unwrap(), 1.0);
        assert!(primacy4(&s[..3]).is_err());
        assert!(primacy2(&[1.0, f64::NAN]).is_err());
        // Group {1, 3} = 150 of 210.
        assert!((group_share(&s, &[1, 3]).unwrap() - 150.0 / 210.0).abs() < 1e-15);
    }

    #[test]
    fn exact_pareto_sizes() {
        // Sizes S_r = 1/(r − ½) for r = 1..4 lie exactly on ln(r − ½) = 0 − 1·ln S:
        // exponent 1, intercept 0, residuals 0 (OLS SE 0), GI SE = 1·sqrt(2/4) = 0.7071.
        let s: Vec<f64> = (1..=4).map(|r| 1.0 / (r as f64 - 0.5)).collect();
        let r = rank_size(&s, None).unwrap();
        assert!((r.exponent - 1.0).abs() < 1e-12 && r.intercept.abs() < 1e-12 && r.se_ols < 1e-7);
        assert!((r.se_gi - 0.5f64.sqrt()).abs() < 1e-12);
        // Sizes 4, 2, 1 (k = 3): x = ln 4, ln 2, 0; y = ln .5, ln 1.5, ln 2.5.
        // mx = ln2, sxx = 2 ln²2; sxy = ln2·(ln .5 − ln 2.5) = ln2·ln(0.2); slope = ln(0.2)/(2 ln 2) = −1.160964.
        let r = rank_size(&[1.0, 4.0, 2.0, 0.5], Some(3)).unwrap();
        assert!(
            (r.exponent - 0.2f64.ln() / (-2.0 * 2f64.ln())).abs() < 1e-12,
            "{}",
            r.exponent
        );
        assert!(rank_size(&[2.0, 2.0, 2.0], None).is_err());
    }

    #[test]
    fn burger_meijers_hand() {
        // Sizes 8, 4: ln 8 − ln 4 over ln 2 − ln 1 → slope −1; equal sizes → 0.
        assert!((burger_meijers_slope(&[4.0, 8.0, 1.0], 2).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(burger_meijers_slope(&[5.0, 5.0, 5.0], 3).unwrap(), 0.0);
    }
}
