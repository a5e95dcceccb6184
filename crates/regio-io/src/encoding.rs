//! Text encodings of input files: UTF-8 (with or without BOM) and CP949 /
//! EUC-KR (the encoding of KOSIS exports and Korean shapefile attributes),
//! detected from a sample or given by the user, decoded as a stream with
//! encoding_rs (WHATWG Encoding Standard: "EUC-KR" is CP949 / UHC).
//! Bytes that are not valid in the detected encoding are an error
//! ("mixed encodings"), never silently replaced.

use crate::{IoError, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A text encoding regio reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8; a leading byte-order mark is skipped.
    Utf8,
    /// CP949 (Unified Hangul Code), a superset of EUC-KR.
    Cp949,
}

impl Encoding {
    /// Parses a user-facing name: `utf-8`, `utf8`, `cp949`, `euc-kr`, `uhc`, `ms949`.
    pub fn parse(name: &str) -> Option<Encoding> {
        match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" | "utf-8-sig" => Some(Encoding::Utf8),
            "cp949" | "euc-kr" | "euckr" | "uhc" | "ms949" | "windows-949" | "949" => {
                Some(Encoding::Cp949)
            }
            _ => None,
        }
    }

    /// The canonical name, as written into manifests.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Cp949 => "cp949",
        }
    }

    fn rs(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Cp949 => encoding_rs::EUC_KR,
        }
    }
}

/// Bytes sampled from the start of a file for detection.
pub const SAMPLE_LEN: usize = 64 * 1024;

/// Detects the encoding of a sample (the first bytes of a file). `complete`
/// says whether the sample is the whole file (so a multi-byte sequence cut at
/// its end is an error rather than a sampling artefact).
///
/// Rules: a UTF-8 BOM or valid UTF-8 → UTF-8; otherwise valid CP949 → CP949,
/// unless the sample also holds well-formed UTF-8 Hangul sequences next to
/// invalid UTF-8 bytes, which means two encodings were concatenated.
pub fn detect(sample: &[u8], complete: bool) -> std::result::Result<Encoding, String> {
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(Encoding::Utf8);
    }
    if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
        return Err("UTF-16 text is not supported: save the file as UTF-8 or CP949".into());
    }
    match std::str::from_utf8(sample) {
        Ok(_) => return Ok(Encoding::Utf8),
        Err(e) if e.error_len().is_none() && !complete => return Ok(Encoding::Utf8),
        Err(_) => {}
    }
    let utf8_hangul = count_utf8_hangul(sample);
    let cut = if complete {
        sample.len()
    } else {
        // do not judge a CP949 pair cut at the end of the sample
        sample.len().saturating_sub(1)
    };
    let cp949_ok = encoding_rs::EUC_KR
        .decode_without_bom_handling_and_without_replacement(&sample[..cut])
        .is_some();
    if utf8_hangul >= 2 || !cp949_ok {
        let first_bad = first_invalid_utf8(sample);
        let line = 1 + sample[..first_bad].iter().filter(|&&b| b == b'\n').count();
        return Err(format!(
            "mixed or unknown encodings: {} well-formed UTF-8 Hangul sequence(s) but invalid UTF-8 at byte {first_bad} (line {line}); {}expected the whole file in one encoding (UTF-8 or CP949)",
            utf8_hangul,
            if cp949_ok { "" } else { "not valid CP949 either; " }
        ));
    }
    Ok(Encoding::Cp949)
}

fn first_invalid_utf8(b: &[u8]) -> usize {
    match std::str::from_utf8(b) {
        Ok(_) => b.len(),
        Err(e) => e.valid_up_to(),
    }
}

/// Counts 3-byte UTF-8 sequences in the Hangul syllables block (U+AC00..U+D7A3).
fn count_utf8_hangul(b: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i + 2 < b.len() {
        let (x, y, z) = (b[i], b[i + 1], b[i + 2]);
        if (0xEA..=0xED).contains(&x) && (0x80..=0xBF).contains(&y) && (0x80..=0xBF).contains(&z) {
            let cp = ((x as u32 & 0x0F) << 12) | ((y as u32 & 0x3F) << 6) | (z as u32 & 0x3F);
            if (0xAC00..=0xD7A3).contains(&cp) {
                n += 1;
                i += 3;
                continue;
            }
        }
        i += 1;
    }
    n
}

/// A reader that decodes a byte stream into UTF-8, failing on the first
/// malformed sequence with the line where it occurs.
pub struct DecodeReader<R: Read> {
    inner: R,
    label: PathBuf,
    encoding: Encoding,
    decoder: encoding_rs::Decoder,
    inbuf: Vec<u8>,
    in_start: usize,
    in_end: usize,
    eof: bool,
    out: Vec<u8>,
    out_start: usize,
    out_end: usize,
    lines: u64,
    done: bool,
}

impl<R: Read> DecodeReader<R> {
    /// Wraps `inner`, which holds text in `encoding` (a UTF-8 BOM is skipped).
    pub fn new(inner: R, encoding: Encoding, label: &Path) -> Self {
        DecodeReader {
            inner,
            label: label.to_path_buf(),
            encoding,
            decoder: encoding.rs().new_decoder_with_bom_removal(),
            inbuf: vec![0; 64 * 1024],
            in_start: 0,
            in_end: 0,
            eof: false,
            out: vec![0; 3 * 64 * 1024 + 16],
            out_start: 0,
            out_end: 0,
            lines: 1,
            done: false,
        }
    }

    fn fill(&mut self) -> std::io::Result<()> {
        while self.out_start == self.out_end && !self.done {
            if self.in_start == self.in_end && !self.eof {
                let n = self.inner.read(&mut self.inbuf)?;
                self.in_start = 0;
                self.in_end = n;
                if n == 0 {
                    self.eof = true;
                }
            }
            let src = &self.inbuf[self.in_start..self.in_end];
            let (res, read, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(src, &mut self.out, self.eof);
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            self.lines += self.out[..written].iter().filter(|&&b| b == b'\n').count() as u64;
            match res {
                encoding_rs::DecoderResult::InputEmpty => {
                    if self.eof {
                        self.done = true;
                    }
                }
                encoding_rs::DecoderResult::OutputFull => {}
                encoding_rs::DecoderResult::Malformed(_, _) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!(
                            "{}: line {}: bytes that are not valid {} (mixed encodings?); expected the whole file in one encoding (UTF-8 or CP949, set `encoding` to choose)",
                            self.label.display(),
                            self.lines,
                            self.encoding.name()
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.fill()?;
        let n = (self.out_end - self.out_start).min(buf.len());
        buf[..n].copy_from_slice(&self.out[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

/// Decodes a whole byte slice (e.g. an embedded file) to a `String`, detecting
/// the encoding unless given.
pub fn decode_all(bytes: &[u8], encoding: Option<Encoding>, label: &Path) -> Result<String> {
    let enc = match encoding {
        Some(e) => e,
        None => detect(bytes, true).map_err(|message| IoError::Format {
            path: label.to_path_buf(),
            message,
        })?,
    };
    let mut s = String::new();
    DecodeReader::new(bytes, enc, label)
        .read_to_string(&mut s)
        .map_err(|e| IoError::Format {
            path: label.to_path_buf(),
            message: e.to_string(),
        })?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_utf8_bom_and_cp949() {
        // "서울" in UTF-8 is EC 84 9C EC 9A B8; in CP949 it is BC AD BF EF.
        assert_eq!(detect("a,서울\n".as_bytes(), true), Ok(Encoding::Utf8));
        assert_eq!(detect(&[0xEF, 0xBB, 0xBF, b'a'], true), Ok(Encoding::Utf8));
        assert_eq!(
            detect(&[b'a', b',', 0xBC, 0xAD, 0xBF, 0xEF, b'\n'], true),
            Ok(Encoding::Cp949)
        );
        let mut mixed = "서울,부산\n".as_bytes().to_vec();
        mixed.extend_from_slice(&[0xBC, 0xAD, 0xBF, 0xEF, b'\n']);
        let e = detect(&mixed, true).unwrap_err();
        assert!(e.contains("mixed"), "{e}");
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn decodes_cp949_stream_and_rejects_malformed() {
        let s = decode_all(
            &[0xBC, 0xAD, 0xBF, 0xEF],
            Some(Encoding::Cp949),
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(s, "서울");
        let e = decode_all(b"ok\n\xFF\xFF\n", Some(Encoding::Utf8), Path::new("f.csv"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("f.csv") && e.contains("line 2"), "{e}");
    }
}
