//! A panel: one measure (employees, establishments, exports, ...) over
//! regions x industries x years. Dense per year in memory; missing is not
//! zero.

use crate::{Error, IndustrySet, Matrix, RegionSet, Result};

/// How an analysis should treat missing (suppressed, not applicable) cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingPolicy {
    /// Refuse to compute: report the missing cells (the default).
    #[default]
    Error,
    /// Treat missing cells as zero.
    Zero,
    /// Drop regions that have any missing cell in the year.
    DropRegions,
}

/// Values of one measure for regions x industries x years.
///
/// Stored year-major as `f64` with `NaN` marking a missing cell (readers
/// reject NaN in input, so `NaN` here only ever means "missing").
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Name of the measure, e.g. `"employees"`.
    pub measure: String,
    /// The regions (rows).
    pub regions: RegionSet,
    /// The industries (columns).
    pub industries: IndustrySet,
    /// Years, ascending.
    pub years: Vec<i32>,
    values: Vec<f64>,
}

impl Panel {
    /// A panel with every cell missing.
    pub fn new_missing(
        measure: impl Into<String>,
        regions: RegionSet,
        industries: IndustrySet,
        mut years: Vec<i32>,
    ) -> Self {
        years.sort_unstable();
        years.dedup();
        let n = regions.len() * industries.len() * years.len();
        Panel {
            measure: measure.into(),
            regions,
            industries,
            years,
            values: vec![f64::NAN; n],
        }
    }

    /// Builds a panel for a single year from a complete matrix.
    pub fn from_matrix(
        measure: impl Into<String>,
        regions: RegionSet,
        industries: IndustrySet,
        year: i32,
        m: &Matrix,
    ) -> Result<Self> {
        if m.nrows() != regions.len() || m.ncols() != industries.len() {
            return Err(Error::Shape(format!(
                "matrix {} x {} for {} regions x {} industries",
                m.nrows(),
                m.ncols(),
                regions.len(),
                industries.len()
            )));
        }
        let mut p = Panel::new_missing(measure, regions, industries, vec![year]);
        p.values.copy_from_slice(m.as_slice());
        Ok(p)
    }

    fn offset(&self, y: usize, r: usize, i: usize) -> usize {
        (y * self.regions.len() + r) * self.industries.len() + i
    }

    /// Position of a year.
    pub fn year_index(&self, year: i32) -> Result<usize> {
        self.years
            .binary_search(&year)
            .map_err(|_| Error::UnknownYear {
                year,
                measure: self.measure.clone(),
                available: format_years(&self.years),
            })
    }

    /// The cell value, `None` when missing.
    pub fn get(&self, year_idx: usize, region: usize, industry: usize) -> Option<f64> {
        let v = self.values[self.offset(year_idx, region, industry)];
        (!v.is_nan()).then_some(v)
    }

    /// Sets a cell (`None` = missing). Non-finite values are rejected.
    pub fn set(
        &mut self,
        year_idx: usize,
        region: usize,
        industry: usize,
        v: Option<f64>,
    ) -> Result<()> {
        let o = self.offset(year_idx, region, industry);
        match v {
            Some(x) if !x.is_finite() => Err(Error::InvalidValue {
                value: x.to_string(),
                expected: "a finite number".into(),
                context: None,
            }),
            Some(x) => {
                self.values[o] = x;
                Ok(())
            }
            None => {
                self.values[o] = f64::NAN;
                Ok(())
            }
        }
    }

    /// Number of cells that are present (not missing).
    pub fn present_count(&self) -> usize {
        self.values.iter().filter(|v| !v.is_nan()).count()
    }

    /// Number of missing cells in one year.
    pub fn missing_in_year(&self, year_idx: usize) -> usize {
        let n = self.regions.len() * self.industries.len();
        self.values[year_idx * n..(year_idx + 1) * n]
            .iter()
            .filter(|v| v.is_nan())
            .count()
    }

    /// The regions x industries matrix for a year, with missing cells
    /// treated by `policy`. Returns the matrix and the indices of the regions
    /// kept (all of them unless `DropRegions` dropped some).
    pub fn matrix(&self, year: i32, policy: MissingPolicy) -> Result<(Matrix, Vec<usize>)> {
        let y = self.year_index(year)?;
        let (nr, ni) = (self.regions.len(), self.industries.len());
        let slice = &self.values[y * nr * ni..(y + 1) * nr * ni];
        match policy {
            MissingPolicy::Error => {
                if let Some(pos) = slice.iter().position(|v| v.is_nan()) {
                    let count = slice.iter().filter(|v| v.is_nan()).count();
                    return Err(Error::Missing {
                        count,
                        what: format!("{} {}", self.measure, year),
                        first: format!(
                            "region {} industry {}",
                            self.regions.as_slice()[pos / ni].code,
                            self.industries.get(pos % ni).code
                        ),
                    });
                }
                Ok((Matrix::from_vec(nr, ni, slice.to_vec())?, (0..nr).collect()))
            }
            MissingPolicy::Zero => {
                let d = slice
                    .iter()
                    .map(|v| if v.is_nan() { 0.0 } else { *v })
                    .collect();
                Ok((Matrix::from_vec(nr, ni, d)?, (0..nr).collect()))
            }
            MissingPolicy::DropRegions => {
                let keep: Vec<usize> = (0..nr)
                    .filter(|r| !slice[r * ni..(r + 1) * ni].iter().any(|v| v.is_nan()))
                    .collect();
                let mut d = Vec::with_capacity(keep.len() * ni);
                for &r in &keep {
                    d.extend_from_slice(&slice[r * ni..(r + 1) * ni]);
                }
                Ok((Matrix::from_vec(keep.len(), ni, d)?, keep))
            }
        }
    }

    /// Totals per region per year (sum over industries), `None` if any cell of
    /// the region-year is missing.
    pub fn region_totals(&self, year_idx: usize) -> Vec<Option<f64>> {
        (0..self.regions.len())
            .map(|r| {
                let mut s = 0.0;
                for i in 0..self.industries.len() {
                    s += self.get(year_idx, r, i)?;
                }
                Some(s)
            })
            .collect()
    }

    /// The raw year-major storage (NaN = missing).
    pub fn raw_values(&self) -> &[f64] {
        &self.values
    }

    /// Checks that every region total, industry total and grand total of every
    /// year is finite (present cells summed), so no analysis meets an overflow;
    /// the error names the year and the region or industry whose sum overflowed.
    pub fn check_totals_finite(&self) -> Result<()> {
        let (nr, ni) = (self.regions.len(), self.industries.len());
        let overflow = |what: String| {
            Err(Error::InvalidValue {
                value: "a sum that overflows".into(),
                expected: format!(
                    "values whose totals stay finite (|total| < {:e}) in {:?}",
                    f64::MAX,
                    self.measure
                ),
                context: Some(what),
            })
        };
        for (yi, &year) in self.years.iter().enumerate() {
            let mut grand = 0.0f64;
            let mut ind = vec![0.0f64; ni];
            for r in 0..nr {
                let mut tot = 0.0f64;
                for (i, acc) in ind.iter_mut().enumerate() {
                    if let Some(v) = self.get(yi, r, i) {
                        tot += v;
                        *acc += v;
                        grand += v;
                    }
                }
                if !tot.is_finite() {
                    let reg = &self.regions.as_slice()[r];
                    return overflow(format!("total of region {} in {year}", reg.code));
                }
            }
            for (i, t) in ind.iter().enumerate() {
                if !t.is_finite() {
                    let code = &self.industries.get(i).code;
                    return overflow(format!("total of industry {code} in {year}"));
                }
            }
            if !grand.is_finite() {
                return overflow(format!("grand total in {year}"));
            }
        }
        Ok(())
    }
}

/// Formats a list of years compactly, e.g. `2006-2020`, or `2006, 2010`.
pub fn format_years(years: &[i32]) -> String {
    if years.is_empty() {
        return "none".into();
    }
    let contiguous = years.windows(2).all(|w| w[1] == w[0] + 1);
    if contiguous && years.len() > 2 {
        format!("{}-{}", years[0], years[years.len() - 1])
    } else {
        years
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Industry, Region};

    fn small() -> Panel {
        let regions =
            RegionSet::from_regions(vec![Region::new("11", "Seoul"), Region::new("21", "Busan")])
                .unwrap();
        let inds = IndustrySet::from_industries(vec![
            Industry {
                code: "A".into(),
                name: "a".into(),
                parent: None,
            },
            Industry {
                code: "C".into(),
                name: "c".into(),
                parent: None,
            },
        ])
        .unwrap();
        Panel::new_missing("employees", regions, inds, vec![2020, 2019])
    }

    #[test]
    fn missing_is_not_zero() {
        let mut p = small();
        p.set(0, 0, 0, Some(1.0)).unwrap();
        p.set(0, 0, 1, Some(2.0)).unwrap();
        p.set(0, 1, 0, Some(3.0)).unwrap();
        assert_eq!(p.get(0, 1, 1), None);
        let e = p.matrix(2019, MissingPolicy::Error).unwrap_err();
        assert!(e.to_string().contains("region 21 industry C"), "{e}");
        let (m, keep) = p.matrix(2019, MissingPolicy::Zero).unwrap();
        assert_eq!(m.row(1), &[3.0, 0.0]);
        assert_eq!(keep, vec![0, 1]);
        let (m, keep) = p.matrix(2019, MissingPolicy::DropRegions).unwrap();
        assert_eq!(m.nrows(), 1);
        assert_eq!(keep, vec![0]);
        assert!(p.set(0, 0, 0, Some(f64::INFINITY)).is_err());
        assert!(p.matrix(2030, MissingPolicy::Zero).is_err());
    }

    #[test]
    fn overflowing_totals_are_refused() {
        let regions = RegionSet::from_regions(vec![
            crate::Region::new("11", "A"),
            crate::Region::new("21", "B"),
        ])
        .unwrap();
        let industries = IndustrySet::from_industries(vec![
            crate::Industry {
                code: "C".into(),
                name: "C".into(),
                parent: None,
            },
            crate::Industry {
                code: "F".into(),
                name: "F".into(),
                parent: None,
            },
        ])
        .unwrap();
        let mut p = Panel::new_missing("v", regions, industries, vec![2010]);
        p.set(0, 0, 0, Some(1e308)).unwrap();
        p.set(0, 1, 1, Some(1e308)).unwrap();
        // each region and industry total is finite, the grand total is not
        let e = p.check_totals_finite().unwrap_err().to_string();
        assert!(e.contains("grand total in 2010"), "{e}");
        p.set(0, 0, 1, Some(1e308)).unwrap();
        let e = p.check_totals_finite().unwrap_err().to_string();
        assert!(e.contains("region 11 in 2010"), "{e}");
        p.set(0, 0, 1, None).unwrap();
        p.set(0, 1, 0, Some(1e308)).unwrap();
        p.set(0, 1, 1, None).unwrap();
        let e = p.check_totals_finite().unwrap_err().to_string();
        assert!(e.contains("industry C in 2010"), "{e}");
        p.set(0, 1, 0, Some(1.0)).unwrap();
        p.check_totals_finite().unwrap();
    }
}
