//! Contiguity on the 2024 Gyeonggi si-gun-gu boundaries (EPSG:5186 metres,
//! data/kr_carbon_2022/original): the file is not topologically clean, so
//! exact queen contiguity leaves false islands (Hwaseong-si 41590 and Ansan
//! Danwon-gu 41273 among them); fuzzy contiguity with a small tolerance
//! links them.

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use regio_space::weights::contiguity::{fuzzy, queen, rook};

const SHP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/kr_carbon_2022/original/LARD_ADM_SECT_SGG_41_202405.shp"
);

fn read() -> (Vec<String>, Vec<MultiPolygon<f64>>) {
    let rows = shapefile::read_as::<_, shapefile::Polygon, shapefile::dbase::Record>(SHP)
        .expect("read shapefile");
    let mut codes = Vec::new();
    let mut polys = Vec::new();
    for (shape, rec) in rows {
        let code = match rec.get("ADM_SECT_C") {
            Some(shapefile::dbase::FieldValue::Character(Some(s))) => s.trim().to_string(),
            other => panic!("unexpected ADM_SECT_C {other:?}"),
        };
        let mut ps: Vec<Polygon<f64>> = Vec::new();
        for ring in shape.into_inner() {
            let outer = matches!(ring, shapefile::PolygonRing::Outer(_));
            let ls = LineString(
                ring.into_inner()
                    .iter()
                    .map(|p| Coord { x: p.x, y: p.y })
                    .collect(),
            );
            if outer || ps.is_empty() {
                ps.push(Polygon::new(ls, vec![]));
            } else {
                ps.last_mut().unwrap().interiors_push(ls);
            }
        }
        codes.push(code);
        polys.push(MultiPolygon(ps));
    }
    (codes, polys)
}

#[test]
fn fuzzy_fixes_false_islands() {
    let (codes, polys) = read();
    assert_eq!(polys.len(), 44);
    let q = queen(&polys);
    let islands: Vec<&str> = q.islands().iter().map(|&i| codes[i].as_str()).collect();
    assert!(
        islands.contains(&"41590") && islands.contains(&"41273"),
        "queen islands: {islands:?}"
    );
    let (g, added) = fuzzy(&polys, 50.0); // 50 m
    assert!(g.islands().is_empty(), "fuzzy islands: {:?}", g.islands());
    assert!(added >= 2, "links added: {added}");
    assert!(g.is_symmetric());
    // Every exact queen link survives, and rook ⊆ queen.
    for i in 0..polys.len() {
        for &j in q.neighbors(i) {
            assert!(g.neighbors(i).contains(&j));
        }
    }
    let r = rook(&polys);
    assert!(r.n_links() <= q.n_links());
    eprintln!(
        "gyeonggi: queen {} links, {} islands; fuzzy 50 m adds {added} pairs",
        q.n_links(),
        islands.len()
    );
}
