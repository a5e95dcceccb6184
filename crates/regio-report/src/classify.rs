//! Classification schemes for choropleth maps, following mapclassify
//! (Rey, Stephens & Laura 2017, "An evaluation of sampling and full
//! enumeration strategies for Fisher Jenks classification in big data
//! settings", Transactions in GIS 21(4); the PySAL `mapclassify` package):
//! quantiles, equal interval, Fisher-Jenks natural breaks (exact dynamic
//! programme of Fisher 1958, "On grouping for maximum homogeneity", JASA 53)
//! and user-defined breaks.
//!
//! As in mapclassify, `bins` are the classes' upper bounds; class `i` holds
//! the values `x` with `bins[i-1] < x <= bins[i]` (the first class is
//! closed below at the minimum).

use crate::ReportError;

/// A classification scheme.
#[derive(Debug, Clone, PartialEq)]
pub enum Scheme {
    /// `k` classes with equal counts (mapclassify `Quantiles`; linear
    /// interpolation between order statistics, duplicate bounds merged).
    Quantiles(usize),
    /// `k` classes of equal width between the minimum and the maximum
    /// (mapclassify `EqualInterval`).
    EqualInterval(usize),
    /// `k` classes minimising the within-class sum of squared deviations,
    /// found exactly (mapclassify `FisherJenks`).
    FisherJenks(usize),
    /// Upper bounds given by the user; the maximum is appended when it lies
    /// above the last bound (mapclassify `UserDefined`).
    UserDefined(Vec<f64>),
}

impl Scheme {
    /// Parses `quantiles:5`, `equal:5`, `jenks:5` / `fisher-jenks:5` or
    /// `breaks:1,2.5,10`.
    pub fn parse(s: &str) -> Result<Scheme, ReportError> {
        let (name, arg) = s.split_once(':').unwrap_or((s, "5"));
        let k = || -> Result<usize, ReportError> {
            let k: usize = arg.trim().parse().map_err(|_| {
                ReportError::Invalid(format!(
                    "classification {s:?}: expected a class count after ':', got {arg:?}"
                ))
            })?;
            if !(2..=9).contains(&k) {
                return Err(ReportError::Invalid(format!(
                    "classification {s:?}: the class count must be between 2 and 9"
                )));
            }
            Ok(k)
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "quantiles" | "quantile" => Ok(Scheme::Quantiles(k()?)),
            "equal" | "equal-interval" | "equalinterval" => Ok(Scheme::EqualInterval(k()?)),
            "jenks" | "fisher-jenks" | "fisherjenks" | "natural-breaks" => {
                Ok(Scheme::FisherJenks(k()?))
            }
            "breaks" | "user" | "userdefined" => {
                let v: Result<Vec<f64>, _> = arg
                    .split(',')
                    .map(|x| x.trim().parse::<f64>().map_err(|_| x.trim().to_string()))
                    .collect();
                let v = v.map_err(|bad| {
                    ReportError::Invalid(format!(
                        "classification {s:?}: break {bad:?} is not a number"
                    ))
                })?;
                if v.is_empty() || v.iter().any(|x| !x.is_finite()) {
                    return Err(ReportError::Invalid(format!(
                        "classification {s:?}: expected finite breaks"
                    )));
                }
                if v.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(ReportError::Invalid(format!(
                        "classification {s:?}: breaks must increase strictly"
                    )));
                }
                Ok(Scheme::UserDefined(v))
            }
            other => Err(ReportError::Invalid(format!(
                "unknown classification {other:?} (expected quantiles:K, equal:K, jenks:K or breaks:B1,B2,...)"
            ))),
        }
    }

    /// Human-readable name for legends.
    pub fn label(&self) -> String {
        match self {
            Scheme::Quantiles(k) => format!("quantiles ({k} classes)"),
            Scheme::EqualInterval(k) => format!("equal interval ({k} classes)"),
            Scheme::FisherJenks(k) => format!("Fisher-Jenks natural breaks ({k} classes)"),
            Scheme::UserDefined(_) => "user-defined breaks".into(),
        }
    }
}

/// The result of classifying a vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// Smallest value (lower bound of the first class).
    pub min: f64,
    /// Upper bound of each class, increasing.
    pub bins: Vec<f64>,
    /// Number of values in each class.
    pub counts: Vec<usize>,
    /// Class of each input value (`None` for a missing input).
    pub classes: Vec<Option<usize>>,
}

impl Classification {
    /// Number of classes.
    pub fn k(&self) -> usize {
        self.bins.len()
    }

    /// Lower and upper bound of class `i`.
    pub fn bounds(&self, i: usize) -> (f64, f64) {
        let lo = if i == 0 { self.min } else { self.bins[i - 1] };
        (lo, self.bins[i])
    }
}

/// Classifies `values` (missing and non-finite values are left unclassed).
/// Fails when no value is present.
pub fn classify(values: &[Option<f64>], scheme: &Scheme) -> Result<Classification, ReportError> {
    let mut y: Vec<f64> = values
        .iter()
        .filter_map(|v| v.filter(|x| x.is_finite()))
        .collect();
    if y.is_empty() {
        return Err(ReportError::Invalid(
            "cannot classify: no value is present".into(),
        ));
    }
    y.sort_by(f64::total_cmp);
    let bins = match scheme {
        Scheme::Quantiles(k) => quantile_bins(&y, *k),
        Scheme::EqualInterval(k) => equal_interval_bins(&y, *k),
        Scheme::FisherJenks(k) => fisher_jenks_bins(&y, *k),
        Scheme::UserDefined(b) => {
            let mut b = b.clone();
            let max = y[y.len() - 1];
            if b.last().is_none_or(|&l| max > l) {
                b.push(max);
            }
            b
        }
    };
    let classes: Vec<Option<usize>> = values
        .iter()
        .map(|v| v.filter(|x| x.is_finite()).map(|x| bin_of(x, &bins)))
        .collect();
    let mut counts = vec![0; bins.len()];
    for c in classes.iter().flatten() {
        counts[*c] += 1;
    }
    Ok(Classification {
        min: y[0],
        bins,
        counts,
        classes,
    })
}

/// The class of `x`: the first bin with `x <= bin` (values above the last
/// bin go to the last class).
fn bin_of(x: f64, bins: &[f64]) -> usize {
    bins.iter()
        .position(|&b| x <= b)
        .unwrap_or(bins.len().saturating_sub(1))
}

/// Percentile with linear interpolation between order statistics
/// (numpy's default, used by `scipy.stats.scoreatpercentile`).
fn percentile(sorted: &[f64], pct: f64) -> f64 {
    let n = sorted.len();
    let pos = pct / 100.0 * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    sorted[lo] + (sorted[hi.min(n - 1)] - sorted[lo]) * frac
}

/// mapclassify `quantile`: percentiles at 100/k, 200/k, ..., 100, deduplicated.
fn quantile_bins(sorted: &[f64], k: usize) -> Vec<f64> {
    let w = 100.0 / k as f64;
    let mut q: Vec<f64> = (1..=k)
        .map(|i| percentile(sorted, (w * i as f64).min(100.0)))
        .collect();
    q.dedup();
    q
}

/// mapclassify `EqualInterval`: `min + w, min + 2w, ..., max` with `w = (max - min) / k`.
fn equal_interval_bins(sorted: &[f64], k: usize) -> Vec<f64> {
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    if max == min {
        return vec![max];
    }
    let w = (max - min) / k as f64;
    let mut b: Vec<f64> = (1..=k).map(|i| min + w * i as f64).collect();
    b[k - 1] = max;
    b
}

/// Fisher's exact optimal partition of sorted data into `k` contiguous
/// classes minimising the total within-class sum of squared deviations
/// (dynamic programme as in mapclassify's `_fisher_jenks_means`, with its
/// tie rule: the earliest start of the last class wins). Returns upper bounds.
#[allow(clippy::needless_range_loop)] // the DP reads like the paper with indices
fn fisher_jenks_bins(sorted: &[f64], k: usize) -> Vec<f64> {
    // Distinct values first: with fewer distinct values than classes every
    // distinct value is its own class.
    let mut uniq = sorted.to_vec();
    uniq.dedup();
    if uniq.len() <= k {
        return uniq;
    }
    let n = sorted.len();
    // Prefix sums for O(1) within-class cost of sorted[a..b].
    let mut s1 = vec![0.0; n + 1];
    let mut s2 = vec![0.0; n + 1];
    for (i, &x) in sorted.iter().enumerate() {
        s1[i + 1] = s1[i] + x;
        s2[i + 1] = s2[i] + x * x;
    }
    let ssd = |a: usize, b: usize| -> f64 {
        let w = (b - a) as f64;
        let s = s1[b] - s1[a];
        (s2[b] - s2[a]) - s * s / w
    };
    // cost[j][l]: best cost of the first l values in j+1 classes;
    // start[j][l]: where the last class starts.
    let mut cost = vec![vec![f64::INFINITY; n + 1]; k];
    let mut start = vec![vec![0usize; n + 1]; k];
    for (l, c) in cost[0].iter_mut().enumerate().skip(1) {
        *c = ssd(0, l);
    }
    for j in 1..k {
        for l in (j + 1)..=n {
            let mut best = f64::INFINITY;
            let mut arg = j;
            // Last class = sorted[m..l], m from j (each earlier class non-empty).
            for m in j..l {
                let c = cost[j - 1][m] + ssd(m, l);
                // mapclassify scans the start downwards and keeps the last
                // `>=`, i.e. the smallest start among ties: so does `<` here.
                if c < best {
                    best = c;
                    arg = m;
                }
            }
            cost[j][l] = best;
            start[j][l] = arg;
        }
    }
    let mut bins = vec![0.0; k];
    let mut l = n;
    for j in (0..k).rev() {
        bins[j] = sorted[l - 1];
        if j > 0 {
            l = start[j][l];
        }
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().map(|&x| Some(x)).collect()
    }

    #[test]
    fn hand_computed_small_case() {
        // y = 1, 2, 3, 10, 11, 12, 30 (n = 7), k = 3.
        // Equal interval: min 1, max 30, w = 29/3 = 9.666..; bins 10.666.., 20.333.., 30.
        let y = some(&[1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 30.0]);
        let c = classify(&y, &Scheme::EqualInterval(3)).unwrap();
        assert!((c.bins[0] - (1.0 + 29.0 / 3.0)).abs() < 1e-12);
        assert!((c.bins[1] - (1.0 + 58.0 / 3.0)).abs() < 1e-12);
        assert_eq!(c.bins[2], 30.0);
        assert_eq!(c.counts, vec![4, 2, 1]);
        // Quantiles: positions p/100*(n-1) = 2, 4, 6 → 3, 11, 30.
        let q = classify(&y, &Scheme::Quantiles(3)).unwrap();
        assert_eq!(q.bins, vec![3.0, 11.0, 30.0]);
        assert_eq!(q.counts, vec![3, 2, 2]);
        // Fisher-Jenks: {1,2,3} (SSD 2), {10,11,12} (SSD 2), {30} (0): total 4,
        // any other 3-partition costs more (e.g. {1,2,3},{10,11},{12,30} = 2+0.5+162).
        let f = classify(&y, &Scheme::FisherJenks(3)).unwrap();
        assert_eq!(f.bins, vec![3.0, 12.0, 30.0]);
        assert_eq!(f.classes[3], Some(1));
        // User breaks 5, 20: the maximum 30 is appended.
        let u = classify(&y, &Scheme::UserDefined(vec![5.0, 20.0])).unwrap();
        assert_eq!(u.bins, vec![5.0, 20.0, 30.0]);
        assert_eq!(u.counts, vec![3, 3, 1]);
    }

    #[test]
    fn missing_values_stay_unclassed() {
        let y = vec![Some(1.0), None, Some(3.0), Some(f64::NAN)];
        let c = classify(&y, &Scheme::Quantiles(2)).unwrap();
        assert_eq!(c.classes, vec![Some(0), None, Some(1), None]);
        assert!(classify(&[None], &Scheme::Quantiles(2)).is_err());
    }

    #[test]
    fn parse_schemes_and_reject_bad_ones() {
        assert_eq!(Scheme::parse("jenks:4").unwrap(), Scheme::FisherJenks(4));
        assert_eq!(Scheme::parse("quantiles").unwrap(), Scheme::Quantiles(5));
        assert_eq!(
            Scheme::parse("breaks:1,2.5").unwrap(),
            Scheme::UserDefined(vec![1.0, 2.5])
        );
        assert!(Scheme::parse("breaks:2,1").is_err());
        assert!(Scheme::parse("quantiles:x").is_err());
        assert!(Scheme::parse("quantiles:20").is_err());
        assert!(Scheme::parse("kmeans:3").is_err());
    }
}
