//! Per-zone explanations of a net-zero zoning: which members carry the
//! surplus (absorption above their reduced emission) and which the deficit,
//! the zone's balance and its margin over the bound, and every constraint's
//! value; plus the per-unit table joined to boundaries.

use super::constraints::{Constraint, Objective};
use super::maxp::Zoning;
use regio_core::Table;

fn fmt_members(list: &[(usize, f64)], codes: &[String]) -> String {
    list.iter()
        .map(|(u, b)| format!("{} ({:+.0})", codes[*u], b))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The `zone_summary` table: one row per zone.
///
/// `balance` is the per-unit balance at the chosen reduction; `constraints`
/// are reported by their aggregate values per zone.
pub fn zone_summary(
    zoning: &Zoning,
    balance: &[f64],
    codes: &[String],
    names: &[String],
    constraints: &[Constraint],
    objective: &Objective,
) -> Table {
    let zones = zoning.zones();
    let mut t = Table::new("zone_summary");
    let mut surplus = Vec::new();
    let mut deficit = Vec::new();
    let mut sur_s = Vec::new();
    let mut def_s = Vec::new();
    let mut bal = Vec::new();
    let mut largest = Vec::new();
    for z in &zones {
        let mut s: Vec<(usize, f64)> = z
            .iter()
            .map(|&u| (u as usize, balance[u as usize]))
            .filter(|x| x.1 >= 0.0)
            .collect();
        let mut d: Vec<(usize, f64)> = z
            .iter()
            .map(|&u| (u as usize, balance[u as usize]))
            .filter(|x| x.1 < 0.0)
            .collect();
        s.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        d.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        sur_s.push(s.iter().map(|x| x.1).sum::<f64>());
        def_s.push(d.iter().map(|x| x.1).sum::<f64>() + 0.0);
        bal.push(z.iter().map(|&u| balance[u as usize]).sum::<f64>());
        largest.push(
            s.first()
                .map(|x| {
                    let nm = names
                        .get(x.0)
                        .filter(|n| !n.is_empty())
                        .cloned()
                        .unwrap_or_default();
                    if nm.is_empty() {
                        codes[x.0].clone()
                    } else {
                        format!("{} {nm}", codes[x.0])
                    }
                })
                .unwrap_or_default(),
        );
        surplus.push(fmt_members(&s, codes));
        deficit.push(fmt_members(&d, codes));
    }
    t.push_i64(
        "zone",
        "zone id (1-based; zones numbered by their first unit)",
        (1..=zones.len() as i64).collect(),
    )
    .push_i64(
        "n_units",
        "number of member units",
        zones.iter().map(|z| z.len() as i64).collect(),
    )
    .push_f64(
        "balance",
        "zone balance at the chosen reduction: sum of member balances (>= 0 in a net-zero zone)",
        bal.clone(),
    )
    .push_f64(
        "margin",
        "balance minus the required 0: how much more reduced emission the zone could absorb",
        bal.clone(),
    )
    .push_f64(
        "surplus",
        "sum of the positive member balances (the zone's carbon sinks)",
        sur_s,
    )
    .push_f64(
        "deficit",
        "sum of the negative member balances (emitters relying on the sinks)",
        def_s,
    )
    .push_str(
        "main_sink",
        "member with the largest surplus (code and name)",
        largest,
    )
    .push_str(
        "surplus_members",
        "members with balance >= 0, largest first: code (balance)",
        surplus,
    )
    .push_str(
        "deficit_members",
        "members with balance < 0, largest deficit first: code (balance)",
        deficit,
    )
    .push_str(
        "members",
        "all member region codes, ';'-separated",
        zones
            .iter()
            .map(|z| {
                z.iter()
                    .map(|&u| codes[u as usize].as_str())
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .collect(),
    );
    for c in constraints.iter().filter(|c| c.name != super::BALANCE) {
        let col = format!("{}_{}", c.aggregate.name(), c.name.replace(' ', "_"));
        if t.column(&col).is_some() {
            continue;
        }
        t.push_f64(
            &col,
            &format!("zone value of the constraint {}", c.describe()),
            zones.iter().map(|z| c.evaluate(z)).collect(),
        );
    }
    match objective {
        Objective::Heterogeneity { names, .. } => {
            t.push_f64(
                "heterogeneity",
                &format!(
                    "sum of pairwise L1 distances between members on raw {} (spopt's objective)",
                    names.join(", ")
                ),
                zones.iter().map(|z| objective.zone_value(z)).collect(),
            );
        }
        Objective::Compactness { .. } => {
            t.push_f64(
                "inertia",
                "moment of inertia of member centroids around the zone centroid (smaller = more compact)",
                zones.iter().map(|z| objective.zone_value(z)).collect(),
            );
        }
        Objective::None => {}
    }
    t
}

/// The `zones` table: one row per unit, keyed by region code (for GeoJSON).
pub fn unit_table(zoning: &Zoning, balance: &[f64], codes: &[String], names: &[String]) -> Table {
    let zones = zoning.zones();
    let zb: Vec<f64> = zones
        .iter()
        .map(|z| z.iter().map(|&u| balance[u as usize]).sum())
        .collect();
    let zm: Vec<String> = zones
        .iter()
        .map(|z| {
            z.iter()
                .map(|&u| codes[u as usize].as_str())
                .collect::<Vec<_>>()
                .join(";")
        })
        .collect();
    let n = codes.len();
    let mut t = Table::new("zones").with_region_key("region");
    t.push_str("region", "region code of the unit", codes.to_vec())
        .push_str(
            "name",
            "region name",
            (0..n)
                .map(|i| names.get(i).cloned().unwrap_or_default())
                .collect(),
        )
        .push(
            "zone",
            "zone id (1-based; missing when the unit's component cannot be zoned)",
            regio_core::Column::I64(
                zoning
                    .labels
                    .iter()
                    .map(|l| l.map(|z| z as i64 + 1))
                    .collect(),
            ),
        )
        .push_f64(
            "unit_balance",
            "the unit's own balance at the chosen reduction",
            balance.to_vec(),
        )
        .push_str(
            "role",
            "surplus (balance >= 0) or deficit",
            balance
                .iter()
                .map(|b| if *b >= 0.0 { "surplus" } else { "deficit" }.to_string())
                .collect(),
        )
        .push_opt_f64(
            "zone_balance",
            "balance of the unit's zone",
            zoning
                .labels
                .iter()
                .map(|l| l.map(|z| zb[z as usize]))
                .collect(),
        )
        .push(
            "zone_members",
            "region codes of the zone's members, ';'-separated",
            regio_core::Column::Str(
                zoning
                    .labels
                    .iter()
                    .map(|l| l.map(|z| zm[z as usize].clone()))
                    .collect(),
            ),
        );
    t
}
