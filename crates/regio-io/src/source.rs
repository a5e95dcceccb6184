//! Input sources (a file on disk or bytes embedded in the binary) and a
//! streaming CSV row reader over them: encoding detected from a sample,
//! delimiter sniffed from the header line, rows read one at a time through
//! `csv::Reader` over a buffered decoder, never the whole file at once.

use crate::encoding::{detect, DecodeReader, Encoding, SAMPLE_LEN};
use crate::{IoError, Result};
use std::borrow::Cow;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// Where a table comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Bytes compiled into the binary (the embedded demo) or held in memory.
    Bytes {
        /// Name shown in messages (e.g. `demo:establishments.csv`).
        label: PathBuf,
        /// The file's bytes.
        data: Cow<'static, [u8]>,
    },
}

impl Source {
    /// A file source.
    pub fn file(p: impl AsRef<Path>) -> Self {
        Source::File(p.as_ref().to_path_buf())
    }

    /// An embedded source.
    pub fn embedded(label: &str, data: &'static [u8]) -> Self {
        Source::Bytes {
            label: PathBuf::from(label),
            data: Cow::Borrowed(data),
        }
    }

    /// The name used in messages.
    pub fn label(&self) -> &Path {
        match self {
            Source::File(p) => p,
            Source::Bytes { label, .. } => label,
        }
    }

    fn raw(&self) -> Result<Box<dyn Read + '_>> {
        match self {
            Source::File(p) => {
                let f = std::fs::File::open(p).map_err(|source| IoError::Io {
                    path: p.clone(),
                    source,
                })?;
                Ok(Box::new(BufReader::with_capacity(64 * 1024, f)))
            }
            Source::Bytes { data, .. } => Ok(Box::new(&data[..])),
        }
    }

    /// Reads up to [`SAMPLE_LEN`] bytes from the start; the flag says whether
    /// that is the whole input.
    pub fn sample(&self) -> Result<(Vec<u8>, bool)> {
        let mut r = self.raw()?;
        let mut buf = vec![0u8; SAMPLE_LEN + 1];
        let mut n = 0;
        while n < buf.len() {
            let k = r.read(&mut buf[n..]).map_err(|source| IoError::Io {
                path: self.label().to_path_buf(),
                source,
            })?;
            if k == 0 {
                break;
            }
            n += k;
        }
        let complete = n <= SAMPLE_LEN;
        buf.truncate(n.min(SAMPLE_LEN));
        Ok((buf, complete))
    }

    /// Opens a UTF-8 text stream, detecting the encoding unless given.
    pub fn open_text(&self, encoding: Option<Encoding>) -> Result<(Box<dyn Read + '_>, Encoding)> {
        let enc = match encoding {
            Some(e) => e,
            None => {
                let (s, complete) = self.sample()?;
                detect(&s, complete).map_err(|message| IoError::Format {
                    path: self.label().to_path_buf(),
                    message,
                })?
            }
        };
        let label = self.label().to_path_buf();
        Ok((Box::new(DecodeReader::new(self.raw()?, enc, &label)), enc))
    }
}

/// How to parse a CSV file.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions {
    /// Encoding; detected when `None`.
    pub encoding: Option<Encoding>,
    /// Field delimiter; sniffed from the first line when `None`.
    pub delimiter: Option<u8>,
}

/// Guesses the delimiter of a header line: the most frequent of `,` `;` tab `|` outside quotes.
pub fn sniff_delimiter(first_line: &str) -> u8 {
    let mut counts = [0usize; 4];
    let cands = [b',', b';', b'\t', b'|'];
    let mut in_q = false;
    for b in first_line.bytes() {
        if b == b'"' {
            in_q = !in_q;
        } else if !in_q {
            if let Some(i) = cands.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
        .unwrap_or((0, &0));
    if *n == 0 {
        b','
    } else {
        cands[best]
    }
}

/// A streaming CSV reader with a header row, named columns and row numbers.
pub struct CsvRows<'a> {
    path: PathBuf,
    rdr: csv::Reader<Box<dyn Read + 'a>>,
    headers: Vec<String>,
    rec: csv::StringRecord,
    /// The encoding the file was read in.
    pub encoding: Encoding,
    /// The delimiter used.
    pub delimiter: u8,
    rows: u64,
}

impl<'a> CsvRows<'a> {
    /// Opens a source; fails on an empty file (no header row).
    pub fn open(src: &'a Source, opts: CsvOptions) -> Result<Self> {
        let path = src.label().to_path_buf();
        let (mut text, enc) = src.open_text(opts.encoding)?;
        let delimiter = match opts.delimiter {
            Some(d) => d,
            None => {
                // sniff from the decoded first line, then reopen
                let mut first = Vec::new();
                let mut byte = [0u8; 1];
                loop {
                    match text.read(&mut byte) {
                        Ok(0) => break,
                        Ok(_) => {
                            if byte[0] == b'\n' || first.len() > 1 << 20 {
                                break;
                            }
                            first.push(byte[0]);
                        }
                        Err(e) => return Err(io_err(&path, e)),
                    }
                }
                let d = sniff_delimiter(&String::from_utf8_lossy(&first));
                text = src.open_text(Some(enc))?.0;
                d
            }
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(text);
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| csv_err(&path, e))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if headers.is_empty() || headers.iter().all(|h| h.is_empty()) {
            return Err(IoError::Format {
                path,
                message: "empty file: expected a header row naming the columns".into(),
            });
        }
        Ok(CsvRows {
            path,
            rdr,
            headers,
            rec: csv::StringRecord::new(),
            encoding: enc,
            delimiter,
            rows: 0,
        })
    }

    /// The file's name for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Column names of the header row.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Position of a named column, or an error listing the columns there are.
    pub fn col(&self, name: &str) -> Result<usize> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| IoError::Format {
                path: self.path.clone(),
                message: format!(
                    "no column {name:?} in the header (columns: {})",
                    self.headers.join(", ")
                ),
            })
    }

    /// Position of an optional named column (an error if named but absent).
    pub fn opt_col(&self, name: Option<&str>) -> Result<Option<usize>> {
        name.map(|n| self.col(n)).transpose()
    }

    /// The next data row with its 1-based line number (header = line 1), or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<(u64, &csv::StringRecord)>> {
        loop {
            let more = self
                .rdr
                .read_record(&mut self.rec)
                .map_err(|e| csv_err(&self.path, e))?;
            if !more {
                return Ok(None);
            }
            // skip blank lines
            if self.rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            self.rows += 1;
            let line = self.rec.position().map_or(0, |p| p.line());
            return Ok(Some((line, &self.rec)));
        }
    }

    /// Number of data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.rows
    }

    /// The error for a file that had a header but no data rows.
    pub fn header_only(&self) -> IoError {
        IoError::Format {
            path: self.path.clone(),
            message: format!(
                "header only: no data rows after the header ({})",
                self.headers.join(", ")
            ),
        }
    }

    /// A cell of the current row by column index (empty if the row is short).
    pub fn cell(rec: &csv::StringRecord, i: usize) -> &str {
        rec.get(i).map(str::trim).unwrap_or("")
    }

    /// Builds a cell error for this file.
    pub fn cell_err(&self, line: u64, col: usize, found: &str, expected: &str) -> IoError {
        IoError::Cell {
            path: self.path.clone(),
            row: line,
            column: self
                .headers
                .get(col)
                .cloned()
                .unwrap_or_else(|| format!("#{}", col + 1)),
            found: found.to_string(),
            expected: expected.to_string(),
        }
    }
}

fn io_err(path: &Path, e: std::io::Error) -> IoError {
    if e.kind() == std::io::ErrorKind::InvalidData {
        IoError::Format {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    } else {
        IoError::Io {
            path: path.to_path_buf(),
            source: e,
        }
    }
}

fn csv_err(path: &Path, e: csv::Error) -> IoError {
    let line = e.position().map(|p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io_err(path, io),
        other => IoError::Format {
            path: path.to_path_buf(),
            message: match line {
                Some(l) => format!("line {l}: malformed CSV: {other:?}"),
                None => format!("malformed CSV: {other:?}"),
            },
        },
    }
}

/// Rules for reading a numeric cell.
#[derive(Debug, Clone, Copy, Default)]
pub struct ValueRules {
    /// Values are counts: negative numbers are an error.
    pub counts: bool,
}

/// Markers of a suppressed, not applicable or empty cell (→ missing).
pub const MISSING_MARKERS: &[&str] = &["", "X", "x", "-", "..", "…", "NA", "N/A", "n/a", "(X)"];

/// Parses a numeric cell: a missing marker gives `None`; a number (thousands
/// separators `1,234` accepted) gives `Some`; NaN, infinities, text and
/// (for counts) negatives are errors.
pub fn parse_value(text: &str, rules: ValueRules) -> std::result::Result<Option<f64>, String> {
    let t = text.trim();
    if MISSING_MARKERS.contains(&t) {
        return Ok(None);
    }
    let cleaned: Cow<str> = if t.contains(',') && is_grouped(t) {
        Cow::Owned(t.replace(',', ""))
    } else {
        Cow::Borrowed(t)
    };
    let lower = cleaned.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        return Err("a finite number (write missing values as an empty cell, X or -)".into());
    }
    let v: f64 = cleaned.parse().map_err(|_| {
        if rules.counts {
            "a non-negative number (or an empty cell, X or - for missing)".to_string()
        } else {
            "a number (or an empty cell, X or - for missing)".to_string()
        }
    })?;
    if !v.is_finite() {
        return Err("a finite number".into());
    }
    if rules.counts && v < 0.0 {
        return Err("a non-negative count".into());
    }
    Ok(Some(v))
}

fn is_grouped(t: &str) -> bool {
    let t = t.strip_prefix('-').unwrap_or(t);
    let int = t.split('.').next().unwrap_or("");
    let parts: Vec<&str> = int.split(',').collect();
    parts.len() > 1
        && !parts[0].is_empty()
        && parts[0].len() <= 3
        && parts[0].bytes().all(|b| b.is_ascii_digit())
        && parts[1..]
            .iter()
            .all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses a year or period label: `2010`, `2010 년`, `2010년`, `2010.12`, `2010-12` (year kept).
pub fn parse_year(text: &str) -> Option<i32> {
    let t = text.trim().trim_end_matches('년').trim();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() != 4 {
        return None;
    }
    let rest = t[digits.len()..].trim();
    let ok_rest = rest.is_empty()
        || rest == "년"
        || ((rest.starts_with('.') || rest.starts_with('-') || rest.starts_with(" "))
            && rest.len() <= 6);
    if !ok_rest {
        return None;
    }
    digits.parse().ok().filter(|y| (1000..=2999).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_markers() {
        let r = ValueRules { counts: true };
        assert_eq!(parse_value("X", r), Ok(None));
        assert_eq!(parse_value("-", r), Ok(None));
        assert_eq!(parse_value(" ", r), Ok(None));
        assert_eq!(parse_value("1,234", r), Ok(Some(1234.0)));
        assert_eq!(parse_value("12.5", r), Ok(Some(12.5)));
        assert!(parse_value("-3", r).is_err());
        assert_eq!(parse_value("-3", ValueRules::default()), Ok(Some(-3.0)));
        assert!(parse_value("NaN", r).is_err());
        assert!(parse_value("inf", ValueRules::default()).is_err());
        assert!(parse_value("abc", r).is_err());
        assert!(parse_value("1,23", r).is_err());
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2010 년"), Some(2010));
        assert_eq!(parse_year("2010년"), Some(2010));
        assert_eq!(parse_year("2010"), Some(2010));
        assert_eq!(parse_year("2010.12"), Some(2010));
        assert_eq!(parse_year("사업체수 (개)"), None);
        assert_eq!(parse_year("20101"), None);
    }

    #[test]
    fn delimiter() {
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("a\tb"), b'\t');
        assert_eq!(sniff_delimiter("\"a,b\";c"), b';');
        assert_eq!(sniff_delimiter("abc"), b',');
    }
}
