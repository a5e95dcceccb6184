//! dBASE III (.dbf) attribute tables as shipped beside shapefiles, decoded
//! with the encoding named by the `.cpg` file (e.g. `949` = CP949/EUC-KR for
//! Korean boundary files), else the header's language driver, else UTF-8.

use super::PropertyValue;
use crate::{IoError, Result};
use std::path::Path;

/// A decoded DBF table.
#[derive(Debug, Clone, PartialEq)]
pub struct DbfTable {
    /// Field names.
    pub fields: Vec<String>,
    /// Records (deleted records skipped), one value per field.
    pub records: Vec<Vec<Option<PropertyValue>>>,
    /// The encoding used to decode text.
    pub encoding: &'static str,
}

/// Parses DBF bytes; `cpg` is the content of the `.cpg` file if any.
pub fn read_dbf(bytes: &[u8], cpg: Option<&str>, path: &Path) -> Result<DbfTable> {
    let fmt = |message: String| IoError::Format {
        path: path.to_path_buf(),
        message,
    };
    if bytes.len() < 33 {
        return Err(fmt(format!(
            "{} bytes: too short for a dBASE header (expected at least 33)",
            bytes.len()
        )));
    }
    let n = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let rec_len = u16::from_le_bytes([bytes[10], bytes[11]]) as usize;
    let encoding = pick_encoding(cpg, bytes[29]);
    let mut fields = Vec::new();
    let mut specs = Vec::new();
    let mut i = 32;
    while i < bytes.len() && bytes[i] != 0x0d {
        if i + 32 > bytes.len() {
            return Err(fmt("truncated field descriptor".into()));
        }
        let name_raw = &bytes[i..i + 11];
        let end = name_raw.iter().position(|&c| c == 0).unwrap_or(11);
        let name = String::from_utf8_lossy(&name_raw[..end]).trim().to_string();
        let typ = bytes[i + 11] as char;
        let len = bytes[i + 16] as usize;
        fields.push(name);
        specs.push((typ, len));
        i += 32;
    }
    let expected: usize = 1 + specs.iter().map(|s| s.1).sum::<usize>();
    if expected != rec_len {
        return Err(fmt(format!(
            "record length {rec_len} does not match the fields ({expected})"
        )));
    }
    if header_len + n * rec_len > bytes.len() {
        return Err(fmt(format!(
            "truncated: header says {n} records of {rec_len} bytes, file has {} bytes",
            bytes.len()
        )));
    }
    let mut records = Vec::with_capacity(n);
    for r in 0..n {
        let rec = &bytes[header_len + r * rec_len..header_len + (r + 1) * rec_len];
        if rec[0] == b'*' {
            continue;
        }
        let mut pos = 1;
        let mut row = Vec::with_capacity(specs.len());
        for (fi, &(typ, len)) in specs.iter().enumerate() {
            let raw = &rec[pos..pos + len];
            pos += len;
            let text = decode(raw, encoding).map_err(|_| IoError::Cell {
                path: path.to_path_buf(),
                row: (r + 1) as u64,
                column: fields[fi].clone(),
                found: String::from_utf8_lossy(raw).into_owned(),
                expected: format!(
                    "text in {encoding} (if the file uses another encoding, name it in a .cpg file beside the .dbf, e.g. 949 for CP949)"
                ),
            })?;
            let t = text.trim();
            // Numeric fields filled with '*' mark a value that overflowed the
            // field width when the file was written (seen in MOIS boundary
            // files): the value is unknown, so it is read as missing.
            let overflow = matches!(typ, 'N' | 'F') && t.chars().all(|c| c == '*');
            let v = if t.is_empty() || overflow {
                None
            } else {
                match typ {
                    'N' | 'F' => Some(PropertyValue::Number(t.parse().map_err(|_| {
                        IoError::Cell {
                            path: path.to_path_buf(),
                            row: (r + 1) as u64,
                            column: fields[fi].clone(),
                            found: t.to_string(),
                            expected: "a number".into(),
                        }
                    })?)),
                    _ => Some(PropertyValue::Text(t.to_string())),
                }
            };
            row.push(v);
        }
        records.push(row);
    }
    Ok(DbfTable {
        fields,
        records,
        encoding,
    })
}

fn pick_encoding(cpg: Option<&str>, ldid: u8) -> &'static str {
    if let Some(c) = cpg {
        let c = c.trim().to_ascii_lowercase();
        if ["949", "cp949", "euc-kr", "euckr", "ks_c_5601-1987", "uhc"].contains(&c.as_str()) {
            return "EUC-KR";
        }
        if c.contains("utf") {
            return "UTF-8";
        }
        if let Some(e) = encoding_rs::Encoding::for_label(c.as_bytes()) {
            return e.name();
        }
    }
    match ldid {
        0x79 | 0x7a => "EUC-KR",
        _ => "UTF-8",
    }
}

fn decode(raw: &[u8], encoding: &str) -> std::result::Result<String, ()> {
    let raw = match raw.iter().position(|&b| b == 0) {
        Some(p) => &raw[..p],
        None => raw,
    };
    let enc = encoding_rs::Encoding::for_label(encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    let (s, had_errors) = enc.decode_without_bom_handling(raw);
    if had_errors {
        Err(())
    } else {
        Ok(s.into_owned())
    }
}
