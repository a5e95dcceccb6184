//! GAL and GWT weights files (the exchange formats of GeoDa and PySAL;
//! Anselin, Syabri & Kho 2006, "GeoDa: An Introduction to Spatial Data
//! Analysis"; libpysal `io.iohandlers.gal` / `gwt`). Pure text in and out:
//! the caller reads and writes the file.

use regio_core::{Error, Graph, Result};
use std::collections::HashMap;

fn err(file: &str, line: usize, msg: impl std::fmt::Display) -> Error {
    Error::invalid(format!("{file}, line {line}: {msg}"))
}

fn index(codes: &[String]) -> HashMap<&str, u32> {
    codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i as u32))
        .collect()
}

fn lookup(idx: &HashMap<&str, u32>, id: &str, file: &str, line: usize) -> Result<u32> {
    idx.get(id).copied().ok_or_else(|| {
        err(
            file,
            line,
            format!(
                "unknown id {id:?}: not among the {} region codes of the data",
                idx.len()
            ),
        )
    })
}

/// The non-blank lines of `text` (numbered from 0) after the header, and the
/// number of units the header gives (`n` or `0 n source idvar`), which must
/// be that of `codes`. `kind` names the format and `expected` the header
/// form in error messages.
fn body<'a>(
    text: &'a str,
    codes: &[String],
    file: &str,
    kind: &str,
    expected: &str,
) -> Result<(impl Iterator<Item = (usize, &'a str)>, usize)> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (hl, header) = lines
        .next()
        .ok_or_else(|| err(file, 1, format!("empty {kind} file")))?;
    let h: Vec<&str> = header.split_whitespace().collect();
    let n_txt = if h.len() >= 2 && h[0] == "0" {
        h[1]
    } else {
        h.first().copied().unwrap_or("")
    };
    let n: usize = n_txt.parse().map_err(|_| {
        err(
            file,
            hl + 1,
            format!("expected {expected}, found {header:?}"),
        )
    })?;
    if n != codes.len() {
        return Err(err(
            file,
            hl + 1,
            format!("the file has {n} units, the data {}", codes.len()),
        ));
    }
    Ok((lines, n))
}

/// Parses a GAL file whose ids are the region `codes` (binary weights).
/// `file` names the source in error messages.
pub fn parse_gal(text: &str, codes: &[String], file: &str) -> Result<Graph> {
    let idx = index(codes);
    // Header: "n" or "0 n shapefile idvar".
    let (mut lines, n) = body(text, codes, file, "GAL", "the number of units")?;
    let mut lists = vec![Vec::new(); n];
    let mut seen = vec![false; n];
    while let Some((ln, l)) = lines.next() {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f.len() != 2 {
            return Err(err(
                file,
                ln + 1,
                format!("expected \"id count\", found {l:?}"),
            ));
        }
        let i = lookup(&idx, f[0], file, ln + 1)? as usize;
        let k: usize = f[1].parse().map_err(|_| {
            err(
                file,
                ln + 1,
                format!("expected a neighbour count, found {:?}", f[1]),
            )
        })?;
        if seen[i] {
            return Err(err(file, ln + 1, format!("id {:?} listed twice", f[0])));
        }
        seen[i] = true;
        let nb: Vec<&str> = if k == 0 {
            vec![]
        } else {
            let (ln2, l2) = lines.next().ok_or_else(|| {
                err(
                    file,
                    ln + 2,
                    format!("missing the {k} neighbours of {:?}", f[0]),
                )
            })?;
            let v: Vec<&str> = l2.split_whitespace().collect();
            if v.len() != k {
                return Err(err(
                    file,
                    ln2 + 1,
                    format!(
                        "expected {k} neighbour ids of {:?}, found {}",
                        f[0],
                        v.len()
                    ),
                ));
            }
            v
        };
        for id in nb {
            lists[i].push(lookup(&idx, id, file, ln + 2)?);
        }
    }
    if let Some(i) = seen.iter().position(|s| !s) {
        return Err(Error::invalid(format!(
            "{file} (end of file): region {:?} has no entry",
            codes[i]
        )));
    }
    Graph::from_lists(lists)
}

/// Writes binary weights as GAL (header `0 n <source> <idvar>`).
pub fn write_gal(g: &Graph, codes: &[String], source: &str, id_var: &str) -> String {
    let mut s = format!("0 {} {} {}\n", g.len(), source, id_var);
    for i in 0..g.len() {
        s.push_str(&format!("{} {}\n", codes[i], g.degree(i)));
        let v: Vec<&str> = g
            .neighbors(i)
            .iter()
            .map(|&j| codes[j as usize].as_str())
            .collect();
        s.push_str(&v.join(" "));
        s.push('\n');
    }
    s
}

/// Parses a GWT file (`0 n source idvar` header, then `id neighbour weight` lines).
pub fn parse_gwt(text: &str, codes: &[String], file: &str) -> Result<Graph> {
    let idx = index(codes);
    let (lines, n) = body(text, codes, file, "GWT", "\"0 n source idvar\"")?;
    let mut lists = vec![Vec::new(); n];
    for (ln, l) in lines {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f.len() != 3 {
            return Err(err(
                file,
                ln + 1,
                format!("expected \"id neighbour weight\", found {l:?}"),
            ));
        }
        let i = lookup(&idx, f[0], file, ln + 1)?;
        let j = lookup(&idx, f[1], file, ln + 1)?;
        let w: f64 = f[2]
            .parse()
            .ok()
            .filter(|w: &f64| w.is_finite())
            .ok_or_else(|| {
                err(
                    file,
                    ln + 1,
                    format!("expected a finite weight, found {:?}", f[2]),
                )
            })?;
        if i != j {
            lists[i as usize].push((j, w));
        }
    }
    Graph::from_weighted_lists(lists)
}

/// Writes weights as GWT.
pub fn write_gwt(g: &Graph, codes: &[String], source: &str, id_var: &str) -> String {
    let mut s = format!("0 {} {} {}\n", g.len(), source, id_var);
    for i in 0..g.len() {
        for (&j, &w) in g.neighbors(i).iter().zip(g.weights(i)) {
            s.push_str(&format!("{} {} {:?}\n", codes[i], codes[j as usize], w));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes() -> Vec<String> {
        ["a", "b", "c"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn gal_roundtrip_and_errors() {
        let g = Graph::from_lists(vec![vec![1], vec![0, 2], vec![1]]).unwrap();
        let t = write_gal(&g, &codes(), "x", "id");
        assert_eq!(t, "0 3 x id\na 1\nb\nb 2\na c\nc 1\nb\n");
        assert_eq!(parse_gal(&t, &codes(), "w.gal").unwrap(), g);
        let e = parse_gal("3\na 1\nz\nb 0\nc 0\n", &codes(), "w.gal")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("w.gal, line 3") && e.contains("unknown id \"z\""),
            "{e}"
        );
        assert!(parse_gal("4\n", &codes(), "w.gal").is_err());
        let e = parse_gal("3\na 0\nb 0\n", &codes(), "w.gal")
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"c\" has no entry"), "{e}");
    }

    #[test]
    fn gwt_roundtrip() {
        let g = Graph::from_weighted_lists(vec![vec![(1, 0.5)], vec![(0, 2.0)], vec![]]).unwrap();
        let t = write_gwt(&g, &codes(), "x", "id");
        assert_eq!(parse_gwt(&t, &codes(), "w.gwt").unwrap(), g);
        assert!(parse_gwt("0 3 x id\na q 1\n", &codes(), "w.gwt")
            .unwrap_err()
            .to_string()
            .contains("line 2"));
    }
}
