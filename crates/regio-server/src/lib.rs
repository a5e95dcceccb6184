//! regio-server: the local dashboard. A read-only JSON API over a loaded
//! dataset and its results (regions, geometry, indicators, zones, areas,
//! result tables) and one vanilla-JS page (no build step, no network) with a
//! map whose regions show their value on hover, re-colour when another
//! indicator or year is chosen, and open a profile on click.
//!
//! Safety: GET only (other methods get 405), request bodies are limited to
//! 1 KiB, nothing is read from disk after start-up (no path can reach the
//! file system), every error is JSON, and the listener binds to loopback
//! unless told otherwise. Requests whose `Host` is not a loopback name
//! (`localhost`, `127.0.0.1`, `[::1]`, with the server's port) or the address
//! the server was bound to, and requests with a cross-origin `Origin`, get
//! 403: a web page that re-points its own host name at 127.0.0.1 (DNS
//! rebinding) cannot read the data.

pub mod data;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
pub use data::ServerData;
use regio_report::classify::{classify, Scheme};
use regio_report::palette::{Palette, MISSING};
use regio_report::svg::human;
use regio_study::study::Section;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// The dashboard page (HTML, CSS and JS in one file).
pub const PAGE: &str = include_str!("page.html");

/// Largest accepted request body, bytes.
pub const BODY_LIMIT: usize = 1024;

type Shared = Arc<ServerData>;

/// A JSON error response.
fn err(status: StatusCode, msg: impl Into<String>) -> Response {
    (
        status,
        Json(json!({ "error": msg.into(), "status": status.as_u16() })),
    )
        .into_response()
}

/// Query parameters parsed by hand so that malformed queries get JSON errors.
fn query(raw: &Option<String>) -> Result<BTreeMap<String, String>, String> {
    let mut m = BTreeMap::new();
    let Some(q) = raw else { return Ok(m) };
    if q.len() > 512 {
        return Err("query string too long (max 512 bytes)".to_string());
    }
    for part in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        if !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("bad query parameter name {k:?}"));
        }
        m.insert(k.to_string(), v.to_string());
    }
    Ok(m)
}

/// The `Host` (and `Origin`) values the server answers: loopback names, the
/// address it was bound to, and only its port when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts {
    port: Option<u16>,
    bound: Option<IpAddr>,
}

impl AllowedHosts {
    /// Loopback names on any port.
    pub fn loopback() -> Self {
        AllowedHosts {
            port: None,
            bound: None,
        }
    }

    /// Loopback names and `addr`'s IP (when it is not loopback), on `addr`'s port.
    /// A server bound to an unspecified address (`0.0.0.0`, `[::]`) also
    /// answers any IP-literal host (not a name, so not a rebinding target).
    pub fn for_addr(addr: SocketAddr) -> Self {
        AllowedHosts {
            port: Some(addr.port()),
            bound: Some(addr.ip()),
        }
    }

    /// Whether a `Host` header value is accepted.
    pub fn allows_host(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host.trim()) else {
            return false;
        };
        let port_ok = match (self.port, port) {
            (None, _) => true,
            (Some(p), Some(q)) => p == q,
            (Some(p), None) => p == 80,
        };
        if !port_ok {
            return false;
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1") {
            return true;
        }
        let Ok(ip) = name.parse::<IpAddr>() else {
            return false;
        };
        match self.bound {
            Some(b) if b.is_unspecified() => true,
            Some(b) => b == ip,
            None => false,
        }
    }

    /// Whether an `Origin` header value is accepted (same rules for its host).
    pub fn allows_origin(&self, origin: &str) -> bool {
        let o = origin.trim();
        let rest = o
            .strip_prefix("http://")
            .or_else(|| o.strip_prefix("https://"));
        match rest {
            Some(h) if !h.contains('/') => self.allows_host(h),
            _ => false,
        }
    }
}

/// Splits `name[:port]` or `[v6][:port]`; `None` when malformed.
fn split_host(h: &str) -> Option<(&str, Option<u16>)> {
    if h.is_empty() {
        return None;
    }
    if let Some(rest) = h.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        return match after {
            "" => Some((ip, None)),
            p => Some((ip, Some(p.strip_prefix(':')?.parse().ok()?))),
        };
    }
    match h.rsplit_once(':') {
        Some((n, p)) => {
            if n.contains(':') {
                return None;
            }
            Some((n, Some(p.parse().ok()?)))
        }
        None => Some((h, None)),
    }
}

/// Builds the router over `data`, answering loopback host names on any port
/// (see [`router_with_hosts`]).
pub fn router(data: ServerData) -> Router {
    router_with_hosts(data, AllowedHosts::loopback())
}

/// Builds the router over `data`, answering only requests whose `Host` (and
/// `Origin`, when sent) `hosts` accepts; others get a JSON 403.
pub fn router_with_hosts(data: ServerData, hosts: AllowedHosts) -> Router {
    let state: Shared = Arc::new(data);
    let hosts = Arc::new(hosts);
    Router::new()
        .route("/", get(page))
        .route("/api", get(meta))
        .route("/api/meta", get(meta))
        .route("/api/levels/{level}", get(level))
        .route("/api/regions", get(regions))
        .route("/api/regions/{code}", get(profile))
        .route("/api/indicators", get(indicators))
        .route("/api/indicators/{id}", get(indicator))
        .route("/api/tables", get(tables))
        .route("/api/tables/{name}", get(table))
        .route("/api/zones", get(zones))
        .route("/api/areas", get(areas))
        .fallback(|| async { err(StatusCode::NOT_FOUND, "no such resource") })
        .method_not_allowed_fallback(|| async {
            err(
                StatusCode::METHOD_NOT_ALLOWED,
                "read-only: only GET is allowed",
            )
        })
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(limit_body))
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                check_host(hosts.clone(), req, next)
            },
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(10),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
}

/// Rejects declared bodies over [`BODY_LIMIT`] with a JSON 413 before any
/// handler runs (the API reads no bodies; this bounds what a client can send).
async fn limit_body(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64)
        || req.headers().contains_key(header::TRANSFER_ENCODING)
    {
        return err(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request bodies are limited to {BODY_LIMIT} bytes"),
        );
    }
    next.run(req).await
}

/// Refuses requests for another host name (DNS rebinding) or from another origin.
async fn check_host(
    hosts: Arc<AllowedHosts>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    match host {
        Some(h) if hosts.allows_host(&h) => {}
        Some(_) => {
            return err(
                StatusCode::FORBIDDEN,
                "host not allowed: this dashboard answers only its own address (localhost)",
            )
        }
        None => return err(StatusCode::FORBIDDEN, "missing Host header"),
    }
    if let Some(o) = req.headers().get(header::ORIGIN) {
        if !o.to_str().is_ok_and(|o| hosts.allows_origin(o)) {
            return err(
                StatusCode::FORBIDDEN,
                "cross-origin requests are not allowed",
            );
        }
    }
    next.run(req).await
}

async fn page() -> Response {
    let mut r = Html(PAGE).into_response();
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
        ),
    );
    r
}

async fn meta(State(d): State<Shared>) -> Response {
    Json(json!({
        "name": d.name,
        "sources": d.sources,
        "software": format!("regio {}", env!("CARGO_PKG_VERSION")),
        "levels": d.levels.values().map(|l| json!({"name": l.name, "regions": l.regions.len(), "source": l.source})).collect::<Vec<_>>(),
        "indicators": d.indicators,
        "tables": d.tables.keys().collect::<Vec<_>>(),
    }))
    .into_response()
}

async fn level(State(d): State<Shared>, Path(name): Path<String>) -> Response {
    match d.levels.get(&name) {
        Some(l) => Json(l).into_response(),
        None => err(
            StatusCode::NOT_FOUND,
            format!(
                "no boundary set {name:?} (available: {})",
                d.levels.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        ),
    }
}

async fn regions(State(d): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let q = match query(&q) {
        Ok(q) => q,
        Err(e) => return err(StatusCode::BAD_REQUEST, e),
    };
    let lv: Vec<&data::Level> = match q.get("level") {
        Some(l) => match d.levels.get(l) {
            Some(x) => vec![x],
            None => return err(StatusCode::NOT_FOUND, format!("no boundary set {l:?}")),
        },
        None => d.levels.values().collect(),
    };
    Json(
        lv.iter()
            .flat_map(|l| {
                l.regions
                    .iter()
                    .map(move |r| json!({"code": r.code, "name": r.name, "level": l.name}))
            })
            .collect::<Vec<_>>(),
    )
    .into_response()
}

async fn indicators(State(d): State<Shared>) -> Response {
    Json(&d.indicators).into_response()
}

/// Values of one indicator and year, classified (Fisher-Jenks, 5 classes,
/// as in the report) with fills and legend rows.
async fn indicator(
    State(d): State<Shared>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let q = match query(&q) {
        Ok(q) => q,
        Err(e) => return err(StatusCode::BAD_REQUEST, e),
    };
    let Some(ind) = d.indicator(&id) else {
        return err(
            StatusCode::NOT_FOUND,
            format!("no indicator {id:?}; see /api/indicators"),
        );
    };
    let year = match q.get("year") {
        None => *ind.years.last().unwrap_or(&0),
        Some(y) => match y.parse::<i32>() {
            Ok(y) if ind.values.contains_key(&y) => y,
            _ => {
                return err(
                    StatusCode::BAD_REQUEST,
                    format!("year {y:?} not available for {id} (years: {:?})", ind.years),
                )
            }
        },
    };
    let scheme = match q.get("scheme") {
        None => Scheme::FisherJenks(5),
        Some(s) => match Scheme::parse(&s.replace("%2C", ",").replace("%3A", ":")) {
            Ok(s) => s,
            Err(e) => return err(StatusCode::BAD_REQUEST, e.to_string()),
        },
    };
    let vals = &ind.values[&year];
    let level = &d.levels[&ind.level];
    let c = match classify(vals, &scheme) {
        Ok(c) => c,
        Err(e) => return err(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
    };
    let signed = vals.iter().flatten().any(|x| *x < 0.0) && vals.iter().flatten().any(|x| *x > 0.0);
    let colors = if signed {
        Palette::RdBu
    } else {
        Palette::YlGnBu
    }
    .colors(c.k());
    let mut values = serde_json::Map::new();
    let mut labels = serde_json::Map::new();
    let mut fills = serde_json::Map::new();
    for (i, r) in level.regions.iter().enumerate() {
        values.insert(r.code.clone(), vals[i].map_or(Value::Null, |v| json!(v)));
        labels.insert(
            r.code.clone(),
            json!(vals[i].map_or("no data".to_string(), human)),
        );
        fills.insert(
            r.code.clone(),
            json!(c.classes[i].map_or(MISSING.to_string(), |k| colors[k].clone())),
        );
    }
    let legend: Vec<Value> = (0..c.k())
        .map(|i| {
            let (lo, hi) = c.bounds(i);
            json!({"color": colors[i], "label": format!("{} – {} ({})", human(lo), human(hi), c.counts[i])})
        })
        .collect();
    Json(json!({
        "id": ind.id, "label": ind.label, "unit": ind.unit, "doc": ind.doc, "level": ind.level,
        "year": year, "years": ind.years, "scheme": scheme.label(),
        "bins": c.bins, "min": c.min, "values": values, "labels": labels, "fills": fills, "legend": legend,
    }))
    .into_response()
}

/// A region's profile: every indicator's value (latest year) with its rank,
/// and the rows of result tables keyed by the region.
async fn profile(State(d): State<Shared>, Path(code): Path<String>) -> Response {
    let found = d.levels.values().find_map(|l| {
        l.regions
            .iter()
            .position(|r| r.code == code)
            .map(|i| (l, i))
    });
    let Some((_, _)) = found else {
        return err(
            StatusCode::NOT_FOUND,
            format!("no region with code {code:?}"),
        );
    };
    let mut name = String::new();
    let mut level_names = Vec::new();
    let mut inds = Vec::new();
    for l in d.levels.values() {
        let Some(i) = l.regions.iter().position(|r| r.code == code) else {
            continue;
        };
        name = l.regions[i].name.clone();
        level_names.push(l.name.clone());
        for ind in d.indicators.iter().filter(|x| x.level == l.name) {
            let y = *ind.years.last().unwrap_or(&0);
            let v = &ind.values[&y];
            let Some(x) = v[i] else { continue };
            let rank = 1 + v.iter().flatten().filter(|o| **o > x).count();
            inds.push(json!({"id": ind.id, "label": ind.label, "unit": ind.unit, "year": y, "value": x, "text": human(x), "rank": rank, "of": v.iter().flatten().count()}));
        }
    }
    let mut tabs = Vec::new();
    for t in d.tables.values() {
        let Some(k) = t.region_key.as_deref().and_then(|k| t.column(k)) else {
            continue;
        };
        let rows: Vec<usize> = (0..t.n_rows())
            .filter(|&r| k.text(r) == code)
            .take(30)
            .collect();
        if rows.is_empty() {
            continue;
        }
        tabs.push(json!({
            "table": t.name,
            "columns": t.names(),
            "rows": rows.iter().map(|&r| t.columns.iter().map(|c| cell(c, r)).collect::<Vec<_>>()).collect::<Vec<_>>(),
        }));
    }
    Json(json!({"code": code, "name": name, "levels": level_names, "indicators": inds, "tables": tabs})).into_response()
}

fn cell(c: &regio_core::Column, r: usize) -> Value {
    match c {
        regio_core::Column::F64(v) => v[r].map_or(Value::Null, |x| json!(x)),
        regio_core::Column::I64(v) => v[r].map_or(Value::Null, |x| json!(x)),
        regio_core::Column::Bool(v) => v[r].map_or(Value::Null, |x| json!(x)),
        regio_core::Column::Str(_) | regio_core::Column::Cat(_) => {
            c.str_at(r).map_or(Value::Null, |x| json!(x))
        }
    }
}

fn table_summary(t: &regio_core::Table) -> Value {
    json!({
        "name": t.name, "rows": t.n_rows(), "region_key": t.region_key,
        "columns": t.specs.iter().zip(&t.columns).map(|(s, c)| json!({"name": s.name, "doc": s.doc, "type": c.type_name()})).collect::<Vec<_>>(),
    })
}

async fn tables(State(d): State<Shared>) -> Response {
    Json(d.tables.values().map(table_summary).collect::<Vec<_>>()).into_response()
}

async fn table(
    State(d): State<Shared>,
    Path(name): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let q = match query(&q) {
        Ok(q) => q,
        Err(e) => return err(StatusCode::BAD_REQUEST, e),
    };
    let Some(t) = d.tables.get(&name) else {
        return err(
            StatusCode::NOT_FOUND,
            format!("no table {name:?}; see /api/tables"),
        );
    };
    let num = |k: &str, def: usize| -> Result<usize, String> {
        q.get(k).map_or(Ok(def), |v| {
            v.parse::<usize>()
                .map_err(|_| format!("{k}={v:?}: expected a non-negative integer"))
        })
    };
    let (offset, limit) = match (num("offset", 0), num("limit", 1000)) {
        (Ok(o), Ok(l)) => (o, l.min(10_000)),
        (Err(e), _) | (_, Err(e)) => return err(StatusCode::BAD_REQUEST, e),
    };
    let rows: Vec<Vec<Value>> = (offset..t.n_rows().min(offset.saturating_add(limit)))
        .map(|r| t.columns.iter().map(|c| cell(c, r)).collect())
        .collect();
    let mut s = table_summary(t);
    s["offset"] = json!(offset);
    s["data"] = json!(rows);
    Json(s).into_response()
}

fn section_tables(d: &ServerData, section: Section) -> Response {
    Json(
        d.tables
            .values()
            .filter(|t| d.sections.get(&t.name) == Some(&section))
            .map(table_summary)
            .collect::<Vec<_>>(),
    )
    .into_response()
}

async fn zones(State(d): State<Shared>) -> Response {
    section_tables(&d, Section::Zones)
}

async fn areas(State(d): State<Shared>) -> Response {
    section_tables(&d, Section::Areas)
}

/// Errors of the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Binding or serving failed.
    #[error("server on {addr}: {source}")]
    Io {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
}

/// Binds `addr` (use port 0 for any free port).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServerError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Io { addr, source })
}

/// Serves `data` on `listener` until the process is interrupted (Ctrl-C).
pub async fn serve(listener: tokio::net::TcpListener, data: ServerData) -> Result<(), ServerError> {
    let addr = listener.local_addr().map_err(|source| ServerError::Io {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        source,
    })?;
    axum::serve(
        listener,
        router_with_hosts(data, AllowedHosts::for_addr(addr)),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|source| ServerError::Io { addr, source })
}

/// Binds `addr` and serves `data` on a new multi-threaded runtime until
/// Ctrl-C; `on_ready` gets the bound address (e.g. to print the URL).
pub fn run_blocking(
    addr: SocketAddr,
    data: ServerData,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServerError::Io { addr, source })?;
    rt.block_on(async move {
        let l = bind(addr).await?;
        let bound = l
            .local_addr()
            .map_err(|source| ServerError::Io { addr, source })?;
        on_ready(bound);
        serve(l, data).await
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let h = AllowedHosts::for_addr("127.0.0.1:8080".parse().unwrap());
        for ok in [
            "localhost:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "LOCALHOST:8080",
        ] {
            assert!(h.allows_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "localhost:9090",
            "localhost",
            "192.168.1.5:8080",
            "",
            "localhost.evil.example:8080",
        ] {
            assert!(!h.allows_host(bad), "{bad}");
        }
        assert!(h.allows_origin("http://localhost:8080"));
        assert!(!h.allows_origin("http://evil.example:8080"));
        assert!(!h.allows_origin("null"));
        let lan = AllowedHosts::for_addr("192.168.1.5:80".parse().unwrap());
        assert!(lan.allows_host("192.168.1.5"));
        assert!(lan.allows_host("localhost"));
        assert!(!lan.allows_host("evil.example"));
        let any = AllowedHosts::for_addr("0.0.0.0:8080".parse().unwrap());
        assert!(any.allows_host("10.0.0.7:8080"));
        assert!(!any.allows_host("evil.example:8080"));
        assert!(AllowedHosts::loopback().allows_host("localhost:1234"));
        assert!(!AllowedHosts::loopback().allows_host("evil.example:1234"));
    }
}
