//! Flow-network indicators of spatial structure from an origin-destination
//! matrix (migration, commuting, passenger trips): in/out strength, the
//! share of flows touching the top centre, Green's (2007) functional
//! polycentricity index (Urban Studies 44:2077-2103), the nodal-region
//! hierarchy of Nystuen & Dacey (1961, Papers of the Regional Science
//! Association 7:29-42: each unit's largest outflow and whether it points to
//! a larger centre), binary density and (weighted) reciprocity (Squartini et
//! al. 2013, Phys. Rev. E 88:046117), and the Burger & Meijers (2012)
//! functional polycentricity slope on incoming flows.

use super::size::burger_meijers_slope;
use regio_core::{Error, Result, Table};

/// Indicators of one flow network.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowNetwork {
    /// Number of units.
    pub n: usize,
    /// Inflow from other units per unit (self-loops excluded).
    pub in_strength: Vec<f64>,
    /// Outflow to other units per unit.
    pub out_strength: Vec<f64>,
    /// Unit with the largest in-strength (lowest index on ties).
    pub top: usize,
    /// Total inter-unit flow.
    pub total: f64,
    /// Share of inter-unit flow with the top centre as origin or destination.
    pub top_share: f64,
    /// Green (2007) functional polycentricity `(1 − σ/σ_max) · Δ` on in-strength.
    pub green_fp: f64,
    /// Share of units whose largest outflow goes to a larger unit (Nystuen-Dacey subordinate).
    pub hierarchy_share: f64,
    /// Share of units whose largest outflow goes to the top centre.
    pub top_dominance: f64,
    /// Largest-outflow destination per unit (`None` without outflow).
    pub dominant: Vec<Option<usize>>,
    /// Links with a positive flow over `n(n − 1)`.
    pub density: f64,
    /// Share of links whose reverse link also exists.
    pub reciprocity: f64,
    /// Weighted reciprocity `Σ min(f_ij, f_ji) / Σ f_ij`.
    pub weighted_reciprocity: f64,
    /// Burger & Meijers slope of ln(inflow) on ln(rank) over the top `k` (closer to 0 = polycentric).
    pub bm_functional: Option<f64>,
    /// Self-loop flow that was left out.
    pub self_flow: f64,
}

/// Computes the network indicators over `n` units from `(origin, destination,
/// value)` edges. `size` ranks centres for the hierarchy (defaults to
/// in-strength); `k` is the number of centres of the Burger-Meijers slope.
pub fn flow_network(
    n: usize,
    edges: &[(u32, u32, f64)],
    size: Option<&[f64]>,
    k: usize,
) -> Result<FlowNetwork> {
    let mut m = vec![0.0; n * n];
    let mut self_flow = 0.0;
    for (e, &(o, d, v)) in edges.iter().enumerate() {
        let (o, d) = (o as usize, d as usize);
        if o >= n || d >= n {
            return Err(Error::Shape(format!(
                "flow {e} ({o} → {d}) outside the {n} regions"
            )));
        }
        if !v.is_finite() || v < 0.0 {
            return Err(Error::InvalidValue {
                value: v.to_string(),
                expected: "a finite, non-negative flow".into(),
                context: Some(format!("flow {e}")),
            });
        }
        if o == d {
            self_flow += v;
        } else {
            m[o * n + d] += v;
        }
    }
    let total: f64 = m.iter().sum();
    if total <= 0.0 {
        return Err(Error::invalid(if self_flow > 0.0 {
            "the flows are all self-loops (flows within a region): there is no flow between regions to analyse"
        } else {
            "there is no positive flow between regions to analyse"
        }));
    }
    if let Some(s) = size {
        if s.len() != n {
            return Err(Error::Shape(format!("{} sizes for {n} regions", s.len())));
        }
    }
    let mut ins = vec![0.0; n];
    let mut outs = vec![0.0; n];
    for o in 0..n {
        for d in 0..n {
            ins[d] += m[o * n + d];
            outs[o] += m[o * n + d];
        }
    }
    let top = (0..n).fold(0, |b, i| if ins[i] > ins[b] { i } else { b });
    let touching: f64 = (0..n).map(|j| m[top * n + j] + m[j * n + top]).sum();
    let nf = n as f64;
    let links = m.iter().filter(|&&v| v > 0.0).count();
    let density = links as f64 / (nf * (nf - 1.0));
    // Green (2007): σ of nodal (in-)degree, against σ_max, the standard
    // deviation of a two-node network with degrees 0 and the maximum degree
    // (= max/2, the largest σ any network with that maximum can have).
    let sd = |v: &[f64]| {
        let mu = v.iter().sum::<f64>() / v.len() as f64;
        (v.iter().map(|x| (x - mu) * (x - mu)).sum::<f64>() / v.len() as f64).sqrt()
    };
    let green_fp = (1.0 - sd(&ins) / sd(&[ins[top], 0.0])) * density;
    let rank: Vec<f64> = size.map_or_else(|| ins.clone(), |s| s.to_vec());
    let mut dominant = vec![None; n];
    let (mut with_out, mut sub, mut to_top) = (0usize, 0usize, 0usize);
    for i in 0..n {
        let mut best: Option<usize> = None;
        for j in 0..n {
            if j != i && m[i * n + j] > 0.0 && best.is_none_or(|b| m[i * n + j] > m[i * n + b]) {
                best = Some(j);
            }
        }
        dominant[i] = best;
        if let Some(j) = best {
            with_out += 1;
            if rank[j] > rank[i] {
                sub += 1;
            }
            if j == top {
                to_top += 1;
            }
        }
    }
    let (mut recip_links, mut min_sum) = (0usize, 0.0);
    for i in 0..n {
        for j in 0..n {
            if i != j && m[i * n + j] > 0.0 {
                if m[j * n + i] > 0.0 {
                    recip_links += 1;
                }
                min_sum += m[i * n + j].min(m[j * n + i]);
            }
        }
    }
    Ok(FlowNetwork {
        n,
        top,
        total,
        top_share: touching / total,
        green_fp,
        hierarchy_share: sub as f64 / with_out.max(1) as f64,
        top_dominance: to_top as f64 / with_out.max(1) as f64,
        dominant,
        density,
        reciprocity: recip_links as f64 / links as f64,
        weighted_reciprocity: min_sum / total,
        bm_functional: burger_meijers_slope(&ins, k).ok(),
        in_strength: ins,
        out_strength: outs,
        self_flow,
    })
}

impl FlowNetwork {
    /// Per-region table: strengths, dominant flow, subordination.
    pub fn regions_table(
        &self,
        name: &str,
        codes: &[String],
        year: Option<i32>,
        size: Option<&[f64]>,
    ) -> Table {
        let rank: Vec<f64> = size.map_or_else(|| self.in_strength.clone(), |s| s.to_vec());
        let mut t = Table::new(name);
        t.push_opt_f64(
            "year",
            "year of the flows (empty for a snapshot)",
            vec![year.map(f64::from); self.n],
        )
        .push_str("region", "region code", codes.to_vec())
        .push_f64(
            "in_strength",
            "inflow from other regions",
            self.in_strength.clone(),
        )
        .push_f64(
            "out_strength",
            "outflow to other regions",
            self.out_strength.clone(),
        )
        .push_f64(
            "net_inflow",
            "in_strength − out_strength",
            self.in_strength
                .iter()
                .zip(&self.out_strength)
                .map(|(a, b)| a - b)
                .collect(),
        )
        .push_str(
            "dominant_destination",
            "destination of the region's largest outflow (Nystuen & Dacey 1961)",
            self.dominant
                .iter()
                .map(|d| d.map(|j| codes[j].clone()).unwrap_or_default())
                .collect(),
        )
        .push_bool(
            "subordinate",
            "largest outflow goes to a larger centre (nodal hierarchy)",
            (0..self.n)
                .map(|i| self.dominant[i].is_some_and(|j| rank[j] > rank[i]))
                .collect(),
        )
        .push_bool(
            "top_centre",
            "region with the largest inflow",
            (0..self.n).map(|i| i == self.top).collect(),
        );
        t.with_region_key("region")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_network_hand() {
        // Star: 1, 2, 3 each send 10 to 0; 0 sends 2 to 1. Self-loop 0→0 of 99 ignored.
        // in = (30, 2, 0, 0); top = 0; all 32 units of flow touch 0 → top share 1.
        // links = 4 of 4·3 = 12 → density 1/3. σ(in) = sd(30,2,0,0): mean 8, var (484+36+64+64)/4 = 162;
        // σ_max = sd(30, 0) = 15. Green FP = (1 − sqrt(162)/15)·(1/3).
        // Dominant: 1,2,3 → 0 (larger: subordinate), 0 → 1 (smaller) → hierarchy 3/4, dominance 3/4.
        // Reciprocated links: 0→1 and 1→0 → 2 of 4; weighted: (min(2,10)+min(10,2))/32 = 4/32.
        let e = [
            (1, 0, 10.0),
            (2, 0, 10.0),
            (3, 0, 10.0),
            (0, 1, 2.0),
            (0, 0, 99.0),
        ];
        let f = flow_network(4, &e, None, 3).unwrap();
        assert_eq!((f.top, f.top_share, f.density), (0, 1.0, 1.0 / 3.0));
        assert!((f.green_fp - (1.0 - 162.0f64.sqrt() / 15.0) / 3.0).abs() < 1e-15);
        assert_eq!((f.hierarchy_share, f.top_dominance), (0.75, 0.75));
        assert_eq!((f.reciprocity, f.weighted_reciprocity), (0.5, 0.125));
        assert_eq!(f.self_flow, 99.0);
        assert_eq!(f.dominant, vec![Some(1), Some(0), Some(0), Some(0)]);
    }

    #[test]
    fn bad_flows() {
        let e = flow_network(3, &[(0, 0, 5.0), (1, 1, 2.0)], None, 3)
            .unwrap_err()
            .to_string();
        assert!(e.contains("self-loops"), "{e}");
        assert!(flow_network(2, &[(0, 5, 1.0)], None, 2).is_err());
    }
}
