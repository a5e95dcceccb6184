//! Which result tables the report draws as time series: one row per year
//! (e.g. σ-convergence's dispersion by year) is a series; a long table whose
//! rows share one year (e.g. location quotients of every region x industry
//! cell in the end year) is not, however many rows it has.

use regio_core::{Dataset, Table};
use regio_report::study::{build, StudyInput};

fn figures(t: Table) -> usize {
    let ds = Dataset::default();
    let results =
        regio_study::study::Tagged::all(regio_study::study::Section::Diagnostics, vec![t]);
    let report = build(&StudyInput::new(&ds, &results, "regio test")).unwrap();
    report.sections.iter().map(|s| s.figures.len()).sum()
}

#[test]
fn one_row_per_year_is_a_series_a_shared_year_is_not() {
    let mut series = Table::new("dispersion");
    series
        .push_i64("year", "year", vec![2001, 2002, 2003])
        .push_f64("sd_log", "sd", vec![0.5, 0.4, 0.3]);
    assert_eq!(figures(series), 1);

    let mut long = Table::new("location_quotients");
    long.push_str("industry", "code", vec!["a".into(), "b".into(), "c".into()])
        .push_i64("year", "year", vec![1999, 1999, 1999])
        .push_f64("lq", "lq", vec![0.5, 1.5, 1.0]);
    assert_eq!(figures(long), 0);
}

#[test]
fn long_indicator_tables_give_one_chart_per_indicator() {
    // share: 3 years on basis a (a line) and 2 on basis b (too short);
    // slope: 3 years but a diagnostic without direction (left out);
    // primacy: 2 years only (left out). So exactly one chart, one line.
    let rows: [(i64, &str, &str, f64, &str); 10] = [
        (2001, "share", "a", 0.5, "lower"),
        (2002, "share", "a", 0.6, "lower"),
        (2003, "share", "a", 0.7, "lower"),
        (2001, "share", "b", 0.1, "lower"),
        (2002, "share", "b", 0.2, "lower"),
        (2001, "slope_se", "a", 0.1, "n/a (diagnostic)"),
        (2002, "slope_se", "a", 0.1, "n/a (diagnostic)"),
        (2003, "slope_se", "a", 0.1, "n/a (diagnostic)"),
        (2001, "primacy", "a", 2.0, "lower"),
        (2002, "primacy", "a", 2.1, "lower"),
    ];
    let mut t = Table::new("structure_indicators");
    t.push_i64("year", "year", rows.iter().map(|r| r.0).collect())
        .push_str(
            "indicator",
            "name",
            rows.iter().map(|r| r.1.to_string()).collect(),
        )
        .push_str(
            "basis",
            "basis",
            rows.iter().map(|r| r.2.to_string()).collect(),
        )
        .push_f64("value", "value", rows.iter().map(|r| r.3).collect())
        .push_str(
            "multipolar_when",
            "direction",
            rows.iter().map(|r| r.4.to_string()).collect(),
        );
    let ds = Dataset::default();
    let results =
        regio_study::study::Tagged::all(regio_study::study::Section::Diagnostics, vec![t]);
    let report = build(&StudyInput::new(&ds, &results, "regio test")).unwrap();
    let figs: Vec<_> = report.sections.iter().flat_map(|s| &s.figures).collect();
    assert_eq!(
        figs.len(),
        1,
        "{:?}",
        figs.iter().map(|f| &f.caption).collect::<Vec<_>>()
    );
    assert!(figs[0].caption.starts_with("share by year") && figs[0].caption.contains("lower"));
    // One line (basis a): its points are there, basis b's are not.
    assert!(
        figs[0].svg.contains("<title>a: ") && !figs[0].svg.contains("<title>b: "),
        "{}",
        figs[0].svg
    );
}

/// The density x complexity scatter is drawn without a map (rows named by
/// their codes), and refused beyond 2,000 points with a sentence instead.
#[test]
fn quadrant_scatter_without_map_and_its_size_limit() {
    let table = |n: usize| {
        let mut t = Table::new("smart_specialisation").with_region_key("unit");
        t.push_str("unit", "unit", (0..n).map(|i| format!("u{i}")).collect())
            .push_f64(
                "density",
                "density",
                (0..n).map(|i| i as f64 / n as f64).collect(),
            )
            .push_f64(
                "pci",
                "pci",
                (0..n).map(|i| ((i * 7) % 11) as f64).collect(),
            );
        t
    };
    let ds = Dataset::default();
    for (n, figures) in [(10, 1), (2_001, 0)] {
        let results = regio_study::study::Tagged::all(
            regio_study::study::Section::Diagnostics,
            vec![table(n)],
        );
        let report = build(&StudyInput::new(&ds, &results, "regio test")).unwrap();
        let figs: usize = report.sections.iter().map(|s| s.figures.len()).sum();
        assert_eq!(figs, figures, "{n} rows");
        let said = report
            .sections
            .iter()
            .flat_map(|s| &s.paragraphs)
            .any(|p| p.contains("too many for one readable scatter"));
        assert_eq!(said, figures == 0, "{n} rows");
    }
}
