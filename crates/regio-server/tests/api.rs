//! The JSON API on loopback: answers, JSON errors, read-only, body limit,
//! no path traversal, and 200 concurrent clients.

use geo_types::{polygon, MultiPolygon};
use regio_core::{Attributes, Boundaries, Dataset, Region, RegionSet, Table};
use regio_server::ServerData;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;

/// Three 1° squares in Korea's latitude band, with one attribute and one
/// result table.
fn data() -> ServerData {
    let sq = |x: f64, y: f64| {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + 1.0, y: y), (x: x + 1.0, y: y + 1.0), (x: x, y: y + 1.0), (x: x, y: y)],
        ])
    };
    let mut ds = Dataset {
        name: "test".into(),
        ..Default::default()
    };
    ds.boundaries.insert(
        "sido".into(),
        Boundaries {
            codes: vec!["11".into(), "21".into(), "22".into()],
            names: vec!["서울".into(), "부산".into(), "대구".into()],
            geometries: vec![sq(126.0, 37.0), sq(128.0, 35.0), sq(127.0, 35.5)],
            arcs: None,
            source: "test squares".into(),
        },
    );
    let regions = RegionSet::from_regions(vec![
        Region::new("11", "서울"),
        Region::new("21", "부산"),
        Region::new("22", "대구"),
    ])
    .unwrap();
    let mut a = Attributes::new(regions);
    a.insert(
        "population",
        vec![Some(9_500_000.0), Some(3_300_000.0), None],
    )
    .unwrap();
    ds.attributes.insert("pop".into(), a);
    let mut t = Table::new("shift_share").with_region_key("region");
    t.push_str(
        "region",
        "region code",
        vec!["11".into(), "21".into(), "22".into()],
    )
    .push_f64("mix_effect", "industry-mix effect", vec![-120.0, 40.5, 7.0]);
    ServerData::build(
        &ds,
        &regio_study::study::Tagged::all(regio_study::study::Section::Diagnostics, vec![t]),
    )
    .unwrap()
}

fn get(port: u16, req: &str) -> (u16, Value) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = body.trim();
    (
        status,
        serde_json::from_str(body).unwrap_or(Value::String(body.to_string())),
    )
}

fn req(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
}

/// Starts the server on a free loopback port in a background runtime.
fn start() -> u16 {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(regio_server::bind("127.0.0.1:0".parse().unwrap()))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        rt.block_on(async move {
            axum::serve(listener, regio_server::router(data()))
                .await
                .unwrap();
        })
    });
    port
}

#[test]
fn api_answers_and_errors_are_json() {
    let port = start();
    let (st, meta) = get(port, &req("/api/meta"));
    assert_eq!(st, 200);
    assert_eq!(meta["indicators"].as_array().unwrap().len(), 2);
    let (st, lv) = get(port, &req("/api/levels/sido"));
    assert_eq!(st, 200);
    assert_eq!(lv["regions"].as_array().unwrap().len(), 3);
    assert!(lv["regions"][0]["d"].as_str().unwrap().starts_with('M'));
    // Classified values: 9.5 M and 3.3 M in two classes, 대구 missing.
    let (st, ind) = get(port, &req("/api/indicators/attr_pop_population"));
    assert_eq!(st, 200);
    assert_eq!(ind["values"]["11"], 9_500_000.0);
    assert_eq!(ind["labels"]["11"], "9,500,000");
    assert_eq!(ind["labels"]["22"], "no data");
    assert_eq!(ind["fills"]["22"], "#d9d9d9");
    // A signed indicator uses the diverging palette (RdBu).
    let (_, mix) = get(port, &req("/api/indicators/table_shift_share_mix_effect"));
    assert_eq!(mix["values"]["11"], -120.0);
    let (st, prof) = get(port, &req("/api/regions/21"));
    assert_eq!(st, 200);
    assert_eq!(prof["name"], "부산");
    assert_eq!(prof["tables"][0]["rows"][0][1], 40.5);
    // Population rank of 부산: 2 of 2 regions with a value.
    let p = prof["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "attr_pop_population")
        .unwrap();
    assert_eq!((p["rank"].as_u64(), p["of"].as_u64()), (Some(2), Some(2)));
    let (st, page) = get(port, &req("/"));
    assert_eq!(st, 200);
    assert!(page.as_str().unwrap().contains("<svg id=\"map\""));

    // Errors.
    for (path, code) in [
        ("/api/regions/..%2F..%2Fetc%2Fpasswd", 404),
        ("/../../etc/passwd", 404),
        ("/api/indicators/nope", 404),
        ("/api/indicators/attr_pop_population?year=x", 400),
        ("/api/tables/shift_share?limit=-1", 400),
        ("/api/levels/..", 404),
    ] {
        let (st, v) = get(port, &req(path));
        assert_eq!(st, code, "{path}");
        assert!(v["error"].is_string(), "{path}: {v}");
    }
    let (st, v) = get(
        port,
        "DELETE /api/meta HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(st, 405);
    assert!(v["error"].as_str().unwrap().contains("read-only"));
    let big = "x".repeat(5000);
    let (st, v) = get(
        port,
        &format!("GET /api/meta HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{big}", big.len()),
    );
    assert_eq!(st, 413);
    assert!(v["error"].is_string());
}

#[test]
fn two_hundred_concurrent_clients() {
    let port = start();
    let handles: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let paths = [
                    "/api/meta",
                    "/api/levels/sido",
                    "/api/indicators/attr_pop_population",
                    "/api/regions/11",
                ];
                (0..5)
                    .map(|k| get(port, &req(paths[(i + k) % paths.len()])).0)
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    let codes: Vec<u16> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert_eq!(codes.len(), 1000);
    assert!(
        codes.iter().all(|&c| c == 200),
        "{:?}",
        codes.iter().filter(|&&c| c != 200).collect::<Vec<_>>()
    );
}

/// A server started the way `regio serve` starts it (`serve` on a bound listener).
fn start_served() -> u16 {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(regio_server::bind("127.0.0.1:0".parse().unwrap()))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || rt.block_on(regio_server::serve(listener, data())));
    port
}

fn status_of(port: u16, headers: &str) -> (u16, Value) {
    get(
        port,
        &format!("GET /api/meta HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"),
    )
}

#[test]
fn foreign_host_and_origin_are_refused() {
    let port = start_served();
    // DNS rebinding: a page at evil.example re-points its name at 127.0.0.1
    let (s, v) = status_of(port, &format!("Host: evil.example:{port}\r\n"));
    assert_eq!(s, 403, "{v}");
    assert!(
        v["error"].as_str().unwrap().contains("host not allowed"),
        "{v}"
    );
    let (s, _) = status_of(
        port,
        &format!("Host: localhost:{}\r\n", port.wrapping_add(1)),
    );
    assert_eq!(s, 403);
    for ok in ["localhost", "127.0.0.1", "[::1]"] {
        let (s, v) = status_of(port, &format!("Host: {ok}:{port}\r\n"));
        assert_eq!(s, 200, "{ok}: {v}");
    }
    let (s, v) = status_of(
        port,
        &format!("Host: localhost:{port}\r\nOrigin: http://evil.example:{port}\r\n"),
    );
    assert_eq!(s, 403, "{v}");
    assert!(v["error"].as_str().unwrap().contains("cross-origin"), "{v}");
    let (s, v) = status_of(
        port,
        &format!("Host: localhost:{port}\r\nOrigin: http://localhost:{port}\r\n"),
    );
    assert_eq!(s, 200, "{v}");
}
