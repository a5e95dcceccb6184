//! The indicator rows of the structure verdict: size indicators of one
//! year's regional totals (top-group and top-region shares, primacy after
//! Jefferson 1939 and Ginsburg 1961, the rank-size exponent after Gabaix &
//! Ibragimov 2011, the Burger & Meijers 2012 morphological slope) and
//! flow-network indicators of one year's OD flows (Green 2007; Nystuen &
//! Dacey 1961; Squartini et al. 2013; Burger & Meijers 2012 functional
//! slope; the capital group's net inflow).

use super::network::{flow_network, FlowNetwork};
use super::size::{burger_meijers_slope, group_share, primacy2, primacy4, rank_size};
use super::verdict::{Indicator, Multipolar};
use regio_core::Result;

fn ind(
    year: Option<i32>,
    name: &str,
    basis: &str,
    value: f64,
    m: Multipolar,
    doc: &str,
) -> Indicator {
    Indicator {
        year,
        name: name.into(),
        basis: basis.into(),
        value,
        multipolar: m,
        doc: doc.into(),
    }
}

/// Size indicators of one year's regional sizes (`basis` names the panel).
/// `capital` indexes the top group in `sizes` (empty: no group share);
/// `top_k` is the number of centres of the Burger-Meijers slope.
pub fn size_indicators(
    year: Option<i32>,
    basis: &str,
    sizes: &[f64],
    capital: &[usize],
    top_k: usize,
) -> Result<Vec<Indicator>> {
    let mut rows = Vec::new();
    let y = year;
    if !capital.is_empty() {
        rows.push(ind(
            y,
            "capital_region_share",
            basis,
            group_share(sizes, capital)?,
            Multipolar::Lower,
            "share of the total in the capital (top) region group",
        ));
    }
    let total: f64 = sizes.iter().sum();
    let top = sizes.iter().copied().fold(0.0, f64::max);
    rows.push(ind(
        y,
        "top_region_share",
        basis,
        top / total,
        Multipolar::Lower,
        "share of the total in the largest region",
    ));
    rows.push(ind(
        y,
        "primacy2",
        basis,
        primacy2(sizes)?,
        Multipolar::Lower,
        "two-region primacy S1/S2 (Jefferson 1939)",
    ));
    rows.push(ind(
        y,
        "primacy4",
        basis,
        primacy4(sizes)?,
        Multipolar::Lower,
        "four-region primacy S1/(S2+S3+S4) (Ginsburg 1961)",
    ));
    let rs = rank_size(sizes, None)?;
    rows.push(ind(
        y,
        "rank_size_exponent",
        basis,
        rs.exponent,
        Multipolar::Higher,
        "Pareto exponent b of ln(rank-1/2) = a - b ln(size), OLS (Gabaix & Ibragimov 2011)",
    ));
    rows.push(ind(
        y,
        "rank_size_exponent_se",
        basis,
        rs.se_gi,
        Multipolar::NotApplicable,
        "standard error b·sqrt(2/n) of the exponent (Gabaix & Ibragimov 2011)",
    ));
    rows.push(ind(
        y,
        "morphological_polycentricity_slope",
        basis,
        burger_meijers_slope(sizes, top_k)?,
        Multipolar::TowardZero,
        "slope of ln(size) on ln(rank), top-k regions (Burger & Meijers 2012)",
    ));
    Ok(rows)
}

/// Flow-network indicators of one year's flows among `n` units, with the
/// network they were computed on. `edges` are `(origin, destination,
/// value)`; `rank` ranks centres in the nodal hierarchy (default: inflow);
/// `capital` indexes the top group (empty: no net-inflow share); `top_k` is
/// the number of centres of the Burger-Meijers slope.
pub fn flow_indicators(
    year: Option<i32>,
    basis: &str,
    n: usize,
    edges: &[(u32, u32, f64)],
    rank: Option<&[f64]>,
    capital: &[usize],
    top_k: usize,
) -> Result<(Vec<Indicator>, FlowNetwork)> {
    let net = flow_network(n, edges, rank, top_k)?;
    let b = basis;
    let mut rows = vec![
        ind(year, "top_centre_flow_share", b, net.top_share, Multipolar::Lower, "share of inter-regional flow with the top centre (largest inflow) as origin or destination"),
        ind(
            year,
            "green_functional_polycentricity",
            b,
            net.green_fp,
            Multipolar::Higher,
            "(1 - sd(inflow)/sd_max)·density (Green 2007)",
        ),
        ind(
            year,
            "hierarchy_share",
            b,
            net.hierarchy_share,
            Multipolar::Lower,
            "share of regions whose largest outflow goes to a larger centre (Nystuen & Dacey 1961)",
        ),
        ind(
            year,
            "top_centre_dominance",
            b,
            net.top_dominance,
            Multipolar::Lower,
            "share of regions whose largest outflow goes to the top centre",
        ),
        ind(
            year,
            "density",
            b,
            net.density,
            Multipolar::Higher,
            "links with positive flow / n(n-1)",
        ),
        ind(
            year,
            "weighted_reciprocity",
            b,
            net.weighted_reciprocity,
            Multipolar::Higher,
            "sum min(f_ij, f_ji) / sum f_ij (Squartini et al. 2013)",
        ),
    ];
    if let Some(s) = net.bm_functional {
        rows.push(ind(
            year,
            "functional_polycentricity_slope",
            b,
            s,
            Multipolar::TowardZero,
            "slope of ln(inflow) on ln(rank), top-k regions (Burger & Meijers 2012)",
        ));
    }
    if !capital.is_empty() {
        let inside = |i: u32| capital.contains(&(i as usize));
        let inflow: f64 = edges
            .iter()
            .filter(|e| e.0 != e.1 && !inside(e.0) && inside(e.1))
            .map(|e| e.2)
            .sum();
        let outflow: f64 = edges
            .iter()
            .filter(|e| e.0 != e.1 && inside(e.0) && !inside(e.1))
            .map(|e| e.2)
            .sum();
        rows.push(ind(
            year,
            "capital_region_net_inflow_share",
            b,
            (inflow - outflow) / net.total,
            Multipolar::Lower,
            "net flow into the capital region group / total inter-regional flow",
        ));
    }
    Ok((rows, net))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_rows_in_order() {
        let rows =
            size_indicators(Some(2020), "emp", &[50.0, 20.0, 10.0, 5.0, 1.0], &[0], 4).unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names[0], "capital_region_share");
        assert_eq!(names[1], "top_region_share");
        assert!((rows[0].value - 50.0 / 86.0).abs() < 1e-12);
        assert_eq!(rows.len(), 7);
    }

    #[test]
    fn flow_rows_with_capital() {
        let edges = [
            (0, 1, 10.0),
            (1, 0, 30.0),
            (2, 0, 20.0),
            (0, 2, 5.0),
            (1, 2, 1.0),
        ];
        let (rows, net) = flow_indicators(None, "m", 3, &edges, None, &[0], 2).unwrap();
        assert_eq!(net.n, 3);
        let share = rows
            .iter()
            .find(|r| r.name == "capital_region_net_inflow_share")
            .unwrap();
        assert!((share.value - (50.0 - 15.0) / 66.0).abs() < 1e-12);
    }
}
