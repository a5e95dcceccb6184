//! Net-zero resource-circulation zones: max-p regionalisation (Duque,
//! Anselin & Rey 2012) with a signed balance, absorption − (1 − r)·emission,
//! that every zone must keep ≥ 0, plus any SUM/MIN/MAX/AVG/COUNT bounds
//! (Kang, Magdy et al. 2022, EMP), a heterogeneity or compactness objective,
//! closed-form feasibility per component, a scenario frontier over r, an
//! independent checker, a greedy baseline and per-zone explanations.

pub mod balance;
pub mod baseline;
pub mod checker;
pub mod constraints;
pub mod explain;
pub mod feasibility;
pub mod frontier;
pub mod maxp;
pub mod units;

pub use balance::Balance;
pub use baseline::greedy_baseline;
pub use checker::{check, CheckReport};
pub use constraints::{Aggregate, Constraint, ConstraintSpec, Objective};
pub use feasibility::{feasibility, ComponentFeasibility, MapFeasibility};
pub use frontier::{frontier_table, sweep, FrontierPoint};
pub use maxp::{solve, ComponentPolicy, MaxpOptions, Problem, Zoning};

use regio_core::{Error, Graph, Result};

/// Name of the balance constraint in tables and messages.
pub const BALANCE: &str = "balance";

/// A net-zero zoning problem on a neighbour graph: the units' balance and
/// its feasibility per connected component, computed once and used by
/// every solve at a reduction rate and by the sweep over rates.
#[derive(Debug, Clone)]
pub struct NetZero<'a> {
    /// Symmetric neighbour graph of the units.
    pub graph: &'a Graph,
    /// Balance per unit, linear in the reduction rate.
    pub balance: &'a Balance,
    /// Feasibility of the map for every reduction rate.
    pub feasibility: MapFeasibility,
}

impl<'a> NetZero<'a> {
    /// The problem of zoning `balance` on `graph`; fails when they do not
    /// describe the same units.
    pub fn new(graph: &'a Graph, balance: &'a Balance) -> Result<Self> {
        if balance.len() != graph.len() {
            return Err(Error::Shape(format!(
                "{} balances for {} units in the neighbour graph",
                balance.len(),
                graph.len()
            )));
        }
        Ok(NetZero {
            graph,
            balance,
            feasibility: feasibility(graph, balance),
        })
    }

    /// Zones at reduction `r` (a rate in [0, 1], checked by the caller, as
    /// [`solve_zones`] does): balance ≥ 0 per zone plus `extra`
    /// constraints. Fails with the reason and the reduction at which
    /// zoning becomes feasible when no zoning exists; every answer has
    /// passed the independent checker. Returns the zoning and the per-unit
    /// balance at `r`.
    pub fn solve(
        &self,
        r: f64,
        extra: &[Constraint],
        objective: &Objective,
        options: &MaxpOptions,
    ) -> Result<(Zoning, Vec<f64>)> {
        let graph = self.graph;
        let b = self.balance.at(r);
        if options.components == ComponentPolicy::Error {
            let codes: Vec<String> = (0..graph.len()).map(|i| format!("#{i}")).collect();
            if let Some(msg) = self.feasibility.explain_at(r, &codes) {
                return Err(Error::invalid(msg));
            }
        }
        let mut constraints = vec![Constraint::sum_at_least(BALANCE, b.clone(), 0.0)];
        constraints.extend_from_slice(extra);
        let problem = Problem {
            graph,
            constraints,
            objective: objective.clone(),
        };
        let z = solve(&problem, options)?;
        check(graph, &problem.constraints, &z.labels, &z.excluded)?;
        Ok((z, b))
    }
}

/// Zones at reduction `r`: balance ≥ 0 per zone plus `extra` constraints.
/// Fails with the reason and the reduction at which zoning becomes feasible
/// when no zoning exists; every answer has passed the independent checker.
/// Returns the zoning and the per-unit balance at `r`. The entry point for
/// one rate; [`NetZero`] keeps the feasibility for several.
pub fn solve_zones(
    graph: &Graph,
    balance: &Balance,
    r: f64,
    extra: &[Constraint],
    objective: &Objective,
    options: &MaxpOptions,
) -> Result<(Zoning, Vec<f64>)> {
    if !(0.0..=1.0).contains(&r) {
        return Err(Error::InvalidValue {
            value: r.to_string(),
            expected: "a reduction rate between 0 and 1".into(),
            context: Some("reduction rate r".into()),
        });
    }
    NetZero::new(graph, balance)?.solve(r, extra, objective, options)
}
