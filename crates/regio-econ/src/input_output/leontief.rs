//! Leontief demand-driven input-output model (Leontief 1936; Miller & Blair
//! 2009, *Input-Output Analysis*, ch. 2 and 6), the Ghosh supply-driven model
//! (Ghosh 1958; Miller & Blair ch. 12), Rasmussen (1956) linkage indices and
//! key sectors.
//!
//! Conventions follow pymrio 0.7.0 where it has one: `x = rowsum(Z) + y`,
//! `A = Z diag(1/x)` with a zero output giving a zero column. Systems
//! `(I − A) x = y` are solved by an LU factorisation (faer); the Leontief
//! inverse `L = (I − A)⁻¹` is only formed when asked for.

use faer::linalg::solvers::{DenseSolveCore, PartialPivLu, Solve};
use faer::Mat;
use regio_core::{Error, Matrix, Result, Table};

/// A single-region (or national) input-output table.
#[derive(Debug, Clone, PartialEq)]
pub struct IoTable {
    /// Sector codes, in the order of Z's rows and columns.
    pub sectors: Vec<String>,
    /// Inter-industry flows Z (row i sells to column j), n x n.
    pub z: Matrix,
    /// Total final demand per sector (sum of all final-demand columns).
    pub final_demand: Vec<f64>,
    /// Gross output x per sector.
    pub output: Vec<f64>,
    /// Value added per sector (default: `x_j − Σ_i z_ij`, the residual).
    pub value_added: Vec<f64>,
    /// Household income (compensation of employees) per sector, if known.
    pub income: Option<Vec<f64>>,
    /// Employment per sector (persons), if known.
    pub employment: Option<Vec<f64>>,
    /// Household consumption per sector (the household column for type II), if known.
    pub household_consumption: Option<Vec<f64>>,
}

impl IoTable {
    /// Builds a table from Z, total final demand and an optional gross output
    /// (default `x = rowsum(Z) + y`, as pymrio's `calc_x`). Fails on a
    /// non-square Z, lengths that do not match, negative or non-finite flows,
    /// naming the sector pair.
    pub fn new(
        sectors: Vec<String>,
        z: Matrix,
        final_demand: Vec<f64>,
        output: Option<Vec<f64>>,
    ) -> Result<Self> {
        let n = sectors.len();
        if z.nrows() != n || z.ncols() != n {
            return Err(Error::Shape(format!(
                "intermediate matrix Z is {} x {} but there are {n} sector labels; Z must be square",
                z.nrows(),
                z.ncols()
            )));
        }
        check_len("final demand", &final_demand, n)?;
        for i in 0..n {
            for j in 0..n {
                let v = z.get(i, j);
                if !v.is_finite() || v < 0.0 {
                    return Err(Error::InvalidValue {
                        value: v.to_string(),
                        expected: "a finite, non-negative intermediate flow".into(),
                        context: Some(format!(
                            "Z row {:?} (seller), column {:?} (buyer)",
                            sectors[i], sectors[j]
                        )),
                    });
                }
            }
        }
        check_finite("final demand", &final_demand, &sectors)?;
        let output = match output {
            Some(x) => {
                check_len("gross output x", &x, n)?;
                check_finite("gross output x", &x, &sectors)?;
                if let Some(i) = x.iter().position(|v| *v < 0.0) {
                    return Err(Error::InvalidValue {
                        value: x[i].to_string(),
                        expected: "a non-negative gross output".into(),
                        context: Some(format!("sector {:?}", sectors[i])),
                    });
                }
                x
            }
            None => z
                .row_sums()
                .iter()
                .zip(&final_demand)
                .map(|(a, b)| a + b)
                .collect(),
        };
        let cs = z.col_sums();
        let value_added = output.iter().zip(&cs).map(|(x, c)| x - c).collect();
        Ok(IoTable {
            sectors,
            z,
            final_demand,
            output,
            value_added,
            income: None,
            employment: None,
            household_consumption: None,
        })
    }

    /// Number of sectors.
    pub fn n(&self) -> usize {
        self.sectors.len()
    }

    /// Sets value added explicitly (instead of the residual `x − colsum(Z)`).
    pub fn with_value_added(mut self, v: Vec<f64>) -> Result<Self> {
        check_len("value added", &v, self.n())?;
        check_finite("value added", &v, &self.sectors)?;
        self.value_added = v;
        Ok(self)
    }

    /// Sets household income (compensation of employees) per sector.
    pub fn with_income(mut self, v: Vec<f64>) -> Result<Self> {
        check_len("household income", &v, self.n())?;
        check_finite("household income", &v, &self.sectors)?;
        self.income = Some(v);
        Ok(self)
    }

    /// Sets employment per sector.
    pub fn with_employment(mut self, v: Vec<f64>) -> Result<Self> {
        check_len("employment", &v, self.n())?;
        check_finite("employment", &v, &self.sectors)?;
        self.employment = Some(v);
        Ok(self)
    }

    /// Sets household consumption per sector (for type II multipliers).
    pub fn with_household_consumption(mut self, v: Vec<f64>) -> Result<Self> {
        check_len("household consumption", &v, self.n())?;
        check_finite("household consumption", &v, &self.sectors)?;
        self.household_consumption = Some(v);
        Ok(self)
    }

    /// Technical coefficients `A = Z diag(1/x)` (zero output → zero column, as pymrio).
    pub fn technical_coefficients(&self) -> Matrix {
        technical_coefficients(&self.z, &self.output)
    }

    /// Per-unit-of-output coefficients `v_j / x_j` (zero output → 0).
    pub fn per_output(&self, v: &[f64]) -> Vec<f64> {
        v.iter()
            .zip(&self.output)
            .map(|(a, x)| if *x == 0.0 { 0.0 } else { a / x })
            .collect()
    }
}

fn check_len(what: &str, v: &[f64], n: usize) -> Result<()> {
    if v.len() != n {
        return Err(Error::Shape(format!(
            "{what} has {} values for {n} sectors",
            v.len()
        )));
    }
    Ok(())
}

fn check_finite(what: &str, v: &[f64], sectors: &[String]) -> Result<()> {
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return Err(Error::InvalidValue {
            value: v[i].to_string(),
            expected: format!("a finite {what}"),
            context: Some(format!("sector {:?}", sectors[i])),
        });
    }
    Ok(())
}

/// `A = Z diag(1/x)`: `a_ij = z_ij / x_j`, and `a_ij = 0` where `x_j = 0`
/// (pymrio 0.7.0 `calc_A`: 1/0 is set to 0).
pub fn technical_coefficients(z: &Matrix, x: &[f64]) -> Matrix {
    let inv: Vec<f64> = x
        .iter()
        .map(|v| if *v == 0.0 { 0.0 } else { 1.0 / v })
        .collect();
    let mut a = z.clone();
    for i in 0..a.nrows() {
        for (v, s) in a.row_mut(i).iter_mut().zip(&inv) {
            *v *= s;
        }
    }
    a
}

/// Allocation (output) coefficients of the Ghosh model `B = diag(1/x) Z`:
/// `b_ij = z_ij / x_i` (zero output → zero row) (Ghosh 1958).
pub fn allocation_coefficients(z: &Matrix, x: &[f64]) -> Matrix {
    let mut b = z.clone();
    for (i, xi) in x.iter().enumerate() {
        let s = if *xi == 0.0 { 0.0 } else { 1.0 / xi };
        for v in b.row_mut(i) {
            *v *= s;
        }
    }
    b
}

/// Fails when a column of `coef` sums to 1 or more (no positive value added
/// remains: the model is not productive, or `I − coef` may be singular),
/// naming every such sector. Column sums below 1 make `I − A` strictly
/// diagonally dominant by columns, so it is invertible with `L ≥ 0`
/// (Hawkins & Simon 1949; Miller & Blair 2009, app. 2.1).
pub fn check_productive(coef: &Matrix, sectors: &[String]) -> Result<()> {
    let cs = coef.col_sums();
    let bad: Vec<String> = cs
        .iter()
        .enumerate()
        .filter(|(_, s)| **s >= 1.0 || !s.is_finite())
        .map(|(j, s)| format!("{} (column sum {s:.6})", sectors[j]))
        .collect();
    if !bad.is_empty() {
        return Err(Error::invalid(format!(
            "the input-output model is not productive: intermediate inputs are at least \
             the gross output (column sum of A >= 1) in {} sector(s): {}; check Z and x \
             (value added must be positive)",
            bad.len(),
            bad.join(", ")
        )));
    }
    Ok(())
}

/// A factorised Leontief system `(I − A)`: solves, multipliers and linkages.
pub struct Leontief {
    /// Sector codes.
    pub sectors: Vec<String>,
    /// Technical coefficients A.
    pub a: Matrix,
    lu: PartialPivLu<f64>,
}

impl std::fmt::Debug for Leontief {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Leontief")
            .field("sectors", &self.sectors)
            .field("a", &self.a)
            .finish_non_exhaustive()
    }
}

fn i_minus(a: &Matrix) -> Mat<f64> {
    Mat::from_fn(a.nrows(), a.ncols(), |i, j| {
        (if i == j { 1.0 } else { 0.0 }) - a.get(i, j)
    })
}

fn mat_to_matrix(m: &Mat<f64>) -> Matrix {
    let (r, c) = (m.nrows(), m.ncols());
    let mut out = Matrix::zeros(r, c);
    for i in 0..r {
        for j in 0..c {
            out.set(i, j, m[(i, j)]);
        }
    }
    out
}

fn col(v: &[f64]) -> Mat<f64> {
    Mat::from_fn(v.len(), 1, |i, _| v[i])
}

impl Leontief {
    /// Factorises `I − A` after checking that A is square and productive.
    pub fn new(sectors: Vec<String>, a: Matrix) -> Result<Self> {
        if a.nrows() != a.ncols() || a.nrows() != sectors.len() {
            return Err(Error::Shape(format!(
                "A is {} x {} for {} sectors",
                a.nrows(),
                a.ncols(),
                sectors.len()
            )));
        }
        if let Some(p) = a.as_slice().iter().position(|v| !v.is_finite() || *v < 0.0) {
            let n = a.ncols();
            return Err(Error::InvalidValue {
                value: a.as_slice()[p].to_string(),
                expected: "a finite, non-negative technical coefficient".into(),
                context: Some(format!(
                    "A row {:?}, column {:?}",
                    sectors[p / n],
                    sectors[p % n]
                )),
            });
        }
        check_productive(&a, &sectors)?;
        let lu = i_minus(&a).partial_piv_lu();
        Ok(Leontief { sectors, a, lu })
    }

    /// The model of a table: `A = Z diag(1/x)`, factorised.
    pub fn from_table(t: &IoTable) -> Result<Self> {
        Leontief::new(t.sectors.clone(), t.technical_coefficients())
    }

    /// Number of sectors.
    pub fn n(&self) -> usize {
        self.sectors.len()
    }

    /// Gross output for final demand y: solves `(I − A) x = y` (Leontief 1936).
    pub fn solve(&self, y: &[f64]) -> Result<Vec<f64>> {
        check_len("final demand", y, self.n())?;
        let x = self.lu.solve(col(y));
        Ok((0..self.n()).map(|i| x[(i, 0)]).collect())
    }

    /// Solves `(I − A)ᵀ m = c`, i.e. `mᵀ = cᵀ L`: the column-weighted sums of L.
    pub fn solve_transpose(&self, c: &[f64]) -> Result<Vec<f64>> {
        check_len("row weights", c, self.n())?;
        let m = self.lu.solve_transpose(col(c));
        Ok((0..self.n()).map(|i| m[(i, 0)]).collect())
    }

    /// The Leontief inverse `L = (I − A)⁻¹` (only when the inverse itself is wanted).
    pub fn inverse(&self) -> Matrix {
        mat_to_matrix(&self.lu.inverse())
    }

    /// Simple output multipliers: column sums of L, `m_j = Σ_i l_ij`
    /// (Miller & Blair 2009, eq. 6.1), from `(I − A)ᵀ m = 1`.
    pub fn output_multipliers(&self) -> Vec<f64> {
        self.solve_transpose(&vec![1.0; self.n()])
            .expect("length matches")
    }

    /// Row sums of L, `Σ_j l_ij` (output of i needed for a unit of every final demand).
    pub fn row_sums_of_inverse(&self) -> Vec<f64> {
        self.solve(&vec![1.0; self.n()]).expect("length matches")
    }

    /// Simple (coefficient-weighted) multipliers `Σ_i c_i l_ij` for per-output
    /// coefficients c (income: wages per unit output, employment: jobs per unit
    /// output) (Miller & Blair 2009, eqs. 6.5 and 6.10).
    pub fn weighted_multipliers(&self, coef: &[f64]) -> Result<Vec<f64>> {
        self.solve_transpose(coef)
    }
}

/// Type I and type II multipliers of one kind (output, income or employment).
#[derive(Debug, Clone, PartialEq)]
pub struct Multipliers {
    /// Simple multiplier (direct + indirect effect of one unit of final demand).
    pub simple: Vec<f64>,
    /// Type I multiplier: simple / direct coefficient (output: equals simple).
    pub type_i: Vec<f64>,
    /// Total (household-closed) simple multiplier, if the household column is known.
    pub total: Option<Vec<f64>>,
    /// Type II multiplier: total / direct coefficient, if the household column is known.
    pub type_ii: Option<Vec<f64>>,
}

/// Output, income and employment multipliers of a table, type I and, when
/// the table carries household income and consumption, type II.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiplierSet {
    /// Sector codes.
    pub sectors: Vec<String>,
    /// Output multipliers (type II: truncated to the n industry rows).
    pub output: Multipliers,
    /// Income multipliers, if household income is known.
    pub income: Option<Multipliers>,
    /// Employment multipliers, if employment is known.
    pub employment: Option<Multipliers>,
}

fn ratio(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter()
        .zip(b)
        .map(|(x, y)| if *y == 0.0 { f64::NAN } else { x / y })
        .collect()
}

/// The household-closed coefficient matrix (n+1) x (n+1) of Miller & Blair
/// 2009 §2.5: the extra row holds income per unit output `h_j = W_j / x_j`,
/// the extra column household consumption per unit of total household
/// income `c_i = C_i / Σ_j W_j`.
pub fn household_closed(t: &IoTable) -> Result<(Vec<String>, Matrix)> {
    let (inc, cons) = match (&t.income, &t.household_consumption) {
        (Some(i), Some(c)) => (i, c),
        _ => {
            return Err(Error::invalid(
                "type II multipliers need household income (compensation) per sector and \
                 household consumption per sector",
            ))
        }
    };
    let n = t.n();
    let a = t.technical_coefficients();
    let h = t.per_output(inc);
    let total_income: f64 = inc.iter().sum();
    if total_income <= 0.0 {
        return Err(Error::invalid(
            "total household income is not positive; type II multipliers are undefined",
        ));
    }
    let mut ab = Matrix::zeros(n + 1, n + 1);
    for i in 0..n {
        ab.row_mut(i)[..n].copy_from_slice(a.row(i));
        ab.set(i, n, cons[i] / total_income);
        ab.set(n, i, h[i]);
    }
    let mut sectors = t.sectors.clone();
    sectors.push("households".into());
    Ok((sectors, ab))
}

/// All multipliers of a table (Miller & Blair 2009, ch. 6): output (simple =
/// type I), income (simple `Σ_i h_i l_ij`, type I = simple / h_j) and
/// employment (same with jobs per unit output); type II from the
/// household-closed model (`total` sums the n industry rows of L̄ for
/// output, reads the household row for income; type II = total / direct).
pub fn multipliers(t: &IoTable) -> Result<MultiplierSet> {
    let model = Leontief::from_table(t)?;
    let n = t.n();
    let closed = if t.income.is_some() && t.household_consumption.is_some() {
        let (s, ab) = household_closed(t)?;
        Some(Leontief::new(s, ab)?)
    } else {
        None
    };
    let out_simple = model.output_multipliers();
    let out_total = match &closed {
        Some(m) => {
            let mut w = vec![1.0; n + 1];
            w[n] = 0.0;
            Some(m.solve_transpose(&w)?[..n].to_vec())
        }
        None => None,
    };
    let output = Multipliers {
        type_i: out_simple.clone(),
        simple: out_simple,
        type_ii: out_total.clone(),
        total: out_total,
    };
    let kind = |coef: Vec<f64>| -> Result<Multipliers> {
        let simple = model.weighted_multipliers(&coef)?;
        let total = match &closed {
            Some(m) => {
                let mut w = coef.clone();
                w.push(0.0);
                Some(m.solve_transpose(&w)?[..n].to_vec())
            }
            None => None,
        };
        Ok(Multipliers {
            type_i: ratio(&simple, &coef),
            type_ii: total.as_ref().map(|tt| ratio(tt, &coef)),
            simple,
            total,
        })
    };
    let income = match &t.income {
        Some(w) => {
            let h = t.per_output(w);
            let simple = model.weighted_multipliers(&h)?;
            let total = match &closed {
                Some(m) => {
                    // The household row of L̄: the income generated per unit of final demand.
                    let mut e = vec![0.0; n + 1];
                    e[n] = 1.0;
                    Some(m.solve_transpose(&e)?[..n].to_vec())
                }
                None => None,
            };
            Some(Multipliers {
                type_i: ratio(&simple, &h),
                type_ii: total.as_ref().map(|tt| ratio(tt, &h)),
                simple,
                total,
            })
        }
        None => None,
    };
    let employment = match &t.employment {
        Some(e) => Some(kind(t.per_output(e))?),
        None => None,
    };
    Ok(MultiplierSet {
        sectors: t.sectors.clone(),
        output,
        income,
        employment,
    })
}

/// Linkages and key sectors of a table (Rasmussen 1956; Ghosh 1958).
#[derive(Debug, Clone, PartialEq)]
pub struct Linkages {
    /// Sector codes.
    pub sectors: Vec<String>,
    /// Direct backward linkage: column sums of A.
    pub direct_backward: Vec<f64>,
    /// Direct forward linkage: row sums of the allocation matrix B.
    pub direct_forward: Vec<f64>,
    /// Total backward linkage: column sums of L.
    pub total_backward: Vec<f64>,
    /// Total forward linkage (Ghosh): row sums of G = (I − B)⁻¹.
    pub total_forward_ghosh: Vec<f64>,
    /// Rasmussen backward index `n Σ_i l_ij / Σ_ij l_ij` (power of dispersion).
    pub backward_index: Vec<f64>,
    /// Rasmussen forward index `n Σ_j l_ij / Σ_ij l_ij` (sensitivity of dispersion).
    pub forward_index: Vec<f64>,
    /// Forward index from the Ghosh inverse `n Σ_j g_ij / Σ_ij g_ij` (Miller & Blair 2009 §12.2).
    pub forward_index_ghosh: Vec<f64>,
}

/// Which forward index decides key sectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForwardIndex {
    /// Row sums of the Leontief inverse (Rasmussen 1956), the default.
    #[default]
    Rasmussen,
    /// Row sums of the Ghosh inverse (Miller & Blair 2009, §12.2).
    Ghosh,
}

/// The Ghosh supply-side model `xᵀ = vᵀ (I − B)⁻¹` with `B = diag(1/x) Z`:
/// the gross output supported by primary inputs v (Ghosh 1958).
pub struct Ghosh {
    /// Sector codes.
    pub sectors: Vec<String>,
    /// Allocation coefficients B.
    pub b: Matrix,
    lu: PartialPivLu<f64>,
}

impl Ghosh {
    /// Factorises `I − B`; B's row sums must stay below 1 (each sector sells
    /// part of its output to final demand).
    pub fn from_table(t: &IoTable) -> Result<Self> {
        let b = allocation_coefficients(&t.z, &t.output);
        let rs = b.row_sums();
        let bad: Vec<String> = rs
            .iter()
            .enumerate()
            .filter(|(_, s)| **s >= 1.0)
            .map(|(i, s)| format!("{} (row sum {s:.6})", t.sectors[i]))
            .collect();
        if !bad.is_empty() {
            return Err(Error::invalid(format!(
                "the Ghosh model is undefined: intermediate sales are at least the gross \
                 output in {}",
                bad.join(", ")
            )));
        }
        let lu = i_minus(&b).partial_piv_lu();
        Ok(Ghosh {
            sectors: t.sectors.clone(),
            b,
            lu,
        })
    }

    /// Gross output supported by primary inputs v: solves `(I − B)ᵀ x = v`.
    pub fn solve(&self, v: &[f64]) -> Result<Vec<f64>> {
        check_len("primary inputs", v, self.sectors.len())?;
        let x = self.lu.solve_transpose(col(v));
        Ok((0..v.len()).map(|i| x[(i, 0)]).collect())
    }

    /// Row sums of the Ghosh inverse G (total forward linkages): solves `(I − B) g = 1`.
    pub fn forward_linkages(&self) -> Vec<f64> {
        let g = self.lu.solve(col(&vec![1.0; self.sectors.len()]));
        (0..self.sectors.len()).map(|i| g[(i, 0)]).collect()
    }

    /// The Ghosh inverse `G = (I − B)⁻¹` (only when the inverse itself is wanted).
    pub fn inverse(&self) -> Matrix {
        mat_to_matrix(&self.lu.inverse())
    }
}

/// Rasmussen (1956) indices, direct and total linkages.
pub fn linkages(t: &IoTable) -> Result<Linkages> {
    let model = Leontief::from_table(t)?;
    let ghosh = Ghosh::from_table(t)?;
    let n = t.n() as f64;
    let total_backward = model.output_multipliers();
    let rows = model.row_sums_of_inverse();
    let total: f64 = total_backward.iter().sum();
    let g_rows = ghosh.forward_linkages();
    let g_total: f64 = g_rows.iter().sum();
    Ok(Linkages {
        sectors: t.sectors.clone(),
        direct_backward: model.a.col_sums(),
        direct_forward: ghosh.b.row_sums(),
        backward_index: total_backward.iter().map(|v| n * v / total).collect(),
        forward_index: rows.iter().map(|v| n * v / total).collect(),
        forward_index_ghosh: g_rows.iter().map(|v| n * v / g_total).collect(),
        total_backward,
        total_forward_ghosh: g_rows,
    })
}

/// Key-sector class from backward and forward indices (Rasmussen 1956;
/// Miller & Blair 2009 §12.2): both > 1 "key", only backward > 1
/// "backward-oriented", only forward > 1 "forward-oriented", else "weak".
pub fn key_sector_class(backward: f64, forward: f64) -> &'static str {
    match (backward > 1.0, forward > 1.0) {
        (true, true) => "key",
        (true, false) => "backward-oriented",
        (false, true) => "forward-oriented",
        (false, false) => "weak",
    }
}

/// The linkage table: one row per sector with direct and total linkages,
/// Rasmussen indices and the key-sector class (by the chosen forward index).
pub fn linkage_table(l: &Linkages, fwd: ForwardIndex) -> Table {
    let f = match fwd {
        ForwardIndex::Rasmussen => &l.forward_index,
        ForwardIndex::Ghosh => &l.forward_index_ghosh,
    };
    let class = l
        .backward_index
        .iter()
        .zip(f)
        .map(|(b, f)| key_sector_class(*b, *f).to_string())
        .collect();
    let mut t = Table::new("linkages");
    t.push_str("sector", "sector code", l.sectors.clone())
        .push_f64("direct_backward", "column sum of A (Chenery & Watanabe 1958)", l.direct_backward.clone())
        .push_f64("direct_forward", "row sum of the allocation matrix B = diag(1/x) Z (Ghosh 1958)", l.direct_forward.clone())
        .push_f64("total_backward", "column sum of L = (I - A)^-1 (output multiplier)", l.total_backward.clone())
        .push_f64("total_forward_ghosh", "row sum of the Ghosh inverse G = (I - B)^-1", l.total_forward_ghosh.clone())
        .push_f64("backward_index", "Rasmussen (1956) power of dispersion: n * colsum_j(L) / sum(L)", l.backward_index.clone())
        .push_f64("forward_index", "Rasmussen (1956) sensitivity of dispersion: n * rowsum_i(L) / sum(L)", l.forward_index.clone())
        .push_f64("forward_index_ghosh", "forward index from the Ghosh inverse: n * rowsum_i(G) / sum(G) (Miller & Blair 2009 12.2)", l.forward_index_ghosh.clone())
        .push_str(
            "key_sector",
            match fwd {
                ForwardIndex::Rasmussen => "key (both indices > 1), backward-oriented, forward-oriented or weak; forward index: Rasmussen",
                ForwardIndex::Ghosh => "key (both indices > 1), backward-oriented, forward-oriented or weak; forward index: Ghosh",
            },
            class,
        );
    t
}

/// The multiplier table: one row per sector.
pub fn multiplier_table(m: &MultiplierSet) -> Table {
    let mut t = Table::new("multipliers");
    t.push_str("sector", "sector code", m.sectors.clone()).push_f64(
        "output_multiplier",
        "simple (type I) output multiplier: column sum of L = (I - A)^-1 (Miller & Blair 2009 eq. 6.1)",
        m.output.simple.clone(),
    );
    if let Some(v) = &m.output.total {
        t.push_f64(
            "output_multiplier_type_ii",
            "type II output multiplier: column sum over the n industry rows of the household-closed inverse (Miller & Blair 2009 6.2.2, truncated)",
            v.clone(),
        );
    }
    if let Some(inc) = &m.income {
        t.push_f64("income_multiplier_simple", "household income per unit of final demand: sum_i h_i l_ij, h = income / output (Miller & Blair 2009 eq. 6.5)", inc.simple.clone())
            .push_f64("income_multiplier_type_i", "type I income multiplier: simple / h_j", inc.type_i.clone());
        if let Some(v) = &inc.type_ii {
            t.push_f64(
                "income_multiplier_type_ii",
                "type II income multiplier: household row of the household-closed inverse / h_j",
                v.clone(),
            );
        }
    }
    if let Some(e) = &m.employment {
        t.push_f64("employment_multiplier_simple", "jobs per unit of final demand: sum_i e_i l_ij, e = employment / output (Miller & Blair 2009 eq. 6.10)", e.simple.clone())
            .push_f64("employment_multiplier_type_i", "type I employment multiplier: simple / e_j", e.type_i.clone());
        if let Some(v) = &e.type_ii {
            t.push_f64(
                "employment_multiplier_type_ii",
                "type II employment multiplier: household-closed simple / e_j",
                v.clone(),
            );
        }
    }
    t
}

/// A square matrix as a table: a `sector` column then one column per sector.
pub fn matrix_table(name: &str, what: &str, sectors: &[String], m: &Matrix) -> Table {
    let mut t = Table::new(name);
    t.push_str("sector", "row sector code", sectors.to_vec());
    for (j, s) in sectors.iter().enumerate() {
        let colv = (0..m.nrows()).map(|i| m.get(i, j)).collect();
        t.push_f64(s, &format!("{what}, column sector {s}"), colv);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn zero_output_gives_zero_column() {
        let z = Matrix::from_rows(&[vec![1.0, 0.0], vec![2.0, 0.0]]).unwrap();
        let a = technical_coefficients(&z, &[10.0, 0.0]);
        assert_eq!(a.as_slice(), &[0.1, 0.0, 0.2, 0.0]);
    }

    #[test]
    fn non_productive_names_sectors() {
        let a = Matrix::from_rows(&[vec![0.5, 0.1], vec![0.6, 0.2]]).unwrap();
        let e = Leontief::new(s(&["agri", "manu"]), a)
            .unwrap_err()
            .to_string();
        assert!(e.contains("agri") && !e.contains("manu"), "{e}");
    }
}
