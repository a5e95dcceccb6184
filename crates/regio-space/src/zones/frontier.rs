//! The scenario frontier of net-zero zoning: for reduction rates r from 0 to
//! 1, whether any zoning exists (closed-form feasibility), and if so the
//! number of zones p(r) and the heterogeneity of the best zoning found.
//! Each r is solved with the same seed; the exact r at which the map
//! becomes feasible is added as its own row.

use super::balance::Balance;
use super::constraints::{Constraint, Objective};
use super::maxp::MaxpOptions;
use super::NetZero;
use regio_core::{Graph, Result, Table};

/// One row of the frontier.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    /// Reduction rate.
    pub r: f64,
    /// True when a zoning exists at r.
    pub feasible: bool,
    /// Number of zones (0 when infeasible).
    pub p: usize,
    /// Objective of the zoning (missing when infeasible or none).
    pub objective: Option<f64>,
    /// Smallest zone balance (missing when infeasible).
    pub min_zone_balance: Option<f64>,
    /// Total balance of the map at r.
    pub total_balance: f64,
}

/// Reduction rates 0, step, 2·step, …, 1, plus the map's r_min and nine
/// evenly spaced rates between r_min and 1 (where p rises).
pub fn grid(step: f64, r_min: Option<f64>) -> Vec<f64> {
    let k = (1.0 / step).round().max(1.0) as usize;
    let mut v: Vec<f64> = (0..=k).map(|i| (i as f64 / k as f64).min(1.0)).collect();
    if let Some(m) = r_min.filter(|m| *m > 0.0 && *m < 1.0) {
        v.push(m);
        v.extend((1..10).map(|i| m + (1.0 - m) * i as f64 / 10.0));
    }
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    v
}

/// Sweeps reduction rates `rs`, solving each feasible one. The entry point
/// for a sweep alone; [`NetZero::sweep`] reuses a problem's feasibility.
pub fn sweep(
    graph: &Graph,
    balance: &Balance,
    extra: &[Constraint],
    objective: &Objective,
    options: &MaxpOptions,
    rs: &[f64],
) -> Result<Vec<FrontierPoint>> {
    if let Some(r) = rs.iter().find(|r| !(0.0..=1.0).contains(*r)) {
        return Err(regio_core::Error::InvalidValue {
            value: r.to_string(),
            expected: "a reduction rate between 0 and 1".into(),
            context: Some("reduction rate r".into()),
        });
    }
    NetZero::new(graph, balance)?.sweep(extra, objective, options, rs)
}

impl NetZero<'_> {
    /// Sweeps reduction rates `rs` (each in [0, 1]), solving each feasible
    /// one with the same options.
    pub fn sweep(
        &self,
        extra: &[Constraint],
        objective: &Objective,
        options: &MaxpOptions,
        rs: &[f64],
    ) -> Result<Vec<FrontierPoint>> {
        let (balance, feas) = (self.balance, &self.feasibility);
        let mut out = Vec::with_capacity(rs.len());
        for &r in rs {
            let total: f64 = balance.at(r).iter().sum();
            if feas.r_min.is_none_or(|m| r < m - 1e-12)
                && options.components == super::ComponentPolicy::Error
            {
                out.push(FrontierPoint {
                    r,
                    feasible: false,
                    p: 0,
                    objective: None,
                    min_zone_balance: None,
                    total_balance: total,
                });
                continue;
            }
            match self.solve(r, extra, objective, options) {
                Ok((z, b)) => {
                    let mins = z
                        .zones()
                        .iter()
                        .map(|m| m.iter().map(|&u| b[u as usize]).sum::<f64>())
                        .fold(f64::INFINITY, f64::min);
                    out.push(FrontierPoint {
                        r,
                        feasible: z.p > 0,
                        p: z.p,
                        objective: (!objective.is_none() && z.p > 0).then_some(z.objective),
                        min_zone_balance: mins.is_finite().then_some(mins),
                        total_balance: total,
                    });
                }
                Err(e) => {
                    // Other constraints (e.g. population) can make a balanced map
                    // unzonable; record it as infeasible rather than failing.
                    if e.to_string().contains("no feasible") {
                        out.push(FrontierPoint {
                            r,
                            feasible: false,
                            p: 0,
                            objective: None,
                            min_zone_balance: None,
                            total_balance: total,
                        });
                    } else {
                        return Err(e);
                    }
                }
            }
        }
        Ok(out)
    }
}

/// The `frontier` table.
pub fn frontier_table(points: &[FrontierPoint]) -> Table {
    let mut t = Table::new("frontier");
    t.push_f64(
        "r",
        "emission-reduction rate: balance = absorption - (1 - r) emission",
        points.iter().map(|p| p.r).collect(),
    )
    .push_bool(
        "feasible",
        "true when a net-zero zoning exists at r",
        points.iter().map(|p| p.feasible).collect(),
    )
    .push_i64(
        "p",
        "number of net-zero zones found (0 when infeasible)",
        points.iter().map(|p| p.p as i64).collect(),
    )
    .push_opt_f64(
        "objective",
        "heterogeneity (or inertia) of the zoning at r",
        points.iter().map(|p| p.objective).collect(),
    )
    .push_opt_f64(
        "min_zone_balance",
        "smallest zone balance at r (>= 0)",
        points.iter().map(|p| p.min_zone_balance).collect(),
    )
    .push_f64(
        "total_balance",
        "balance of the whole map at r",
        points.iter().map(|p| p.total_balance).collect(),
    );
    t
}
