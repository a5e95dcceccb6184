//! Zone constraints and objectives for max-p regionalisation.
//!
//! Constraints follow the "enriched" max-p of Kang, Magdy et al. (2022, EMP:
//! max-p regionalization with enriched constraints, IEEE ICDE): SUM, MIN, MAX,
//! AVG and COUNT aggregates with lower and/or upper bounds on any attribute.
//! The heterogeneity objective is PySAL spopt's (Duque, Anselin & Rey 2012,
//! J. Regional Science 52(3)): the sum over zones of all pairwise cityblock
//! (L1) distances on the raw attributes, each unordered pair counted once.
//! Compactness follows Feng, Rey & Wei (2022, Annals AAG 112(5)): the moment
//! of inertia of unit centroids around their zone centroid.

use regio_core::{Error, Result};

/// How a constraint aggregates an attribute over a zone's members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// Sum of the values.
    Sum,
    /// Smallest value.
    Min,
    /// Largest value.
    Max,
    /// Arithmetic mean.
    Avg,
    /// Number of members (values ignored).
    Count,
}

impl Aggregate {
    /// Lower-case name used in specs and tables.
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Sum => "sum",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
            Aggregate::Avg => "avg",
            Aggregate::Count => "count",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "sum" => Aggregate::Sum,
            "min" => Aggregate::Min,
            "max" => Aggregate::Max,
            "avg" | "mean" => Aggregate::Avg,
            "count" => Aggregate::Count,
            _ => return None,
        })
    }
}

/// A bound on an aggregate of one attribute over every zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// Name shown in messages and tables (usually the attribute name).
    pub name: String,
    /// The aggregate.
    pub aggregate: Aggregate,
    /// One value per unit (ignored for COUNT).
    pub values: Vec<f64>,
    /// Inclusive lower bound, if any.
    pub lower: Option<f64>,
    /// Inclusive upper bound, if any.
    pub upper: Option<f64>,
}

impl Constraint {
    /// `SUM(values) >= lower` over every zone (the max-p threshold).
    pub fn sum_at_least(name: impl Into<String>, values: Vec<f64>, lower: f64) -> Self {
        Constraint {
            name: name.into(),
            aggregate: Aggregate::Sum,
            values,
            lower: Some(lower),
            upper: None,
        }
    }

    /// A constraint with explicit aggregate and bounds.
    pub fn new(
        name: impl Into<String>,
        aggregate: Aggregate,
        values: Vec<f64>,
        lower: Option<f64>,
        upper: Option<f64>,
    ) -> Self {
        Constraint {
            name: name.into(),
            aggregate,
            values,
            lower,
            upper,
        }
    }

    /// Checks lengths and finiteness against `n` units.
    pub fn validate(&self, n: usize) -> Result<()> {
        if self.lower.is_none() && self.upper.is_none() {
            return Err(Error::invalid(format!(
                "constraint {} has neither a lower nor an upper bound",
                self.name
            )));
        }
        for b in [self.lower, self.upper].into_iter().flatten() {
            if !b.is_finite() {
                return Err(Error::InvalidValue {
                    value: b.to_string(),
                    expected: "a finite bound".into(),
                    context: Some(format!("constraint {}", self.name)),
                });
            }
        }
        if self.aggregate == Aggregate::Count {
            return Ok(());
        }
        if self.values.len() != n {
            return Err(Error::Shape(format!(
                "constraint {} has {} values for {n} units",
                self.name,
                self.values.len()
            )));
        }
        if let Some(i) = self.values.iter().position(|v| !v.is_finite()) {
            let bad = self.values.iter().filter(|v| !v.is_finite()).count();
            return Err(Error::InvalidValue {
                value: self.values[i].to_string(),
                expected: "a finite number for every unit".into(),
                context: Some(format!(
                    "attribute {} of unit #{i} ({bad} unit(s) not finite)",
                    self.name
                )),
            });
        }
        Ok(())
    }

    /// The aggregate over `members`, computed directly from its definition.
    pub fn evaluate(&self, members: &[u32]) -> f64 {
        let vals = members.iter().map(|&i| self.values[i as usize]);
        match self.aggregate {
            Aggregate::Count => members.len() as f64,
            Aggregate::Sum => vals.sum(),
            Aggregate::Min => vals.fold(f64::INFINITY, f64::min),
            Aggregate::Max => vals.fold(f64::NEG_INFINITY, f64::max),
            Aggregate::Avg => {
                if members.is_empty() {
                    f64::NAN
                } else {
                    vals.sum::<f64>() / members.len() as f64
                }
            }
        }
    }

    /// Human-readable form, e.g. `sum(population) >= 200000`.
    pub fn describe(&self) -> String {
        let lhs = if self.aggregate == Aggregate::Count {
            "count".to_string()
        } else {
            format!("{}({})", self.aggregate.name(), self.name)
        };
        match (self.lower, self.upper) {
            (Some(l), Some(u)) => format!("{l} <= {lhs} <= {u}"),
            (Some(l), None) => format!("{lhs} >= {l}"),
            (None, Some(u)) => format!("{lhs} <= {u}"),
            (None, None) => lhs,
        }
    }
}

/// A parsed constraint specification such as `population>=200000`,
/// `avg(income)<=30000` or `count>=3` (a bare column means SUM).
#[derive(Debug, Clone, PartialEq)]
pub struct ConstraintSpec {
    /// The aggregate.
    pub aggregate: Aggregate,
    /// The attribute column (empty for COUNT).
    pub column: String,
    /// True for `>=`, false for `<=`.
    pub is_lower: bool,
    /// The bound.
    pub bound: f64,
}

/// The spec as it is written: `column>=bound`, `agg(column)<=bound` or
/// `count>=bound`.
impl std::fmt::Display for ConstraintSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let op = if self.is_lower { ">=" } else { "<=" };
        match self.aggregate {
            Aggregate::Count => write!(f, "count{op}{}", self.bound),
            Aggregate::Sum => write!(f, "{}{op}{}", self.column, self.bound),
            a => write!(f, "{}({}){op}{}", a.name(), self.column, self.bound),
        }
    }
}

impl ConstraintSpec {
    /// Parses `[agg(]column[)] (>=|<=) number` or `count (>=|<=) number`.
    pub fn parse(spec: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::invalid(format!(
                "constraint {spec:?}: {why} (expected e.g. population>=200000, avg(income)<=30000, count>=3)"
            ))
        };
        let (lhs, rhs, is_lower) = if let Some((l, r)) = spec.split_once(">=") {
            (l, r, true)
        } else if let Some((l, r)) = spec.split_once("<=") {
            (l, r, false)
        } else {
            return Err(bad("no >= or <="));
        };
        let bound: f64 = rhs
            .trim()
            .parse()
            .map_err(|_| bad(&format!("bound {:?} is not a number", rhs.trim())))?;
        if !bound.is_finite() {
            return Err(bad("bound is not finite"));
        }
        let lhs = lhs.trim();
        if lhs.is_empty() {
            return Err(bad("no attribute"));
        }
        if lhs.eq_ignore_ascii_case("count") {
            return Ok(ConstraintSpec {
                aggregate: Aggregate::Count,
                column: String::new(),
                is_lower,
                bound,
            });
        }
        let (aggregate, column) = match lhs.split_once('(') {
            Some((agg, rest)) => {
                let agg = Aggregate::parse(agg.trim())
                    .ok_or_else(|| bad(&format!("unknown aggregate {:?}", agg.trim())))?;
                let col = rest
                    .strip_suffix(')')
                    .ok_or_else(|| bad("missing closing parenthesis"))?;
                (agg, col.trim().to_string())
            }
            None => (Aggregate::Sum, lhs.to_string()),
        };
        if column.is_empty() && aggregate != Aggregate::Count {
            return Err(bad("no attribute"));
        }
        Ok(ConstraintSpec {
            aggregate,
            column,
            is_lower,
            bound,
        })
    }

    /// Builds the constraint from the column's values.
    pub fn build(&self, values: Vec<f64>) -> Constraint {
        let (lower, upper) = if self.is_lower {
            (Some(self.bound), None)
        } else {
            (None, Some(self.bound))
        };
        let name = if self.aggregate == Aggregate::Count {
            "count".to_string()
        } else {
            self.column.clone()
        };
        Constraint::new(name, self.aggregate, values, lower, upper)
    }
}

/// What the solver minimises among partitions with the maximum number of zones.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Objective {
    /// No secondary objective (p only).
    #[default]
    None,
    /// spopt's heterogeneity: Σ_zones Σ_{i<j in zone} Σ_k |x_ik − x_jk|
    /// (raw attributes, row-major `n x k`).
    Heterogeneity {
        /// Attribute names (for tables).
        names: Vec<String>,
        /// Row-major values, `n * names.len()`.
        values: Vec<f64>,
    },
    /// Moment of inertia: Σ_zones Σ_{i in zone} ‖c_i − c̄_zone‖² of unit
    /// centroids (Feng, Rey & Wei 2022); smaller is more compact.
    Compactness {
        /// Centroid x (or longitude) per unit.
        x: Vec<f64>,
        /// Centroid y (or latitude) per unit.
        y: Vec<f64>,
    },
}

impl Objective {
    /// Heterogeneity on the given columns (each of length n).
    pub fn heterogeneity(names: Vec<String>, columns: &[Vec<f64>]) -> Self {
        let n = columns.first().map_or(0, |c| c.len());
        let k = columns.len();
        let mut values = vec![0.0; n * k];
        for (a, col) in columns.iter().enumerate() {
            for (i, v) in col.iter().enumerate() {
                values[i * k + a] = *v;
            }
        }
        Objective::Heterogeneity { names, values }
    }

    /// Checks sizes and finiteness against `n` units.
    pub fn validate(&self, n: usize) -> Result<()> {
        let (len, vals): (usize, Vec<&[f64]>) = match self {
            Objective::None => return Ok(()),
            Objective::Heterogeneity { names, values } => {
                if names.is_empty() {
                    return Err(Error::invalid("heterogeneity needs at least one attribute"));
                }
                (n * names.len(), vec![values.as_slice()])
            }
            Objective::Compactness { x, y } => {
                if x.len() != n || y.len() != n {
                    return Err(Error::Shape(format!(
                        "compactness needs {n} centroids, got {} x and {} y",
                        x.len(),
                        y.len()
                    )));
                }
                (n, vec![x.as_slice(), y.as_slice()])
            }
        };
        for v in vals {
            if v.len() != len {
                return Err(Error::Shape(format!(
                    "objective has {} values, expected {len}",
                    v.len()
                )));
            }
            if let Some(i) = v.iter().position(|x| !x.is_finite()) {
                return Err(Error::InvalidValue {
                    value: v[i].to_string(),
                    expected: "finite similarity attributes / centroids".into(),
                    context: Some(format!("objective value #{i}")),
                });
            }
        }
        Ok(())
    }

    /// Objective of one zone, computed from its definition (O(k m log m)
    /// for heterogeneity via sorted prefix sums).
    pub fn zone_value(&self, members: &[u32]) -> f64 {
        match self {
            Objective::None => 0.0,
            Objective::Heterogeneity { names, values } => {
                let k = names.len();
                let mut total = 0.0;
                let mut col: Vec<f64> = Vec::with_capacity(members.len());
                for a in 0..k {
                    col.clear();
                    col.extend(members.iter().map(|&i| values[i as usize * k + a]));
                    col.sort_by(f64::total_cmp);
                    // Σ_{i<j} (x_(j) − x_(i)) = Σ_j x_(j) (2j − m + 1), j 0-based.
                    let m = col.len() as f64;
                    for (j, v) in col.iter().enumerate() {
                        total += v * (2.0 * j as f64 - m + 1.0);
                    }
                }
                total
            }
            Objective::Compactness { x, y } => {
                if members.is_empty() {
                    return 0.0;
                }
                let m = members.len() as f64;
                let cx = members.iter().map(|&i| x[i as usize]).sum::<f64>() / m;
                let cy = members.iter().map(|&i| y[i as usize]).sum::<f64>() / m;
                members
                    .iter()
                    .map(|&i| (x[i as usize] - cx).powi(2) + (y[i as usize] - cy).powi(2))
                    .sum()
            }
        }
    }

    /// Objective of a whole partition given as member lists.
    pub fn total(&self, zones: &[Vec<u32>]) -> f64 {
        zones.iter().map(|z| self.zone_value(z)).sum()
    }

    /// True when there is nothing to minimise.
    pub fn is_none(&self) -> bool {
        matches!(self, Objective::None)
    }
}

/// A constraint compiled to linear form Σ_{i in zone} a_i ≥ b (lower) or
/// ≤ b (upper); MIN ≥ L / MAX ≤ U become per-unit eligibility and
/// MIN ≤ U / MAX ≥ L become "at least one qualifying member".
#[derive(Debug, Clone)]
pub(crate) struct Linear {
    /// Coefficient per unit.
    pub coef: Vec<f64>,
    /// Right-hand side.
    pub bound: f64,
    /// True: Σ ≥ bound; false: Σ ≤ bound.
    pub lower: bool,
    /// Index of the source constraint.
    pub source: usize,
    /// Scale for normalising deficits (mean |a_i| or 1).
    pub scale: f64,
}

/// All constraints in linear form plus per-unit eligibility.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub lin: Vec<Linear>,
    /// Units no zone may contain (e.g. a MIN ≥ L constraint the unit breaks):
    /// `(unit, constraint index)`.
    pub ineligible: Vec<(usize, usize)>,
}

impl Compiled {
    pub fn new(constraints: &[Constraint], n: usize) -> Self {
        let mut lin = Vec::new();
        let mut ineligible = Vec::new();
        for (ci, c) in constraints.iter().enumerate() {
            let mut push = |coef: Vec<f64>, bound: f64, lower: bool| {
                let s = coef.iter().map(|a| a.abs()).sum::<f64>() / (coef.len().max(1) as f64);
                let scale = if s > 0.0 && s.is_finite() { s } else { 1.0 };
                lin.push(Linear {
                    coef,
                    bound,
                    lower,
                    source: ci,
                    scale,
                });
            };
            match c.aggregate {
                Aggregate::Sum => {
                    if let Some(l) = c.lower {
                        push(c.values.clone(), l, true);
                    }
                    if let Some(u) = c.upper {
                        push(c.values.clone(), u, false);
                    }
                }
                Aggregate::Count => {
                    if let Some(l) = c.lower {
                        push(vec![1.0; n], l, true);
                    }
                    if let Some(u) = c.upper {
                        push(vec![1.0; n], u, false);
                    }
                }
                Aggregate::Avg => {
                    // mean ≥ L ⇔ Σ (x_i − L) ≥ 0; mean ≤ U ⇔ Σ (x_i − U) ≤ 0.
                    if let Some(l) = c.lower {
                        push(c.values.iter().map(|x| x - l).collect(), 0.0, true);
                    }
                    if let Some(u) = c.upper {
                        push(c.values.iter().map(|x| x - u).collect(), 0.0, false);
                    }
                }
                Aggregate::Min => {
                    if let Some(l) = c.lower {
                        for (i, &x) in c.values.iter().enumerate() {
                            if x < l {
                                ineligible.push((i, ci));
                            }
                        }
                    }
                    if let Some(u) = c.upper {
                        let ind = c.values.iter().map(|&x| f64::from(x <= u)).collect();
                        push(ind, 1.0, true);
                    }
                }
                Aggregate::Max => {
                    if let Some(u) = c.upper {
                        for (i, &x) in c.values.iter().enumerate() {
                            if x > u {
                                ineligible.push((i, ci));
                            }
                        }
                    }
                    if let Some(l) = c.lower {
                        let ind = c.values.iter().map(|&x| f64::from(x >= l)).collect();
                        push(ind, 1.0, true);
                    }
                }
            }
        }
        Compiled { lin, ineligible }
    }

    /// Tolerance for comparing sums with bounds (relative to the scale).
    pub fn tol(&self, c: usize) -> f64 {
        1e-9 * self.lin[c].scale.max(self.lin[c].bound.abs()).max(1.0)
    }

    /// True when the sums meet every lower bound.
    pub fn lower_ok(&self, sums: &[f64]) -> bool {
        self.lin
            .iter()
            .zip(sums)
            .enumerate()
            .all(|(c, (l, s))| !l.lower || *s >= l.bound - self.tol(c))
    }

    /// True when the sums meet every upper bound.
    pub fn upper_ok(&self, sums: &[f64]) -> bool {
        self.lin
            .iter()
            .zip(sums)
            .enumerate()
            .all(|(c, (l, s))| l.lower || *s <= l.bound + self.tol(c))
    }

    /// Sums of every linear constraint over `members`.
    pub fn sums(&self, members: &[u32]) -> Vec<f64> {
        self.lin
            .iter()
            .map(|l| members.iter().map(|&i| l.coef[i as usize]).sum())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_specs() {
        let s = ConstraintSpec::parse("population>=200000").unwrap();
        assert_eq!(s.aggregate, Aggregate::Sum);
        assert_eq!(s.column, "population");
        assert!(s.is_lower);
        assert_eq!(s.bound, 200000.0);
        let s = ConstraintSpec::parse(" avg( income ) <= 3.5").unwrap();
        assert_eq!(
            (s.aggregate, s.column.as_str(), s.is_lower),
            (Aggregate::Avg, "income", false)
        );
        assert_eq!(
            ConstraintSpec::parse("count>=3").unwrap().aggregate,
            Aggregate::Count
        );
        assert!(ConstraintSpec::parse("pop=3").is_err());
        assert!(ConstraintSpec::parse("median(pop)>=3").is_err());
        assert!(ConstraintSpec::parse("pop>=abc").is_err());
    }

    #[test]
    fn heterogeneity_matches_pairwise_sum() {
        // values 1, 4, 6 on one attribute: |1-4| + |1-6| + |4-6| = 3 + 5 + 2 = 10;
        // second attribute 0, 0, 2: 0 + 2 + 2 = 4; total 14.
        let o = Objective::heterogeneity(
            vec!["a".into(), "b".into()],
            &[vec![1.0, 4.0, 6.0], vec![0.0, 0.0, 2.0]],
        );
        assert_eq!(o.zone_value(&[0, 1, 2]), 14.0);
        assert_eq!(o.zone_value(&[2]), 0.0);
    }

    #[test]
    fn avg_compiles_to_signed_sum() {
        // avg >= 5 on values 2, 9: Σ(x − 5) = −3 + 4 = 1 ≥ 0, mean 5.5.
        let c = Constraint::new("x", Aggregate::Avg, vec![2.0, 9.0], Some(5.0), None);
        let comp = Compiled::new(&[c], 2);
        assert_eq!(comp.sums(&[0, 1]), vec![1.0]);
        assert!(comp.lower_ok(&comp.sums(&[0, 1])));
        assert!(!comp.lower_ok(&comp.sums(&[0])));
    }
}
