//! File sniffing for `regio init`: encoding, delimiter, header and the role
//! of each data file in a folder (long panel, KOSIS export, flows,
//! attributes, boundaries with their geometry type), and a draft
//! `regio.toml` the user can edit.

use crate::source::{parse_year, CsvOptions, CsvRows, Source};
use crate::{IoError, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What a file looks like.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// A long panel with these (region, industry, year, value, measure, series, flag) columns.
    LongPanel {
        /// Region code column.
        region: String,
        /// Industry code column.
        industry: String,
        /// Year column.
        year: String,
        /// Value column.
        value: String,
        /// Measure column, if any.
        measure: Option<String>,
        /// Series column, if any.
        series: Option<String>,
        /// Flag column, if any.
        flag: Option<String>,
    },
    /// A KOSIS export (label columns, then periods).
    Kosis,
    /// Origin-destination flows.
    Flows {
        /// Origin column.
        origin: String,
        /// Destination column.
        destination: String,
        /// Year column, if any.
        year: Option<String>,
        /// Value column (a guess).
        value: String,
    },
    /// One row per region with numeric columns.
    Attributes {
        /// Region code column (a guess).
        region: String,
        /// Region name column, if any.
        name: Option<String>,
    },
    /// Boundaries with a geometry type (e.g. `Polygon`, `MultiPolygon`, `Topology`).
    Boundaries {
        /// Geometry type found.
        geometry: String,
    },
}

/// One sniffed file.
#[derive(Debug, Clone, PartialEq)]
pub struct Sniffed {
    /// File path.
    pub path: PathBuf,
    /// Encoding name (CSV).
    pub encoding: Option<String>,
    /// Delimiter (CSV).
    pub delimiter: Option<char>,
    /// Header (CSV).
    pub headers: Vec<String>,
    /// The guessed role.
    pub role: Role,
}

fn find(headers: &[String], cands: &[&str]) -> Option<String> {
    for c in cands {
        if let Some(h) = headers.iter().find(|h| h.eq_ignore_ascii_case(c)) {
            return Some(h.clone());
        }
    }
    None
}

/// Sniffs one CSV file.
pub fn sniff_csv(path: &Path) -> Result<Sniffed> {
    let src = Source::file(path);
    let rows = CsvRows::open(&src, CsvOptions::default())?;
    let h = rows.headers().to_vec();
    let role = if h.iter().any(|x| parse_year(x).is_some())
        && h.first().is_some_and(|x| parse_year(x).is_none())
        && h.iter().filter(|x| parse_year(x).is_some()).count() >= 1
        && find(&h, &["year"]).is_none()
    {
        Role::Kosis
    } else if let (Some(o), Some(d)) = (
        find(&h, &["origin", "from", "o"]),
        find(&h, &["destination", "to", "d", "dest"]),
    ) {
        Role::Flows {
            origin: o,
            destination: d,
            year: find(&h, &["year"]),
            value: find(&h, &["value", "flow", "moved", "count", "trips"])
                .unwrap_or_else(|| "value".into()),
        }
    } else if let (Some(ind), Some(y)) = (
        find(
            &h,
            &[
                "industry",
                "industry_code",
                "sector",
                "ksic",
                "naics",
                "nace",
            ],
        ),
        find(&h, &["year", "period"]),
    ) {
        Role::LongPanel {
            region: find(&h, &["region", "region_code", "code"]).unwrap_or_else(|| h[0].clone()),
            industry: ind,
            year: y,
            value: find(&h, &["value", "count"]).unwrap_or_else(|| h[h.len() - 1].clone()),
            measure: find(&h, &["measure"]),
            series: find(&h, &["series"]),
            flag: find(&h, &["flag"]),
        }
    } else {
        Role::Attributes {
            region: find(&h, &["region", "region_code", "code", "id", "geoid"])
                .unwrap_or_else(|| h[0].clone()),
            name: find(&h, &["region_name", "name", "name_en", "sido_name"]),
        }
    };
    Ok(Sniffed {
        path: path.to_path_buf(),
        encoding: Some(rows.encoding.name().to_string()),
        delimiter: Some(rows.delimiter as char),
        headers: h,
        role,
    })
}

/// Sniffs a boundary file's geometry type without parsing all of it.
pub fn sniff_geometry(path: &Path) -> Result<String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let io = |source| IoError::Io {
        path: path.to_path_buf(),
        source,
    };
    crate::source::check_file(path)?;
    if ext == "shp" {
        let mut f = std::fs::File::open(path).map_err(io)?;
        let mut head = [0u8; 36];
        std::io::Read::read_exact(&mut f, &mut head).map_err(|_| IoError::Format {
            path: path.to_path_buf(),
            message: "truncated shapefile header (expected 100 bytes)".into(),
        })?;
        let t = i32::from_le_bytes([head[32], head[33], head[34], head[35]]);
        return Ok(match t {
            1 | 11 | 21 => "Point",
            3 | 13 | 23 => "PolyLine",
            5 | 15 | 25 => "Polygon",
            8 | 18 | 28 => "MultiPoint",
            _ => "unknown",
        }
        .into());
    }
    let mut f = std::fs::File::open(path).map_err(io)?;
    let mut buf = vec![0u8; 1 << 16];
    let n = std::io::Read::read(&mut f, &mut buf).map_err(io)?;
    let text = String::from_utf8_lossy(&buf[..n]);
    if text.contains("\"Topology\"") {
        return Ok("Topology".into());
    }
    for g in [
        "MultiPolygon",
        "Polygon",
        "MultiLineString",
        "LineString",
        "MultiPoint",
        "Point",
    ] {
        if text.contains(&format!("\"type\":\"{g}\""))
            || text.contains(&format!("\"type\": \"{g}\""))
        {
            return Ok(g.into());
        }
    }
    Ok("unknown".into())
}

/// Sniffs the data files directly inside `dir` (sorted by name).
pub fn sniff_dir(dir: &Path) -> Result<Vec<Sniffed>> {
    let rd = std::fs::read_dir(dir).map_err(|source| IoError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" => out.push(sniff_csv(&p)?),
            "geojson" | "topojson" | "shp" | "json" => {
                let g = sniff_geometry(&p)?;
                if ext == "json" && g == "unknown" {
                    continue;
                }
                out.push(Sniffed {
                    path: p,
                    encoding: None,
                    delimiter: None,
                    headers: vec![],
                    role: Role::Boundaries { geometry: g },
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A draft manifest for sniffed files (paths relative to `dir`).
pub fn manifest_text(dir: &Path, files: &[Sniffed]) -> String {
    let mut s = String::new();
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| "dataset".into());
    let _ = writeln!(s, "# regio dataset manifest, drafted by `regio init`: check the guesses, then run `regio check`.");
    let _ = writeln!(s, "name = {}\n", q(&name));
    for f in files {
        let rel = f
            .path
            .strip_prefix(dir)
            .unwrap_or(&f.path)
            .display()
            .to_string();
        let stem = f
            .path
            .file_stem()
            .map(|x| x.to_string_lossy().to_string())
            .unwrap_or_default();
        let note = match (&f.encoding, f.delimiter) {
            (Some(e), Some(d)) => format!(
                "# {rel}: encoding {e}, delimiter {:?}, columns: {}\n",
                d,
                f.headers.join(", ")
            ),
            _ => String::new(),
        };
        s.push_str(&note);
        match &f.role {
            Role::LongPanel {
                region,
                industry,
                year,
                value,
                measure,
                series,
                flag,
            } => {
                let _ = writeln!(s, "[[panel]]\nfile = {}\nregion_col = {}\nindustry_col = {}\nyear_col = {}\nvalue_col = {}", q(&rel), q(region), q(industry), q(year), q(value));
                for (k, v) in [
                    ("measure_col", measure),
                    ("series_col", series),
                    ("flag_col", flag),
                ] {
                    if let Some(v) = v {
                        let _ = writeln!(s, "{k} = {}", q(v));
                    }
                }
                let _ = writeln!(s, "# total_regions = [\"00\"]\n# total_industries = [\"TOTAL\"]\n# counts = true\n");
            }
            Role::Kosis => {
                let _ = writeln!(s, "[[panel]]\nfile = {}\nlayout = \"kosis\"\nregion_codes = \"sido\"      # label | sido\nindustry_codes = \"ksic\"    # label | ksic\nmeasure = {}\n# measures = {{ \"사업체수 (개)\" = \"establishments\" }}  # when the export has a measure row\n# series = \"...\"\n", q(&rel), q(&stem));
            }
            Role::Flows {
                origin,
                destination,
                year,
                value,
            } => {
                let _ = writeln!(s, "[[flows]]\nname = {}\nfile = {}\norigin_col = {}\ndestination_col = {}\nvalue_col = {}", q(&stem), q(&rel), q(origin), q(destination), q(value));
                if let Some(y) = year {
                    let _ = writeln!(s, "year_col = {}", q(y));
                }
                s.push('\n');
            }
            Role::Attributes { region, name } => {
                let _ = writeln!(
                    s,
                    "[[attributes]]\nname = {}\nfile = {}\nregion_col = {}",
                    q(&stem),
                    q(&rel),
                    q(region)
                );
                if let Some(n) = name {
                    let _ = writeln!(s, "name_col = {}", q(n));
                }
                s.push('\n');
            }
            Role::Boundaries { geometry } => {
                let _ = writeln!(s, "# {rel}: geometry {geometry}\n[[boundaries]]\nname = {}\nfile = {}\n# code_field = \"code\"\n", q(&stem), q(&rel));
            }
        }
    }
    s
}
