//! Regional convergence.
//!
//! - β-convergence (Barro & Sala-i-Martin 1992, "Convergence", *JPE* 100(2)):
//!   OLS of the annualised log growth `(1/T) ln(y_T/y_0)` on `ln y_0`; β < 0 means
//!   convergence, with speed `λ = −ln(1 + βT)/T` and half-life `ln 2 / λ`.
//!   (REAT's `betaconv.speed` uses `−ln(1 + β)/T`, which matches only a
//!   regression on total rather than annualised growth.)
//! - σ-convergence (Sala-i-Martin 1996): the dispersion of `ln y` across regions
//!   per year (population standard deviation, as REAT's `sigmaconv.t` with
//!   `sigma.issample = FALSE`), and its linear trend over time tested by OLS
//!   (slope < 0 = converging).
//!
//! Standard errors are the classical OLS ones; p-values are two-sided from
//! Student's t with `n − 2` degrees of freedom.

use regio_core::{Error, Result};

/// A simple linear regression `y = α + β x` by ordinary least squares.
#[derive(Debug, Clone, PartialEq)]
pub struct Ols {
    /// Number of observations.
    pub n: usize,
    /// Intercept α.
    pub alpha: f64,
    /// Slope β.
    pub beta: f64,
    /// Standard error of α (`None` when n < 3).
    pub se_alpha: Option<f64>,
    /// Standard error of β (`None` when n < 3).
    pub se_beta: Option<f64>,
    /// t statistic of β.
    pub t_beta: Option<f64>,
    /// Two-sided p-value of β (Student's t, n − 2 df).
    pub p_beta: Option<f64>,
    /// Coefficient of determination R².
    pub r_squared: Option<f64>,
}

/// OLS of `y` on `x` with an intercept. Fails with fewer than 2 points, on
/// non-finite input, or when `x` has no variance.
pub fn ols(x: &[f64], y: &[f64]) -> Result<Ols> {
    if x.len() != y.len() {
        return Err(Error::Shape(format!(
            "{} x values, {} y values",
            x.len(),
            y.len()
        )));
    }
    let n = x.len();
    if n < 2 {
        return Err(Error::invalid(format!(
            "a regression needs at least 2 observations, got {n}"
        )));
    }
    if let Some(i) = x.iter().chain(y).position(|v| !v.is_finite()) {
        return Err(Error::InvalidValue {
            value: x.iter().chain(y).nth(i).unwrap().to_string(),
            expected: "finite regression inputs".into(),
            context: None,
        });
    }
    let nf = n as f64;
    let mx = x.iter().sum::<f64>() / nf;
    let my = y.iter().sum::<f64>() / nf;
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for (&a, &b) in x.iter().zip(y) {
        sxx += (a - mx) * (a - mx);
        sxy += (a - mx) * (b - my);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 {
        return Err(Error::invalid(
            "the regressor has no variance (all values equal): the slope is undefined",
        ));
    }
    let beta = sxy / sxx;
    let alpha = my - beta * mx;
    let ssr: f64 = x
        .iter()
        .zip(y)
        .map(|(&a, &b)| {
            let e = b - alpha - beta * a;
            e * e
        })
        .sum();
    let r_squared = (syy > 0.0).then(|| 1.0 - ssr / syy);
    let (se_alpha, se_beta, t_beta, p_beta) = if n > 2 {
        let s2 = ssr / (nf - 2.0);
        let se_b = (s2 / sxx).sqrt();
        let se_a = (s2 * (1.0 / nf + mx * mx / sxx)).sqrt();
        let t = beta / se_b;
        let p = if t.is_finite() {
            Some(student_t_two_sided(t, nf - 2.0))
        } else {
            None
        };
        (Some(se_a), Some(se_b), t.is_finite().then_some(t), p)
    } else {
        (None, None, None, None)
    };
    Ok(Ols {
        n,
        alpha,
        beta,
        se_alpha,
        se_beta,
        t_beta,
        p_beta,
        r_squared,
    })
}

/// Result of a β-convergence regression.
#[derive(Debug, Clone, PartialEq)]
pub struct BetaConvergence {
    /// The regression of annualised log growth on log initial level.
    pub ols: Ols,
    /// Length of the period `T` in years.
    pub years: f64,
    /// Implied speed of convergence `λ = −ln(1 + βT)/T` (`None` unless −1 < βT < 0).
    pub speed: Option<f64>,
    /// Half-life `ln 2 / λ` in years.
    pub half_life: Option<f64>,
}

/// β-convergence of `initial` → `last` levels over `years` years. Fails on
/// non-positive levels (logs undefined), naming the first offending index.
pub fn beta_convergence(initial: &[f64], last: &[f64], years: f64) -> Result<BetaConvergence> {
    if initial.len() != last.len() {
        return Err(Error::Shape(format!(
            "{} initial and {} final levels",
            initial.len(),
            last.len()
        )));
    }
    if years.is_nan() || years <= 0.0 {
        return Err(Error::invalid(format!(
            "β-convergence needs a period of positive length, got {years} years"
        )));
    }
    for (k, (&a, &b)) in initial.iter().zip(last).enumerate() {
        if !(a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()) {
            return Err(Error::InvalidValue {
                value: format!("{a} → {b}"),
                expected: "positive levels (the logarithm is taken)".into(),
                context: Some(format!("β-convergence, region row {k}")),
            });
        }
    }
    let x: Vec<f64> = initial.iter().map(|v| v.ln()).collect();
    let y: Vec<f64> = initial
        .iter()
        .zip(last)
        .map(|(a, b)| (b / a).ln() / years)
        .collect();
    let o = ols(&x, &y)?;
    let bt = o.beta * years;
    let speed = (bt < 0.0 && bt > -1.0).then(|| -(1.0 + bt).ln() / years);
    let half_life = speed.map(|l| std::f64::consts::LN_2 / l);
    Ok(BetaConvergence {
        ols: o,
        years,
        speed,
        half_life,
    })
}

/// σ-convergence: dispersion per year and its trend.
#[derive(Debug, Clone, PartialEq)]
pub struct SigmaConvergence {
    /// The years.
    pub years: Vec<i32>,
    /// Population standard deviation of `ln y` across regions, per year.
    pub sd_log: Vec<f64>,
    /// Coefficient of variation of `y` (population SD / mean), per year.
    pub cv: Vec<f64>,
    /// Number of regions per year.
    pub n: Vec<usize>,
    /// OLS of `sd_log` on the year (`None` with fewer than 2 years).
    pub trend: Option<Ols>,
}

/// Population standard deviation.
fn sd_pop(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    (v.iter().map(|a| (a - m) * (a - m)).sum::<f64>() / n).sqrt()
}

/// σ-convergence of `levels[k]` (one value per region) observed in `years[k]`.
/// Fails on non-positive levels or an empty year.
pub fn sigma_convergence(years: &[i32], levels: &[Vec<f64>]) -> Result<SigmaConvergence> {
    if years.len() != levels.len() {
        return Err(Error::Shape(format!(
            "{} years, {} level vectors",
            years.len(),
            levels.len()
        )));
    }
    let mut out = SigmaConvergence {
        years: years.to_vec(),
        sd_log: vec![],
        cv: vec![],
        n: vec![],
        trend: None,
    };
    for (&y, v) in years.iter().zip(levels) {
        if v.is_empty() {
            return Err(Error::invalid(format!("σ-convergence: no regions in {y}")));
        }
        if let Some(k) = v.iter().position(|a| !(*a > 0.0 && a.is_finite())) {
            return Err(Error::InvalidValue {
                value: v[k].to_string(),
                expected: "positive levels (the logarithm is taken)".into(),
                context: Some(format!("σ-convergence, year {y}, region row {k}")),
            });
        }
        let logs: Vec<f64> = v.iter().map(|a| a.ln()).collect();
        out.sd_log.push(sd_pop(&logs));
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        out.cv.push(sd_pop(v) / mean);
        out.n.push(v.len());
    }
    if years.len() >= 2 {
        let t: Vec<f64> = years.iter().map(|&y| y as f64).collect();
        out.trend = Some(ols(&t, &out.sd_log)?);
    }
    Ok(out)
}

/// Two-sided p-value `P(|T| > |t|)` of Student's t with `df` degrees of freedom:
/// `I_{df/(df+t²)}(df/2, 1/2)` (Abramowitz & Stegun 26.7.1 with 26.5.27).
pub fn student_t_two_sided(t: f64, df: f64) -> f64 {
    let x = df / (df + t * t);
    reg_inc_beta(df / 2.0, 0.5, x).clamp(0.0, 1.0)
}

/// ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; Numerical Recipes 3rd ed. §6.1).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection formula.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, &g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Regularised incomplete beta `I_x(a, b)` by Lentz's continued fraction
/// (Numerical Recipes 3rd ed. §6.4).
fn reg_inc_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    }
}

fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ols_hand_computed() {
        // x = (1, 2, 3, 4), y = (2, 3, 5, 6): mx = 2.5, my = 4;
        // Sxx = 2.25+0.25+0.25+2.25 = 5; Sxy = 3+0.5+0.5+3 = 7 → β = 1.4, α = 4 − 3.5 = 0.5.
        // Residuals: 2−1.9=0.1, 3−3.3=−0.3, 5−4.7=0.3, 6−6.1=−0.1 → SSR = 0.2;
        // s² = 0.2/2 = 0.1; se(β) = sqrt(0.1/5) = 0.1414214; t = 9.899495;
        // se(α) = sqrt(0.1 (1/4 + 6.25/5)) = sqrt(0.15) = 0.3872983;
        // Syy = 4+1+1+4 = 10 → R² = 1 − 0.2/10 = 0.98.
        // Two-sided p for t = 9.899495, df = 2: p = 1 − t/sqrt(2 + t²)
        // (closed form for 2 df) = 1 − 9.899495/sqrt(100) = 0.01005051.
        let o = ols(&[1.0, 2.0, 3.0, 4.0], &[2.0, 3.0, 5.0, 6.0]).unwrap();
        assert!((o.beta - 1.4).abs() < 1e-14);
        assert!((o.alpha - 0.5).abs() < 1e-14);
        assert!((o.se_beta.unwrap() - 0.02f64.sqrt()).abs() < 1e-14);
        assert!((o.se_alpha.unwrap() - 0.15f64.sqrt()).abs() < 1e-14);
        assert!((o.r_squared.unwrap() - 0.98).abs() < 1e-14);
        let t = 1.4 / 0.02f64.sqrt();
        assert!((o.p_beta.unwrap() - (1.0 - t / (2.0 + t * t).sqrt())).abs() < 1e-12);
        assert!(ols(&[1.0], &[1.0]).is_err());
        assert!(ols(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]).is_err());
    }

    #[test]
    fn student_t_known_values() {
        // df = 1 is Cauchy: P(|T| > 1) = 0.5; df = 2: p = 1 − t/sqrt(2 + t²);
        // df = 10, t = 2.228139 is the 97.5 % quantile (tables): p = 0.05.
        assert!((student_t_two_sided(1.0, 1.0) - 0.5).abs() < 1e-12);
        assert!((student_t_two_sided(3.0, 2.0) - (1.0 - 3.0 / 11f64.sqrt())).abs() < 1e-12);
        assert!((student_t_two_sided(2.228139, 10.0) - 0.05).abs() < 1e-6);
        assert!((student_t_two_sided(0.0, 5.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn beta_hand_computed() {
        // Three regions over T = 10 years: y0 = (1, e, e²), yT = (e, e^1.5, e²):
        // x = ln y0 = (0, 1, 2); growth = (1, 0.5, 0)/10 = (0.1, 0.05, 0).
        // Exact line: β = −0.05, α = 0.1, residuals 0 → R² = 1.
        // λ = −ln(1 − 0.5)/10 = ln 2 / 10 = 0.0693147; half-life = 10 years.
        let e = std::f64::consts::E;
        let b = beta_convergence(&[1.0, e, e * e], &[e, e.powf(1.5), e * e], 10.0).unwrap();
        assert!((b.ols.beta + 0.05).abs() < 1e-15);
        assert!((b.speed.unwrap() - std::f64::consts::LN_2 / 10.0).abs() < 1e-14);
        assert!((b.half_life.unwrap() - 10.0).abs() < 1e-12);
        // Divergence (β > 0): no speed, no half-life.
        let d = beta_convergence(&[1.0, e], &[1.0, e * e], 1.0).unwrap();
        assert_eq!(d.speed, None);
        let err = beta_convergence(&[1.0, 0.0], &[1.0, 2.0], 1.0).unwrap_err();
        assert!(err.to_string().contains("region row 1"), "{err}");
    }

    #[test]
    fn sigma_hand_computed() {
        // Year 2000: levels (1, e²) → logs (0, 2): SD_pop = 1.
        // Year 2001: (e^0.5, e^1.5) → logs (0.5, 1.5): SD = 0.5.
        // Year 2002: (e, e) → SD = 0.
        // Trend: years (2000, 2001, 2002), sd (1, 0.5, 0): slope −0.5, exact, R² = 1.
        let e = std::f64::consts::E;
        let s = sigma_convergence(
            &[2000, 2001, 2002],
            &[vec![1.0, e * e], vec![e.sqrt(), e.powf(1.5)], vec![e, e]],
        )
        .unwrap();
        assert!((s.sd_log[0] - 1.0).abs() < 1e-15);
        assert!((s.sd_log[1] - 0.5).abs() < 1e-15);
        assert!(s.sd_log[2].abs() < 1e-15);
        let t = s.trend.unwrap();
        assert!((t.beta + 0.5).abs() < 1e-12);
        // CV of (1, e²): mean (1+e²)/2, SD (e²−1)/2 → CV = (e²−1)/(e²+1) = tanh(1).
        assert!((s.cv[0] - 1f64.tanh()).abs() < 1e-15);
        assert!(sigma_convergence(&[2000], &[vec![0.0]]).is_err());
    }
}
