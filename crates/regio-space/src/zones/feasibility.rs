//! Feasibility of net-zero zoning before any search: a zone partition of a
//! connected component exists only if the component's total balance is
//! ≥ 0 (the zones' balances add up to it), and the whole component as one
//! zone is then a feasible partition. For a balance linear in the reduction
//! rate, B + S·r ≥ 0, the smallest feasible reduction has the closed form
//! r* = −B / S (B < 0 < S); the whole map needs the largest r* of its
//! components.

use super::balance::Balance;
use regio_core::{Graph, Table};

/// Feasibility of one connected component.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentFeasibility {
    /// Component number (by first unit).
    pub component: usize,
    /// Units of the component.
    pub units: Vec<usize>,
    /// Total balance at r = 0.
    pub base: f64,
    /// Total d balance / d r.
    pub slope: f64,
    /// Smallest r ≥ 0 with total ≥ 0 (`None`: no r makes it feasible).
    pub r_min: Option<f64>,
}

impl ComponentFeasibility {
    /// Total balance at reduction `r`.
    pub fn total_at(&self, r: f64) -> f64 {
        self.base + self.slope * r
    }

    /// True when the component can be zoned at reduction `r`.
    pub fn feasible_at(&self, r: f64) -> bool {
        self.r_min.is_some_and(|m| r >= m - 1e-12)
    }
}

/// Feasibility of the whole map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapFeasibility {
    /// Per component.
    pub components: Vec<ComponentFeasibility>,
    /// Smallest r at which every component is feasible (`None`: never).
    pub r_min: Option<f64>,
    /// Smallest r at which the map taken as one whole balances
    /// (ignoring contiguity); `None`: never.
    pub r_min_whole: Option<f64>,
}

impl MapFeasibility {
    /// Components infeasible at `r`.
    pub fn infeasible_at(&self, r: f64) -> Vec<&ComponentFeasibility> {
        self.components
            .iter()
            .filter(|c| !c.feasible_at(r))
            .collect()
    }

    /// One-line explanation of why zoning fails at `r`, naming units by `codes`.
    pub fn explain_at(&self, r: f64, codes: &[String]) -> Option<String> {
        let bad = self.infeasible_at(r);
        let first = bad.first()?;
        let who = if first.units.len() == 1 {
            format!("isolated unit {} (no neighbours)", codes[first.units[0]])
        } else {
            let names: Vec<&str> = first
                .units
                .iter()
                .take(5)
                .map(|&u| codes[u].as_str())
                .collect();
            format!(
                "the connected component of {} units ({}{})",
                first.units.len(),
                names.join(", "),
                if first.units.len() > 5 { ", ..." } else { "" }
            )
        };
        let when = match (first.r_min, self.r_min) {
            (Some(c), Some(m)) => {
                format!("; it balances from r = {c:.4}, every component from r = {m:.4}")
            }
            (Some(c), None) => {
                format!("; it balances from r = {c:.4}, but some component never does")
            }
            (None, _) => "; no reduction rate makes it balance".into(),
        };
        Some(format!(
            "no feasible zoning at reduction r = {r}: {} of {} connected component(s) have a negative total balance, \
             e.g. {who} totals {:.6e}{when}",
            bad.len(),
            self.components.len(),
            first.total_at(r)
        ))
    }

    /// The per-component table (`feasibility`).
    pub fn table(&self, codes: &[String], r: f64) -> Table {
        let mut t = Table::new("feasibility");
        let c = &self.components;
        t.push_i64("component", "connected component number (1-based, by first unit)", c.iter().map(|c| c.component as i64 + 1).collect())
            .push_i64("n_units", "units in the component", c.iter().map(|c| c.units.len() as i64).collect())
            .push_str(
                "members",
                "region codes of the component's units, ';'-separated",
                c.iter().map(|c| c.units.iter().map(|&u| codes[u].as_str()).collect::<Vec<_>>().join(";")).collect(),
            )
            .push_f64("balance_at_r", "total balance of the component at the requested reduction r", c.iter().map(|c| c.total_at(r)).collect())
            .push_bool("feasible", "true when the total balance is >= 0 at r (zoning possible)", c.iter().map(|c| c.feasible_at(r)).collect())
            .push_opt_f64(
                "r_min",
                "smallest reduction rate at which the component balances: -B/S for total B + S r (missing: never)",
                c.iter().map(|c| c.r_min).collect(),
            );
        t
    }
}

fn r_min(base: f64, slope: f64) -> Option<f64> {
    let tol = 1e-12 * (base.abs() + slope.abs()).max(1.0);
    if base >= -tol {
        Some(0.0)
    } else if slope > 0.0 {
        Some(-base / slope)
    } else {
        None
    }
}

/// Feasibility of zoning `balance` on `graph` for every reduction rate.
pub fn feasibility(graph: &Graph, balance: &Balance) -> MapFeasibility {
    let labels = graph.components();
    let nc = labels.iter().copied().max().map_or(0, |m| m + 1);
    let mut comps: Vec<ComponentFeasibility> = (0..nc)
        .map(|c| ComponentFeasibility {
            component: c,
            units: Vec::new(),
            base: 0.0,
            slope: 0.0,
            r_min: None,
        })
        .collect();
    for (i, &c) in labels.iter().enumerate() {
        comps[c].units.push(i);
        comps[c].base += balance.base[i];
        comps[c].slope += balance.slope[i];
    }
    for c in comps.iter_mut() {
        c.r_min = r_min(c.base, c.slope);
    }
    let r_all = comps
        .iter()
        .try_fold(0.0f64, |acc, c| c.r_min.map(|m| acc.max(m)));
    let whole = r_min(balance.base.iter().sum(), balance.slope.iter().sum());
    MapFeasibility {
        components: comps,
        r_min: r_all,
        r_min_whole: whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_form_reduction() {
        // Units 0–1 linked; 2 isolated. Absorption (10, 0, 1), emission (40, 20, 4).
        // Component {0,1}: B = 10 − 60 = −50, S = 60 → r* = 50/60 = 0.8333…
        // Unit 2: B = 1 − 4 = −3, S = 4 → r* = 0.75. Map: max = 0.8333…
        let g = Graph::from_lists(vec![vec![1], vec![0], vec![]]).unwrap();
        let b = Balance::absorption_emission(&[10.0, 0.0, 1.0], &[40.0, 20.0, 4.0]);
        let f = feasibility(&g, &b);
        assert!((f.components[0].r_min.unwrap() - 50.0 / 60.0).abs() < 1e-15);
        assert_eq!(f.components[1].r_min, Some(0.75));
        assert!((f.r_min.unwrap() - 50.0 / 60.0).abs() < 1e-15);
        // Whole map: B = 11 − 64 = −53, S = 64 → 53/64.
        assert_eq!(f.r_min_whole, Some(53.0 / 64.0));
        let codes: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let msg = f.explain_at(0.8, &codes).unwrap();
        assert!(
            msg.contains("component of 2 units") && msg.contains("0.8333"),
            "{msg}"
        );
        assert!(f.explain_at(0.84, &codes).is_none());
        let msg = f.explain_at(0.5, &codes).unwrap();
        assert!(msg.contains("2 of 2"), "{msg}");
    }
}
