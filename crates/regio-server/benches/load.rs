//! Bounded loopback load test of the dashboard API on the embedded Korean
//! demo: 200 concurrent clients, 50 requests each (10,000 requests, one
//! connection per request), mixing metadata, geometry (250 si-gun-gu
//! paths), classified indicators and region profiles. Prints throughput and
//! latency percentiles; asserts nothing about time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const CLIENTS: usize = 200;
const PER_CLIENT: usize = 50;

fn main() {
    let ds = regio_io::demo::korea().expect("demo dataset");
    let data = regio_server::ServerData::build(&ds, &[]).expect("server data");
    let ind = data.indicators[0].id.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(regio_server::bind("127.0.0.1:0".parse().unwrap()))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        rt.block_on(async move {
            axum::serve(listener, regio_server::router(data))
                .await
                .unwrap();
        })
    });
    let paths: Vec<String> = vec![
        "/api/meta".into(),
        "/api/levels/sigungu".into(),
        format!("/api/indicators/{ind}"),
        "/api/regions/11".into(),
        "/".into(),
    ];
    let t0 = Instant::now();
    let handles: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let paths = paths.clone();
            std::thread::spawn(move || {
                let mut lat = Vec::with_capacity(PER_CLIENT);
                let mut bytes = 0usize;
                for k in 0..PER_CLIENT {
                    let p = &paths[(c + k) % paths.len()];
                    let t = Instant::now();
                    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                    write!(
                        s,
                        "GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    )
                    .unwrap();
                    let mut buf = Vec::new();
                    s.read_to_end(&mut buf).unwrap();
                    assert!(buf.starts_with(b"HTTP/1.1 200"), "{p}");
                    bytes += buf.len();
                    lat.push(t.elapsed());
                }
                (lat, bytes)
            })
        })
        .collect();
    let mut lat: Vec<Duration> = Vec::new();
    let mut bytes = 0;
    for h in handles {
        let (l, b) = h.join().unwrap();
        lat.extend(l);
        bytes += b;
    }
    let wall = t0.elapsed();
    lat.sort();
    let pct = |q: f64| lat[((lat.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "load: {} requests from {CLIENTS} concurrent clients in {:.2} s: {:.0} req/s, {:.1} MB/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        lat.len(),
        wall.as_secs_f64(),
        lat.len() as f64 / wall.as_secs_f64(),
        bytes as f64 / 1e6 / wall.as_secs_f64(),
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.9).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        lat[lat.len() - 1].as_secs_f64() * 1e3
    );
}
