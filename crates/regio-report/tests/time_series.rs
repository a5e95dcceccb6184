//! Which result tables the report draws as time series: one row per year
//! (e.g. σ-convergence's dispersion by year) is a series; a long table whose
//! rows share one year (e.g. location quotients of every region x industry
//! cell in the end year) is not, however many rows it has.

use regio_core::{Dataset, Table};
use regio_report::study::{build, StudyInput};

fn figures(t: Table) -> usize {
    let ds = Dataset::default();
    let results = [t];
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
