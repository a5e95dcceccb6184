//! Shift-share analysis of the change of a measure (employment) in every
//! region at once. The nation is the sum over the regions given.
//!
//! Notation: `e_ri` regional, `E_i` national employment in industry `i` at the
//! base (`0`) and end (`t`) year; `g = E^t/E^0 − 1`, `g_i = E_i^t/E_i^0 − 1`,
//! `r_ri = e_ri^t/e_ri^0 − 1`, `r_r` the region's total growth.
//!
//! - Classic (Dunn 1960, "A statistical and analytical technique for regional
//!   analysis", *Papers RSA* 6; terms as in Farhauer & Kröll 2013 / REAT `shift`):
//!   national share `NS = Σ_i e_ri^0 g`, industry mix `IM = Σ_i e_ri^0 (g_i − g)`,
//!   competitive (regional) shift `CS = Σ_i (e_ri^t − e_ri^0 (1 + g_i))`;
//!   `NS + IM + CS = e_r^t − e_r^0`.
//! - Esteban-Marquillas (1972, *Regional and Urban Economics* 2(3)): homothetic
//!   employment `ê_ri = e_r^0 E_i^0/E^0` splits CS into a competitive effect
//!   `Σ ê_ri (r_ri − g_i)` and an allocation effect `Σ (e_ri^0 − ê_ri)(r_ri − g_i)`.
//! - Arcelus (1984, *Growth and Change* 15(1)): regional growth effect
//!   `RG = e_r^0 (r_r − g)`, regional industry-mix effect
//!   `RIM = Σ ê_ri [(r_ri − r_r) − (g_i − g)]` and its allocation part
//!   `RIM' = Σ (e_ri^0 − ê_ri)[(r_ri − r_r) − (g_i − g)]`;
//!   `NS + IM + RG + RIM + RIM' = e_r^t − e_r^0`.
//! - Dynamic (Barff & Knight 1988, *Growth and Change* 19(2)): the classic
//!   components computed for every consecutive pair of years, with the weights
//!   updated each year, and summed (as REAT's `shiftd`).
//!
//! Cells with zero base employment and positive end employment ("new cells")
//! have no growth rate. They are fully part of the classic competitive shift
//! (`e_ri^t − 0`), but the Esteban-Marquillas and Arcelus splits need `r_ri`:
//! there such cells count as growing at the national industry rate and their
//! end-year employment is reported separately as `new_cells`, so that
//! `EM competitive + EM allocation + new_cells = CS` and
//! `NS + IM + RG + RIM + RIM' + new_cells = actual change`, exactly as algebra
//! and to rounding in floating point. Industries absent nationally at base
//! (`E_i^0 = 0`) have `g_i` undefined; all their regional base cells are zero,
//! so they only enter through `new_cells` and CS.

use crate::view::MatrixRef;
use rayon::prelude::*;
use regio_core::{Error, Result};

/// Shift-share components of every region between a base and an end year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShiftShare {
    /// Regional total at the base year `e_r^0`.
    pub base_total: Vec<f64>,
    /// Regional total at the end year `e_r^t`.
    pub end_total: Vec<f64>,
    /// Actual change `e_r^t − e_r^0`.
    pub change: Vec<f64>,
    /// Dunn national share `e_r^0 g`.
    pub national_share: Vec<f64>,
    /// Dunn industry mix `Σ e_ri^0 (g_i − g)`.
    pub industry_mix: Vec<f64>,
    /// Dunn competitive (regional) shift `Σ (e_ri^t − e_ri^0 (1 + g_i))`.
    pub competitive: Vec<f64>,
    /// Esteban-Marquillas competitive effect `Σ ê_ri (r_ri − g_i)`.
    pub em_competitive: Vec<f64>,
    /// Esteban-Marquillas allocation effect `Σ (e_ri^0 − ê_ri)(r_ri − g_i)`.
    pub em_allocation: Vec<f64>,
    /// End-year employment in cells with zero base employment.
    pub new_cells: Vec<f64>,
    /// Arcelus regional growth effect `e_r^0 (r_r − g)` (0 when `e_r^0 = 0`).
    pub arcelus_regional_growth: Vec<f64>,
    /// Arcelus regional industry-mix effect (homothetic part).
    pub arcelus_regional_mix: Vec<f64>,
    /// Arcelus regional industry-mix allocation part.
    pub arcelus_regional_mix_allocation: Vec<f64>,
}

/// National growth rates: `(g, g_i with None where E_i^0 = 0, E_i^0 / E^0)`.
fn national(
    base: &MatrixRef<'_>,
    end: &MatrixRef<'_>,
) -> Result<(f64, Vec<Option<f64>>, Vec<f64>)> {
    let b = base.col_sums();
    let e = end.col_sums();
    let tb: f64 = b.iter().sum();
    let te: f64 = e.iter().sum();
    if tb <= 0.0 {
        return Err(Error::invalid(
            "shift-share: the national total at the base year is zero, growth rates are undefined",
        ));
    }
    let g = te / tb - 1.0;
    let gi = b
        .iter()
        .zip(&e)
        .map(|(&b, &e)| (b > 0.0).then(|| e / b - 1.0))
        .collect();
    let share = b.iter().map(|&v| v / tb).collect();
    Ok((g, gi, share))
}

fn check_pair(base: &MatrixRef<'_>, end: &MatrixRef<'_>) -> Result<()> {
    if base.nrows() != end.nrows() || base.ncols() != end.ncols() {
        return Err(Error::Shape(format!(
            "base year {} x {} but end year {} x {}",
            base.nrows(),
            base.ncols(),
            end.nrows(),
            end.ncols()
        )));
    }
    base.check_nonnegative()
        .map_err(|e| Error::invalid(format!("base year: {e}")))?;
    end.check_nonnegative()
        .map_err(|e| Error::invalid(format!("end year: {e}")))?;
    Ok(())
}

/// Classic, Esteban-Marquillas and Arcelus shift-share for every region
/// (rows) between `base` and `end` (same regions and industries).
pub fn shift_share<'a, 'b>(
    base: impl Into<MatrixRef<'a>>,
    end: impl Into<MatrixRef<'b>>,
) -> Result<ShiftShare> {
    let (base, end) = (base.into(), end.into());
    check_pair(&base, &end)?;
    let (g, gi, nshare) = national(&base, &end)?;
    let rows: Vec<[f64; 12]> = (0..base.nrows())
        .into_par_iter()
        .map(|r| {
            let (b, e) = (base.row(r), end.row(r));
            let e0: f64 = b.iter().sum();
            let et: f64 = e.iter().sum();
            let rr = (e0 > 0.0).then(|| et / e0 - 1.0);
            let (mut im, mut cs, mut emc, mut ema, mut newc, mut rim, mut rima) =
                (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
            for i in 0..b.len() {
                let (b0, bt) = (b[i], e[i]);
                let gi_ = gi[i];
                if b0 > 0.0 {
                    let gi_ = gi_.expect("E_i^0 >= e_ri^0 > 0");
                    im += b0 * (gi_ - g);
                    cs += bt - b0 * (1.0 + gi_);
                    let hom = e0 * nshare[i];
                    let d = bt / b0 - 1.0 - gi_;
                    emc += hom * d;
                    ema += (b0 - hom) * d;
                    // rr is defined since e0 >= b0 > 0.
                    let m = (bt / b0 - 1.0 - rr.unwrap_or(0.0)) - (gi_ - g);
                    rim += hom * m;
                    rima += (b0 - hom) * m;
                } else {
                    cs += bt;
                    newc += bt;
                    // r_ri := g_i: zero differential, so the EM terms vanish; the
                    // Arcelus terms are ê[(g_i − r_r) − (g_i − g)] + (0 − ê)[…] = 0.
                }
            }
            let ns = e0 * g;
            let rg = rr.map_or(0.0, |rr| e0 * (rr - g));
            [e0, et, et - e0, ns, im, cs, emc, ema, newc, rg, rim, rima]
        })
        .collect();
    let mut out = ShiftShare::default();
    for v in rows {
        out.base_total.push(v[0]);
        out.end_total.push(v[1]);
        out.change.push(v[2]);
        out.national_share.push(v[3]);
        out.industry_mix.push(v[4]);
        out.competitive.push(v[5]);
        out.em_competitive.push(v[6]);
        out.em_allocation.push(v[7]);
        out.new_cells.push(v[8]);
        out.arcelus_regional_growth.push(v[9]);
        out.arcelus_regional_mix.push(v[10]);
        out.arcelus_regional_mix_allocation.push(v[11]);
    }
    Ok(out)
}

/// Dynamic shift-share (Barff & Knight 1988) components of every region.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DynamicShiftShare {
    /// Sum over year pairs of the national share.
    pub national_share: Vec<f64>,
    /// Sum over year pairs of the industry mix.
    pub industry_mix: Vec<f64>,
    /// Sum over year pairs of the competitive shift.
    pub competitive: Vec<f64>,
    /// Actual change from the first to the last year.
    pub change: Vec<f64>,
}

/// Regional (row) and industry (column) totals of one year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct YearTotals {
    /// Row sums (regional totals).
    pub rows: Vec<f64>,
    /// Column sums (industry totals).
    pub cols: Vec<f64>,
}

/// Validates every year (non-negative, same shape) and computes its totals,
/// in parallel over years, one pass over the data.
pub fn year_totals(years: &[MatrixRef<'_>]) -> Result<Vec<YearTotals>> {
    let (nr, ni) = match years.first() {
        Some(y) => (y.nrows(), y.ncols()),
        None => return Ok(vec![]),
    };
    years
        .par_iter()
        .enumerate()
        .map(|(k, y)| {
            if y.nrows() != nr || y.ncols() != ni {
                return Err(Error::Shape(format!(
                    "year {k} of the period is {} x {}, year 0 is {nr} x {ni}",
                    y.nrows(),
                    y.ncols()
                )));
            }
            let mut cols = vec![0.0; ni];
            let mut rows = Vec::with_capacity(nr);
            for r in 0..nr {
                let row = y.row(r);
                let (mut t, mut ok) = (0.0, true);
                for (c, &v) in cols.iter_mut().zip(row) {
                    ok &= (0.0..f64::INFINITY).contains(&v);
                    *c += v;
                    t += v;
                }
                if !ok {
                    let i = row
                        .iter()
                        .position(|v| !(0.0..f64::INFINITY).contains(v))
                        .expect("a bad value");
                    return Err(Error::InvalidValue {
                        value: row[i].to_string(),
                        expected: "a finite, non-negative value".into(),
                        context: Some(format!("year {k} of the period, row {r}, column {i}")),
                    });
                }
                rows.push(t);
            }
            Ok(YearTotals { rows, cols })
        })
        .collect()
}

/// Dynamic shift-share over consecutive `years` (at least two matrices of the
/// same shape, in time order): the classic components of each consecutive
/// pair, summed. Each pair's components sum to that pair's change, so the
/// totals sum to the change over the whole period.
pub fn dynamic_shift_share(years: &[MatrixRef<'_>]) -> Result<DynamicShiftShare> {
    let totals = year_totals(years)?;
    dynamic_shift_share_with_totals(years, &totals)
}

/// [`dynamic_shift_share`] with the years' totals already computed by
/// [`year_totals`] (which also validated the values).
///
/// Per pair `t → t+1`, with `A_r = Σ_i e_ri^t g_i` (`g_i := 0` where `E_i^t = 0`,
/// whose cells are all zero): `NS = e_r^t g`, `IM = A_r − e_r^t g`,
/// `CS = e_r^{t+1} − e_r^t − A_r` — the classic terms summed over industries.
pub fn dynamic_shift_share_with_totals(
    years: &[MatrixRef<'_>],
    totals: &[YearTotals],
) -> Result<DynamicShiftShare> {
    if years.len() < 2 {
        return Err(Error::invalid(format!(
            "dynamic shift-share needs at least two years, got {}",
            years.len()
        )));
    }
    if totals.len() != years.len() {
        return Err(Error::Shape(format!(
            "{} year totals for {} years",
            totals.len(),
            years.len()
        )));
    }
    let nr = years[0].nrows();
    // National rates of every pair.
    let mut rates: Vec<(f64, Vec<f64>)> = Vec::with_capacity(years.len() - 1);
    for k in 0..years.len() - 1 {
        let (b, e) = (&totals[k].cols, &totals[k + 1].cols);
        let tb: f64 = b.iter().sum();
        let te: f64 = e.iter().sum();
        if tb <= 0.0 {
            return Err(Error::invalid(format!(
                "dynamic shift-share: the national total of year {k} of the period is zero, growth rates are undefined"
            )));
        }
        let gi = b
            .iter()
            .zip(e)
            .map(|(&b, &e)| if b > 0.0 { e / b - 1.0 } else { 0.0 })
            .collect();
        rates.push((te / tb - 1.0, gi));
    }
    let rows: Vec<(f64, f64, f64)> = (0..nr)
        .into_par_iter()
        .map(|r| {
            let (mut ns, mut im, mut cs) = (0.0, 0.0, 0.0);
            for (k, (g, gi)) in rates.iter().enumerate() {
                let row = years[k].row(r);
                let a: f64 = row.iter().zip(gi).map(|(&v, &g)| v * g).sum();
                let (e0, e1) = (totals[k].rows[r], totals[k + 1].rows[r]);
                ns += e0 * g;
                im += a - e0 * g;
                cs += e1 - e0 - a;
            }
            (ns, im, cs)
        })
        .collect();
    let (first, last) = (&totals[0].rows, &totals[years.len() - 1].rows);
    Ok(DynamicShiftShare {
        national_share: rows.iter().map(|v| v.0).collect(),
        industry_mix: rows.iter().map(|v| v.1).collect(),
        competitive: rows.iter().map(|v| v.2).collect(),
        change: (0..nr).map(|r| last[r] - first[r]).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use regio_core::Matrix;

    /// Farhauer & Kröll (2013) example as in REAT's `shift` documentation:
    /// regions A, B, C, four industries; the nation X is their sum.
    fn farhauer() -> (Matrix, Matrix) {
        let base = Matrix::from_rows(&[
            vec![90.0, 20.0, 10.0, 60.0],
            vec![60.0, 30.0, 30.0, 40.0],
            vec![250.0, 100.0, 110.0, 300.0],
        ])
        .unwrap();
        let end = Matrix::from_rows(&[
            vec![100.0, 40.0, 10.0, 55.0],
            vec![85.0, 55.0, 40.0, 35.0],
            vec![255.0, 115.0, 85.0, 390.0],
        ])
        .unwrap();
        (base, end)
    }

    #[test]
    fn farhauer_kroell_region_a() {
        // Nation: base (400, 150, 150, 400) = 1100, end (440, 210, 135, 480) = 1265.
        // g = 1265/1100 − 1 = 0.15; g_i = (0.1, 0.4, −0.1, 0.2).
        // Region A: base 180, end 205, change 25.
        //   NS = 180 · 0.15 = 27.
        //   IM = 90(0.1−0.15) + 20(0.4−0.15) + 10(−0.1−0.15) + 60(0.2−0.15)
        //      = −4.5 + 5 − 2.5 + 3 = 1.
        //   CS = (100−99) + (40−28) + (10−9) + (55−72) = 1 + 12 + 1 − 17 = −3.
        //   NS + IM + CS = 25. ✓ (REAT's "Regional shift" = Σ e0 (r − g_i) = −3.)
        // Esteban-Marquillas: ê = 180 · (400, 150, 150, 400)/1100
        //   = (65.4545.., 24.5454.., 24.5454.., 65.4545..);
        //   r − g_i = (1/9 − 0.1, 1 − 0.4, 0 + 0.1, −1/12 − 0.2)
        //           = (0.011111.., 0.6, 0.1, −0.283333..);
        //   competitive = 65.4545·0.011111 + 24.5454·0.6 + 24.5454·0.1 − 65.4545·0.283333
        //               = 0.727273 + 14.727273 + 2.454545 − 18.545455 = −0.636364 (= −7/11);
        //   allocation = CS − competitive = −3 + 7/11 = −2.363636 (= −26/11).
        // Arcelus: r_A = 25/180 = 0.138889; RG = 180 (0.138889 − 0.15) = −2.
        //   RIM + RIM' = −IM = −1 (no new cells).
        let (b, e) = farhauer();
        let s = shift_share(&b, &e).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(s.change[0], 25.0));
        assert!(close(s.national_share[0], 27.0));
        assert!(close(s.industry_mix[0], 1.0));
        assert!(close(s.competitive[0], -3.0));
        assert!(close(s.em_competitive[0], -7.0 / 11.0));
        assert!(close(s.em_allocation[0], -26.0 / 11.0));
        assert!(close(s.arcelus_regional_growth[0], -2.0));
        assert!(close(
            s.arcelus_regional_mix[0] + s.arcelus_regional_mix_allocation[0],
            -1.0
        ));
        // Region B: base 160, end 215, change 55; NS = 24;
        //   IM = 60(−0.05) + 30(0.25) + 30(−0.25) + 40(0.05) = −3 + 7.5 − 7.5 + 2 = −1;
        //   CS = (85−66) + (55−42) + (40−27) + (35−48) = 19 + 13 + 13 − 13 = 32.
        assert!(close(s.national_share[1], 24.0));
        assert!(close(s.industry_mix[1], -1.0));
        assert!(close(s.competitive[1], 32.0));
        // Competitive shifts against the sum of the regions net out:
        // CS_A + CS_B + CS_C = 0, hence CS_C = −29.
        assert!(close(s.competitive[2], -29.0));
    }

    #[test]
    fn arcelus_hand_computed() {
        // Region A of the Farhauer & Kröll example: RIM (homothetic) =
        // Σ ê_i [(r_i − r_A) − (g_i − g)], r_A = 5/36, g = 0.15:
        //   i=1: 65.4545.. [(1/9 − 5/36) − (−0.05)] = 65.4545.. · 0.0222222.. = 1.4545..
        //   i=2: 24.5454.. [(1 − 5/36) − 0.25]       = 24.5454.. · 0.6111111.. = 15.0
        //   i=3: 24.5454.. [(0 − 5/36) + 0.25]       = 24.5454.. · 0.1111111.. = 2.7272..
        //   i=4: 65.4545.. [(−1/12 − 5/36) − 0.05]   = 65.4545.. · (−0.2722222..) = −17.8181..
        //   RIM = 1.454545 + 15 + 2.727273 − 17.818182 = 1.363636 (= 15/11);
        //   RIM' = −1 − 15/11 = −26/11.
        let (b, e) = farhauer();
        let s = shift_share(&b, &e).unwrap();
        assert!((s.arcelus_regional_mix[0] - 15.0 / 11.0).abs() < 1e-12);
        assert!((s.arcelus_regional_mix_allocation[0] + 26.0 / 11.0).abs() < 1e-12);
    }

    #[test]
    fn new_cells_and_sums() {
        // Region 0 enters industry 1 (0 → 5); industry 2 is new nationally (0 → 3).
        // base = [[10, 0, 0], [10, 10, 0]], end = [[12, 5, 3], [8, 10, 0]].
        // Nation base (20, 10, 0) = 30, end (20, 15, 3) = 38: g = 8/30, g_0 = 0, g_1 = 0.5.
        // Region 0: NS = 10 · 8/30 = 2.6667; IM = 10 (0 − 8/30) = −2.6667;
        //   CS = (12 − 10) + 5 + 3 = 10; change = 20 − 10 = 10. new_cells = 8.
        //   EM: ê_0 = 10·20/30, d_0 = 12/10 − 1 − 0 = 0.2 → comp = 6.6667·0.2 = 1.3333,
        //   alloc = (10 − 6.6667)·0.2 = 0.6667; comp + alloc + new = 2 + 8 = 10 = CS.
        let base = Matrix::from_rows(&[vec![10.0, 0.0, 0.0], vec![10.0, 10.0, 0.0]]).unwrap();
        let end = Matrix::from_rows(&[vec![12.0, 5.0, 3.0], vec![8.0, 10.0, 0.0]]).unwrap();
        let s = shift_share(&base, &end).unwrap();
        assert!((s.competitive[0] - 10.0).abs() < 1e-12);
        assert!((s.new_cells[0] - 8.0).abs() < 1e-12);
        assert!((s.em_competitive[0] - 4.0 / 3.0).abs() < 1e-12);
        assert!((s.em_allocation[0] - 2.0 / 3.0).abs() < 1e-12);
        for r in 0..2 {
            let dunn = s.national_share[r] + s.industry_mix[r] + s.competitive[r];
            assert!((dunn - s.change[r]).abs() < 1e-12);
            let em = s.em_competitive[r] + s.em_allocation[r] + s.new_cells[r];
            assert!((em - s.competitive[r]).abs() < 1e-12);
            let arc = s.national_share[r]
                + s.industry_mix[r]
                + s.arcelus_regional_growth[r]
                + s.arcelus_regional_mix[r]
                + s.arcelus_regional_mix_allocation[r]
                + s.new_cells[r];
            assert!((arc - s.change[r]).abs() < 1e-12, "row {r}: {arc}");
        }
    }

    #[test]
    fn dynamic_farhauer_extended() {
        // REAT shiftd example (Farhauer & Kröll extended): region A
        // t0 (90,20,10,60), t1 (100,40,10,55), t2 (105,45,15,60);
        // nation t0 (400,150,150,400), t1 (440,210,135,480), t2 (460,230,155,500).
        // Region B, C are built so that the nation is A + B + C: B = nation − A, C = 0.
        // Pair 1 (t0→t1), region A: NS 27, IM 1, CS −3 (as in the static case).
        // Pair 2 (t1→t2): nation 1265 → 1345, g = 80/1265 = 0.0632411;
        //   g_i = (20/440, 20/210, 20/135, 20/480) = (0.0454545, 0.0952381, 0.1481481, 0.0416667);
        //   region A base 205: NS = 205 · 0.0632411 = 12.964427;
        //   IM = 100(0.0454545−g) + 40(0.0952381−g) + 10(0.1481481−g) + 55(0.0416667−g)
        //      = −1.778656 + 1.279880 + 0.849070 − 1.186594 = −0.836300;
        //   CS = (105 − 104.545455) + (45 − 43.809524) + (15 − 11.481481) + (60 − 57.291667)
        //      = 0.454545 + 1.190476 + 3.518519 + 2.708333 = 7.871873.
        //   Totals: NS 39.964427, IM 0.163700, CS 4.871873; sum 45 = 225 − 180. ✓
        let n = [
            [400.0, 150.0, 150.0, 400.0],
            [440.0, 210.0, 135.0, 480.0],
            [460.0, 230.0, 155.0, 500.0],
        ];
        let a = [
            [90.0, 20.0, 10.0, 60.0],
            [100.0, 40.0, 10.0, 55.0],
            [105.0, 45.0, 15.0, 60.0],
        ];
        let mats: Vec<Matrix> = (0..3)
            .map(|t| {
                let b: Vec<f64> = (0..4).map(|i| n[t][i] - a[t][i]).collect();
                Matrix::from_rows(&[a[t].to_vec(), b, vec![0.0; 4]]).unwrap()
            })
            .collect();
        let refs: Vec<MatrixRef> = mats.iter().map(MatrixRef::from).collect();
        let d = dynamic_shift_share(&refs).unwrap();
        assert!((d.national_share[0] - 39.964427).abs() < 1e-6);
        assert!((d.industry_mix[0] - 0.163700).abs() < 1e-6);
        assert!((d.competitive[0] - 4.871873).abs() < 1e-6);
        assert!((d.change[0] - 45.0).abs() < 1e-12);
        // Region C is empty throughout: all components 0.
        assert_eq!(d.national_share[2], 0.0);
        assert!(dynamic_shift_share(&refs[..1]).is_err());
        // With two years the dynamic components are the static (per-cell) ones.
        let d2 = dynamic_shift_share(&refs[..2]).unwrap();
        let s = shift_share(&mats[0], &mats[1]).unwrap();
        for r in 0..3 {
            assert!((d2.national_share[r] - s.national_share[r]).abs() < 1e-9);
            assert!((d2.industry_mix[r] - s.industry_mix[r]).abs() < 1e-9);
            assert!((d2.competitive[r] - s.competitive[r]).abs() < 1e-9);
        }
    }

    #[test]
    fn bad_input() {
        let z = Matrix::from_rows(&[vec![0.0, 0.0]]).unwrap();
        let one = Matrix::from_rows(&[vec![1.0, 0.0]]).unwrap();
        assert!(shift_share(&z, &one)
            .unwrap_err()
            .to_string()
            .contains("base year is zero"));
        let neg = Matrix::from_rows(&[vec![1.0, -3.0]]).unwrap();
        let e = shift_share(&one, &neg).unwrap_err().to_string();
        assert!(e.contains("end year") && e.contains("-3"), "{e}");
        let wide = Matrix::from_rows(&[vec![1.0, 0.0, 1.0]]).unwrap();
        assert!(shift_share(&one, &wide).is_err());
    }
}
