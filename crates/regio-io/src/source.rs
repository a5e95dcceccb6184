//! Input sources (a file on disk or bytes embedded in the binary) and a
//! streaming CSV row reader over them: encoding detected from a sample,
//! delimiter sniffed from the header line, rows read one at a time through
//! `csv::Reader` over a buffered decoder, never the whole file at once.

use crate::encoding::{detect_reader, DecodeReader, Encoding, SAMPLE_LEN};
use crate::{IoError, Result};
use std::borrow::Cow;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

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
                let f = open_checked(p)?;
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
            None => detect_reader(self.raw()?)
                .map_err(|e| io_err(self.label(), e))?
                .map_err(|message| IoError::Format {
                    path: self.label().to_path_buf(),
                    message,
                })?,
        };
        let label = self.label().to_path_buf();
        Ok((Box::new(DecodeReader::new(self.raw()?, enc, &label)), enc))
    }
}

/// The default largest input file: 4 GiB.
pub const DEFAULT_MAX_BYTES: u64 = 4 << 30;

static MAX_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_BYTES);
static ALLOW_SPECIAL: AtomicBool = AtomicBool::new(false);

/// Process-wide limits on the files readers open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Largest number of bytes read from one file.
    pub max_bytes: u64,
    /// Whether files that are not regular files (FIFOs, devices) may be read;
    /// they are still cut off at `max_bytes`.
    pub allow_special_files: bool,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_bytes: DEFAULT_MAX_BYTES,
            allow_special_files: false,
        }
    }
}

/// Sets the limits every reader of this process applies.
pub fn set_read_limits(l: ReadLimits) {
    MAX_BYTES.store(l.max_bytes, Ordering::Relaxed);
    ALLOW_SPECIAL.store(l.allow_special_files, Ordering::Relaxed);
}

/// The limits in force.
pub fn read_limits() -> ReadLimits {
    ReadLimits {
        max_bytes: MAX_BYTES.load(Ordering::Relaxed),
        allow_special_files: ALLOW_SPECIAL.load(Ordering::Relaxed),
    }
}

fn human_bytes(n: u64) -> String {
    if n >= 1 << 30 && n.is_multiple_of(1 << 30) {
        format!("{} GiB", n >> 30)
    } else if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

/// Checks that `path` is a regular file within the size limit, looking at its
/// type before opening it (opening a FIFO would wait for a writer).
pub fn check_file(path: &Path) -> Result<()> {
    let limits = read_limits();
    let meta = std::fs::metadata(path).map_err(|source| IoError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        return Err(IoError::Format {
            path: path.to_path_buf(),
            message: "is a directory; expected a file".into(),
        });
    }
    if !meta.is_file() && !limits.allow_special_files {
        return Err(IoError::Format {
            path: path.to_path_buf(),
            message: format!(
                "not a regular file ({}); only regular files are read",
                file_kind(&meta)
            ),
        });
    }
    if meta.is_file() && meta.len() > limits.max_bytes {
        return Err(too_big(path, limits.max_bytes));
    }
    Ok(())
}

fn too_big(path: &Path, max: u64) -> IoError {
    IoError::Format {
        path: path.to_path_buf(),
        message: format!(
            "larger than the input size limit of {}; split the file or raise the limit",
            human_bytes(max)
        ),
    }
}

fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
}

/// A reader that fails once more than its limit was read.
pub struct Limited<R> {
    inner: R,
    left: u64,
    max: u64,
    path: PathBuf,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = (buf.len() as u64).min(self.left + 1) as usize;
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(format!(
                "{}: larger than the input size limit of {}",
                self.path.display(),
                human_bytes(self.max)
            )));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Opens `path` for reading after [`check_file`]; reads past the size limit fail.
pub fn open_checked(path: &Path) -> Result<Limited<std::fs::File>> {
    check_file(path)?;
    let f = std::fs::File::open(path).map_err(|source| IoError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let max = read_limits().max_bytes;
    Ok(Limited {
        inner: f,
        left: max,
        max,
        path: path.to_path_buf(),
    })
}

/// Reads a whole file within the limits (see [`check_file`]).
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let mut f = open_checked(path)?;
    let mut v = Vec::new();
    f.read_to_end(&mut v).map_err(|source| IoError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(v)
}

/// Reads a whole UTF-8 text file within the limits (see [`check_file`]).
pub fn read_file_to_string(path: &Path) -> Result<String> {
    let v = read_file(path)?;
    String::from_utf8(v).map_err(|e| IoError::Format {
        path: path.to_path_buf(),
        message: format!(
            "not UTF-8 text (invalid bytes at byte offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// A short, printable fragment of `s` for messages: control characters
/// replaced, at most 60 characters, an ellipsis when cut.
pub fn fragment(s: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == MAX {
            out.push('…');
            return out;
        }
        out.push(if c.is_control() || c == '\u{FFFD}' {
            '?'
        } else {
            c
        });
    }
    out
}

/// How a CSV reader treats rows whose field count differs from the header's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowShape {
    /// Every row has exactly the header's field count (the default).
    #[default]
    Strict,
    /// Short rows read as empty trailing cells; long rows are still refused.
    Ragged,
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
    shape: RowShape,
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
        for (j, h) in headers.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            if let Some(i) = headers[..j].iter().position(|x| x == h) {
                return Err(IoError::Format {
                    path,
                    message: format!(
                        "duplicate column {:?} in the header, at positions {} and {}; expected each column name once",
                        fragment(h),
                        i + 1,
                        j + 1
                    ),
                });
            }
        }
        Ok(CsvRows {
            path,
            rdr,
            headers,
            rec: csv::StringRecord::new(),
            encoding: enc,
            delimiter,
            rows: 0,
            shape: RowShape::Strict,
        })
    }

    /// Chooses how rows whose field count differs from the header's are treated
    /// (default [`RowShape::Strict`]).
    pub fn with_shape(mut self, shape: RowShape) -> Self {
        self.shape = shape;
        self
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
                    fragment(&self.headers.join(", "))
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
            let (want, got) = (self.headers.len(), self.rec.len());
            if got > want || (got < want && self.shape == RowShape::Strict) {
                return Err(IoError::Format {
                    path: self.path.clone(),
                    message: format!(
                        "row {line}: {got} field(s), expected {want} as in the header{}",
                        if got > want {
                            " (extra fields are not dropped; quote values that contain the delimiter)"
                        } else {
                            ""
                        }
                    ),
                });
            }
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
                fragment(&self.headers.join(", "))
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
            found: fragment(found),
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

/// Parses a year cell: `2010`, `2010 년`, `2010년`, or a whole decimal such as
/// `2010.0`; a fraction (`2010.5`) or a period (`2010.12`, `2010-12`) is refused.
pub fn parse_year_strict(text: &str) -> Option<i32> {
    let t = text.trim().trim_end_matches('년').trim();
    let t = match t.split_once('.') {
        Some((int, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => int,
        Some(_) => return None,
        None => t,
    };
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().filter(|y| (1000..=2999).contains(y))
}

/// Parses a period label of a column header: `2010`, `2010 년`, `2010년`, `2010.12`, `2010-12` (year kept).
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
        assert_eq!(parse_year_strict("2010"), Some(2010));
        assert_eq!(parse_year_strict("2010.0"), Some(2010));
        assert_eq!(parse_year_strict("2010 년"), Some(2010));
        assert_eq!(parse_year_strict("2010.5"), None);
        assert_eq!(parse_year_strict("2010.12"), None);
        assert_eq!(parse_year_strict("2010."), None);
        assert_eq!(parse_year_strict("20101"), None);
    }

    #[test]
    fn fragments_are_short_and_printable() {
        assert_eq!(fragment("a\tb\u{1b}"), "a?b?");
        let long = "x".repeat(100);
        let f = fragment(&long);
        assert_eq!(f.chars().count(), 61);
        assert!(f.ends_with('…'));
    }

    #[test]
    fn delimiter() {
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("a\tb"), b'\t');
        assert_eq!(sniff_delimiter("\"a,b\";c"), b';');
        assert_eq!(sniff_delimiter("abc"), b',');
    }
}
