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

/// Bytes sampled from the start of a file (kept for callers that sniff a
/// file's layout; encoding detection always reads the whole input).
pub const SAMPLE_LEN: usize = 64 * 1024;

/// What to tell a user whose file is in neither encoding.
pub const FORCE_HINT: &str = "set the file's encoding (utf-8 or cp949)";

/// The first undecodable sequence met by one decoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadBytes {
    /// 0-based byte offset of the sequence in the file.
    pub offset: u64,
    /// 1-based line of the sequence.
    pub line: u64,
}

/// Whole-input encoding detector, fed in chunks: a file is UTF-8 only if all
/// of it decodes as UTF-8, otherwise CP949 if all of it decodes as CP949,
/// otherwise an error naming the first undecodable sequence in each.
pub struct Detector {
    utf8: encoding_rs::Decoder,
    cp949: encoding_rs::Decoder,
    utf8_bad: Option<BadBytes>,
    cp949_bad: Option<BadBytes>,
    offset: u64,
    lines: u64,
    first: bool,
    bom: Option<std::result::Result<Encoding, String>>,
    scratch: Vec<u8>,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new()
    }
}

impl Detector {
    /// A detector at the start of a file.
    pub fn new() -> Self {
        Detector {
            utf8: encoding_rs::UTF_8.new_decoder_without_bom_handling(),
            cp949: encoding_rs::EUC_KR.new_decoder_without_bom_handling(),
            utf8_bad: None,
            cp949_bad: None,
            offset: 0,
            lines: 1,
            first: true,
            bom: None,
            scratch: vec![0; 3 * 8 * 1024 + 16],
        }
    }

    /// Whether the answer is already known (a byte-order mark, or both decoders failed).
    pub fn decided(&self) -> bool {
        self.bom.is_some() || (self.utf8_bad.is_some() && self.cp949_bad.is_some())
    }

    /// Feeds the next chunk; `last` marks the end of the input.
    pub fn feed(&mut self, chunk: &[u8], last: bool) {
        if self.first && !chunk.is_empty() {
            self.first = false;
            if chunk.starts_with(&[0xEF, 0xBB, 0xBF]) {
                self.bom = Some(Ok(Encoding::Utf8));
            } else if chunk.starts_with(&[0xFF, 0xFE]) || chunk.starts_with(&[0xFE, 0xFF]) {
                self.bom = Some(Err(
                    "UTF-16 text is not supported: save the file as UTF-8 or CP949".into(),
                ));
            }
        }
        if self.decided() {
            return;
        }
        for which in 0..2 {
            let (dec, bad) = if which == 0 {
                (&mut self.utf8, &mut self.utf8_bad)
            } else {
                (&mut self.cp949, &mut self.cp949_bad)
            };
            if bad.is_some() {
                continue;
            }
            let mut pos = 0;
            loop {
                let (res, read, _) =
                    dec.decode_to_utf8_without_replacement(&chunk[pos..], &mut self.scratch, last);
                pos += read;
                match res {
                    encoding_rs::DecoderResult::InputEmpty => break,
                    encoding_rs::DecoderResult::OutputFull => continue,
                    encoding_rs::DecoderResult::Malformed(len, extra) => {
                        // the bad sequence ends `extra` bytes before `pos` and is `len` long;
                        // it may have begun in the previous chunk
                        let end = self.offset + (pos as u64) - extra as u64;
                        let start = end.saturating_sub(len as u64);
                        let in_chunk = start.saturating_sub(self.offset) as usize;
                        let line = self.lines
                            + chunk[..in_chunk.min(chunk.len())]
                                .iter()
                                .filter(|&&b| b == b'\n')
                                .count() as u64;
                        *bad = Some(BadBytes {
                            offset: start,
                            line,
                        });
                        break;
                    }
                }
            }
        }
        self.offset += chunk.len() as u64;
        self.lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
    }

    /// The verdict once the whole input was fed.
    pub fn finish(self) -> std::result::Result<Encoding, String> {
        if let Some(b) = self.bom {
            return b;
        }
        match (self.utf8_bad, self.cp949_bad) {
            (None, _) => Ok(Encoding::Utf8),
            (Some(_), None) => Ok(Encoding::Cp949),
            (Some(u), Some(c)) => Err(format!(
                "neither UTF-8 nor CP949 throughout (mixed or unknown encodings): not UTF-8 at line {}, byte offset {}; not CP949 at line {}, byte offset {}; expected the whole file in one encoding, or {FORCE_HINT}",
                u.line, u.offset, c.line, c.offset
            )),
        }
    }
}

/// Detects the encoding of `bytes`. `complete` says whether they are the
/// whole file; when not, a multi-byte sequence cut at the end is not judged.
///
/// Rules: a UTF-8 BOM, or bytes that all decode as UTF-8 → UTF-8; otherwise
/// bytes that all decode as CP949 → CP949; otherwise an error naming the line
/// and byte offset of the first undecodable sequence in each encoding.
pub fn detect(bytes: &[u8], complete: bool) -> std::result::Result<Encoding, String> {
    let mut d = Detector::new();
    // when not complete, the decoders are never told the input ended, so a
    // sequence cut at the end is not judged
    d.feed(bytes, complete);
    d.finish()
}

/// Detects the encoding of a whole stream (see [`detect`]), reading it to the end
/// unless the answer is known earlier.
pub fn detect_reader(mut r: impl Read) -> std::io::Result<std::result::Result<Encoding, String>> {
    let mut d = Detector::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match r.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        d.feed(&buf[..n], n == 0);
        if n == 0 || d.decided() {
            break;
        }
    }
    Ok(d.finish())
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
                            "{}: line {}: bytes that are not valid {} (mixed encodings?); expected the whole file in one encoding, or {FORCE_HINT}",
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
        // bytes valid in neither encoding: 0xFF is never a lead byte
        let mut mixed = "서울,부산\n".as_bytes().to_vec();
        mixed.extend_from_slice(&[0xBC, 0xAD, 0xBF, 0xEF, b'\n', b'a', 0xFF, b'\n']);
        let e = detect(&mixed, true).unwrap_err();
        assert!(e.contains("mixed"), "{e}");
        assert!(e.contains("not UTF-8 at line 2, byte offset 14"), "{e}");
        assert!(e.contains("not CP949 at line 1, byte offset 0"), "{e}");
        assert!(
            e.contains("set the file's encoding (utf-8 or cp949)"),
            "{e}"
        );
        assert!(!e.contains("--"), "{e}");
    }

    #[test]
    fn cp949_with_utf8_lookalike_triples_is_cp949() {
        // 부산광역시, 울산광역시, 대구광역시 in CP949 hold triples that are also
        // well-formed UTF-8 Hangul (EA B1 A4, EB B1 B8)
        let text = "code,name\n21,부산광역시\n26,울산광역시\n22,대구광역시\n";
        let (bytes, _, bad) = encoding_rs::EUC_KR.encode(text);
        assert!(!bad);
        assert_eq!(detect(&bytes, true), Ok(Encoding::Cp949));
        assert_eq!(detect_reader(&bytes[..]).unwrap(), Ok(Encoding::Cp949));
        let s = decode_all(&bytes, None, Path::new("x")).unwrap();
        assert_eq!(s, text);
    }

    #[test]
    fn detection_sees_the_whole_stream() {
        // valid UTF-8 for the first 200 KB, then a CP949 name: CP949 is not
        // valid either (UTF-8 Hangul bytes...), so the verdict must come from the end
        let mut bytes = "a,b\n".repeat(50_000).into_bytes();
        bytes.extend_from_slice(&[0xBC, 0xAD, 0xBF, 0xEF, b'\n']);
        assert_eq!(detect_reader(&bytes[..]).unwrap(), Ok(Encoding::Cp949));
        bytes.extend_from_slice("서울\n".as_bytes());
        bytes.push(0xFF);
        let e = detect_reader(&bytes[..]).unwrap().unwrap_err();
        assert!(
            e.contains("not UTF-8 at line 50001, byte offset 200000"),
            "{e}"
        );
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
