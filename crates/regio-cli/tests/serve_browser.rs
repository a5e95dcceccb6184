//! End-to-end tests in a real browser: `regio report` writes an HTML file
//! that headless Chromium renders without console errors, and `regio serve`
//! serves a dashboard whose map has one path per region, shows the right
//! value on hover and re-colours when the indicator changes.
//!
//! Chromium and chromedriver come from Debian (`.ci/run` installs them). If
//! they are missing the tests fail with a clear message, unless
//! `REGIO_SKIP_BROWSER=1` is set. The WebDriver protocol (W3C) is spoken
//! over a small HTTP/1.1 client below.

mod common;

use common::{arg, human, run};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn skip() -> bool {
    std::env::var("REGIO_SKIP_BROWSER").is_ok_and(|v| v == "1")
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Chromium and chromedriver, or None when the test is skipped; panics with
/// instructions when they are missing.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chrome = which(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = which(&["chromedriver"]);
    match (chrome, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ if skip() => None,
        _ => panic!(
            "browser test: chromium and chromedriver are not installed. Install them \
             (Debian: apt-get install -y chromium chromium-driver) or set REGIO_SKIP_BROWSER=1 to skip"
        ),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP/1.1 request; returns (status, body).
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let b = body.map(|v| v.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}",
        b.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    // Read the head, then exactly Content-Length bytes (chromedriver keeps
    // connections open), or chunks until the last one.
    let mut r = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut l = String::new();
        if r.read_line(&mut l).unwrap() == 0 || l == "\r\n" {
            break;
        }
        head.push_str(&l);
    }
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let lower = head.to_ascii_lowercase();
    let len = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let mut raw = Vec::new();
    if let Some(n) = len {
        raw.resize(n, 0);
        r.read_exact(&mut raw).unwrap();
    } else if lower.contains("transfer-encoding: chunked") {
        loop {
            let mut l = String::new();
            r.read_line(&mut l).unwrap();
            let n = usize::from_str_radix(l.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk).unwrap();
            raw.extend_from_slice(&chunk[..n]);
        }
    } else {
        r.read_to_end(&mut raw).unwrap();
    }
    let body = String::from_utf8_lossy(&raw).to_string();
    (status, body)
}

struct Driver {
    port: u16,
    session: String,
    child: Child,
}

impl Driver {
    fn start(chrome: &Path, driver: &Path, profile: &Path) -> Driver {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let t0 = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                let (st, b) = http(port, "GET", "/status", None);
                if st == 200 && b.contains("\"ready\":true") {
                    break;
                }
            }
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chrome.to_string_lossy(),
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1280,900",
                         format!("--user-data-dir={}", profile.display())]
            },
            "goog:loggingPrefs": {"browser": "ALL"}
        }}});
        let mut d = Driver {
            port,
            session: String::new(),
            child,
        };
        let v = d.call("POST", "/session", Some(caps));
        d.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        d
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (st, b) = http(self.port, method, path, body.as_ref());
        let v: Value =
            serde_json::from_str(&b).unwrap_or_else(|_| panic!("webdriver {path}: {st} {b}"));
        assert!(st == 200, "webdriver {method} {path}: {st} {v}");
        v["value"].clone()
    }

    fn s(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn goto(&self, url: &str) {
        self.s("POST", "/url", Some(json!({ "url": url })));
    }

    fn js(&self, script: &str) -> Value {
        self.s(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    fn wait_js(&self, script: &str, what: &str) -> Value {
        let t0 = Instant::now();
        loop {
            let v = self.js(script);
            if !(v.is_null() || v == json!(false)) {
                return v;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Severe browser-console entries (chromedriver's log endpoint).
    fn console_errors(&self) -> Vec<String> {
        let v = self.s("POST", "/se/log", Some(json!({"type": "browser"})));
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn screenshot(&self, path: &Path) {
        let v = self.s("GET", "/screenshot", None);
        let png = base64_decode(v.as_str().expect("screenshot"));
        assert_eq!(&png[1..4], b"PNG");
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64 (RFC 4648) decoding of the screenshot.
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some((c - b'A') as u32),
            b'a'..=b'z' => Some((c - b'a' + 26) as u32),
            b'0'..=b'9' => Some((c - b'0' + 52) as u32),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter_map(val) {
        acc = (acc << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn target_dir() -> PathBuf {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/browser"));
    std::fs::create_dir_all(&p).unwrap();
    p
}

struct Server(Child, u16);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server() -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regio"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start regio serve");
    let out = child.stdout.take().unwrap();
    let mut lines = BufReader::new(out).lines();
    let port = loop {
        let l = lines.next().expect("regio serve exited").unwrap();
        if let Some(rest) = l.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .unwrap()
                .parse::<u16>()
                .unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server(child, port)
}

#[test]
fn dashboard_in_headless_chromium() {
    let Some((chrome, driver)) = browser() else {
        return;
    };
    let srv = start_server();
    let profile = tempfile::tempdir().unwrap();
    let d = Driver::start(&chrome, &driver, profile.path());
    d.goto(&format!("http://127.0.0.1:{}/", srv.1));
    d.wait_js(
        "return document.body.dataset.state === 'ready'",
        "the page to load",
    );

    // One path per region of the first indicator's level.
    let meta: Value = serde_json::from_str(&http(srv.1, "GET", "/api/meta", None).1).unwrap();
    let first = &meta["indicators"][0];
    let level = first["level"].as_str().unwrap();
    let lv: Value =
        serde_json::from_str(&http(srv.1, "GET", &format!("/api/levels/{level}"), None).1).unwrap();
    let n_regions = lv["regions"].as_array().unwrap().len();
    let n_paths = d.js("return document.querySelectorAll('#map path[data-code]').length");
    assert_eq!(n_paths, json!(n_regions));
    let codes = d.js(
        "return [...document.querySelectorAll('#map path')].map(p => p.getAttribute('data-code'))",
    );
    let mut codes: Vec<String> = serde_json::from_value(codes).unwrap();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), n_regions, "duplicate region paths");

    // Hover a region whose centre lies on itself; the tooltip shows its value.
    let code = d.wait_js(
        "for (const p of document.querySelectorAll('#map path')) { const r = p.getBoundingClientRect(); \
         const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); \
         if (e === p && r.width > 10) return p.getAttribute('data-code'); } return null;",
        "a hoverable region",
    );
    let code = code.as_str().unwrap().to_string();
    let el = d.s(
        "POST",
        "/element",
        Some(json!({"using": "css selector", "value": format!("#map path[data-code='{code}']")})),
    );
    let el_id = el
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    let centre = d.js(&format!(
        "const r = document.querySelector(\"#map path[data-code='{code}']\").getBoundingClientRect(); \
         return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)];"
    ));
    d.s("POST", "/actions", Some(json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
        "actions": [{"type": "pointerMove", "duration": 0, "origin": "viewport", "x": centre[0], "y": centre[1]}]}]})));
    let tip = d.wait_js(
        "const t = document.querySelector('#tip'); return t.hidden ? null : t.textContent",
        "the tooltip",
    );
    let id = first["id"].as_str().unwrap();
    let vals: Value =
        serde_json::from_str(&http(srv.1, "GET", &format!("/api/indicators/{id}"), None).1)
            .unwrap();
    let v = vals["values"][&code]
        .as_f64()
        .expect("hovered region has a value");
    let tip = tip.as_str().unwrap();
    assert!(
        tip.contains(&format!("({code}): {}", human(v))),
        "tooltip {tip:?} lacks the value {v} of {code}"
    );

    // Changing the indicator re-colours the map.
    let fills = "return [...document.querySelectorAll('#map path')].map(p => p.getAttribute('fill')).join(',')";
    let before = d.js(fills);
    let other = meta["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .find(|i| {
            i["level"] == first["level"]
                && !i["id"]
                    .as_str()
                    .unwrap()
                    .starts_with(id.split('@').next().unwrap())
        })
        .expect("a second indicator on the same level");
    let other_id = other["id"].as_str().unwrap();
    d.js(&format!(
        "const s = document.querySelector('#indicator'); s.value = '{other_id}'; s.dispatchEvent(new Event('change')); return true;"
    ));
    d.wait_js(&format!("return document.body.dataset.indicator === '{other_id}' && document.body.dataset.state === 'ready'"), "re-colouring");
    let after = d.js(fills);
    assert_ne!(before, after, "fills did not change with the indicator");

    // Click opens the profile.
    d.s("POST", &format!("/element/{el_id}/click"), Some(json!({})));
    d.wait_js(
        &format!("return document.body.dataset.profile === '{code}'"),
        "the region profile",
    );
    let errors = d.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    d.screenshot(&target_dir().join("dashboard.png"));
}

#[test]
fn report_renders_in_headless_chromium() {
    let Some((chrome, driver)) = browser() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    run(&["report", "--quiet", "--out", arg(out.path())]).expect_ok();
    let html = out.path().join("regio-report.html");
    let size = std::fs::metadata(&html).unwrap().len();
    assert!(size < 5_000_000, "report is {size} bytes");
    let profile = tempfile::tempdir().unwrap();
    let d = Driver::start(&chrome, &driver, profile.path());
    d.goto(&format!("file://{}", html.display()));
    d.wait_js(
        "return document.readyState === 'complete'",
        "the report to load",
    );
    // Maps with legends: every map SVG has region paths and legend swatches.
    let maps = d.js("return [...document.querySelectorAll('svg.map')].map(s => [s.querySelectorAll('path[data-code]').length, s.querySelectorAll('rect[width=\"18\"]').length])");
    let maps = maps.as_array().unwrap();
    assert!(
        maps.len() >= 3,
        "expected Korean maps, found {}",
        maps.len()
    );
    for m in maps {
        assert!(
            m[0].as_u64().unwrap() >= 17 && m[1].as_u64().unwrap() >= 2,
            "map without regions or legend: {m}"
        );
    }
    let sections =
        d.js("return [...document.querySelectorAll('section h2')].map(h => h.textContent)");
    let sections = sections.to_string();
    assert!(
        sections.contains("1 Regional diagnostics") && sections.contains("5 Data and methods"),
        "{sections}"
    );
    let errors = d.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    d.screenshot(&target_dir().join("report.png"));
}
