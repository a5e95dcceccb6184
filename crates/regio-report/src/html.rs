//! The self-contained HTML report: one file, inline SVG and CSS, no script,
//! no network (a Content-Security-Policy forbids every fetch), UTF-8 with a
//! font stack that covers Hangul. Deterministic: the same report gives the
//! same bytes.

use crate::svg::esc;
use regio_core::Table;
use std::fmt::Write;

/// Font stack for HTML (CSS): Korean-capable fonts first, then generic.
pub const FONT_STACK_CSS: &str = "\"Noto Sans KR\", \"Noto Sans CJK KR\", \"Apple SD Gothic Neo\", \"Malgun Gothic\", \"NanumGothic\", \"DejaVu Sans\", sans-serif";

/// The same font stack for SVG `font-family` attributes (single quotes).
pub const FONT_STACK_SVG: &str = "'Noto Sans KR', 'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'NanumGothic', 'DejaVu Sans', sans-serif";

/// A figure: an inline SVG with a caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Anchor id (also used to name PNG exports).
    pub id: String,
    /// Caption under the figure.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
}

/// A small table for the report (already formatted cells).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HtmlTable {
    /// Caption above the table.
    pub caption: String,
    /// Column headers.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// Note under the table (e.g. how many rows were left out).
    pub note: String,
}

impl HtmlTable {
    /// The first `max_rows` rows of a result table, numbers shown to 4
    /// significant digits, with a note when rows were left out.
    pub fn preview(t: &Table, caption: &str, max_rows: usize) -> HtmlTable {
        let n = t.n_rows();
        let rows = (0..n.min(max_rows))
            .map(|r| {
                t.columns
                    .iter()
                    .zip(&t.specs)
                    .map(|(c, spec)| match c.f64(r) {
                        // Years are labels, not quantities: no rounding, no digit grouping.
                        Some(x) if spec.name == "year" || spec.name.ends_with("_year") => {
                            format!("{x}")
                        }
                        Some(x) if matches!(c, regio_core::Column::F64(_)) => crate::svg::human(x),
                        _ => c.text(r),
                    })
                    .collect()
            })
            .collect();
        HtmlTable {
            caption: caption.into(),
            header: t.names().iter().map(|s| s.to_string()).collect(),
            rows,
            note: if n > max_rows {
                format!("First {max_rows} of {n} rows; the full table is written with the results.")
            } else {
                String::new()
            },
        }
    }
}

/// A report section (one per study chapter).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// Anchor id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Paragraphs of plain text: what the analysis found.
    pub paragraphs: Vec<String>,
    /// Figures.
    pub figures: Vec<Figure>,
    /// Tables.
    pub tables: Vec<HtmlTable>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Title of the page.
    pub title: String,
    /// One line under the title (dataset, date of data).
    pub subtitle: String,
    /// Sections in order.
    pub sections: Vec<Section>,
    /// Footer line (software and version).
    pub footer: String,
}

const CSS: &str = "
:root{--ink:#222;--muted:#555;--line:#ddd;--accent:#0072b2}
*{box-sizing:border-box}
body{margin:0;font-family:FONTS;color:var(--ink);background:#fafafa;line-height:1.5}
header{background:#fff;border-bottom:1px solid var(--line);padding:1.2rem 2rem}
header h1{margin:0;font-size:1.6rem}
header p{margin:.2rem 0 0;color:var(--muted)}
nav{background:#fff;border-bottom:1px solid var(--line);padding:.5rem 2rem;font-size:.95rem}
nav a{color:var(--accent);margin-right:1.2rem;text-decoration:none}
main{max-width:1400px;margin:0 auto;padding:1rem 2rem}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:1rem 1.5rem;margin:1.2rem 0}
section h2{margin-top:.2rem;font-size:1.3rem}
.figs{display:flex;flex-wrap:wrap;gap:1rem}
figure{margin:0;flex:0 1 auto;max-width:100%}
figure svg{max-width:100%;height:auto;display:block;border:1px solid #eee}
figcaption{font-size:.85rem;color:var(--muted);max-width:640px}
table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid var(--line);padding:.2rem .5rem;text-align:right}
th{background:#f2f2f2}
td:first-child,th:first-child{text-align:left}
.note{font-size:.8rem;color:var(--muted)}
svg path[data-code]:hover{stroke:#000;stroke-width:1.2}
footer{color:var(--muted);font-size:.85rem;padding:1rem 2rem 2rem;text-align:center}
";

impl Report {
    /// Renders the report as one HTML document.
    pub fn to_html(&self) -> String {
        let mut s = String::with_capacity(1 << 20);
        s.push_str("<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n");
        s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        let _ = writeln!(s, "<title>{}</title>", esc(&self.title));
        let _ = writeln!(
            s,
            "<style>{}</style>\n</head>\n<body>",
            CSS.replace("FONTS", FONT_STACK_CSS)
        );
        let _ = writeln!(
            s,
            "<header><h1>{}</h1><p>{}</p></header>",
            esc(&self.title),
            esc(&self.subtitle)
        );
        s.push_str("<nav>");
        for sec in &self.sections {
            let _ = write!(s, "<a href=\"#{}\">{}</a>", esc(&sec.id), esc(&sec.title));
        }
        s.push_str("</nav>\n<main>\n");
        for sec in &self.sections {
            let _ = writeln!(
                s,
                "<section id=\"{}\"><h2>{}</h2>",
                esc(&sec.id),
                esc(&sec.title)
            );
            for p in &sec.paragraphs {
                let _ = writeln!(s, "<p>{}</p>", esc(p));
            }
            if !sec.figures.is_empty() {
                s.push_str("<div class=\"figs\">\n");
                for f in &sec.figures {
                    let _ = writeln!(
                        s,
                        "<figure id=\"{}\">{}<figcaption>{}</figcaption></figure>",
                        esc(&f.id),
                        f.svg,
                        esc(&f.caption)
                    );
                }
                s.push_str("</div>\n");
            }
            for t in &sec.tables {
                s.push_str("<div style=\"overflow-x:auto\"><table>");
                let _ = write!(s, "<caption>{}</caption><tr>", esc(&t.caption));
                for h in &t.header {
                    let _ = write!(s, "<th>{}</th>", esc(h));
                }
                s.push_str("</tr>");
                for r in &t.rows {
                    s.push_str("<tr>");
                    for c in r {
                        let _ = write!(s, "<td>{}</td>", esc(c));
                    }
                    s.push_str("</tr>");
                }
                s.push_str("</table>");
                if !t.note.is_empty() {
                    let _ = write!(s, "<p class=\"note\">{}</p>", esc(&t.note));
                }
                s.push_str("</div>\n");
            }
            s.push_str("</section>\n");
        }
        let _ = writeln!(
            s,
            "</main>\n<footer>{}</footer>\n</body>\n</html>",
            esc(&self.footer)
        );
        s
    }

    /// Every figure of the report with its section id.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.sections.iter().flat_map(|s| s.figures.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_self_contained_and_escaped() {
        let mut t = Table::new("t");
        t.push_str(
            "region",
            "code",
            vec!["11".into(), "21".into(), "22".into()],
        )
        .push_f64("x", "value", vec![1234.5, 0.5, f64::NAN]);
        let r = Report {
            title: "지역 보고서 <test>".into(),
            subtitle: "demo".into(),
            sections: vec![Section {
                id: "s1".into(),
                title: "1 Diagnostics".into(),
                paragraphs: vec!["A & B".into()],
                figures: vec![Figure {
                    id: "f1".into(),
                    caption: "cap".into(),
                    svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".into(),
                }],
                tables: vec![HtmlTable::preview(&t, "preview", 2)],
            }],
            footer: "regio".into(),
        };
        let h = r.to_html();
        assert!(h.starts_with("<!DOCTYPE html>"));
        assert!(h.contains("<meta charset=\"utf-8\">"));
        assert!(h.contains("지역 보고서 &lt;test&gt;"));
        assert!(h.contains("A &amp; B"));
        // 1234.5 rounds half away from zero to 1,235.
        assert!(h.contains("<td>1,235</td>"));
        assert!(h.contains("First 2 of 3 rows"));
        assert!(
            !h.contains("http://")
                || !h
                    .replace("http://www.w3.org/2000/svg", "")
                    .contains("http://")
        );
        assert!(!h.contains("<script"));
        assert_eq!(h, r.to_html());
    }
}
