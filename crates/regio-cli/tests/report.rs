//! End-to-end `regio report` on the embedded demo: section 2 (net-zero
//! zones) and section 3 (living areas) exist, each of their maps has one
//! path per region, and every number they state equals what `regio zones`
//! and `regio living-areas` write as CSV on the same data with the same
//! settings. Also: the report is the same bytes twice.

mod common;

use common::{human, key_values, num, read_rows, run_out};
use std::collections::{BTreeMap, BTreeSet};

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The HTML of the section with this id.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let a = html
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let b = a + html[a..].find("</section>").unwrap();
    &html[a..b]
}

/// The paragraphs of a section, unescaped.
fn paragraphs(sec: &str) -> Vec<String> {
    sec.split("<p>")
        .skip(1)
        .map(|p| unescape(&p[..p.find("</p>").unwrap()]))
        .collect()
}

/// The SVG of the figure whose id ends with `suffix`.
fn figure<'a>(sec: &'a str, suffix: &str) -> &'a str {
    let a = sec
        .find(&format!("{suffix}\"><svg"))
        .unwrap_or_else(|| panic!("no figure *{suffix}"));
    let b = a + sec[a..].find("</svg>").unwrap();
    &sec[a..b]
}

/// (code, fill, tooltip) of every region path of a map.
fn paths(svg: &str) -> Vec<(String, String, String)> {
    svg.split("<path d=\"")
        .skip(1)
        .filter(|p| p.contains("data-code=\""))
        .map(|p| {
            let attr = |k: &str| {
                let i = p.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                p[i..i + p[i..].find('"').unwrap()].to_string()
            };
            let t = p.find("<title>").unwrap() + 7;
            let title = unescape(&p[t..t + p[t..].find("</title>").unwrap()]);
            (attr("data-code"), attr("fill"), title)
        })
        .collect()
}

#[test]
fn report_sections_2_and_3_match_the_zones_and_living_areas_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = |s: &str| dir.path().join(s);
    run_out(d("rep"), &["report", "--quiet"]).expect_ok();
    run_out(d("rep2"), &["report", "--quiet"]).expect_ok();
    let html = std::fs::read_to_string(dir.path().join("rep/regio-report.html")).unwrap();
    let again = std::fs::read_to_string(dir.path().join("rep2/regio-report.html")).unwrap();
    assert!(html == again, "the report differs between two runs");
    // The settings the report states for its zoning.
    run_out(
        d("z"),
        &[
            "zones",
            "--quiet",
            "--reduction",
            "0.95",
            "--seed",
            "1",
            "--sweep",
        ],
    )
    .expect_ok();
    run_out(
        d("la"),
        &["living-areas", "--quiet", "--flows", "passenger"],
    )
    .expect_ok();

    // Section 2: net-zero zones.
    let sec = section(&html, "zones");
    assert!(sec.contains("<h2>2 Net-zero zones</h2>"));
    let units = read_rows(&dir.path().join("z/zones.csv"));
    let summary = read_rows(&dir.path().join("z/zone_summary.csv"));
    let frontier = read_rows(&dir.path().join("z/frontier.csv"));
    let run = key_values(&dir.path().join("z/zones_run.csv"));
    let map = paths(figure(sec, "net-zero-zones"));
    assert_eq!(map.len(), 42, "one path per Gyeonggi unit");
    let codes: BTreeSet<&str> = map.iter().map(|p| p.0.as_str()).collect();
    let csv_codes: BTreeSet<&str> = units.iter().map(|r| r["region"].as_str()).collect();
    assert_eq!(codes, csv_codes);
    // Every unit's tooltip names its zone of zones.csv.
    let zone_of: BTreeMap<&str, &str> = units
        .iter()
        .map(|r| (r["region"].as_str(), r["zone"].as_str()))
        .collect();
    let mut fill_of_zone: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (code, fill, title) in &map {
        let z = zone_of[code.as_str()];
        assert!(
            title.ends_with(&format!(": zone {z}")),
            "{title} vs zone {z}"
        );
        fill_of_zone.entry(z).or_default().insert(fill.as_str());
    }
    assert!(
        fill_of_zone.values().all(|f| f.len() == 1),
        "one colour per zone"
    );
    // The sentence: zones, unassigned units and balances of zone_summary.csv.
    let p = summary.len();
    assert_eq!(p.to_string(), run["p"]);
    let unassigned = units.iter().filter(|r| r["zone"].is_empty()).count();
    let total: f64 = summary.iter().map(|r| num(r, "balance")).sum();
    let lo = summary
        .iter()
        .min_by(|a, b| num(a, "balance").total_cmp(&num(b, "balance")))
        .unwrap();
    let hi = summary
        .iter()
        .max_by(|a, b| num(a, "balance").total_cmp(&num(b, "balance")))
        .unwrap();
    let text = paragraphs(sec);
    let expect = format!(
        "{p} net-zero zones among the 42 units of gyeonggi at r = 0.95; {unassigned} unit(s) left unassigned. Balance over all zones {} tCO2; every zone is at least balanced, the tightest is zone {} ({} tCO2), the largest surplus zone {} ({} tCO2).",
        human(total),
        lo["zone"],
        human(num(lo, "balance")),
        hi["zone"],
        human(num(hi, "balance"))
    );
    assert!(text.contains(&expect), "{expect}\nnot in\n{text:#?}");
    // The frontier chart has one point per swept rate with p of frontier.csv
    // (0 where infeasible), and the sentence names the first feasible rate.
    let chart = figure(sec, "net-zero-frontier");
    let points: Vec<String> = chart
        .split("<circle")
        .skip(1)
        .map(|c| {
            let t = c.find("<title>").unwrap() + 7;
            unescape(&c[t..t + c[t..].find("</title>").unwrap()])
        })
        .collect();
    let want: Vec<String> = frontier
        .iter()
        .map(|r| {
            format!(
                "zones p: {} = {}",
                human(num(r, "r")),
                if r["feasible"] == "true" {
                    &r["p"]
                } else {
                    "0"
                }
            )
        })
        .collect();
    assert_eq!(points, want);
    let first = frontier.iter().find(|r| r["feasible"] == "true").unwrap();
    let last = frontier.last().unwrap();
    let feasible = frontier.iter().filter(|r| r["feasible"] == "true").count();
    let expect = format!(
        "Frontier: no zoning exists below r = {} (p = {} there); p rises to {} at r = {}; {feasible} of {} reduction rates swept allow a zoning.",
        human(num(first, "r")),
        first["p"],
        last["p"],
        human(num(last, "r")),
        frontier.len()
    );
    assert!(text.contains(&expect), "{expect}\nnot in\n{text:#?}");

    // Section 3: living areas and decline.
    let sec = section(&html, "areas");
    assert!(sec.contains("<h2>3 Living areas and decline</h2>"));
    let areas = read_rows(&dir.path().join("la/living_areas.csv"));
    let lunits = read_rows(&dir.path().join("la/living_area_units.csv"));
    let linkage = read_rows(&dir.path().join("la/living_area_linkage.csv"));
    let svg = figure(sec, "living-areas");
    let map = paths(svg);
    assert_eq!(map.len(), 159, "one path per KOTI si-gun zone");
    let codes: BTreeSet<&str> = map.iter().map(|p| p.0.as_str()).collect();
    let csv_codes: BTreeSet<&str> = lunits.iter().map(|r| r["code"].as_str()).collect();
    assert_eq!(codes, csv_codes);
    // Names from the map's own tooltips ("name (code): label").
    let name: BTreeMap<&str, String> = map
        .iter()
        .map(|(c, _, t)| {
            (
                c.as_str(),
                t[..t.find(&format!(" ({c})")).unwrap()].to_string(),
            )
        })
        .collect();
    let area_of: BTreeMap<&str, &str> = lunits
        .iter()
        .map(|r| (r["code"].as_str(), r["area"].as_str()))
        .collect();
    for (code, _, title) in &map {
        let hub = area_of[code.as_str()];
        assert!(
            title.ends_with(&format!(": {} area", name[hub])),
            "{title} vs area {hub}"
        );
    }
    // Hubs marked: one dot per area, labelled with the hub's name.
    let hubs: Vec<&str> = areas.iter().map(|r| r["hub"].as_str()).collect();
    assert_eq!(svg.matches("<circle").count(), areas.len());
    for h in &hubs {
        assert!(svg.contains(&format!("<title>{}</title></circle>", name[h])));
    }
    let text = paragraphs(sec);
    let lo = areas
        .iter()
        .min_by(|a, b| num(a, "self_containment").total_cmp(&num(b, "self_containment")))
        .unwrap();
    let hi = areas
        .iter()
        .max_by(|a, b| num(a, "self_containment").total_cmp(&num(b, "self_containment")))
        .unwrap();
    let isolated: Vec<&str> = lunits
        .iter()
        .filter(|r| r["isolated"] == "true")
        .map(|r| r["code"].as_str())
        .collect();
    let expect = format!(
        "{} living areas from flow set \"passenger\" (159 units, ",
        areas.len()
    );
    let para = text
        .iter()
        .find(|p| p.starts_with(&expect))
        .unwrap_or_else(|| panic!("{expect} not in {text:#?}"));
    let hub_names: Vec<&str> = hubs.iter().map(|h| name[h].as_str()).collect();
    for part in [
        format!("hub cities: {}.", hub_names.join(", ")),
        format!(
            "Self-containment ranges from {} ({} area) to {} ({} area).",
            human(num(lo, "self_containment")),
            name[lo["area"].as_str()],
            human(num(hi, "self_containment")),
            name[hi["area"].as_str()]
        ),
        format!(
            "{} of 159 units are isolated (less than 0.5 of their two-way flows stay in their own area)",
            isolated.len()
        ),
    ] {
        assert!(para.contains(&part), "{part}\nnot in\n{para}");
    }
    for c in &isolated {
        assert!(para.contains(&name[c]), "isolated {c} not listed");
    }
    // Linkage: the strongest link of living_area_linkage.csv heads the table.
    let top = linkage
        .iter()
        .max_by(|a, b| num(a, "flow").total_cmp(&num(b, "flow")))
        .unwrap();
    let row = format!(
        "<caption>Strongest links between living areas</caption><tr><th>from area</th><th>to area</th><th>flow</th></tr><tr><td>{}</td><td>{}</td><td>{}</td></tr>",
        name[top["from_area"].as_str()],
        name[top["to_area"].as_str()],
        human(num(top, "flow"))
    );
    assert!(sec.contains(&row), "{row}");
    // The extinction content stays in section 3.
    assert!(sec.contains("83 of 250 regions have extinction_index below 0.5"));
}
