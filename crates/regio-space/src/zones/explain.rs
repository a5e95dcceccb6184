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

/// The settings of a zoning run that its `zones_run` table records besides
/// the zoning itself.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSettings<'a> {
    /// The balance expression.
    pub balance: &'a str,
    /// The emission-reduction rate r.
    pub reduction: f64,
    /// Seed of the solver.
    pub seed: u64,
    /// How the contiguity was built, for people.
    pub contiguity: &'a str,
    /// Smallest r at which every component balances (`None`: never).
    pub r_min: Option<f64>,
    /// Zones of the greedy baseline, when it was run and found a zoning.
    pub baseline_p: Option<usize>,
    /// True when the zoning minimised an objective.
    pub has_objective: bool,
}

/// The `zones_run` table: one `key`, `value` row per setting or result of
/// the run (balance, baseline_p, reduction, p, construction_p, objective,
/// seed, passes, contiguity, r_min, excluded, checker). Values left empty
/// where they do not apply.
pub fn run_table(zoning: &Zoning, settings: &RunSettings) -> Table {
    let s = settings;
    let kv: Vec<(&str, String)> = vec![
        ("balance", s.balance.to_string()),
        (
            "baseline_p",
            s.baseline_p.map(|p| p.to_string()).unwrap_or_default(),
        ),
        ("reduction", s.reduction.to_string()),
        ("p", zoning.p.to_string()),
        ("construction_p", zoning.construction_p.to_string()),
        (
            "objective",
            if s.has_objective {
                zoning.objective.to_string()
            } else {
                String::new()
            },
        ),
        ("seed", s.seed.to_string()),
        ("passes", zoning.passes.to_string()),
        ("contiguity", s.contiguity.to_string()),
        ("r_min", s.r_min.map(|m| m.to_string()).unwrap_or_default()),
        ("excluded", zoning.excluded.len().to_string()),
        ("checker", "ok".into()),
    ];
    let mut t = Table::new("zones_run");
    t.push_str(
        "key",
        "setting or result",
        kv.iter().map(|k| k.0.to_string()).collect(),
    )
    .push_str("value", "its value", kv.into_iter().map(|k| k.1).collect());
    t
}
